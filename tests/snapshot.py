"""A fingerprint of everything the app stores, to show that a refused request changed nothing."""

from __future__ import annotations

import hashlib

from django.apps import apps
from django.db import connection

# Not the product's state: who is signed in, and the throttling counters.
IGNORED = {"django_session", "django_cache"}


def _tables() -> list[str]:
    tables = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }
    return sorted(tables - IGNORED)


def snapshot() -> dict[str, tuple[int, str]]:
    """Row count and checksum of every table the app's models use."""
    state = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY 1")  # noqa: S608 - our names
            rows = cursor.fetchall()
            digest = hashlib.sha256(repr(rows).encode("utf-8", "replace")).hexdigest()[:16]
            state[table] = (len(rows), digest)
    return state


def changed(before: dict, after: dict) -> list[str]:
    return sorted(label for label in after if before.get(label) != after[label])
