"""A person's own account page: the name their committee sees, the app's language, and a way
to the password."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from committees.forms.account import ProfileForm
from committees.middleware import SESSION_KEY, set_language_cookie
from committees.models import AccountSettings
from committees.services.account import update_account


@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    language = (
        AccountSettings.objects.filter(user=user).values_list("language", flat=True).first() or ""
    )
    form = ProfileForm(
        request.POST or None,
        initial={"first_name": user.first_name, "last_name": user.last_name, "language": language},
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["language"]
        update_account(
            user=user,
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            language=chosen,
        )
        request.session[SESSION_KEY] = chosen
        if chosen:
            translation.activate(chosen)
        messages.success(
            request, _("Saved. Your name is shown as %(name)s.") % {"name": user.get_full_name()}
        )
        response = redirect("profile")
        set_language_cookie(response, chosen)
        return response
    return render(
        request,
        "registration/profile.html",
        {"form": form},
        status=400 if form.errors else 200,
    )
