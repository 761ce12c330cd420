"""A delegation on a phone reads where its paper, clauses and votes stand against its declared
positions, and marks a mention as agreeing; the page stays inside the screen and axe-clean."""

import pytest
from playwright.sync_api import expect

from positions.models import EvidenceMark
from tests.browser.conftest import screenshot
from tests.browser.page_audit import audit
from tests.positions.test_agreement import declared, questions, record  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_delegation_marks_its_record_against_its_positions(
    new_page,
    live_server,
    committee,
    record,  # noqa: F811
    delegate,
    chair,
):
    page = new_page(delegate, width=360, height=780)
    page.goto(f"{live_server.url}/c/{committee.slug}/stances/")
    page.get_by_role("link", name="Our record").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Does United States do what it says?")
    sharing = page.locator("section.agreement-question", has_text="Real-time intelligence sharing")
    expect(sharing).to_contain_text("Mentioned, not judged")
    paper_row = sharing.locator("li.evidence", has_text="Position paper · Proposed solutions")
    expect(paper_row).to_contain_text(
        "Mentions: real-time, intelligence, sharing, darknet, marketplaces"
    )
    paper_row.get_by_role("button", name="Agrees").click()
    # The question's part is swapped in place (htmx) with the delegation's mark.
    expect(sharing).to_contain_text("Agrees (marked)")
    expect(sharing.locator("li.evidence", has_text="Proposed solutions")).to_contain_text(
        "marked by Emily Carter"
    )
    expect(
        sharing.locator("li.evidence", has_text="Proposed solutions").get_by_role(
            "button", name="Agrees"
        )
    ).to_have_attribute("aria-pressed", "true")
    assert EvidenceMark.objects.filter(verdict="agrees").count() == 1
    screenshot(page, "agreement-phone")

    for width in (360, 1280):
        result = audit(page, live_server.url, f"/c/{committee.slug}/papers/agreement/", width)
        assert not result.scrolls_sideways, result.describe()
        assert not (result.counts["critical"] or result.counts["serious"]), result.describe()
