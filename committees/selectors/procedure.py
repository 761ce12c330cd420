"""Reads for procedure: the state of the room (roll, queue, open vote with its tally and
elector rows, history), the delegate's ballot box and vote records, each in a fixed number of
queries whatever the number of delegations and ballots. Tallies and elector rows are built in
one place (``tally_of``, ``elector_rows``) for every screen that shows them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from committees.access import CommitteeRole
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
)

HISTORY_LENGTH = 8


# --- rules, clock, session --------------------------------------------------------------------


def rules_for(committee: Committee) -> voting.RuleProfile:
    """The committee's preset with its own changes (no query: both sit on the committee row)."""
    try:
        return voting.profile_for(committee.rule_profile, committee.rule_overrides or None)
    except voting.RulesError:
        # The editor validates what it saves; if stored changes rot, the preset still holds.
        return voting.preset(committee.rule_profile)


def clock_version(committee_id: int) -> int:
    return (
        ProcedureClock.objects.filter(committee_id=committee_id)
        .values_list("version", flat=True)
        .first()
        or 0
    )


def current_session(committee: Committee) -> Session | None:
    return Session.objects.filter(committee=committee, closed_at__isnull=True).first()


def attendance_at(session: Session | None) -> dict[int, str]:
    """Delegation id → attendance recorded at this session's roll call."""
    if session is None:
        return {}
    return dict(
        RollCallEntry.objects.filter(session=session).values_list("delegation_id", "attendance")
    )


def roll_voters(delegations, attendance: dict[int, str]) -> list[voting.Voter]:
    """Delegations as the engine sees them; not yet called counts as absent."""
    return [
        voting.Voter(
            key=str(d.pk),
            name=d.country.name,
            attendance=voting.Attendance(attendance.get(d.pk, voting.Attendance.ABSENT)),
            observer=d.status == Delegation.Status.OBSERVER,
            permanent_member=d.country.permanent_member,
        )
        for d in delegations
    ]


def roll_call_state(vote: Vote, ballots=None) -> voting.RollCallState:
    order = [str(v["id"]) for v in vote.electorate]
    records: list[tuple[str, str]] = []
    by_delegation = {
        str(b.delegation_id): b for b in (ballots if ballots is not None else vote.ballots.all())
    }
    for key in order:
        ballot = by_delegation.get(key)
        if ballot is None:
            continue
        passes = max(ballot.passes, 1 if ballot.passed_first else 0)
        records.extend((key, voting.Choice.PASS) for _ in range(passes))
        if ballot.choice != Ballot.Choice.PASS:
            records.append((key, ballot.choice))
    return voting.roll_call_state(order, records)


# --- the state of the room -------------------------------------------------------------------


@dataclass
class Tally:
    yes: int = 0
    no: int = 0
    abstain: int = 0
    passed: int = 0  # roll call: passed, waiting to be called again
    eligible: int = 0
    by_device: int = 0  # electronic votes: ballots cast on devices …
    by_chair: int = 0  # … and entered by the chair for delegations without one

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
    source: str = ""
    # Electronic votes: what the chair may enter for a delegation that has not voted.
    chair_choices: tuple[str, ...] = ()

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
    # Electronic votes: may the chair close while some have not voted (the rules say)?
    close_with_silent: bool = True


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
    # Voting procedure decided on the floor for the next vote on a text: "roll_call" (a motion
    # for a roll-call vote passed), "split_house" (a motion to split the house passed).
    floor_asks: frozenset[str] = frozenset()

    @property
    def last_result(self) -> Vote | None:
        return self.history[0] if self.history else None


def tally_of(vote: Vote, ballots: list[Ballot]) -> Tally:
    """The running count of a vote from its ballots (no query)."""
    tally = Tally(eligible=len(vote.electorate))
    for ballot in ballots:
        if ballot.choice == Ballot.Choice.PASS:
            tally.passed += 1
        else:
            setattr(tally, ballot.choice, getattr(tally, ballot.choice) + 1)
            if vote.method == Vote.Method.ELECTRONIC:
                if ballot.source == Ballot.Source.CHAIR:
                    tally.by_chair += 1
                else:
                    tally.by_device += 1
    return tally


def elector_rows(vote: Vote, ballots: list[Ballot]) -> list[ElectorRow]:
    """One row per delegation on the vote's electorate, in roll-call order, with its ballot."""
    by_delegation = {b.delegation_id: b for b in ballots}
    rows = []
    for elector in vote.electorate:
        ballot = by_delegation.get(elector["id"])
        rows.append(
            ElectorRow(
                delegation_id=elector["id"],
                name=elector["name"],
                attendance=elector["attendance"],
                observer=elector["observer"],
                permanent_member=elector["permanent_member"],
                choice=ballot.choice if ballot else None,
                passed_first=bool(ballot and ballot.passed_first),
                source=ballot.source if ballot else "",
            )
        )
    return rows


def open_vote_state(vote: Vote, rules: voting.RuleProfile) -> OpenVote:
    ballots = list(vote.ballots.all())
    tally = tally_of(vote, ballots)
    rows = elector_rows(vote, ballots)
    split = vote.no_abstentions
    voters = {v.key: v for v in vote.voters()}
    state = OpenVote(
        vote=vote,
        tally=tally,
        rows=rows,
        permanent_members=[r.name for r in rows if r.permanent_member],
        may_abstain=any(
            voting.Choice.ABSTAIN
            in voting.eligibility(rules, v, vote.motion.kind, no_abstentions=split).choices
            for v in voters.values()
        ),
        close_with_silent=rules.silence is voting.Silence.NOT_VOTING,
    )
    if vote.method == Vote.Method.ELECTRONIC:
        for row in rows:
            if row.choice is None:
                allowed = voting.eligibility(
                    rules, voters[str(row.delegation_id)], vote.motion.kind, no_abstentions=split
                )
                row.chair_choices = tuple(c.value for c in allowed.choices)
    if vote.method == Vote.Method.ROLL_CALL:
        roll = roll_call_state(vote, ballots)
        state.second_round = roll.second_round
        state.roll_call_done = roll.done
        for row in rows:
            if roll.calling == str(row.delegation_id):
                row.called = True
                state.calling = row
                voter = voters[str(row.delegation_id)]
                choices = voting.eligibility(
                    rules,
                    voter,
                    vote.motion.kind,
                    roll_call=True,
                    no_abstentions=split,
                    passes_used=roll.passes.get(voter.key, 0),
                ).choices
                if roll.second_round and rules.passed_must_vote_yes_or_no:
                    choices = tuple(c for c in choices if c is not voting.Choice.ABSTAIN)
                state.calling_choices = tuple(c.value for c in choices)
    return state


def floor_asks(session: Session | None) -> frozenset[str]:
    """What the floor decided for the next vote on a draft or an amendment: the motions for a
    roll-call vote or to split the house passed since the last such vote opened (two queries)."""
    from committees.models.floor import FloorMotion

    if session is None:
        return frozenset()
    last = (
        Vote.objects.filter(session=session)
        .exclude(motion__kind=voting.VoteKind.PROCEDURAL.value)
        .order_by("-opened_at")
        .values_list("opened_at", flat=True)
        .first()
    )
    passed = FloorMotion.objects.filter(
        session=session,
        status=FloorMotion.Status.PASSED,
        kind__in=["roll_call_vote", "split_house"],
    )
    if last is not None:
        passed = passed.filter(decided_at__gt=last)
    words = {"roll_call_vote": "roll_call", "split_house": "split_house"}
    return frozenset(words[kind] for kind in passed.values_list("kind", flat=True))


def room_state(
    committee: Committee, *, with_roll: bool = True, with_floor_asks: bool = False
) -> Room:
    """Everything the procedure screens show, in a fixed number of queries."""
    rules = rules_for(committee)
    session = current_session(committee)
    delegations = list(committee.delegations.select_related("country").order_by("country__name"))
    attendance = attendance_at(session)
    roll = [RollRow(d, attendance.get(d.pk)) for d in delegations]
    voters = roll_voters(delegations, attendance)
    vote = (
        Vote.objects.open()
        .filter(committee=committee)
        .select_related("motion", "committee")
        .first()
    )
    queue = list(
        committee.motions.in_queue()
        .select_related("proposed_by__country")
        # A text already divided is not offered for division again (its parts are voted first).
        .annotate(is_divided=Exists(Motion.objects.filter(part_of=OuterRef("pk"))))
    )
    for motion in queue:
        # Reversed here once rather than twice per motion in the template.
        motion.open_vote_url = reverse("committees:vote_open", args=[committee.slug, motion.pk])
        motion.withdraw_url = reverse(
            "committees:motion_withdraw", args=[committee.slug, motion.pk]
        )
    history = list(
        Vote.objects.latest_first()
        .filter(committee=committee)
        .select_related("motion")[:HISTORY_LENGTH]
    )
    return Room(
        # Only the chair's board reads it: two queries whatever the queue's length.
        floor_asks=floor_asks(session) if with_floor_asks else frozenset(),
        committee=committee,
        version=clock_version(committee.pk),
        rules=rules,
        session=session,
        roll=roll if with_roll else [],
        quorum=voting.quorum(rules, voters),
        queue=queue,
        open=open_vote_state(vote, rules) if vote else None,
        history=history,
    )


def poll_version(slug: str, user) -> int | None:
    """The committee's procedure clock, in one indexed query that also checks the person has a
    role here (``None`` when they have none, or the committee has no clock yet)."""
    clocks = ProcedureClock.objects.filter(committee__slug=slug)
    if not user.is_staff:
        clocks = clocks.filter(
            Q(committee__chairs__user=user) | Q(committee__delegations__delegates__user=user)
        )
    return clocks.values_list("version", flat=True).first()


# --- the delegate's ballot and the record ----------------------------------------------------


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
    poll_token: str = ""  # set by the view: lets an unchanged poll skip the session
    subject: dict | None = None  # what is voted on (``committees.dashboard.motion_subject``)
    pending: str = ""  # a choice waiting for the delegate's confirmation


def ballot_box(committee: Committee, role: CommitteeRole, *, room: Room | None = None) -> BallotBox:
    """What the ballot partial shows to this person (any page may include it)."""
    if room is not None:
        vote = room.open.vote if room.open else None
        version, rules, last = room.version, room.rules, room.last_result
    else:
        vote = (
            Vote.objects.open()
            .filter(committee=committee)
            .select_related("motion", "committee")
            .first()
        )
        version, rules = clock_version(committee.pk), rules_for(committee)
        last = (
            Vote.objects.latest_first().filter(committee=committee).select_related("motion").first()
        )
    box = BallotBox(
        committee=committee,
        version=version,
        vote=vote,
        delegation=role.delegation,
        last_result=last,
    )
    if vote is None:
        return box
    ballots = list(vote.ballots.all())
    box.tally = tally_of(vote, ballots)
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
        state = roll_call_state(vote, ballots)
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
    allowed = voting.eligibility(rules, voter, vote.motion.kind, no_abstentions=vote.no_abstentions)
    box.may_vote = box.mine is None
    box.choices = tuple(c.value for c in allowed.choices)
    box.reason = allowed.reason
    return box


def vote_record_rows(vote: Vote) -> list[ElectorRow]:
    """The published record of a vote: every elector with its ballot (one query)."""
    return elector_rows(vote, list(vote.ballots.all()))
