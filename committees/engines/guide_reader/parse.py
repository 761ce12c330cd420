"""Entry point of the text stage: text (Markdown-ish) → the guide's structure."""

from __future__ import annotations

from collections.abc import Mapping

from .clean import _remove_page_scars, _remove_toc, _toc_entry_text, _toc_levels, _toc_title
from .countries import _countries
from .front import _body_start, _front_matter
from .items import _facts, _links, _questions, _tables
from .rules import _MD_HEADING, BREAK, CountryName, _heading_key
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


def parse_guide(text: str, *, countries: Mapping[str, CountryName] | None = None) -> dict:
    """Parse a guide's text. Never raises; problems go to ``warnings``."""
    warnings: list[str] = []
    try:
        return _parse(text or "", countries or {}, warnings)
    except Exception as exc:  # a parser bug must not lose the upload: report it instead
        return {
            "title": "",
            "committee": "",
            "topic": "",
            "chairs": [],
            "sections": [],
            "facts": [],
            "links": [],
            "tables": [],
            "countries": [],
            "questions": [],
            "warnings": [*warnings, f"The guide could not be structured ({type(exc).__name__})."],
        }


def _parse(text: str, countries: Mapping[str, CountryName], warnings: list[str]) -> dict:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines, _removed = _remove_page_scars(text)
    markdown_mode = sum(1 for line in lines if line != BREAK and _MD_HEADING.match(line)) >= 3
    lines, toc_entries, toc_end = _remove_toc(lines)
    start = _body_start(lines, toc_end, markdown_mode=markdown_mode)
    front = _front_matter(lines[:start], warnings)
    blocks = _rejoin_broken_paragraphs(_blocks(lines[start:], markdown_mode=markdown_mode))
    sections, preamble = _build_tree(blocks, warnings, _toc_levels(toc_entries))
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
    result = {
        **front,
        "sections": [_section_dict(s) for s in sections],
        "facts": _facts(sections),
        "links": _links(sections, preamble),
        "tables": tables,
        "countries": _countries(sections, countries, warnings),
        "questions": _questions(sections),
        "warnings": warnings,
    }
    if not result["chairs"]:
        warnings.append("No chairs were found on the front page.")
    if not result["topic"]:
        warnings.append("No topic was found on the front page.")
    return result
