"""Bad Wi-Fi: the installed app keeps the pages a delegate opened, and the text they typed."""

import pytest
from playwright.sync_api import expect

from positions.services.papers import get_or_create_paper
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def quick_editor(settings):
    settings.PAPER_EDITOR_TIMINGS = {"draft": 300, "share": 800, "poll": 700, "heartbeat": 1000}


def _wait_for_service_worker(page):
    page.wait_for_function(
        "() => navigator.serviceWorker && navigator.serviceWorker.controller !== null",
        timeout=15_000,
    )


# Timing-sensitive on a loaded machine (service worker, offline switch): retried twice.
@pytest.mark.flaky(reruns=2)
def test_offline_reload_of_the_editor_shows_the_kept_text(
    new_page, live_server, committee, delegate
):
    paper = get_or_create_paper(delegation=factories.delegation(committee, "USA"))
    url = f"{live_server.url}/c/{committee.slug}/papers/{paper.pk}/"
    page = new_page(delegate, width=360, height=780, service_workers="allow")
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(url)
    _wait_for_service_worker(page)
    page.goto(url)  # opened once under the worker: a copy is now kept on this device
    page.wait_for_load_state("networkidle")

    page.context.set_offline(True)
    box = page.locator("#block-proposed-solutions [data-role=input]")
    box.click()
    page.keyboard.type("Fund border scanners for transit states.")
    expect(page.locator("#sync-state")).to_contain_text("Offline — kept on this device")
    expect(page.locator("#offline-banner")).to_be_visible()

    page.reload()  # no network: the worker answers with the kept copy of the editor
    expect(page.locator("#offline-banner")).to_contain_text("You are offline")
    offer = page.locator("#block-proposed-solutions [data-role=offer]")
    expect(offer).to_contain_text("Fund border scanners for transit states.")
    offer.get_by_role("button", name="Restore it").click()
    expect(box).to_have_value("Fund border scanners for transit states.")
    box.press("End")
    page.keyboard.type(" And train officers.")

    page.context.set_offline(False)
    expect(page.locator("#offline-banner")).to_be_hidden()
    expect(page.locator("#block-proposed-solutions [data-role=state]")).to_contain_text(
        "Saved — shared with your delegation", timeout=15_000
    )
    block = paper.document.blocks.get(key="proposed-solutions")
    block.refresh_from_db()
    assert block.text == "Fund border scanners for transit states. And train officers."


def test_a_page_never_opened_offline_explains_itself(new_page, live_server, committee, delegate):
    page = new_page(delegate, service_workers="allow")
    page.goto(f"{live_server.url}/")
    _wait_for_service_worker(page)
    page.context.set_offline(True)
    page.goto(f"{live_server.url}/c/{committee.slug}/sources/")
    expect(page.get_by_role("heading", name="You are offline")).to_be_visible()


def test_logging_out_forgets_the_kept_pages(new_page, live_server, committee, delegate):
    page = new_page(delegate, service_workers="allow")
    page.goto(f"{live_server.url}/c/{committee.slug}/")
    _wait_for_service_worker(page)
    page.goto(f"{live_server.url}/c/{committee.slug}/")
    kept = page.evaluate("async () => (await (await caches.open('pages-v1')).keys()).length")
    assert kept >= 1
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/accounts/login/")
    page.wait_for_function(
        "async () => (await (await caches.open('pages-v1')).keys()).length === 0", timeout=5000
    )
