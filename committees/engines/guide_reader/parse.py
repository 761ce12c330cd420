"""Entry point of the text stage: text (Markdown-ish) → the guide's structure."""

from __future__ import annotations

import re
from collections.abc import Mapping

from .clean import _remove_page_scars, _remove_toc, _toc_entry_text, _toc_levels, _toc_title
from .countries import _countries
from .front import _body_start, _front_matter
from .items import _facts, _links, _questions, _tables
from .roles import find_people
from .rules import (
    _MD_HEADING,
    BREAK,
    LETTER_TITLE,
    TOPIC_HEADING,
    CountryName,
    _heading_key,
    _strip_markup,
)
from .structure import (
    _blocks,
    _build_tree,
    _rejoin_broken_paragraphs,
    _Section,
    _section_dict,
    _title_case_if_shouting,
    _walk,
)

# --- entry point ------------------------------------------------------------------------------


def parse_guide(
    text: str,
    *,
    countries: Mapping[str, CountryName] | None = None,
    layout: bool = False,
    hints: Mapping[str, str] | None = None,
) -> dict:
    """Parse a guide's text. Never raises; problems go to ``warnings``.

    ``layout`` says the text came from the layout stage (its ``#`` headings were seen on the
    page, so the first of them starts the body); ``hints`` may carry the document's own
    ``title`` (PDF metadata) and its ``filename``, used when the cover says nothing.
    """
    warnings: list[str] = []
    try:
        return _parse(text or "", countries or {}, warnings, layout=layout, hints=hints or {})
    except Exception as exc:  # a parser bug must not lose the upload: report it instead
        return {
            "title": "",
            "committee": "",
            "topic": "",
            "chairs": [],
            "people": [],
            "blocs": [],
            "unmatched": [],
            "sections": [],
            "facts": [],
            "links": [],
            "tables": [],
            "countries": [],
            "questions": [],
            "warnings": [*warnings, f"The guide could not be structured ({type(exc).__name__})."],
        }


def _parse(
    text: str,
    countries: Mapping[str, CountryName],
    warnings: list[str],
    *,
    layout: bool,
    hints: Mapping[str, str],
) -> dict:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines, _removed = _remove_page_scars(text)
    markdown_mode = sum(1 for line in lines if line != BREAK and _MD_HEADING.match(line)) >= 3
    lines, toc_entries, toc_end = _remove_toc(lines)
    start = _body_start(lines, toc_end, markdown_mode=markdown_mode)
    if layout and markdown_mode:
        first = next(
            (i for i in range(toc_end or 0, len(lines)) if _MD_HEADING.match(lines[i])), None
        )
        if first is not None:
            start = first
    front = _front_matter(lines[:start], warnings)
    people = find_people(_people_lines(lines, start))
    for person in people:
        if not any(_same_person(person["name"], c) for c in front["chairs"]):
            front["chairs"].append(person["name"])
    roles = {_person_key(p["name"]): p["role"] for p in people if p["role"]}
    front["people"] = [
        {"name": name, "role": roles.get(_person_key(name), "")} for name in front["chairs"]
    ]
    _fill_front_gaps(front, hints, lines[start:])
    blocks = _rejoin_broken_paragraphs(_blocks(lines[start:], markdown_mode=markdown_mode))
    sections, preamble = _build_tree(
        blocks, warnings, _toc_levels(toc_entries), layout=layout and markdown_mode
    )
    sections = _topic_level(_lift_out_of_letters(sections))
    for section in _walk(sections):
        section.title = _title_case_if_shouting(section.title)
    if not sections:
        warnings.append("No section headings were found; the whole guide is one section.")
        body = _Section("", front["title"] or "Guide", "", 0, blocks=preamble, ref="")
        sections, preamble = [body], []
    elif any(b.kind in ("para", "bullet") for b in preamble):
        intro = _Section("", "Introduction", "", 0, blocks=preamble, ref="")
        sections.insert(0, intro)
        warnings.append("Text before the first heading was put in an untitled introduction.")
    if toc_entries:
        known = [_heading_key(s.title) for s in _walk(sections)]
        missing = [
            _toc_entry_text(entry)
            for entry in toc_entries
            if (key := _toc_title(entry)) and not any(key in k or k in key for k in known if k)
        ]
        if missing:
            warnings.append(
                "Table of contents entries without a matching heading: "
                + "; ".join(f"“{m}”" for m in missing[:6])
            )
    for index, section in enumerate(_walk(sections)):
        section.index = index
    tables = _tables(sections, warnings)
    unmatched: list[dict] = []
    country_list, blocs = _countries(sections, countries, warnings, unmatched)
    result = {
        **front,
        "sections": [_section_dict(s) for s in sections],
        "facts": _facts(sections),
        "links": _links(sections, preamble),
        "tables": tables,
        "countries": country_list,
        "blocs": blocs,
        "unmatched": unmatched,
        "questions": _questions(sections),
        "warnings": warnings,
    }
    if not result["chairs"]:
        warnings.append("No chairs were found on the front page.")
    if not result["topic"]:
        warnings.append("No topic was found on the front page.")
    return result


def _people_lines(lines: list[str], start: int) -> list[str]:
    """The front pages and the letters (sections titled “Letter from …”, “Welcome” …)."""
    out = [line for line in lines[:start] if line != BREAK]
    inside = False
    for line in lines[start:]:
        if line == BREAK:
            continue
        heading = _MD_HEADING.match(line)
        if heading:
            inside = bool(LETTER_TITLE.search(_strip_markup(heading.group(2))))
            if not inside and len(out) > 400:
                break
            continue
        if inside:
            out.append(line)
    return out


def _lift_out_of_letters(sections: list[_Section]) -> list[_Section]:
    """A letter from the chairs holds no sections: what follows it is the guide itself."""
    out: list[_Section] = []
    for section in sections:
        out.append(section)
        if LETTER_TITLE.search(section.title) and section.children:
            for child in section.children:
                child.parent = None
            out.extend(section.children)
            section.children = []
    return out


def _person_key(name: str) -> str:
    return re.sub(r"\W+", " ", name).strip().lower()


def _same_person(a: str, b: str) -> bool:
    return _person_key(a) == _person_key(b)


_FILE_ACRONYM = re.compile(r"\b([A-Z][A-Z0-9]{1,9})\b")


_BACK_MATTER = re.compile(
    r"^(?:references|bibliography|sources(?:\s+cited)?|works\s+cited|further\s+reading"
    r"|annex(?:es)?\b.*|appendix\b.*|appendices|glossary|endnotes|footnotes|notes)$",
    re.IGNORECASE,
)


def _topic_level(sections: list[_Section]) -> list[_Section]:
    """Guides with Topic A / Topic B: each topic holds the sections that follow it."""

    def is_topic(section: _Section) -> bool:
        full = f"{section.number} {section.title}" if section.number else section.title
        return bool(
            TOPIC_HEADING.match(section.title)
            or TOPIC_HEADING.match(full)
            or section.style == "topic"
        )

    if sum(1 for s in sections if is_topic(s)) < 1:
        return sections
    out: list[_Section] = []
    current: _Section | None = None
    last_topic = max(n for n, s in enumerate(sections) if is_topic(s))
    for n, section in enumerate(sections):
        if current is not None and n < last_topic and not is_topic(section):
            # Between two topics everything belongs to the first, its reading list too.
            section.parent = current
            current.children.append(section)
            continue
        if is_topic(section):
            current = section
            out.append(section)
            continue
        if current is not None and not _BACK_MATTER.match(section.title):
            section.parent = current
            current.children.append(section)
            continue
        current = None if _BACK_MATTER.match(section.title) else current
        out.append(section)
    return out


def _fill_front_gaps(front: dict, hints: Mapping[str, str], body: list[str]) -> None:
    """When the cover is a picture, the document's title, topic headings and file name help."""
    meta = (hints.get("title") or "").strip()
    stem = re.sub(r"\.[A-Za-z0-9]+$", "", hints.get("filename") or "")
    stem = re.sub(r"[_]+", " ", stem).strip()
    topics = []
    for line in body:
        heading = _MD_HEADING.match(line)
        if heading and TOPIC_HEADING.match(_strip_markup(heading.group(2))):
            topics.append(_strip_markup(heading.group(2)))
    title = front["title"]
    cover = (hints.get("cover") or "").strip()
    junk = (
        not title
        or len(title) > 160
        or "http" in title
        or (bool(re.search(r"[.!?]$", title)) and len(title.split()) > 6)
    )
    if junk and cover:
        front["title"] = cover
    elif junk and meta and len(meta) <= 160:
        front["title"] = meta
    elif junk and topics:
        front["title"] = topics[0] if len(topics) == 1 else "; ".join(topics)
    elif junk and stem:
        front["title"] = stem
    if (not front["topic"] or "http" in front["topic"]) and topics:
        front["topic"] = (
            re.sub(r"^[^:–—-]+[:–—-]\s*", "", topics[0]) if len(topics) == 1 else "; ".join(topics)
        )
    if not front["committee"] or len(front["committee"]) > 120:
        acronyms = [a for a in _FILE_ACRONYM.findall(stem) if a not in {"MUN", "PDF", "BG"}]
        if meta and len(meta) <= 160:
            front["committee"] = meta
        elif acronyms:
            front["committee"] = acronyms[0]
