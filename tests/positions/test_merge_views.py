"""Merging working papers from the pages: who may propose, answer and merge, what the pages
say before and after, and a constant number of queries."""

import pytest
from django.urls import reverse

from positions.models import DraftResolution, MergeProposal
from positions.services import merges
from positions.services import resolutions as drafts
from tests import factories
from tests.conftest import ROLES


def d(committee, iso3):
    return factories.delegation(committee, iso3)


def url(name, resolution, **extra):
    return reverse(
        f"resolutions:{name}",
        kwargs={"slug": resolution.committee.slug, "pk": resolution.pk, **extra},
    )


@pytest.fixture
def pair(committee):
    """A sponsored by Mexico (``other_delegate``), B by China; ``delegate`` is the USA."""
    a = drafts.create_draft(
        committee=committee, title="Drones", sponsor=d(committee, "MEX"), by=None
    )
    drafts.add_clause(resolution=a, kind="preambulatory", text="Alarmed by drones,")
    drafts.add_clause(resolution=a, kind="operative", text="Urges States to act;")
    b = drafts.create_draft(
        committee=committee, title="AI tools", sponsor=d(committee, "CHN"), by=None
    )
    drafts.add_clause(resolution=b, kind="preambulatory", text="Noting the report,")
    drafts.add_clause(resolution=b, kind="operative", text="Invites States to train officers.")
    return a, b


MERGE_PAGE = {
    "anonymous": 302,
    "delegate": 403,
    "other_delegate": 200,
    "chair": 200,
    "other_chair": 404,
    "admin": 200,
}


@pytest.mark.parametrize("role", ROLES)
def test_the_merge_page(role_client, pair, role):
    a, b = pair
    response = role_client(role).get(url("merge", a))
    assert response.status_code == MERGE_PAGE[role]
    if MERGE_PAGE[role] == 200:
        assert "AI tools" in response.content.decode()


# Sponsor of A proposes (pending); chair and admin merge at once; others change nothing.
MERGE_POST = {**MERGE_PAGE, "other_delegate": 302, "chair": 302, "admin": 302}


@pytest.mark.parametrize("role", ROLES)
def test_proposing_or_merging(role_client, pair, role):
    a, b = pair
    response = role_client(role).post(url("merge", a), {"other": b.pk})
    assert response.status_code == MERGE_POST[role]
    b.refresh_from_db()
    pending = MergeProposal.objects.filter(status="pending").exists()
    if role == "other_delegate":
        assert pending and b.status == "working_paper"
    elif role in ("chair", "admin"):
        assert b.status == "merged" and b.merged_into_id == a.pk and not pending
        assert a.clauses.count() == 4
    else:
        assert not pending and b.status == "working_paper" and a.clauses.count() == 2


ANSWER = {
    "anonymous": 302,
    "delegate": 302,  # a delegate, but not a sponsor of B: refused with a message
    "other_delegate": 302,
    "chair": 403,
    "other_chair": 404,
    "admin": 403,
}


@pytest.mark.parametrize("role", ROLES)
def test_only_the_other_papers_sponsors_accept(role_client, committee, pair, role):
    a, b = pair
    proposal = merges.propose(into=a, merged=b, delegation=d(committee, "MEX"), by=None)
    response = role_client(role).post(
        url("merge_answer", b, proposal_id=proposal.pk), {"action": "accept"}
    )
    assert response.status_code == ANSWER[role]
    b.refresh_from_db()
    assert b.status == "working_paper"  # none of these sponsors B


def test_china_accepts_and_the_pages_say_so(client, committee, pair):
    a, b = pair
    chen = factories.make_user("chen_chn")
    factories.seat_delegate(chen, committee, "CHN")
    luis = factories.make_user("luis2_mex")
    factories.seat_delegate(luis, committee, "MEX")
    client.force_login(luis)
    client.post(url("merge", a), {"other": b.pk})
    proposal = MergeProposal.objects.get()
    assert "waiting for its sponsors" in client.get(url("detail", a)).content.decode()
    # The proposal cannot be answered through another paper's address.
    c = drafts.create_draft(committee=committee, title="C", sponsor=d(committee, "FRA"), by=None)
    assert (
        client.post(
            url("merge_answer", c, proposal_id=proposal.pk), {"action": "withdraw"}
        ).status_code
        == 404
    )

    client.force_login(chen)
    page = client.get(url("detail", b)).content.decode()
    assert "proposes merging this paper into" in page and "Accept the merge" in page
    response = client.post(url("merge_answer", b, proposal_id=proposal.pk), {"action": "accept"})
    assert response["Location"] == url("detail", a)
    a_page = client.get(url("detail", a)).content.decode()
    assert "Merged into this paper" in a_page and "AI tools" in a_page
    assert "States to train officers." in a_page
    b_page = client.get(url("detail", b)).content.decode()
    assert "Merged into" in b_page and "read-only" in b_page
    assert "States to train officers." in b_page  # its text stays readable
    assert "Edit the draft" not in b_page
    # Read-only: the drafting view sends back, a clause write is refused.
    response = client.get(url("draft", b), follow=True)
    assert "merged into another one" in response.content.decode()
    b_clause = b.clauses.first()
    client.post(
        url("clause_save", b, clause_id=b_clause.pk), {"text": "Changed.", "base_revision": ""}
    )
    b_clause.refresh_from_db()
    assert b_clause.text != "Changed."
    assert DraftResolution.objects.get(pk=b.pk).status == "merged"


def test_bad_merge_input_is_a_clear_message(role_client, committee, pair):
    a, b = pair
    client = role_client("other_delegate")
    assert client.post(url("merge", a), {"other": "x"}).status_code == 404
    assert client.post(url("merge", a), {"other": 999999}).status_code == 404
    response = client.post(url("merge", a), {"other": a.pk})
    assert (
        response.status_code == 400 and "cannot be merged into itself" in response.content.decode()
    )
    drafts.withdraw(resolution=b)
    response = client.post(url("merge", a), {"other": b.pk})
    assert response.status_code == 400 and "only working papers" in response.content.decode()


def test_the_merge_page_queries_do_not_grow(role_client, committee, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = role_client("other_delegate")
    a = drafts.create_draft(committee=committee, title="A", sponsor=d(committee, "MEX"), by=None)
    drafts.create_draft(committee=committee, title="B", sponsor=d(committee, "CHN"), by=None)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url("merge", a)).status_code == 200
    few = len(ctx.captured_queries)
    for i in range(15):
        other = drafts.create_draft(
            committee=committee, title=f"P{i}", sponsor=d(committee, "CHN"), by=None
        )
        drafts.support(resolution=other, delegation=d(committee, "FRA"), role="sponsor", by=None)
        drafts.add_clause(resolution=other, kind="operative", text="Urges;")
    with django_assert_max_num_queries(few):
        assert client.get(url("merge", a)).status_code == 200
