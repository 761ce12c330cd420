"""Extension point for dividing the question: the clauses of what a motion puts to the vote.

Procedure votes on a ``Motion`` and never knows what the motion is about; the app that owns
the text (``positions``: a draft resolution's clauses) registers, in its ``apps.ready()``, a
function that gives a motion's clauses as ``(key, label, kind)`` with kind "operative" or
"preambulatory", or ``None`` when the motion is not one of its texts. When the parts are
decided, procedure sends ``signals.division_decided`` so the owner strikes the rejected
clauses before the vote on the text as a whole.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

ClauseRow = tuple[str, str, str]
_sources: dict[str, Callable[[object], Sequence[ClauseRow] | None]] = {}


def register_clause_source(name: str, source: Callable[[object], Sequence[ClauseRow] | None]):
    _sources[name] = source


def clauses_of(motion) -> list[ClauseRow] | None:
    for source in _sources.values():
        rows = source(motion)
        if rows is not None:
            return list(rows)
    return None
