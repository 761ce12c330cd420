"""The chair waives a draft's signature threshold with a reason on record; observers' rights
to sponsor and sign follow the committee's rules."""

import pytest
from django.urls import reverse

from committees.models import Delegation
from committees.services import procedure as proc
from positions.selectors import resolutions as selectors
from positions.services import resolutions as drafts
from tests import factories
from tests.conftest import ROLES

pytestmark = pytest.mark.django_db

TEN = ("USA", "MEX", "CHN", "FRA", "GBR", "DEU", "IND", "BRA", "NGA", "COL")


@pytest.fixture
def big_committee(db):
    return factories.make_committee("big", countries=TEN, acronym="UNODC")


def new_draft(committee):
    resolution = drafts.create_draft(
        committee=committee,
        title="Countering AI-enabled trafficking",
        sponsor=factories.delegation(committee, "MEX"),
        by=None,
    )
    drafts.add_clause(resolution=resolution, kind="operative", text="Urges States to act.")
    return resolution


def test_waiver_lets_a_draft_through_and_is_recorded(big_committee):
    chair = factories.make_user("chair_big")
    resolution = new_draft(big_committee)
    with pytest.raises(drafts.ResolutionError, match="2 more"):
        drafts.submit(resolution=resolution)
    with pytest.raises(drafts.ResolutionError, match="Give the reason"):
        drafts.waive_signatures(resolution=resolution, reason="ok", by=chair)
    drafts.waive_signatures(
        resolution=resolution, reason="four supporters have no account", by=chair
    )
    resolution.refresh_from_db()
    assert resolution.signatures_waived_by == chair and resolution.signatures_waived_at
    check = selectors.support_for(resolution).check
    assert check.ok and check.waived
    assert "waived by the chair (four supporters have no account)" in check.explanation
    drafts.submit(resolution=resolution)
    assert drafts.approve(resolution=resolution).symbol == "UNODC/1/DR.1"
    with pytest.raises(drafts.ResolutionError, match="before the chair approves"):
        drafts.waive_signatures(resolution=resolution, reason="too late now", by=chair)


def test_rules_may_forbid_waivers(big_committee):
    proc.update_rules(
        committee=big_committee, preset="ga", rules={"chair_may_waive_signatures": False}, by=None
    )
    big_committee.refresh_from_db()
    resolution = new_draft(big_committee)
    with pytest.raises(drafts.ResolutionError, match="do not let the chair waive"):
        drafts.waive_signatures(resolution=resolution, reason="no accounts here", by=None)
    resolution.refresh_from_db()
    assert resolution.signatures_waived_reason == ""


def test_observers_sponsor_and_sign_per_the_rules(big_committee):
    observer = factories.delegation(big_committee, "COL")
    observer.status = Delegation.Status.OBSERVER
    observer.save()
    resolution = new_draft(big_committee)
    with pytest.raises(drafts.ResolutionError, match="observers may not sponsor"):
        drafts.support(resolution=resolution, delegation=observer, role="sponsor", by=None)
    drafts.support(resolution=resolution, delegation=observer, role="signatory", by=None)
    proc.update_rules(
        committee=big_committee,
        preset="ga",
        rules={"observers_may_sponsor": True, "observers_may_sign": False},
        by=None,
    )
    big_committee.refresh_from_db()
    other = new_draft(big_committee)
    with pytest.raises(drafts.ResolutionError, match="observers may not sign"):
        drafts.support(resolution=other, delegation=observer, role="signatory", by=None)
    drafts.support(resolution=other, delegation=observer, role="sponsor", by=None)


WAIVE = {
    "anonymous": "login",
    "delegate": 403,
    "other_delegate": 403,
    "chair": 302,
    "other_chair": 404,
    "admin": 302,
}


@pytest.mark.parametrize("role", ROLES)
def test_waiver_access_matrix(role, role_client, committee):
    resolution = new_draft(committee)
    client = role_client(role)
    response = client.post(
        reverse("resolutions:waive_signatures", args=[committee.slug, resolution.pk]),
        {"reason": "three delegations have no devices"},
    )
    got = response.status_code
    if got == 302 and response["Location"].startswith("/accounts/login/"):
        got = "login"
    assert got == WAIVE[role]
    resolution.refresh_from_db()
    assert bool(resolution.signatures_waived_reason) == (WAIVE[role] == 302)


def test_chair_sees_the_waiver_form_and_delegates_do_not(role_client, committee, chair):
    proc.update_rules(
        committee=committee, preset="ga", rules={"signatory_fraction": "1/2"}, by=chair
    )
    committee.refresh_from_db()
    resolution = new_draft(committee)
    page_url = reverse("resolutions:detail", args=[committee.slug, resolution.pk])
    assert "Waive the threshold" in role_client("chair").get(page_url).content.decode()
    assert "Waive the threshold" not in role_client("delegate").get(page_url).content.decode()
