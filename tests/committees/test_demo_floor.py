"""The demo shows a session in progress on the floor."""

import io

import pytest

from committees.demo import floor as demo_floor
from committees.demo import people as demo
from committees.demo import procedure as demo_procedure
from committees.models import Committee
from committees.models.floor import Caucus, FloorMotion, Note, Point, SpeakerEntry, Speech
from committees.selectors.floor import floor_room, session_record

pytestmark = pytest.mark.django_db


def test_demo_floor_loads_once_and_shows_a_session_in_progress():
    demo.load(stdout=io.StringIO())
    demo_procedure.load(stdout=io.StringIO())
    demo_floor.load(stdout=io.StringIO())
    committee = Committee.objects.get(slug="unodc")
    room = floor_room(committee)
    assert room.phase == "debate"
    assert room.speech is not None and room.speech.delegation.country.iso3 == "GBR"
    assert [e.delegation.country.iso3 for e in room.waiting] == ["FRA", "NGA", "IND", "THA", "BRA"]
    assert [r.motion.kind for r in room.motions] == ["unmoderated_caucus"]
    assert room.motions[0].motion.seconded_by is not None
    assert [p.kind for p in room.points] == ["parliamentary_inquiry"]
    caucus = Caucus.objects.get()
    assert caucus.ended_at is not None and caucus.topic == "Screening AI-generated documents"
    assert FloorMotion.objects.get(kind="moderated_caucus").status == "passed"
    assert Speech.objects.filter(speakers_list__caucus=caucus).count() == 4
    assert Note.objects.filter(status="delivered").count() == 4
    kinds = [e.kind for e in session_record(room.session)]
    assert kinds.count("speech") == 5 and "caucus" in kinds and "point" in kinds
    counts = (SpeakerEntry.objects.count(), FloorMotion.objects.count(), Point.objects.count())
    out = io.StringIO()
    demo_floor.load(stdout=out)
    assert "already loaded" in out.getvalue()
    assert counts == (
        SpeakerEntry.objects.count(),
        FloorMotion.objects.count(),
        Point.objects.count(),
    )
