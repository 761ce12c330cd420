"""A chair runs half an hour of a session from the dashboard alone, through the same requests
the pages send: the general speakers list, a moderated caucus voted in with its own timed
speeches, a point of order, an unmoderated caucus to the end of its time, closure of debate;
delegates act from their phones, and the session record shows it all."""

from datetime import timedelta

import pytest
from django.urls import reverse

from committees.models import Vote
from committees.models.floor import Caucus, FloorMotion, Speech
from committees.services import procedure as proc
from tests.committees.floor_helpers import delegation, open_floor

pytestmark = pytest.mark.django_db


def url(name, committee, *args):
    return reverse(f"committees:{name}", args=[committee.slug, *args])


def test_thirty_minutes_of_a_session(role_client, committee, chair):
    session = open_floor(committee, chair)
    board, usa, mexico = (
        role_client("chair"),
        role_client("delegate"),
        role_client("other_delegate"),
    )

    def chair_does(action, **data):
        response = board.post(url("chair_floor", committee, action), data)
        assert response.status_code == 302, action

    def delegate_does(client, action, **data):
        response = client.post(url("floor_do", committee, action), data)
        assert response.status_code == 302, action

    def close_by_placards(yes, no):
        vote = Vote.objects.get(status="open")
        proc.close_vote(vote=vote, by=chair, counts=proc.PlacardCounts(yes=yes, no=no))

    # General speakers list: both delegations ask, the chair recognises them in turn.
    delegate_does(usa, "speak")
    delegate_does(mexico, "speak")
    chair_does("next")
    chair_does("next")
    chair_does("end_speech")

    # Mexico moves a moderated caucus; the United States seconds; it passes.
    delegate_does(
        mexico,
        "motion",
        kind="moderated_caucus",
        total_minutes="10",
        speaking_time="45",
        topic="Biometric spoofing at land borders",
    )
    motion = FloorMotion.objects.get(kind="moderated_caucus")
    delegate_does(usa, "second", motion=motion.pk)
    chair_does("vote", motion=motion.pk, method="placard")
    close_by_placards(3, 1)
    caucus = Caucus.objects.get(ended_at=None)
    assert caucus.is_moderated and caucus.speaking_time == 45

    # Its own list, timed speeches of 45 s; a point of order from the back of the room.
    delegate_does(usa, "speak")
    chair_does("add_speaker", delegation=delegation(committee, "CHN").pk)
    chair_does("next")
    assert Speech.objects.get(ended_at=None).duration == 45
    delegate_does(mexico, "point", kind="order", text="The speaker exceeded the time")
    point = session.points.get()
    chair_does("pause", what="speech")
    chair_does("point", point=point.pk, decision="not_well_taken")
    chair_does("resume", what="speech")
    chair_does("next")
    chair_does("end_caucus")

    # An unmoderated caucus runs to the end of its time.
    delegate_does(usa, "motion", kind="unmoderated_caucus", total_minutes="5", topic="Drafting")
    motion = FloorMotion.objects.get(kind="unmoderated_caucus")
    delegate_does(mexico, "second", motion=motion.pk)
    chair_does("vote", motion=motion.pk, method="placard")
    close_by_placards(4, 0)
    unmod = Caucus.objects.get(ended_at=None)
    Caucus.objects.filter(pk=unmod.pk).update(started_at=unmod.started_at - timedelta(minutes=5))
    page = board.get(url("chair", committee)).content.decode()
    assert 'id="caucus-timer"' in page and 'data-status="expired"' in page
    chair_does("end_caucus")

    # Closure of debate: the committee moves into voting procedure.
    delegate_does(mexico, "motion", kind="closure_of_debate")
    motion = FloorMotion.objects.get(kind="closure_of_debate")
    delegate_does(usa, "second", motion=motion.pk)
    chair_does("vote", motion=motion.pk, method="placard")
    close_by_placards(3, 1)
    page = board.get(url("chair", committee)).content.decode()
    assert "Voting procedure" in page

    # The record shows it all.
    record = usa.get(url("floor_record", committee)).content.decode()
    for text in (
        "General speakers list",
        "Moderated caucus: Biometric spoofing at land borders",
        "Point of order: The speaker exceeded the time",
        "Not well taken",
        "Unmoderated caucus: Drafting",
        "Closure of debate",
        "Passes: 3 yes, 1 no",
    ):
        assert text in record, text
    assert Speech.objects.filter(speakers_list__caucus__kind="moderated").count() == 2
    assert Speech.objects.count() == 4
