"""Procedure screens: the chair's dashboard, the projector, the delegates' ballot, vote records.

Live updates poll the committee's procedure clock: `204` while nothing changed (one indexed
query), fresh partials when it moved. Chair screens receive out-of-band swaps for the regions
that changed; the projector and the ballot box replace themselves.
"""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_GET, require_POST

from committees import dashboard, divisions
from committees import live as live_topics
from committees.access import CommitteeRole, committee_for, require_moderator
from committees.models import Committee
from committees.models.procedure import Ballot, Motion, Vote, VoteKind
from committees.selectors.procedure import (
    BallotBox,
    Room,
    ballot_box,
    poll_version,
    room_state,
    vote_record_rows,
)
from committees.services import procedure as proc
from committees.views.floor import floor_extras
from unodc_mun import live
from unodc_mun.http import HtmxHttpRequest
from unodc_mun.hygiene import redirect_next

# --- reading the state of the room -----------------------------------------------------------


def room_context(
    request: HtmxHttpRequest,
    committee: Committee,
    role: CommitteeRole,
    *,
    projector: bool = False,
    **extra,
):
    room = room_state(committee, with_floor_asks=role.can_moderate and not projector)
    context = {
        "committee": committee,
        "role": role,
        "room": room,
        "kind_choices": VoteKind.choices,
        "method_choices": Vote.Method.choices,
        "ballot": ballot_box_context(request, committee, role, room=room),
        "urls": {"roll_call": reverse("committees:roll_call", args=[committee.slug])},
        # Panels other apps add to the board (committees.dashboard), rendered only when the
        # board is: the template calls this.
        "chair_panels": lambda: dashboard.chair_panels(request, committee, role),
        # The debate on the floor: the dashboard's floor panel and the projector.
        **floor_extras(committee, room, projector=projector),
        "poll_token": poll_token(request, role),
    }
    context.update(extra)
    return context


def poll_token(request: HtmxHttpRequest, role: CommitteeRole) -> str:
    """Lets a poll that finds nothing new be answered before the middleware (fastpoll.py)."""
    committee = role.committee
    return live_topics.poll_token(
        request,
        role,
        path=reverse("committees:procedure_poll", args=[committee.slug]),
        topic=live.topic("proc", committee.pk),
    )


def _client_version(request: HtmxHttpRequest) -> int | None:
    try:
        return int(request.GET.get("v", ""))
    except ValueError:
        return None


# --- the chair's dashboard -------------------------------------------------------------------


@require_GET
def chair_dashboard(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    committee, role = committee_for(request, slug)
    require_moderator(role)
    return render(request, "committees/chair.html", room_context(request, committee, role))


@login_not_required
@require_GET
def poll(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """`?v=<version>&t=<token>&screen=chair|projector|ballot&vote=<open vote id>` → 204 or
    fresh parts. An unchanged poll with a valid token was answered before the middleware
    (unodc_mun/fastpoll.py); here the person is checked in full."""
    known = _client_version(request)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    version = poll_version(slug, request.user)
    if version is not None and version == known:
        return HttpResponse(status=204)
    committee, role = committee_for(request, slug)
    screen = request.GET.get("screen", "ballot")
    if screen == "chair":
        require_moderator(role)
        context = room_context(request, committee, role)
        open_vote = context["room"].open
        same_vote = request.GET.get("vote", "") == str(open_vote.vote.pk if open_vote else "")
        context["swap_open_vote"] = not same_vote
        return render(request, "committees/chair.html#chair-live", context)
    if screen == "projector":
        return render(
            request,
            "committees/projector.html#projector-screen",
            room_context(request, committee, role, projector=True),
        )
    return render(
        request,
        "committees/_ballot.html",
        {"ballot": ballot_box_context(request, committee, role)},
    )


def _chair_done(
    request, committee, role, message: str | None = None, error: str | None = None, typed=None
):
    if request.htmx:
        # `typed` puts back what the chair typed when it was refused.
        context = room_context(
            request,
            committee,
            role,
            flash=message,
            flash_error=error,
            typed=typed or {},
            typed_vetoes=typed.getlist("veto") if typed else [],
        )
        response = render(request, "committees/chair.html#chair-board", context)
        response["HX-Trigger"] = "procedure-changed"
        return response
    if error:
        messages.error(request, error)
    elif message:
        messages.success(request, message)
    return redirect("committees:chair", slug=committee.slug)


def _moderator(request: HtmxHttpRequest, slug: str):
    committee, role = committee_for(request, slug)
    require_moderator(role)
    return committee, role


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@require_POST
def session_open(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    committee, role = _moderator(request, slug)
    try:
        session = proc.open_session(committee=committee, by=request.user)
    except proc.ProcedureError as exc:
        return _chair_done(request, committee, role, error=str(exc))
    return _chair_done(
        request, committee, role, f"Session {session.number} is open. Take the roll."
    )


@require_POST
def session_close(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    committee, role = _moderator(request, slug)
    session = proc.current_session(committee)
    if session is None:
        return _chair_done(request, committee, role, error=gettext("No session is open."))
    try:
        proc.close_session(session=session, by=request.user)
    except proc.ProcedureError as exc:
        return _chair_done(request, committee, role, error=str(exc))
    return _chair_done(request, committee, role, f"Session {session.number} is closed.")


@require_POST
def roll_call(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    committee, role = _moderator(request, slug)
    session = proc.current_session(committee)
    if session is None:
        return _chair_done(
            request, committee, role, error=gettext("Open a session to take the roll.")
        )
    delegation_id, attendance = request.POST.get("delegation"), request.POST.get("attendance", "")
    if "mark" in request.POST:
        # One form for the whole roll: each button says "<delegation id>:<attendance>".
        delegation_id, _, attendance = request.POST["mark"].partition(":")
    try:
        if request.POST.get("all_remaining"):
            # "Everyone not yet called is present": the usual start of a roll call.
            proc.record_roll(session=session, remaining_present=True, by=request.user)
        else:
            delegation_pk = _int(delegation_id)
            if delegation_pk is None or not committee.delegations.filter(pk=delegation_pk).exists():
                return _chair_done(
                    request,
                    committee,
                    role,
                    error=gettext("Choose a delegation of this committee."),
                )
            proc.record_roll(session=session, marks={delegation_pk: attendance}, by=request.user)
    except proc.ProcedureError as exc:
        return _chair_done(request, committee, role, error=str(exc))
    return _chair_done(request, committee, role)


@require_POST
def motion_create(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    committee, role = _moderator(request, slug)
    try:
        motion = proc.create_motion(
            committee=committee,
            kind=request.POST.get("kind", "procedural"),
            title=request.POST.get("title", ""),
            text=request.POST.get("text", "").strip(),
            by=request.user,
        )
    except proc.ProcedureError as exc:
        if request.htmx:
            context = room_context(
                request,
                committee,
                role,
                flash_error=str(exc),
                motion_form=request.POST,  # keep what the chair typed
            )
            return render(request, "committees/chair.html#chair-board", context)
        messages.error(request, str(exc))
        return redirect("committees:chair", slug=committee.slug)
    return _chair_done(request, committee, role, f"“{motion.title}” is in the queue.")


def _committee_motion(committee: Committee, motion_id: int) -> Motion:
    return get_object_or_404(Motion, pk=motion_id, committee=committee)


def _committee_vote(committee: Committee, vote_id: int) -> Vote:
    return get_object_or_404(
        Vote.objects.select_related("motion", "committee"), pk=vote_id, committee=committee
    )


@require_POST
def motion_withdraw(request: HtmxHttpRequest, slug: str, motion_id: int) -> HttpResponse:
    committee, role = _moderator(request, slug)
    motion = _committee_motion(committee, motion_id)
    try:
        proc.withdraw_motion(motion=motion, by=request.user)
    except proc.ProcedureError as exc:
        return _chair_done(request, committee, role, error=str(exc))
    return _chair_done(request, committee, role, f"“{motion.title}” was withdrawn.")


def motion_divide(request: HtmxHttpRequest, slug: str, motion_id: int) -> HttpResponse:
    """Division of the question: the chair puts clauses of a draft into parts voted separately."""
    committee, role = _moderator(request, slug)
    motion = _committee_motion(committee, motion_id)
    clauses = divisions.clauses_of(motion) or []
    error = ""
    if request.method == "POST":
        chosen: dict[int, list[str]] = {}
        for key, _label, _kind in clauses:
            number = _int(request.POST.get(f"part_{key}"))
            if number:
                chosen.setdefault(number, []).append(key)
        try:
            parts = proc.divide_question(
                motion=motion, parts=[chosen[n] for n in sorted(chosen)], by=request.user
            )
        except proc.ProcedureError as exc:
            error = str(exc)
        else:
            messages.success(
                request,
                ngettext(
                    "“%(title)s” is divided into %(parts_count)s part, voted on separately; "
                    "then the text left is voted on as a whole.",
                    "“%(title)s” is divided into %(parts_count)s parts, each voted on separately; "
                    "then the text left is voted on as a whole.",
                    len(parts),
                )
                % {"title": motion.title, "parts_count": len(parts)},
            )
            return redirect("committees:chair", slug=committee.slug)
    elif request.method != "GET":
        return HttpResponse(status=405)
    return render(
        request,
        "committees/divide.html",
        {
            "committee": committee,
            "role": role,
            "motion": motion,
            "rows": [
                (key, label, kind, _int(request.POST.get(f"part_{key}")) or 0)
                for key, label, kind in clauses
            ],
            "numbers": range(1, len(clauses) + 1),
            "error": error,
        },
        status=400 if error else 200,
    )


@require_POST
def vote_open(request: HtmxHttpRequest, slug: str, motion_id: int) -> HttpResponse:
    committee, role = _moderator(request, slug)
    motion = _committee_motion(committee, motion_id)
    try:
        vote = proc.open_vote(
            motion=motion,
            method=request.POST.get("method", ""),
            by=request.user,
            important=bool(request.POST.get("important")),
            split_house=bool(request.POST.get("split_house")),
        )
    except proc.ProcedureError as exc:
        return _chair_done(request, committee, role, error=str(exc))
    return _chair_done(
        request, committee, role, f"Voting on “{motion.title}” ({vote.method_label})."
    )


@require_POST
def vote_close(request: HtmxHttpRequest, slug: str, vote_id: int) -> HttpResponse:
    committee, role = _moderator(request, slug)
    vote = _committee_vote(committee, vote_id)
    counts = None
    if vote.method == Vote.Method.PLACARD:
        numbers = [_int(request.POST.get(name) or 0) for name in ("yes", "no", "abstain")]
        if any(n is None or n < 0 for n in numbers):
            return _chair_done(
                request,
                committee,
                role,
                error=gettext("Type whole numbers (0 or more) for each count."),
                typed=request.POST,
            )
        counts = proc.PlacardCounts(
            *numbers, permanent_members_against=tuple(request.POST.getlist("veto"))
        )
    try:
        vote = proc.close_vote(vote=vote, by=request.user, counts=counts)
    except proc.ProcedureError as exc:
        return _chair_done(request, committee, role, error=str(exc), typed=request.POST)
    return _chair_done(request, committee, role, f"“{vote.motion.title}” {vote.explanation}")


@require_POST
def vote_cancel(request: HtmxHttpRequest, slug: str, vote_id: int) -> HttpResponse:
    committee, role = _moderator(request, slug)
    vote = _committee_vote(committee, vote_id)
    try:
        proc.cancel_vote(vote=vote, by=request.user)
    except proc.ProcedureError as exc:
        return _chair_done(request, committee, role, error=str(exc))
    return _chair_done(request, committee, role, "Vote cancelled; the motion is back in the queue.")


@require_POST
def roll_call_answer(request: HtmxHttpRequest, slug: str, vote_id: int) -> HttpResponse:
    committee, role = _moderator(request, slug)
    vote = _committee_vote(committee, vote_id)
    delegation = (
        committee.delegations.select_related("country")
        .filter(pk=_int(request.POST.get("delegation")))
        .first()
    )
    if delegation is None:
        return _chair_done(
            request, committee, role, error=gettext("Choose a delegation of this committee.")
        )
    try:
        proc.record_roll_call_answer(
            vote=vote, delegation=delegation, choice=request.POST.get("choice", ""), by=request.user
        )
    except proc.ProcedureError as exc:
        return _chair_done(request, committee, role, error=str(exc))
    return _chair_done(request, committee, role)


@require_POST
def ballot_enter(request: HtmxHttpRequest, slug: str, vote_id: int) -> HttpResponse:
    """The chair enters the vote of a delegation without a device into an electronic vote."""
    committee, role = _moderator(request, slug)
    vote = _committee_vote(committee, vote_id)
    mark = request.POST.get("mark", "")
    delegation_id, _, choice = mark.partition(":")
    delegation = (
        committee.delegations.select_related("country").filter(pk=_int(delegation_id)).first()
    )
    if delegation is None:
        return _chair_done(
            request, committee, role, error=gettext("Choose a delegation of this committee.")
        )
    try:
        proc.enter_ballot(vote=vote, delegation=delegation, choice=choice, by=request.user)
    except proc.ProcedureError as exc:
        return _chair_done(request, committee, role, error=str(exc))
    return _chair_done(
        request,
        committee,
        role,
        f"Recorded for {delegation.country.name}: {Ballot.Choice(choice).label.lower()}.",
    )


@require_POST
def roll_call_undo(request: HtmxHttpRequest, slug: str, vote_id: int) -> HttpResponse:
    committee, role = _moderator(request, slug)
    vote = _committee_vote(committee, vote_id)
    try:
        ballot = proc.undo_roll_call_answer(vote=vote, by=request.user)
    except proc.ProcedureError as exc:
        return _chair_done(request, committee, role, error=str(exc))
    return _chair_done(
        request, committee, role, f"Took back {ballot.delegation.country.name}’s answer."
    )


# --- projector ---------------------------------------------------------------------------------


@require_GET
def projector(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    committee, role = committee_for(request, slug)
    return render(
        request, "committees/projector.html", room_context(request, committee, role, projector=True)
    )


# --- delegates' ballot -------------------------------------------------------------------------


def ballot_box_context(
    request: HtmxHttpRequest,
    committee: Committee,
    role: CommitteeRole,
    *,
    room: Room | None = None,
    error: str = "",
    notice: str = "",
) -> BallotBox:
    box = ballot_box(committee, role, room=room)
    box.error, box.notice = error, notice
    box.next_url = request.get_full_path() if not request.htmx else ""
    box.poll_token = poll_token(request, role)
    if box.vote is not None:
        box.subject = dashboard.motion_subject(box.vote.motion)
    return box


def _ballot_response(request, committee, role, *, error="", notice="", pending=""):
    box = ballot_box_context(request, committee, role, error=error, notice=notice)
    if pending and box.may_vote and not box.mine and pending in box.choices:
        box.pending = pending
    elif pending and not error:
        box.error = "That ballot cannot be cast now; the box below shows the vote as it is."
    if box.pending and not request.htmx:
        closed = list(
            Vote.objects.latest_first().filter(committee=committee).select_related("motion")
        )
        return render(
            request,
            "committees/votes.html",
            {"committee": committee, "role": role, "ballot": box, "closed_votes": closed},
        )
    if request.htmx:
        response = render(request, "committees/_ballot.html", {"ballot": box})
        response["HX-Trigger"] = "procedure-changed"
        return response
    if error:
        messages.error(request, error)
    elif notice:
        messages.success(request, notice)
    # Only a path on this site; anything else ("b", "//evil", "/\\evil") goes to the votes page.
    return redirect_next(
        request, request.POST.get("next"), reverse("committees:votes", args=[committee.slug])
    )


@require_POST
def cast_ballot(request: HtmxHttpRequest, slug: str, vote_id: int) -> HttpResponse:
    committee, role = committee_for(request, slug)
    vote = _committee_vote(committee, vote_id)
    if role.delegation is None:
        raise PermissionDenied(gettext("Only a delegation votes, and only for itself."))
    choice = request.POST.get("choice", "")
    if request.POST.get("confirm") != "1":
        # A ballot is final: the delegate sees the choice and confirms it first.
        return _ballot_response(request, committee, role, pending=choice)
    try:
        proc.cast_ballot(vote=vote, delegation=role.delegation, choice=choice, by=request.user)
    except proc.ProcedureError as exc:
        return _ballot_response(request, committee, role, error=str(exc))
    return _ballot_response(
        request,
        committee,
        role,
        notice=f"{role.delegation.country.name} voted {Ballot.Choice(choice).label.lower()}.",
    )


@require_GET
def votes(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    committee, role = committee_for(request, slug)
    closed = list(Vote.objects.latest_first().filter(committee=committee).select_related("motion"))
    return render(
        request,
        "committees/votes.html",
        {
            "committee": committee,
            "role": role,
            "ballot": ballot_box_context(request, committee, role),
            "closed_votes": closed,
        },
    )


# --- the vote record -------------------------------------------------------------------------


@require_GET
def vote_record(request: HtmxHttpRequest, slug: str, vote_id: int) -> HttpResponse:
    committee, role = committee_for(request, slug)
    vote = _committee_vote(committee, vote_id)
    return render(
        request,
        "committees/vote_record.html",
        {
            "committee": committee,
            "role": role,
            "vote": vote,
            "rows": vote_record_rows(vote),
            # Individual ballots are published once the vote closes, so that nobody votes
            # by watching others (the chair sees them live on the dashboard).
            "individual": vote.method != Vote.Method.PLACARD
            and (not vote.is_open or role.can_moderate),
        },
    )


@require_GET
def vote_record_csv(request: HtmxHttpRequest, slug: str, vote_id: int) -> HttpResponse:
    committee, role = committee_for(request, slug)
    vote = _committee_vote(committee, vote_id)
    if vote.is_open:
        raise Http404(gettext("The record is available once the vote is closed."))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{committee.slug}-vote-{vote.pk}.csv"'
    writer = csv.writer(response)
    writer.writerow(["committee", committee.acronym])
    writer.writerow(["motion", _csv_safe(vote.motion.title)])
    writer.writerow(["kind", vote.motion.get_kind_display()])
    writer.writerow(["method", vote.get_method_display()])
    writer.writerow(["majority", vote.get_majority_display()])
    writer.writerow(["result", "passed" if vote.passed else "failed"])
    writer.writerow(["explanation", vote.explanation])
    writer.writerow(["yes", vote.yes])
    writer.writerow(["no", vote.no])
    writer.writerow(["abstain", vote.abstain])
    writer.writerow([])
    writer.writerow(["order", "delegation", "attendance", "vote", "passed first"])
    for number, row in enumerate(vote_record_rows(vote), start=1):
        writer.writerow(
            [
                number,
                row.name,
                row.attendance.replace("_", " "),
                (row.choice or "") if vote.method != Vote.Method.PLACARD else "placard",
                "yes" if row.passed_first else "",
            ]
        )
    return response


def _csv_safe(text: str) -> str:
    # A spreadsheet must not run a formula someone typed as a title.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
