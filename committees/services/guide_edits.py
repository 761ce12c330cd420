"""Correcting a guide by hand: in the preview before the import, and on the imported guide.

Each correction is one transaction: lock the row, apply the correction to the stored
structure (``engines.guide_reader.edit``), keep it with who made it (``GuideEdit``) and, for an
imported guide, remake its sections, facts, links, tables and countries from the structure, so
search and the country stances follow at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from committees.engines.guide_reader.edit import EditError, apply, editable, materialize
from committees.models import (
    Country,
    Guide,
    GuideCountry,
    GuideEdit,
    GuideFact,
    GuideLink,
    GuideSection,
    PendingGuideImport,
    StatTable,
)
from committees.services.guides import parse_upload, store_structure
from committees.services.search import reindex_guide
from committees.services.stances import profiles_from_guide

__all__ = ["EditError", "Correction", "correct_pending_import", "correct_guide", "guide_structure"]


@dataclass(frozen=True)
class Correction:
    structure: dict  # the editable structure after the correction
    summary: str


def _country_names() -> dict[str, str]:
    return dict(Country.objects.values_list("iso3", "name"))


def _args(raw) -> dict:
    """Only plain short values: what a form sends, nothing else stored."""
    out = {}
    for key, value in dict(raw or {}).items():
        if isinstance(value, str | int) and len(str(value)) <= 600 and len(str(key)) <= 40:
            out[str(key)] = value
    return out


def correct_pending_import(*, pending: PendingGuideImport, user, op: str, args: dict) -> Correction:
    """Correct what the reader found in an upload waiting in the preview."""
    args = _args(args)
    with transaction.atomic():
        locked = PendingGuideImport.objects.select_for_update().get(pk=pending.pk)
        current = locked.structure
        if current is None:
            current = parse_upload(filename=locked.filename, data=bytes(locked.data))
        structure, summary = apply(current, op, args, country_names=_country_names())
        locked.structure = structure
        locked.save(update_fields=["structure"])
        GuideEdit.objects.create(
            committee=locked.committee,
            user=user,
            stage=GuideEdit.PREVIEW,
            filename=locked.filename,
            op=op,
            summary=summary[:600],
            args=args,
        )
    pending.structure = structure
    return Correction(structure, summary)


def guide_structure(guide: Guide) -> dict:
    """The guide's editable structure; for guides imported before corrections existed, made
    from what was stored."""
    if guide.structure:
        return editable(guide.structure)
    sections = list(guide.sections.all())
    children: dict[int | None, list[GuideSection]] = {}
    for section in sections:
        children.setdefault(section.parent_id, []).append(section)
    index_of = {s.pk: n for n, s in enumerate(sections)}

    def nest(parent_id):
        return [
            {
                "index": index_of[s.pk],
                "number": s.number,
                "ref": s.ref,
                "title": s.title,
                "text": s.text,
                "children": nest(s.pk),
            }
            for s in children.get(parent_id, [])
        ]

    def where(section_id):
        return {"section_index": index_of.get(section_id) if section_id else None}

    structure = {
        "title": guide.title,
        "committee": guide.committee_name,
        "topic": guide.topic,
        "chairs": list(guide.chairs),
        "people": [{"name": name, "role": ""} for name in guide.chairs],
        "sections": nest(None),
        "facts": [
            {"text": f.text, "details": f.details, **where(f.section_id)}
            for f in GuideFact.objects.filter(guide=guide)
        ],
        "links": [
            {"url": link.url, "title": link.title, **where(link.section_id)}
            for link in GuideLink.objects.filter(guide=guide)
        ],
        "tables": [
            {"caption": t.caption, "columns": t.columns, "rows": t.rows, **where(t.section_id)}
            for t in StatTable.objects.filter(guide=guide)
        ],
        "countries": [
            {
                "iso3": c.country.iso3,
                "name": c.country.name,
                "text": c.text,
                "bloc": "",
                **where(c.section_id),
            }
            for c in GuideCountry.objects.filter(guide=guide).select_related("country")
        ],
        "questions": list(guide.questions),
        "blocs": [],
        "unmatched": [],
        "warnings": list(guide.warnings),
    }
    return editable(structure)


def correct_guide(*, guide: Guide, user, op: str, args: dict) -> Correction:
    """Correct an imported guide; its sections, search entries and stances follow."""
    args = _args(args)
    with transaction.atomic():
        locked = Guide.objects.select_for_update().select_related("committee").get(pk=guide.pk)
        structure, summary = apply(
            guide_structure(locked), op, args, country_names=_country_names()
        )
        shaped = materialize(structure)
        locked.structure = structure
        locked.title = shaped["title"][:300]
        locked.committee_name = shaped["committee"][:300]
        locked.topic = shaped["topic"][:500]
        locked.chairs = shaped["chairs"]
        locked.questions = shaped.get("questions", [])
        locked.save(
            update_fields=["structure", "title", "committee_name", "topic", "chairs", "questions"]
        )
        for model in (GuideFact, GuideLink, StatTable, GuideCountry):
            model.objects.filter(guide=locked).delete()
        GuideSection.objects.filter(guide=locked).delete()
        store_structure(locked, shaped)
        reindex_guide(committee=locked.committee)
        profiles_from_guide(committee=locked.committee)
        GuideEdit.objects.create(
            committee=locked.committee,
            user=user,
            stage=GuideEdit.GUIDE,
            filename=locked.original_name,
            op=op,
            summary=summary[:600],
            args=args,
        )
    return Correction(structure, summary)
