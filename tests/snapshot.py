"""A fingerprint of everything the app stores, to show that a refused request changed nothing."""

from __future__ import annotations

import hashlib

from django.apps import apps

# Not the product's state: who is signed in, and the throttling counters.
IGNORED = {"sessions.session"}


def snapshot() -> dict[str, tuple[int, str]]:
    """Row count and checksum of every table, by model label."""
    state = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in IGNORED or model._meta.proxy or not model._meta.managed:
            continue
        digest = hashlib.sha256()
        count = 0
        fields = [f.attname for f in model._meta.concrete_fields]
        for row in model._base_manager.order_by("pk").values_list(*fields).iterator():
            digest.update(repr(row).encode("utf-8", "replace"))
            count += 1
        state[label] = (count, digest.hexdigest()[:16])
    return state


def changed(before: dict, after: dict) -> list[str]:
    return sorted(label for label in after if before.get(label) != after[label])
