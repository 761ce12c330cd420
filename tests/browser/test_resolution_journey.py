"""A draft resolution from working paper to adopted text, in real browser windows: sponsors
draft, another delegation signs, the chair approves, an amendment is voted electronically from
two delegates' windows, the draft is adopted and exported."""

import re

import docx
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def run_electronic_vote(board, base, voters, page_url):
    """The chair opens the queued motion's vote, each delegate votes yes from the resolution
    page, the chair closes it. Windows wait on a blank page while they are not needed: the
    test database is SQLite, where many polling windows at once can lock a table."""
    for page in voters:
        page.goto("about:blank")
    board.goto(f"{base}/chair/")
    board.get_by_role("button", name="Open vote").first.click()
    expect(board.locator("#vote-tally")).to_be_visible()
    board.goto("about:blank")
    for page in voters:
        page.goto(page_url)
        box = page.locator("#ballot-box")
        # The ballot shows what is voted on: tracked changes or the draft's symbol and link.
        expect(box.locator(".ballot__subject")).to_be_visible()
        box.get_by_role("button", name="Yes").click()
        box.get_by_role("button", name="Confirm: vote yes").click()
        expect(box).to_contain_text("voted yes")
        page.goto("about:blank")
    board.goto(f"{base}/chair/")
    board.get_by_role("button", name="Close vote").click()
    expect(board.locator("#vote-history")).to_contain_text("passes")


def test_a_resolution_from_working_paper_to_adopted_text(
    new_page, live_server, committee, chair, delegate, other_delegate
):
    base = f"{live_server.url}/c/{committee.slug}"

    # Mexico starts a working paper and drafts it clause by clause.
    mexico = new_page(other_delegate)
    mexico.on("dialog", lambda dialog: dialog.accept())
    mexico.goto(f"{base}/resolutions/")
    mexico.get_by_label("Title").fill("Countering AI-enabled border evasion")
    mexico.get_by_role("button", name="Create, sponsored by Mexico").click()
    expect(
        mexico.get_by_role("heading", name="Drafting: Countering AI-enabled border evasion")
    ).to_be_visible()
    mexico.evaluate("window.__sameDocument = true")  # gone if the page reloads
    for kind, text in (
        ("Preambulatory", "Alarmed by the use of drones by cartels to cross borders,"),
        ("Operative", "Calls upon Member States to share information on smuggling drones;"),
        ("Operative", "Decides to ban commercial drones near borders."),
        ("Preambulatory", "Noting the reports of border agencies,"),
    ):
        count = mexico.locator("#draft-clauses > .draft-clause").count()
        mexico.locator("#add-clause").get_by_label(kind, exact=False).check()
        mexico.locator("#new-clause").fill(text)
        mexico.get_by_role("button", name="Add clause").click()
        expect(mexico.locator("#draft-clauses > .draft-clause")).to_have_count(count + 1)
        expect(mexico.locator("#add-clause-status")).to_contain_text("Clause added")
        expect(mexico.locator("#new-clause")).to_have_value("")
    # Added in place, without a reload; the late preambulatory clause joined the preamble.
    assert mexico.evaluate("window.__sameDocument") is True
    clauses = mexico.locator("#draft-clauses > .draft-clause")
    expect(clauses.nth(1).locator("textarea").first).to_have_value(
        "Noting the reports of border agencies,"
    )
    # The checker explains, at the clause, that a UNODC body cannot "decide" a ban.
    decides = clauses.nth(3)
    expect(decides.locator(".draft-clause__status")).to_contain_text("is for the Security Council")
    # An edit waiting in another clause survives saving this one (no reload).
    clauses.nth(0).locator("textarea").first.fill("Alarmed by drones used by cartels,")
    decides.locator("textarea").first.fill(
        "Recommends that Member States restrict commercial drones near borders."
    )
    decides.get_by_role("button", name="Save clause").click()
    expect(decides.locator(".draft-clause__status")).to_contain_text("Saved")
    expect(decides.locator(".draft-clause__status")).not_to_contain_text("Security Council")
    expect(clauses.nth(0).locator("textarea").first).to_have_value(
        "Alarmed by drones used by cartels,"
    )
    assert mexico.evaluate("window.__sameDocument") is True
    clauses.nth(0).get_by_role("button", name="Save clause").click()
    expect(clauses.nth(0).locator(".draft-clause__status")).to_contain_text("Saved")
    mexico.reload()
    expect(mexico.locator(".lint")).to_have_count(0)
    screenshot(mexico, "resolution-drafting")

    # The United States signs from its own window; the threshold updates.
    usa = new_page(delegate, width=370, height=800)
    mexico.get_by_role("link", name="Working paper").click()
    usa.goto(mexico.url)
    usa.get_by_role("button", name="Sign for United States").click()
    expect(usa.locator("#resolution-live")).to_contain_text("United States")
    expect(usa.locator(".threshold")).to_contain_text("enough support")

    mexico.reload()
    mexico.get_by_role("button", name="Submit to the chair").click()
    expect(mexico.locator(".pill").first).to_contain_text("Submitted")

    # The chair approves (symbol) and introduces the draft.
    board = new_page(chair)
    board.on("dialog", lambda dialog: dialog.accept())
    board.goto(mexico.url)
    board.get_by_role("button", name="Approve and assign a symbol").click()
    expect(board.locator(".res-head")).to_contain_text("UNODC/1/DR.1")
    board.get_by_role("button", name="Introduce").click()
    expect(board.locator(".res-head")).to_contain_text("Introduced")

    # The United States proposes an unfriendly amendment; Mexico signs it.
    usa.reload()
    usa.get_by_role("link", name="Amend clause 1").click()
    usa.get_by_label("The clause as it should read").fill(
        "Calls upon Member States to share information on smuggling drones and AI tools;"
    )
    usa.get_by_label("Unfriendly").check()
    usa.get_by_role("button", name="Propose").click()
    expect(usa.locator(".amendment ins")).to_contain_text("and AI tools")
    screenshot(usa, "resolution-amendment-phone")
    mexico.reload()
    mexico.locator(".amendment").get_by_role("button", name="Sign").click()
    expect(mexico.locator(".amendment")).to_contain_text(re.compile("enough signatures", re.I))

    # The chair approves it for debate; the vote runs from the dashboard.
    board.reload()
    board.get_by_role("button", name="Approve for debate").click()
    expect(board.locator(".amendment")).to_contain_text("Approved for debate")
    board.goto(f"{base}/chair/")
    board.get_by_role("button", name="Open a session").click()
    board.get_by_role("button", name="Everyone not yet called is present").click()
    draft_url = mexico.url
    run_electronic_vote(board, base, [usa, mexico], draft_url)
    board.goto(draft_url)
    expect(board.locator(".resolution-doc")).to_contain_text("smuggling drones and AI tools;")

    # The draft as a whole is put to the vote and adopted: it becomes final.
    board.get_by_role("button", name="Put the draft to the vote").click()
    run_electronic_vote(board, base, [usa, mexico], draft_url)
    board.goto(draft_url)
    expect(board.locator(".res-head")).to_contain_text("Adopted")
    expect(board.get_by_role("button", name="Amend clause 1")).to_have_count(0)
    screenshot(board, "resolution-adopted")

    with board.expect_download() as download:
        board.get_by_role("link", name="DOCX").click()
    document = docx.Document(str(download.value.path()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "UNODC/1/DR.1" in text and "Sponsors: Mexico" in text
    assert "Signatories: United States" in text
    assert (
        "1.\tCalls upon Member States to share information on smuggling drones and AI tools;"
        in text
    )
