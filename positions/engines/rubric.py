"""Scoring rubrics for position papers: the default, editing by a chair, and validating scores.

A rubric is a list of criteria ``{"key": "research", "label": "Research", "max": 10}``; it is
stored as JSON per committee. Pure functions, no Django imports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from committees.engines.i18n import gettext

DEFAULT_RUBRIC: list[dict] = [
    {"key": "research", "label": "Research", "max": 10},
    {"key": "country_policy", "label": "Country policy accuracy", "max": 10},
    {"key": "solutions", "label": "Solutions", "max": 10},
    {"key": "writing", "label": "Writing", "max": 10},
]
MAX_CRITERIA = 12
MAX_POINTS = 100


class RubricError(ValueError):
    """Input a chair can correct; the message says how."""


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    max: int


def criteria(rubric: list[dict] | None) -> list[Criterion]:
    """The stored rubric as criteria; an empty or missing rubric means the default one."""
    return [
        Criterion(str(item["key"]), str(item["label"]), int(item["max"]))
        for item in (rubric or DEFAULT_RUBRIC)
    ]


def max_total(rubric: list[dict] | None) -> int:
    return sum(criterion.max for criterion in criteria(rubric))


def _key(label: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_") or "criterion"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


def rubric_as_text(rubric: list[dict] | None) -> str:
    return "\n".join(f"{c.label} | {c.max}" for c in criteria(rubric))


def parse_rubric_text(text: str, *, previous: list[dict] | None = None) -> list[dict]:
    """One criterion per line, ``Label | max points``. Keys of unchanged labels are kept so
    scores already given stay attached to their criterion."""
    known = {c.label.lower(): c.key for c in criteria(previous)} if previous else {}
    result: list[dict] = []
    taken: set[str] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        label, sep, points = line.rpartition("|")
        if not sep:
            raise RubricError(
                gettext("Line %(number)s: write “Label | max points”, e.g. “Research | 10”.")
                % {"number": number}
            )
        label = " ".join(label.split())
        if not label:
            raise RubricError(
                gettext("Line %(number)s: the criterion needs a name.") % {"number": number}
            )
        if len(label) > 80:
            raise RubricError(
                gettext("Line %(number)s: keep the name under 80 characters.") % {"number": number}
            )
        try:
            maximum = int(points.strip())
        except ValueError:
            raise RubricError(
                gettext("Line %(number)s: “%(strip)s” is not a whole number of points.")
                % {"number": number, "strip": points.strip()}
            ) from None
        if not 1 <= maximum <= MAX_POINTS:
            raise RubricError(
                gettext("Line %(number)s: max points must be between 1 and %(max_points)s.")
                % {"number": number, "max_points": MAX_POINTS}
            )
        if label.lower() in {item["label"].lower() for item in result}:
            raise RubricError(
                gettext("Line %(number)s: “%(label)s” is listed twice.")
                % {"number": number, "label": label}
            )
        key = known.get(label.lower())
        if key is None or key in taken:
            key = _key(label, taken | set(known.values()))
        taken.add(key)
        result.append({"key": key, "label": label, "max": maximum})
    if not result:
        raise RubricError(gettext("The rubric needs at least one criterion."))
    if len(result) > MAX_CRITERIA:
        raise RubricError(
            gettext("Keep the rubric to %(max_criteria)s criteria or fewer.")
            % {"max_criteria": MAX_CRITERIA}
        )
    return result


def parse_scores(rubric: list[dict] | None, raw: dict[str, str]) -> dict[str, int]:
    """Scores typed by a chair, one per criterion; blank means not scored yet."""
    scores: dict[str, int] = {}
    for criterion in criteria(rubric):
        value = (raw.get(criterion.key) or "").strip()
        if not value:
            continue
        try:
            score = int(value)
        except ValueError:
            raise RubricError(
                gettext("%(label)s: “%(value)s” is not a whole number.")
                % {"label": criterion.label, "value": value}
            ) from None
        if not 0 <= score <= criterion.max:
            raise RubricError(
                gettext("%(label)s: give between 0 and %(max)s points.")
                % {"label": criterion.label, "max": criterion.max}
            )
        scores[criterion.key] = score
    return scores


def total_score(rubric: list[dict] | None, scores: dict[str, int] | None) -> int | None:
    """The sum over the current rubric's criteria, or None when nothing has been scored."""
    if not scores:
        return None
    present = [scores[c.key] for c in criteria(rubric) if c.key in scores]
    return sum(present) if present else None
