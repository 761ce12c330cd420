"""The secretariat reads papers and their history in the admin; history cannot be changed."""

from django.urls import reverse

from positions.services import coedit
from positions.services.papers import get_or_create_paper
from tests import factories


def test_admin_lists_papers_and_read_only_history(role_client, committee, delegate):
    paper = get_or_create_paper(delegation=factories.delegation(committee, "USA"))
    block = paper.document.blocks.first()
    outcome = coedit.save_block(block=block, user=delegate, text="Text.", base_revision_id=None)
    client = role_client("admin")
    assert client.get(reverse("admin:positions_paper_changelist")).status_code == 200
    assert client.get(reverse("admin:positions_papersettings_changelist")).status_code == 200
    revision_url = reverse("admin:positions_revision_change", args=[outcome.revision.pk])
    page = client.get(revision_url)
    assert page.status_code == 200 and b"Save" not in page.content
    assert client.post(revision_url, {"text": "rewritten"}).status_code == 403
