"""Country stances: overview, comparison matrix, country profiles, and "who stands with us".

Everyone in the committee reads; its chairs and admins edit (inline, with htmx).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from committees.access import committee_for, require, require_moderator
from committees.forms.research import PositionForm, ProfileForm, QuestionEditForm, QuestionForm
from committees.models import CountryProfile, Stance, StancePosition, StanceQuestion
from committees.selectors.stances import (
    Cell,
    PositionView,
    StanceTable,
    load_stance_table,
    position_views,
    section_links,
    shown_stance_table,
)
from committees.services.stances import (
    StanceError,
    add_question,
    delete_question,
    ensure_profile,
    mark_reviewed,
    set_position,
    update_profile_text,
    update_question,
)
from unodc_mun import fragments
from unodc_mun.http import HtmxHttpRequest


def _overview(request, committee, role, question_form) -> HttpResponse:
    table = load_stance_table(committee)
    addable = []
    own_country = role.delegation.country if role.delegation is not None else None
    own_has_profile = own_country is not None and any(
        p.country_id == own_country.pk for p in table.profiles
    )
    if role.can_moderate:
        profiled = {profile.country_id for profile in table.profiles}
        addable = [
            d.country
            for d in committee.delegations.select_related("country")
            if d.country_id not in profiled
        ]
    return render(
        request,
        "committees/stances/overview.html",
        {
            "committee": committee,
            "role": role,
            "table": table,
            "question_form": question_form,
            "addable_countries": addable,
            "own_country": own_country,
            "own_has_profile": own_has_profile,
            "awaiting_review": table.awaiting_review() if role.can_moderate else [],
        },
    )


def overview(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    committee, role = committee_for(request, slug)
    form = QuestionForm(committee=committee) if role.can_moderate else None
    return _overview(request, committee, role, form)


def matrix(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    committee, role = committee_for(request, slug)
    table = shown_stance_table(committee)
    own_country = role.delegation.country_id if role.delegation else None
    context = {
        "committee": committee,
        "role": role,
        "table": table,
        "legend": [Cell(value, None, 0) for value in Stance.values],
    }
    if table.profiles and table.questions:
        # The key is made of the very rows shown (questions, countries, stances) and the
        # reader's own country (highlighted): any change is a new key.
        shown = fragments.digest(
            [
                committee.slug,
                [(q.pk, q.short_label, q.text) for q in table.questions],
                [
                    (p.pk, p.country_id, p.country.iso3, p.country.name, [c.stance for c in cells])
                    for p, cells in table.rows
                ],
            ]
        )
        context["matrix_body"] = fragments.cached(
            "stance-matrix",
            (committee.pk, shown, own_country),
            lambda: mark_safe(  # noqa: S308 - rendered and escaped by the template engine
                render_to_string("committees/stances/matrix.html#matrix-body", context)
            ),
        )
    return render(request, "committees/stances/matrix.html", context)


def _profile(committee, iso3: str) -> CountryProfile:
    return get_object_or_404(
        CountryProfile.objects.select_related("country", "updated_by"),
        committee=committee,
        country__iso3=iso3.upper(),
    )


def country_profile(request: HtmxHttpRequest, slug: str, iso3: str) -> HttpResponse:
    committee, role = committee_for(request, slug)
    profile = _profile(committee, iso3)
    return render(
        request,
        "committees/stances/profile.html",
        {
            "committee": committee,
            "role": role,
            "profile": profile,
            "speaks_for": role.speaks_for(profile.country_id),
            "rows": position_views(committee, profile),
        },
    )


def _question(committee, question_id: int) -> StanceQuestion:
    return get_object_or_404(StanceQuestion, committee=committee, pk=question_id)


def _row(committee, profile, question) -> PositionView:
    position = (
        StancePosition.objects.filter(profile=profile, question=question)
        .select_related("cited_source", "updated_by")
        .first()
    )
    return PositionView(question, position, section_links(committee))


@require_http_methods(["GET", "POST"])
def position_edit(request: HtmxHttpRequest, slug: str, iso3: str, question_id: int) -> HttpResponse:
    committee, role = committee_for(request, slug)
    profile = _profile(committee, iso3)
    question = _question(committee, question_id)
    require(
        role.speaks_for(profile.country_id),
        gettext("Only this country's delegation and the committee's chairs record its positions."),
    )
    row = _row(committee, profile, question)
    if request.method == "POST":
        form = PositionForm(request.POST, committee=committee)
        error = None
        if form.is_valid():
            data = form.cleaned_data
            try:
                set_position(
                    profile=profile,
                    question=question,
                    stance=data["stance"],
                    rationale=data["rationale"],
                    cited_section=data["cited_section"],
                    cited_source=data["cited_source"],
                    quote=data["quote"],
                    user=request.user,
                    declared=not role.can_moderate,
                )
            except StanceError as exc:
                error = exc.message
            else:
                if not request.htmx:
                    messages.success(
                        request,
                        gettext("Saved %(name)s: %(question)s.")
                        % {"name": profile.country.name, "question": question},
                    )
                    return redirect(
                        "committees:country_profile", slug=slug, iso3=profile.country.iso3
                    )
                response = render(
                    request,
                    "committees/stances/profile.html#position",
                    {
                        "committee": committee,
                        "role": role,
                        "profile": profile,
                        "speaks_for": role.speaks_for(profile.country_id),
                        "row": _row(committee, profile, question),
                        "just_saved": True,
                    },
                )
                response["HX-Trigger"] = "stance-changed"
                return response
        else:
            error = gettext("Please correct the fields marked below.")
        row.form, row.error = form, error
    else:
        row.form = PositionForm(initial=row.initial(), committee=committee)
    context = {
        "committee": committee,
        "role": role,
        "profile": profile,
        "speaks_for": role.speaks_for(profile.country_id),
        "row": row,
    }
    if request.htmx:
        return render(request, "committees/stances/profile.html#position", context)
    # Without JavaScript: the whole profile page, this position open for editing.
    rows = position_views(committee, profile)
    rows = [row if r.question.pk == question.pk else r for r in rows]
    context["rows"] = rows
    return render(request, "committees/stances/profile.html", context)


@require_POST
def position_review(
    request: HtmxHttpRequest, slug: str, iso3: str, question_id: int
) -> HttpResponse:
    """A chair marks a delegation's declared position as reviewed."""
    committee, role = committee_for(request, slug)
    profile = _profile(committee, iso3)
    question = _question(committee, question_id)
    require_moderator(role)
    position = get_object_or_404(StancePosition, profile=profile, question=question)
    mark_reviewed(position=position, by=request.user)
    if not request.htmx:
        messages.success(
            request,
            gettext("Marked %(name)s: %(question)s as reviewed.")
            % {"name": profile.country.name, "question": question},
        )
        return redirect("committees:country_profile", slug=slug, iso3=profile.country.iso3)
    response = render(
        request,
        "committees/stances/profile.html#position",
        {
            "committee": committee,
            "role": role,
            "profile": profile,
            "speaks_for": role.speaks_for(profile.country_id),
            "row": _row(committee, profile, question),
        },
    )
    response["HX-Trigger"] = "stance-changed"
    return response


def position_show(request: HtmxHttpRequest, slug: str, iso3: str, question_id: int) -> HttpResponse:
    """One position, read-only (what "Cancel" swaps back in)."""
    committee, role = committee_for(request, slug)
    profile = _profile(committee, iso3)
    question = _question(committee, question_id)
    if not request.htmx:
        return redirect("committees:country_profile", slug=slug, iso3=profile.country.iso3)
    return render(
        request,
        "committees/stances/profile.html#position",
        {
            "committee": committee,
            "role": role,
            "profile": profile,
            "speaks_for": role.speaks_for(profile.country_id),
            "row": _row(committee, profile, question),
        },
    )


@require_http_methods(["GET", "POST"])
def profile_edit(request: HtmxHttpRequest, slug: str, iso3: str) -> HttpResponse:
    committee, role = committee_for(request, slug)
    profile = _profile(committee, iso3)
    require(
        role.speaks_for(profile.country_id),
        gettext("Only this country's delegation and the committee's chairs edit its profile."),
    )
    form = ProfileForm(request.POST or None, initial={"text": profile.text})
    if request.method == "POST" and form.is_valid():
        update_profile_text(profile=profile, text=form.cleaned_data["text"], user=request.user)
        messages.success(
            request, gettext("Saved the profile of %(name)s.") % {"name": profile.country.name}
        )
        return redirect("committees:country_profile", slug=slug, iso3=profile.country.iso3)
    return render(
        request,
        "committees/stances/profile_edit.html",
        {
            "committee": committee,
            "role": role,
            "profile": profile,
            "speaks_for": role.speaks_for(profile.country_id),
            "form": form,
        },
    )


@require_POST
def question_add(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    committee, role = committee_for(request, slug)
    require_moderator(role)
    form = QuestionForm(request.POST, committee=committee)
    if form.is_valid():
        try:
            question = add_question(committee=committee, **form.cleaned_data)
        except StanceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                gettext("Added the question “%(short_label)s”.")
                % {"short_label": question.short_label},
            )
            return redirect("committees:stances", slug=slug)
    return _overview(request, committee, role, form)


@require_http_methods(["GET", "POST"])
def question_edit(request: HtmxHttpRequest, slug: str, question_id: int) -> HttpResponse:
    committee, role = committee_for(request, slug)
    question = _question(committee, question_id)
    require_moderator(role)
    initial = {"short_label": question.short_label, "text": question.text, "order": question.order}
    form = QuestionEditForm(
        request.POST or None, initial=initial, committee=committee, question=question
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_question(question=question, **form.cleaned_data)
        except StanceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                gettext("Saved the question “%(short_label)s”.")
                % {"short_label": question.short_label},
            )
            return redirect("committees:stances", slug=slug)
    return render(
        request,
        "committees/stances/question_edit.html",
        {"committee": committee, "role": role, "question": question, "form": form},
    )


@require_POST
def question_delete(request: HtmxHttpRequest, slug: str, question_id: int) -> HttpResponse:
    committee, role = committee_for(request, slug)
    question = _question(committee, question_id)
    require_moderator(role)
    label = question.short_label
    delete_question(question=question)
    messages.success(
        request,
        gettext("Removed the question “%(label)s” and the positions on it.") % {"label": label},
    )
    return redirect("committees:stances", slug=slug)


@require_POST
def profile_add(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Start a profile for one of the committee's delegations that has none yet."""
    committee, role = committee_for(request, slug)
    require(
        role.can_moderate or role.is_delegate,
        gettext("Only delegations and the committee's chairs start country profiles."),
    )
    delegation = (
        committee.delegations.select_related("country")
        .filter(country__iso3=(request.POST.get("country") or "").upper())
        .first()
    )
    if delegation is None:
        messages.error(request, gettext("Pick one of this committee's delegations."))
        return redirect("committees:stances", slug=slug)
    require(
        role.speaks_for(delegation.country_id),
        gettext("A delegation starts the profile of its own country only."),
    )
    profile = ensure_profile(committee=committee, country=delegation.country)
    return redirect("committees:country_profile", slug=slug, iso3=profile.country.iso3)


@dataclass
class AlignmentRow:
    question: StanceQuestion
    ours: str
    same: list = field(default_factory=list)
    others: dict = field(default_factory=dict)  # stance label -> countries

    @property
    def cell(self) -> Cell:
        return Cell(self.ours, None, self.question.pk)


def alignment(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """For one delegation: on each question, who stands where it stands."""
    committee, role = committee_for(request, slug)
    table: StanceTable = shown_stance_table(committee)
    wanted = (request.GET.get("country") or "").upper()
    if not wanted and role.delegation is not None:
        wanted = role.delegation.country.iso3
    ours = next((p for p in table.profiles if p.country.iso3 == wanted), None)
    if wanted and ours is None and request.GET.get("country"):
        raise Http404(gettext("This committee has no profile of that country."))
    rows, agreement = [], []
    if ours is not None:
        for question in table.questions:
            our_stance = table.stance(ours, question)
            row = AlignmentRow(question, our_stance)
            for profile in table.profiles:
                if profile.pk == ours.pk:
                    continue
                theirs = table.stance(profile, question)
                if theirs == our_stance and our_stance != Stance.UNKNOWN:
                    row.same.append(profile)
                else:
                    row.others.setdefault(Stance(theirs).label, []).append(profile)
            rows.append(row)
        agreement = table.agreement_with(ours)
    return render(
        request,
        "committees/stances/alignment.html",
        {
            "committee": committee,
            "role": role,
            "table": table,
            "ours": ours,
            "rows": rows,
            "agreement": agreement,
        },
    )
