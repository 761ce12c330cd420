"""Many clicks at once on PostgreSQL: one signature per delegation, one number per draft."""

import threading

import pytest
from django.db import connection

from positions.models import AmendmentSupport, DraftResolution, Sponsorship
from positions.services import amendments as service
from positions.services import resolutions as drafts
from tests import factories
from tests.positions.resolution_factory import introduced_draft

THREADS = 12


def run_at_once(work) -> list[Exception]:
    barrier = threading.Barrier(THREADS)
    errors: list[Exception] = []

    def target(i):
        try:
            barrier.wait()
            work(i)
        except Exception as exc:  # noqa: BLE001 - collected and checked by the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_duplicate_signatures_at_once_leave_one_row(committee):
    resolution = drafts.create_draft(
        committee=committee, title="T", sponsor=factories.delegation(committee, "MEX"), by=None
    )
    usa = factories.delegation(committee, "USA")
    errors = run_at_once(
        lambda i: drafts.support(resolution=resolution, delegation=usa, role="signatory", by=None)
    )
    assert errors == []
    assert Sponsorship.objects.filter(resolution=resolution, delegation=usa).count() == 1

    amended = introduced_draft(committee, signatories=("CHN",))
    amendment = service.propose(
        resolution=amended,
        delegation=factories.delegation(committee, "FRA"),
        kind="modify",
        clause=amended.clauses.filter(kind="operative").first(),
        text="Calls upon all States to act;",
        friendly=False,
        by=None,
    )
    errors = run_at_once(lambda i: service.sign(amendment=amendment, delegation=usa, by=None))
    assert errors == []
    assert AmendmentSupport.objects.filter(amendment=amendment).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_approvals_at_once_never_share_a_symbol(committee):
    submitted = []
    for i in range(THREADS):
        resolution = drafts.create_draft(
            committee=committee,
            title=f"Draft {i}",
            sponsor=factories.delegation(committee, "MEX"),
            by=None,
        )
        drafts.add_clause(resolution=resolution, kind="operative", text="Urges States to act.")
        drafts.submit(resolution=resolution)
        submitted.append(resolution)
    errors = run_at_once(lambda i: drafts.approve(resolution=submitted[i]))
    assert errors == []
    symbols = list(DraftResolution.objects.values_list("symbol", flat=True))
    assert len(set(symbols)) == THREADS
    assert sorted(DraftResolution.objects.values_list("number", flat=True)) == list(
        range(1, THREADS + 1)
    )
