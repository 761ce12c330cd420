"""What positions adds to the committee's pages through committees' extension points
(``committees.dashboard``), registered in ``PositionsConfig.ready()``: the chair's panel of
drafts and amendments waiting for the chair, and the number of drafts on the home page."""

from __future__ import annotations

from django.template.loader import render_to_string

from committees import dashboard
from positions.models import DraftResolution
from positions.selectors.resolutions import chair_queue


def resolution_queue_panel(request, committee, role) -> str:
    return render_to_string(
        "positions/resolutions/_chair_queue.html",
        {"committee": committee, **chair_queue(committee)},
        request=request,
    )


def home_facts(committee) -> dict:
    return {"resolution_count": DraftResolution.objects.for_committee(committee).count()}


def register() -> None:
    dashboard.register_chair_panel("resolutions", resolution_queue_panel)
    dashboard.register_home_facts("resolutions", home_facts)
