"""Two delegates co-writing one position paper in two browsers: nothing either types is lost."""

import contextlib
import re
import time

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from positions.models import Draft
from positions.services import coedit
from positions.services.papers import get_or_create_paper
from tests import factories
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHARED = re.compile(r"Saved — shared with your delegation")


@pytest.fixture(autouse=True)
def quick_editor(settings):
    # Same behaviour, shorter waits: the suite must stay fast.
    settings.PAPER_EDITOR_TIMINGS = {"draft": 300, "share": 800, "poll": 700, "heartbeat": 1000}


@pytest.fixture
def teammate(committee):
    user = factories.make_user("james_usa", first_name="James", last_name="Brooks")
    factories.seat_delegate(user, committee, "USA")
    return user


@pytest.fixture
def paper(committee):
    return get_or_create_paper(delegation=factories.delegation(committee, "USA"))


def open_paper(page, live_server, paper):
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"{live_server.url}/c/{paper.committee.slug}/papers/{paper.pk}/")
    expect(page.locator("#sync-state")).to_be_visible()
    page.wait_for_load_state("networkidle")
    return page


def field(page, key):
    return page.locator(f"#block-{key} [data-role=input]")


def wait_shared(page, key):
    expect(page.locator(f"#block-{key} [data-role=state]")).to_have_text(SHARED, timeout=15_000)


def text_of(paper, key) -> str:
    block = paper.document.blocks.get(key=key)
    return block.text


def test_two_delegates_edit_different_sections_then_the_same_one_and_both_are_kept(
    new_page, live_server, paper, delegate, teammate
):
    emily = open_paper(new_page(delegate), live_server, paper)
    james = open_paper(new_page(teammate), live_server, paper)
    field(emily, "background").click()
    emily.keyboard.type("Cartels use drones to cross the border.")
    field(james, "country-policy").click()
    james.keyboard.type("The United States invests in AI-based surveillance.")
    wait_shared(emily, "background")
    wait_shared(james, "country-policy")
    # Each sees the other's section arrive live, without reloading.
    expect(field(emily, "country-policy")).to_have_value(
        "The United States invests in AI-based surveillance.", timeout=6_000
    )
    expect(field(james, "background")).to_have_value(
        "Cartels use drones to cross the border.", timeout=6_000
    )
    expect(emily.locator("#presence")).to_contain_text("James Brooks (United States)")
    screenshot(emily, "paper-two-windows-emily")
    screenshot(james, "paper-two-windows-james")
    assert text_of(paper, "background") == "Cartels use drones to cross the border."
    assert text_of(paper, "country-policy") == "The United States invests in AI-based surveillance."

    # Then both type into the same section at once, in different places: it merges.
    field(emily, "background").click()
    field(james, "background").click()
    emily.keyboard.press("Control+Home")
    emily.keyboard.type("Today, ")
    james.keyboard.press("Control+End")
    james.keyboard.type(" Data is shared.")
    wait_shared(emily, "background")
    wait_shared(james, "background")
    final = text_of(paper, "background")
    assert final == "Today, Cartels use drones to cross the border. Data is shared."
    field(emily, "background").blur()
    field(james, "background").blur()
    expect(field(emily, "background")).to_have_value(final, timeout=8_000)
    expect(field(james, "background")).to_have_value(final, timeout=8_000)


def test_overlapping_edits_show_the_conflict_view_and_nothing_is_lost(
    new_page, live_server, paper, delegate, teammate
):
    block = paper.document.blocks.get(key="background")
    coedit.save_block(block=block, user=delegate, text="Cartels use AI.", base_revision_id=None)
    emily = open_paper(new_page(delegate), live_server, paper)
    james = open_paper(new_page(teammate), live_server, paper)
    # James is typing (his text is not shared yet: it waits for a quiet moment) when Emily
    # changes the same word and leaves the box, which shares hers at once. A section with
    # unsynced text is never updated under the person's hands, so his save meets hers.
    field(james, "background").click()
    james.keyboard.press("Control+A")
    james.keyboard.type("Cartels exploit AI.")
    field(emily, "background").fill("Cartels misuse AI.")
    field(emily, "background").blur()
    wait_shared(emily, "background")
    conflict = james.locator("#block-background [data-role=conflict]")
    expect(conflict).to_be_visible(timeout=15_000)
    expect(conflict.locator("[data-role=mine]")).to_have_text("Cartels exploit AI.")
    expect(conflict.locator("[data-role=theirs]")).to_have_text("Cartels misuse AI.")
    assert text_of(paper, "background") == "Cartels misuse AI."
    assert Draft.objects.get(block=block, user=teammate).text == "Cartels exploit AI."
    screenshot(james, "paper-conflict")
    james.set_viewport_size({"width": 370, "height": 800})
    screenshot(james, "paper-conflict-phone")
    james.set_viewport_size({"width": 1280, "height": 900})
    # Edit the merge: the proposal holds both versions; keep a combination.
    merge_box = conflict.locator("[data-role=merge-input]")
    expect(merge_box).to_have_value(re.compile("exploit.*misuse", re.S))
    merge_box.fill("Cartels exploit and misuse AI.")
    conflict.get_by_role("button", name="Save this version").click()
    expect(field(james, "background")).to_have_value("Cartels exploit and misuse AI.")
    assert text_of(paper, "background") == "Cartels exploit and misuse AI."
    assert not Draft.objects.filter(block=block, user=teammate).exists()
    expect(field(emily, "background")).to_have_value(
        "Cartels exploit and misuse AI.", timeout=8_000
    )


def test_the_focused_field_takes_polled_changes_in_place_and_keeps_its_caret(
    new_page, live_server, paper, delegate, teammate
):
    emily = open_paper(new_page(delegate), live_server, paper)
    box = field(emily, "country-policy")
    box.click()
    emily.keyboard.type("We support the PCCP.")
    wait_shared(emily, "country-policy")
    emily.keyboard.press("ArrowLeft")
    emily.keyboard.press("ArrowLeft")
    caret = box.evaluate("el => el.selectionStart")
    policy = paper.document.blocks.get(key="country-policy")
    coedit.save_block(
        block=policy,
        user=teammate,
        text="We support the PCCP.\n\nJames adds a paragraph.",
        base_revision_id=policy.current_revision_id,
    )
    other = paper.document.blocks.get(key="background")
    coedit.save_block(
        block=other, user=teammate, text="Background by James.", base_revision_id=None
    )
    # Polls arrive (no event stream on this server): both sections update; the focused one
    # in place, with the caret where it was.
    expect(field(emily, "background")).to_have_value("Background by James.", timeout=6_000)
    expect(box).to_have_value("We support the PCCP.\n\nJames adds a paragraph.", timeout=6_000)
    assert box.evaluate("el => el.selectionStart") == caret
    assert box.evaluate("el => document.activeElement === el")
    # Typing on shares on top of their paragraph without losing a letter.
    emily.keyboard.type("!")
    wait_shared(emily, "country-policy")
    assert text_of(paper, "country-policy") == "We support the PCC!P.\n\nJames adds a paragraph."
    expect(box).to_have_value("We support the PCC!P.\n\nJames adds a paragraph.")
    assert box.evaluate("el => el.selectionStart") == caret + 1


def test_a_section_being_typed_in_is_left_alone_with_a_notice(
    settings, new_page, live_server, paper, delegate, teammate
):
    settings.PAPER_EDITOR_TIMINGS = {"draft": 300, "share": 60_000, "poll": 700, "heartbeat": 1000}
    emily = open_paper(new_page(delegate), live_server, paper)
    box = field(emily, "country-policy")
    box.click()
    emily.keyboard.type("Not shared yet.")
    policy = paper.document.blocks.get(key="country-policy")
    coedit.save_block(block=policy, user=teammate, text="James's words.", base_revision_id=None)
    expect(emily.locator("#block-country-policy [data-role=notice]")).to_contain_text(
        "changed this section — your save will merge", timeout=6_000
    )
    time.sleep(1.5)  # more polls: still left alone
    assert box.input_value() == "Not shared yet."


def test_text_typed_offline_survives_a_reload(new_page, live_server, paper, delegate):
    page = open_paper(new_page(delegate), live_server, paper)
    dialogs = []
    page.on("dialog", lambda dialog: dialogs.append(dialog.type))
    page.context.set_offline(True)
    field(page, "proposed-solutions").click()
    page.keyboard.type("Fund border scanners for transit states.")
    expect(page.locator("#sync-state")).to_contain_text("Offline — kept on this device")
    with contextlib.suppress(PlaywrightError):  # no network: the reload itself fails
        page.reload()
    assert "beforeunload" in dialogs  # the browser warned before leaving unsynced text
    page.context.set_offline(False)
    open_paper(page, live_server, paper)
    # Either the browser delivered the queued save once back online, or this device's copy
    # is offered back: in both cases the text is there.
    box = field(page, "proposed-solutions")
    offer = page.locator("#block-proposed-solutions [data-role=offer]")
    if offer.is_visible():
        offer.get_by_role("button", name="Restore it").click()
        wait_shared(page, "proposed-solutions")
    expect(box).to_have_value("Fund border scanners for transit states.")
    assert text_of(paper, "proposed-solutions") == "Fund border scanners for transit states."


def test_text_the_server_never_got_is_offered_back(new_page, live_server, paper, delegate):
    page = open_paper(new_page(delegate), live_server, paper)
    # The server is unreachable for this window's saves (a dropped connection).
    # (On the whole context: closing the page takes the focus out of the field, which shares
    # it, and a route of the closing page alone may already be gone by then.)
    saves = re.compile(r".*/sections/\d+/(save|draft)/$")
    context = page.context
    context.route(saves, lambda route: route.abort())
    field(page, "bibliography").click()
    page.keyboard.type("UNODC, World Drug Report 2024.")
    expect(page.locator("#sync-state")).to_contain_text("Offline — kept on this device")
    page.close()
    context.unroute(saves)
    again = open_paper(context.new_page(), live_server, paper)
    offer = again.locator("#block-bibliography [data-role=offer]")
    expect(offer).to_contain_text("UNODC, World Drug Report 2024.")
    expect(field(again, "bibliography")).to_have_js_property("readOnly", True)
    expect(again.locator("#sync-state")).to_contain_text("Unsaved text found")
    screenshot(again, "paper-restore-offer")
    offer.get_by_role("button", name="Restore it").click()
    expect(field(again, "bibliography")).to_have_value("UNODC, World Drug Report 2024.")
    wait_shared(again, "bibliography")
    assert text_of(paper, "bibliography") == "UNODC, World Drug Report 2024."


def test_a_save_whose_answer_was_lost_then_typed_on_is_saved_without_a_conflict(
    new_page, live_server, paper, delegate
):
    page = open_paper(new_page(delegate), live_server, paper)
    saves = re.compile(r".*/sections/\d+/save/$")
    lost = []

    def deliver_then_drop(route):
        # The request reaches the server and is committed; the answer never comes back.
        route.fetch()
        lost.append(route.request.url)
        route.abort()

    page.route(saves, deliver_then_drop)
    field(page, "proposed-solutions").click()
    page.keyboard.type("Fund border scanners for transit states.")
    page.wait_for_function(
        "() => document.querySelector('#block-proposed-solutions [data-role=state]').dataset.state === 'offline'"
    )
    assert (
        lost and text_of(paper, "proposed-solutions") == "Fund border scanners for transit states."
    )
    page.unroute(saves)
    page.keyboard.type(" And train officers.")
    wait_shared(page, "proposed-solutions")
    assert text_of(paper, "proposed-solutions") == (
        "Fund border scanners for transit states. And train officers."
    )
    expect(page.locator("#block-proposed-solutions [data-role=conflict]")).to_have_count(0)


def test_history_shows_who_changed_what(new_page, live_server, paper, delegate, teammate):
    block = paper.document.blocks.get(key="background")
    first = coedit.save_block(
        block=block, user=delegate, text="Cartels use AI to evade controls.", base_revision_id=None
    )
    coedit.save_block(
        block=block,
        user=teammate,
        text="Cartels use generative AI to evade border controls.",
        base_revision_id=first.revision.pk,
    )
    page = open_paper(new_page(delegate), live_server, paper)
    page.locator("#block-background").get_by_role("link", name="History").click()
    expect(page.get_by_role("heading", name="History of “Background”")).to_be_visible()
    diff = page.locator("#history-diff")
    expect(diff.locator(".diff ins")).to_have_count(2)
    expect(diff).to_contain_text("James Brooks")
    screenshot(page, "paper-history")
    page.set_viewport_size({"width": 370, "height": 800})
    screenshot(page, "paper-history-phone")


def test_two_mexican_delegates_type_at_once_one_drops_offline_and_nothing_is_lost(
    new_page, live_server, committee
):
    """The issue's "done when": every word both typed ends in the paper or in a shown draft."""
    ana = factories.make_user("ana_mex", first_name="Ana", last_name="García")
    luis = factories.make_user("luis_mex2", first_name="Luis", last_name="Hernández")
    for user in (ana, luis):
        factories.seat_delegate(user, committee, "MEX")
    paper = get_or_create_paper(delegation=factories.delegation(committee, "MEX"))
    policy = paper.document.blocks.get(key="country-policy")
    coedit.save_block(
        block=policy, user=ana, text="Mexico cooperates with UNODC.", base_revision_id=None
    )
    ana_page = open_paper(new_page(ana), live_server, paper)
    luis_page = open_paper(new_page(luis), live_server, paper)
    field(ana_page, "country-policy").click()
    field(luis_page, "country-policy").click()
    luis_page.context.set_offline(True)
    ana_page.keyboard.press("Control+Home")
    ana_page.keyboard.type("Since 2019, ")
    luis_page.keyboard.press("Control+End")
    luis_page.keyboard.type(" Cartels use drones.")
    field(luis_page, "background").click()
    luis_page.keyboard.type("Mexico is a transit country.")
    expect(luis_page.locator("#sync-state")).to_contain_text(
        "Offline — kept on this device", timeout=10_000
    )
    wait_shared(ana_page, "country-policy")
    luis_page.context.set_offline(False)
    expect(luis_page.locator("#sync-state")).to_have_text(re.compile("Saved"), timeout=15_000)

    policy_text = text_of(paper, "country-policy")
    assert policy_text == "Since 2019, Mexico cooperates with UNODC. Cartels use drones."
    assert text_of(paper, "background") == "Mexico is a transit country."
    assert not Draft.objects.filter(block__document=paper.document).exists()
    expect(field(ana_page, "background")).to_have_value(
        "Mexico is a transit country.", timeout=10_000
    )
