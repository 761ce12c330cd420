"""A delegate searches as they type; a chair corrects a stance inline; both on a phone too."""

import re

import pytest

from tests.browser.conftest import screenshot
from tests.research_factories import make_source, make_stances

pytestmark = pytest.mark.browser


@pytest.fixture
def research(committee):
    make_source(
        committee,
        title="UNODC darknet training",
        text=(
            "Participants traced cryptocurrency wallets on darknet markets.\n\n"
            "The <b>course</b> covered opioids & synthetic drugs."
        ),
    )
    make_source(committee, title="Border drones", text="Cartels fly drones across borders.")
    return make_stances(committee)


def test_search_as_you_type(new_page, live_server, research, delegate):
    page = new_page(delegate)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/c/unodc/search/")
    page.get_by_label("Search the guide and the sources").press_sequentially(
        "darknet crypt", delay=40
    )
    hit = page.locator(".hit").first
    hit.wait_for()
    assert hit.locator("mark").first.inner_text().lower() == "darknet"
    assert "1 passage matches" in page.locator("#search-results").inner_text()
    assert re.search(r"\?q=darknet(\+|%20)crypt", page.url)  # a reload shows the same
    screenshot(page, "research_search_typing")
    page.get_by_role("radio", name="The guide").check()  # no guide here: nothing to find
    page.get_by_text("Nothing matches").wait_for()
    assert "kind=guide" in page.url
    page.get_by_role("radio", name="Everything").check()
    page.locator(".hit").first.wait_for()
    page.get_by_label("Search the guide and the sources").fill("course")
    page.locator(".hit mark", has_text="course").wait_for()
    assert "<b>" in page.locator(".hit__snippet").inner_text() or "course" in page.content()
    hit = page.locator(".hit a").first
    hit.click()
    page.wait_for_url(re.compile(r"/sources/\d+/\?q=course#p-\d+$"))
    assert page.locator(".source-text mark").first.inner_text() == "course"
    assert not [e for e in errors if "Content Security Policy" in e]


def test_chair_corrects_a_stance_inline(new_page, live_server, research, chair):
    questions, _ = research
    page = new_page(chair, width=370)
    page.goto(f"{live_server.url}/c/unodc/stances/MEX/")
    card = page.locator(f"#q-{questions[0].pk}")
    card.get_by_role("link", name=re.compile("^Edit")).click()
    form = page.locator(f"#q-{questions[0].pk} form")
    form.get_by_label("Supports").check()
    form.get_by_label("Rationale").fill("")
    form.get_by_label("Quote").fill("A quote I typed carefully")
    form.get_by_role("button", name="Save").click()
    page.get_by_text("needs a rationale").wait_for()
    assert form.get_by_label("Quote").input_value() == "A quote I typed carefully"
    form.get_by_label("Rationale").fill("Backs the framework.")
    form.get_by_label("Guide section").fill("III.2 Mexico")
    form.get_by_role("button", name="Save").click()
    page.locator(f"#q-{questions[0].pk} .saved-note").wait_for()
    assert "Backs the framework." in card.inner_text()
    screenshot(page, "research_stance_saved_phone")
    page.goto(f"{live_server.url}/c/unodc/stances/compare/")
    row = page.locator("tr", has_text="Mexico")
    assert "Supports" in row.locator("td").first.inner_text()
