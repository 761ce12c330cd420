"""The secretariat's pages (staff only): the conference overview, new committees, and each
committee's set-up (details, delegations, people, access)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from committees.access import require_admin
from committees.forms.secretariat import (
    AddDelegationsForm,
    CommitteeForm,
    DelegationStatusForm,
    GuideCommitteeForm,
    MoveForm,
)
from committees.models import ChairSeat, Committee, DelegateSeat, Delegation
from committees.selectors.conference import committee_setup, conference_overview, totals
from committees.services import secretariat
from committees.services.guides import GuideImportError
from committees.services.invitations import email_reset_link

User = get_user_model()


def overview(request: HttpRequest) -> HttpResponse:
    require_admin(request.user)
    rows = conference_overview()
    return render(
        request,
        "committees/secretariat/overview.html",
        {"rows": rows, "totals": totals(rows)},
    )


@require_http_methods(["GET", "POST"])
def committee_new(request: HttpRequest) -> HttpResponse:
    require_admin(request.user)
    by_hand = CommitteeForm(request.POST if request.POST.get("how") == "hand" else None)
    from_guide = GuideCommitteeForm(
        request.POST if request.POST.get("how") == "guide" else None,
        request.FILES if request.POST.get("how") == "guide" else None,
    )
    error = None
    if request.method == "POST" and request.POST.get("how") == "hand" and by_hand.is_valid():
        try:
            committee = secretariat.create_committee(**by_hand.cleaned_data)
        except secretariat.SetupError as problem:
            error = str(problem)
        else:
            messages.success(
                request,
                gettext("%(acronym)s created. Now seat its delegations.")
                % {"acronym": committee.acronym},
            )
            return redirect("secretariat:setup", slug=committee.slug)
    if request.method == "POST" and request.POST.get("how") == "guide" and from_guide.is_valid():
        upload = from_guide.cleaned_data["file"]
        try:
            committee, result, details = secretariat.create_committee_from_guide(
                filename=upload.name,
                data=upload.read(),
                user=request.user,
                rule_profile=from_guide.cleaned_data["rule_profile"],
            )
        except (GuideImportError, secretariat.SetupError) as problem:
            error = str(problem)
        else:
            chairs = (
                f" Chairs named in the guide: {', '.join(details.chairs)}."
                if details.chairs
                else ""
            )
            messages.success(
                request,
                gettext(
                    "%(acronym)s created from “%(name)s”: check its name and topic below, then seat its delegations.%(chairs)s"
                )
                % {"acronym": committee.acronym, "name": upload.name, "chairs": chairs},
            )
            return redirect("secretariat:setup", slug=committee.slug)
    return render(
        request,
        "committees/secretariat/committee_new.html",
        {"by_hand": by_hand, "from_guide": from_guide, "error": error},
        status=400 if error or by_hand.errors or from_guide.errors else 200,
    )


def _setup_page(request, committee, *, details=None, add=None, error=None, status=200):
    page = committee_setup(committee)
    return render(
        request,
        "committees/secretariat/setup.html",
        {
            "committee": committee,
            "page": page,
            "details": details or CommitteeForm.for_committee(committee),
            "add": add or AddDelegationsForm(),
            "statuses": Delegation.Status.choices,
            "error": error,
        },
        status=status,
    )


def setup(request: HttpRequest, slug: str) -> HttpResponse:
    require_admin(request.user)
    committee = get_object_or_404(Committee, slug=slug)
    return _setup_page(request, committee)


@require_POST
def details(request: HttpRequest, slug: str) -> HttpResponse:
    require_admin(request.user)
    committee = get_object_or_404(Committee, slug=slug)
    form = CommitteeForm.for_committee(committee, request.POST)
    if not form.is_valid():
        return _setup_page(request, committee, details=form, status=400)
    try:
        secretariat.update_committee(committee=committee, **form.cleaned_data)
    except secretariat.SetupError as problem:
        return _setup_page(request, committee, details=form, error=str(problem), status=400)
    messages.success(request, gettext("Committee details saved."))
    return redirect("secretariat:setup", slug=committee.slug)


@require_POST
def delegations_add(request: HttpRequest, slug: str) -> HttpResponse:
    require_admin(request.user)
    committee = get_object_or_404(Committee, slug=slug)
    form = AddDelegationsForm(request.POST)
    if not form.is_valid():
        return _setup_page(request, committee, add=form, status=400)
    created = secretariat.add_delegations(
        committee=committee,
        countries=form.cleaned_data["countries"],
        status=form.cleaned_data["status"],
    )
    skipped = len(form.cleaned_data["countries"]) - len(created)
    note = f" ({skipped} already had a seat)" if skipped else ""
    messages.success(
        request,
        f"Seated {len(created)} delegation{'s' if len(created) != 1 else ''}{note}: "
        + (", ".join(d.country.name for d in created) or "none new"),
    )
    return redirect("secretariat:setup", slug=committee.slug)


@require_POST
def delegation_status(request: HttpRequest, slug: str, delegation_id: int) -> HttpResponse:
    require_admin(request.user)
    delegation = get_object_or_404(
        Delegation.objects.select_related("country"), pk=delegation_id, committee__slug=slug
    )
    form = DelegationStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Choose member or observer."))
    else:
        secretariat.set_delegation_status(delegation=delegation, status=form.cleaned_data["status"])
        messages.success(
            request,
            gettext("%(name)s is now %(lower)s.")
            % {"name": delegation.country.name, "lower": delegation.get_status_display().lower()},
        )
    return redirect("secretariat:setup", slug=slug)


@require_POST
def delegation_remove(request: HttpRequest, slug: str, delegation_id: int) -> HttpResponse:
    require_admin(request.user)
    delegation = get_object_or_404(
        Delegation.objects.select_related("country"), pk=delegation_id, committee__slug=slug
    )
    try:
        secretariat.remove_delegation(delegation=delegation)
    except secretariat.SetupError as problem:
        messages.error(request, str(problem))
    else:
        messages.success(
            request, gettext("%(name)s no longer has a seat.") % {"name": delegation.country.name}
        )
    return redirect("secretariat:setup", slug=slug)


@require_POST
def person_move(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    require_admin(request.user)
    committee = get_object_or_404(Committee, slug=slug)
    seat = get_object_or_404(
        DelegateSeat.objects.select_related("user", "delegation__country"),
        delegation__committee=committee,
        user_id=user_id,
    )
    form = MoveForm(request.POST, committee=committee)
    if not form.is_valid():
        messages.error(request, gettext("Choose a delegation of this committee."))
        return redirect("secretariat:setup", slug=slug)
    target = form.cleaned_data["delegation"]
    try:
        secretariat.move_delegate(seat=seat, to=target)
    except secretariat.SetupError as problem:
        messages.error(request, str(problem))
    else:
        name = seat.user.get_full_name() or seat.user.username
        messages.success(
            request,
            gettext("%(name)s now sits in the delegation of %(name2)s.")
            % {"name": name, "name2": target.country.name},
        )
    return redirect("secretariat:setup", slug=slug)


@require_POST
def person_remove(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    require_admin(request.user)
    committee = get_object_or_404(Committee, slug=slug)
    person = get_object_or_404(User, pk=user_id)
    try:
        secretariat.remove_from_committee(committee=committee, user=person)
    except secretariat.SetupError as problem:
        messages.error(request, str(problem))
    else:
        name = person.get_full_name() or person.username
        messages.success(
            request,
            gettext("%(name)s no longer has a seat in %(acronym)s; what they wrote stays.")
            % {"name": name, "acronym": committee.acronym},
        )
    return redirect("secretariat:setup", slug=slug)


@require_POST
def person_reset(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    """Sign a person out everywhere and show a one-time link to choose a new password."""
    require_admin(request.user)
    committee = get_object_or_404(Committee, slug=slug)
    in_committee = (
        DelegateSeat.objects.filter(delegation__committee=committee, user_id=user_id).exists()
        or ChairSeat.objects.filter(committee=committee, user_id=user_id).exists()
    )
    if not in_committee:
        raise Http404(gettext("No such person in this committee."))
    person = get_object_or_404(User, pk=user_id)
    try:
        link = secretariat.reset_access(user=person, by=request.user)
    except secretariat.SetupError as problem:
        messages.error(request, str(problem))
        return redirect("secretariat:setup", slug=slug)
    link = request.build_absolute_uri(link)
    emailed = False
    if request.POST.get("email") and person.email:
        try:
            email_reset_link(user=person, link=link, committee=committee)
        except OSError as error:
            messages.error(
                request,
                gettext("The link could not be e-mailed (%(error)s); give it yourself.")
                % {"error": error},
            )
        else:
            emailed = True
    return render(
        request,
        "committees/secretariat/reset_done.html",
        {"committee": committee, "person": person, "link": link, "emailed": emailed},
    )
