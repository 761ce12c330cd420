"""The DOCX export: open the generated file and read it as a chair would."""

import io

from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st

from positions.engines.docx_export import Citation, PaperExport, build_docx


def paper(**overrides) -> PaperExport:
    data = dict(
        committee="United Nations Office on Drugs and Crime (UNODC)",
        topic="Measures to counter the use of AI by non-state actors",
        country="Mexico",
        delegates=["Ana Ruiz", "Luis Pérez"],
        sections=[
            ("Background", "Cartels use **AI** to plan *routes*.\n\nSecond paragraph."),
            ("Past international action", ""),
            ("Proposed solutions", "- Share data\n- Train officers\n\n1. First\n2. Second"),
            ("Bibliography", "UNODC World Drug Report 2025"),
        ],
        bibliography=[
            Citation("UNODC World Drug Report 2025", "https://unodc.org/wdr"),
            Citation("Committee guide — Background", "/c/unodc/guide/#s-1"),
        ],
    )
    data.update(overrides)
    return PaperExport(**data)


def open_docx(content: bytes):
    assert content[:2] == b"PK"  # a zip container, as every .docx is
    return Document(io.BytesIO(content))


def test_header_block_names_committee_topic_country_and_delegates():
    document = open_docx(build_docx(paper()))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Position Paper"
    assert "Committee: United Nations Office on Drugs and Crime (UNODC)" in texts
    assert "Topic: Measures to counter the use of AI by non-state actors" in texts
    assert "Country: Mexico" in texts
    assert "Delegates: Ana Ruiz, Luis Pérez" in texts
    assert document.core_properties.title == (
        "Position Paper — Mexico — United Nations Office on Drugs and Crime (UNODC)"
    )


def test_sections_are_headings_with_formatted_runs_and_lists():
    document = open_docx(build_docx(paper()))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    # The empty section is left out rather than printed as a bare heading.
    assert headings == ["Background", "Proposed solutions", "Bibliography"]
    background = next(p for p in document.paragraphs if p.text.startswith("Cartels"))
    assert [(r.text, bool(r.bold), bool(r.italic)) for r in background.runs] == [
        ("Cartels use ", False, False),
        ("AI", True, False),
        (" to plan ", False, False),
        ("routes", False, True),
        (".", False, False),
    ]
    styles = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("List")
    ]
    assert ("List Bullet", "Share data") in styles
    assert ("List Number", "Second") in styles


def test_bibliography_adds_gathered_citations_not_already_typed():
    document = open_docx(build_docx(paper()))
    texts = [p.text for p in document.paragraphs]
    start = texts.index("Bibliography")
    after = texts[start + 1 :]
    assert after.count("UNODC World Drug Report 2025") == 1  # typed once, not repeated
    assert "Committee guide — Background" in after
    assert not any("/c/unodc" in t for t in texts)  # site-relative URLs mean nothing in a file


def test_bibliography_heading_is_added_when_the_template_has_none():
    document = open_docx(build_docx(paper(sections=[("Background", "Text.")])))
    texts = [p.text for p in document.paragraphs]
    assert texts[-3:] == [
        "Bibliography",
        "UNODC World Drug Report 2025. https://unodc.org/wdr",
        "Committee guide — Background",
    ]


def test_external_links_become_hyperlinks():
    content = build_docx(
        paper(sections=[("Background", "See [UNODC](https://www.unodc.org).")], bibliography=[])
    )
    document = open_docx(content)
    rels = [r.target_ref for r in document.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert rels == ["https://www.unodc.org"]
    paragraph = next(p for p in document.paragraphs if p.text.startswith("See"))
    assert paragraph.text == "See UNODC."


def test_unicode_and_markup_characters_survive():
    document = open_docx(
        build_docx(paper(country="Côte d'Ivoire", sections=[("Background", "5 < 6 & “quotes”")]))
    )
    texts = [p.text for p in document.paragraphs]
    assert "Country: Côte d'Ivoire" in texts
    assert "5 < 6 & “quotes”" in texts


def test_pasted_control_characters_do_not_break_the_export():
    content = build_docx(paper(sections=[("Background", "Soft\x0bbreak and \x00 null \ud800")]))
    texts = [p.text for p in open_docx(content).paragraphs]
    assert "Soft break and   null ?" in texts


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=120))
def test_any_text_exports(text):
    assert build_docx(paper(sections=[("Background", text)], country=text[:20])).startswith(b"PK")
