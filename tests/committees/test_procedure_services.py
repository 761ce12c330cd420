"""Sessions, roll call, motions and votes through the services, as a chair runs them."""

import random

import pytest

from committees import signals
from committees.models import Ballot, Committee, Country, Delegation, Motion, Vote
from committees.services import procedure as proc
from committees.services.procedure import PlacardCounts, ProcedureError

pytestmark = pytest.mark.django_db

COUNTRIES = [
    ("USA", "United States", True),
    ("MEX", "Mexico", False),
    ("CHN", "China", True),
    ("FRA", "France", True),
    ("BRA", "Brazil", False),
    ("EGY", "Egypt", False),
]


@pytest.fixture
def room(django_user_model):
    """A committee of six members and one observer, a chair, and an open session."""
    committee = Committee.objects.create(slug="room", name="Room", acronym="RM")
    delegations = {}
    for iso3, name, p5 in COUNTRIES:
        country, _ = Country.objects.get_or_create(
            iso3=iso3, defaults={"name": name, "permanent_member": p5}
        )
        delegations[iso3] = Delegation.objects.create(committee=committee, country=country)
    holy_see, _ = Country.objects.get_or_create(
        iso3="VAT", defaults={"name": "Holy See", "un_status": "observer"}
    )
    delegations["VAT"] = Delegation.objects.create(
        committee=committee, country=holy_see, status=Delegation.Status.OBSERVER
    )
    chair = django_user_model.objects.create_user("room-chair")
    session = proc.open_session(committee=committee, by=chair)
    return committee, delegations, chair, session


def take_roll(room, **attendance):
    committee, delegations, chair, session = room
    for iso3, delegation in delegations.items():
        proc.record_attendance(
            session=session,
            delegation=delegation,
            attendance=attendance.get(iso3, "present"),
            by=chair,
        )


def motion(room, kind="procedural", title="Moderated caucus, 10 minutes"):
    committee, _, chair, _ = room
    return proc.create_motion(committee=committee, kind=kind, title=title, by=chair)


def test_one_open_session_at_a_time(room):
    committee, _, chair, session = room
    with pytest.raises(ProcedureError, match="already open"):
        proc.open_session(committee=committee, by=chair)
    proc.close_session(session=session, by=chair)
    second = proc.open_session(committee=committee, by=chair)
    assert second.number == 2


def test_roll_call_decides_who_may_vote(room):
    take_roll(room, MEX="present_and_voting", EGY="absent")
    vote = proc.open_vote(motion=motion(room, "resolution"), method="electronic", by=room[2])
    names = [v["name"] for v in vote.electorate]
    # Egypt is absent and the Holy See is an observer on a substantive vote.
    assert names == ["Brazil", "China", "France", "Mexico", "United States"]
    d = room[1]
    with pytest.raises(ProcedureError, match="may not vote"):
        proc.cast_ballot(vote=vote, delegation=d["EGY"], choice="yes", by=None)
    with pytest.raises(ProcedureError, match="present and voting: may not abstain"):
        proc.cast_ballot(vote=vote, delegation=d["MEX"], choice="abstain", by=None)
    proc.cast_ballot(vote=vote, delegation=d["USA"], choice="abstain", by=None)


def test_observer_votes_on_procedure(room):
    take_roll(room)
    vote = proc.open_vote(motion=motion(room), method="electronic", by=room[2])
    assert "Holy See" in [v["name"] for v in vote.electorate]
    # As at the UN (rule 126), abstaining is open on procedural votes too.
    proc.cast_ballot(vote=vote, delegation=room[1]["VAT"], choice="abstain", by=None)


def test_no_vote_without_quorum_or_session(room):
    committee, delegations, chair, session = room
    take_roll(room, USA="absent", MEX="absent", CHN="absent", FRA="absent", BRA="absent")
    with pytest.raises(ProcedureError, match="no quorum: 1 of 6 members present"):
        proc.open_vote(motion=motion(room), method="placard", by=chair)
    proc.close_session(session=session, by=chair)
    with pytest.raises(ProcedureError, match="Open a session"):
        proc.open_vote(motion=motion(room), method="placard", by=chair)


def test_electronic_vote_one_ballot_per_delegation_then_closed(room):
    take_roll(room)
    committee, d, chair, _ = room
    vote = proc.open_vote(motion=motion(room, "amendment"), method="electronic", by=chair)
    with pytest.raises(ProcedureError, match="Another vote is open"):
        proc.open_vote(motion=motion(room, title="Second"), method="electronic", by=chair)
    proc.cast_ballot(vote=vote, delegation=d["USA"], choice="yes", by=None)
    with pytest.raises(ProcedureError, match="already voted yes"):
        proc.cast_ballot(vote=vote, delegation=d["USA"], choice="no", by=None)
    proc.cast_ballot(vote=vote, delegation=d["MEX"], choice="yes", by=None)
    proc.cast_ballot(vote=vote, delegation=d["CHN"], choice="no", by=None)
    proc.cast_ballot(vote=vote, delegation=d["FRA"], choice="abstain", by=None)
    vote = proc.close_vote(vote=vote, by=chair)
    assert vote.passed is True
    assert vote.explanation == (
        "passes: 2 yes, 1 no, 1 abstention not counted, 2 not voting — more yes than no: "
        "simple majority of those present and voting (rule 125)"
    )
    assert vote.motion.status == Motion.Status.PASSED
    with pytest.raises(ProcedureError, match="closed"):
        proc.cast_ballot(vote=vote, delegation=d["BRA"], choice="yes", by=None)
    with pytest.raises(ProcedureError, match="closed"):
        proc.close_vote(vote=vote, by=chair)
    assert Ballot.objects.filter(vote=vote).count() == 4


def test_placard_vote_counts_checked_and_explained(room):
    take_roll(room, EGY="absent")
    committee, d, chair, _ = room
    vote = proc.open_vote(motion=motion(room, "resolution"), method="placard", by=chair)
    with pytest.raises(ProcedureError, match="placard counts"):
        proc.close_vote(vote=vote, by=chair)
    with pytest.raises(ProcedureError, match="only 5 delegations may vote"):
        proc.close_vote(vote=vote, by=chair, counts=PlacardCounts(yes=4, no=2))
    vote = proc.close_vote(vote=vote, by=chair, counts=PlacardCounts(yes=2, no=2, abstain=1))
    assert vote.passed is False
    assert "a tie: a vote equally divided is rejected (rule 133)" in vote.explanation


def test_security_council_veto_on_placards(room):
    committee, d, chair, _ = room
    committee.rule_profile = "sc"
    committee.save()
    take_roll(room)
    vote = proc.open_vote(motion=motion(room, "resolution"), method="placard", by=chair)
    assert vote.majority == "council_veto"
    with pytest.raises(ProcedureError, match="Mexico is not a permanent member"):
        proc.close_vote(
            vote=vote,
            by=chair,
            counts=PlacardCounts(yes=5, no=1, permanent_members_against=("Mexico",)),
        )
    vote = proc.close_vote(
        vote=vote, by=chair, counts=PlacardCounts(yes=5, no=1, permanent_members_against=("China",))
    )
    # Five yes is short of nine: the draft fails for want of votes, and China's no is no veto.
    assert vote.explanation == (
        "fails: 5 yes, 1 no — 9 yes are needed, 4 short (Charter, Article 27(3)); no veto "
        "arises: China voted no, and a permanent member's no is a veto only when 9 vote yes"
    )


def test_custom_rules_apply(room):
    committee, d, chair, _ = room
    proc.update_rules(
        committee=committee,
        preset="ga",
        rules={"majorities": {"procedural": "two_thirds"}},
        by=chair,
    )
    take_roll(room)
    vote = proc.open_vote(motion=motion(room), method="placard", by=chair)
    vote = proc.close_vote(vote=vote, by=chair, counts=PlacardCounts(yes=4, no=3))
    assert not vote.passed
    assert vote.explanation == (
        "fails: 4 yes, 3 no — two thirds of the 7 present and voting needs 5 yes, 1 short"
    )


def test_roll_call_vote_calls_passes_again(room):
    take_roll(room, EGY="absent", VAT="absent")
    committee, d, chair, _ = room
    vote = proc.open_vote(
        motion=motion(room, "resolution"), method="roll_call", by=chair, rng=random.Random(4)
    )
    order = [v["name"] for v in vote.electorate]
    alphabetical = ["Brazil", "China", "France", "Mexico", "United States"]
    start = alphabetical.index(order[0])
    assert order == alphabetical[start:] + alphabetical[:start]
    by_name = {dl.country.name: dl for dl in d.values()}
    with pytest.raises(ProcedureError, match="is not being called"):
        proc.record_roll_call_answer(
            vote=vote, delegation=by_name[order[1]], choice="yes", by=chair
        )
    with pytest.raises(ProcedureError, match="electronic"):
        proc.cast_ballot(vote=vote, delegation=by_name[order[0]], choice="yes", by=None)
    answers = ["pass", "yes", "yes", "no", "abstain"]
    for name, answer in zip(order, answers, strict=True):
        proc.record_roll_call_answer(vote=vote, delegation=by_name[name], choice=answer, by=chair)
    with pytest.raises(ProcedureError, match=f"not finished: {order[0]} is called"):
        proc.close_vote(vote=vote, by=chair)
    with pytest.raises(ProcedureError, match="may not pass again"):
        proc.record_roll_call_answer(
            vote=vote, delegation=by_name[order[0]], choice="pass", by=chair
        )
    proc.record_roll_call_answer(vote=vote, delegation=by_name[order[0]], choice="no", by=chair)
    vote = proc.close_vote(vote=vote, by=chair)
    assert (vote.yes, vote.no, vote.abstain) == (2, 2, 1)
    assert vote.explanation.startswith("fails: 2 yes, 2 no, 1 abstention not counted — a tie")


def test_clock_moves_with_every_change(room):
    committee, d, chair, session = room
    before = proc.clock_version(committee.pk)
    take_roll(room)
    after_roll = proc.clock_version(committee.pk)
    assert after_roll == before + len(d)
    vote = proc.open_vote(motion=motion(room), method="electronic", by=chair)
    proc.cast_ballot(vote=vote, delegation=d["USA"], choice="yes", by=None)
    assert proc.clock_version(committee.pk) == after_roll + 3


def test_cancel_vote_requeues_motion_and_withdraw(room):
    take_roll(room)
    chair = room[2]
    m = motion(room)
    vote = proc.open_vote(motion=m, method="electronic", by=chair)
    assert proc.cancel_vote(vote=vote, by=chair).status == Motion.Status.QUEUED
    assert not Vote.objects.filter(pk=vote.pk).exists()
    assert proc.withdraw_motion(motion=m, by=chair).status == Motion.Status.WITHDRAWN
    with pytest.raises(ProcedureError, match="withdrawn"):
        proc.open_vote(motion=m, method="electronic", by=chair)


def test_bad_input_changes_nothing(room):
    committee, d, chair, session = room
    with pytest.raises(ProcedureError):
        proc.record_attendance(session=session, delegation=d["USA"], attendance="asleep", by=chair)
    with pytest.raises(ProcedureError):
        proc.create_motion(committee=committee, kind="procedural", title="  ", by=chair)
    with pytest.raises(ProcedureError):
        proc.create_motion(committee=committee, kind="coup", title="x", by=chair)
    m = motion(room)
    with pytest.raises(ProcedureError):
        proc.open_vote(motion=m, method="telepathy", by=chair)
    assert Motion.objects.filter(committee=committee).count() == 1
    assert not Vote.objects.exists()


def test_vote_closed_signal_carries_result(room):
    take_roll(room)
    seen = []

    def listener(sender, vote, result, **kwargs):
        seen.append((vote.pk, result.passed))

    signals.vote_closed.connect(listener)
    try:
        vote = proc.open_vote(motion=motion(room), method="placard", by=room[2])
        proc.close_vote(vote=vote, by=room[2], counts=PlacardCounts(yes=5, no=1))
    finally:
        signals.vote_closed.disconnect(listener)
    assert seen == [(vote.pk, True)]


def test_security_council_veto_from_electronic_ballots(room):
    committee, d, chair, _ = room
    committee.rule_profile = "sc"
    committee.save()
    take_roll(room)
    vote = proc.open_vote(motion=motion(room, "resolution"), method="electronic", by=chair)
    for iso3, choice in {
        "USA": "yes",
        "MEX": "yes",
        "FRA": "yes",
        "BRA": "yes",
        "CHN": "no",
    }.items():
        proc.cast_ballot(vote=vote, delegation=d[iso3], choice=choice, by=None)
    vote = proc.close_vote(vote=vote, by=chair)
    assert not vote.passed
    assert vote.explanation.startswith("fails: 4 yes, 1 no, 1 not voting — 9 yes are needed")
    assert "no veto arises: China voted no" in vote.explanation


def test_database_keeps_one_ballot_per_delegation_even_without_the_service(room):
    from django.db import IntegrityError, transaction

    take_roll(room)
    vote = proc.open_vote(motion=motion(room), method="electronic", by=room[2])
    Ballot.objects.create(vote=vote, delegation=room[1]["USA"], choice="yes")
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(vote=vote, delegation=room[1]["USA"], choice="no")
    assert Ballot.objects.filter(vote=vote).count() == 1


def test_rules_are_validated_before_saving(room):
    committee, d, chair, _ = room
    before = proc.clock_version(committee.pk)
    with pytest.raises(ProcedureError, match="Unknown rule"):
        proc.update_rules(committee=committee, preset="ga", rules={"speed_of_light": 3}, by=chair)
    with pytest.raises(ProcedureError, match="names and values"):
        proc.update_rules(committee=committee, preset="ga", rules=["quorum"], by=chair)
    with pytest.raises(ProcedureError, match="Choose the rules to start from"):
        proc.update_rules(committee=committee, preset="custom", rules={}, by=chair)
    committee.refresh_from_db()
    assert committee.rule_overrides == {} and proc.clock_version(committee.pk) == before
    proc.update_rules(
        committee=committee, preset="sc", rules={"quorum_vote_fraction": "1/2"}, by=chair
    )
    committee.refresh_from_db()
    assert committee.rule_profile == "sc"
    assert committee.rule_overrides == {"quorum_vote_fraction": "1/2"}
    assert committee.rules_updated_by == chair
    assert proc.clock_version(committee.pk) == before + 1


def test_chair_takes_back_roll_call_answers_in_reverse_order(room):
    take_roll(room, EGY="absent", VAT="absent", BRA="absent")
    committee, d, chair, _ = room
    vote = proc.open_vote(
        motion=motion(room, "resolution"), method="roll_call", by=chair, rng=random.Random(1)
    )
    with pytest.raises(ProcedureError, match="No answer"):
        proc.undo_roll_call_answer(vote=vote, by=chair)
    by_id = {dl.pk: dl for dl in d.values()}
    order = [by_id[e["id"]] for e in vote.electorate]

    def answer(delegation, choice):
        proc.record_roll_call_answer(vote=vote, delegation=delegation, choice=choice, by=chair)

    answer(order[0], "pass")
    answer(order[1], "yes")
    answer(order[2], "no")
    answer(order[3], "pass")
    answer(order[0], "yes")  # second round
    proc.undo_roll_call_answer(vote=vote, by=chair)  # first delegation back to "pass"
    state = proc.roll_call_state(vote)
    assert state.second_round and state.calling == str(order[0].pk)
    proc.undo_roll_call_answer(vote=vote, by=chair)  # the fourth delegation's pass
    proc.undo_roll_call_answer(vote=vote, by=chair)  # the third delegation's no
    state = proc.roll_call_state(vote)
    assert not state.second_round and state.calling == str(order[2].pk)
    assert state.final == {str(order[1].pk): "yes"}
    answer(order[2], "yes")
    answer(order[3], "no")
    answer(order[0], "no")
    vote = proc.close_vote(vote=vote, by=chair)
    assert (vote.yes, vote.no) == (2, 2)
