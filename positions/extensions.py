"""What positions adds to the committee's pages through committees' extension points
(``committees.dashboard``), registered in ``PositionsConfig.ready()``: the chair's panel of
drafts and amendments waiting for the chair, the number of drafts on the home page, what
a ballot puts to the vote (the draft's symbol and a link to its text, or the amended clause as
tracked changes), and the position papers submitted and late on the secretariat's conference
overview."""

from __future__ import annotations

from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext

from committees import dashboard, divisions
from positions.engines.merge import diff_words
from positions.models import Amendment, Clause, DraftResolution, Paper
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


def motion_subject(motion) -> dict | None:
    """What a vote on ``motion`` decides, when the motion is a draft's or an amendment's
    (one query, chosen by the motion's kind)."""
    if motion.kind not in ("resolution", "amendment"):
        return None
    resolution = None
    if motion.kind == "resolution":
        resolution = (
            DraftResolution.objects.filter(motion=motion).select_related("committee").first()
        )
    if resolution is not None:
        return {
            "label": resolution.display_symbol,
            "url": reverse("resolutions:detail", args=[resolution.committee.slug, resolution.pk]),
            "text": motion.text,
        }
    if motion.kind != "amendment":
        return None
    amendment = (
        Amendment.objects.filter(motion=motion)
        .select_related("resolution__committee", "clause", "delegation__country")
        .first()
    )
    if amendment is None:
        return None
    current = amendment.clause.text if amendment.clause_id else ""
    if amendment.kind == Amendment.Kind.STRIKE:
        ops = diff_words(current, "")
    elif amendment.kind == Amendment.Kind.ADD:
        ops = diff_words("", amendment.text)
    else:
        ops = diff_words(current, amendment.text)
    resolution = amendment.resolution
    html = render_to_string(
        "positions/resolutions/_ballot_subject.html", {"amendment": amendment, "ops": ops}
    )
    return {
        "label": resolution.display_symbol,
        "url": reverse("resolutions:detail", args=[resolution.committee.slug, resolution.pk])
        + f"#amendment-{amendment.pk}",
        "html": html,
    }


def paper_figures(committees) -> dict[int, dict]:
    """Papers handed in (at least once) and handed in late, per committee: one query."""
    rows = (
        Paper.objects.filter(committee__in=committees)
        .values("committee_id")
        .annotate(
            submitted=Count("id", filter=Q(submissions__isnull=False), distinct=True),
            late=Count("id", filter=Q(submissions__late=True), distinct=True),
        )
        .order_by()
    )
    return {
        r["committee_id"]: {"papers_submitted": r["submitted"], "papers_late": r["late"]}
        for r in rows
    }


def stance_tab(committee, role) -> dict | None:
    """Delegations read their own record against their positions; chairs and the secretariat
    pick a delegation."""
    if not (role.is_delegate or role.can_moderate):
        return None
    return {
        "label": gettext("Our record")
        if role.is_delegate and not role.can_moderate
        else gettext("Records"),
        "url": reverse("positions:stance_record", args=[committee.slug]),
        "url_name": "stance_record",
    }


def register() -> None:
    dashboard.register_chair_panel("resolutions", resolution_queue_panel)
    dashboard.register_home_facts("resolutions", home_facts)
    divisions.register_clause_source("resolutions", draft_clauses)
    dashboard.register_motion_subject("resolutions", motion_subject)
    dashboard.register_committee_figures("papers", paper_figures)
    dashboard.register_stance_tab("agreement", stance_tab)
