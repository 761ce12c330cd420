"""Country stances: pages, inline editing by chairs, and the comparison views."""

import pytest
from django.urls import reverse

from committees.models import CountryProfile, Stance, StancePosition
from committees.services.stances import StanceError, set_position
from tests.research_factories import make_source, make_stances


@pytest.fixture
def stances(committee):
    return make_stances(committee)


def edit_url(question, iso3="MEX"):
    return reverse("committees:stance_position_edit", args=["unodc", iso3, question.pk])


def test_matrix_shows_every_country_and_question_with_words_not_only_colour(
    role_client, stances, delegate
):
    page = role_client("delegate").get(reverse("committees:stance_matrix", args=["unodc"]))
    html = page.content.decode()
    for name in ("United States", "Mexico", "China"):
        assert name in html
    assert html.count('class="stance-cell') == 9
    assert "✓</span> Supports" in html and "✕</span> Opposes" in html
    assert 'class="is-own"' in html  # the delegate's own country stands out


def test_chair_edits_a_position_inline(role_client, stances, chair):
    questions, _ = stances
    client = role_client("chair")
    form = client.get(edit_url(questions[0]), HTTP_HX_REQUEST="true").content.decode()
    assert form.strip().startswith(f'<article id="q-{questions[0].pk}"')
    assert 'hx-post="' in form
    response = client.post(
        edit_url(questions[0]),
        {"stance": "opposes", "rationale": "Sovereignty first.", "cited_section": "III.2 Mexico"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and response["HX-Trigger"] == "stance-changed"
    html = response.content.decode()
    assert "Sovereignty first." in html and "Saved." in html and "<form" not in html
    position = StancePosition.objects.get(profile__country__iso3="MEX", question=questions[0])
    assert position.stance == Stance.OPPOSES and position.updated_by.username == "chair"


def test_bad_input_shows_a_clear_error_and_keeps_what_was_typed(role_client, stances, chair):
    questions, _ = stances
    before = StancePosition.objects.get(profile__country__iso3="MEX", question=questions[0])
    client = role_client("chair")
    response = client.post(
        edit_url(questions[0]),
        {"stance": "maybe", "rationale": "My careful reasoning"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Select a valid choice" in html and "My careful reasoning" in html
    response = client.post(
        edit_url(questions[0]), {"stance": "supports", "rationale": ""}, HTTP_HX_REQUEST="true"
    )
    assert "needs a rationale" in response.content.decode()
    response = client.post(
        edit_url(questions[0]),
        {"stance": "supports", "rationale": "Why", "quote": "Words from nowhere"},
        HTTP_HX_REQUEST="true",
    )
    assert "A quote needs a citation" in response.content.decode()
    assert "Words from nowhere" in response.content.decode()
    after = StancePosition.objects.get(pk=before.pk)
    assert (after.stance, after.rationale) == (before.stance, before.rationale)


def test_editing_works_without_javascript(role_client, stances, chair):
    questions, _ = stances
    client = role_client("chair")
    page = client.get(edit_url(questions[1])).content.decode()
    assert "<html" in page and 'name="rationale"' in page
    response = client.post(edit_url(questions[1]), {"stance": "supports", "rationale": "Yes."})
    assert response.status_code == 302
    assert response["Location"] == reverse("committees:country_profile", args=["unodc", "MEX"])


def test_a_position_can_cite_a_source_of_this_committee_only(committee, other_committee, stances):
    questions, profiles = stances
    foreign = make_source(other_committee, title="Foreign")
    with pytest.raises(StanceError, match="another committee"):
        set_position(
            profile=profiles[0],
            question=questions[0],
            stance="supports",
            rationale="x",
            cited_source=foreign,
        )


def test_the_form_only_offers_this_committees_sources(
    role_client, committee, other_committee, stances, chair
):
    questions, _ = stances
    make_source(committee, title="Ours")
    foreign = make_source(other_committee, title="Theirs")
    client = role_client("chair")
    html = client.get(edit_url(questions[0]), HTTP_HX_REQUEST="true").content.decode()
    assert "Ours" in html and "Theirs" not in html
    response = client.post(
        edit_url(questions[0]),
        {"stance": "supports", "rationale": "x", "cited_source": foreign.pk},
        HTTP_HX_REQUEST="true",
    )
    assert "Select a valid choice" in response.content.decode()


def test_profile_shows_citations_and_quotes(role_client, committee, delegate, other_delegate):
    questions, profiles = make_stances(committee, questions=1)
    source = make_source(committee, title="Bangkok training")
    set_position(
        profile=profiles[0],
        question=questions[0],
        stance="supports",
        rationale="Funds training.",
        cited_source=source,
        quote="funded by the Government",
    )
    html = (
        role_client("delegate")
        .get(reverse("committees:country_profile", args=["unodc", "USA"]))
        .content.decode()
    )
    assert "“funded by the Government”" in html
    assert f'<a href="{source.get_absolute_url()}">Bangkok training</a>' in html
    assert "Edit<span" in html  # the United States' own delegation records its positions
    mexico_reads = (
        role_client("other_delegate")
        .get(reverse("committees:country_profile", args=["unodc", "USA"]))
        .content.decode()
    )
    assert "“funded by the Government”" in mexico_reads
    assert "Edit<span" not in mexico_reads  # other delegations read only


def test_profile_text_is_editable_by_chairs(role_client, stances, chair):
    url = reverse("committees:stance_profile_edit", args=["unodc", "CHN"])
    response = role_client("chair").post(url, {"text": "New profile text."})
    assert response.status_code == 302
    assert CountryProfile.objects.get(country__iso3="CHN").text == "New profile text."


def test_who_stands_where_we_stand(role_client, committee, delegate):
    questions, profiles = make_stances(
        committee, countries=("USA", "MEX", "CHN", "FRA"), questions=2
    )
    usa, mex, chn, fra = profiles
    set_position(profile=fra, question=questions[0], stance="supports", rationale="x")
    set_position(profile=fra, question=questions[1], stance="conditional", rationale="x")
    html = (
        role_client("delegate")
        .get(reverse("committees:stance_alignment", args=["unodc"]))
        .content.decode()
    )
    assert "Who stands where United States stands" in html
    assert "France</a>:\n      agrees on 2 of 2 questions where both stances are known" in html
    assert "<strong>Same stance:</strong> <a" in html


def test_alignment_for_a_chair_asks_for_a_country(role_client, stances, chair):
    url = reverse("committees:stance_alignment", args=["unodc"])
    assert "Choose a country" in role_client("chair").get(url).content.decode()
    assert "Mexico stands" in role_client("chair").get(url, {"country": "MEX"}).content.decode()
    assert role_client("chair").get(url, {"country": "ZZZ"}).status_code == 404


def test_adding_a_question_with_a_duplicate_label_is_explained(role_client, stances, chair):
    response = role_client("chair").post(
        reverse("committees:stance_question_add", args=["unodc"]),
        {"short_label": "Question 1", "text": "Again?"},
    )
    assert response.status_code == 200
    assert "already a question with this label" in response.content.decode()
    assert "Again?" in response.content.decode()


@pytest.mark.parametrize(
    "name,kwargs",
    [
        ("committees:stance_matrix", {}),
        ("committees:stances", {}),
        ("committees:stance_alignment", {"country": "USA"}),
    ],
)
def test_stance_pages_queries_do_not_grow_with_countries(
    role_client, committee, chair, django_assert_max_num_queries, name, kwargs
):
    from committees.models import Country, Delegation

    client = role_client("chair")
    url = reverse(name, args=["unodc"])
    make_stances(committee, countries=("USA", "MEX"), questions=3)
    with django_assert_max_num_queries(14) as few:
        client.get(url, kwargs)
    extra = Country.objects.exclude(iso3__in=["USA", "MEX", "CHN", "FRA"]).order_by("iso3")[:12]
    for country in extra:
        Delegation.objects.create(committee=committee, country=country)
    make_stances(committee, countries=[c.iso3 for c in extra], questions=0)
    from committees.models import StanceQuestion

    questions = list(StanceQuestion.objects.filter(committee=committee))
    for profile in CountryProfile.objects.filter(committee=committee):
        for question in questions:
            set_position(profile=profile, question=question, stance="supports", rationale="r")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url, kwargs)
    assert response.status_code == 200


def test_profile_page_queries_are_bounded(
    role_client, stances, delegate, django_assert_max_num_queries
):
    client = role_client("delegate")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("committees:country_profile", args=["unodc", "USA"]))
    assert response.status_code == 200


def test_the_form_suggests_the_guides_sections(role_client, committee, chair):
    from committees.services.guides import import_guide

    import_guide(
        committee=committee,
        filename="g.md",
        data=b"# Guide\n\n## I. Introduction\n\nText.\n\n## II. Major parties\n\n### 1. Mexico\n\nMexico text.\n",
    )
    questions, _ = make_stances(committee, questions=1)
    html = role_client("chair").get(edit_url(questions[0]), HTTP_HX_REQUEST="true").content.decode()
    assert 'list="guide-sections"' in html
    assert '<option value="II.1 Mexico">' in html


def test_editing_a_question_explains_a_clash_and_keeps_the_typing(role_client, stances, chair):
    questions, _ = stances
    url = reverse("committees:stance_question_edit", args=["unodc", questions[0].pk])
    response = role_client("chair").post(
        url, {"short_label": "Question 2", "text": "My new wording", "order": 5}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "already a question with this label" in html and "My new wording" in html
    response = role_client("chair").post(
        url, {"short_label": "Monitoring", "text": "My new wording", "order": 5}
    )
    assert response.status_code == 302
    questions[0].refresh_from_db()
    assert (questions[0].short_label, questions[0].order) == ("Monitoring", 5)


def test_removing_a_question_removes_its_positions(role_client, stances, chair):
    questions, _ = stances
    assert StancePosition.objects.filter(question=questions[0]).count() == 3
    role_client("chair").post(
        reverse("committees:stance_question_delete", args=["unodc", questions[0].pk])
    )
    assert not StancePosition.objects.filter(question_id=questions[0].pk).exists()
