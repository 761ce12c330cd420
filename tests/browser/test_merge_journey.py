"""Two delegations merge their working papers, on phones: Mexico proposes, China accepts;
Mexico's paper holds both texts, China's says where it went and is read-only."""

import pytest
from playwright.sync_api import expect

from positions.services import resolutions as drafts
from tests import factories
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_two_working_papers_become_one(new_page, live_server, committee, other_delegate):
    chen = factories.make_user("chen_chn", first_name="Chen", last_name="Wei")
    factories.seat_delegate(chen, committee, "CHN")
    a = drafts.create_draft(
        committee=committee,
        title="Drones at borders",
        sponsor=factories.delegation(committee, "MEX"),
        by=None,
    )
    drafts.add_clause(resolution=a, kind="preambulatory", text="Alarmed by drones used by cartels,")
    drafts.add_clause(resolution=a, kind="operative", text="Urges States to share flight data;")
    b = drafts.create_draft(
        committee=committee,
        title="AI and trafficking",
        sponsor=factories.delegation(committee, "CHN"),
        by=None,
    )
    drafts.add_clause(resolution=b, kind="preambulatory", text="Noting the UNODC report on AI,")
    drafts.add_clause(resolution=b, kind="operative", text="Invites States to train officers.")
    base = f"{live_server.url}/c/{committee.slug}/resolutions"

    mexico = new_page(other_delegate, width=390, height=844)
    mexico.goto(f"{base}/{a.pk}/")
    mexico.get_by_role("link", name="Merge another paper into this one").click()
    mexico.get_by_label("AI and trafficking", exact=False).check()
    screenshot(mexico, "merge-choose-phone")
    mexico.get_by_role("button", name="Propose the merge").click()
    expect(mexico.locator(".merge-proposal")).to_contain_text("waiting for its sponsors")

    china = new_page(chen, width=390, height=844)
    china.goto(f"{base}/{b.pk}/")
    expect(china.locator(".merge-proposal")).to_contain_text("Mexico proposes merging this paper")
    china.get_by_role("button", name="Accept the merge").click()
    expect(china.locator(".res-title")).to_have_text("Drones at borders")
    doc = china.locator(".resolution-doc")
    expect(doc).to_contain_text("Noting the UNODC report on AI,")
    expect(doc).to_contain_text("States to train officers.")
    expect(china.locator(".res-support")).to_contain_text("China")
    screenshot(china, "merge-merged-phone")

    china.goto(f"{base}/{b.pk}/")
    expect(china.locator(".merge-note")).to_contain_text("Merged into")
    expect(china.get_by_role("link", name="Edit the draft")).to_have_count(0)
