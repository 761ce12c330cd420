"""The floor's services: speakers lists, speeches and yields, caucuses, motions, points,
replies and notes, through the real models (SQLite and PostgreSQL)."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from committees.models import Country, Motion, Vote
from committees.models.floor import (
    Caucus,
    FloorMotion,
    FloorSettings,
    Note,
    Point,
    ReplyRequest,
    SpeakerEntry,
    SpeakersList,
    Speech,
)
from committees.selectors.procedure import clock_version
from committees.services import floor
from committees.services import procedure as proc
from tests.committees.floor_helpers import delegation, motion_voted_in, open_floor, pass_vote

pytestmark = pytest.mark.django_db
FloorError = floor.FloorError


@pytest.fixture
def session(committee, chair):
    return open_floor(committee, chair)


@pytest.fixture
def usa(committee):
    return delegation(committee, "USA")


@pytest.fixture
def mex(committee):
    return delegation(committee, "MEX")


@pytest.fixture
def chn(committee):
    return delegation(committee, "CHN")


@pytest.fixture
def fra(committee):
    return delegation(committee, "FRA")


def waiting_names(session):
    return list(
        SpeakerEntry.objects.filter(
            speakers_list__session=session, status="waiting", speakers_list__caucus=None
        )
        .order_by("position", "id")
        .values_list("delegation__country__iso3", flat=True)
    )


def shift_speech(speech, seconds):
    """Move a speech's start back in time, as if `seconds` had passed."""
    Speech.objects.filter(pk=speech.pk).update(
        started_at=speech.started_at - timedelta(seconds=seconds)
    )
    speech.refresh_from_db()


# --- speakers list --------------------------------------------------------------------------


def test_delegations_join_the_list_in_arrival_order_once_each(session, usa, mex, chn):
    for d in (mex, usa, chn):
        floor.ask_to_speak(session=session, delegation=d, by=None)
    assert waiting_names(session) == ["MEX", "USA", "CHN"]
    with pytest.raises(FloorError, match="already on the list"):
        floor.ask_to_speak(session=session, delegation=usa, by=None)
    assert waiting_names(session) == ["MEX", "USA", "CHN"]


def test_the_database_keeps_one_active_place_per_delegation(session, usa):
    entry = floor.ask_to_speak(session=session, delegation=usa, by=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        SpeakerEntry.objects.create(speakers_list=entry.speakers_list, delegation=usa, position=99)


def test_after_speaking_a_delegation_may_ask_again(session, usa, chair):
    floor.ask_to_speak(session=session, delegation=usa, by=None)
    floor.recognise_next(session=session, by=chair)
    with pytest.raises(FloorError, match="has the floor"):
        floor.ask_to_speak(session=session, delegation=usa, by=None)
    floor.end_speech(session=session, by=chair)
    floor.ask_to_speak(session=session, delegation=usa, by=None)
    assert waiting_names(session) == ["USA"]


def test_a_closed_list_refuses_delegates_but_the_chair_can_add(session, usa, mex, chair):
    floor.set_list_open(session=session, is_open=False, by=chair)
    with pytest.raises(FloorError, match="closed"):
        floor.ask_to_speak(session=session, delegation=usa, by=None)
    floor.ask_to_speak(session=session, delegation=mex, by=chair, by_chair=True)
    assert waiting_names(session) == ["MEX"]


def test_recognising_the_next_speaker_ends_the_speech_before(session, usa, mex, chair):
    floor.set_speaking_time(session=session, seconds=45, by=chair)
    floor.ask_to_speak(session=session, delegation=usa, by=None)
    floor.ask_to_speak(session=session, delegation=mex, by=None)
    first = floor.recognise_next(session=session, by=chair)
    assert first.delegation == usa and first.duration == 45
    assert first.snapshot().running
    second = floor.recognise_next(session=session, by=chair)
    first.refresh_from_db()
    assert first.ended_at is not None and second.delegation == mex
    assert SpeakerEntry.objects.get(pk=first.entry_id).status == "spoken"
    with pytest.raises(FloorError, match="Nobody is waiting"):
        floor.recognise_next(session=session, by=chair)


def test_the_chair_may_give_the_floor_to_any_delegation_waiting(session, usa, mex, chn, chair):
    floor.ask_to_speak(session=session, delegation=usa, by=None)
    picked = floor.ask_to_speak(session=session, delegation=mex, by=None)
    floor.ask_to_speak(session=session, delegation=chn, by=None)
    speech = floor.recognise_next(session=session, by=chair, entry=picked)
    assert speech.delegation == mex
    assert waiting_names(session) == ["USA", "CHN"]
    with pytest.raises(FloorError, match="no longer waiting"):
        floor.recognise_next(session=session, by=chair, entry=picked)


def test_a_delegation_withdraws_only_itself_and_not_while_speaking(session, usa, mex, chair):
    entry = floor.ask_to_speak(session=session, delegation=usa, by=None)
    with pytest.raises(FloorError, match="your own"):
        floor.withdraw_from_list(entry=entry, delegation=mex, by=None)
    floor.recognise_next(session=session, by=chair)
    with pytest.raises(FloorError, match="yield instead"):
        floor.withdraw_from_list(entry=entry, delegation=usa, by=None)
    other = floor.ask_to_speak(session=session, delegation=mex, by=None)
    floor.withdraw_from_list(entry=other, delegation=mex, by=None)
    assert waiting_names(session) == []


def test_the_chair_reorders_and_removes(session, usa, mex, chn, fra, chair):
    entries = {
        d.country.iso3: floor.ask_to_speak(session=session, delegation=d, by=None)
        for d in (usa, mex, chn, fra)
    }
    floor.move_speaker(entry=entries["CHN"], direction="up", by=chair)
    assert waiting_names(session) == ["USA", "CHN", "MEX", "FRA"]
    floor.move_speaker(entry=entries["FRA"], direction="top", by=chair)
    assert waiting_names(session) == ["FRA", "USA", "CHN", "MEX"]
    floor.move_speaker(entry=entries["FRA"], direction="down", by=chair)
    assert waiting_names(session) == ["USA", "FRA", "CHN", "MEX"]
    floor.remove_speaker(entry=entries["CHN"], by=chair)
    assert waiting_names(session) == ["USA", "FRA", "MEX"]
    with pytest.raises(FloorError):
        floor.move_speaker(entry=entries["CHN"], direction="up", by=chair)


def test_speaking_time_is_checked(session, chair):
    with pytest.raises(FloorError, match="between 10 s and 10 min"):
        floor.set_speaking_time(session=session, seconds=5, by=chair)


def test_nothing_happens_on_the_floor_of_a_closed_session(session, usa, chair):
    proc.close_session(session=session, by=chair)
    with pytest.raises(FloorError, match="closed"):
        floor.ask_to_speak(session=session, delegation=usa, by=None)


# --- timers and yields ---------------------------------------------------------------------


def test_pausing_a_speech_keeps_its_time(session, usa, chair):
    floor.ask_to_speak(session=session, delegation=usa, by=None)
    speech = floor.recognise_next(session=session, by=chair)
    shift_speech(speech, 30)
    floor.pause_timer(session=session, what="speech", by=chair)
    speech.refresh_from_db()
    left = speech.snapshot().remaining
    assert 59 <= left <= 60.5
    assert speech.snapshot(timezone.now() + timedelta(minutes=5)).remaining == left
    floor.resume_timer(session=session, what="speech", by=chair)
    speech.refresh_from_db()
    assert speech.snapshot().running
    assert speech.snapshot().remaining == pytest.approx(left, abs=1)
    with pytest.raises(FloorError, match="not paused"):
        floor.resume_timer(session=session, what="speech", by=chair)


def test_yield_to_a_delegation_hands_over_the_time_left(session, usa, mex, chair):
    floor.ask_to_speak(session=session, delegation=usa, by=None)
    speech = floor.recognise_next(session=session, by=chair)
    shift_speech(speech, 50)  # 40 of 90 s left
    given = floor.yield_floor(session=session, to="delegate", delegation=mex, speaker=usa, by=None)
    speech.refresh_from_db()
    assert speech.ended_at and speech.yielded == "delegate" and speech.yielded_to == mex
    assert given.delegation == mex and given.kind == "yielded"
    assert 38 <= given.duration <= 40


def test_only_the_speaker_yields_from_their_device(session, usa, mex, chair):
    floor.ask_to_speak(session=session, delegation=usa, by=None)
    floor.recognise_next(session=session, by=chair)
    with pytest.raises(FloorError, match="Only the delegation that has the floor"):
        floor.yield_floor(session=session, to="chair", speaker=mex, by=None)


def test_points_of_information_wait_for_a_yield_to_questions(session, usa, mex, chair):
    floor.ask_to_speak(session=session, delegation=usa, by=None)
    speech = floor.recognise_next(session=session, by=chair)
    with pytest.raises(FloorError, match="yielded to questions"):
        floor.raise_point(session=session, delegation=mex, kind="information", by=None)
    floor.yield_floor(session=session, to="questions", speaker=usa, by=None)
    point = floor.raise_point(
        session=session, delegation=mex, kind="information", text="Which agencies?", by=None
    )
    assert point.speech == speech
    with pytest.raises(FloorError, match="to yourself"):
        floor.raise_point(session=session, delegation=usa, kind="information", by=None)


def test_the_committee_may_forbid_yields(session, usa, mex, chair, committee):
    FloorSettings.objects.create(committee=committee, yield_to_delegate=False)
    floor.ask_to_speak(session=session, delegation=usa, by=None)
    floor.recognise_next(session=session, by=chair)
    with pytest.raises(FloorError, match="do not allow yields to a delegation"):
        floor.yield_floor(session=session, to="delegate", delegation=mex, by=chair)


# --- motions --------------------------------------------------------------------------------


def test_a_motion_is_described_and_its_parameters_checked(session, usa):
    motion = floor.raise_motion(
        session=session,
        kind="moderated_caucus",
        params={"total": 600, "speaking_time": 60, "topic": "Drone routes"},
        delegation=usa,
        by=None,
    )
    assert motion.title == "Moderated caucus, 10 min, 1 min per speaker: Drone routes"
    with pytest.raises(FloorError, match="the topic"):
        floor.raise_motion(
            session=session,
            kind="moderated_caucus",
            params={"total": 600, "speaking_time": 60},
            delegation=usa,
            by=None,
        )
    with pytest.raises(FloorError, match="Choose a motion"):
        floor.raise_motion(session=session, kind="filibuster", params={}, delegation=usa, by=None)


def test_motions_out_of_order_now_are_refused(session, usa):
    with pytest.raises(FloorError, match="only be extended while it runs"):
        floor.raise_motion(
            session=session, kind="extend_caucus", params={"total": 300}, delegation=usa, by=None
        )
    with pytest.raises(FloorError, match="already open"):
        floor.raise_motion(
            session=session, kind="open_speakers_list", params={}, delegation=usa, by=None
        )


def test_a_delegation_keeps_one_motion_of_a_kind_on_the_floor(session, usa):
    floor.raise_motion(session=session, kind="suspend_meeting", params={}, delegation=usa, by=None)
    with pytest.raises(FloorError, match="already has this motion"):
        floor.raise_motion(
            session=session, kind="suspend_meeting", params={}, delegation=usa, by=None
        )


def test_votes_follow_the_order_of_precedence(session, usa, mex, chn, chair):
    short = floor.raise_motion(
        session=session,
        kind="unmoderated_caucus",
        params={"total": 300},
        delegation=usa,
        by=None,
    )
    long = floor.raise_motion(
        session=session,
        kind="moderated_caucus",
        params={"total": 900, "speaking_time": 60, "topic": "Data sharing"},
        delegation=mex,
        by=None,
    )
    for m in (short, long):
        floor.second_motion(motion=m, delegation=chn, by=None)
    with pytest.raises(FloorError, match="comes first in the order of precedence"):
        floor.put_to_vote(motion=short, method="placard", by=chair)
    vote = floor.put_to_vote(motion=long, method="placard", by=chair)
    assert vote.motion.title == long.title and vote.motion.kind == "procedural"


def test_a_motion_needing_a_second_waits_for_one(session, usa, mex, chair):
    motion = floor.raise_motion(
        session=session, kind="suspend_meeting", params={}, delegation=usa, by=None
    )
    with pytest.raises(FloorError, match="needs a second"):
        floor.put_to_vote(motion=motion, method="placard", by=chair)
    with pytest.raises(FloorError, match="its own motion"):
        floor.second_motion(motion=motion, delegation=usa, by=None)
    floor.second_motion(motion=motion, delegation=mex, by=None)
    assert floor.put_to_vote(motion=motion, method="placard", by=chair).is_open


def test_the_vote_uses_the_motions_own_majority(committee, session, usa, mex, chair):
    # This conference closes debate by two thirds (procedural votes are by simple majority).
    committee.rule_overrides = {
        "motion_overrides": {"closure_of_debate": {"majority": "two_thirds"}}
    }
    committee.save(update_fields=["rule_overrides"])
    for iso3 in ("GBR", "DEU"):
        committee.delegations.create(country=Country.objects.get(iso3=iso3))
    proc.record_roll(session=session, remaining_present=True, by=chair)
    motion = floor.raise_motion(
        session=session, kind="closure_of_debate", params={}, delegation=usa, by=None
    )
    floor.second_motion(motion=motion, delegation=mex, by=None)
    vote = floor.put_to_vote(motion=motion, method="placard", by=chair)
    vote.refresh_from_db()
    assert vote.majority == "two_thirds"
    # 3 yes, 2 no: a simple majority, but two thirds of 5 needs 4.
    pass_vote(vote, chair, yes=3, no=2)
    motion.refresh_from_db()
    assert motion.status == "failed" and "two thirds" in motion.result


def test_a_caucus_voted_in_starts_with_its_own_list_and_lapses_the_rest(
    session, usa, mex, chn, chair
):
    other = floor.raise_motion(
        session=session, kind="unmoderated_caucus", params={"total": 300}, delegation=chn, by=None
    )
    motion = motion_voted_in(
        session,
        chair,
        "moderated_caucus",
        {"total": 900, "speaking_time": 45, "topic": "Data sharing"},
        usa,
        mex,
    )
    assert motion.status == "passed"
    caucus = Caucus.objects.get(session=session, ended_at=None)
    assert caucus.is_moderated and caucus.topic == "Data sharing" and caucus.duration == 900
    assert caucus.snapshot().running
    assert SpeakersList.objects.get(caucus=caucus).speaking_time == 45
    other.refresh_from_db()
    assert other.status == "lapsed"
    # Speakers now join the caucus's list, not the general one.
    entry = floor.ask_to_speak(session=session, delegation=chn, by=None)
    assert entry.speakers_list.caucus == caucus
    speech = floor.recognise_next(session=session, by=chair)
    assert speech.duration == 45


def test_a_failed_motion_leaves_the_others_on_the_floor(session, usa, mex, chn, chair):
    other = floor.raise_motion(
        session=session, kind="unmoderated_caucus", params={"total": 300}, delegation=chn, by=None
    )
    motion = motion_voted_in(
        session,
        chair,
        "moderated_caucus",
        {"total": 900, "speaking_time": 45, "topic": "Data sharing"},
        usa,
        mex,
        yes=1,
        no=3,
    )
    assert motion.status == "failed"
    other.refresh_from_db()
    assert other.status == "pending"
    assert not Caucus.objects.exists()


def test_extend_and_end_a_caucus(session, usa, mex, chair):
    motion_voted_in(session, chair, "unmoderated_caucus", {"total": 300}, usa, mex)
    caucus = Caucus.objects.get(ended_at=None)
    motion_voted_in(session, chair, "extend_caucus", {"total": 120}, mex, usa)
    caucus.refresh_from_db()
    assert caucus.duration == 420 and caucus.extended_seconds == 120
    with pytest.raises(FloorError, match="no speakers list"):
        floor.ask_to_speak(session=session, delegation=usa, by=None)
    floor.end_caucus(session=session, by=chair)
    caucus.refresh_from_db()
    assert caucus.ended_at is not None


def test_closure_of_debate_moves_into_voting_procedure(session, usa, mex, chair):
    motion_voted_in(session, chair, "closure_of_debate", {}, usa, mex)
    general = SpeakersList.objects.get(session=session, caucus=None)
    assert general.debate_closed_at is not None and not general.is_open
    with pytest.raises(FloorError, match="voting procedure"):
        floor.raise_motion(
            session=session,
            kind="moderated_caucus",
            params={"total": 600, "speaking_time": 60, "topic": "x"},
            delegation=usa,
            by=None,
        )
    floor.raise_motion(session=session, kind="roll_call_vote", params={}, delegation=usa, by=None)
    floor.reopen_debate(session=session, by=chair)
    general.refresh_from_db()
    assert general.debate_closed_at is None


def test_speaking_time_and_list_motions_change_the_general_list(session, usa, mex, chair):
    motion_voted_in(session, chair, "set_speaking_time", {"speaking_time": 30}, usa, mex)
    motion_voted_in(session, chair, "close_speakers_list", {}, usa, mex, yes=3, no=0)
    general = SpeakersList.objects.get(session=session, caucus=None)
    assert general.speaking_time == 30 and not general.is_open


def test_a_cancelled_vote_puts_the_motion_back_on_the_floor(session, usa, mex, chair):
    motion = floor.raise_motion(
        session=session, kind="suspend_meeting", params={}, delegation=usa, by=None
    )
    floor.second_motion(motion=motion, delegation=mex, by=None)
    vote = floor.put_to_vote(motion=motion, method="electronic", by=chair)
    motion.refresh_from_db()
    assert motion.status == "voting"
    proc.cancel_vote(vote=vote, by=chair)
    motion.refresh_from_db()
    assert motion.status == "pending"
    again = floor.put_to_vote(motion=motion, method="placard", by=chair)
    assert again.motion_id == motion.motion_id
    assert Motion.objects.filter(floor_motion=motion).count() == 1


def test_motions_wait_while_a_vote_is_open(session, usa, mex, chair):
    motion = floor.raise_motion(
        session=session, kind="suspend_meeting", params={}, delegation=usa, by=None
    )
    floor.second_motion(motion=motion, delegation=mex, by=None)
    floor.put_to_vote(motion=motion, method="electronic", by=chair)
    with pytest.raises(FloorError, match="vote is being taken"):
        floor.raise_motion(
            session=session, kind="adjourn_meeting", params={}, delegation=mex, by=None
        )


def test_ruled_out_of_order_and_withdrawn(session, usa, mex, chair):
    first = floor.raise_motion(
        session=session, kind="suspend_meeting", params={}, delegation=usa, by=None
    )
    floor.rule_out_of_order(motion=first, reason="Dilatory", by=chair)
    first.refresh_from_db()
    assert first.status == "out_of_order" and first.ruling == "Dilatory"
    second = floor.raise_motion(
        session=session, kind="adjourn_meeting", params={}, delegation=usa, by=None
    )
    with pytest.raises(FloorError, match="Only the delegation that raised"):
        floor.withdraw_floor_motion(motion=second, delegation=mex, by=None)
    floor.withdraw_floor_motion(motion=second, delegation=usa, by=None)
    second.refresh_from_db()
    assert second.status == "withdrawn"


# --- points and replies ---------------------------------------------------------------------


def test_points_are_queued_with_their_time_and_ruled(session, usa, mex, chair):
    point = floor.raise_point(session=session, delegation=usa, kind="order", by=None)
    assert point.raised_at is not None and point.is_waiting
    with pytest.raises(FloorError, match="already has this point"):
        floor.raise_point(session=session, delegation=usa, kind="order", by=None)
    floor.decide_point(point=point, decision="well_taken", by=chair)
    point.refresh_from_db()
    assert point.status == "ruled" and point.ruling == "Well taken"
    with pytest.raises(FloorError, match="already been dealt with"):
        floor.decide_point(point=point, decision="dismiss", by=chair)
    other = floor.raise_point(
        session=session, delegation=mex, kind="parliamentary_inquiry", by=None
    )
    with pytest.raises(FloorError, match="your own"):
        floor.withdraw_point(point=other, delegation=usa, by=None)


def test_a_granted_reply_is_timed_from_the_moment_it_is_given(session, usa, mex, chair):
    floor.ask_to_speak(session=session, delegation=mex, by=None)
    floor.recognise_next(session=session, by=chair)
    with pytest.raises(FloorError, match="Say why"):
        floor.request_reply(session=session, delegation=usa, reason="  ", by=None)
    reply = floor.request_reply(
        session=session, delegation=usa, reason="Mexico misquoted our data", by=None
    )
    floor.decide_reply(reply=reply, grant=True, by=chair)
    reply.refresh_from_db()
    # Someone was speaking: the reply waits until the chair gives the floor.
    assert reply.status == "granted" and reply.speech is None
    speech = floor.start_reply(reply=reply, by=chair)
    assert speech.kind == "reply" and speech.delegation == usa and speech.duration == 60
    refused = floor.request_reply(session=session, delegation=usa, reason="Again", by=None)
    floor.decide_reply(reply=refused, grant=False, by=chair)
    assert ReplyRequest.objects.get(pk=refused.pk).status == "refused"


# --- notes ----------------------------------------------------------------------------------


def test_notes_pass_directly_by_default(committee, usa, mex):
    note = floor.send_note(committee=committee, sender=usa, recipient=mex, text="Lunch?", by=None)
    assert note.status == "delivered"


def test_notes_wait_for_the_chair_when_the_committee_says_so(committee, usa, mex, chair):
    floor.update_floor_settings(committee=committee, note_mode="approval", by=chair)
    note = floor.send_note(
        committee=committee, sender=usa, recipient=mex, text="Co-sponsor?", by=None
    )
    assert note.status == "pending"
    to_chair = floor.send_note(
        committee=committee, sender=usa, recipient=None, text="Break?", by=None
    )
    assert to_chair.status == "delivered"
    floor.decide_note(note=note, approve=True, by=chair)
    assert Note.objects.get(pk=note.pk).status == "delivered"
    with pytest.raises(FloorError, match="already been decided"):
        floor.decide_note(note=note, approve=False, by=chair)


def test_paused_note_passing_and_long_notes_are_refused(committee, usa, mex, chair):
    floor.update_floor_settings(committee=committee, notes_paused=True, by=chair)
    with pytest.raises(FloorError, match="paused"):
        floor.send_note(committee=committee, sender=usa, recipient=mex, text="Hi", by=None)
    floor.update_floor_settings(committee=committee, notes_paused=False, note_limit=20, by=chair)
    with pytest.raises(FloorError, match="under 20 characters"):
        floor.send_note(committee=committee, sender=usa, recipient=mex, text="x" * 21, by=None)
    with pytest.raises(FloorError, match="another delegation"):
        floor.send_note(committee=committee, sender=usa, recipient=usa, text="me", by=None)
    assert not Note.objects.exists()


def test_a_note_to_another_committee_is_refused(committee, other_committee, usa):
    foreign = delegation(other_committee, "GBR")
    with pytest.raises(FloorError, match="does not sit in this committee"):
        floor.send_note(committee=committee, sender=usa, recipient=foreign, text="Hi", by=None)


# --- the clock ------------------------------------------------------------------------------


def test_every_floor_change_moves_the_procedure_clock(committee, session, usa, mex, chair):
    steps = [
        lambda: floor.ask_to_speak(session=session, delegation=usa, by=None),
        lambda: floor.recognise_next(session=session, by=chair),
        lambda: floor.pause_timer(session=session, what="speech", by=chair),
        lambda: floor.resume_timer(session=session, what="speech", by=chair),
        lambda: floor.end_speech(session=session, by=chair),
        lambda: floor.raise_point(session=session, delegation=mex, kind="order", by=None),
        lambda: floor.send_note(
            committee=committee, sender=usa, recipient=mex, text="Hello", by=None
        ),
        lambda: floor.raise_motion(
            session=session, kind="suspend_meeting", params={}, delegation=usa, by=None
        ),
    ]
    for step in steps:
        before = clock_version(committee.pk)
        step()
        assert clock_version(committee.pk) == before + 1


def test_a_refused_request_changes_nothing(committee, session, usa, chair):
    floor.ask_to_speak(session=session, delegation=usa, by=None)
    before = clock_version(committee.pk)
    with pytest.raises(FloorError):
        floor.ask_to_speak(session=session, delegation=usa, by=None)
    assert clock_version(committee.pk) == before
    assert SpeakerEntry.objects.count() == 1
    assert not Vote.objects.exists() and not FloorMotion.objects.exists()
    assert not Point.objects.exists()
