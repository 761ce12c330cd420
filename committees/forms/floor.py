"""Parsing the floor's small forms: a motion's parameters as people type them.

People give a caucus's total time in minutes and a speaking time in seconds (or "1:30"); the
motion engine takes seconds. Anything unreadable raises `FormError` with a message naming the
field, before any service runs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext


class FormError(ValueError):
    """Input that cannot be read; the message is for the person who typed it."""


def seconds_field(raw: Any, words: str) -> int | None:
    """Seconds from "90", "1:30" or "" (None)."""
    text = str(raw or "").strip()
    if not text:
        return None
    try:
        if ":" in text:
            minutes, _, seconds = text.partition(":")
            return int(minutes or 0) * 60 + int(seconds or 0)
        return int(text)
    except ValueError as exc:
        raise FormError(
            gettext("Give the %(words)s in seconds (e.g. 60 or 1:30).") % {"words": words}
        ) from exc


def minutes_field(raw: Any, words: str) -> int | None:
    """Seconds from a number of minutes ("10", "7.5") or "" (None)."""
    text = str(raw or "").strip().replace(",", ".")
    if not text:
        return None
    try:
        minutes = float(text)
    except ValueError as exc:
        raise FormError(
            gettext("Give the %(words)s in minutes (e.g. 10).") % {"words": words}
        ) from exc
    if minutes != minutes or minutes in (float("inf"), float("-inf")):
        raise FormError(gettext("Give the %(words)s in minutes (e.g. 10).") % {"words": words})
    return int(round(minutes * 60))


def motion_params(kind: str, post: Mapping[str, Any]) -> dict[str, Any]:
    """The parameters a motion form sent, in the engine's units (validated by the service)."""
    params: dict[str, Any] = {}
    total = minutes_field(post.get("total_minutes"), "total time")
    if total is not None:
        params["total"] = total
    speaking = seconds_field(post.get("speaking_time"), "speaking time")
    if speaking is not None:
        params["speaking_time"] = speaking
    for name in ("topic", "subject"):
        value = str(post.get(name, "") or "").strip()
        if value:
            params[name] = value
    return params
