"""Every motion that passes acts on the floor in the vote's own transaction, or the chair's
dashboard says what is left to do by hand; one test per kind of motion."""

import pytest
from django.urls import reverse

from committees.engines import motions as motion_rules
from committees.models import Session
from committees.models.floor import Caucus, SpeakersList, Speech
from committees.services import floor
from tests.committees.floor_helpers import delegation, motion_voted_in, open_floor

pytestmark = pytest.mark.django_db
MotionKind = motion_rules.MotionKind

# Kinds whose passing changes the floor by itself (each tested below); every other kind must
# say what the chair does next.
ACTING = {
    MotionKind.OPEN_SPEAKERS_LIST,
    MotionKind.CLOSE_SPEAKERS_LIST,
    MotionKind.SET_SPEAKING_TIME,
    MotionKind.MODERATED_CAUCUS,
    MotionKind.UNMODERATED_CAUCUS,
    MotionKind.EXTEND_CAUCUS,
    MotionKind.CLOSURE_OF_DEBATE,
    MotionKind.SUSPEND_MEETING,
    MotionKind.ADJOURN_MEETING,
}


@pytest.fixture
def session(committee, chair):
    return open_floor(committee, chair)


@pytest.fixture
def usa(committee):
    return delegation(committee, "USA")


@pytest.fixture
def mex(committee):
    return delegation(committee, "MEX")


def general(session):
    return SpeakersList.objects.get(session=session, caucus=None)


def speaking(session, usa, chair):
    floor.ask_to_speak(session=session, delegation=usa, by=None)
    return floor.recognise_next(session=session, by=chair)


@pytest.mark.parametrize("kind", list(MotionKind))
def test_every_kind_acts_or_says_what_is_left(kind):
    if kind in ACTING:
        assert motion_rules.follow_up(kind) == ""
    else:
        assert motion_rules.follow_up(kind)


def test_open_speakers_list(session, usa, mex, chair):
    motion_voted_in(session, chair, "close_speakers_list", {}, usa, mex)
    assert not general(session).is_open
    motion_voted_in(session, chair, "open_speakers_list", {}, mex, usa)
    assert general(session).is_open


def test_close_speakers_list(session, usa, mex, chair):
    motion_voted_in(session, chair, "close_speakers_list", {}, usa, mex)
    assert not general(session).is_open
    with pytest.raises(floor.FloorError):
        floor.ask_to_speak(session=session, delegation=usa, by=None)


def test_set_speaking_time(session, usa, mex, chair):
    motion_voted_in(session, chair, "set_speaking_time", {"speaking_time": 40}, usa, mex)
    assert general(session).speaking_time == 40
    assert speaking(session, usa, chair).duration == 40


def test_moderated_caucus(session, usa, mex, chair):
    params = {"total": 600, "speaking_time": 30, "topic": "Data"}
    motion_voted_in(session, chair, "moderated_caucus", params, usa, mex)
    caucus = Caucus.objects.get(session=session, ended_at=None)
    assert caucus.is_moderated and caucus.snapshot().running


def test_unmoderated_caucus_ends_the_speech(session, usa, mex, chair):
    speech = speaking(session, usa, chair)
    motion_voted_in(session, chair, "unmoderated_caucus", {"total": 300}, usa, mex)
    speech.refresh_from_db()
    assert speech.ended_at is not None
    assert not Caucus.objects.get(session=session, ended_at=None).is_moderated


def test_extend_caucus(session, usa, mex, chair):
    motion_voted_in(session, chair, "unmoderated_caucus", {"total": 300}, usa, mex)
    motion_voted_in(session, chair, "extend_caucus", {"total": 60}, mex, usa)
    assert Caucus.objects.get(session=session, ended_at=None).duration == 360


def test_closure_of_debate(session, usa, mex, chair):
    motion_voted_in(session, chair, "closure_of_debate", {}, usa, mex)
    assert general(session).debate_closed_at is not None
    assert floor.floor_state(session).phase is motion_rules.Phase.VOTING_PROCEDURE


def test_suspend_meeting_pauses_the_speech_and_the_caucus(session, usa, mex, chair):
    params = {"total": 600, "speaking_time": 60, "topic": "Data"}
    motion_voted_in(session, chair, "moderated_caucus", params, usa, mex)
    speech = speaking(session, usa, chair)
    motion_voted_in(session, chair, "suspend_meeting", {}, mex, usa)
    speech.refresh_from_db()
    caucus = Caucus.objects.get(session=session, ended_at=None)
    assert speech.paused_at is not None and speech.ended_at is None
    assert caucus.paused_at is not None
    session.refresh_from_db()
    assert session.is_open
    # The chair resumes when the meeting resumes; the time left is kept.
    floor.resume_timer(session=session, what="caucus", by=chair)


def test_adjourn_meeting_closes_the_session(session, usa, mex, chair):
    speech = speaking(session, usa, chair)
    motion_voted_in(session, chair, "adjourn_meeting", {}, mex, usa)
    assert Session.objects.get(pk=session.pk).closed_at is not None
    speech.refresh_from_db()
    assert speech.ended_at is not None
    assert not Speech.objects.filter(session=session, ended_at=None).exists()


def test_a_passed_appeal_tells_the_chair_what_is_left(client, committee, session, usa, mex, chair):
    motion = motion_voted_in(
        session, chair, "appeal_ruling", {"subject": "Ruling on the point"}, usa, mex
    )
    assert motion.status == "passed" and motion.follow_up
    client.force_login(chair)
    page = client.get(reverse("committees:chair", args=[committee.slug])).content.decode()
    assert "the chair’s ruling is overturned" in page.replace("&#x27;", "’")


def test_a_failed_motion_has_nothing_left_to_do(session, usa, mex, chair):
    motion = motion_voted_in(
        session, chair, "appeal_ruling", {"subject": "x"}, usa, mex, yes=0, no=3
    )
    assert motion.status == "failed" and motion.follow_up == ""


def test_roll_call_and_split_house_set_the_next_vote_on_a_text(
    client, committee, session, usa, mex, chair
):
    from committees.selectors.procedure import floor_asks
    from committees.services import procedure as proc

    motion_voted_in(session, chair, "closure_of_debate", {}, usa, mex)
    assert floor_asks(session) == frozenset()
    motion_voted_in(session, chair, "roll_call_vote", {}, usa, mex)
    motion_voted_in(session, chair, "split_house", {}, mex, usa)
    assert floor_asks(session) == {"roll_call", "split_house"}
    amendment = proc.create_motion(committee=committee, kind="amendment", title="OP2", by=chair)
    client.force_login(chair)
    board = client.get(reverse("committees:chair", args=[committee.slug])).content.decode()
    assert '<option value="roll_call" selected>' in board
    # Once the vote on the text opens, the floor's decision is spent.
    proc.open_vote(motion=amendment, method="roll_call", by=chair)
    assert floor_asks(session) == frozenset()
