"""The interface language a person chose (AccountSettings.language), on every device.

At login the choice is copied into the session (committees.apps connects
``remember_language``); this middleware turns it into Django's language cookie on that
response, so from the next page on ``LocaleMiddleware`` shows the person's language without
any query, and requests that never open the session (the editor's cheap poll) stay as cheap
as they were. Without a choice, the cookie goes and the browser's language is used.
"""

from django.conf import settings

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


def set_language_cookie(response, language: str) -> None:
    if language in SUPPORTED:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    else:
        response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)


class PersonLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only a session this request opened anyway is read: no query is added.
        if session is not None and session.accessed and SESSION_KEY in session:
            wanted = session[SESSION_KEY]
            if wanted != request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, ""):
                set_language_cookie(response, wanted)
        return response
