"""A delegate reading the guide on a phone is told at once when a vote opens for them."""

import pytest
from playwright.sync_api import expect

from committees.services import procedure as proc
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_vote_opening_alerts_the_delegate_on_any_page(
    new_page, live_server, committee, delegate, chair
):
    page = new_page(delegate, width=360, height=780)
    page.goto(f"{live_server.url}/c/{committee.slug}/guide/")
    banner = page.locator("#vote-banner")
    expect(banner).to_be_hidden()

    session = proc.open_session(committee=committee, by=chair)
    proc.record_roll(session=session, by=chair, remaining_present=True)
    motion = proc.create_motion(
        committee=committee, kind="procedural", title="Motion to close debate", by=chair
    )
    vote = proc.open_vote(motion=motion, method="electronic", by=chair)

    expect(banner).to_contain_text("Vote open for United States", timeout=15_000)
    expect(banner).to_contain_text("Motion to close debate")
    expect(banner).to_have_attribute("role", "alert")
    banner.get_by_role("link", name="Vote now").click()
    page.wait_for_url(f"**/c/{committee.slug}/votes/")
    page.get_by_role("button", name="Yes").click()
    page.get_by_role("button", name="Confirm: vote yes").click()  # a ballot is final
    expect(page.locator("#ballot-box")).to_contain_text("United States voted yes")
    # Once the delegation has voted, the alert goes away on its own.
    expect(page.locator("#vote-banner")).to_be_hidden(timeout=15_000)
    assert vote.ballots.filter(delegation=factories.delegation(committee, "USA")).exists()
