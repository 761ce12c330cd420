"""A delegate reading the guide on a phone is told at once when a vote opens for them: over the
event stream where one is open, by polling where streams fail."""

import pytest
from playwright.sync_api import expect

from committees.services import procedure as proc
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _open_vote(committee, chair, title="Motion to close debate"):
    session = proc.open_session(committee=committee, by=chair)
    proc.record_roll(session=session, by=chair, remaining_present=True)
    motion = proc.create_motion(committee=committee, kind="procedural", title=title, by=chair)
    return proc.open_vote(motion=motion, method="electronic", by=chair)


def test_a_vote_opening_alerts_the_delegate_on_any_page(
    settings, new_page, live_server, committee, delegate, chair
):
    # The test server has no event streams (WSGI answers /live/ with 204): the page polls.
    settings.VOTE_ALERT_POLL_MS = 1000
    page = new_page(delegate, width=360, height=780)
    page.goto(f"{live_server.url}/c/{committee.slug}/guide/")
    banner = page.locator("#vote-banner")
    expect(banner).to_be_hidden()
    expect(page.locator("body")).to_have_attribute("data-live", "poll")

    vote = _open_vote(committee, chair)

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


def test_the_alert_follows_the_event_stream(
    settings, new_asgi_page, asgi_server, committee, delegate, chair
):
    # Polls once a minute only: an alert sooner than that came over the stream.
    settings.VOTE_ALERT_POLL_MS = 60_000
    page = new_asgi_page(delegate, width=360, height=780)
    alerts = []
    page.on("request", lambda r: "/votes/alert/" in r.url and alerts.append(r.url))
    page.goto(f"{asgi_server.url}/c/{committee.slug}/guide/")
    expect(page.locator("body")).to_have_attribute("data-live", "stream")
    banner = page.locator("#vote-banner")
    expect(banner).to_be_hidden()

    vote = _open_vote(committee, chair)
    expect(banner).to_contain_text("Vote open for United States", timeout=5_000)
    expect(banner).to_contain_text("Motion to close debate")

    # Voted from another device of the delegation: the alert goes, heard over the stream too.
    proc.cast_ballot(
        vote=vote, delegation=factories.delegation(committee, "USA"), choice="yes", by=delegate
    )
    expect(banner).to_be_hidden(timeout=5_000)
    # One ask when the page opened, then only when the procedure moved (no timer polls).
    assert 2 <= len(alerts) <= 12, alerts


def test_the_alert_polls_when_streams_are_blocked(
    settings, new_asgi_page, asgi_server, committee, delegate, chair
):
    settings.VOTE_ALERT_POLL_MS = 700
    page = new_asgi_page(delegate, width=360, height=780)
    page.route("**/live/**", lambda route: route.abort())
    page.goto(f"{asgi_server.url}/c/{committee.slug}/guide/")
    banner = page.locator("#vote-banner")
    expect(banner).to_be_hidden()
    _open_vote(committee, chair)
    expect(banner).to_contain_text("Vote open for United States", timeout=5_000)
    expect(page.locator("body")).to_have_attribute("data-live", "poll")
