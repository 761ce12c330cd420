"""Ballots under contention on PostgreSQL: one ballot per delegation, nothing after closing."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from committees.models import Ballot, Committee, Country, Delegation, Vote
from committees.services import procedure as proc
from committees.services.procedure import ProcedureError

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]

DELEGATIONS = 10
SUBMISSIONS_EACH = 5  # 50 submissions in all, five per delegation


@pytest.fixture
def open_vote(django_user_model):
    committee = Committee.objects.create(slug="busy", name="Busy committee", acronym="BUSY")
    chair = django_user_model.objects.create_user("busy-chair")
    session = proc.open_session(committee=committee, by=chair)
    delegations = []
    for i in range(DELEGATIONS):
        country = Country.objects.create(iso3=f"Z{i:02d}", name=f"Zeta {i:02d}")
        delegation = Delegation.objects.create(committee=committee, country=country)
        proc.record_attendance(
            session=session, delegation=delegation, attendance="present", by=chair
        )
        delegations.append(delegation)
    motion = proc.create_motion(committee=committee, kind="amendment", title="Strike §3", by=chair)
    vote = proc.open_vote(motion=motion, method="electronic", by=chair)
    return vote, delegations, chair


def run_in_threads(jobs):
    """Run callables at once, each thread with its own connection; collect outcomes."""
    barrier = threading.Barrier(len(jobs))

    def run(job):
        try:
            barrier.wait()
            return job()
        except ProcedureError as exc:
            return exc
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(run, jobs))


def test_fifty_parallel_duplicated_ballots_keep_one_per_delegation(open_vote):
    vote, delegations, _ = open_vote
    choices = ["yes", "no", "abstain"]
    jobs = [
        (
            lambda d=d, c=choices[(i + k) % 3]: proc.cast_ballot(
                vote=vote, delegation=d, choice=c, by=None
            )
        )
        for i, d in enumerate(delegations)
        for k in range(SUBMISSIONS_EACH)
    ]
    assert len(jobs) == 50
    outcomes = run_in_threads(jobs)
    accepted = [o for o in outcomes if isinstance(o, Ballot)]
    refused = [o for o in outcomes if isinstance(o, ProcedureError)]
    assert len(accepted) == DELEGATIONS
    assert len(refused) == 50 - DELEGATIONS
    assert all("already voted" in str(e) for e in refused)
    assert Ballot.objects.filter(vote=vote).count() == DELEGATIONS
    assert {b.delegation_id for b in Ballot.objects.filter(vote=vote)} == {
        d.pk for d in delegations
    }


def test_ballots_racing_the_close_are_counted_or_refused_never_lost(open_vote):
    vote, delegations, chair = open_vote
    jobs = [
        (lambda d=d: proc.cast_ballot(vote=vote, delegation=d, choice="yes", by=None))
        for d in delegations
    ] + [lambda: proc.close_vote(vote=vote, by=chair)]
    outcomes = run_in_threads(jobs)
    closed = Vote.objects.get(pk=vote.pk)
    assert closed.status == Vote.Status.CLOSED
    stored = Ballot.objects.filter(vote=vote).count()
    accepted = sum(isinstance(o, Ballot) for o in outcomes)
    # Every accepted ballot was counted in the result; every other one was refused.
    assert closed.yes == stored == accepted
    refused = [o for o in outcomes if isinstance(o, ProcedureError)]
    assert all("closed" in str(e) for e in refused)
    assert accepted + len(refused) == DELEGATIONS
    # After closing, nothing more is accepted.
    with pytest.raises(ProcedureError, match="closed"):
        proc.cast_ballot(vote=vote, delegation=delegations[0], choice="no", by=None)
    assert Ballot.objects.filter(vote=vote).count() == stored
