"""Importing a committee guide: read the file, parse it, replace the committee's guide at once."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext

from committees.engines.guide_reader import ReadError, build_country_index, read_guide
from committees.engines.guide_reader.edit import editable, materialize
from committees.models import (
    Committee,
    Country,
    Guide,
    GuideCountry,
    GuideFact,
    GuideLink,
    GuideSection,
    PendingGuideImport,
    StatTable,
)
from committees.services.search import reindex_guide
from committees.services.stances import profiles_from_guide

PENDING_IMPORT_LIFETIME = timedelta(hours=2)


class GuideImportError(Exception):
    """The file cannot become a guide; ``message`` says why, for the person importing it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class ImportResult:
    structure: dict
    guide: Guide | None = None
    dry_run: bool = False
    replaced: bool = False
    warnings: list[str] = field(default_factory=list)

    @property
    def section_count(self) -> int:
        def count(sections):
            return sum(1 + count(s["children"]) for s in sections)

        return count(self.structure["sections"])


def country_index():
    return build_country_index(Country.objects.values_list("iso3", "name", "aliases"))


def safe_filename(filename: str) -> str:
    """The last path component only, so an uploaded name can never point elsewhere."""
    name = PurePath((filename or "").replace("\\", "/")).name.strip() or "guide"
    return name[-120:]


def parse_upload(*, filename: str, data: bytes) -> dict:
    """The parsed structure of an uploaded guide; GuideImportError if the file is unreadable."""
    try:
        structure = read_guide(filename, data, countries=country_index())
    except ReadError as error:
        raise GuideImportError(error.message) from error
    if not any(section["text"] or section["children"] for section in structure["sections"]):
        raise GuideImportError(
            gettext("“%(filename)s” has no readable guide content.") % {"filename": filename}
        )
    return structure


def import_guide(
    *,
    committee: Committee,
    filename: str,
    data: bytes,
    user=None,
    replace: bool = False,
    dry_run: bool = False,
    corrected: dict | None = None,
) -> ImportResult:
    """Parse and store a guide as the committee's guide. Nothing is written on error or dry run.

    ``corrected`` is the structure as corrected in the preview; it is stored instead of a
    fresh reading of the file."""
    filename = safe_filename(filename)
    if corrected is not None:
        editable_structure = editable(corrected)
    else:
        editable_structure = editable(parse_upload(filename=filename, data=data))
    structure = materialize(editable_structure)
    result = ImportResult(structure=structure, dry_run=dry_run, warnings=structure["warnings"])
    existing = Guide.objects.filter(committee=committee).first()
    if existing and not replace and not dry_run:
        raise GuideImportError(
            gettext(
                "%(value)s already has a guide (“%(original_name)s”). Import with replace to swap it."
            )
            % {
                "value": committee.acronym or committee.name,
                "original_name": existing.original_name,
            }
        )
    if dry_run:
        return result
    with transaction.atomic():
        # Lock the committee row: two imports at once for one committee run one after the other.
        Committee.objects.select_for_update().filter(pk=committee.pk).first()
        old = Guide.objects.filter(committee=committee).first()
        old_file = old.original.name if old else None
        if old:
            old.delete()
        guide = Guide(
            committee=committee,
            title=structure["title"][:300],
            committee_name=structure["committee"][:300],
            topic=structure["topic"][:500],
            chairs=structure["chairs"],
            questions=structure.get("questions", []),
            warnings=structure["warnings"],
            original_name=filename,
            original_sha256=hashlib.sha256(data).hexdigest(),
            structure=editable_structure,
            imported_by=user if user is not None and user.is_authenticated else None,
            imported_at=timezone.now(),
        )
        guide.original.save(filename, ContentFile(data), save=False)
        storage, new_file = guide.original.storage, guide.original.name
        try:  # if storing fails, the file just written must not linger
            guide.save()
            _store_structure(guide, structure)
            # The new sections are searchable, and the countries it names have a stance
            # profile, in the same transaction as the import.
            reindex_guide(committee=committee)
            profiles_from_guide(committee=committee)
        except Exception:
            storage.delete(new_file)
            raise
        if old_file:
            transaction.on_commit(lambda: storage.delete(old_file))
    result.guide = guide
    result.replaced = old is not None
    return result


def store_structure(guide: Guide, structure: dict) -> None:
    """Make the guide's sections, facts, links, tables and countries from its structure."""
    _store_structure(guide, structure)


def _store_structure(guide: Guide, structure: dict) -> None:
    # Every change of what the reader shows passes here: its version moves with it.
    Guide.objects.filter(pk=guide.pk).update(version=F("version") + 1)
    guide.refresh_from_db(fields=["version"])
    by_index: dict[int, GuideSection] = {}
    used_anchors: set[str] = set()
    order = 0

    def anchor_for(section: dict) -> str:
        base = slugify(f"{section['ref']} {section['title']}".replace(".", "-"))[:100] or "section"
        anchor, n = base, 2
        while anchor in used_anchors:
            anchor, n = f"{base}-{n}", n + 1
        used_anchors.add(anchor)
        return anchor

    def add(sections: list[dict], parent: GuideSection | None, depth: int) -> None:
        nonlocal order
        for data in sections:
            order += 1
            section = GuideSection.objects.create(
                guide=guide,
                parent=parent,
                number=data["number"][:20],
                ref=data.get("ref", "")[:40],
                title=data["title"][:300] or "Untitled",
                anchor=anchor_for(data),
                text=data["text"],
                depth=depth,
                order=order,
            )
            if data.get("index") is not None:
                by_index[data["index"]] = section
            add(data["children"], section, depth + 1)

    add(structure["sections"], None, 0)

    def section_of(item: dict) -> GuideSection | None:
        index = item.get("section_index")
        return by_index.get(index) if index is not None else None

    GuideFact.objects.bulk_create(
        GuideFact(guide=guide, section=section_of(f), text=f["text"], details=f["details"], order=n)
        for n, f in enumerate(structure["facts"], start=1)
    )
    GuideLink.objects.bulk_create(
        GuideLink(
            guide=guide,
            section=section_of(link),
            url=link["url"][:2000],
            title=link["title"][:500],
            order=n,
        )
        for n, link in enumerate(structure["links"], start=1)
    )
    StatTable.objects.bulk_create(
        StatTable(
            guide=guide,
            section=section_of(t),
            caption=t["caption"][:500],
            columns=t["columns"],
            rows=t["rows"],
            order=n,
        )
        for n, t in enumerate(structure["tables"], start=1)
    )
    countries = Country.objects.in_bulk(
        [c["iso3"] for c in structure["countries"]], field_name="iso3"
    )
    GuideCountry.objects.bulk_create(
        GuideCountry(
            guide=guide,
            country=countries[c["iso3"]],
            section=section_of(c),
            text=c["text"],
            order=n,
        )
        for n, c in enumerate(structure["countries"], start=1)
        if c["iso3"] in countries
    )


# --- the admin's upload → preview → confirm ---------------------------------------------------


def start_pending_import(*, committee: Committee, user, filename: str, data: bytes):
    """Check and keep an upload for preview. Returns (pending, structure)."""
    filename = safe_filename(filename)
    structure = parse_upload(filename=filename, data=data)
    with transaction.atomic():
        # Old previews of this person are no longer needed; expired ones of anyone neither.
        PendingGuideImport.objects.filter(
            created_at__lt=timezone.now() - PENDING_IMPORT_LIFETIME
        ).delete()
        PendingGuideImport.objects.filter(committee=committee, uploaded_by=user).delete()
        # What the reader found is kept with the upload: the preview and its corrections
        # work on it without reading the file again.
        pending = PendingGuideImport.objects.create(
            committee=committee,
            uploaded_by=user,
            filename=filename,
            data=data,
            structure=editable(structure),
        )
    return pending, structure


def pending_import_for(*, committee: Committee, user, token) -> PendingGuideImport | None:
    return PendingGuideImport.objects.filter(
        committee=committee,
        uploaded_by=user,
        token=token,
        created_at__gte=timezone.now() - PENDING_IMPORT_LIFETIME,
    ).first()


def confirm_pending_import(*, pending: PendingGuideImport, user) -> ImportResult:
    with transaction.atomic():
        result = import_guide(
            committee=pending.committee,
            filename=pending.filename,
            data=bytes(pending.data),
            user=user,
            replace=True,
            corrected=pending.structure,
        )
        pending.delete()
    return result


def discard_pending_import(*, pending: PendingGuideImport) -> None:
    pending.delete()
