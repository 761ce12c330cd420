"""Parsing the floor's small forms: a motion's parameters as people type them.

People give a caucus's total time in minutes and a speaking time in seconds (or "1:30"); the
motion engine takes seconds. Anything unreadable raises `FormError` with a message naming the
field, before any service runs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext, gettext_lazy

from committees.models.floor import FloorSettings


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


class FloorSettingsForm(forms.Form):
    """How the committee runs its floor, as the chair or the secretariat sets it in the app.
    The service checks the same limits again, so the form is a convenience, not the guard."""

    speaking_time = forms.IntegerField(
        label=gettext_lazy("Default speaking time (seconds)"),
        min_value=10,
        max_value=600,
        help_text=gettext_lazy(
            "Used by the general speakers list of each new session; a motion or the chair "
            "changes the list of the session under way."
        ),
    )
    reply_time = forms.IntegerField(
        label=gettext_lazy("Time for a right of reply (seconds)"), min_value=10, max_value=300
    )
    yield_to_delegate = forms.BooleanField(
        label=gettext_lazy("A speaker may yield the time left to another delegation"),
        required=False,
    )
    yield_to_questions = forms.BooleanField(
        label=gettext_lazy("A speaker may yield to questions (points of information)"),
        required=False,
    )
    note_mode = forms.ChoiceField(
        label=gettext_lazy("Notes between delegations"), choices=FloorSettings.NoteMode.choices
    )
    note_limit = forms.IntegerField(
        label=gettext_lazy("Longest note (characters)"), min_value=20, max_value=500
    )

    FIELDS = (
        "speaking_time",
        "reply_time",
        "yield_to_delegate",
        "yield_to_questions",
        "note_mode",
        "note_limit",
    )

    @classmethod
    def initial_from(cls, settings: FloorSettings) -> dict[str, Any]:
        return {name: getattr(settings, name) for name in cls.FIELDS}
