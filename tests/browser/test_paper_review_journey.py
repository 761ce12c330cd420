"""A delegation submits its paper; the chair scores it, releases the feedback; the delegate reads it."""

import pytest
from playwright.sync_api import expect

from positions.services import review
from tests.browser.conftest import screenshot
from tests.positions.paper_helpers import paper_of, write

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_chair_scores_and_releases_feedback_the_delegate_then_reads(
    new_page, live_server, committee, chair, delegate, other_delegate
):
    paper = paper_of(committee, "USA")
    write(
        paper,
        delegate,
        {
            "Background": "Cartels use **AI** to plan routes ([UNODC](https://www.unodc.org)).",
            "Country policy": "The United States funds border technology.",
        },
    )
    review.submit_paper(paper=paper, user=delegate)
    mexico = paper_of(committee, "MEX")
    write(mexico, other_delegate, {"Background": "Mexico drafts."})
    base = f"{live_server.url}/c/{committee.slug}/papers"

    board = new_page(chair)
    board.goto(f"{base}/review/")
    expect(board.locator(".state-tally")).to_contain_text("1 Submitted")
    expect(board.get_by_role("row", name="Mexico")).to_contain_text("Draft")
    screenshot(board, "paper-review-overview")
    board.get_by_role("row", name="United States").get_by_role("link", name="Review").click()
    expect(board.get_by_role("heading", name="Background")).to_be_visible()
    board.get_by_label("Research (max 10)").fill("8")
    board.get_by_label("Country policy accuracy (max 10)").fill("9")
    board.get_by_label("Solutions (max 10)").fill("6")
    board.get_by_label("Writing (max 10)").fill("7")
    board.get_by_label("Comment").fill("Strong research; make the solutions concrete.")
    board.get_by_role("button", name="Save review").click()
    expect(board.get_by_text("Review saved.")).to_be_visible()
    expect(board.get_by_role("heading", name="Score: 30/40")).to_be_visible()

    usa = new_page(delegate, width=370, height=800)
    usa.goto(f"{base}/{paper.pk}/submission/")
    expect(usa.get_by_text("The chair has not released feedback yet.")).to_be_visible()

    board.get_by_role("button", name="Release feedback").click()
    expect(board.get_by_text("Feedback released to the delegation.")).to_be_visible()
    screenshot(board, "paper-review-chair")

    usa.reload()
    expect(usa.get_by_text("Strong research; make the solutions concrete.")).to_be_visible()
    expect(usa.locator(".rubric-table")).to_contain_text("30 / 40")
    screenshot(usa, "paper-feedback-phone")
