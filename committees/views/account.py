"""A person's own account page: the name their committee sees, and a way to the password."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from committees.forms.account import ProfileForm
from committees.services.account import update_display_name


@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(
        request.POST or None,
        initial={"first_name": user.first_name, "last_name": user.last_name},
    )
    if request.method == "POST" and form.is_valid():
        update_display_name(
            user=user,
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
        )
        messages.success(request, f"Your name is now shown as {user.get_full_name()}.")
        return redirect("profile")
    return render(
        request,
        "registration/profile.html",
        {"form": form},
        status=400 if form.errors else 200,
    )
