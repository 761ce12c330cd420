"""Countries and blocs named by the guide's parties / positions sections."""

from __future__ import annotations

import re
from collections.abc import Mapping

from .front import _looks_like_name
from .rules import _PARTIES_TITLE, CountryName, _country_key
from .structure import _full_text, _Section, _walk, _where


def _countries(
    sections: list[_Section], index: Mapping[str, CountryName], warnings: list[str]
) -> list[dict]:
    found: dict[str, dict] = {}
    if not index:
        return []
    keys = sorted(index, key=len, reverse=True)

    def lookup(title: str) -> CountryName | None:
        key = _country_key(title)
        if key in index:
            return index[key]
        for alias in keys:
            if len(alias) > 3 and re.search(rf"(?:^| ){re.escape(alias)}(?: |$)", key):
                return index[alias]
        return None

    def add(country: CountryName, text: str, where: _Section):
        entry = found.setdefault(
            country.iso3,
            {"iso3": country.iso3, "name": country.name, "text": "", **_where(where)},
        )
        entry["text"] = "\n\n".join(t for t in (entry["text"], text) if t)

    for section in _walk(sections):
        if not _PARTIES_TITLE.search(section.title):
            continue
        for child in section.children:
            country = lookup(child.title)
            if country:
                add(country, _full_text(child), child)
            else:
                warnings.append(
                    f"“{child.title}” in “{section.title}” is not a country we know; "
                    "it stays a section without a country profile."
                )
        # Paragraphs or bullets that open with a country name ("Mexico: ...", "China – ..."),
        # also when a converted PDF ran several of them into one paragraph.
        for block in section.blocks:
            if block.kind not in ("para", "bullet"):
                continue
            starts = [
                (match.start("name"), match.end(), match.group("name"), lookup(match.group("name")))
                for match in _COUNTRY_LEAD.finditer(block.text)
                if _looks_like_name(match.group("name"))
            ]
            for n, (_start, text_start, name, country) in enumerate(starts):
                end = starts[n + 1][0] if n + 1 < len(starts) else len(block.text)
                if country:
                    add(country, block.text[text_start:end].strip(), section)
                else:
                    warnings.append(
                        f"“{name}” in “{section.title}” is not a country we know; "
                        "its paragraph stays in the section only."
                    )
    return list(found.values())


_COUNTRY_LEAD = re.compile(r"(?:^|(?<=[.!?;]\s))(?P<name>[A-Z][\w.'’() -]{2,60}?)\s*[:–—]\s+(?=\S)")
