"""A conference's day, as new users live it: the secretariat sets up a second committee from its
guide, seats ten delegations, prints slips and e-mails invitations; a delegate joins on a
phone, records their country's position, goes offline, reloads, keeps typing, and comes back
online with nothing lost."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from committees.models import Committee, StancePosition
from positions.models import Draft, Paper
from tests import factories
from tests.browser.conftest import screenshot
from tests.committees.guide_helpers import DATA

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEN = "Brazil, Germany, India, Nigeria, Pakistan, Thailand, the UK, México, Japan, Kenya"


@pytest.fixture(autouse=True)
def quick_editor(settings):
    settings.PAPER_EDITOR_TIMINGS = {"draft": 300, "share": 800, "poll": 700, "heartbeat": 1000}


def test_secretariat_sets_up_and_a_delegate_joins_on_a_phone(new_page, live_server, admin_user):
    factories.ensure_countries()
    base = live_server.url
    desk = new_page(admin_user)
    desk.on("dialog", lambda dialog: dialog.accept())

    # A second committee, from its guide: the title page fills in its name and topic.
    desk.goto(f"{base}/secretariat/")
    desk.get_by_role("link", name="New committee").click()
    desk.get_by_label("Committee guide").set_input_files(str(DATA / "guide_first_committee.txt"))
    desk.get_by_role("button", name="Create from the guide").click()
    expect(desk.get_by_role("heading", name="Set up GAFC")).to_be_visible()
    expect(desk.get_by_role("textbox", name="Name", exact=True)).to_have_value(
        "General Assembly First Committee"
    )
    expect(desk.get_by_label("Topic")).to_have_value("Lethal Autonomous Weapons")
    expect(desk.locator(".messages")).to_contain_text("Chairs named in the guide: Maria Rossi")

    # Ten delegations, typed loosely.
    desk.get_by_label("Countries").fill(TEN)
    desk.get_by_role("button", name="Seat delegations").click()
    expect(desk.locator(".messages")).to_contain_text("Seated 10 delegations")
    committee = Committee.objects.get(acronym="GAFC")
    assert committee.delegations.count() == 10

    # A personal code for Brazil, e-mailed; slips for the room.
    desk.get_by_role("link", name="Invite codes").first.click()
    desk.get_by_label("Seat").select_option(label="Delegation of Brazil")
    desk.get_by_label("E-mail (optional)").fill("bia@example.org")
    desk.get_by_role("button", name="Create code").click()
    expect(desk.locator(".messages")).to_contain_text("E-mailed it to bia@example.org")
    desk.get_by_label("Seat").select_option(label="Delegation of Japan")
    desk.get_by_label("How many people may use it").fill("2")
    desk.get_by_role("button", name="Create code").click()
    desk.get_by_role("link", name=re.compile("Print slips")).click()
    expect(desk.locator(".slip")).to_have_count(3)  # Brazil's personal code + 2 for Japan
    expect(desk.locator(".slip svg").first).to_be_visible()
    screenshot(desk, "conference-day-slips")

    # A policy question for the committee (the secretariat adds it like a chair).
    desk.goto(f"{base}/c/{committee.slug}/stances/")
    desk.get_by_label("Short label").fill("Human control")
    desk.get_by_label("Question").fill("Should every lethal autonomous weapon keep human control?")
    desk.get_by_role("button", name="Add question").click()
    expect(desk.locator(".messages")).to_contain_text("Added the question")

    # The Brazilian delegate opens the link from the e-mail on a phone.
    (message,) = [m for m in mail.outbox if m.to == ["bia@example.org"]]
    link = re.search(r"https?://\S+/join/\?code=\S+", message.body).group(0)
    phone = new_page(None, width=360, height=780, service_workers="allow")
    phone.on("dialog", lambda dialog: dialog.accept())
    phone.goto(link.replace("http://testserver", base))
    phone.get_by_label("Username").fill("bia_souza")
    phone.get_by_label("First name").fill("Beatriz")
    phone.get_by_label("Last name").fill("Souza")
    phone.get_by_label("E-mail").fill("bia@example.org")
    phone.locator("#id_password1").fill("a-long-delegate-passphrase")
    phone.locator("#id_password2").fill("a-long-delegate-passphrase")
    phone.get_by_role("button", name="Create account and join").click()
    expect(phone.locator(".messages")).to_contain_text("Delegate of Brazil in GAFC")

    # Brazil records where it stands.
    phone.goto(f"{base}/c/{committee.slug}/stances/")
    phone.get_by_role("button", name="Start Brazil's profile").click()
    phone.get_by_role("link", name="Edit Human control").click()
    phone.get_by_label("Supports").check()
    phone.get_by_label("Rationale").fill("Brazil insists on meaningful human control.")
    phone.get_by_role("button", name="Save").click()
    expect(phone.get_by_text("Recorded by the delegation of Brazil")).to_be_visible()
    position = StancePosition.objects.get(profile__country__iso3="BRA")
    assert position.declared and position.stance == "supports"

    # The position paper, with bad Wi-Fi.
    phone.get_by_role("link", name="Position paper").click()
    expect(phone.locator("#sync-state")).to_be_visible()
    phone.wait_for_function(
        "() => navigator.serviceWorker && navigator.serviceWorker.controller !== null",
        timeout=20_000,
    )
    phone.reload()  # under the worker: a copy of the editor is kept on the phone
    phone.wait_for_load_state("networkidle")
    box = phone.locator("#block-background [data-role=input]")
    phone.context.set_offline(True)
    box.click()
    phone.keyboard.type("Brazil chairs the regional dialogue.")
    expect(phone.locator("#offline-banner")).to_be_visible()
    phone.reload()
    offer = phone.locator("#block-background [data-role=offer]")
    expect(offer).to_contain_text("Brazil chairs the regional dialogue.")
    offer.get_by_role("button", name="Restore it").click()
    box.press("End")
    phone.keyboard.type(" It funds training.")
    screenshot(phone, "conference-day-offline-editor")
    phone.context.set_offline(False)
    box.blur()  # leaving the section shares it as soon as the connection allows
    paper = Paper.objects.get(delegation__committee=committee, delegation__country__iso3="BRA")
    wanted = "Brazil chairs the regional dialogue. It funds training."

    def kept_on_server() -> bool:
        # Shared with the delegation, or at least held as the person's own draft.
        block = paper.document.blocks.get(key="background")
        return block.text == wanted or Draft.objects.filter(block=block, text=wanted).exists()

    for _ in range(40):  # the queued save goes out once the phone is back online
        if kept_on_server():
            break
        phone.wait_for_timeout(500)
    assert kept_on_server()

    # The secretariat's overview shows the new committee at work.
    desk.goto(f"{base}/secretariat/")
    row = desk.locator("tr", has_text="GAFC")
    expect(row).to_contain_text("10 members")
    expect(row).to_contain_text("1 delegate")
