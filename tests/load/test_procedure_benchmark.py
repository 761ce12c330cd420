"""Procedure benchmark: a General Assembly-sized room (193 delegations, 60 motions).

Not part of the normal run; `make bench` (pytest -m load) runs it and prints the numbers:

    DATABASE_URL=postgres://... python -m pytest -m load tests/load/test_procedure_benchmark.py -s

Budgets, on medians so that a busy shared machine does not make them flaky: the "nothing
changed" poll every open screen makes every two seconds under 25 ms; the chair's dashboard for
a full General Assembly under 400 ms; casting a ballot under 50 ms. On an idle laptop the
numbers are several times lower; p95 is printed alongside.
"""

from __future__ import annotations

import itertools
import statistics
import string
import time

import pytest
from django.test import Client
from django.urls import reverse

from committees.models import Country, Delegation
from committees.services import procedure as proc
from tests import factories

pytestmark = [pytest.mark.load, pytest.mark.django_db]

DELEGATIONS = 193
MOTIONS = 60
ROUNDS = 40
POLL_P50_MS = 25.0
DASHBOARD_P50_MS = 400.0
BALLOT_P50_MS = 50.0


@pytest.fixture
def only_when_asked(request):
    if "load" not in (request.config.option.markexpr or ""):
        pytest.skip("benchmark: run with -m load (make bench)")


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1]


def timed(call) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def test_procedure_screens_stay_fast_in_a_full_room(only_when_asked, committee, chair):
    session = proc.open_session(committee=committee, by=chair)
    delegations = list(committee.delegations.all())
    existing = set(Country.objects.values_list("iso3", flat=True))
    free_codes = ("".join(code) for code in itertools.product(string.ascii_uppercase, repeat=3))
    free_codes = (code for code in free_codes if code not in existing)
    for i in range(DELEGATIONS - len(delegations)):
        iso3 = next(free_codes)
        country = Country.objects.create(iso3=iso3, name=f"Benchmark state {i:03d}")
        delegations.append(Delegation.objects.create(committee=committee, country=country))
    for delegation in delegations:
        proc.record_attendance(
            session=session, delegation=delegation, attendance="present", by=chair
        )
    for i in range(MOTIONS):
        proc.create_motion(committee=committee, kind="amendment", title=f"Amendment {i}", by=chair)
    motion = proc.create_motion(committee=committee, kind="resolution", title="Draft", by=chair)
    vote = proc.open_vote(motion=motion, method="electronic", by=chair)

    users = []
    for delegation in delegations:
        user = factories.make_user()
        factories.seat_delegate(user, committee, delegation.country.iso3)
        users.append(user)

    ballot_ms = []
    for delegation in delegations[: ROUNDS * 2]:
        ballot_ms.append(
            timed(
                lambda d=delegation: proc.cast_ballot(
                    vote=vote, delegation=d, choice="yes", by=None
                )
            )
        )

    chair_client = Client()
    chair_client.force_login(chair)
    dashboard = reverse("committees:chair", args=[committee.slug])
    dashboard_ms = [timed(lambda: chair_client.get(dashboard)) for _ in range(ROUNDS)]

    delegate_client = Client()
    delegate_client.force_login(users[-1])
    version = proc.clock_version(committee.pk)
    poll = (
        reverse("committees:procedure_poll", args=[committee.slug]) + f"?screen=ballot&v={version}"
    )
    assert delegate_client.get(poll).status_code == 204
    poll_ms = [timed(lambda: delegate_client.get(poll)) for _ in range(ROUNDS * 5)]

    print(
        f"\nprocedure benchmark ({DELEGATIONS} delegations, {MOTIONS} motions): "
        f"poll 204 p50 {statistics.median(poll_ms):.1f} ms, p95 {p95(poll_ms):.1f} ms; "
        f"chair dashboard p50 {statistics.median(dashboard_ms):.0f} ms, "
        f"p95 {p95(dashboard_ms):.0f} ms; "
        f"ballot p50 {statistics.median(ballot_ms):.1f} ms, p95 {p95(ballot_ms):.1f} ms"
    )
    assert statistics.median(poll_ms) <= POLL_P50_MS
    assert statistics.median(dashboard_ms) <= DASHBOARD_P50_MS
    assert statistics.median(ballot_ms) <= BALLOT_P50_MS
