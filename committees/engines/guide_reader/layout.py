"""Layout stage: positioned lines (from a PDF or a DOCX) → Markdown-ish text with heading levels.

Headings are recognised the way a reader sees them: bigger or bolder than the body text, short,
standing on their own line; their level is the rank of their style (size, then weight) among
the heading styles of the document. Where the document carries its own heading levels (the
structure tree of a tagged PDF, Word's heading styles and outline levels) and uses them for
enough of its headings, those levels win.

Other layout facts are kept for the later stages: paragraph breaks from vertical gaps, page
breaks as form feeds, footnotes gathered at the end of their section, and rows of names over
rows of roles (“Ana Ruiz    Li Wei” / “Chair    Co-Chair”) turned into “Name – Role” lines.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import NamedTuple

from .pdf import Line
from .roles import ROLE_LINE, SIGN_OFF
from .rules import _DOT_LEADER, _TOC_TITLE


class LaidOut(NamedTuple):
    text: str
    cover_title: str


_BULLET_START = re.compile(r"^[-•●▪◦‣–*]\s")
_CAPTION = re.compile(r"^(?:figure|fig\.|table|chart|graph|map|source|image|photo)\b", re.I)
_SENTENCE = re.compile(r"[.;,]['\"”’)]*$")


def _style(line: Line) -> int:
    """Headings of one size are one level, bold or not."""
    return round(line.size * 2)


def _is_toc_page(lines: list[Line]) -> bool:
    head = [line.text for line in lines[:4]]
    dotted = sum(1 for line in lines if _DOT_LEADER.search(line.text))
    return any(_TOC_TITLE.match(t.strip()) for t in head) or dotted >= 5


def _transpose_name_rows(lines: list[Line]) -> list[Line]:
    """A row of names over a row of roles, aligned in columns → one “Name – Role” line each."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if (
            nxt is not None
            and len(line.cells) >= 2
            and len(line.cells) == len(nxt.cells)
            and all(len(c[2].split()) <= 5 for c in line.cells + nxt.cells)
            and all(ROLE_LINE.match(c[2]) for c in nxt.cells)
            and not any(ROLE_LINE.match(c[2]) for c in line.cells)
            and all(
                abs((a[0] + a[1]) / 2 - (b[0] + b[1]) / 2) < 60 or abs(a[0] - b[0]) < 25
                for a, b in zip(line.cells, nxt.cells, strict=True)
            )
        ):
            for name, role in zip(line.cells, nxt.cells, strict=True):
                out.append(_copy(line, f"{name[2]} – {role[2]}"))
            i += 2
            # A third aligned row (e-mail addresses) belongs to the same people.
            if i < len(lines) and len(lines[i].cells) == len(line.cells) and "@" in lines[i].text:
                i += 1
            continue
        out.append(line)
        i += 1
    return out


def _copy(line: Line, text: str) -> Line:
    return Line(
        text=text,
        size=line.size,
        bold=0.0,
        top=line.top,
        bottom=line.bottom,
        x0=line.x0,
        x1=line.x1,
        page=line.page,
    )


def lines_to_text(
    pages: list[list[Line]],
    *,
    body_size: float,
    page_width: float,
    use_tags: bool,
) -> LaidOut:
    """Markdown-ish text of the document: ``#`` headings, blank lines between paragraphs."""
    # Type far smaller than the body (watermarks, decorations) is no part of the text.
    pages = [
        _transpose_name_rows([line for line in lines if line.size >= body_size * 0.55])
        for lines in pages
    ]
    words_on_first = sum(len(line.text.split()) for line in pages[0]) if pages else 0
    cover = 1 if len(pages) > 1 and words_on_first <= 80 else 0
    toc_pages = {n for n, lines in enumerate(pages, 1) if n <= 6 and _is_toc_page(lines)}

    def candidate(line: Line, prev: Line | None, nxt: Line | None, tags: bool) -> bool:
        if line.footnote or line.page == cover or line.page in toc_pages:
            return False
        text = line.text.strip()
        if tags:
            return bool(line.tag_level) and len(text) <= 200
        if len(text) > 150 or len(text) < 2 or not re.search(r"[A-Za-z]", text):
            return False
        bigger = line.size >= body_size + 1.2
        bold = line.bold >= 0.8
        if line.size < body_size - 0.6:
            # Smaller than the body: only a bold heading in capitals or with a number.
            small_heading = (
                bold
                and line.size >= body_size * 0.8
                and (
                    text.isupper()
                    or re.match(r"^(?:\d{1,2}(?:\.\d{1,2})*|[IVX]{1,5})[.)]?\s", text)
                )
                and not _CAPTION.match(text)
            )
            if not small_heading:
                return False
        if not (bigger or bold):
            return False
        if _SENTENCE.search(text) and len(text) > 40:
            return False
        if prev is not None and SIGN_OFF.match(prev.text.strip()) and len(prev.text) <= 60:
            return False  # a signature set large ("Best regards," then the name)
        if text.endswith(":") and len(text.split()) >= 4 and not text.isupper():
            return False  # "This year, our discussion topics are:" introduces a list
        if (
            prev is not None
            and prev.page == line.page
            and prev.text.rstrip().endswith(":")
            and len(prev.text.split()) >= 4
            and line.top - prev.bottom < line.size
        ):
            return False  # an item of that list
        if not bigger:
            # A bold line inside a run of bold lines is an emphasised paragraph.
            def same(other: Line | None) -> bool:
                return (
                    other is not None
                    and other.page == line.page
                    and other.bold >= 0.8
                    and abs(other.size - line.size) < 0.6
                    and other.top - line.bottom < line.size * 1.6
                    and line.top - other.bottom < line.size * 1.6
                )

            if same(prev) or same(nxt):
                return False  # a signature block, a quotation, a bold list
            if re.match(r"^[-–•*▪◦]", text):
                return False
            if (
                prev is not None
                and prev.page == line.page
                and not _ended(prev)
                and line.top - prev.bottom < line.size * 0.5
                and not same(prev)
            ):
                return False  # the bold opening words of a wrapped sentence
        return True

    flat = [line for lines in pages for line in lines]

    def headings(tags: bool) -> list[bool]:
        return [
            candidate(
                line, flat[i - 1] if i else None, flat[i + 1] if i + 1 < len(flat) else None, tags
            )
            for i, line in enumerate(flat)
        ]

    is_heading = headings(False)
    if use_tags:
        # The structure tree wins when it tags most of what looks like a heading; many
        # exports tag only a few (or tag the cover), and then the page is the better guide.
        tagged = headings(True)
        if sum(tagged) >= 0.6 * sum(is_heading):
            is_heading = tagged
        else:
            use_tags = False
    # "Our topics are:" then a short list in a heading's type: the items are no headings.
    for i, line in enumerate(flat):
        if is_heading[i] or not line.text.rstrip().endswith(":") or len(line.text.split()) < 4:
            continue
        j = i + 1
        while (
            j < len(flat)
            and flat[j].page == line.page
            and flat[j].top - flat[j - 1].bottom < line.size
            and len(flat[j].text) <= 80
        ):
            is_heading[j] = False
            j += 1
    # Heading styles → levels.
    if use_tags:
        level_of = {}
    else:
        styles = Counter(_style(line) for line, h in zip(flat, is_heading, strict=True) if h)
        ranked = sorted(styles, reverse=True)
        level_of = {style: min(6, n + 1) for n, style in enumerate(ranked)}

    margins: dict[int, float] = {}
    for line in flat:
        if _BULLET_START.match(line.text):
            margins[line.page] = min(margins.get(line.page, line.x0), line.x0)
    out: list[str] = []
    notes: list[str] = []
    prev: Line | None = None
    prev_heading = False

    def flush_notes():
        if notes:
            out.append("")
            for note in notes:
                out.append(f"Note {note}")
                out.append("")
            notes.clear()

    i = 0
    while i < len(flat):
        line = flat[i]
        if prev is not None and line.page != prev.page:
            out.append("\f")
        if line.footnote:
            text = line.text.strip()
            if re.match(r"^(?:\d{1,3}|[*†‡])\s*", text) or not notes:
                notes.append(text)
            else:
                notes[-1] += (" " if not notes[-1].endswith("-") else "") + text
            prev = line
            i += 1
            continue
        if is_heading[i]:
            text = line.text.strip()
            level = line.tag_level if use_tags else level_of.get(_style(line), 6)
            # A heading wrapped over two lines of the same style is one heading.
            while i + 1 < len(flat) and _continues_heading(
                flat[i], flat[i + 1], is_heading[i + 1], text, page_width, use_tags
            ):
                i += 1
                text = f"{text} {flat[i].text.strip()}"
            flush_notes()
            out.extend(["", "#" * max(1, min(6, level)) + " " + text, ""])
            prev = flat[i]
            prev_heading = True
            i += 1
            continue
        if (
            line.page == cover
            and prev is not None
            and prev.page == line.page
            and not prev_heading
            and _style(prev) == _style(line)
            and 0 <= line.top - prev.bottom < line.size * 0.9
            and out
            and out[-1]
        ):
            out[-1] = f"{out[-1]} {line.text}"  # a cover title set over several lines
            prev = line
            i += 1
            continue
        if prev is not None and line.page == prev.page and not prev_heading:
            gap = line.top - prev.bottom
            indented = line.x0 > prev.x0 + max(8.0, line.size) and _ended(prev)
            restyled = line.page == cover or (
                abs(line.size - prev.size) >= 1.5 or (line.page in toc_pages)
            )
            if gap > max(line.size, prev.size) * 0.75 or indented or restyled:
                out.append("")
        text = line.text
        if _BULLET_START.match(text) and line.x0 - margins.get(line.page, line.x0) > line.size:
            # A nested list item: its indent on the page becomes an indent in the text.
            depth = round((line.x0 - margins[line.page]) / (line.size * 1.5))
            text = "  " * max(1, min(4, depth)) + text
        out.append(text)
        prev = line
        prev_heading = False
        i += 1
    flush_notes()
    text = "\n".join(out)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return LaidOut(text.strip() + "\n", _cover_title(pages[0] if cover else []))


_CONFERENCE = re.compile(
    r"\bmodel\s+united\s+nations\b|\bMUN\b|\bconference\b|\bedition\b|\b(?:19|20)\d\d\b|www\.|\.org\b"
    r"|^(?:background|study|committee|research)\s+(?:guide|report)$",
    re.IGNORECASE,
)


def _cover_title(lines: list[Line]) -> str:
    """The biggest words on the cover that do not name the conference or its date."""
    groups: list[list[Line]] = []
    for line in lines:
        if (
            groups
            and abs(groups[-1][-1].size - line.size) < 0.6
            and 0 <= line.top - groups[-1][-1].bottom < line.size * 0.9
        ):
            groups[-1].append(line)
        else:
            groups.append([line])
    candidates = [
        (max(g[0].size for g in [group]), " ".join(line.text for line in group)) for group in groups
    ]
    candidates = [
        (size, text)
        for size, text in candidates
        if not _CONFERENCE.search(text) and re.search(r"[A-Za-z]{2}", text) and len(text) <= 160
    ]
    if not candidates:
        return ""
    return max(candidates, key=lambda c: c[0])[1].strip()


def _continues_heading(
    line: Line, nxt: Line, nxt_heading: bool, text: str, page_width: float, use_tags: bool
) -> bool:
    """Is ``nxt`` the second line of the heading that ``line`` ends so far?"""
    if nxt.page != line.page or nxt.footnote:
        return False
    gap = nxt.top - line.bottom
    dangling = bool(re.search(r"\b(?:the|of|in|and|from|for|on|to|a|an|by|with)$", text, re.I))
    if dangling and nxt_heading and -2 <= gap < max(line.size, nxt.size) * 0.6:
        return True  # "LETTER FROM THE" over "EXECUTIVE BOARD", set in two sizes
    if abs(nxt.size - line.size) >= 0.6:
        return False
    if gap >= line.size * 0.9 or gap < -2:
        return False
    if use_tags:
        return nxt_heading and nxt.tag_level == line.tag_level
    short_tail = bool(re.fullmatch(r"[\W\d]{1,12}", nxt.text.strip()))  # "1964", "(2018)"
    if not (nxt_heading or short_tail):
        return False
    if _style(nxt) != _style(line) and not short_tail:
        return False
    return (
        short_tail
        or gap < line.size * 0.5
        or line.x1 - line.x0 > page_width * 0.45
        or nxt.text[:1].islower()
        or text.rstrip().endswith(("-", ":", ",", " and", " of", " the", " in", " from"))
    )


def _ended(line: Line) -> bool:
    return bool(re.search(r"[.!?:;]['\"”’)]*$", line.text.strip()))
