"""Writes for position papers (creating them; their text is written through ``services.coedit``)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from committees.models import Delegation
from positions.models import Paper, PaperSettings

from . import coedit


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
