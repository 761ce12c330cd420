"""A sponsor pastes pages of a real resolution copied from its UN PDF — running page headers,
hard line breaks, footnote markers and a footnote, paragraph numbers, a lettered list — into
the paste box and gets the clauses, their numbering and a short list of findings.

The text is General Assembly resolution 73/192 (A/RES/73/192) as copied from its PDF
(``tests/data/resolutions/ga_73_192.txt``, source in ``SOURCES.tsv``): the preamble of its
second page, then paragraphs 55-56 and 102-104 — a delegate taking what fits their draft."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from positions.models.resolutions import clause_tree
from positions.services import resolutions as drafts
from tests import factories
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SOURCE = Path(__file__).resolve().parents[1] / "data" / "resolutions" / "ga_73_192.txt"


def pdf_pages() -> str:
    """Three pages of the PDF as copied: each starts with the running header (symbol, title),
    lines broken where the PDF broke them; a page footer with the job number and page, and the
    footnotes under their rule, as a PDF copy carries them."""
    pages = SOURCE.read_text(encoding="utf-8").split("[...]")
    footer = (
        "\n__________________\n5 See Official Records of the Economic and Social Council, "
        "2018, Supplement No. 8 (E/2018/28), chap. I, sect. B.\n18-22288 19/20\n"
    )
    return "\n".join(
        [
            pages[2].strip("\n") + "\n18-22288 3/20",
            pages[5].strip("\n"),
            pages[6].strip("\n") + footer,
        ]
    )


def test_a_sponsor_pastes_pages_of_a_un_pdf(new_page, live_server, committee, other_delegate):
    resolution = drafts.create_draft(
        committee=committee,
        title="Countering the world drug problem",
        sponsor=factories.delegation(committee, "MEX"),
        by=None,
    )
    text = pdf_pages()
    assert "A/RES/73/192" in text and "session 5 and" in text and "\n(a) Regularly" in text

    page = new_page(other_delegate, width=390, height=844)
    page.goto(f"{live_server.url}/c/{committee.slug}/resolutions/{resolution.pk}/draft/")
    page.locator("#paste summary").click()
    page.locator("#paste-text").fill(text)
    page.get_by_role("button", name="Add these clauses").click()
    expect(page.locator(".message").first).to_contain_text("14 clauses added")

    tree = clause_tree(list(resolution.clauses.all()))
    got = [(n.label or "pre", n.clause.text.split()[0]) for root in tree for n in root.walk()]
    assert got == [
        ("pre", "Welcoming"),
        ("pre", "Reaffirming"),
        ("pre", "Recognizing"),
        ("pre", "Stressing"),
        ("pre", "Noting"),
        ("pre", "Noting"),
        ("pre", "Recognizing"),
        ("1", "Urges"),
        ("2", "Recognizes"),
        ("2 a)", "Regularly"),
        ("2 b)", "Providing,"),
        ("3", "Requests"),
        ("4", "Takes"),
        ("5", "Also"),
    ]
    texts = [n.clause.text for root in tree for n in root.walk()]
    joined = "\n".join(texts)
    # Headers, page footers, the footnote and its markers are gone; broken lines are joined.
    assert "A/RES/73/192" not in joined and "18-22288" not in joined
    assert "See Official Records" not in joined
    assert "sixty-first session and of the World Drug Report 2018;" in joined
    assert "March 2018, entitled" in joined
    assert (
        "Welcoming continued efforts to enhance coherence within the United Nations system"
        in texts[0]
    )
    assert texts[8].endswith("to consider, where appropriate:")

    # On the page: numbered as the UN numbers them, the lettered list under its paragraph.
    clauses = page.locator("#draft-clauses > .draft-clause")
    expect(clauses).to_have_count(12)
    expect(clauses.nth(7).locator(".draft-clause__label").first).to_have_text("1.")
    expect(clauses.nth(8).locator(".draft-clause .draft-clause__label").first).to_have_text("a)")
    # A short list of findings a chair would agree with: the extract's last paragraph ends
    # with a semicolon where a resolution ends with a period; nothing about the UN's own
    # phrases or punctuation.
    findings = page.locator("#draft-findings .finding")
    messages = findings.all_inner_texts()
    assert 1 <= len(messages) <= 4, messages
    assert any("period" in m for m in messages), messages
    assert not any("unknown" in m.lower() or "not a standard" in m.lower() for m in messages), (
        messages
    )
    screenshot(page, "paste-from-un-pdf-phone")
