"""Beside the editor: checks follow the text, and a quotation found in research lands in the
section being written, with its source, and is saved like typing."""

import re

import pytest
from playwright.sync_api import expect

from positions.services.papers import get_or_create_paper
from tests import factories
from tests.browser.conftest import screenshot
from tests.research_factories import make_source

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHARED = re.compile(r"Saved — shared with your delegation")


@pytest.fixture(autouse=True)
def quick_editor(settings):
    settings.PAPER_EDITOR_TIMINGS = {"draft": 300, "share": 800, "poll": 700, "heartbeat": 1000}


def test_insert_a_quotation_with_its_citation_and_see_the_checks_follow(
    new_page, live_server, committee, delegate
):
    make_source(committee, title="Darknet report")
    paper = get_or_create_paper(delegation=factories.delegation(committee, "USA"))
    page = new_page(delegate)
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"{live_server.url}/c/{committee.slug}/papers/{paper.pk}/")
    checks = page.locator("#paper-checks")
    expect(checks).to_contain_text("0 / 1500 words")
    expect(checks).to_contain_text("The paper cites no sources.")

    background = page.locator("#block-background [data-role=input]")
    background.click()
    background.type("Traffickers hide payments. ")
    page.get_by_label("Search the guide, sources and stances").fill("cryptocurrency")
    page.locator("#paper-research").get_by_role("button", name="Search").click()
    insert = page.locator("#research-results").get_by_role("button", name="Insert quotation")
    expect(insert.first).to_be_visible()
    insert.first.click()

    expect(background).to_have_value(re.compile(r"^Traffickers hide payments\. “.*cryptocurrency"))
    expect(background).to_have_value(re.compile(r"\(\[Darknet report\]\(/c/unodc/sources/"))
    expect(page.locator("#block-background [data-role=state]")).to_have_text(SHARED, timeout=15_000)
    paper.document.blocks.get(key="background")  # still there
    assert "[Darknet report](" in paper.document.blocks.get(key="background").text

    # The checks panel refreshes once the editor reports "Saved".
    expect(checks).to_contain_text("Citations used (1)", timeout=10_000)
    expect(checks).not_to_contain_text("The paper cites no sources.")
    screenshot(page, "paper-editor-tools")

    page.set_viewport_size({"width": 370, "height": 800})
    screenshot(page, "paper-editor-tools-phone")
