"""The ballot shows what is voted on: the draft's symbol with a link to its text, or the
amended clause as tracked changes (through committees' motion-subject extension point)."""

from django.urls import reverse

from committees.services import procedure as proc
from positions.services import amendments as amendments_service
from positions.services import resolutions as drafts
from tests import factories
from tests.positions.resolution_factory import introduced_draft, roll_everyone_present


def votes_page(client, committee):
    return client.get(reverse("committees:votes", args=[committee.slug])).content.decode()


def test_a_vote_on_a_draft_links_to_its_text(role_client, committee, chair):
    resolution = introduced_draft(committee)
    roll_everyone_present(committee, chair)
    drafts.put_to_vote(resolution=resolution, by=chair)
    resolution.refresh_from_db()
    proc.open_vote(motion=resolution.motion, method="electronic", by=chair)
    page = votes_page(role_client("delegate"), committee)
    detail = reverse("resolutions:detail", args=[committee.slug, resolution.pk])
    assert f'href="{detail}"' in page
    assert f"Read {resolution.display_symbol} in full" in page


def test_a_vote_on_an_amendment_shows_the_tracked_changes(role_client, committee, chair):
    resolution = introduced_draft(committee)
    clause = resolution.clauses.filter(kind="operative").first()
    amendment = amendments_service.propose(
        resolution=resolution,
        delegation=factories.delegation(committee, "USA"),
        kind="modify",
        clause=clause,
        text=clause.text.replace("share information", "exchange intelligence"),
        friendly=False,
        by=None,
    )
    amendments_service.sign(
        amendment=amendment, delegation=factories.delegation(committee, "FRA"), by=None
    )
    amendments_service.approve_for_debate(amendment=amendment, by=chair)
    roll_everyone_present(committee, chair)
    amendment.refresh_from_db()
    proc.open_vote(motion=amendment.motion, method="electronic", by=chair)
    page = votes_page(role_client("delegate"), committee)
    assert "<del>share information</del>" in page
    assert "<ins>exchange intelligence</ins>" in page
    assert "proposed by United States" in page
