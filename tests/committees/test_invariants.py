"""The promises of procedure, each tested so that removing the line that keeps it fails here,
on SQLite as on PostgreSQL (docs/architecture.md, "Invariants and their tests").

- Every change moves the committee's procedure clock (open screens refresh on it), in the
  same transaction; a refused request changes nothing, the clock included.
- One ballot per delegation and vote; nothing is accepted once the vote is closed, even from
  a request that read the vote while it was open.
- The roll call is recorded in one transaction: one bad mark and nothing is written.
- ``vote_closed`` is sent inside the closing transaction: when the owner of what was voted
  on refuses the outcome, the vote stays open.
"""

import pytest
from django.db import IntegrityError, transaction

from committees import signals
from committees.models import Ballot, Motion, RollCallEntry, Vote
from committees.services import procedure as proc
from committees.services.procedure import PlacardCounts, ProcedureError
from tests.committees import test_procedure_services as base
from tests.committees.test_procedure_services import motion, take_roll

pytestmark = pytest.mark.django_db

room = base.room  # the same committee of six members and an observer, in session


def clock(room) -> int:
    return proc.clock_version(room[0].pk)


def electronic_vote(room, kind="procedural"):
    take_roll(room)
    return proc.open_vote(motion=motion(room, kind), method="electronic", by=room[2])


# --- the clock --------------------------------------------------------------------------------


def test_the_first_change_of_a_committee_starts_its_clock(other_committee, chair):
    assert proc.clock_version(other_committee.pk) == 0
    proc.open_session(committee=other_committee, by=chair)
    assert proc.clock_version(other_committee.pk) == 1


def test_opening_and_closing_a_session_bump_the_clock(room):
    committee, _, chair, session = room
    before = clock(room)
    proc.close_session(session=session, by=chair)
    assert clock(room) == before + 1
    proc.open_session(committee=committee, by=chair)
    assert clock(room) == before + 2


def test_the_roll_call_bumps_the_clock_once_per_request(room):
    _, delegations, chair, session = room
    before = clock(room)
    proc.record_roll(session=session, remaining_present=True, by=chair)
    assert clock(room) == before + 1
    proc.record_roll(session=session, marks={delegations["MEX"].pk: "absent"}, by=chair)
    assert clock(room) == before + 2


def test_motions_bump_the_clock(room):
    before = clock(room)
    queued = motion(room)
    assert clock(room) == before + 1
    proc.update_motion_text(motion=queued, text="New words")
    assert clock(room) == before + 2
    proc.withdraw_motion(motion=queued, by=room[2])
    assert clock(room) == before + 3


def test_every_step_of_an_electronic_vote_bumps_the_clock(room):
    take_roll(room)
    before = clock(room)
    vote = proc.open_vote(motion=motion(room), method="electronic", by=room[2])
    assert clock(room) == before + 2  # the motion, then the vote
    proc.cast_ballot(vote=vote, delegation=room[1]["MEX"], choice="yes", by=None)
    assert clock(room) == before + 3
    proc.close_vote(vote=vote, by=room[2])
    assert clock(room) == before + 4


def test_closing_a_placard_vote_bumps_the_clock(room):
    take_roll(room)
    vote = proc.open_vote(motion=motion(room), method="placard", by=room[2])
    before = clock(room)
    proc.close_vote(vote=vote, by=room[2], counts=PlacardCounts(yes=5, no=1))
    assert clock(room) == before + 1


def test_cancelling_a_vote_bumps_the_clock(room):
    take_roll(room)
    vote = proc.open_vote(motion=motion(room), method="placard", by=room[2])
    before = clock(room)
    proc.cancel_vote(vote=vote, by=room[2])
    assert clock(room) == before + 1


def test_every_roll_call_answer_bumps_the_clock(room):
    take_roll(room)
    vote = proc.open_vote(motion=motion(room), method="roll_call", by=room[2])
    first = vote.electorate[0]["id"]
    delegation = next(d for d in room[1].values() if d.pk == first)
    before = clock(room)
    proc.record_roll_call_answer(vote=vote, delegation=delegation, choice="yes", by=room[2])
    assert clock(room) == before + 1
    proc.undo_roll_call_answer(vote=vote, by=room[2])
    assert clock(room) == before + 2


def test_a_refused_request_leaves_the_clock_alone(room):
    vote = electronic_vote(room)
    second = motion(room, title="Suspension of the meeting")
    proc.cast_ballot(vote=vote, delegation=room[1]["MEX"], choice="yes", by=None)
    before = clock(room)
    with pytest.raises(ProcedureError, match="already voted"):
        proc.cast_ballot(vote=vote, delegation=room[1]["MEX"], choice="no", by=None)
    with pytest.raises(ProcedureError, match="Another vote is open"):
        proc.open_vote(motion=second, method="electronic", by=room[2])
    with pytest.raises(ProcedureError, match="Only a motion waiting"):
        proc.withdraw_motion(motion=vote.motion, by=room[2])
    assert clock(room) == before


# --- ballots ----------------------------------------------------------------------------------


def test_one_ballot_per_delegation(room):
    vote = electronic_vote(room)
    mexico = room[1]["MEX"]
    proc.cast_ballot(vote=vote, delegation=mexico, choice="yes", by=None)
    with pytest.raises(ProcedureError, match="Mexico has already voted yes"):
        proc.cast_ballot(vote=vote, delegation=mexico, choice="no", by=None)
    assert list(Ballot.objects.filter(vote=vote).values_list("choice", flat=True)) == ["yes"]


def test_a_delegation_votes_again_on_the_next_motion(room):
    vote = electronic_vote(room)
    mexico = room[1]["MEX"]
    proc.cast_ballot(vote=vote, delegation=mexico, choice="yes", by=None)
    proc.close_vote(vote=vote, by=room[2])
    following = proc.open_vote(motion=motion(room), method="electronic", by=room[2])
    proc.cast_ballot(vote=following, delegation=mexico, choice="no", by=None)
    assert Ballot.objects.get(vote=following, delegation=mexico).choice == "no"


def test_the_database_keeps_one_ballot_per_delegation(room):
    vote = electronic_vote(room)
    mexico = room[1]["MEX"]
    Ballot.objects.create(vote=vote, delegation=mexico, choice="yes")
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(vote=vote, delegation=mexico, choice="no")


def test_no_ballot_after_the_vote_closed(room):
    vote = electronic_vote(room)
    stale = Vote.objects.get(pk=vote.pk)  # a delegate's page read the vote while it was open
    proc.close_vote(vote=vote, by=room[2])
    with pytest.raises(ProcedureError, match="closed"):
        proc.cast_ballot(vote=stale, delegation=room[1]["MEX"], choice="yes", by=None)
    assert not Ballot.objects.filter(vote=vote).exists()


def test_a_vote_closes_once(room):
    vote = electronic_vote(room)
    proc.cast_ballot(vote=vote, delegation=room[1]["MEX"], choice="yes", by=None)
    stale = Vote.objects.get(pk=vote.pk)
    closed = proc.close_vote(vote=vote, by=room[2])
    before = clock(room)
    with pytest.raises(ProcedureError, match="closed"):
        proc.close_vote(vote=stale, by=room[2])
    assert clock(room) == before
    stored = Vote.objects.get(pk=vote.pk)
    assert stored.closed_at is not None and stored.closed_at == closed.closed_at
    assert stored.closed_by == room[2]


def test_the_result_is_counted_from_the_ballots(room):
    vote = electronic_vote(room, kind="resolution")
    d = room[1]
    for iso3, choice in [("MEX", "yes"), ("USA", "yes"), ("CHN", "no"), ("FRA", "abstain")]:
        proc.cast_ballot(vote=vote, delegation=d[iso3], choice=choice, by=None)
    closed = proc.close_vote(vote=vote, by=room[2])
    stored = Vote.objects.get(pk=vote.pk)
    assert (stored.yes, stored.no, stored.abstain) == (2, 1, 1)
    assert stored.status == Vote.Status.CLOSED and stored.passed is closed.passed
    assert stored.motion.status == ("passed" if closed.passed else "failed")


def test_a_failed_vote_fails_its_motion(room):
    vote = electronic_vote(room)
    for iso3 in ("MEX", "USA", "CHN"):
        proc.cast_ballot(vote=vote, delegation=room[1][iso3], choice="no", by=None)
    closed = proc.close_vote(vote=vote, by=room[2])
    assert closed.passed is False
    stored = Vote.objects.select_related("motion").get(pk=vote.pk)
    assert stored.passed is False and stored.motion.status == "failed"
    assert stored.explanation == closed.explanation != ""


# --- the roll call ----------------------------------------------------------------------------


def test_the_roll_call_is_recorded_in_one_transaction(other_committee, room):
    _, delegations, chair, session = room
    foreign = other_committee.delegations.first()
    before = clock(room)
    with pytest.raises(ProcedureError, match="does not sit in this committee"):
        proc.record_roll(
            session=session,
            marks={delegations["MEX"].pk: "present", foreign.pk: "present"},
            by=chair,
        )
    with pytest.raises(ProcedureError, match="Choose present"):
        proc.record_roll(
            session=session,
            marks={delegations["MEX"].pk: "present", delegations["USA"].pk: "asleep"},
            by=chair,
        )
    assert not RollCallEntry.objects.filter(session=session).exists()
    assert clock(room) == before


def test_everyone_remaining_is_marked_present_at_once(room):
    _, delegations, chair, session = room
    proc.record_roll(session=session, marks={delegations["EGY"].pk: "absent"}, by=chair)
    entries = proc.record_roll(session=session, remaining_present=True, by=chair)
    assert len(entries) == len(delegations) - 1
    marks = proc.attendance_at(session)
    assert marks[delegations["EGY"].pk] == "absent"
    assert {marks[d.pk] for iso3, d in delegations.items() if iso3 != "EGY"} == {"present"}


def test_a_closed_session_keeps_its_roll(room):
    _, delegations, chair, session = room
    proc.close_session(session=session, by=chair)
    with pytest.raises(ProcedureError, match="closed"):
        proc.record_roll(session=session, marks={delegations["MEX"].pk: "present"}, by=chair)
    assert not RollCallEntry.objects.filter(session=session).exists()


# --- signals ----------------------------------------------------------------------------------


def test_vote_closed_runs_inside_the_closing_transaction(room):
    vote = electronic_vote(room)

    def refuse(sender, **kwargs):
        raise ProcedureError("The amendment can no longer be applied.")

    signals.vote_closed.connect(refuse, dispatch_uid="test-refuse")
    try:
        with pytest.raises(ProcedureError, match="no longer be applied"):
            proc.close_vote(vote=vote, by=room[2])
    finally:
        signals.vote_closed.disconnect(dispatch_uid="test-refuse")
    stored = Vote.objects.get(pk=vote.pk)
    assert stored.status == Vote.Status.OPEN and stored.motion.status == "voting"


@pytest.mark.parametrize(
    ("signal", "act"),
    [
        ("vote_opened", lambda room, m: proc.open_vote(motion=m, method="placard", by=room[2])),
        ("motion_withdrawn", lambda room, m: proc.withdraw_motion(motion=m, by=room[2])),
    ],
)
def test_procedure_announces_what_happened_to_a_motion(room, signal, act):
    take_roll(room)
    queued = motion(room)
    seen = []

    def listen(sender, *, motion, **kwargs):
        seen.append((motion.pk, motion.status))

    getattr(signals, signal).connect(listen, dispatch_uid="test-listen")
    try:
        act(room, queued)
    finally:
        getattr(signals, signal).disconnect(dispatch_uid="test-listen")
    assert seen == [(queued.pk, "voting" if signal == "vote_opened" else "withdrawn")]


def test_closing_a_vote_announces_the_motion_and_its_result(room):
    vote = electronic_vote(room)
    seen = []

    def listen(sender, *, motion, vote, result, **kwargs):
        seen.append((sender, motion.pk, motion.status, vote.status, result.passed))

    signals.vote_closed.connect(listen, dispatch_uid="test-closed")
    try:
        proc.close_vote(vote=vote, by=room[2])
    finally:
        signals.vote_closed.disconnect(dispatch_uid="test-closed")
    (sender, motion_pk, status, vote_status, passed) = seen[0]
    assert sender is Motion and motion_pk == vote.motion_id
    assert (status, vote_status) == ("passed" if passed else "failed", "closed")


def test_cancelling_a_vote_is_announced(room):
    take_roll(room)
    vote = proc.open_vote(motion=motion(room), method="placard", by=room[2])
    seen = []

    def listen(sender, *, motion, **kwargs):
        seen.append(motion.status)

    signals.vote_cancelled.connect(listen, dispatch_uid="test-cancel")
    try:
        proc.cancel_vote(vote=vote, by=room[2])
    finally:
        signals.vote_cancelled.disconnect(dispatch_uid="test-cancel")
    assert seen == ["queued"]
