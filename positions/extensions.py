"""What positions adds to the committee's pages through committees' extension points
(``committees.dashboard``), registered in ``PositionsConfig.ready()``: the chair's panel of
drafts and amendments waiting for the chair, and the number of drafts on the home page."""

from __future__ import annotations

from django.template.loader import render_to_string

from committees import dashboard, divisions
from positions.models import Clause, DraftResolution
from positions.models.resolutions import clause_tree
from positions.selectors.resolutions import chair_queue


def resolution_queue_panel(request, committee, role) -> str:
    return render_to_string(
        "positions/resolutions/_chair_queue.html",
        {"committee": committee, **chair_queue(committee)},
        request=request,
    )


def home_facts(committee) -> dict:
    return {"resolution_count": DraftResolution.objects.for_committee(committee).count()}


def draft_clauses(motion):
    """The top-level clauses of the draft a motion puts to the vote, for dividing the
    question: ("<clause id>", "operative clause 2", "operative"), in the draft's order."""
    resolution = DraftResolution.objects.filter(motion=motion).first()
    if resolution is None:
        return None
    rows, preamble = [], 0
    for node in clause_tree(resolution.clauses.all()):
        if node.kind == Clause.Kind.OPERATIVE:
            label = f"operative clause {node.label}"
        else:
            preamble += 1
            label = f"preambular paragraph {preamble}"
        rows.append((str(node.clause.pk), label, node.kind))
    return rows


def register() -> None:
    dashboard.register_chair_panel("resolutions", resolution_queue_panel)
    dashboard.register_home_facts("resolutions", home_facts)
    divisions.register_clause_source("resolutions", draft_clauses)
