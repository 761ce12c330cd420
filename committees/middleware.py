"""The interface language a person chose (AccountSettings.language), on every device.

At login the choice is copied into the session (committees.apps connects
``remember_language``), so pages pay no query for it. LocaleMiddleware has already picked the
browser's language; a person's own choice wins over it.
"""

from django.conf import settings
from django.utils import translation

SESSION_KEY = "person_language"
SUPPORTED = {code for code, _ in settings.LANGUAGES}


def remember_language(sender, request, user, **kwargs):
    from committees.models import AccountSettings

    if request is None or not hasattr(request, "session"):
        return
    language = (
        AccountSettings.objects.filter(user=user).values_list("language", flat=True).first() or ""
    )
    request.session[SESSION_KEY] = language


class PersonLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request.session.get(SESSION_KEY, "") if hasattr(request, "session") else ""
        if language in SUPPORTED and request.user.is_authenticated:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
