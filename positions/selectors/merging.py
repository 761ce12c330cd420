"""Reads for merging working papers, in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Q

from positions.models import DraftResolution, MergeProposal, Sponsorship


def merge_candidates(resolution: DraftResolution) -> list[dict]:
    """The committee's other working papers, with their sponsors and clause counts (2
    queries)."""
    papers = list(
        DraftResolution.objects.filter(
            committee_id=resolution.committee_id, status=DraftResolution.Status.WORKING_PAPER
        )
        .exclude(pk=resolution.pk)
        .annotate(clause_count=Count("clauses", filter=Q(clauses__struck=False)))
        .order_by("created_at", "pk")
    )
    sponsors = defaultdict(list)
    for row in Sponsorship.objects.filter(
        resolution__in=papers, role=Sponsorship.Role.SPONSOR
    ).select_related("delegation__country"):
        sponsors[row.resolution_id].append(row.delegation.country.name)
    return [{"paper": p, "sponsors": sponsors[p.pk]} for p in papers]


def merge_context(resolution: DraftResolution) -> dict:
    """What the resolution page says about merges: proposals waiting on either side, the
    papers merged into this one, the paper this one was merged into (2 queries)."""
    proposals = list(
        MergeProposal.objects.filter(
            Q(into=resolution) | Q(merged=resolution), status=MergeProposal.Status.PENDING
        ).select_related("into", "merged", "proposed_by__country")
    )
    merged_from = list(
        DraftResolution.objects.filter(merged_into=resolution).order_by("decided_at", "pk")
    )
    into = None
    if resolution.merged_into_id:
        into = DraftResolution.objects.only("pk", "title", "symbol").get(
            pk=resolution.merged_into_id
        )
    return {
        "merge_in": [p for p in proposals if p.into_id == resolution.pk],
        "merge_out": [p for p in proposals if p.merged_id == resolution.pk],
        "merged_from": merged_from,
        "merged_into": into,
    }
