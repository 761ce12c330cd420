"""Unchanged polls answered before the middleware stack: ``204`` from the version counters.

Every live screen polls (the fallback when its event stream cannot be held). Most polls find
nothing new, and answering them through Django's whole middleware stack (session, CSRF, auth,
locale, messages, CSP, htmx, input hygiene) costs more than the answer itself. So a poll carries
a *poll token* that the page hands out, and an unchanged poll is answered here:

- as a WSGI wrapper (``wsgi.py``), before Django builds a request, when every fact it needs is
  already in this process's memory (no query at all); and
- as the first middleware after ``SecurityMiddleware`` (``FastPollMiddleware``), which may read
  what is not cached (and caches it for the next poll).

Anything that does not check out falls through to the poll view, which checks access in full as
every view does. A ``204`` never reveals more than "the version you have is current", and only
to someone who could see that page a moment ago and still may:

- the token is signed (``SECRET_KEY``), bound to one person, one poll address, one topic and
  one committee, carries the person's role in that committee when the page was rendered, and
  expires (``MAX_AGE``);
- it is bound to the browser's session: it carries a keyed hash of the session key, which the
  request's session cookie must match (a token copied elsewhere is useless; no cookie — an
  anonymous browser — never gets the fast path);
- the session must still sign that person in (checked as Django's ``get_user`` does: the
  session's user, backend and password hash; an inactive account never passes) and the person's
  role in the committee must still be the token's (a delegate moved or removed, a chair seat
  taken away, an admin demoted all change it). That check is cached per (person, session,
  committee) and dropped when an ``acl:<user id>`` announcement is heard (seats, accounts and
  logouts announce it, ``committees/live.py``) and after ``ACCESS_TTL`` seconds anyway;
- the version compared is the topic's current one: from the ``LISTEN`` cache, else the database.

Cached facts are only trusted while this process's ``LISTEN`` connection has been up since they
were read (``live.PollCache``); without it (SQLite, development, the connection lost) the
middleware reads them from the database on every poll, and the WSGI wrapper lets Django answer.

The apps say how to read a person's role in a committee (``register_role_reader``); this module
knows no app.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from importlib import import_module
from urllib.parse import parse_qsl

from django.conf import settings
from django.core import signing
from django.http import HttpResponse
from django.http.request import split_domain_port, validate_host
from django.utils.crypto import constant_time_compare, salted_hmac

from unodc_mun import live

SALT = "unodc_mun.fastpoll"
MAX_AGE = 12 * 60 * 60  # seconds a poll token is honoured (a page open longer polls slowly)
POLL_SUFFIX = "/poll/"
_VERSION = re.compile(r"\A[0-9]{1,18}\Z")

# (user, committee id) → the person's role fingerprint in that committee, or None for no role.
RoleReader = Callable[[object, int], str | None]
_role_reader: RoleReader | None = None


def register_role_reader(reader: RoleReader) -> None:
    global _role_reader
    _role_reader = reader


def session_fingerprint(session_key: str) -> str:
    return salted_hmac(SALT + ".session", session_key, algorithm="sha256").hexdigest()[:24]


def issue(
    *, user_id: int, session_key: str | None, path: str, topic: str, committee_id: int, role: str
) -> str:
    """A poll token for this person's poll of ``path`` (``""`` without a session)."""
    if not user_id or not session_key:
        return ""
    payload = {
        "u": user_id,
        "p": path,
        "t": topic,
        "c": committee_id,
        "r": role,
        "h": session_fingerprint(session_key),
    }
    return signing.dumps(payload, salt=SALT)


# ---------------------------------------------------------------------------- the check

MISS = object()  # a fact that is not cached (the WSGI wrapper lets Django answer)


def _session_user(session_key: str, user_id: int):
    """The user this session signs in, if it is ``user_id``, checked as
    ``django.contrib.auth.get_user`` does but without changing the session."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, load_backend

    engine = import_module(settings.SESSION_ENGINE)
    session = engine.SessionStore(session_key)
    data = session.load()
    if str(data.get(SESSION_KEY, "")) != str(user_id):
        return None
    backend_path = data.get(BACKEND_SESSION_KEY, "")
    if backend_path not in settings.AUTHENTICATION_BACKENDS:
        return None
    user = load_backend(backend_path).get_user(user_id)
    if user is None:
        return None
    stored = data.get(HASH_SESSION_KEY) or ""
    if not stored:
        return None
    hashes = [user.get_session_auth_hash(), *user.get_session_auth_fallback_hash()]
    if not any(constant_time_compare(stored, h) for h in hashes):
        return None
    return user


def current_role(session_key: str, user_id: int, committee_id: int) -> str | None:
    """The role fingerprint of the person this session signs in, or None (queries)."""
    user = _session_user(session_key, user_id)
    if user is None or _role_reader is None:
        return None
    return _role_reader(user, committee_id)


def unchanged(
    *, path: str, query: Mapping[str, str], session_key: str | None, cached_only: bool
) -> bool:
    """True when this poll may be answered ``204``. ``cached_only``: never touch the database
    (answer False when a fact is not in memory)."""
    raw_version = query.get("v", "")
    token = query.get("t", "")
    if not token or not session_key or not _VERSION.match(raw_version):
        return False
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return False
    if not isinstance(data, dict) or data.get("p") != path:
        return False
    if not constant_time_compare(session_fingerprint(session_key), str(data.get("h", ""))):
        return False
    try:
        user_id, committee_id = int(data["u"]), int(data["c"])
        topic_name, role = str(data["t"]), str(data["r"])
    except (KeyError, TypeError, ValueError):
        return False
    parsed = live.parse_topic(topic_name)
    if parsed is None:
        return False
    cache = live.poll_cache
    fingerprint = data["h"]
    if cached_only:
        now = cache.cached_role(user_id, fingerprint, committee_id)
    else:
        now = cache.role(
            user_id,
            fingerprint,
            committee_id,
            lambda: current_role(session_key, user_id, committee_id),
        )
    if now is MISS or now is None or now != role:
        return False
    if cached_only:
        version = cache.cached(topic_name)
        if version is None:
            return False
    else:
        version = cache.current(topic_name, lambda: live.read_versions([parsed]).get(topic_name))
    return version == int(raw_version)


def _no_content() -> HttpResponse:
    response = HttpResponse(status=204)
    response["Cache-Control"] = "no-store"
    return response


class FastPollMiddleware:
    """Right after ``SecurityMiddleware``: an unchanged poll never reaches the session, CSRF,
    auth or any other middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method == "GET"
            and request.path_info.endswith(POLL_SUFFIX)
            and "t" in request.GET
        ):
            try:
                request.get_host()  # a host not allowed is Django's 400, as for any request
                ok = unchanged(
                    path=request.path,
                    query=request.GET,
                    session_key=request.COOKIES.get(settings.SESSION_COOKIE_NAME),
                    cached_only=False,
                )
            except Exception:  # noqa: BLE001 - never a 500 from a shortcut: the view decides
                ok = False
            if ok:
                return _no_content()
        return self.get_response(request)


# ---------------------------------------------------------------------------- WSGI level


def _environ_host_ok(environ) -> bool:
    host = ""
    if settings.USE_X_FORWARDED_HOST and "HTTP_X_FORWARDED_HOST" in environ:
        host = environ["HTTP_X_FORWARDED_HOST"]
    else:
        host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
    domain, _ = split_domain_port(host)
    allowed = settings.ALLOWED_HOSTS
    if settings.DEBUG and not allowed:
        allowed = [".localhost", "127.0.0.1", "[::1]"]
    return bool(domain) and validate_host(domain, allowed)


def _environ_secure(environ) -> bool:
    if environ.get("wsgi.url_scheme") == "https":
        return True
    header = settings.SECURE_PROXY_SSL_HEADER
    if header:
        name, value = header
        return environ.get(name, "").split(",")[0].strip() == value
    return False


def _parse_cookie_value(cookie_header: str, name: str) -> str | None:
    from django.http import parse_cookie

    return parse_cookie(cookie_header).get(name) if name in cookie_header else None


def _answerable(environ: dict, path: str, query_string: str, cookie_header: str) -> bool:
    """Whether this poll can be answered 204 from memory: the host is allowed, the scheme is
    right, and ``unchanged`` finds the person's access and the version both cached and
    unchanged. Shared by the WSGI and ASGI wrappers."""

    try:
        return (
            _environ_host_ok(environ)
            and (not settings.SECURE_SSL_REDIRECT or _environ_secure(environ))
            and unchanged(
                path=path,
                query=dict(parse_qsl(query_string, max_num_fields=20)),
                session_key=_parse_cookie_value(cookie_header, settings.SESSION_COOKIE_NAME),
                cached_only=True,
            )
        )
    except Exception:  # noqa: BLE001 - Django answers whatever this cannot
        return False


def wrap_wsgi(django_app):
    """The WSGI application with unchanged polls answered from memory, before Django."""

    headers = [("Cache-Control", "no-store"), ("Content-Length", "0")]

    def application(environ, start_response):
        path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
        query_string = environ.get("QUERY_STRING", "")
        if (
            environ.get("REQUEST_METHOD") == "GET"
            and path.endswith(POLL_SUFFIX)
            and "t=" in query_string
            and _answerable(environ, path, query_string, environ.get("HTTP_COOKIE", ""))
        ):
            start_response("204 No Content", headers)
            return []
        return django_app(environ, start_response)

    return application


# ---------------------------------------------------------------------------- ASGI level


def wrap_asgi(django_app):
    """The ASGI application with unchanged polls answered from memory on the event loop (no
    thread, no Django request), so a poll never waits for a thread that renders a page. The
    check is the WSGI wrapper's (``unchanged(cached_only=True)``): plain memory work."""

    async def application(scope, receive, send):
        if scope.get("type") == "http" and scope.get("method") == "GET":
            path = scope.get("root_path", "") + scope.get("path", "")
            query_string = scope.get("query_string", b"").decode("latin-1")
            if path.endswith(POLL_SUFFIX) and "t=" in query_string:
                headers = {}
                for name, value in scope.get("headers", ()):
                    headers.setdefault(name.decode("latin-1").lower(), value.decode("latin-1"))
                environ = {
                    "HTTP_HOST": headers.get("host", ""),
                    "HTTP_X_FORWARDED_HOST": headers.get("x-forwarded-host", ""),
                    "HTTP_X_FORWARDED_PROTO": headers.get("x-forwarded-proto", ""),
                    "wsgi.url_scheme": scope.get("scheme", "http"),
                }
                if not environ["HTTP_X_FORWARDED_HOST"]:
                    del environ["HTTP_X_FORWARDED_HOST"]
                if _answerable(environ, path, query_string, headers.get("cookie", "")):
                    await send(
                        {
                            "type": "http.response.start",
                            "status": 204,
                            "headers": [(b"cache-control", b"no-store")],
                        }
                    )
                    await send({"type": "http.response.body", "body": b""})
                    return
        await django_app(scope, receive, send)

    return application
