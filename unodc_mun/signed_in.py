"""Who is signed in, for a page: Django's ``AuthenticationMiddleware``, remembering the row.

Every page reads the session and then the person's row. On a page (GET, HEAD) the row is taken
from what this process remembers while it listens for announcements
(``live.PollCache.remember``): a change to the account (password, staff flag, activation, name)
announces ``acl:<user id>`` and the row is read again. The session row is remembered the same
way (``unodc_mun/sessions.py``: every save or deletion announces it), and the session's
password hash is checked against the row on every request as Django does, so a password change
or a "sign out everywhere" ends the session at once; anything that does not
check out is handed to Django's own ``get_user``. Writes (any other method) read the row.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthentication
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

from unodc_mun import live


def remembered_user(request):
    session = request.session
    try:
        user_id = auth.get_user_model()._meta.pk.to_python(session[auth.SESSION_KEY])
        backend_path = session[auth.BACKEND_SESSION_KEY]
    except (KeyError, ValueError):
        return auth.get_user(request)
    session_hash = session.get(auth.HASH_SESSION_KEY)
    if backend_path not in settings.AUTHENTICATION_BACKENDS or not session_hash:
        return auth.get_user(request)
    user = live.poll_cache.remember(
        ("user", user_id, backend_path),
        (f"acl:{user_id}",),
        lambda: auth.load_backend(backend_path).get_user(user_id),
    )
    if user is not None and constant_time_compare(session_hash, user.get_session_auth_hash()):
        return user
    return auth.get_user(request)  # fallback secrets, a flushed session, no such person


class AuthenticationMiddleware(DjangoAuthentication):
    def process_request(self, request):
        super().process_request(request)
        if request.method in ("GET", "HEAD"):
            # The session row too (unodc_mun/sessions.py), when it is this app's store.
            if hasattr(request.session, "remember_reads"):
                request.session.remember_reads = True
            request.user = SimpleLazyObject(lambda: remembered_user(request))
