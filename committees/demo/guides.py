"""Demo guide: import the shipped UNODC committee guide into committee ``unodc``.

Idempotent: when the committee already holds this very file (same SHA-256), nothing changes.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from committees.models import Committee, Guide
from committees.services.guides import import_guide

GUIDE_FILE = Path(__file__).resolve().parent / "data" / "guide_unodc.txt"


def load(*, stdout) -> None:
    committee = Committee.objects.filter(slug="unodc").first()
    if committee is None:
        stdout.write("Guide: no committee “unodc”; skipped.\n")
        return
    data = GUIDE_FILE.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if Guide.objects.filter(committee=committee, original_sha256=digest).exists():
        stdout.write("Guide: the UNODC committee guide is already imported.\n")
        return
    result = import_guide(
        committee=committee, filename="unodc_committee_guide.txt", data=data, replace=True
    )
    stdout.write(
        f"Guide: imported “{result.structure['title']}” ({result.section_count} sections, "
        f"{len(result.structure['links'])} links, {len(result.structure['tables'])} table).\n"
    )
