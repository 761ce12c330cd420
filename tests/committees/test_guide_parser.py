"""The guide parser on the seed guide (as Markdown, DOCX and PDF) and on other layouts."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from committees.engines.documents import extract_text
from committees.engines.guide_reader import parse_guide, read_guide

from .documents_factory import docx_from_markdown, pdf_from_markdown
from .guide_helpers import DATA, country_index, seed_guide_text

SEED_LINKS = [
    "https://www.unodc.org",
    "https://www.unodc.org/unodc/en/data-and-analysis/world-drug-report-2024.html",
    "https://www.unodc.org/unodc/en/pccp/index.html",
    "https://www.unodc.org/unodc/en/organized-crime/intro/UNTOC.html",
    "https://www.unodc.org/unodc/en/cybercrime/global-programme-cybercrime.html",
    "https://www.unodc.org/roseap/en/index.html",
    "https://www.unodc.org/unodc/en/frontpage/2024/June/world-drug-report-2024--new-opioid-crisis"
    "-looms--synthetic-drugs-and-record-cocaine-supply-bring-new-threats.html",
    "https://www.unodc.org/e4j/en/cybercrime/module-1/key-issues/what-is-cybercrime.html",
    "https://www.worldcustomsjournal.org/article/159458-modern-border-management-leveraging-ai"
    "-systems-for-strategic-advantage",
    "https://www.brookings.edu/articles/ai-risks-from-non-state-actors/",
]


@pytest.fixture(scope="module")
def seed():
    return parse_guide(seed_guide_text(), countries=country_index())


def outline(sections):
    return [(s["number"], s["title"], outline(s["children"])) for s in sections]


def all_text(sections):
    for section in sections:
        yield section["text"]
        yield from all_text(section["children"])


def find(sections, title):
    for section in sections:
        if section["title"] == title:
            return section
        if found := find(section["children"], title):
            return found
    return None


def test_front_page(seed):
    assert seed["title"] == "UNODC Committee Guide"
    assert seed["committee"] == "United Nations Office on Drugs and Crime (UNODC)"
    assert seed["topic"] == (
        "Measures to Counter the Use of AI by non-state Actors for Border Evasion and drug Trafficking"
    )
    assert seed["chairs"] == ["Mathilda Pless", "Danai Tsaoussidou", "Iva-Marija Heidecker"]


def test_five_parts_with_their_subsections(seed):
    assert outline(seed["sections"]) == [
        (
            "I",
            "Introduction",
            [("1", "Introduction to the Committee", []), ("2", "Introduction to the Topic", [])],
        ),
        ("II", "Facts and Current Situation", [("1", "Facts", []), ("2", "Current Situation", [])]),
        (
            "III",
            "Major Parties Involved",
            [("1", "The United States of America", []), ("2", "Mexico", []), ("3", "China", [])],
        ),
        (
            "IV",
            "Possible Solution",
            [("1", "What Has Been Done So Far?", []), ("2", "What Else Could We Do?", [])],
        ),
        ("V", "Useful Links and Statistics", [("", "Additional Statistics", [])]),
    ]
    refs = [c["ref"] for s in seed["sections"] for c in s["children"]]
    assert refs[:4] == ["I.1", "I.2", "II.1", "II.2"]


def test_wrong_heading_number_is_fixed_and_reported(seed):
    assert find(seed["sections"], "Current Situation")["ref"] == "II.2"
    assert any("CURRENT SITUATION" in w and "numbered it 2" in w for w in seed["warnings"])
    assert len(seed["warnings"]) == 1


def test_no_page_scars_left(seed):
    for text in all_text(seed["sections"]):
        assert "2026" not in text.splitlines()
        assert "\n2026\n" not in text
    assert "TABLE OF CONTENT" not in json.dumps(seed)


def test_paragraphs_broken_across_pages_are_rejoined(seed):
    mexico = find(seed["sections"], "Mexico")["text"]
    assert "evade authorities. Due to its geographic location as a transit country" in mexico
    assert "\n" not in mexico  # one paragraph, as the author wrote it
    topic = find(seed["sections"], "Introduction to the Topic")["text"]
    assert "Criminal organizations are adapting quickly" in topic
    china = find(seed["sections"], "China")["text"]
    assert "As a permanent member of the United Nations Security Council" in china


def test_countries_usa_mexico_china(seed):
    assert [(c["iso3"], c["section"]) for c in seed["countries"]] == [  # III.1 … III.3
        ("USA", "III.1"),
        ("MEX", "III.2"),
        ("CHN", "III.3"),
    ]
    assert seed["countries"][1]["text"].startswith("Mexico plays a central role")


def test_ten_links(seed):
    assert [link["url"] for link in seed["links"]] == SEED_LINKS
    assert all(link["title"] for link in seed["links"])
    assert seed["links"][0]["title"] == "unodc.org"


def test_statistics_table(seed):
    (table,) = seed["tables"]
    assert table["caption"] == "Drug trafficking cases by drug type (2019–2023)"
    assert table["columns"] == ["2019", "2020", "2021", "2022", "2023"]
    assert [row["label"] for row in table["rows"]] == [
        "Trafficking in cocaine",
        "TRAFFICKING IN CANNABIS",
        "TRAFFICKING IN SYNTHETIC DRUGS",
        "TRAFFICKING IN OTHER TYPES OF DRUGS",
        "TRAFFICKING IN HEROIN",
    ]
    assert table["rows"][0]["values"] == [174, 219, 303, 423, 526]
    assert table["rows"][4]["values"] == [44, 57, 85, 115, 47]
    assert all(len(row["values"]) == 5 for row in table["rows"])


def test_facts_from_bullet_lists(seed):
    facts = seed["facts"]
    assert len(facts) == 9
    assert facts[0] == {
        "text": "Around 296 million people worldwide used drugs in 2021",
        "details": [],
        "section": "II.1",
        "section_index": 4,
    }
    uses = next(f for f in facts if f["text"] == "Drug traffickers increasingly use:")
    assert uses["details"] == [
        "Artificial intelligence (AI)",
        "Encrypted communication",
        "Drones",
        "Darknet marketplaces",
        "Cryptocurrencies",
    ]
    assert not any(f["text"].startswith("http") for f in facts)


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_same_guide_as_docx_and_pdf_parses_the_same(seed, kind):
    builder = docx_from_markdown if kind == "docx" else pdf_from_markdown
    data = builder(seed_guide_text())
    if kind == "pdf":
        # real page breaks, running header and footer
        assert len(extract_text("guide.pdf", data).pages) >= 4
    parsed = read_guide(f"guide.{kind}", data, countries=country_index())
    assert parsed.pop("source_kind") == kind
    assert parsed == seed


def test_other_layout_dot_leaders_page_numbers_blocs_questions():
    text = (DATA / "guide_security_council.txt").read_text(encoding="utf-8")
    parsed = parse_guide(text, countries=country_index())
    assert parsed["title"] == "Security Council Study Guide"
    assert parsed["committee"] == "Security Council"
    assert parsed["topic"] == "The Situation in the Sahel Region"
    assert parsed["chairs"] == ["Ana Lopez", "Ben Okafor", "Chen Wei"]
    assert outline(parsed["sections"]) == [
        ("1", "Introduction", []),
        ("2", "Background", [("2.1", "Historical Context", [])]),
        ("3", "Blocs", []),
        ("4", "Questions to Consider", []),
        ("5", "References", []),
    ]
    dumped = json.dumps(parsed)
    assert "Page 3 of 5" not in dumped and "SC Study Guide" not in dumped
    assert "....." not in dumped
    background = find(parsed["sections"], "Background")["text"]
    assert "missions has left gaps that non-state actors exploit." in background
    assert [(c["iso3"], c["text"][:20]) for c in parsed["countries"]] == [
        ("FRA", "Favours a regional s"),
        ("RUS", "Prefers bilateral se"),
        ("MLI", "Asks for respect of "),
    ]
    assert any("Atlantis" in w for w in parsed["warnings"])
    assert [q["text"] for q in parsed["questions"]] == [
        "How can the Council support regional organisations?",
        "Should sanctions target individuals or groups?",
    ]
    assert [(link["url"], link["title"]) for link in parsed["links"]] == [
        ("https://www.securitycouncilreport.org/sahel", "UN Security Council Report on the Sahel"),
        ("https://issafrica.org/sahel", "Institute for Security Studies"),
    ]
    (table,) = parsed["tables"]
    assert table["caption"] == "Table 1: Violent incidents in the central Sahel"
    assert table["columns"] == ["Incidents", "Fatalities"]
    assert table["rows"][0] == {"label": "2021", "values": [1204, 3120]}


def test_unnumbered_markdown_guide_uses_heading_levels():
    text = (
        "# Human Rights Council\n\nChair: Dana Scully\n\n## Introduction\n\nSome text.\n\n"
        "## Background\n\n### History\n\nOld text.\n\n### Today\n\nNew text.\n\n"
        "## Country positions\n\n### Russia\n\nRussian text.\n\n### Narnia\n\nMagic.\n"
    )
    parsed = parse_guide(text, countries=country_index())
    assert outline(parsed["sections"]) == [
        ("", "Introduction", []),
        ("", "Background", [("", "History", []), ("", "Today", [])]),
        ("", "Country positions", [("", "Russia", []), ("", "Narnia", [])]),
    ]
    assert parsed["chairs"] == ["Dana Scully"]
    assert [c["iso3"] for c in parsed["countries"]] == ["RUS"]
    assert any("Narnia" in w for w in parsed["warnings"])


def test_text_without_headings_becomes_one_section_with_a_warning():
    parsed = parse_guide("just some words about drugs.\n\nand more words.", countries={})
    assert len(parsed["sections"]) == 1
    assert "just some words" in parsed["sections"][0]["text"]
    assert any("No section headings" in w for w in parsed["warnings"])


@pytest.mark.parametrize(
    "text", ["", "   \n\n", "\f\f\f", "2026\n\n2026", "#\n##\n###", "- \n-\n*"]
)
def test_degenerate_text_is_a_structure_with_warnings(text):
    parsed = parse_guide(text, countries=country_index())
    assert set(parsed) >= {
        "title",
        "committee",
        "topic",
        "chairs",
        "sections",
        "facts",
        "links",
        "tables",
        "countries",
        "warnings",
    }
    assert parsed["warnings"]
    json.dumps(parsed)


GUIDE_LINES = st.sampled_from(
    [
        "# I. INTRODUCTION",
        "## 1. Facts",
        "### 2. Mexico",
        "II. Background",
        "1.1 Context",
        "a) Sanctions",
        "Blocs",
        "Questions to consider",
        "- a fact",
        "  - a detail",
        "- https://example.org/x",
        "2026",
        "Page 3 of 9",
        "\f",
        "",
        "Table of contents",
        "1. Introduction ........ 3",
        "\t2019\t2020",
        "Row\t1\t2",
        "Label   3   4",
        "Mexico: supports it.",
        "*-Chairperson-*",
        "**Jane Doe**",
        "lower case continuation",
        "A sentence that ends.",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(GUIDE_LINES, st.text(max_size=80)), max_size=60))
def test_parser_never_fails_on_arbitrary_text(lines):
    parsed = parse_guide("\n".join(lines), countries=country_index())
    assert not any("could not be structured" in w for w in parsed["warnings"])
    json.dumps(parsed)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=3000))
def test_parser_never_fails_on_random_unicode(text):
    parsed = parse_guide(text, countries=country_index())
    assert not any("could not be structured" in w for w in parsed["warnings"])


def test_other_layout_as_pdf_with_airy_table_rows():
    text = (DATA / "guide_security_council.txt").read_text(encoding="utf-8")
    from_text = parse_guide(text, countries=country_index())
    pdf = pdf_from_markdown(text.replace("\f", "\n\n"), header="Sahel study guide")
    from_pdf = parse_guide(extract_text("sahel.pdf", pdf).text, countries=country_index())
    assert from_pdf["tables"] == from_text["tables"]
    assert outline(from_pdf["sections"]) == outline(from_text["sections"])
    assert from_pdf["countries"] == from_text["countries"]
    assert from_pdf["chairs"] == from_text["chairs"]


def test_parts_letters_directors_and_numbered_questions():
    text = (DATA / "guide_first_committee.txt").read_text(encoding="utf-8")
    parsed = parse_guide(text, countries=country_index())
    assert parsed["committee"] == "General Assembly First Committee"
    assert parsed["topic"] == "Lethal Autonomous Weapons"
    assert parsed["chairs"] == ["Maria Rossi", "Tom Berg"]
    assert outline(parsed["sections"]) == [
        ("I", "Introduction", []),
        (
            "II",
            "History of the Issue",
            [("A", "Early Debates", []), ("B", "Recent Developments", [])],
        ),
        ("III", "Bloc Positions", []),
        ("IV", "Questions a Resolution Must Answer", []),
        ("", "Bibliography", []),  # end matter is not part IV's child
    ]
    assert [(c["iso3"], c["text"]) for c in parsed["countries"]] == [
        ("USA", "Opposes a ban."),
        ("CHN", "Supports a ban on use but not development."),
    ]
    assert [q["text"] for q in parsed["questions"]] == [
        "Should there be a treaty?",
        "Who verifies compliance?",
    ]
    assert parsed["facts"] == []  # questions are not facts
    (link,) = parsed["links"]
    assert link["section_index"] == 6 and link["title"] == "Smith, J. (2020). Killer robots."
    assert parsed["warnings"] == []


def test_unnumbered_headings_with_wrong_levels_follow_the_table_of_contents():
    # Word keeps automatic heading numbers out of the text; the seed's levels are inconsistent
    # (a part at level 3, a subsection at level 2): the contents page says how they nest.
    markdown = re.sub(r"^(#+ \**)(?:[IVX]+|\d)\. ", r"\1", seed_guide_text(), flags=re.M)
    text = extract_text("guide.docx", docx_from_markdown(markdown)).text
    parsed = parse_guide(text, countries=country_index())
    assert [(s["title"], [c["title"] for c in s["children"]]) for s in parsed["sections"]] == [
        ("Introduction", ["Introduction to the Committee", "Introduction to the Topic"]),
        ("Facts and Current Situation", ["Facts", "Current Situation"]),
        ("Major Parties Involved", ["The United States of America", "Mexico", "China"]),
        ("Possible Solution", ["What Has Been Done So Far?", "What Else Could We Do?"]),
        ("Useful Links and Statistics", ["Additional Statistics"]),
    ]
    assert [c["iso3"] for c in parsed["countries"]] == ["USA", "MEX", "CHN"]
