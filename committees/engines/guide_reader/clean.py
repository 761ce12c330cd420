"""Clean stage: page scars (running headers and footers, page numbers) and the contents page."""

from __future__ import annotations

import re
from collections import Counter

from .rules import (
    _CHAIR_ROLE,
    _DOT_LEADER,
    _KEYWORD_HEADING,
    _MD_HEADING,
    _PAGE_NUMBER,
    _SENTENCE_END,
    _SIMPLE_BULLET,
    _TOC_TITLE,
    BREAK,
    _clean_line,
    _heading_key,
    _looks_like_table_row,
    _match_numbered,
    _strip_markup,
    _style_of,
)

# --- page scars -------------------------------------------------------------------------------


def _scar_key(line: str) -> str:
    return re.sub(r"\d+", "#", _strip_markup(line).lower()).strip()


def _remove_page_scars(text: str) -> tuple[list[str], int]:
    """Lines with BREAK markers where pages ended or scars were removed."""
    pages = [[_clean_line(line) for line in page.split("\n")] for page in text.split("\f")]
    removed = 0
    # Running headers and footers: the first and last lines of most pages, once digits are
    # masked (so "Page 3" and "Page 4" count as the same line).
    if len(pages) >= 3:
        edge_counts: Counter[str] = Counter()
        for page in pages:
            filled = [line for line in page if line.strip()]
            for line in {*filled[:2], *filled[-2:]}:
                edge_counts[_scar_key(line)] += 1
        running = {
            key
            for key, count in edge_counts.items()
            if key and count >= max(2, (len(pages) * 6) // 10) and len(key) <= 120
        }
        for page in pages:
            filled_idx = [i for i, line in enumerate(page) if line.strip()]
            edges = set(filled_idx[:2] + filled_idx[-2:])
            for i in edges:
                if _scar_key(page[i]) in running:
                    page[i] = BREAK
                    removed += 1
    lines: list[str] = []
    for n, page in enumerate(pages):
        if n:
            lines.append(BREAK)
        lines.extend(page)
    # Standalone numbers ("2026", "- 3 -", "Page 4 of 9") are page numbers or footer years.
    for i, line in enumerate(lines):
        if line == BREAK or not line.strip():
            continue
        core = _strip_markup(line)
        if _PAGE_NUMBER.match(core) and len(core) <= 24:
            prev_blank = i == 0 or not lines[i - 1].strip() or lines[i - 1] == BREAK
            next_blank = i + 1 >= len(lines) or not lines[i + 1].strip() or lines[i + 1] == BREAK
            if prev_blank and next_blank and not _looks_like_table_row(line):
                lines[i] = BREAK
                removed += 1
    # Without page breaks (text converted from a PDF), a short line repeated many times as a
    # paragraph of its own is a running header that lost its page.
    if len(pages) < 3:
        positions: dict[str, list[int]] = {}
        for i, line in enumerate(lines):
            if line.strip() and line != BREAK and _standalone(lines, i):
                positions.setdefault(_scar_key(line), []).append(i)
        for found in positions.values():
            core = _strip_markup(lines[found[0]])
            gaps = [b - a for a, b in zip(found, found[1:], strict=False)]
            if (
                len(found) >= 3
                and min(gaps) >= 12  # a running header recurs a page apart, not in a list
                and len(core) <= 80
                and not core.endswith((":", "?"))
                and not _CHAIR_ROLE.match(core.strip("-–—() "))
                and not _MD_HEADING.match(lines[found[0]])
                and not _SIMPLE_BULLET.match(lines[found[0]])
                and not _match_numbered(core)
                and not _KEYWORD_HEADING.match(core.rstrip(":"))
            ):
                for i in found:
                    lines[i] = BREAK
                    removed += 1
    return lines, removed


def _standalone(lines: list[str], i: int) -> bool:
    before = i == 0 or not lines[i - 1].strip() or lines[i - 1] == BREAK
    after = i + 1 >= len(lines) or not lines[i + 1].strip() or lines[i + 1] == BREAK
    return before and after


# --- table of contents ------------------------------------------------------------------------


def _toc_title(line: str) -> str:
    core = _strip_markup(line)
    core = re.sub(r"^[-*•]\s*", "", core)
    core = _DOT_LEADER.sub("", core)
    core = re.sub(r"\s+\d{1,4}$", "", core).strip()
    if match := _match_numbered(core):
        core = match.group("title")
    return _heading_key(core)


def _remove_toc(lines: list[str]) -> tuple[list[str], list[str], int | None]:
    """Drop TOC blocks (titled, or runs of dot-leader lines). Returns (lines, entries, toc_end)."""
    entries: list[str] = []
    out = list(lines)
    toc_end: int | None = None
    for i, line in enumerate(out):
        if line == BREAK or not _TOC_TITLE.match(_heading_text(line)):
            continue
        out[i] = BREAK
        j = i + 1
        first_entry: str | None = None
        while j < len(out):
            cur = out[j]
            if cur == BREAK or not cur.strip():
                j += 1
                continue
            stripped = _strip_markup(cur)
            if _MD_HEADING.match(cur) and not _DOT_LEADER.search(stripped):
                break
            key = _toc_title(cur)
            if (
                first_entry is not None
                and key
                and key == first_entry
                and not _SIMPLE_BULLET.match(cur)
            ):
                break  # the first body heading repeats the first entry
            is_entry = bool(
                _DOT_LEADER.search(stripped)
                or _SIMPLE_BULLET.match(cur)
                or (len(stripped) <= 100 and not _SENTENCE_END.search(stripped))
            )
            if not is_entry:
                break
            if first_entry is None:
                first_entry = key
            entries.append(cur)
            out[j] = BREAK
            j += 1
        toc_end = j
        break
    # Dot-leader lines anywhere else are TOC or list-of-figures entries.
    for i, line in enumerate(out):
        if line != BREAK and _DOT_LEADER.search(_strip_markup(line)):
            entries.append(line)
            out[i] = BREAK
            toc_end = max(toc_end or 0, i + 1)
    return out, entries, toc_end


def _toc_entry_text(raw: str) -> str:
    return _strip_markup(re.sub(r"^\s*[-*•]\s*", "", _DOT_LEADER.sub("", raw)))


def _toc_levels(raw_entries: list[str]) -> dict[str, int]:
    """Heading key → level (1 = part) as the table of contents shows it.

    Nesting comes from indentation when the entries are indented, else from the numbering
    styles in order of first appearance (I. before 1. before a.). Guides whose headings carry
    no numbers and wrong Markdown levels still get their intended tree from it.
    """
    indents = sorted({len(raw) - len(raw.lstrip()) for raw in raw_entries})
    styles: list[str] = []
    levels: dict[str, int] = {}
    for raw in raw_entries:
        key = _toc_title(raw)
        if not key:
            continue
        if len(indents) > 1:
            levels.setdefault(key, indents.index(len(raw) - len(raw.lstrip())) + 1)
            continue
        numbered = _match_numbered(_toc_entry_text(raw))
        if numbered:
            style = _style_of(numbered.group("num"))
            if style not in styles:
                styles.append(style)
            levels.setdefault(key, styles.index(style) + 1)
    return levels


def _heading_text(line: str) -> str:
    if match := _MD_HEADING.match(line):
        return _strip_markup(match.group(2))
    return _strip_markup(line)
