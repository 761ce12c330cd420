"""A chair runs an electronic vote while two delegates vote from their own windows."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_chair_runs_an_electronic_vote_with_two_delegates(
    new_page, live_server, committee, chair, delegate, other_delegate
):
    base = f"{live_server.url}/c/{committee.slug}"
    board = new_page(chair)
    board.on("dialog", lambda dialog: dialog.accept())
    board.goto(f"{base}/chair/")
    board.get_by_role("button", name="Open a session").click()
    expect(board.get_by_text("Session 1 open since")).to_be_visible()
    board.get_by_role("button", name="Everyone not yet called is present").click()
    expect(board.get_by_text("Quorum: 4 of 4 members present")).to_be_visible()

    board.get_by_text("Add a motion to the queue").click()
    board.get_by_label("Motion").fill("Motion to close debate on the draft")
    board.get_by_role("button", name="Add to queue").click()
    expect(board.get_by_text("is in the queue")).to_be_visible()
    board.get_by_role("button", name="Open vote").click()
    expect(board.get_by_role("heading", name="Motion to close debate on the draft")).to_be_visible()
    expect(board.locator("#vote-tally")).to_contain_text("4 of 4 still to vote")

    # Each delegate sees the ballot appear on their own screen without reloading.
    usa = new_page(delegate, width=370, height=800)
    usa.goto(f"{base}/votes/")
    mexico = new_page(other_delegate)
    mexico.goto(f"{base}/votes/")
    expect(usa.get_by_role("heading", name="Motion to close debate on the draft")).to_be_visible()
    # As at the UN, abstaining is open on a procedural vote too (rule 126).
    expect(usa.get_by_role("button", name="Abstain")).to_be_visible()
    screenshot(usa, "ballot-phone")
    usa.get_by_role("button", name="Yes").click()
    # A ballot is final: the delegate confirms it, and focus stays in the ballot box.
    expect(usa.locator("#ballot-box")).to_contain_text("Confirm: United States votes yes")
    expect(usa.locator("#ballot-box [data-focus]")).to_be_focused()
    screenshot(usa, "ballot-confirm-phone")
    usa.get_by_role("button", name="Confirm: vote yes").click()
    expect(usa.locator("#ballot-box")).to_contain_text("United States voted yes")
    expect(usa.locator("#ballot-box [data-focus]")).to_be_focused()
    expect(usa.locator("#live-announcer")).to_have_text("United States voted yes.")
    mexico.get_by_role("button", name="No").click()
    mexico.get_by_role("link", name="Change my choice").click()
    expect(mexico.get_by_role("button", name="Abstain")).to_be_visible()
    mexico.get_by_role("button", name="No").click()
    mexico.get_by_role("button", name="Confirm: vote no").click()
    expect(mexico.locator("#ballot-box")).to_contain_text("Mexico voted no")

    # The chair's tally follows live, by polling.
    expect(board.locator("#vote-tally")).to_contain_text("2 of 4 still to vote", timeout=8000)
    expect(board.locator("#vote-tally .tally__item--yes")).to_contain_text("1")
    expect(board.locator("#vote-tally .tally__item--no")).to_contain_text("1")
    projector = new_page(chair, width=1280, height=720)
    projector.goto(f"{base}/projector/")
    expect(projector.locator(".big--yes")).to_contain_text("1")
    screenshot(projector, "projector-voting")
    screenshot(board, "chair-dashboard-voting")

    board.get_by_role("button", name="Close vote").click()
    explanation = "fails: 1 yes, 1 no, 2 not voting — a tie: a vote equally divided is rejected"
    expect(board.locator("#open-vote")).to_contain_text(explanation)
    expect(board.locator("#vote-history")).to_contain_text(explanation)
    # Delegates and the projector learn the result on their own.
    expect(usa.locator("#ballot-box")).to_contain_text(explanation, timeout=8000)
    expect(projector.get_by_text("Not adopted")).to_be_visible(timeout=8000)
    expect(projector.get_by_text(re.compile("Fails: 1 yes, 1 no"))).to_be_visible()
    screenshot(projector, "projector-result")
    screenshot(board, "chair-dashboard-result")
