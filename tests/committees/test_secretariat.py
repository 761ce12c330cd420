"""The secretariat sets up the conference in the app: overview, committees, delegations, people."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from committees.models import ChairSeat, Committee, DelegateSeat, Delegation, Guide, Session, Vote
from committees.services import secretariat
from committees.services.procedure import open_session
from tests import factories
from tests.committees.guide_helpers import DATA

User = get_user_model()

# Non-staff people get 403 on every secretariat page; anonymous visitors are sent to log in.
EXPECTED = {
    "anonymous": 302,
    "delegate": 403,
    "other_delegate": 403,
    "chair": 403,
    "other_chair": 403,
}


def _urls(committee, delegate):
    usa = factories.delegation(committee, "USA")
    return [
        ("get", "/secretariat/"),
        ("get", "/secretariat/committees/new/"),
        ("get", f"/secretariat/c/{committee.slug}/"),
        ("post", f"/secretariat/c/{committee.slug}/details/"),
        ("post", f"/secretariat/c/{committee.slug}/delegations/add/"),
        ("post", f"/secretariat/c/{committee.slug}/delegations/{usa.pk}/status/"),
        ("post", f"/secretariat/c/{committee.slug}/delegations/{usa.pk}/remove/"),
        ("post", f"/secretariat/c/{committee.slug}/people/{delegate.pk}/move/"),
        ("post", f"/secretariat/c/{committee.slug}/people/{delegate.pk}/remove/"),
        ("post", f"/secretariat/c/{committee.slug}/people/{delegate.pk}/reset/"),
    ]


@pytest.mark.parametrize("role", list(EXPECTED))
def test_only_the_secretariat_gets_in(
    role_client, role, committee, delegate, other_delegate, chair, other_chair
):
    client = role_client(role)
    for method, url in _urls(committee, delegate):
        response = getattr(client, method)(url, {"status": "observer", "countries": "Brazil"})
        assert response.status_code == EXPECTED[role], (role, method, url)
    # ...and nothing changed.
    assert DelegateSeat.objects.filter(user=delegate).count() == 1
    assert factories.delegation(committee, "USA").status == "member"
    assert not Delegation.objects.filter(committee=committee, country__iso3="BRA").exists()
    assert User.objects.get(pk=delegate.pk).has_usable_password()


def test_the_secretariat_sees_every_page(role_client, committee, delegate, admin_user):
    client = role_client("admin")
    for method, url in _urls(committee, delegate):
        if method == "get":
            assert client.get(url).status_code == 200, url


def test_overview_counts_every_committee(client, admin_user, committee, other_committee, chair):
    factories.seat_delegate(factories.make_user(), committee, "USA")
    factories.seat_delegate(factories.make_user(), committee, "MEX")
    Delegation.objects.filter(committee=committee, country__iso3="FRA").update(status="observer")
    open_session(committee=committee, by=chair)
    client.force_login(admin_user)
    body = client.get("/secretariat/").content.decode()
    assert "3 members, 1 observer" in body  # USA, MEX, CHN members; France observer
    assert "2 delegates, 1 chair" in body
    assert "Session 1 open" in body
    assert "CTC" in body and "2 members" in body


def test_overview_queries_do_not_grow_with_the_conference(
    client, admin_user, django_assert_max_num_queries
):
    def add_committee(n):
        committee = factories.make_committee(f"c{n}", countries=("USA", "MEX", "CHN", "BRA"))
        for iso3 in ("USA", "MEX"):
            factories.seat_delegate(factories.make_user(), committee, iso3)
        factories.seat_chair(factories.make_user(), committee)
        return committee

    add_committee(1)
    client.force_login(admin_user)
    with django_assert_max_num_queries(14) as few:
        client.get("/secretariat/")
    for n in range(2, 7):
        add_committee(n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/secretariat/")
    # Once in the table, once in the phone's card list.
    assert response.content.decode().count("Set up<span") == 12


def test_setup_page_queries_do_not_grow_with_people(
    client, admin_user, committee, django_assert_max_num_queries
):
    client.force_login(admin_user)
    factories.seat_delegate(factories.make_user(), committee, "USA")
    with django_assert_max_num_queries(16) as few:
        client.get(f"/secretariat/c/{committee.slug}/")
    for iso3 in ("MEX", "CHN", "FRA"):
        for _ in range(3):
            factories.seat_delegate(factories.make_user(), committee, iso3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(f"/secretariat/c/{committee.slug}/")


def test_create_a_committee_by_hand(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        "/secretariat/committees/new/",
        {
            "how": "hand",
            "name": "Human Rights Council",
            "acronym": "HRC",
            "topic": "Privacy",
            "rule_profile": "ga",
        },
    )
    committee = Committee.objects.get(acronym="HRC")
    assert response.status_code == 302 and response["Location"] == "/secretariat/c/hrc/"
    assert committee.slug == "hrc" and committee.topic == "Privacy"
    # A second committee with the same short name gets its own address.
    client.post(
        "/secretariat/committees/new/",
        {"how": "hand", "name": "Other HRC", "acronym": "HRC", "rule_profile": "ga"},
    )
    assert Committee.objects.filter(slug="hrc-2").exists()


def test_bad_committee_input_changes_nothing(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        "/secretariat/committees/new/",
        {"how": "hand", "name": "", "acronym": "X" * 30, "rule_profile": "nope"},
    )
    assert response.status_code == 400
    assert not Committee.objects.exists()


def test_create_a_committee_from_its_guide(client, admin_user):
    factories.ensure_countries()
    client.force_login(admin_user)
    data = (DATA / "guide_first_committee.txt").read_bytes()
    response = client.post(
        "/secretariat/committees/new/",
        {
            "how": "guide",
            "rule_profile": "ga",
            "file": SimpleUploadedFile("first.txt", data, content_type="text/plain"),
        },
        follow=True,
    )
    committee = Committee.objects.get(acronym="GAFC")
    assert committee.name == "General Assembly First Committee"
    assert committee.topic == "Lethal Autonomous Weapons"
    assert Guide.objects.get(committee=committee).chairs == ["Maria Rossi", "Tom Berg"]
    body = response.content.decode()
    assert "Chairs named in the guide: Maria Rossi, Tom Berg" in body
    # The countries the guide discusses are offered as delegations in one click.
    assert "without a seat yet: China, United States." in body
    client.post(
        f"/secretariat/c/{committee.slug}/delegations/add/",
        {"countries": "CHN,USA", "status": "member"},
    )
    assert set(committee.delegations.values_list("country__iso3", flat=True)) == {"CHN", "USA"}


def test_an_unreadable_guide_creates_nothing(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        "/secretariat/committees/new/",
        {"how": "guide", "rule_profile": "ga", "file": SimpleUploadedFile("x.pdf", b"not a pdf")},
    )
    assert response.status_code == 400
    assert not Committee.objects.exists()
    assert not Guide.objects.exists()


def test_seat_ten_delegations_with_loose_names(client, admin_user, committee):
    client.force_login(admin_user)
    names = "Brazil\nGermany, India; Nigeria\nPakistan\nThailand\nthe United Kingdom\nMéxico\nJapan\nKenya"
    response = client.post(
        f"/secretariat/c/{committee.slug}/delegations/add/",
        {"countries": names, "status": "member"},
        follow=True,
    )
    assert "Seated 9 delegations (1 already had a seat)" in response.content.decode()
    assert committee.delegations.count() == 4 + 9


def test_unknown_country_seats_nobody(client, admin_user, committee):
    client.force_login(admin_user)
    response = client.post(
        f"/secretariat/c/{committee.slug}/delegations/add/",
        {"countries": "Brazil, Atlantis", "status": "member"},
    )
    assert response.status_code == 400
    assert "Unknown country: Atlantis" in response.content.decode()
    assert committee.delegations.count() == 4


def test_change_a_delegation_to_observer(client, admin_user, committee):
    client.force_login(admin_user)
    fra = factories.delegation(committee, "FRA")
    client.post(
        f"/secretariat/c/{committee.slug}/delegations/{fra.pk}/status/", {"status": "observer"}
    )
    assert Delegation.objects.get(pk=fra.pk).status == "observer"
    client.post(f"/secretariat/c/{committee.slug}/delegations/{fra.pk}/status/", {"status": "boss"})
    assert Delegation.objects.get(pk=fra.pk).status == "observer"


def test_a_delegation_with_people_or_work_is_not_removed(client, admin_user, committee, delegate):
    client.force_login(admin_user)
    usa = factories.delegation(committee, "USA")
    response = client.post(
        f"/secretariat/c/{committee.slug}/delegations/{usa.pk}/remove/", follow=True
    )
    assert "has 1 delegate: move or remove them first" in response.content.decode()
    assert Delegation.objects.filter(pk=usa.pk).exists()
    # Nobody seated and nothing written: it goes.
    fra = factories.delegation(committee, "FRA")
    client.post(f"/secretariat/c/{committee.slug}/delegations/{fra.pk}/remove/")
    assert not Delegation.objects.filter(pk=fra.pk).exists()


def test_remove_delegation_refuses_when_something_refers_to_it(committee, chair):
    """Any row pointing at the delegation (here a roll-call answer) keeps it."""
    from committees.models import RollCallEntry

    session = open_session(committee=committee, by=chair)
    chn = factories.delegation(committee, "CHN")
    RollCallEntry.objects.create(session=session, delegation=chn, attendance="present")
    with pytest.raises(secretariat.SetupError, match="cannot be removed"):
        secretariat.remove_delegation(delegation=chn)
    assert Delegation.objects.filter(pk=chn.pk).exists()


def test_move_a_person_to_another_delegation(
    client, admin_user, committee, other_committee, delegate
):
    client.force_login(admin_user)
    mex = factories.delegation(committee, "MEX")
    client.post(
        f"/secretariat/c/{committee.slug}/people/{delegate.pk}/move/", {"delegation": mex.pk}
    )
    assert DelegateSeat.objects.get(user=delegate).delegation == mex
    # Not into another committee's delegation.
    gbr = factories.delegation(other_committee, "GBR")
    client.post(
        f"/secretariat/c/{committee.slug}/people/{delegate.pk}/move/", {"delegation": gbr.pk}
    )
    assert DelegateSeat.objects.get(user=delegate).delegation == mex


def test_remove_a_person_keeps_their_account(client, admin_user, committee, delegate, chair):
    client.force_login(admin_user)
    client.post(f"/secretariat/c/{committee.slug}/people/{delegate.pk}/remove/")
    client.post(f"/secretariat/c/{committee.slug}/people/{chair.pk}/remove/")
    assert not DelegateSeat.objects.filter(user=delegate).exists()
    assert not ChairSeat.objects.filter(user=chair).exists()
    assert User.objects.filter(pk=delegate.pk).exists()


def test_reset_access_signs_out_everywhere_and_gives_a_one_time_link(
    client, admin_user, committee, delegate
):
    phone = Client()
    phone.force_login(delegate)
    assert phone.get(f"/c/{committee.slug}/").status_code == 200
    client.force_login(admin_user)
    response = client.post(f"/secretariat/c/{committee.slug}/people/{delegate.pk}/reset/")
    assert response.status_code == 200
    link = response.context["link"]
    assert "/accounts/reset/" in link
    assert not User.objects.get(pk=delegate.pk).has_usable_password()
    # The delegate's open session is over.
    assert phone.get(f"/c/{committee.slug}/").status_code == 302
    # The link lets them choose a new password, once.
    visitor = Client()
    path = link.split("testserver")[1]
    form_page = visitor.get(path, follow=True)
    set_url = form_page.redirect_chain[-1][0]
    done = visitor.post(
        set_url,
        {"new_password1": "a-new-long-passphrase", "new_password2": "a-new-long-passphrase"},
    )
    assert done.status_code == 302
    assert User.objects.get(pk=delegate.pk).check_password("a-new-long-passphrase")
    again = Client().get(path, follow=True)
    assert "This link no longer works" in again.content.decode()


def test_reset_access_of_someone_outside_the_committee_is_404(
    client, admin_user, committee, other_chair
):
    client.force_login(admin_user)
    response = client.post(f"/secretariat/c/{committee.slug}/people/{other_chair.pk}/reset/")
    assert response.status_code == 404
    assert User.objects.get(pk=other_chair.pk).has_usable_password()


def test_votes_today_are_counted(client, admin_user, committee, chair):
    from committees.models import Motion

    session = open_session(committee=committee, by=chair)
    motion = Motion.objects.create(committee=committee, title="Close debate", kind="procedural")
    Vote.objects.create(
        committee=committee, motion=motion, session=session, method="placard", majority="simple"
    )
    client.force_login(admin_user)
    body = client.get("/secretariat/").content.decode()
    assert "1 vote today" in body and "1 open now" in body
    assert Session.objects.filter(committee=committee).count() == 1
