"""Every delegation speaks for its country: it records its own profile and positions,
chairs see and review them, and the comparison covers every country with positions."""

import pytest
from django.urls import reverse

from committees.models import CountryProfile, StancePosition
from committees.services.stances import add_question, set_position
from tests import factories
from tests.research_factories import make_stances

LOGIN = 302


@pytest.fixture
def brazil_delegate(committee):
    factories.ensure_countries()
    from committees.models import Country, Delegation

    Delegation.objects.create(committee=committee, country=Country.objects.get(iso3="BRA"))
    user = factories.make_user("bia_bra", first_name="Beatriz", last_name="Souza")
    factories.seat_delegate(user, committee, "BRA")
    return user


@pytest.fixture
def questions(committee):
    questions, _ = make_stances(committee, countries=("USA", "MEX"), questions=3)
    return questions


def _record(client, iso3, question, stance="supports", rationale="Our policy.", **extra):
    url = reverse("committees:stance_position_edit", args=["unodc", iso3, question.pk])
    return client.post(url, {"stance": stance, "rationale": rationale, **extra})


def test_a_new_delegation_starts_its_own_profile_and_records_positions(
    client, committee, brazil_delegate, questions, chair
):
    client.force_login(brazil_delegate)
    overview = client.get(reverse("committees:stances", args=["unodc"])).content.decode()
    assert "Brazil has no profile yet" in overview
    response = client.post(
        reverse("committees:stance_profile_add", args=["unodc"]), {"country": "BRA"}
    )
    assert response.status_code == 302
    assert CountryProfile.objects.filter(committee=committee, country__iso3="BRA").exists()

    response = _record(
        client,
        "BRA",
        questions[0],
        rationale="Brazil backs a UNODC monitoring framework.",
        cited_section="III.1",
    )
    assert response.status_code == 302
    position = StancePosition.objects.get(profile__country__iso3="BRA", question=questions[0])
    assert position.declared and position.reviewed_at is None
    assert position.updated_by == brazil_delegate

    # Everyone sees it; the comparison and "who stands with us" now include Brazil.
    page = client.get(reverse("committees:country_profile", args=["unodc", "BRA"])).content.decode()
    assert "Recorded by the delegation of Brazil (Beatriz Souza" in page
    assert "not yet reviewed" in page
    matrix = client.get(reverse("committees:stance_matrix", args=["unodc"])).content.decode()
    assert ">Brazil</a>" in matrix
    alignment = client.get(reverse("committees:stance_alignment", args=["unodc"])).content.decode()
    assert "Brazil" in alignment and "United States" in alignment

    # The chair sees what waits for review, and marks it reviewed.
    client.force_login(chair)
    overview = client.get(reverse("committees:stances", args=["unodc"])).content.decode()
    assert "not yet reviewed (1)" in overview and f"Brazil: {questions[0].short_label}" in overview
    review = reverse("committees:stance_position_review", args=["unodc", "BRA", questions[0].pk])
    response = client.post(review, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "reviewed by the chair" in response.content.decode()
    position.refresh_from_db()
    assert position.reviewed_by == chair and position.reviewed_at is not None

    # A new edit by the delegation needs a new review.
    client.force_login(brazil_delegate)
    _record(client, "BRA", questions[0], stance="conditional", rationale="Only with safeguards.")
    position.refresh_from_db()
    assert position.stance == "conditional" and position.reviewed_at is None


def test_a_delegation_speaks_only_for_its_own_country(
    client, committee, brazil_delegate, questions
):
    client.force_login(brazil_delegate)
    assert _record(client, "USA", questions[0], stance="opposes").status_code == 403
    assert (
        client.post(
            reverse("committees:stance_profile_edit", args=["unodc", "USA"]), {"text": "Hacked."}
        ).status_code
        == 403
    )
    assert (
        client.post(
            reverse("committees:stance_profile_add", args=["unodc"]), {"country": "CHN"}
        ).status_code
        == 403
    )
    usa = StancePosition.objects.get(profile__country__iso3="USA", question=questions[0])
    assert usa.stance != "opposes" or usa.rationale != "Our policy."
    assert not CountryProfile.objects.filter(country__iso3="CHN").exists()
    assert CountryProfile.objects.get(country__iso3="USA").text != "Hacked."


def test_a_delegation_edits_its_own_profile_text(client, committee, delegate, questions):
    client.force_login(delegate)
    url = reverse("committees:stance_profile_edit", args=["unodc", "USA"])
    assert client.get(url).status_code == 200
    client.post(url, {"text": "The United States leads on border technology."})
    profile = CountryProfile.objects.get(committee=committee, country__iso3="USA")
    assert profile.text == "The United States leads on border technology."
    assert profile.updated_by == delegate


def test_a_chairs_edit_counts_as_reviewed(client, committee, chair, questions):
    client.force_login(chair)
    _record(client, "MEX", questions[1], stance="opposes", rationale="Sovereignty concerns.")
    position = StancePosition.objects.get(profile__country__iso3="MEX", question=questions[1])
    assert not position.declared and position.reviewed_by == chair


REVIEW_EXPECTED = {
    "anonymous": LOGIN,
    "delegate": 403,
    "other_delegate": 403,
    "chair": 302,
    "other_chair": 404,
    "admin": 302,
}


@pytest.mark.parametrize("role", list(REVIEW_EXPECTED))
def test_only_chairs_and_the_secretariat_mark_reviewed(
    role_client, role, committee, delegate, other_delegate, questions
):
    StancePosition.objects.filter(profile__country__iso3="MEX").update(
        declared=True, reviewed_at=None, reviewed_by=None
    )
    url = reverse("committees:stance_position_review", args=["unodc", "MEX", questions[0].pk])
    assert role_client(role).post(url).status_code == REVIEW_EXPECTED[role]
    position = StancePosition.objects.get(profile__country__iso3="MEX", question=questions[0])
    assert (position.reviewed_at is not None) == (role in ("chair", "admin"))


def test_profile_page_queries_do_not_grow_with_positions(
    client, committee, delegate, django_assert_max_num_queries
):
    make_stances(committee, countries=("USA",), questions=2)
    client.force_login(delegate)
    url = reverse("committees:country_profile", args=["unodc", "USA"])
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    # Six more questions, each with a position the delegation declared.

    profile = CountryProfile.objects.get(committee=committee, country__iso3="USA")
    for n in range(6):
        q = add_question(committee=committee, short_label=f"Extra {n}", text=f"Extra {n}?")
        set_position(
            profile=profile,
            question=q,
            stance="supports",
            rationale="Yes.",
            user=delegate,
            declared=True,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
