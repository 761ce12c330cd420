"""Before approving a draft or putting it to the vote, the chair sees its errors and
clause-order problems and confirms to go on."""

import pytest
from django.urls import reverse

from positions.models import DraftResolution
from positions.services import resolutions as drafts
from tests import factories
from tests.conftest import ROLES
from tests.positions.resolution_factory import introduced_draft


def url(name, resolution):
    return reverse(
        f"resolutions:{name}", kwargs={"slug": resolution.committee.slug, "pk": resolution.pk}
    )


def submitted(committee, clauses):
    resolution = drafts.create_draft(
        committee=committee,
        title="Drones at borders",
        sponsor=factories.delegation(committee, "MEX"),
        by=None,
    )
    for kind, text in clauses:
        drafts.add_clause(resolution=resolution, kind=kind, text=text)
    for iso3 in ("USA", "CHN"):
        drafts.support(
            resolution=resolution,
            delegation=factories.delegation(committee, iso3),
            role="signatory",
            by=None,
        )
    return drafts.submit(resolution=resolution)


FLAWED = [
    ("preambulatory", "Recalling its work;"),  # ends with a semicolon: an error
    ("operative", "Decides that all States shall ban drones at borders;"),  # Council only
    ("operative", "Requests a report."),
]
CLEAN = [
    ("preambulatory", "Recalling its work,"),
    ("operative", "Requests a report."),
]


def test_approving_a_flawed_draft_asks_the_chair_to_confirm(role_client, committee):
    resolution = submitted(committee, FLAWED)
    client = role_client("chair")
    response = client.post(url("chair", resolution), {"action": "approve"})
    assert response.status_code == 302
    assert response["Location"] == url("checks", resolution) + "?action=approve"
    resolution.refresh_from_db()
    assert resolution.status == DraftResolution.Status.SUBMITTED  # nothing happened yet

    page = client.get(response["Location"]).content.decode()
    assert "2 problems in the text" in page
    assert "Preambulatory clause 1" in page and "ends with a comma" in page
    assert "Operative clause 1" in page and "Security Council" in page
    assert "Approve anyway" in page and "Return to sponsors" in page

    client.post(url("chair", resolution), {"action": "approve", "confirm": "1"})
    resolution.refresh_from_db()
    assert resolution.status == DraftResolution.Status.APPROVED


def test_htmx_buttons_are_sent_to_the_check_page(role_client, committee):
    resolution = submitted(committee, FLAWED)
    response = role_client("chair").post(
        url("chair", resolution), {"action": "approve"}, headers={"HX-Request": "true"}
    )
    assert response["HX-Redirect"] == url("checks", resolution) + "?action=approve"


def test_a_clean_draft_is_approved_at_once(role_client, committee):
    resolution = submitted(committee, CLEAN)
    role_client("chair").post(url("chair", resolution), {"action": "approve"})
    resolution.refresh_from_db()
    assert resolution.status == DraftResolution.Status.APPROVED


def test_a_clause_out_of_order_stops_the_vote_until_confirmed(role_client, committee):
    resolution = introduced_draft(committee)
    # An adopted amendment may leave a preambulatory clause among operative ones.
    op = resolution.clauses.filter(kind="operative").first()
    from positions.models import Clause

    Clause.objects.create(
        resolution=resolution, kind="preambulatory", text="Noting the report,", order=op.order
    )
    client = role_client("chair")
    response = client.post(url("chair", resolution), {"action": "vote"})
    assert response["Location"].endswith("?action=vote")
    resolution.refresh_from_db()
    assert resolution.motion_id is None
    page = client.get(response["Location"]).content.decode()
    assert "comes after an operative clause" in page and "Put to the vote anyway" in page
    client.post(url("chair", resolution), {"action": "vote", "confirm": "1"})
    resolution.refresh_from_db()
    assert resolution.motion_id is not None


CHECKS = {
    "anonymous": 302,
    "delegate": 403,
    "other_delegate": 403,
    "chair": 200,
    "other_chair": 404,
    "admin": 200,
}


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_the_check_page(role_client, committee, role):
    resolution = submitted(committee, FLAWED)
    response = role_client(role).get(url("checks", resolution) + "?action=approve")
    assert response.status_code == CHECKS[role]


def test_the_check_page_has_constant_queries(role_client, committee, django_assert_max_num_queries):
    resolution = submitted(committee, FLAWED * 5)
    client = role_client("chair")
    client.get(url("checks", resolution))
    with django_assert_max_num_queries(14):
        client.get(url("checks", resolution))
