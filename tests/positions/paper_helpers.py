"""Helpers for paper tests: papers and their text made through the real services."""

from positions.models import Block
from positions.services.coedit import save_block
from positions.services.papers import get_or_create_paper
from tests import factories


def paper_of(committee, iso3: str):
    return get_or_create_paper(delegation=factories.delegation(committee, iso3))


def write(paper, user, texts: dict[str, str]) -> None:
    """Save each section's text as ``user`` (a normal, non-conflicting save)."""
    for block in Block.objects.filter(document=paper.document, title__in=texts):
        save_block(
            block=block,
            user=user,
            text=texts[block.title],
            base_revision_id=block.current_revision_id,
        )
