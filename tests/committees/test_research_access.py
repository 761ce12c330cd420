"""Access matrix of the sources, search and stances pages: every URL × every role.

Each test walks all six roles in one go (the personas are made once per test).
"""

import pytest
from django.urls import reverse

from committees.models import CountryProfile, Source, StancePosition, StanceQuestion
from tests.conftest import ROLES
from tests.research_factories import make_source, make_stances

LOGIN = 302
READ = (LOGIN, 200, 200, 200, 404, 200)
MODERATE = (LOGIN, 403, 403, 200, 404, 200)
# A country's own delegation (Mexico's, here: other_delegate) records its stance too.
OWN_COUNTRY = (LOGIN, 403, 200, 200, 404, 200)
ADMIN_ONLY = (LOGIN, 403, 403, 403, 404, 200)


@pytest.fixture
def research(committee, other_committee):
    source = make_source(committee)
    questions, _profiles = make_stances(committee)
    return {"source": source.pk, "question": questions[0].pk}


def _matrix(research):
    s, q = research["source"], research["question"]
    return {
        "sources": ("committees:sources", {}, READ),
        "source_detail": ("committees:source_detail", {"source_id": s}, READ),
        "source_add": ("committees:source_add", {}, ADMIN_ONLY),
        "source_edit": ("committees:source_edit", {"source_id": s}, ADMIN_ONLY),
        "search": ("committees:search", {}, READ),
        "stances": ("committees:stances", {}, READ),
        "stance_matrix": ("committees:stance_matrix", {}, READ),
        "stance_alignment": ("committees:stance_alignment", {}, READ),
        "country_profile": ("committees:country_profile", {"iso3": "MEX"}, READ),
        "stance_position": (
            "committees:stance_position",
            {"iso3": "MEX", "question_id": q},
            READ,
        ),
        "stance_position_edit": (
            "committees:stance_position_edit",
            {"iso3": "MEX", "question_id": q},
            OWN_COUNTRY,
        ),
        "stance_profile_edit": ("committees:stance_profile_edit", {"iso3": "MEX"}, OWN_COUNTRY),
        "stance_question_edit": (
            "committees:stance_question_edit",
            {"question_id": q},
            MODERATE,
        ),
    }


PAGES = [
    "sources",
    "source_detail",
    "source_add",
    "source_edit",
    "search",
    "stances",
    "stance_matrix",
    "stance_alignment",
    "country_profile",
    "stance_position",
    "stance_position_edit",
    "stance_profile_edit",
    "stance_question_edit",
]


@pytest.mark.parametrize("page", PAGES)
def test_get_matrix(role_client, research, page):
    name, kwargs, expected = _matrix(research)[page]
    url = reverse(name, kwargs={"slug": "unodc", **kwargs})
    headers = {"HTTP_HX_REQUEST": "true"} if page == "stance_position" else {}
    got = {}
    for role in ROLES:
        response = role_client(role).get(url, **headers)
        got[role] = response.status_code
        if response.status_code == LOGIN:
            assert response["Location"].startswith(reverse("login"))
    assert got == dict(zip(ROLES, expected, strict=True))


def _expect(expected, success=302):
    return {
        role: (success if code == 200 else code) for role, code in zip(ROLES, expected, strict=True)
    }


def test_only_admins_add_sources(role_client, research):
    got = {}
    for role in ROLES:
        got[role] = (
            role_client(role)
            .post(
                reverse("committees:source_add", args=["unodc"]),
                {"title": f"New report by {role}", "text": "Drones and cartels."},
            )
            .status_code
        )
    assert got == _expect(ADMIN_ONLY)
    assert list(
        Source.objects.filter(title__startswith="New report").values_list("title", flat=True)
    ) == ["New report by admin"]


def test_only_admins_remove_sources(role_client, research):
    url = reverse("committees:source_delete", args=["unodc", research["source"]])
    got = {role: role_client(role).post(url).status_code for role in ROLES}  # admin is last
    assert got == _expect(ADMIN_ONLY)
    assert not Source.objects.filter(pk=research["source"]).exists()


def test_only_the_countrys_delegation_chairs_and_admins_edit_positions(role_client, research):
    url = reverse("committees:stance_position_edit", args=["unodc", "MEX", research["question"]])
    got = {}
    for role in ROLES:
        got[role] = (
            role_client(role)
            .post(
                url, {"stance": "opposes", "rationale": f"Set by {role}."}, HTTP_HX_REQUEST="true"
            )
            .status_code
        )
    assert got == _expect(OWN_COUNTRY, success=200)
    position = StancePosition.objects.get(
        profile__country__iso3="MEX", question_id=research["question"]
    )
    assert position.rationale == "Set by admin."


def test_only_chairs_and_admins_add_questions_and_profiles(role_client, research):
    added_questions, added_profiles = {}, {}
    for role in ROLES:
        client = role_client(role)
        added_questions[role] = client.post(
            reverse("committees:stance_question_add", args=["unodc"]),
            {"short_label": f"Asked by {role}", "text": "Should we?"},
        ).status_code
        added_profiles[role] = client.post(
            reverse("committees:stance_profile_add", args=["unodc"]), {"country": "FRA"}
        ).status_code
    assert added_questions == _expect(MODERATE) == added_profiles
    assert set(
        StanceQuestion.objects.filter(short_label__startswith="Asked by").values_list(
            "short_label", flat=True
        )
    ) == {"Asked by chair", "Asked by admin"}
    assert CountryProfile.objects.filter(country__iso3="FRA").count() == 1


def test_a_source_of_another_committee_is_404(role_client, research, other_committee):
    foreign = make_source(other_committee, title="Elsewhere")
    url = reverse("committees:source_detail", args=["unodc", foreign.pk])
    assert role_client("admin").get(url).status_code == 404
    assert role_client("delegate").get(url).status_code == 404


def test_profile_of_a_country_without_one_is_404(role_client, research):
    url = reverse("committees:country_profile", args=["unodc", "FRA"])
    assert role_client("chair").get(url).status_code == 404


def test_only_chairs_and_admins_change_and_remove_questions(role_client, research):
    question = research["question"]
    edit = reverse("committees:stance_question_edit", args=["unodc", question])
    got = {}
    for role in ROLES:
        got[role] = (
            role_client(role)
            .post(edit, {"short_label": f"Renamed by {role}", "text": "Still?", "order": 1})
            .status_code
        )
    assert got == _expect(MODERATE)
    assert StanceQuestion.objects.get(pk=question).short_label == "Renamed by admin"
    delete = reverse("committees:stance_question_delete", args=["unodc", question])
    got = {role: role_client(role).post(delete).status_code for role in ROLES}
    assert got == {**_expect(MODERATE), "admin": 404}  # the chair removed it just before
    assert not StanceQuestion.objects.filter(pk=question).exists()
