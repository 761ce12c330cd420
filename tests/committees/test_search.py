"""Search over guide sections and sources, on whichever database runs the tests.

Run once on SQLite (FTS5) and once with DATABASE_URL pointing at PostgreSQL (tsvector).
"""

import re

import pytest
from django.db import connection
from django.urls import reverse

from committees.models import SearchPassage
from committees.services.search import index_source, reindex_committee, search
from committees.services.sources import update_source_text
from tests.research_factories import make_source


@pytest.fixture
def library(committee):
    make_source(
        committee,
        title="Cryptocurrency tracing",
        text="Investigators trace cryptocurrency wallets used by traffickers.",
    )
    make_source(
        committee,
        title="Border drones",
        text=(
            "Drug Cartels fly drones across the border at night.\n\n"
            "Later, customs officers mentioned cryptocurrency once."
        ),
    )
    make_source(committee, title="Unrelated", text="The weather in Vienna was pleasant.")
    return committee


def titles(results):
    return [re.sub(r"</?mark>", "", hit.title_html) for hit in results.hits]


def test_title_matches_rank_above_body_matches(library):
    results = search(committee=library, text="cryptocurrency")
    assert results.total == 2
    assert results.hits[0].title_html == "<mark>Cryptocurrency</mark> tracing"


def test_all_words_must_match_and_stemming_finds_other_forms(library):
    assert titles(search(committee=library, text="drone cartel")) == ["Border drones"]
    assert search(committee=library, text="drones vienna").total == 0


def test_the_word_being_typed_matches_as_a_prefix(library):
    assert titles(search(committee=library, text="cryptocur")) == [
        "Cryptocurrency tracing",
        "Border drones",
    ]
    assert search(committee=library, text="cryptocur ").total == 0  # a finished word


def test_snippets_mark_the_hits_and_escape_the_rest(committee):
    make_source(committee, title="Markup", text="A <b>bold</b> claim about fentanyl & opioids.")
    (hit,) = search(committee=committee, text="fentanyl").hits
    assert "<mark>fentanyl</mark>" in hit.snippet_html
    # SQLite shows the markup as text; PostgreSQL's headline drops tags. Neither renders it.
    assert "<b>" not in hit.snippet_html and "bold" in hit.snippet_html
    assert "&amp; opioids" in hit.snippet_html


def test_hits_link_to_the_paragraph_they_come_from(library):
    (hit,) = search(committee=library, text="drones").hits
    source = SearchPassage.objects.filter(title="Border drones").first().source
    assert hit.url == f"{source.get_absolute_url()}?q=drones#p-1"


def test_long_sources_are_found_by_the_passage_that_matches(committee):
    text = "\n".join(["Filler paragraph about procedure. " * 40] * 10 + ["Nitazenes are rising."])
    source = make_source(committee, title="Long report", text=text)
    assert SearchPassage.objects.filter(source=source).count() > 3
    (hit,) = search(committee=committee, text="nitazenes").hits
    assert hit.url.endswith("#p-11")


def test_other_committees_material_is_never_found(library, other_committee):
    make_source(other_committee, title="Secret cryptocurrency", text="cryptocurrency " * 5)
    assert search(committee=library, text="secret").total == 0
    assert search(committee=library, text="cryptocurrency").total == 2


@pytest.mark.parametrize("raw", ['"', "AND OR NOT", "*", "-", "NEAR(", "a:*", "'; drop table", "ü"])
def test_no_input_breaks_the_search(library, raw):
    """Query syntax typed by a person is read as words: nothing here names a word of the
    library, so nothing is found (and no database error), and the next search still works."""
    results = search(committee=library, text=raw)
    assert (results.total, results.hits) == (0, [])
    assert search(committee=library, text="cryptocurrency").total == 2


def test_editing_and_removing_a_source_updates_the_index(library):
    source = SearchPassage.objects.get(title="Unrelated").source
    update_source_text(source=source, text="Now it is about methamphetamine.")
    assert titles(search(committee=library, text="methamphetamine")) == ["Unrelated"]
    assert search(committee=library, text="vienna").total == 0
    source.delete()
    assert search(committee=library, text="methamphetamine").total == 0


def test_reindexing_is_repeatable(library):
    first = reindex_committee(committee=library)
    assert reindex_committee(committee=library) == first
    assert search(committee=library, text="drones").total == 1
    assert index_source(source=SearchPassage.objects.first().source) >= 1


def test_search_page_renders_highlighted_results(role_client, library, delegate):
    response = role_client("delegate").get(
        reverse("committees:search", args=["unodc"]), {"q": "drones"}
    )
    page = response.content.decode()
    assert '<a href="/c/unodc/sources/' in page and "<mark>drones</mark>" in page
    assert 'hx-trigger="input changed delay:200ms, search"' in page
    assert "1 passage matches" in page


def test_typing_fetches_only_the_results_partial(role_client, library, delegate):
    response = role_client("delegate").get(
        reverse("committees:search", args=["unodc"]),
        {"q": "cartel"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="search-results",
    )
    page = response.content.decode()
    assert page.strip().startswith('<section id="search-results"')
    assert "<mark>Cartels</mark>" in page
    assert "<html" not in page


def test_empty_and_nonsense_queries_explain_themselves(role_client, library, delegate):
    url = reverse("committees:search", args=["unodc"])
    client = role_client("delegate")
    assert "Search every section" in client.get(url).content.decode()
    assert "Nothing matches" in client.get(url, {"q": "zzzzqqq"}).content.decode()


def test_search_page_queries_do_not_grow_with_results(
    role_client, committee, delegate, django_assert_max_num_queries
):
    client = role_client("delegate")
    url = reverse("committees:search", args=["unodc"])
    make_source(committee, title="Drones 0", text="drones")
    with django_assert_max_num_queries(10) as few:
        client.get(url, {"q": "drones"})
    for n in range(1, 30):
        make_source(committee, title=f"Drones {n}", text="drones over the border")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url, {"q": "drones"})
    assert response.content.decode().count('class="hit"') == 10


@pytest.mark.postgres
def test_postgres_keeps_a_weighted_vector_with_a_gin_index(library):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_vector::text FROM committees_searchpassage WHERE title = %s",
            ["Border drones"],
        )
        (vector,) = cursor.fetchone()
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'committees_searchpassage'"
        )
        indexes = " ".join(row[0] for row in cursor.fetchall())
    assert "'border':1A" in vector and re.search(r"'cartel':\d+B", vector)
    assert "USING gin (search_vector)" in indexes


def test_sqlite_uses_fts5(library):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        # The FTS5 table's own row store (its docsize shadow table), not the content table.
        cursor.execute("SELECT count(*) FROM committees_searchpassage_fts_docsize")
        assert cursor.fetchone()[0] == SearchPassage.objects.count()


GUIDE_V1 = """# UNODC Guide

## I. Introduction

The committee studies synthetic opioids and precursor chemicals.

## II. Major parties involved

### 1. Mexico

Mexico is a transit country for fentanyl precursors.
"""


def test_importing_a_guide_makes_its_sections_searchable_and_replaces_old_ones(committee):
    from committees.services.guides import import_guide

    import_guide(committee=committee, filename="guide.md", data=GUIDE_V1.encode())
    hit = search(committee=committee, text="precursor").hits[0]
    assert hit.kind == "guide" and "Introduction" in hit.title_html
    assert titles(search(committee=committee, text="fentanyl")) == ["II.1 Mexico"]
    new_text = GUIDE_V1.replace("synthetic opioids", "methamphetamine").replace("fentanyl", "x")
    import_guide(committee=committee, filename="v2.md", data=new_text.encode(), replace=True)
    assert search(committee=committee, text="fentanyl").total == 0
    assert search(committee=committee, text="methamphetamine").total == 1
    assert SearchPassage.objects.filter(committee=committee, kind="guide").count() == 3


@pytest.mark.postgres
def test_postgres_ranks_a_bounded_number_of_matches(committee, monkeypatch):
    from committees.services import search as search_service

    for n in range(4):
        make_source(committee, title=f"Drones {n}", text="drones " * (n + 1))
    monkeypatch.setattr(search_service, "RANKED_MATCHES_CAP", 2)
    monkeypatch.setattr(
        search_service,
        "_POSTGRES_SQL",
        search_service._POSTGRES_SQL.replace("LIMIT 2001", "LIMIT 3"),
    )
    results = search(committee=committee, text="drones")
    assert results.capped and results.total == 2


def test_the_source_page_marks_the_words_searched_for(role_client, library, delegate):
    (hit,) = search(committee=library, text="cartels drones").hits
    page = role_client("delegate").get(hit.url.split("#")[0]).content.decode()
    assert "Drug <mark>Cartels</mark> fly <mark>drones</mark> across" in page
    assert "Marked: cartels, drones" in page


def test_search_can_be_narrowed_to_sources_or_the_guide(role_client, library, delegate):
    from committees.services.guides import import_guide

    import_guide(
        committee=library, filename="g.md", data=GUIDE_V1.replace("fentanyl", "drones").encode()
    )
    assert {hit.kind for hit in search(committee=library, text="drones").hits} == {
        "guide",
        "source",
    }
    assert {hit.kind for hit in search(committee=library, text="drones", kind="guide").hits} == {
        "guide"
    }
    only_sources = search(committee=library, text="drones", kind="source")
    assert {hit.kind for hit in only_sources.hits} == {"source"} and only_sources.total == 1
    assert search(committee=library, text="drones", kind="nonsense").total == 2
    page = (
        role_client("delegate")
        .get(reverse("committees:search", args=["unodc"]), {"q": "drones", "kind": "guide"})
        .content.decode()
    )
    assert 'value="guide" checked' in page and "1 passage matches" in page
