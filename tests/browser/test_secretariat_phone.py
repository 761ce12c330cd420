"""The secretariat's conference overview on a phone: one card per committee, no sideways page
scroll, axe clean; on a wide screen the table."""

import pytest
from playwright.sync_api import expect

from committees.services import procedure as proc
from tests import factories
from tests.browser.page_audit import audit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def conference(committee, other_committee, chair):
    # A long committee name and an open session: what widened the table on phones.
    factories.make_committee(
        "ccpcj",
        countries=("BRA", "IND", "NGA"),
        acronym="CCPCJ",
        name="Commission on Crime Prevention and Criminal Justice (Intergovernmental Expert Group)",
    )
    proc.open_session(committee=committee, by=chair)
    return [committee, other_committee]


def test_the_overview_is_a_card_per_committee_on_a_phone(
    new_page, live_server, conference, admin_user
):
    page = new_page(admin_user, width=360, height=780)
    page.goto(f"{live_server.url}/secretariat/")
    cards = page.locator(".overview-card")
    expect(cards).to_have_count(3)
    expect(page.locator(".overview-wide")).to_be_hidden()
    unodc = cards.filter(has_text="UNODC")
    expect(unodc).to_contain_text("Session 1 open")
    expect(unodc).to_contain_text("4 members")
    expect(unodc.get_by_role("link", name="Set up UNODC")).to_be_visible()
    width, viewport = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert width <= viewport, f"the page is {width}px wide in a {viewport}px viewport"
    # Every card fits inside the screen.
    right = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('.overview-card')]"
        ".map(c => c.getBoundingClientRect().right))"
    )
    assert right <= viewport

    result = audit(page, live_server.url, "/secretariat/", 360)
    assert not result.scrolls_sideways
    assert not (result.counts["critical"] or result.counts["serious"]), result.describe()

    wide = audit(page, live_server.url, "/secretariat/", 1280)
    expect(page.locator(".overview-wide table")).to_be_visible()
    expect(page.locator(".overview-cards")).to_be_hidden()
    assert not (wide.counts["critical"] or wide.counts["serious"]), wide.describe()
