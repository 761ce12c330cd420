"""The speakers list under contention on PostgreSQL: each delegation once, in arrival order,
and a chair recognising while a delegate withdraws never leaves a withdrawn speaker talking."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from committees.models import Committee, Country, Delegation
from committees.models.floor import SpeakerEntry, Speech
from committees.services import floor
from committees.services import procedure as proc

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]

DELEGATIONS = 30


@pytest.fixture
def busy_floor(django_user_model):
    committee = Committee.objects.create(slug="busy", name="Busy committee", acronym="BUSY")
    chair = django_user_model.objects.create_user("busy-chair")
    session = proc.open_session(committee=committee, by=chair)
    delegations = []
    for i in range(DELEGATIONS):
        country = Country.objects.create(iso3=f"Z{i:02d}", name=f"Zeta {i:02d}")
        delegations.append(Delegation.objects.create(committee=committee, country=country))
    proc.record_roll(session=session, remaining_present=True, by=chair)
    return session, delegations, chair


def run_in_threads(jobs):
    """Run callables at once, each thread with its own connection; collect outcomes."""
    barrier = threading.Barrier(len(jobs))

    def run(job):
        try:
            barrier.wait()
            return job()
        except floor.FloorError as exc:
            return exc
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(run, jobs))


def test_thirty_delegations_asking_at_once_get_one_place_each_in_arrival_order(busy_floor):
    session, delegations, _ = busy_floor
    arrivals = {}

    def ask(d, twice):
        entry = floor.ask_to_speak(session=session, delegation=d, by=None)
        arrivals[entry.pk] = time.monotonic()  # when its transaction committed
        return entry

    # Every delegation taps twice (a double tap on a phone): 60 requests at the same moment.
    jobs = [lambda d=d, k=k: ask(d, k) for d in delegations for k in range(2)]
    outcomes = run_in_threads(jobs)
    entries = [o for o in outcomes if isinstance(o, SpeakerEntry)]
    refused = [o for o in outcomes if isinstance(o, floor.FloorError)]
    assert len(entries) == DELEGATIONS and len(refused) == DELEGATIONS
    assert all("already on the list" in str(e) for e in refused)
    stored = list(SpeakerEntry.objects.order_by("position", "id"))
    assert len({e.delegation_id for e in stored}) == DELEGATIONS
    positions = [e.position for e in stored]
    assert positions == list(range(1, DELEGATIONS + 1))
    # The list order is the order the requests got through the lock (commit order).
    assert sorted(stored, key=lambda e: arrivals[e.pk]) == stored


def test_recognising_while_the_first_speaker_withdraws(busy_floor):
    session, delegations, chair = busy_floor
    for _ in range(10):
        SpeakerEntry.objects.all().delete()
        Speech.objects.all().delete()
        first = floor.ask_to_speak(session=session, delegation=delegations[0], by=None)
        floor.ask_to_speak(session=session, delegation=delegations[1], by=None)
        outcomes = run_in_threads(
            [
                lambda: floor.recognise_next(session=session, by=chair),
                lambda first=first: floor.withdraw_from_list(
                    entry=first, delegation=delegations[0], by=None
                ),
            ]
        )
        recognised, withdrawn = outcomes
        first.refresh_from_db()
        speech = Speech.objects.get()
        if isinstance(withdrawn, floor.FloorError):
            # The chair got there first: the first delegation speaks and cannot withdraw.
            assert "yield instead" in str(withdrawn)
            assert first.status == "speaking" and speech.delegation_id == delegations[0].pk
        else:
            # The withdrawal got there first: the chair recognised the next delegation.
            assert first.status == "withdrawn"
            assert speech.delegation_id == delegations[1].pk
        assert isinstance(recognised, Speech)
        assert not Speech.objects.filter(entry__status="withdrawn").exists()
