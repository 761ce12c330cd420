"""Throttling of sign-in, sign-up and invite codes, in Django's cache.

Counters live in the ``default`` cache: local memory in development, the database cache table
in production (``manage.py createcachetable``), so every app process and machine counts
together. Each rule is a fixed window: the first failure starts it, ``limit`` failures in it
block until it ends, and the message says how long that is.

Sign-in is limited per address first (one person mistyping: per address *and* account; a whole
network: per address), so whoever hammers a chair's account from their laptop blocks only
themselves. The account itself is locked only at a much higher count, and even then a browser
that signed in to that account before (a signed "known device" cookie) still gets in, and the
secretariat can lift the lock (``manage.py unlock_sign_in`` or the users admin). Sessions already
signed in are never touched by any of this: nobody can be thrown out mid-session.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache


@dataclass(frozen=True)
class Rule:
    name: str
    limit: int
    window: int  # seconds


def _rule(name: str, limit: int, window: int) -> Rule:
    custom = getattr(settings, "THROTTLE_RULES", {}).get(name)
    return Rule(name, *(custom or (limit, window)))


def login_per_address_and_account() -> Rule:
    return _rule("login-address-account", 5, 15 * 60)


def login_per_address() -> Rule:
    # Conference Wi-Fi puts a whole room behind one address: room for many honest typos.
    return _rule("login-address", 40, 15 * 60)


def login_per_account() -> Rule:
    return _rule("login-account", 100, 60 * 60)


def invite_per_address() -> Rule:
    return _rule("invite-address", 15, 15 * 60)


def invite_per_account() -> Rule:
    return _rule("invite-account", 10, 15 * 60)


def signup_per_address() -> Rule:
    return _rule("signup-address", 200, 60 * 60)


def _key(rule: Rule, ident: str) -> str:
    digest = hashlib.sha256(ident.encode("utf-8", "replace")).hexdigest()[:32]
    return f"throttle:{rule.name}:{digest}"


def wait_seconds(rule: Rule, ident: str) -> int:
    """0 when ``ident`` may try again; otherwise how many seconds until it may."""
    state = cache.get(_key(rule, ident))
    if not state:
        return 0
    count, reset_at = state
    left = reset_at - time.time()
    if left <= 0 or count < rule.limit:
        return 0
    return max(1, math.ceil(left))


def hit(rule: Rule, ident: str) -> None:
    """Count one failure for ``ident``."""
    key = _key(rule, ident)
    now = time.time()
    state = cache.get(key)
    if not state or state[1] <= now:
        state = (0, now + rule.window)
    count, reset_at = state
    cache.set(key, (count + 1, reset_at), timeout=max(1, math.ceil(reset_at - now)))


def clear(rule: Rule, ident: str) -> None:
    cache.delete(_key(rule, ident))


def describe_wait(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def client_address(request) -> str:
    """The client's address. Behind ``TRUSTED_PROXIES`` reverse proxies, the address the
    outermost trusted one saw (from ``X-Forwarded-For``)."""
    proxies = int(getattr(settings, "TRUSTED_PROXIES", 0) or 0)
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def account_ident(username: str) -> str:
    return (username or "").strip().casefold()


# ------------------------------------------------------------------------- known devices

KNOWN_DEVICE_COOKIE = "known_device"
KNOWN_DEVICE_SALT = "unodc_mun.throttle.known_device"
KNOWN_DEVICE_MAX_AGE = 120 * 24 * 60 * 60


def known_device_value(username: str) -> str:
    return signing.dumps(account_ident(username), salt=KNOWN_DEVICE_SALT)


def is_known_device(request, username: str) -> bool:
    raw = request.COOKIES.get(KNOWN_DEVICE_COOKIE, "")
    if not raw:
        return False
    try:
        value = signing.loads(raw, salt=KNOWN_DEVICE_SALT, max_age=KNOWN_DEVICE_MAX_AGE)
    except signing.BadSignature:
        return False
    return value == account_ident(username)


def unlock_account(username: str) -> None:
    """The secretariat lifts an account lockout (and its per-address counters stay)."""
    clear(login_per_account(), account_ident(username))


def account_locked_for(username: str) -> int:
    return wait_seconds(login_per_account(), account_ident(username))
