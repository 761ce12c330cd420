"""Writes for position papers (creating them; their text is written through ``services.coedit``)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from committees.models import Delegation
from positions.models import Paper, PaperSettings

from . import coedit, review


def section_keys(titles: list[str]) -> list[tuple[str, str]]:
    """Stable, unique block keys for section titles: ``"Country policy"`` -> ``"country-policy"``."""
    pairs: list[tuple[str, str]] = []
    taken: set[str] = set()
    for index, title in enumerate(titles):
        base = slugify(title)[:70] or f"section-{index + 1}"
        key, n = base, 2
        while key in taken:
            key, n = f"{base}-{n}", n + 1
        taken.add(key)
        pairs.append((key, title))
    return pairs


def get_or_create_paper(*, delegation: Delegation, topic: str = "") -> Paper:
    """The delegation's paper for its committee (and ``topic``), created on first use with one
    empty section per title of the committee's ``PaperSettings.section_titles``.

    Safe when two delegates open the paper at the same moment: one creates, both get it.
    """
    committee = delegation.committee
    existing = Paper.objects.filter(committee=committee, delegation=delegation, topic=topic).first()
    if existing is not None:
        return existing
    titles = PaperSettings.for_committee(committee).section_titles or []
    try:
        with transaction.atomic():
            document = coedit.create_document(blocks=section_keys(titles))
            return Paper.objects.create(
                committee=committee, delegation=delegation, topic=topic, document=document
            )
    except IntegrityError:
        return Paper.objects.get(committee=committee, delegation=delegation, topic=topic)


# --- the text of a paper's sections ----------------------------------------------------------
#
# Each write below is one transaction: it takes the paper's row lock and refuses once the paper
# is submitted (``review.lock_editable``), then writes through the co-editing engine. A
# submission takes the same lock, so no save lands between its snapshot and the paper turning
# read-only (docs/architecture.md, "Co-editing").


def save_section(
    *, paper: Paper, block, user, text: str, base_revision_id, client_op_id: str = ""
) -> coedit.SaveOutcome:
    """Save a person's text of one section, edited from ``base_revision_id``."""
    with transaction.atomic():
        review.lock_editable(paper=paper)
        return coedit.save_block(
            block=block,
            user=user,
            text=text,
            base_revision_id=base_revision_id,
            client_op_id=client_op_id,
        )


def resolve_section_conflict(
    *,
    paper: Paper,
    block,
    user,
    choice: str,
    text: str | None,
    client_op_id: str = "",
    version_id=None,
) -> coedit.SaveOutcome:
    """Settle a person's conflicted draft of one section (mine / theirs / edited text)."""
    with transaction.atomic():
        review.lock_editable(paper=paper)
        return coedit.resolve_conflict(
            block=block,
            user=user,
            choice=choice,
            text=text,
            client_op_id=client_op_id,
            version_id=version_id,
        )


def restore_section(
    *, paper: Paper, block, user, revision_id, client_op_id: str = ""
) -> coedit.SaveOutcome:
    """Bring back an earlier revision of one section, as a new revision."""
    with transaction.atomic():
        review.lock_editable(paper=paper)
        return coedit.restore_revision(
            block=block, user=user, revision_id=revision_id, client_op_id=client_op_id
        )
