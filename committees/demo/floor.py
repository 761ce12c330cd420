"""Demo floor for the UNODC committee: a session in progress.

A moderated caucus passed earlier and its speeches are on the record; the general speakers
list has a speaker at the microphone and five waiting; a motion for an unmoderated caucus is
on the floor, seconded; a point of parliamentary inquiry waits; a few notes have passed.
Idempotent: a second run changes nothing.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from committees.models import Committee, Session
from committees.models.floor import Caucus, FloorMotion, Speech
from committees.selectors.procedure import current_session
from committees.services import floor
from committees.services import procedure as proc

CAUCUS_SPEAKERS = ("MEX", "USA", "CHN", "COL")
WAITING = ("FRA", "NGA", "IND", "THA", "BRA")
BALLOTS = {"USA": "yes", "MEX": "yes", "COL": "yes", "FRA": "yes", "GBR": "yes", "THA": "yes"}
BALLOTS |= {"NGA": "yes", "DEU": "yes", "CHN": "no", "IND": "no"}
NOTES = [
    ("USA", "MEX", "Would Mexico co-sponsor a clause on shared risk indicators at land borders?"),
    ("MEX", "USA", "Yes, if it names regional training through UNODC. Meet in the unmod?"),
    ("CHN", "IND", "Our delegations agree on capacity-building language. Talk at the break?"),
    ("COL", None, "Colombia asks for the speakers list to be read out again, please."),
]


@transaction.atomic
def load(*, stdout) -> None:
    committee = Committee.objects.filter(slug="unodc").first()
    if committee is None:
        stdout.write("Demo floor skipped: no UNODC committee.")
        return
    session = current_session(committee)
    if session is None:
        stdout.write("Demo floor skipped: no open session.")
        return
    if FloorMotion.objects.filter(session=session).exists():
        stdout.write("Demo floor already loaded.")
        return
    chair = get_user_model().objects.filter(username="chair").first()
    d = {x.country.iso3: x for x in committee.delegations.select_related("country")}
    present = {k: v for k, v in d.items() if k != "PAK"}

    # Earlier: a moderated caucus, voted in, with four timed speeches; then it ended.
    caucus_motion = floor.raise_motion(
        session=session,
        kind="moderated_caucus",
        params={"total": 600, "speaking_time": 60, "topic": "Screening AI-generated documents"},
        delegation=present["MEX"],
        by=chair,
    )
    floor.second_motion(motion=caucus_motion, delegation=present["USA"], by=chair)
    vote = floor.put_to_vote(motion=caucus_motion, method="electronic", by=chair)
    for iso3, choice in BALLOTS.items():
        if iso3 in present and vote.voter(present[iso3].pk) is not None:
            proc.cast_ballot(vote=vote, delegation=present[iso3], choice=choice, by=None)
    proc.close_vote(vote=vote, by=chair)
    for iso3 in CAUCUS_SPEAKERS:
        if iso3 in present:
            floor.ask_to_speak(session=session, delegation=present[iso3], by=None)
            floor.recognise_next(session=session, by=chair)
    floor.end_caucus(session=session, by=chair)
    _spread_in_time(session)

    # Now: back on the general speakers list, one speaking and five waiting.
    floor.ask_to_speak(session=session, delegation=present["GBR"], by=None)
    for iso3 in WAITING:
        if iso3 in present:
            floor.ask_to_speak(session=session, delegation=present[iso3], by=None)
    floor.recognise_next(session=session, by=chair)

    motion = floor.raise_motion(
        session=session,
        kind="unmoderated_caucus",
        params={"total": 900, "topic": "Merging the working papers"},
        delegation=present["COL"],
        by=None,
    )
    floor.second_motion(motion=motion, delegation=present["FRA"], by=None)
    floor.raise_point(
        session=session,
        delegation=present["NGA"],
        kind="parliamentary_inquiry",
        text="May a working paper be introduced during the unmoderated caucus?",
        by=None,
    )
    for sender, recipient, text in NOTES:
        floor.send_note(
            committee=committee,
            sender=present[sender],
            recipient=present[recipient] if recipient else None,
            text=text,
            by=None,
        )
    stdout.write(
        f"Demo floor: session {session.number} in debate; a moderated caucus on the record, "
        f"{len(WAITING)} delegations waiting to speak, a motion and a point for the chair."
    )


def _spread_in_time(session) -> None:
    """The caucus happened over the last twenty minutes, not in the same second."""
    start = timezone.now() - timedelta(minutes=20)
    Session.objects.filter(pk=session.pk, opened_at__gt=start).update(
        opened_at=start - timedelta(minutes=10)
    )
    caucus = Caucus.objects.get(session=session)
    Caucus.objects.filter(pk=caucus.pk).update(
        started_at=start, created_at=start, ended_at=start + timedelta(minutes=6)
    )
    FloorMotion.objects.filter(session=session).update(
        raised_at=start - timedelta(minutes=2), decided_at=start
    )
    for index, speech in enumerate(Speech.objects.filter(session=session).order_by("id")):
        began = start + timedelta(seconds=10 + index * 75)
        Speech.objects.filter(pk=speech.pk).update(
            started_at=began, ended_at=began + timedelta(seconds=50 + 3 * index)
        )
