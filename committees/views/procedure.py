"""Procedure screens: the chair's dashboard, the projector, the delegates' ballot, vote records.

Live updates poll the committee's procedure clock: `204` while nothing changed (one indexed
query), fresh partials when it moved. Chair screens receive out-of-band swaps for the regions
that changed; the projector and the ballot box replace themselves.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from committees.access import CommitteeRole, committee_for, require_moderator
from committees.engines import voting
from committees.models import Committee, Delegation
from committees.models.procedure import (
    Attendance,
    Ballot,
    Motion,
    ProcedureClock,
    RollCallEntry,
    Session,
    Vote,
    VoteKind,
)
from committees.services import procedure as proc

HISTORY_LENGTH = 8


# --- reading the state of the room -----------------------------------------------------------


@dataclass
class Tally:
    yes: int = 0
    no: int = 0
    abstain: int = 0
    passed: int = 0  # roll call: passed, waiting to be called again
    eligible: int = 0

    @property
    def cast(self) -> int:
        return self.yes + self.no + self.abstain

    @property
    def waiting(self) -> int:
        return self.eligible - self.cast - self.passed


@dataclass
class ElectorRow:
    delegation_id: int
    name: str
    attendance: str
    observer: bool
    permanent_member: bool
    choice: str | None
    passed_first: bool
    called: bool = False

    @property
    def attendance_label(self) -> str:
        return Attendance(self.attendance).label.lower()


@dataclass
class OpenVote:
    vote: Vote
    tally: Tally
    rows: list[ElectorRow]
    calling: ElectorRow | None = None
    calling_choices: tuple[str, ...] = ()
    second_round: bool = False
    roll_call_done: bool = False
    permanent_members: list[str] = field(default_factory=list)
    may_abstain: bool = True


@dataclass
class RollRow:
    delegation: Delegation
    attendance: str | None


@dataclass
class Room:
    committee: Committee
    version: int
    rules: voting.RuleProfile
    session: Session | None
    roll: list[RollRow]
    quorum: voting.Quorum
    queue: list[Motion]
    open: OpenVote | None
    history: list[Vote]

    @property
    def last_result(self) -> Vote | None:
        return self.history[0] if self.history else None


def open_vote_state(vote: Vote, rules: voting.RuleProfile) -> OpenVote:
    ballots = {b.delegation_id: b for b in vote.ballots.all()}
    tally = Tally(eligible=len(vote.electorate))
    rows = []
    for elector in vote.electorate:
        ballot = ballots.get(elector["id"])
        choice = ballot.choice if ballot else None
        if choice == Ballot.Choice.PASS:
            tally.passed += 1
        elif choice:
            setattr(tally, choice, getattr(tally, choice) + 1)
        rows.append(
            ElectorRow(
                delegation_id=elector["id"],
                name=elector["name"],
                attendance=elector["attendance"],
                observer=elector["observer"],
                permanent_member=elector["permanent_member"],
                choice=choice,
                passed_first=bool(ballot and ballot.passed_first),
            )
        )
    state = OpenVote(
        vote=vote,
        tally=tally,
        rows=rows,
        permanent_members=[r.name for r in rows if r.permanent_member],
        may_abstain=any(
            voting.Choice.ABSTAIN in voting.eligibility(rules, v, vote.motion.kind).choices
            for v in vote.voters()
        ),
    )
    if vote.method == Vote.Method.ROLL_CALL:
        roll = proc.roll_call_state(vote, list(ballots.values()))
        state.second_round = roll.second_round
        state.roll_call_done = roll.done
        for row in rows:
            if roll.calling == str(row.delegation_id):
                row.called = True
                state.calling = row
                voter = vote.voter(row.delegation_id)
                choices = voting.eligibility(rules, voter, vote.motion.kind, roll_call=True).choices
                if roll.second_round:
                    choices = tuple(
                        c
                        for c in choices
                        if c is not voting.Choice.PASS
                        and not (rules.passed_must_vote_yes_or_no and c is voting.Choice.ABSTAIN)
                    )
                state.calling_choices = tuple(c.value for c in choices)
    return state


def room_state(committee: Committee, *, with_roll: bool = True) -> Room:
    """Everything the procedure screens show, in a fixed number of queries."""
    rules = proc.rules_for(committee)
    session = proc.current_session(committee)
    delegations = list(committee.delegations.select_related("country").order_by("country__name"))
    attendance = proc.attendance_at(session)
    roll = [RollRow(d, attendance.get(d.pk)) for d in delegations]
    voters = proc.roll_voters(delegations, attendance)
    vote = (
        Vote.objects.filter(committee=committee, status=Vote.Status.OPEN)
        .select_related("motion", "committee")
        .first()
    )
    queue = list(committee.motions.in_queue().select_related("proposed_by__country"))
    for motion in queue:
        # Reversed here once rather than twice per motion in the template.
        motion.open_vote_url = reverse("committees:vote_open", args=[committee.slug, motion.pk])
        motion.withdraw_url = reverse(
            "committees:motion_withdraw", args=[committee.slug, motion.pk]
        )
    history = list(
        Vote.objects.filter(committee=committee, status=Vote.Status.CLOSED)
        .select_related("motion")
        .order_by("-closed_at", "-id")[:HISTORY_LENGTH]
    )
    return Room(
        committee=committee,
        version=proc.clock_version(committee.pk),
        rules=rules,
        session=session,
        roll=roll if with_roll else [],
        quorum=voting.quorum(rules, voters),
        queue=queue,
        open=open_vote_state(vote, rules) if vote else None,
        history=history,
    )


def room_context(request: HttpRequest, committee: Committee, role: CommitteeRole, **extra):
    room = room_state(committee)
    context = {
        "committee": committee,
        "role": role,
        "room": room,
        "kind_choices": VoteKind.choices,
        "method_choices": Vote.Method.choices,
        "ballot": ballot_box_context(request, committee, role, room=room),
        "urls": {"roll_call": reverse("committees:roll_call", args=[committee.slug])},
    }
    context.update(extra)
    return context


def _poll_version(request: HttpRequest, slug: str) -> int | None:
    """The clock, in one indexed query that also checks the person has a role here."""
    clocks = ProcedureClock.objects.filter(committee__slug=slug)
    if not request.user.is_staff:
        clocks = clocks.filter(
            Q(committee__chairs__user=request.user)
            | Q(committee__delegations__delegates__user=request.user)
        )
    return clocks.values_list("version", flat=True).first()


def _client_version(request: HttpRequest) -> int | None:
    try:
        return int(request.GET.get("v", ""))
    except ValueError:
        return None


# --- the chair's dashboard -------------------------------------------------------------------


@require_GET
def chair_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    committee, role = committee_for(request, slug)
    require_moderator(role)
    return render(request, "committees/chair.html", room_context(request, committee, role))


@require_GET
def poll(request: HttpRequest, slug: str) -> HttpResponse:
    """`?v=<version>&screen=chair|projector|ballot&vote=<open vote id>` → 204 or fresh parts."""
    version = _poll_version(request, slug)
    if version is not None and version == _client_version(request):
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
            room_context(request, committee, role),
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


def _moderator(request: HttpRequest, slug: str):
    committee, role = committee_for(request, slug)
    require_moderator(role)
    return committee, role


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@require_POST
def session_open(request: HttpRequest, slug: str) -> HttpResponse:
    committee, role = _moderator(request, slug)
    try:
        session = proc.open_session(committee=committee, by=request.user)
    except proc.ProcedureError as exc:
        return _chair_done(request, committee, role, error=str(exc))
    return _chair_done(
        request, committee, role, f"Session {session.number} is open. Take the roll."
    )


@require_POST
def session_close(request: HttpRequest, slug: str) -> HttpResponse:
    committee, role = _moderator(request, slug)
    session = proc.current_session(committee)
    if session is None:
        return _chair_done(request, committee, role, error="No session is open.")
    try:
        proc.close_session(session=session, by=request.user)
    except proc.ProcedureError as exc:
        return _chair_done(request, committee, role, error=str(exc))
    return _chair_done(request, committee, role, f"Session {session.number} is closed.")


@require_POST
def roll_call(request: HttpRequest, slug: str) -> HttpResponse:
    committee, role = _moderator(request, slug)
    session = proc.current_session(committee)
    if session is None:
        return _chair_done(request, committee, role, error="Open a session to take the roll.")
    delegation_id, attendance = request.POST.get("delegation"), request.POST.get("attendance", "")
    if "mark" in request.POST:
        # One form for the whole roll: each button says "<delegation id>:<attendance>".
        delegation_id, _, attendance = request.POST["mark"].partition(":")
    if request.POST.get("all_remaining"):
        # "Everyone not yet called is present": the usual start of a roll call.
        called = set(
            RollCallEntry.objects.filter(session=session).values_list("delegation_id", flat=True)
        )
        targets = [d for d in committee.delegations.select_related("country") if d.pk not in called]
        attendance = "present"
    else:
        delegation = committee.delegations.filter(pk=_int(delegation_id)).first()
        if delegation is None:
            return _chair_done(
                request, committee, role, error="Choose a delegation of this committee."
            )
        targets = [delegation]
    try:
        for delegation in targets:
            proc.record_attendance(
                session=session, delegation=delegation, attendance=attendance, by=request.user
            )
    except proc.ProcedureError as exc:
        return _chair_done(request, committee, role, error=str(exc))
    return _chair_done(request, committee, role)


@require_POST
def motion_create(request: HttpRequest, slug: str) -> HttpResponse:
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
def motion_withdraw(request: HttpRequest, slug: str, motion_id: int) -> HttpResponse:
    committee, role = _moderator(request, slug)
    motion = _committee_motion(committee, motion_id)
    try:
        proc.withdraw_motion(motion=motion, by=request.user)
    except proc.ProcedureError as exc:
        return _chair_done(request, committee, role, error=str(exc))
    return _chair_done(request, committee, role, f"“{motion.title}” was withdrawn.")


@require_POST
def vote_open(request: HttpRequest, slug: str, motion_id: int) -> HttpResponse:
    committee, role = _moderator(request, slug)
    motion = _committee_motion(committee, motion_id)
    try:
        vote = proc.open_vote(motion=motion, method=request.POST.get("method", ""), by=request.user)
    except proc.ProcedureError as exc:
        return _chair_done(request, committee, role, error=str(exc))
    return _chair_done(
        request, committee, role, f"Voting on “{motion.title}” ({vote.method_label})."
    )


@require_POST
def vote_close(request: HttpRequest, slug: str, vote_id: int) -> HttpResponse:
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
                error="Type whole numbers (0 or more) for each count.",
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
def vote_cancel(request: HttpRequest, slug: str, vote_id: int) -> HttpResponse:
    committee, role = _moderator(request, slug)
    vote = _committee_vote(committee, vote_id)
    try:
        proc.cancel_vote(vote=vote, by=request.user)
    except proc.ProcedureError as exc:
        return _chair_done(request, committee, role, error=str(exc))
    return _chair_done(request, committee, role, "Vote cancelled; the motion is back in the queue.")


@require_POST
def roll_call_answer(request: HttpRequest, slug: str, vote_id: int) -> HttpResponse:
    committee, role = _moderator(request, slug)
    vote = _committee_vote(committee, vote_id)
    delegation = (
        committee.delegations.select_related("country")
        .filter(pk=_int(request.POST.get("delegation")))
        .first()
    )
    if delegation is None:
        return _chair_done(request, committee, role, error="Choose a delegation of this committee.")
    try:
        proc.record_roll_call_answer(
            vote=vote, delegation=delegation, choice=request.POST.get("choice", ""), by=request.user
        )
    except proc.ProcedureError as exc:
        return _chair_done(request, committee, role, error=str(exc))
    return _chair_done(request, committee, role)


@require_POST
def roll_call_undo(request: HttpRequest, slug: str, vote_id: int) -> HttpResponse:
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
def projector(request: HttpRequest, slug: str) -> HttpResponse:
    committee, role = committee_for(request, slug)
    return render(request, "committees/projector.html", room_context(request, committee, role))


# --- delegates' ballot -------------------------------------------------------------------------


@dataclass
class BallotBox:
    committee: Committee
    version: int
    vote: Vote | None
    delegation: Delegation | None
    may_vote: bool = False
    reason: str = ""
    choices: tuple[str, ...] = ()
    mine: Ballot | None = None
    tally: Tally | None = None
    last_result: Vote | None = None
    error: str = ""
    notice: str = ""
    next_url: str = ""


def ballot_box_context(
    request: HttpRequest,
    committee: Committee,
    role: CommitteeRole,
    *,
    room: Room | None = None,
    error: str = "",
    notice: str = "",
) -> BallotBox:
    """What the ballot partial shows to this person (any page may include it)."""
    if room is not None:
        vote = room.open.vote if room.open else None
        version, rules, last = room.version, room.rules, room.last_result
    else:
        vote = (
            Vote.objects.filter(committee=committee, status=Vote.Status.OPEN)
            .select_related("motion", "committee")
            .first()
        )
        version, rules = proc.clock_version(committee.pk), proc.rules_for(committee)
        last = (
            Vote.objects.filter(committee=committee, status=Vote.Status.CLOSED)
            .select_related("motion")
            .order_by("-closed_at", "-id")
            .first()
        )
    box = BallotBox(
        committee=committee,
        version=version,
        vote=vote,
        delegation=role.delegation,
        last_result=last,
        error=error,
        notice=notice,
        next_url=request.get_full_path() if not request.htmx else "",
    )
    if vote is None:
        return box
    ballots = list(vote.ballots.all())
    box.tally = Tally(eligible=len(vote.electorate))
    for ballot in ballots:
        if ballot.choice == Ballot.Choice.PASS:
            box.tally.passed += 1
        else:
            setattr(box.tally, ballot.choice, getattr(box.tally, ballot.choice) + 1)
    if role.delegation is None:
        box.reason = "Only delegations vote."
        return box
    box.mine = next((b for b in ballots if b.delegation_id == role.delegation.pk), None)
    voter = vote.voter(role.delegation.pk)
    if voter is None:
        box.reason = (
            f"{role.delegation.country.name} may not vote on this motion "
            "(absent at the roll call, or an observer on a substantive vote)."
        )
        return box
    if vote.method == Vote.Method.ROLL_CALL:
        state = proc.roll_call_state(vote, ballots)
        calling = next((e["name"] for e in vote.electorate if str(e["id"]) == state.calling), "")
        box.reason = "The chair is calling the roll: answer aloud when your delegation is called."
        if calling == role.delegation.country.name:
            box.reason = f"{calling} is being called now: answer aloud."
        elif calling:
            box.reason += f" Now calling: {calling}."
        return box
    if vote.method != Vote.Method.ELECTRONIC:
        box.reason = "Raise your placard when the chair calls for votes."
        return box
    allowed = voting.eligibility(rules, voter, vote.motion.kind)
    box.may_vote = box.mine is None
    box.choices = tuple(c.value for c in allowed.choices)
    box.reason = allowed.reason
    return box


def _ballot_response(request, committee, role, *, error="", notice=""):
    box = ballot_box_context(request, committee, role, error=error, notice=notice)
    if request.htmx:
        response = render(request, "committees/_ballot.html", {"ballot": box})
        response["HX-Trigger"] = "procedure-changed"
        return response
    if error:
        messages.error(request, error)
    elif notice:
        messages.success(request, notice)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = ""
    return redirect(target or "committees:votes", **({} if target else {"slug": committee.slug}))


@require_POST
def cast_ballot(request: HttpRequest, slug: str, vote_id: int) -> HttpResponse:
    committee, role = committee_for(request, slug)
    vote = _committee_vote(committee, vote_id)
    if role.delegation is None:
        raise PermissionDenied("Only a delegation votes, and only for itself.")
    choice = request.POST.get("choice", "")
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
def votes(request: HttpRequest, slug: str) -> HttpResponse:
    committee, role = committee_for(request, slug)
    closed = list(
        Vote.objects.filter(committee=committee, status=Vote.Status.CLOSED)
        .select_related("motion")
        .order_by("-closed_at", "-id")
    )
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


def _record_rows(vote: Vote) -> list[ElectorRow]:
    ballots = {b.delegation_id: b for b in vote.ballots.all()}
    rows = []
    for elector in vote.electorate:
        ballot = ballots.get(elector["id"])
        rows.append(
            ElectorRow(
                delegation_id=elector["id"],
                name=elector["name"],
                attendance=elector["attendance"],
                observer=elector["observer"],
                permanent_member=elector["permanent_member"],
                choice=ballot.choice if ballot else None,
                passed_first=bool(ballot and ballot.passed_first),
            )
        )
    return rows


@require_GET
def vote_record(request: HttpRequest, slug: str, vote_id: int) -> HttpResponse:
    committee, role = committee_for(request, slug)
    vote = _committee_vote(committee, vote_id)
    return render(
        request,
        "committees/vote_record.html",
        {
            "committee": committee,
            "role": role,
            "vote": vote,
            "rows": _record_rows(vote),
            # Individual ballots are published once the vote closes, so that nobody votes
            # by watching others (the chair sees them live on the dashboard).
            "individual": vote.method != Vote.Method.PLACARD
            and (not vote.is_open or role.can_moderate),
        },
    )


@require_GET
def vote_record_csv(request: HttpRequest, slug: str, vote_id: int) -> HttpResponse:
    committee, role = committee_for(request, slug)
    vote = _committee_vote(committee, vote_id)
    if vote.is_open:
        raise Http404("The record is available once the vote is closed.")
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
    for number, row in enumerate(_record_rows(vote), start=1):
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
