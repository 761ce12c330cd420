"""Sessions: Django's database sessions, with a page's read remembered per process.

``SESSION_ENGINE = "unodc_mun.sessions"``. The rows, the table and the cookie are Django's own.
On a page (GET, HEAD: ``signed_in.AuthenticationMiddleware`` sets ``remember_reads``) the
session row is taken from what this process remembers while it listens for announcements
(``live.PollCache.remember``), tagged ``session:<digest of the key>``. Every save and every
deletion of a session through the store (sign-in, sign-out, a changed key, a changed language)
announces that tag, so every process reads the row again. An expired row is never used, a
missing one is never remembered, and writes always read the row.

Sessions removed behind the store's back (``clearsessions``, raw SQL) stay readable from memory
for at most ``ACCESS_TTL``; signing someone out everywhere changes their password, which the
sign-in check compares with every request (``unodc_mun/signed_in.py``).
"""

from __future__ import annotations

from django.contrib.sessions.backends import db
from django.utils import timezone
from django.utils.crypto import salted_hmac

from unodc_mun import live


def session_tag(session_key: str) -> str:
    return (
        "session:"
        + salted_hmac("unodc_mun.sessions", session_key, algorithm="sha256").hexdigest()[:20]
    )


class _NoSuchSession(Exception):
    """A read that found nothing: not remembered."""


class SessionStore(db.SessionStore):
    remember_reads = False

    def _get_session_from_db(self):
        if not (self.remember_reads and self.session_key):
            return super()._get_session_from_db()
        key = self.session_key

        def read():
            found = super(SessionStore, self)._get_session_from_db()
            if found is None:
                raise _NoSuchSession
            return found

        try:
            found = live.poll_cache.remember(("session", key), (session_tag(key),), read)
        except _NoSuchSession:
            self._session_key = None
            return None
        if found.expire_date <= timezone.now():
            return super()._get_session_from_db()
        return found

    def save(self, must_create=False):
        super().save(must_create=must_create)
        if self.session_key:
            live.announce(session_tag(self.session_key), 0)

    def delete(self, session_key=None):
        key = session_key if session_key is not None else self.session_key
        super().delete(session_key)
        if key:
            live.announce(session_tag(key), 0)
