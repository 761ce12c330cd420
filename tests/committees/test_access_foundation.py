"""Access matrix of the foundation's views: every URL × every role → expected status."""

import pytest
from django.urls import reverse

from tests.conftest import ROLES

LOGIN = 302  # anonymous people are sent to the login page

# url name, kwargs builder, expected status per role (in ROLES order)
MATRIX = [
    ("home", {}, (LOGIN, 200, 200, 200, 200, 200)),
    ("committees:home", {"slug": "unodc"}, (LOGIN, 200, 200, 200, 404, 200)),
    ("committees:delegations", {"slug": "unodc"}, (LOGIN, 200, 200, 200, 404, 200)),
    ("committees:invites", {"slug": "unodc"}, (LOGIN, 403, 403, 200, 404, 200)),
    ("committees:import_delegations", {"slug": "unodc"}, (LOGIN, 403, 403, 200, 404, 200)),
    ("password_change", {}, (LOGIN, 200, 200, 200, 200, 200)),
]


@pytest.mark.parametrize("name,kwargs,expected", MATRIX, ids=[m[0] for m in MATRIX])
@pytest.mark.parametrize("role_index,role", list(enumerate(ROLES)))
def test_get_matrix(
    role_client, committee, other_committee, name, kwargs, expected, role_index, role
):
    response = role_client(role).get(reverse(name, kwargs=kwargs))
    assert response.status_code == expected[role_index], (role, name)
    if response.status_code == LOGIN:
        assert response["Location"].startswith(reverse("login"))


def test_unknown_committee_is_404_even_for_admin(role_client, committee):
    assert role_client("admin").get("/c/nope/").status_code == 404


@pytest.mark.parametrize(
    "role,expected",
    [("anonymous", 302), ("delegate", 403), ("other_chair", 404), ("chair", 302), ("admin", 302)],
)
def test_create_invite_post_matrix(role_client, committee, other_committee, role, expected):
    from committees.models import Invite

    before = Invite.objects.count()
    response = role_client(role).post(
        reverse("committees:invites", args=["unodc"]), {"seat": "chair", "max_uses": 1}
    )
    assert response.status_code == expected
    assert Invite.objects.count() == before + (1 if role in ("chair", "admin") else 0)


def test_login_and_join_pages_are_public(client, db):
    assert client.get(reverse("login")).status_code == 200
    assert client.get(reverse("join")).status_code == 200
    assert client.get(reverse("healthz")).status_code == 200


def test_every_page_sends_a_nonce_only_csp(role_client, committee, delegate):
    response = role_client("delegate").get(reverse("home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "unsafe-inline" not in policy


def test_home_query_count_does_not_grow_with_delegations(
    role_client, committee, chair, django_assert_max_num_queries
):
    from committees.models import Country, Delegation
    from tests.factories import make_user, seat_delegate

    client = role_client("chair")
    with django_assert_max_num_queries(12):
        client.get(reverse("home"))
    for iso3 in ("DEU", "BRA", "IND", "NGA", "THA", "PAK", "COL", "GBR"):
        Delegation.objects.create(committee=committee, country=Country.objects.get(iso3=iso3))
        seat_delegate(make_user(), committee, iso3)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("home"))
    assert "Pakistan" in response.text


def test_delegations_page_query_count_is_constant(
    role_client, committee, delegate, django_assert_max_num_queries
):
    from committees.models import Country, Delegation
    from tests.factories import make_user, seat_delegate

    for iso3 in ("DEU", "BRA", "IND", "NGA", "THA", "PAK", "COL", "GBR"):
        Delegation.objects.create(committee=committee, country=Country.objects.get(iso3=iso3))
        seat_delegate(make_user(), committee, iso3)
    client = role_client("delegate")
    with django_assert_max_num_queries(10):
        response = client.get(reverse("committees:delegations", args=["unodc"]))
    assert response.status_code == 200


def test_committee_overview_links_to_every_part_and_counts_stay_constant(
    role_client, committee, delegate, django_assert_max_num_queries
):
    client = role_client("delegate")
    with django_assert_max_num_queries(14):
        response = client.get(reverse("committees:home", args=["unodc"]))
    for name in (
        "committees:guide",
        "committees:stance_matrix",
        "resolutions:list",
        "positions:list",
    ):
        assert reverse(name, args=["unodc"]) in response.text
