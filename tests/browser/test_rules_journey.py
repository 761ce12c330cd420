"""A chair sets the committee's rules in the editor, then runs a hybrid electronic vote: three
delegations vote from their phones, the chair enters the other eight."""

import pytest
from playwright.sync_api import expect

from committees.models import Country, Delegation
from tests import factories
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MORE = ("BRA", "EGY", "GBR", "RUS", "IND", "ZAF", "JPN")


def test_chair_sets_the_rules_then_runs_a_hybrid_vote(
    new_page, live_server, committee, chair, delegate, other_delegate
):
    for iso3 in MORE:
        Delegation.objects.create(committee=committee, country=Country.objects.get(iso3=iso3))
    china = factories.make_user("wei_chn", first_name="Wei", last_name="Zhang")
    factories.seat_delegate(china, committee, "CHN")
    base = f"{live_server.url}/c/{committee.slug}"

    # The rules editor: every setting in words, sample votes that follow the answers.
    editor = new_page(chair)
    editor.goto(f"{base}/rules/")
    preview = editor.locator("#rules-preview")
    expect(preview).to_contain_text("11 members: 7 yes, 4 no → passes")
    editor.get_by_label("Votes on amendments need").select_option("simple_present")
    expect(preview).to_contain_text("a majority of the 11 members present")
    editor.get_by_label("Procedural votes (motions): delegations may abstain").uncheck()
    expect(preview).to_contain_text(
        "Procedural votes: simple majority of those present and voting; no abstentions."
    )
    editor.evaluate("window.scrollTo(0, 0)")  # the preview sticks beside the form
    screenshot(editor, "rules-editor-desktop")
    editor.get_by_role("button", name="Save the rules").click()
    expect(editor.get_by_text("The rules are saved")).to_be_visible()
    phone = new_page(delegate, width=390, height=800)
    phone.goto(f"{base}/rules/")
    expect(
        phone.get_by_text("Amendment votes: majority of the members present; abstentions allowed.")
    ).to_be_visible()
    screenshot(phone, "rules-delegate-phone")

    # A hybrid electronic vote on an amendment.
    board = new_page(chair)
    board.on("dialog", lambda dialog: dialog.accept())
    board.goto(f"{base}/chair/")
    board.get_by_role("button", name="Open a session").click()
    board.get_by_role("button", name="Everyone not yet called is present").click()
    expect(board.get_by_text("Quorum: 11 of 11 members present")).to_be_visible()
    board.get_by_text("Add a motion to the queue").click()
    board.get_by_label("Kind of vote").select_option("amendment")
    board.locator("#motion-title").fill("Amendment to operative clause 4")
    board.get_by_role("button", name="Add to queue").click()
    board.get_by_role("button", name="Open vote").click()
    expect(board.locator("#vote-tally")).to_contain_text("11 of 11 still to vote")

    for user, choice in ((delegate, "Yes"), (other_delegate, "Yes"), (china, "No")):
        device = new_page(user, width=390, height=800)
        device.goto(f"{base}/votes/")
        device.get_by_role("button", name=choice, exact=True).click()
        device.get_by_role("button", name=f"Confirm: vote {choice.lower()}").click()
        expect(device.locator("#ballot-box")).to_contain_text(f"voted {choice.lower()}")
    expect(board.locator("#vote-tally")).to_contain_text("3 on devices · 0 entered by the chair")

    entries = {
        "Brazil": "yes",
        "Egypt": "no",
        "France": "abstain",
        "India": "yes",
        "Japan": "yes",
        "Russian Federation": "no",
        "South Africa": "yes",
        "United Kingdom": "abstain",
    }
    for name, choice in entries.items():
        board.get_by_role("button", name=f"Record {name}: {choice}").click()
        expect(board.get_by_text(f"Recorded for {name}")).to_be_visible()
    expect(board.locator("#vote-tally")).to_contain_text("3 on devices · 8 entered by the chair")
    screenshot(board, "hybrid-vote-chair")
    board.get_by_role("button", name="Close vote").click()
    # 6 yes of 11 members present: a majority of the members present is 6.
    expect(board.locator("#open-vote")).to_contain_text(
        "passes: 6 yes, 3 no, 2 abstentions — a majority of the 11 members present is 6"
    )
