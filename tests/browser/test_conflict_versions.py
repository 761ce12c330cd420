"""A person whose saves clashed several times sees every one of their texts and takes one."""

import pytest
from playwright.sync_api import expect

from positions.models import Block
from positions.services import coedit
from positions.services.papers import get_or_create_paper
from tests import factories
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [390, 1280])
def test_earlier_conflicted_texts_are_listed_and_one_can_be_taken(
    new_page, live_server, committee, delegate, width
):
    teammate = factories.make_user("james_usa", first_name="James", last_name="Brooks")
    factories.seat_delegate(teammate, committee, "USA")
    paper = get_or_create_paper(delegation=factories.delegation(committee, "USA"))
    block = paper.document.blocks.get(key="background")
    base = coedit.save_block(
        block=block, user=delegate, text="Cartels use AI to plan routes.", base_revision_id=None
    )
    coedit.save_block(
        block=block,
        user=teammate,
        text="Cartels misuse AI to plan routes.",
        base_revision_id=base.revision.pk,
    )
    for verb in ("exploit", "abuse", "weaponise"):
        outcome = coedit.save_block(
            block=block,
            user=delegate,
            text=f"Cartels {verb} AI to plan routes.",
            base_revision_id=base.revision.pk,
        )
        assert outcome.status == "conflict"
    page = new_page(delegate, width=width)
    page.goto(f"{live_server.url}/c/{committee.slug}/papers/{paper.pk}/")
    section = page.locator(f"#block-{block.key}")
    expect(section.get_by_text("Your earlier texts for this section (2)")).to_be_visible()
    section.locator(".conflict__version").first.scroll_into_view_if_needed()
    screenshot(page, f"paper-conflict-versions-{width}")
    earliest = section.locator(".conflict__version").last
    expect(earliest).to_contain_text("Cartels exploit AI")
    earliest.get_by_role("button", name="Take this text").click()
    expect(page.locator(f"#block-{block.key} .conflict")).to_have_count(0)
    assert Block.objects.get(pk=block.pk).text == "Cartels exploit AI to plan routes."
