"""Where a delegation's paper, sponsored clauses and votes stand against its declared
positions (``positions.selectors.agreement``); the delegation marks each piece itself.

Delegates see their own delegation's record; the committee's chairs and the secretariat pick
a delegation and read. Only the delegation's delegates mark.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from committees.access import committee_for, require
from committees.models import Delegation, StanceQuestion
from positions.selectors.agreement import load_agreement
from positions.services.agreement import MarkError, mark_evidence
from unodc_mun.http import HtmxHttpRequest


def _delegation(committee, role, iso3: str) -> Delegation | None:
    iso3 = (iso3 or "").upper()
    if role.delegation is not None and not role.can_moderate:
        # A delegate reads its own delegation's record only; another's is not theirs to see.
        if iso3 and iso3 != role.delegation.country.iso3:
            raise Http404("No such delegation.")
        return role.delegation
    if not iso3:
        return None
    return get_object_or_404(
        Delegation.objects.select_related("country"), committee=committee, country__iso3=iso3
    )


def _context(committee, role, delegation, **extra) -> dict:
    record = load_agreement(committee, delegation) if delegation is not None else None
    return {
        "committee": committee,
        "role": role,
        "delegation": delegation,
        "record": record,
        "can_mark": delegation is not None and role.owns(delegation),
        "delegations": (
            list(committee.delegations.select_related("country").order_by("country__name"))
            if role.can_moderate
            else []
        ),
        **extra,
    }


def agreement(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    committee, role = committee_for(request, slug)
    delegation = _delegation(committee, role, request.GET.get("country", ""))
    return render(request, "positions/agreement.html", _context(committee, role, delegation))


@require_POST
def agreement_mark(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    committee, role = committee_for(request, slug)
    require(
        role.delegation is not None,
        _("Only the delegation itself says whether its record agrees with its positions."),
    )
    delegation = role.delegation
    question = get_object_or_404(
        StanceQuestion, committee=committee, pk=_int(request.POST.get("question"))
    )
    error = None
    try:
        mark_evidence(
            delegation=delegation,
            question=question,
            subject_key=request.POST.get("subject", ""),
            verdict=request.POST.get("verdict", ""),
            note=request.POST.get("note", ""),
            by=request.user,
        )
    except MarkError as exc:
        error = exc.message
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.success(
                request,
                _("Saved your mark on “%(question)s”.") % {"question": question.short_label},
            )
        return redirect(reverse("positions:stance_record", args=[slug]) + f"#q-{question.pk}")
    context = _context(committee, role, delegation, mark_error=error, error_question=question.pk)
    record = context["record"]
    context["item"] = next(r for r in record.questions if r.question.pk == question.pk)
    response = render(request, "positions/agreement.html#question", context)
    if not error:
        response["HX-Trigger"] = "agreement-changed"
    return response


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404("No such question.") from None
