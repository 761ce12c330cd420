"""The demo research material: loads, is idempotent, and quotes what it cites."""

import io

import pytest

from committees.demo import guides as demo_guides
from committees.demo import people as demo
from committees.demo import research as demo_research
from committees.models import (
    Committee,
    CountryProfile,
    GuideSection,
    SearchPassage,
    Source,
    StancePosition,
)
from committees.services.search import search


@pytest.fixture
def demo_committee(db):
    demo.load(stdout=io.StringIO())
    demo_guides.load(stdout=io.StringIO())
    demo_research.load(stdout=io.StringIO())


def snapshot():
    return (
        list(Source.objects.values_list("id", "title", "word_count")),
        list(SearchPassage.objects.values_list("id", "title")),
        list(StancePosition.objects.values_list("id", "stance", "updated_at")),
    )


def test_demo_loads_four_sources_and_three_countries(demo_committee):
    assert Source.objects.count() == 4
    assert sorted(CountryProfile.objects.values_list("country__iso3", flat=True)) == [
        "CHN",
        "MEX",
        "USA",
    ]
    assert StancePosition.objects.count() == 18
    bangkok = Source.objects.get(publisher="UNODC")
    assert bangkok.published_on.isoformat() == "2022-02-25"


def test_loading_twice_changes_nothing(demo_committee):
    before = snapshot()
    demo_research.load(stdout=io.StringIO())
    assert snapshot() == before


def squash(text: str) -> str:
    return " ".join(text.split())


def test_every_quote_is_found_in_what_it_cites(demo_committee):
    sections = {s.ref: squash(s.text) for s in GuideSection.objects.all()}
    quoted = 0
    for position in StancePosition.objects.select_related("cited_source"):
        if not position.quote:
            continue
        if position.cited_source:
            assert squash(position.quote) in squash(position.cited_source.text)
        else:
            cited = sections[position.cited_section_number]
            assert squash(position.quote) in cited, (position.cited_section, position.quote)
        quoted += 1
    assert quoted >= 12


def test_every_known_stance_has_a_citation_and_a_rationale(demo_committee):
    for position in StancePosition.objects.exclude(stance="unknown"):
        assert position.rationale
        assert position.cited_section or position.cited_source_id


def test_demo_sources_are_searchable(demo_committee):
    from committees.models import Committee

    results = search(committee=Committee.objects.get(slug="unodc"), text="FraudGPT")
    assert results.hits and "PACCTO" in results.hits[0].title_html


def test_the_guide_is_searchable_and_its_countries_have_profiles(demo_committee):
    committee = Committee.objects.get(slug="unodc")
    results = search(committee=committee, text="Passenger Cargo Control Programme")
    assert results.hits and results.hits[0].kind == "guide"
    assert "#" in results.hits[0].url
    usa = CountryProfile.objects.get(committee=committee, country__iso3="USA")
    assert "AI-based surveillance technologies" in usa.text
