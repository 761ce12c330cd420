"""The committee's rules: plain sentences for everyone, an editor with a live preview of sample
votes for its chairs and the secretariat."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from committees.access import committee_for, require_moderator
from committees.engines import motions, voting
from committees.forms.rules import RulesForm
from committees.models import Committee, Delegation
from committees.selectors.procedure import rules_for
from committees.services import procedure as proc
from unodc_mun.http import HtmxHttpRequest

MOTION_LABELS = {kind.value: kind.label for kind in motions.MotionKind}


def _members(committee: Committee) -> int:
    return committee.delegations.filter(status=Delegation.Status.MEMBER).count() or 15


def _starting_profile(committee: Committee, preset: str | None) -> voting.RuleProfile:
    """The committee's rules, or a preset the chair chose to start again from."""
    if preset and preset in voting.PRESETS and preset != committee.rule_profile:
        return voting.PRESETS[preset]
    return rules_for(committee)


def _context(committee, role, profile, form, *, members, error=""):
    return {
        "committee": committee,
        "role": role,
        "profile": profile,
        "sentences": profile.describe(MOTION_LABELS),
        "form": form,
        "samples": voting.preview(profile, members),
        "members": members,
        "error": error,
    }


@require_GET
def rules_page(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    committee, role = committee_for(request, slug)
    members = _members(committee)
    if not role.can_moderate:
        profile = rules_for(committee)
        return render(
            request,
            "committees/rules.html",
            _context(committee, role, profile, None, members=members),
        )
    profile = _starting_profile(committee, request.GET.get("preset"))
    form = RulesForm(profile=profile, members=members)
    context = _context(committee, role, profile, form, members=members)
    if request.htmx and request.GET.get("preset"):
        return render(request, "committees/rules.html#rules-editor", context)
    return render(request, "committees/rules.html", context)


def _bound(request, committee):
    preset = request.POST.get("preset", "")
    form = RulesForm(request.POST, profile=_starting_profile(committee, preset))
    if not form.is_valid():
        return form, None, "Some answers need a look: see the messages by the fields."
    base = voting.PRESETS[form.cleaned_data["preset"]]
    try:
        return form, base.with_overrides(form.rules()), ""
    except voting.RulesError as exc:
        return form, None, str(exc)


@require_POST
def rules_preview(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """How sample votes come out under the rules as typed so far (nothing is saved)."""
    committee, role = committee_for(request, slug)
    require_moderator(role)
    form, profile, error = _bound(request, committee)
    members = (form.cleaned_data.get("preview_members") if form.is_valid() else None) or (
        _members(committee)
    )
    context = _context(committee, role, profile or rules_for(committee), form, members=members)
    context["error"] = error
    return render(request, "committees/rules.html#rules-preview", context)


@require_POST
def rules_save(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    committee, role = committee_for(request, slug)
    require_moderator(role)
    form, profile, error = _bound(request, committee)
    if profile is not None:
        try:
            proc.update_rules(
                committee=committee,
                preset=form.cleaned_data["preset"],
                rules=form.rules(),
                by=request.user,
            )
        except proc.ProcedureError as exc:
            error = str(exc)
        else:
            messages.success(
                request, gettext("The rules are saved; every screen now follows them.")
            )
            return redirect("committees:rules", slug=committee.slug)
    members = _members(committee)
    context = _context(committee, role, profile or rules_for(committee), form, members=members)
    context["error"] = error
    return render(request, "committees/rules.html", context, status=400)
