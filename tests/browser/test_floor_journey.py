"""The floor in real browsers: two delegates on phones ask to speak and raise a motion, the
chair recognises a speaker, every screen counts the same second down (one phone's clock is an
hour wrong), a caucus is voted in and runs out with a cue, and a note is approved and arrives."""

import time
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from committees.models.floor import Caucus
from committees.services import procedure as proc
from tests.browser.conftest import screenshot
from tests.committees.floor_helpers import open_floor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# This phone's wall clock is an hour fast; the countdown must not care.
SKEWED_CLOCK = """
(() => {
  const skew = 3600 * 1000;
  const RealDate = Date;
  class SkewedDate extends RealDate {
    constructor(...args) { if (args.length === 0) { super(RealDate.now() + skew); } else { super(...args); } }
    static now() { return RealDate.now() + skew; }
  }
  window.Date = SkewedDate;
})();
"""


def left_ms(page, selector):
    value = page.locator(selector).get_attribute("data-left-ms")
    return int(value) if value is not None else None


def wait_for_left(page, selector):
    expect(page.locator(f"{selector}[data-left-ms]")).to_have_count(1, timeout=15000)


def test_a_chair_runs_the_floor_with_two_delegates_on_phones(
    new_page, live_server, committee, chair, delegate, other_delegate
):
    session = open_floor(committee, chair)
    base = f"{live_server.url}/c/{committee.slug}"

    board = new_page(chair, width=1280, height=1000)
    board.on("dialog", lambda dialog: dialog.accept())
    board.goto(f"{base}/chair/")
    expect(board.locator("#floor-live")).to_contain_text("Formal debate")

    usa = new_page(delegate, width=390, height=844)
    usa.context.add_init_script(SKEWED_CLOCK)
    usa.goto(f"{base}/floor/")
    skew = usa.evaluate("Date.now() - (performance.timeOrigin + performance.now())")
    assert skew > 3500 * 1000  # this phone's wall clock really is an hour fast
    mexico = new_page(other_delegate, width=390, height=844)
    mexico.goto(f"{base}/floor/")
    projector = new_page(chair, width=1280, height=720)
    projector.goto(f"{base}/projector/")

    # Both delegates ask to speak from their phones.
    usa.get_by_role("button", name="Ask to speak").click()
    expect(usa.locator("#floor-mine")).to_contain_text("You are #1 of 1")
    mexico.get_by_role("button", name="Ask to speak").click()
    expect(mexico.locator("#floor-mine")).to_contain_text("You are #2 of 2")
    expect(board.locator("#floor-list")).to_contain_text("United States", timeout=15000)
    expect(board.locator("#floor-list")).to_contain_text("Mexico")

    # Mexico moves an unmoderated caucus; the United States seconds it from its phone.
    mexico.get_by_text("Raise a motion").click()
    mexico.get_by_label("Kind", exact=True).select_option("unmoderated_caucus")
    mexico.get_by_label("Total time").fill("1")
    mexico.get_by_label("Topic").fill("Drafting the working paper")
    mexico.get_by_role("button", name="Raise the motion").click()
    expect(mexico.locator("#floor-mine")).to_contain_text("is on the floor")
    expect(mexico.get_by_label("Topic")).to_have_value("")  # the form cleared after success
    usa.get_by_role("button", name="Second").click()
    expect(usa.locator("#floor-mine")).to_contain_text("seconded")

    # The chair recognises the first speaker: every screen counts down the same second.
    board.get_by_role("button", name="Recognise next speaker").click()
    expect(board.locator("#floor-speaker")).to_contain_text("United States")
    for page, selector in [
        (board, "#speech-timer"),
        (usa, "#speech-timer"),
        (mexico, "#speech-timer"),
        (projector, "#projector-speech-timer"),
    ]:
        wait_for_left(page, selector)
    time.sleep(1.5)
    readings, first_read = [], None
    for page, selector in [
        (board, "#speech-timer"),
        (usa, "#speech-timer"),
        (mexico, "#speech-timer"),
        (projector, "#projector-speech-timer"),
    ]:
        now = time.monotonic()
        first_read = first_read or now
        # Add the time the reads themselves took: every screen is compared at one instant.
        readings.append(left_ms(page, selector) + (now - first_read) * 1000)
    assert max(readings) - min(readings) < 1000, readings
    assert 80_000 < readings[0] < 90_000  # 90 s speech, a few seconds in
    screenshot(usa, "floor-phone-speaking")
    screenshot(projector, "projector-speaker")

    # The motion goes to a placard vote and passes; the caucus starts everywhere.
    expect(board.locator("#floor-motions")).to_contain_text("Unmoderated caucus, 1 min")
    board.locator("#floor-motions").get_by_role("button", name="Placards").click()
    expect(board.locator("#open-vote")).to_contain_text("Unmoderated caucus", timeout=15000)
    board.locator("#open-vote").get_by_label("Yes").fill("3")
    board.locator("#open-vote").get_by_label("No").fill("1")
    board.get_by_role("button", name="Record counts and close").click()
    expect(board.locator("#open-vote")).to_contain_text("passes")
    expect(board.locator("#floor-live")).to_contain_text(
        "Drafting the working paper", timeout=15000
    )
    expect(projector.locator(".projector__floor")).to_contain_text(
        "Drafting the working paper", timeout=15000
    )
    expect(usa.locator("#floor-mine")).to_contain_text("Unmoderated caucus", timeout=15000)

    # Time passes on the server: the caucus has eight seconds left, then runs out with a cue.
    caucus = Caucus.objects.get(session=session, ended_at=None)
    Caucus.objects.filter(pk=caucus.pk).update(started_at=caucus.started_at - timedelta(seconds=52))
    proc.bump_clock(committee.pk)
    expect(board.locator("#caucus-timer.is-up")).to_be_visible(timeout=20000)
    expect(projector.locator("#projector-caucus-timer.is-up")).to_be_visible(timeout=20000)
    expect(projector.locator("#projector-caucus-timer")).to_contain_text("Time is up")
    cued = "Number(document.documentElement.dataset.floorCues || 0) >= 1"
    projector.wait_for_function(cued, timeout=20000)
    board.wait_for_function(cued, timeout=20000)
    screenshot(projector, "projector-caucus-time-up")
    board.get_by_role("button", name="End caucus").click()
    expect(board.locator("#floor-live")).to_contain_text("Formal debate")

    # Notes need the chair's approval; a note is approved and arrives on Mexico's phone.
    board.get_by_role("button", name="Approve each note").click()
    expect(board.locator("#floor-notes")).to_contain_text("The chair approves each note")
    usa.get_by_label("To", exact=True).select_option(label="Mexico")
    usa.locator("#note-text").fill("Co-sponsor our clause on risk indicators?")
    usa.get_by_role("button", name="Send").click()
    expect(usa.locator("#floor-mine")).to_contain_text("for approval")
    expect(mexico.locator("#floor-mine")).not_to_contain_text("risk indicators")
    expect(board.locator("#floor-notes")).to_contain_text("risk indicators", timeout=15000)
    board.locator("#floor-notes").get_by_role("button", name="Pass on").click()
    expect(mexico.locator("#floor-mine")).to_contain_text(
        "Co-sponsor our clause on risk indicators?", timeout=15000
    )
    expect(mexico.locator("#floor-mine")).to_contain_text("1 new")
    screenshot(mexico, "floor-phone-note")
    screenshot(board, "chair-floor-panel")
