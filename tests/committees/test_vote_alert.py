"""A delegate's pages ask whether a vote waits for their delegation (the alert in app.js)."""

import pytest
from django.urls import reverse

from committees.services import procedure as proc
from tests import factories

EXPECTED = {
    "anonymous": 302,
    "delegate": 200,
    "other_delegate": 200,
    "chair": 200,
    "other_chair": 404,
    "admin": 200,
}


def _open_electronic_vote(committee, chair, title="Motion to close debate"):
    session = proc.open_session(committee=committee, by=chair)
    proc.record_roll(session=session, by=chair, remaining_present=True)
    motion = proc.create_motion(committee=committee, kind="procedural", title=title, by=chair)
    return proc.open_vote(motion=motion, method="electronic", by=chair)


@pytest.mark.parametrize("role", list(EXPECTED))
def test_vote_alert_per_role(role_client, role, committee, delegate, other_delegate, chair):
    _open_electronic_vote(committee, chair)
    response = role_client(role).get(reverse("committees:vote_alert", args=[committee.slug]))
    assert response.status_code == EXPECTED[role]
    if response.status_code == 200:
        expected_vote = role in ("delegate", "other_delegate")  # only delegations vote
        assert (response.json()["vote"] is not None) == expected_vote


def test_the_alert_names_the_vote_until_the_delegation_has_voted(
    client, committee, delegate, chair, django_assert_max_num_queries
):
    client.force_login(delegate)
    url = reverse("committees:vote_alert", args=[committee.slug])
    assert client.get(url).json() == {"vote": None}
    vote = _open_electronic_vote(committee, chair)
    with django_assert_max_num_queries(8):
        data = client.get(url).json()
    assert data == {
        "vote": vote.pk,
        "title": "Motion to close debate",
        "delegation": factories.delegation(committee, "USA").country.name,
        "url": f"/c/{committee.slug}/votes/",
    }
    proc.cast_ballot(
        vote=vote, delegation=factories.delegation(committee, "USA"), choice="yes", by=delegate
    )
    assert client.get(url).json() == {"vote": None}


def test_no_alert_for_a_placard_vote(client, committee, delegate, chair):
    session = proc.open_session(committee=committee, by=chair)
    proc.record_roll(session=session, by=chair, remaining_present=True)
    motion = proc.create_motion(committee=committee, kind="procedural", title="Recess", by=chair)
    proc.open_vote(motion=motion, method="placard", by=chair)
    client.force_login(delegate)
    assert client.get(reverse("committees:vote_alert", args=[committee.slug])).json() == {
        "vote": None
    }


def test_delegate_pages_carry_the_alert_url_and_chairs_do_not(client, committee, delegate, chair):
    client.force_login(delegate)
    page = client.get(reverse("committees:guide", args=[committee.slug])).content.decode()
    assert f'data-vote-alert="/c/{committee.slug}/votes/alert/"' in page
    client.force_login(chair)
    page = client.get(reverse("committees:guide", args=[committee.slug])).content.decode()
    assert "data-vote-alert" not in page
