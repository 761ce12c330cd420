"""Merging two working papers: a sponsor of the paper that stays proposes, a sponsor of the
other accepts or declines; the chair may merge directly (``positions.services.merges``)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from committees.access import require
from positions.access import require_delegate, resolution_for
from positions.models import DraftResolution, MergeProposal
from positions.selectors import merging as pages
from positions.selectors.resolutions import is_sponsor
from positions.services import merges
from unodc_mun.http import HtmxHttpRequest


@require_http_methods(["GET", "POST"])
def merge_view(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Choose the working paper to merge into this one."""
    committee, role, resolution = resolution_for(request, slug, pk)
    sponsor = is_sponsor(resolution, role.delegation)
    require(
        sponsor or role.can_moderate,
        "Only this paper's sponsors or the chair can merge another paper into it.",
    )
    if not resolution.is_editable:
        messages.info(request, "Only working papers can be merged.")
        return redirect("resolutions:detail", slug=slug, pk=pk)
    error = ""
    chosen = request.POST.get("other", "")
    if request.method == "POST":
        other = get_object_or_404(
            DraftResolution, pk=chosen if chosen.isdigit() else 0, committee=committee
        )
        try:
            if sponsor:
                proposal = merges.propose(
                    into=resolution, merged=other, delegation=role.delegation, by=request.user
                )
                merged = proposal.status == MergeProposal.Status.ACCEPTED
            else:
                merges.chair_merge(into=resolution, merged=other, by=request.user)
                merged = True
        except merges.MergeError as exc:
            error = str(exc)
        else:
            if merged:
                messages.success(
                    request,
                    f"Merged: the clauses of “{other.title}” are in this paper (the preamble "
                    "first), its sponsors and signatories too.",
                )
            else:
                messages.success(
                    request,
                    f"Merge proposed: the sponsors of “{other.title}” are asked to accept it.",
                )
            return redirect("resolutions:detail", slug=slug, pk=pk)
    return render(
        request,
        "positions/resolutions/merge.html",
        {
            "committee": committee,
            "role": role,
            "resolution": resolution,
            "candidates": pages.merge_candidates(resolution),
            "as_sponsor": sponsor,
            "chosen": chosen,
            "error": error,
        },
        status=400 if error else 200,
    )


ANSWERS = {"accept", "decline", "withdraw"}


@require_POST
def merge_answer(request: HtmxHttpRequest, slug: str, pk: int, proposal_id: int) -> HttpResponse:
    """A sponsor of the paper to be merged away accepts or declines; the proposing side may
    withdraw."""
    committee, role, resolution = resolution_for(request, slug, pk)
    proposal = get_object_or_404(
        MergeProposal.objects.select_related("into", "merged"),
        Q(into=resolution) | Q(merged=resolution),
        pk=proposal_id,
    )
    require_delegate(role)
    action = request.POST.get("action", "")
    target = resolution
    try:
        if action == "withdraw":
            merges.withdraw(proposal=proposal, delegation=role.delegation, by=request.user)
            messages.success(request, "Merge proposal withdrawn.")
        elif action in ANSWERS:
            accept = action == "accept"
            merges.answer(
                proposal=proposal, delegation=role.delegation, accept=accept, by=request.user
            )
            if accept:
                target = proposal.into
                messages.success(
                    request,
                    f"Merged: “{proposal.merged.title}” is now part of “{proposal.into.title}”.",
                )
            else:
                messages.success(request, "Merge declined.")
        else:
            messages.error(request, "Unknown action.")
    except merges.MergeError as exc:
        messages.error(request, str(exc))
    return redirect("resolutions:detail", slug=committee.slug, pk=target.pk)
