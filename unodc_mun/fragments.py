"""Fragments of pages kept once rendered, keyed by the version counters of what they show.

A key names everything the fragment's output depends on — the object, its version counter (or
a digest of the very rows it is made of), the interface language, and whatever of the reader's
role the fragment shows — so a stored fragment is never stale: a change makes a new key, and the
old entry is simply never asked for again (it ages out). That is why a per-process cache
(``CACHES["fragments"]``, local memory) is right here, with no invalidation at all.

What is kept must not depend on anything outside its key: role-dependent controls (edit
buttons, forms, CSRF tokens) stay outside the cached part.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable

from django.core.cache import caches
from django.utils.translation import get_language


def digest(rows: Iterable) -> str:
    """A short digest of the rows a fragment is made of (their ``repr``), for keys."""
    h = hashlib.blake2b(digest_size=16)
    for row in rows:
        h.update(repr(row).encode("utf-8", "surrogatepass"))
        h.update(b"\x1e")
    return h.hexdigest()


def cached[T](kind: str, key: Iterable, build: Callable[[], T]) -> T:
    """``build()`` once per (kind, key, language) in this process."""
    name = ":".join(["frag", kind, *(str(part) for part in key), get_language() or ""])
    store = caches["fragments"]
    value = store.get(name)
    if value is None:
        value = build()
        store.set(name, value)
    return value


def clear() -> None:
    caches["fragments"].clear()
