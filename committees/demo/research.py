"""Demo research material for the UNODC committee: four background sources and the
country stances of the United States, Mexico and China drawn from the committee guide.

The metadata and stances live in committees/demo/data/research_unodc.json, the source texts
in committees/demo/data/sources/. Idempotent: running it again changes nothing.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from django.db import transaction

from committees.models import (
    Committee,
    Country,
    SearchPassage,
    Source,
    StancePosition,
    StanceQuestion,
)
from committees.services.search import reindex_guide
from committees.services.sources import add_source
from committees.services.stances import ensure_profile, set_position

DEMO_SLUG = "unodc"
DATA_DIR = Path(__file__).resolve().parent / "data"


def demo_research_data() -> dict:
    return json.loads((DATA_DIR / "research_unodc.json").read_text(encoding="utf-8"))


def _load_sources(committee: Committee, data: dict, stdout) -> list[Source]:
    sources = []
    for meta in data["sources"]:
        source = Source.objects.filter(committee=committee, title=meta["title"]).first()
        if source is None:
            published = meta["published_on"]
            source = add_source(
                committee=committee,
                title=meta["title"],
                text=(DATA_DIR / "sources" / meta["file"]).read_text(encoding="utf-8"),
                publisher=meta["publisher"],
                published_on=datetime.date.fromisoformat(published) if published else None,
                url=meta["url"],
            )
            stdout.write(f"  source: {source.title}")
        sources.append(source)
    return sources


def _load_stances(committee: Committee, data: dict, sources: list[Source], stdout) -> None:
    questions = []
    for order, (label, text) in enumerate(data["questions"], start=1):
        question, _ = StanceQuestion.objects.get_or_create(
            committee=committee, short_label=label, defaults={"text": text, "order": order}
        )
        questions.append(question)
    for iso3, profile_data in data["profiles"].items():
        country = Country.objects.filter(iso3=iso3).first()
        if country is None:
            stdout.write(f"  skipped stances of {iso3}: country unknown")
            continue
        profile = ensure_profile(committee=committee, country=country, text=profile_data["text"])
        added = 0
        for question, entry in zip(questions, profile_data["positions"], strict=True):
            if StancePosition.objects.filter(profile=profile, question=question).exists():
                continue  # a chair may have edited it since: keep their work
            added += 1
            stance, rationale, section, source_index, quote = entry
            set_position(
                profile=profile,
                question=question,
                stance=stance,
                rationale=rationale,
                cited_section=section,
                cited_source=sources[source_index] if source_index is not None else None,
                quote=quote,
            )
        if added:
            stdout.write(f"  stances: {country.name}, {added} positions")


@transaction.atomic
def load(*, stdout) -> None:
    committee = Committee.objects.filter(slug=DEMO_SLUG).first()
    if committee is None:
        stdout.write("Research demo skipped: the demo committee does not exist.")
        return
    data = demo_research_data()
    sources = _load_sources(committee, data, stdout)
    _load_stances(committee, data, sources, stdout)
    # The guide may have been imported before this loader ran; make sure it is searchable.
    if not SearchPassage.objects.filter(
        committee=committee, kind=SearchPassage.Kind.GUIDE
    ).exists():
        reindex_guide(committee=committee)
