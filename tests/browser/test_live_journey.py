"""Live updates in real browsers: a teammate's change arrives over the event stream in under a
second, a focused section takes it in place, and polling takes over when streams are blocked."""

import re
import time

import pytest
from playwright.sync_api import expect

from positions.services import coedit
from positions.services.papers import get_or_create_paper
from tests import factories
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHARED = re.compile(r"Saved — shared with your delegation")


@pytest.fixture
def teammate(committee):
    user = factories.make_user("james_usa", first_name="James", last_name="Brooks")
    factories.seat_delegate(user, committee, "USA")
    return user


@pytest.fixture
def paper(committee):
    return get_or_create_paper(delegation=factories.delegation(committee, "USA"))


def editor_timings(settings, poll_ms: int) -> None:
    settings.PAPER_EDITOR_TIMINGS = {"draft": 300, "share": 600, "poll": poll_ms, "heartbeat": 1000}


def open_paper(page, server, paper, *, stream: bool = True):
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"{server.url}/c/{paper.committee.slug}/papers/{paper.pk}/")
    expect(page.locator("#sync-state")).to_be_visible()
    if stream:
        expect(page.locator("body")).to_have_attribute("data-live", "stream")
    return page


def field(page, key):
    return page.locator(f"#block-{key} [data-role=input]")


def test_a_teammates_change_arrives_over_the_stream_in_under_a_second(
    settings, new_asgi_page, asgi_server, paper, delegate, teammate
):
    # Polls every minute only: whatever arrives sooner came over the stream.
    editor_timings(settings, poll_ms=60_000)
    emily = open_paper(new_asgi_page(delegate), asgi_server, paper)
    james = open_paper(new_asgi_page(teammate), asgi_server, paper)
    field(james, "background").click()
    james.keyboard.type("Mexico and the United States share a border.")
    expect(james.locator("#block-background [data-role=state]")).to_have_text(SHARED)
    saved_at = time.monotonic()
    expect(field(emily, "background")).to_have_value(
        "Mexico and the United States share a border.", timeout=3_000
    )
    took = time.monotonic() - saved_at
    assert took < 1.0, f"the change took {took:.2f}s to arrive"
    screenshot(emily, "live-stream-arrived")


def test_a_focused_section_without_unsynced_text_is_updated_in_place(
    settings, new_asgi_page, asgi_server, paper, delegate, teammate
):
    editor_timings(settings, poll_ms=60_000)
    emily = open_paper(new_asgi_page(delegate), asgi_server, paper)
    box = field(emily, "country-policy")
    box.click()
    emily.keyboard.type("We support the PCCP.")
    expect(emily.locator("#block-country-policy [data-role=state]")).to_have_text(SHARED)
    for _ in range(2):
        emily.keyboard.press("ArrowLeft")
    caret = box.evaluate("el => el.selectionStart")  # before "P."
    policy = paper.document.blocks.get(key="country-policy")
    coedit.save_block(
        block=policy,
        user=teammate,
        text="Mexico: We support the PCCP.\n\nJames adds a paragraph.",
        base_revision_id=policy.current_revision_id,
    )
    expect(box).to_have_value("Mexico: We support the PCCP.\n\nJames adds a paragraph.")
    # Still in the field, the caret still before "P." (moved by the 8 letters put before it).
    assert box.evaluate("el => document.activeElement === el")
    assert box.evaluate("el => el.selectionStart") == caret + len("Mexico: ")
    emily.keyboard.type("!")
    expect(emily.locator("#block-country-policy [data-role=state]")).to_have_text(SHARED)
    assert (
        paper.document.blocks.get(key="country-policy").text
        == "Mexico: We support the PCC!P.\n\nJames adds a paragraph."
    )


def test_a_section_with_unsynced_text_waits_with_its_notice(
    settings, new_asgi_page, asgi_server, paper, delegate, teammate
):
    settings.PAPER_EDITOR_TIMINGS = {
        "draft": 300,
        "share": 60_000,
        "poll": 60_000,
        "heartbeat": 1000,
    }
    emily = open_paper(new_asgi_page(delegate), asgi_server, paper)
    box = field(emily, "country-policy")
    box.click()
    emily.keyboard.type("Typed, not shared yet.")
    policy = paper.document.blocks.get(key="country-policy")
    coedit.save_block(block=policy, user=teammate, text="James's text.", base_revision_id=None)
    expect(emily.locator("#block-country-policy [data-role=notice]")).to_contain_text(
        "changed this section — your save will merge"
    )
    assert box.input_value() == "Typed, not shared yet."


def test_polling_takes_over_when_streams_are_blocked(
    settings, new_asgi_page, asgi_server, paper, delegate, teammate
):
    editor_timings(settings, poll_ms=700)
    emily = new_asgi_page(delegate)
    emily.route("**/live/**", lambda route: route.abort())
    open_paper(emily, asgi_server, paper, stream=False)
    block = paper.document.blocks.get(key="background")
    coedit.save_block(block=block, user=teammate, text="Sent while blocked.", base_revision_id=None)
    expect(field(emily, "background")).to_have_value("Sent while blocked.", timeout=5_000)
    expect(emily.locator("body")).to_have_attribute("data-live", "poll")


def test_the_checks_panel_follows_a_teammates_change_over_the_stream(
    settings, new_asgi_page, asgi_server, paper, delegate, teammate
):
    # Polls every minute only and the panel has no timer: a refresh within seconds came from
    # the stream announcing the paper's new version.
    editor_timings(settings, poll_ms=60_000)
    emily = open_paper(new_asgi_page(delegate), asgi_server, paper)
    checks = emily.locator("#paper-checks")
    expect(checks).to_contain_text("0 / ")
    # No timer of its own: it refreshes when the paper's version moves.
    assert "every" not in (checks.get_attribute("hx-trigger") or "")
    block = paper.document.blocks.get(key="background")
    coedit.save_block(
        block=block, user=teammate, text="Six words written by James.", base_revision_id=None
    )
    expect(checks).to_contain_text("5 / ", timeout=5_000)


def test_the_checks_panel_follows_the_poll_when_streams_are_blocked(
    settings, new_asgi_page, asgi_server, paper, delegate, teammate
):
    editor_timings(settings, poll_ms=700)
    emily = new_asgi_page(delegate)
    emily.route("**/live/**", lambda route: route.abort())
    open_paper(emily, asgi_server, paper, stream=False)
    checks = emily.locator("#paper-checks")
    expect(checks).to_contain_text("0 / ")
    block = paper.document.blocks.get(key="background")
    coedit.save_block(
        block=block, user=teammate, text="Four words from James.", base_revision_id=None
    )
    expect(checks).to_contain_text("4 / ", timeout=8_000)
