"""Sponsors reopen a submitted draft before approval; a sponsor pastes a real resolution."""

from pathlib import Path

import pytest
from django.urls import reverse

from positions.models import DraftResolution
from positions.models.resolutions import clause_tree
from positions.services import resolutions as drafts
from tests import factories
from tests.conftest import ROLES

CORPUS = Path(__file__).resolve().parent.parent / "data" / "resolutions"


def url(name, resolution):
    return reverse(
        f"resolutions:{name}", kwargs={"slug": resolution.committee.slug, "pk": resolution.pk}
    )


@pytest.fixture
def submitted(committee):
    """Sponsored by Mexico (``other_delegate``), signed by the United States and China."""
    resolution = drafts.create_draft(
        committee=committee, title="Drones", sponsor=factories.delegation(committee, "MEX"), by=None
    )
    drafts.add_clause(resolution=resolution, kind="operative", text="Requests a report.")
    for iso3 in ("USA", "CHN"):
        drafts.support(
            resolution=resolution,
            delegation=factories.delegation(committee, iso3),
            role="signatory",
            by=None,
        )
    return drafts.submit(resolution=resolution)


REOPEN = {
    "anonymous": 302,
    "delegate": 403,  # a signatory, not a sponsor
    "other_delegate": 302,  # the sponsor: done, back to the page
    "chair": 403,
    "other_chair": 404,
    "admin": 302,
}


@pytest.mark.parametrize("role", ROLES)
def test_who_may_reopen(role_client, submitted, role):
    response = role_client(role).post(url("submit", submitted), {"action": "reopen"})
    assert response.status_code == REOPEN[role]
    submitted.refresh_from_db()
    reopened = role in ("other_delegate", "admin")
    assert submitted.status == ("working_paper" if reopened else "submitted")
    if role == "anonymous":
        assert "/login" in response["Location"] or "accounts" in response["Location"]


def test_the_sponsor_reopens_edits_and_submits_again(role_client, submitted):
    client = role_client("other_delegate")
    page = client.get(url("detail", submitted)).content.decode()
    assert "Reopen to edit" in page
    client.post(url("submit", submitted), {"action": "reopen"})
    drafts.add_clause(resolution=submitted, kind="preambulatory", text="Recalling its work,")
    client.post(url("submit", submitted))
    submitted.refresh_from_db()
    assert submitted.status == DraftResolution.Status.SUBMITTED


def test_an_approved_draft_cannot_be_reopened(submitted):
    drafts.approve(resolution=submitted)
    with pytest.raises(drafts.ResolutionError, match="through amendments"):
        drafts.reopen(resolution=submitted)


@pytest.mark.parametrize(
    "name,pre,op,subs",
    [("sc_1565_2004.txt", 9, 28, 18), ("ga_65_141.txt", 24, 24, 0), ("sc_2482_2019.txt", 3, 0, 0)],
)
def test_a_sponsor_pastes_a_real_resolution(role_client, committee, name, pre, op, subs):
    resolution = drafts.create_draft(
        committee=committee, title="Pasted", sponsor=factories.delegation(committee, "MEX"), by=None
    )
    text = (CORPUS / name).read_text(encoding="utf-8")
    response = role_client("other_delegate").post(
        url("clause_paste", resolution), {"text": text}, follow=True
    )
    assert response.status_code == 200
    top = clause_tree(list(resolution.clauses.all()))
    kinds = [n.kind for n in top]
    assert kinds == ["preambulatory"] * pre + ["operative"] * op
    assert sum(1 for root in top for n in root.walk()) - len(top) == subs
    assert top[0].clause.text.split()[0] in {"Recalling", "Reaffirming"}
