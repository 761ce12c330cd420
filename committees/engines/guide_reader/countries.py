"""Countries and blocs named by the guide's parties / positions / blocs sections.

A section titled Major parties, Country positions, Country profiles, Bloc positions or Blocs
names countries in its sub-headings (“United States of America”, “France and Europe”), in
paragraphs that open with a name (“Mexico: …”), and in bloc lines that list members
(“Western Bloc: France, US, Mozambique, UK”). Names are matched loosely against the country
list and its aliases (the US, Russia, UK, DPRK); a bloc is recorded as a bloc with its members,
never as a country.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from .roles import looks_like_name
from .rules import _PARTIES_TITLE, CountryName, _country_key
from .structure import _full_text, _Section, _section_text, _walk, _where

_BLOC_WORDS = re.compile(
    r"\b(?:blocs?|group|alliance|coalition|union|league|powers|states|countries|nations"
    r"|members|community|organi[sz]ation|movement|cooperation|partnership|council|forum|axis)\b",
    re.IGNORECASE,
)
_BLOC_LINE = re.compile(r"^(?P<bloc>[^:–—]{2,80}?)\s*[:–—]\s*(?P<members>\S.*)$")
_COUNTRY_LEAD = re.compile(r"(?:^|(?<=[.!?;]\s))(?P<name>[A-Z][\w.'’() -]{2,60}?)\s*[:–—]\s+(?=\S)")


class _Lookup:
    def __init__(self, index: Mapping[str, CountryName]):
        self.index = index
        self.keys = sorted(index, key=len, reverse=True)

    def exact(self, name: str) -> CountryName | None:
        return self.index.get(_country_key(name))

    def loose(self, title: str) -> CountryName | None:
        """“France and Europe” → France; “The Republic of Korea's position” → Korea."""
        key = _country_key(title)
        if key in self.index:
            return self.index[key]
        for alias in self.keys:
            if len(alias) > 3 and re.search(rf"(?:^| ){re.escape(alias)}(?: |$)", key):
                return self.index[alias]
        return None

    def members(self, text: str) -> list[CountryName]:
        out: list[CountryName] = []
        for part in re.split(r"\s*(?:,|;|/|\band\b|&)\s*", text.strip(" .")):
            part = re.sub(r"^(?:the|and)\s+", "", part.strip(), flags=re.IGNORECASE)
            country = (self.exact(part) or self.leading(part)) if part else None
            if country and country not in out:
                out.append(country)
        return out

    def leading(self, text: str) -> CountryName | None:
        """The country a phrase opens with: “Egypt prefer dialogue” → Egypt."""
        key = _country_key(text)
        for alias in self.keys:
            if len(alias) > 3 and key.startswith(alias + " "):
                rest = text.split()[len(alias.split()) :]
                if rest and rest[0][:1].islower():
                    return self.index[alias]
        return None


def _is_bloc(title: str, lookup: _Lookup) -> bool:
    if lookup.exact(title):
        return False
    return bool(_BLOC_WORDS.search(title)) and not lookup.exact(re.sub(_BLOC_WORDS, "", title))


def _countries(
    sections: list[_Section],
    index: Mapping[str, CountryName],
    warnings: list[str],
    unmatched: list[dict] | None = None,
) -> tuple[list[dict], list[dict]]:
    """(countries, blocs); names it cannot place go to ``unmatched`` for the editor."""
    if unmatched is None:
        unmatched = []
    found: dict[str, dict] = {}
    blocs: list[dict] = []
    unmatched.clear()
    if not index:
        return [], []
    lookup = _Lookup(index)

    def add(country: CountryName, text: str, where: _Section, bloc: str = ""):
        entry = found.setdefault(
            country.iso3,
            {"iso3": country.iso3, "name": country.name, "text": "", "bloc": "", **_where(where)},
        )
        entry["text"] = "\n\n".join(t for t in (entry["text"], text) if t)
        if bloc and not entry["bloc"]:
            entry["bloc"] = bloc

    def add_bloc(name: str, members: list[CountryName], where: _Section, text: str = ""):
        bloc = next((b for b in blocs if b["name"].lower() == name.lower()), None)
        if bloc is None:
            bloc = {"name": name, "members": [], "text": text, **_where(where)}
            blocs.append(bloc)
        for country in members:
            if country.iso3 not in bloc["members"]:
                bloc["members"].append(country.iso3)
            add(country, "", where, bloc=name)

    def bloc_lines(section: _Section, text: str):
        """“Western Bloc: France, US, UK” lines, and bullets of members under a bloc title."""
        for line in text.split("\n"):
            line = re.sub(r"^\s*[-*•]\s*", "", line).strip()
            match = _BLOC_LINE.match(line)
            if not match:
                continue
            members = lookup.members(match.group("members"))
            name = match.group("bloc").strip()
            if len(members) >= 2 and not lookup.exact(name):
                add_bloc(name, members, section)

    for section in _walk(sections):
        if not _PARTIES_TITLE.search(section.title):
            continue
        bloc_lines(section, _section_text(section))
        for child in section.children:
            if _is_bloc(child.title, lookup):
                text = _full_text(child)
                # The members: named in the title after a colon, or listed in the text.
                after = child.title.split(":", 1)[1] if ":" in child.title else ""
                members = lookup.members(after)
                if not members:
                    for line in text.split("\n"):
                        bare = re.sub(r"^\s*[-*•]\s*", "", line).strip()
                        if (country := lookup.exact(bare)) and country not in members:
                            members.append(country)
                        elif (match := _BLOC_LINE.match(bare)) and re.search(
                            r"members?|countries|states|includes?", match.group("bloc"), re.I
                        ):
                            members.extend(lookup.members(match.group("members")))
                    if not members:
                        first = text.split("\n\n", 1)[0]
                        listed = lookup.members(first) if len(first) < 400 else []
                        members = listed if len(listed) >= 2 else []
                name = child.title.split(":", 1)[0].strip()
                add_bloc(name, members, child, text)
                bloc_lines(child, text)
                continue
            country = lookup.loose(child.title)
            if country:
                add(country, _full_text(child), child)
            else:
                unmatched.append({"name": child.title, "text": _full_text(child), **_where(child)})
                warnings.append(
                    f"“{child.title}” in “{section.title}” is not a country we know; "
                    "it stays a section without a country profile (map it to a country or "
                    "mark it a bloc in the preview)."
                )
        # Paragraphs or bullets that open with a country name ("Mexico: ...", "China – ..."),
        # also when a converted PDF ran several of them into one paragraph.
        for block in section.blocks:
            if block.kind not in ("para", "bullet"):
                continue
            if (match := _BLOC_LINE.match(block.text)) and len(
                lookup.members(match.group("members"))
            ) >= 2:
                continue  # a bloc line, read above
            starts = [
                (m.start("name"), m.end(), m.group("name"), lookup.exact(m.group("name")))
                for m in _COUNTRY_LEAD.finditer(block.text)
                if looks_like_name(m.group("name")) or lookup.exact(m.group("name"))
            ]
            for n, (_start, text_start, name, country) in enumerate(starts):
                end = starts[n + 1][0] if n + 1 < len(starts) else len(block.text)
                if country:
                    add(country, block.text[text_start:end].strip(), section)
                elif not _is_bloc(name, lookup):
                    warnings.append(
                        f"“{name}” in “{section.title}” is not a country we know; "
                        "its paragraph stays in the section only."
                    )
    return list(found.values()), blocs
