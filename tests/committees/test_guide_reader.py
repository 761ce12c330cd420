"""The guide reader on generated look-alikes of real guides' layouts (no real guide is shipped).

Each test builds a file the way a word processor or a design tool writes it — a tagged PDF, a
two-column page, running headers and footnotes, names over roles on a cover, a DOCX without
heading styles — and checks what a secretariat member would check in the preview.
"""

from __future__ import annotations

import pytest

from committees.engines.guide_reader import ReadError, read_guide
from committees.engines.guide_reader.roles import find_people

from .documents_factory import (
    blank_pdf,
    docx_bomb,
    encrypted_pdf,
    many_pages_pdf,
    sized_docx,
    styled_pdf,
    tagged_pdf,
    two_column_pdf,
)
from .guide_helpers import country_index

BODY = (
    "Delegates will study how trafficking networks move drugs across borders with new tools, "
    "and which measures states have taken so far. "
)


def read(name: str, data: bytes) -> dict:
    return read_guide(name, data, countries=country_index())


def titles(sections: list[dict], depth: int = 0) -> list[str]:
    out = []
    for section in sections:
        out.append("  " * depth + section["title"])
        out.extend(titles(section["children"], depth + 1))
    return out


def all_text(structure: dict) -> str:
    def walk(sections):
        for s in sections:
            yield s["title"]
            yield s["text"]
            yield from walk(s["children"])

    return "\n".join(walk(structure["sections"]))


def test_tagged_pdf_headings_and_levels_come_from_the_structure_tree():
    # Every line is set in the same font and size: only the tags say what is a heading.
    data = tagged_pdf(
        [
            ("P", "Security Council Study Guide"),
            ("H1", "Letter from the Chairs"),
            ("P", "Dear delegates, welcome to the Council. " + BODY),
            ("H1", "Background"),
            ("P", BODY * 4),
            ("H2", "Earlier resolutions"),
            ("P", BODY * 2),
            ("H1", "Works Cited"),
            ("P", "https://www.un.org/securitycouncil/ The Council's pages"),
        ]
    )
    structure = read("council.pdf", data)
    assert titles(structure["sections"]) == [
        "Letter from the Chairs",
        "Background",
        "  Earlier resolutions",
        "Works Cited",
    ]
    assert structure["title"] == "Security Council Study Guide"
    assert structure["links"][0]["url"] == "https://www.un.org/securitycouncil/"


def test_two_column_page_is_read_column_by_column():
    left = [
        f"Left column sentence {n} continues on the next line of the left column." for n in range(8)
    ]
    right = [
        f"Right column sentence {n} continues on the next line of the right column."
        for n in range(8)
    ]
    structure = read("columns.pdf", two_column_pdf("Past Action", left, right, pages=2))
    text = all_text(structure)
    for n in range(8):
        # Each sentence reads whole: the columns were not read across.
        assert f"Left column sentence {n} continues on the next line of the left column." in text
        assert f"Right column sentence {n} continues on the next line of the right column." in text
    assert text.index("Left column sentence 7") < text.index("Right column sentence 0")
    assert any("two columns" in w for w in structure["warnings"])


def test_running_header_page_numbers_and_footnotes_stay_out_of_the_text():
    data = styled_pdf(
        [
            ("header", "Model UN 2026 · Study Guide"),
            ("cover", "Commission on Narcotic Drugs"),
            ("page", ""),
            ("h1", "Introduction"),
            ("p", BODY * 6 + "The Commission met in 1946 first."),
            ("note", "1 https://www.unodc.org/unodc/en/commissions/CND/ The Commission"),
            ("page", ""),
            ("h1", "Current Situation"),
            ("p", BODY * 6),
            ("page", ""),
            ("h1", "Possible Solutions"),
            ("p", BODY * 6),
        ]
    )
    structure = read("cnd.pdf", data)
    assert [s["title"] for s in structure["sections"]] == [
        "Introduction",
        "Current Situation",
        "Possible Solutions",
    ]
    text = all_text(structure)
    assert "Model UN 2026" not in text
    intro = structure["sections"][0]["text"]
    # The footnote is kept apart, after the section's text, and its link is found.
    assert intro.index("met in 1946 first.") < intro.index("Note 1 https://www.unodc.org")
    assert any(
        link["url"].startswith("https://www.unodc.org/unodc/en/commissions/CND")
        for link in structure["links"]
    )


def test_contents_page_with_dotted_leaders_is_dropped():
    data = styled_pdf(
        [
            ("cover", "First Committee Study Guide"),
            ("page", ""),
            ("h2", "Table of Contents"),
            ("p", "Introduction ........................................ 3"),
            ("p", "Timeline ............................................ 4"),
            ("p", "Questions to Consider ............................... 5"),
            ("page", ""),
            ("h1", "Introduction"),
            ("p", BODY * 3),
            ("h1", "Timeline"),
            ("p", "1991 - The first treaty is signed by the members."),
            ("h1", "Questions to Consider"),
            ("p", "What should the committee do about drones?"),
        ]
    )
    structure = read("first.pdf", data)
    assert [s["title"] for s in structure["sections"]] == [
        "Introduction",
        "Timeline",
        "Questions to Consider",
    ]
    assert "......" not in all_text(structure)
    assert structure["questions"][0]["text"] == "What should the committee do about drones?"


def test_cover_names_over_roles_and_letters_signed_by_chairs():
    data = styled_pdf(
        [
            ("cover", "United Nations Security Council"),
            ("p", "Agenda: Terrorism in the Sahel Region"),
            ("names", "Ana Ruiz | Li Wei | Sam Otieno"),
            ("roles", "President | Vice-President | Rapporteur"),
            ("page", ""),
            ("h1", "Letter from the Dais"),
            ("p", "Dear Delegates, " + BODY * 2),
            ("p", "Sincerely,"),
            ("p", "Maya Chen"),
            ("p", "Crisis Director"),
            ("h1", "Background"),
            ("p", BODY * 4),
        ]
    )
    structure = read("unsc.pdf", data)
    assert structure["people"] == [
        {"name": "Ana Ruiz", "role": "President"},
        {"name": "Li Wei", "role": "Vice-President"},
        {"name": "Sam Otieno", "role": "Rapporteur"},
        {"name": "Maya Chen", "role": "Crisis Director"},
    ]
    assert structure["topic"] == "Terrorism in the Sahel Region"
    assert "Security Council" in structure["committee"]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            ["President - Prathu", "President - Aamir"],
            [("Prathu", "President"), ("Aamir", "President")],
        ),
        (
            ["Student Officer: Edward Connor", "Position: Deputy President"],
            [("Edward Connor", "Deputy President")],
        ),
        (
            ["Student Officer & Role: Lena Vogel – Deputy President"],
            [("Lena Vogel", "Deputy President")],
        ),
        (
            ["Best regards,", "Tamerlan Nuhiyev", "Director of UNSC"],
            [("Tamerlan Nuhiyev", "Director of UNSC")],
        ),
        (["Head of Crisis", "Batu Sönmez"], [("Batu Sönmez", "Head of Crisis")]),
        (
            ["I am Albert Wang, your head chair, and it is my pleasure to welcome you."],
            [("Albert Wang", "Head chair")],
        ),
        (
            ["Our committee has two Vice Chairs: Lucia Zhang and Haochen Zhou. Lucia is"],
            [("Lucia Zhang", "Vice Chairs"), ("Haochen Zhou", "Vice Chairs")],
        ),
        (
            ["Moderator: Jo Park", "Executive Board Member - Ravi Iyer"],
            [("Jo Park", "Moderator"), ("Ravi Iyer", "Executive Board Member")],
        ),
        (["Dear Delegates,", "Welcome to the United Nations"], []),
        (
            ["Forum: GA1", "Student Officer: Ana Ruiz", "Position: President"],
            [("Ana Ruiz", "President")],
        ),
    ],
)
def test_chairs_under_the_titles_conferences_use(lines, expected):
    assert [(p["name"], p["role"]) for p in find_people(lines)] == expected


def test_topics_a_and_b_become_a_topic_level():
    data = styled_pdf(
        [
            ("cover", "General Assembly Third Committee"),
            ("page", ""),
            ("h1", "Letter from the Chairs"),
            ("p", "Dear delegates, " + BODY),
            ("h1", "Topic A: Refugees and Statelessness"),
            ("h1", "Background"),
            ("p", BODY * 3),
            ("h1", "Further Reading"),
            ("p", BODY),
            ("h1", "Topic B: The Right to Food"),
            ("h1", "Background"),
            ("p", BODY * 3),
            ("h1", "Questions to Consider"),
            ("p", "How should food aid reach conflict zones?"),
            ("h1", "Bibliography"),
            ("p", "https://www.fao.org/ State of Food Security"),
        ]
    )
    structure = read("third.pdf", data)
    assert titles(structure["sections"]) == [
        "Letter from the Chairs",
        "Topic A: Refugees and Statelessness",
        "  Background",
        "  Further Reading",
        "Topic B: The Right to Food",
        "  Background",
        "  Questions to Consider",
        "Bibliography",
    ]


def test_bloc_lines_name_their_members_and_a_bloc_is_never_a_country():
    data = styled_pdf(
        [
            ("cover", "Security Council"),
            ("page", ""),
            ("h1", "Introduction"),
            ("p", BODY * 3),
            ("h1", "Blocs"),
            ("p", "Western Bloc: France, US, Mozambique, UK"),
            ("p", "Eastern Bloc: Russia, China, DPRK"),
            ("h2", "Non-Aligned Movement"),
            ("p", "India, Indonesia and Egypt prefer dialogue over sanctions."),
            ("h2", "The United States"),
            ("p", "The US supports targeted sanctions."),
        ]
    )
    structure = read("blocs.pdf", data)
    blocs = {b["name"]: b["members"] for b in structure["blocs"]}
    assert blocs["Western Bloc"] == ["FRA", "USA", "MOZ", "GBR"]
    assert blocs["Eastern Bloc"] == ["RUS", "CHN", "PRK"]
    assert blocs["Non-Aligned Movement"] == ["IND", "IDN", "EGY"]
    countries = {c["iso3"]: c for c in structure["countries"]}
    assert set(countries) == {"FRA", "USA", "MOZ", "GBR", "RUS", "CHN", "PRK", "IND", "IDN", "EGY"}
    assert countries["GBR"]["bloc"] == "Western Bloc"
    assert "The US supports targeted sanctions." in countries["USA"]["text"]
    assert not any("Bloc" in c["name"] or "Movement" in c["name"] for c in structure["countries"])


def test_docx_without_heading_styles_gets_headings_from_sizes():
    data = sized_docx(
        [
            ("cover", "UNCSW"),
            ("p", "2030 for all: gender and learning"),
            ("page", ""),
            ("h1", "LETTER FROM THE EXECUTIVE BOARD"),
            ("p", "Greetings Delegates! " + BODY),
            ("p", "Regards,"),
            ("p", "Karin Holm"),
            ("p", "Chairperson"),
            ("h1", "MANDATE"),
            ("p", BODY * 2),
            ("h2", "Methods of work"),
            ("p", BODY),
            ("h1", "CONCLUSION"),
            ("p", BODY),
        ]
    )
    structure = read("uncsw.docx", data)
    assert titles(structure["sections"]) == [
        "Letter From the Executive Board",
        "Mandate",
        "  Methods of work",
        "Conclusion",
    ]
    assert structure["people"] == [{"name": "Karin Holm", "role": "Chairperson"}]
    assert structure["committee"] == "UNCSW"
    assert structure["topic"] == "2030 for all: gender and learning"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("scan.pdf", blank_pdf(2), "it needs OCR"),
        ("locked.pdf", encrypted_pdf(), "password-protected"),
        ("annexes.pdf", many_pages_pdf(60_000), "60,000 pages"),
    ],
)
def test_unreadable_or_oversized_pdfs_say_why(name, data, message):
    with pytest.raises(ReadError) as error:
        read(name, data)
    assert message in error.value.message


@pytest.mark.parametrize(
    ("lie", "message"),
    [(False, "unpacks to more than"), (True, "damaged ZIP package")],
    ids=["honest-headers", "lying-headers"],
)
def test_docx_that_unpacks_to_hundreds_of_megabytes_is_refused(lie, message):
    # Sizes are checked before anything is parsed; a part that unpacks to more than it
    # claims fails its checksum as soon as the claimed size is read.
    with pytest.raises(ReadError) as error:
        read("bomb.docx", docx_bomb(200, lie=lie))
    assert message in error.value.message


def test_markdown_with_too_many_headings_is_refused():
    text = "".join(f"# Heading {n}\n\nText.\n\n" for n in range(5_000))
    with pytest.raises(ReadError) as error:
        read("huge.md", text.encode())
    assert "5,000 headings" in error.value.message


def test_a_topic_label_wrapped_over_two_lines_is_one_topic():
    from committees.engines.guide_reader import parse_guide

    structure = parse_guide(
        "Forum: First General Assembly\n\nIssue: Reinforcing treaties on nuclear weapons in\n"
        "order to limit the threat of war\n\nStudent Officer: Ana Ruiz\n\nIntroduction\n\n" + BODY
    )
    assert structure["topic"] == (
        "Reinforcing treaties on nuclear weapons in order to limit the threat of war"
    )
    assert structure["committee"] == "First General Assembly"
