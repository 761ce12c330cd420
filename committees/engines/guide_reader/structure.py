"""Structure stage: lines become blocks (headings, paragraphs, bullets, tables), then a section tree."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .rules import (
    _DOTTED_NUMBER,
    _END_MATTER,
    _KEYWORD_HEADING,
    _MD_HEADING,
    _NUMBERED_ITEM,
    _SENTENCE_END,
    _SIMPLE_BULLET,
    _URL,
    BREAK,
    TOPIC_HEADING,
    _looks_like_table_row,
    _match_numbered,
    _strip_markup,
    _style_of,
    _table_cells,
    _toc_level_for,
)

# --- blocks -----------------------------------------------------------------------------------


@dataclass
class Block:
    kind: str  # heading, para, bullet, table, break
    text: str = ""
    indent: int = 0
    md_level: int = 0
    number: str = ""
    style: str = ""
    title: str = ""
    rows: list[list[str]] = field(default_factory=list)
    after_break: bool = False


def _looks_like_table_header(line: str) -> bool:
    """Column titles over a table: several short cells separated by tabs or wide gaps."""
    if "\t" not in line and not re.search(r"\S\s{2,}\S", line):
        return False
    cells = [cell for cell in _table_cells(line) if cell]
    return len(cells) >= 2 and all(len(cell) <= 40 for cell in cells)


def _table_row_follows(lines: list[str], i: int) -> bool:
    """A table row at ``i``, or just after one blank line (airy PDF tables)."""
    for j in (i, i + 1):
        if j >= len(lines) or lines[j] == BREAK:
            return False
        if lines[j].strip():
            return _looks_like_table_row(lines[j])
    return False


def _classify_heading(
    line: str, *, markdown_mode: bool, prev_blank: bool
) -> tuple[int, str, str, str] | None:
    """(markdown level, number, style, title) when the line is a heading."""
    md = _MD_HEADING.match(line)
    raw = md.group(2) if md else line.strip()
    fully_bold = bool(re.fullmatch(r"\*\*[^*].*\*\*:?|__.+__", raw.strip()))
    text = _strip_markup(raw).strip()
    if not text or len(text) > 140:
        return None
    md_level = len(md.group(1)) if md else 0
    numbered = _match_numbered(text)
    if numbered and not _valid_heading_title(numbered.group("title")):
        numbered = None
    if TOPIC_HEADING.match(text):
        return md_level, "", "topic", text.rstrip(":").strip()
    if md or (markdown_mode and fully_bold):
        if numbered:
            num = numbered.group("num")
            return md_level, num, _style_of(num), numbered.group("title").strip()
        return md_level, "", "", text.rstrip(":").strip()
    if markdown_mode:
        return None
    if not prev_blank or len(text) > 100:
        return None
    if numbered and (numbered.re is _DOTTED_NUMBER or numbered.group("sep") in ".):"):
        num = numbered.group("num")
        title = numbered.group("title").strip()
        # "1. Drones" inside a list is an item, not a heading: headings are short and shouty or
        # titled; items usually read as sentences.
        if _SENTENCE_END.search(title) and not title.endswith(("?", ":")):
            return None
        if title.endswith("?") and not _titled(title):
            return None  # "1. Should there be a treaty?" is a question, not a heading
        if len(num) == 1 and num.isalpha() and num.islower() and not title[:1].isupper():
            return None
        return 0, num, _style_of(num), title
    bare = text.rstrip(":").strip()
    if _KEYWORD_HEADING.match(bare):
        return 0, "", "", bare
    letters = [ch for ch in bare if ch.isalpha()]
    if (
        len(letters) >= 4
        and all(ch.isupper() for ch in letters)
        and len(bare.split()) <= 10
        and not _SENTENCE_END.search(bare)
    ):
        return 0, "", "", bare
    return None


def _titled(text: str) -> bool:
    """ALL CAPS or Title Case (most longer words capitalised), as headings are written."""
    letters = [ch for ch in text if ch.isalpha()]
    if letters and all(ch.isupper() for ch in letters):
        return True
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", text) if len(w) > 3]
    return bool(words) and sum(w[0].isupper() for w in words) / len(words) >= 0.6


def _valid_heading_title(title: str) -> bool:
    title = title.strip()
    return bool(title) and (title[0].isupper() or title[0].isdigit() or title[0] in "\"“'(")


def _blocks(lines: list[str], *, markdown_mode: bool) -> list[Block]:
    blocks: list[Block] = []
    i = 0
    pending_break = False
    para: list[str] = []

    def flush_para():
        nonlocal pending_break
        if para:
            text = _join_wrapped(para)
            if text:
                blocks.append(Block("para", text=text, after_break=pending_break))
                pending_break = False
            para.clear()

    while i < len(lines):
        line = lines[i]
        if line == BREAK:
            flush_para()
            pending_break = True
            i += 1
            continue
        if not line.strip():
            flush_para()
            i += 1
            continue
        prev_blank = not para and (
            not blocks
            or blocks[-1].kind in ("heading", "para", "table")
            or not lines[i - 1].strip()
        )
        if _looks_like_table_row(line) or (
            _looks_like_table_header(line) and _table_row_follows(lines, i + 1)
        ):
            flush_para()
            rows = [_table_cells(line)]
            i += 1
            while i < len(lines) and lines[i] != BREAK:
                if not lines[i].strip():
                    # PDFs with airy tables put a blank line between rows: look past one.
                    nxt = lines[i + 1] if i + 1 < len(lines) else ""
                    if nxt != BREAK and _looks_like_table_row(nxt):
                        i += 1
                        continue
                    break
                if not (_looks_like_table_row(lines[i]) or "\t" in lines[i]):
                    break
                if not re.fullmatch(r"\s*\|?[-:| ]+\|?\s*", lines[i]):
                    rows.append(_table_cells(lines[i]))
                i += 1
            if len(rows) >= 2:
                blocks.append(Block("table", rows=rows, after_break=pending_break))
                pending_break = False
                continue
            para.extend(" ".join(c for c in row if c) for row in rows)
            continue
        heading = _classify_heading(line, markdown_mode=markdown_mode, prev_blank=prev_blank)
        if heading and not _SIMPLE_BULLET.match(line):
            flush_para()
            md_level, number, style, title = heading
            blocks.append(
                Block("heading", md_level=md_level, number=number, style=style, title=title)
            )
            pending_break = False
            i += 1
            continue
        bullet = _SIMPLE_BULLET.match(line) or _NUMBERED_ITEM.match(line)
        if bullet:
            flush_para()
            indent = len(bullet.group(1).expandtabs(4))
            item = [bullet.group(2) or ""]
            i += 1
            # Continuation lines (wrapped items, a URL broken over two lines) join the item.
            while i < len(lines) and lines[i] != BREAK and lines[i].strip():
                nxt = lines[i]
                if (
                    _SIMPLE_BULLET.match(nxt)
                    or _NUMBERED_ITEM.match(nxt)
                    or _MD_HEADING.match(nxt)
                    or _looks_like_table_row(nxt)
                ):
                    break
                item.append(nxt.strip())
                i += 1
            text = _join_wrapped(item)
            if text:
                blocks.append(Block("bullet", text=text, indent=indent, after_break=pending_break))
                pending_break = False
            continue
        para.append(line.strip())
        i += 1
    flush_para()
    return blocks


def _join_wrapped(parts: list[str]) -> str:
    """Join wrapped lines: URLs and hyphenated words continue without a space."""
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if not out:
            out = part
            continue
        last = out.split()[-1] if out.split() else ""
        url_goes_on = _URL.match(last) and re.fullmatch(r"[\w\-./?=&%#~+:]+", part)
        word_goes_on = out.endswith("-") and " " not in part and not part[:1].isupper()
        if url_goes_on or word_goes_on:
            out += part  # a URL or hyphenated word wrapped at the end of a line
        else:
            out += " " + part
    return _strip_markup(out)


def _rejoin_broken_paragraphs(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    for block in blocks:
        if block.kind == "para" and out and out[-1].kind == "para" and block.text:
            prev = out[-1]
            starts_lower = block.text[0].islower() or block.text[0] in ",;)"
            mid_sentence = not _SENTENCE_END.search(prev.text)
            ends_wordish = bool(re.search(r"[\w,]$", prev.text))
            if mid_sentence and (starts_lower or (block.after_break and ends_wordish)):
                prev.text = _join_wrapped([prev.text, block.text])
                continue
        out.append(block)
    return out


# --- section tree -----------------------------------------------------------------------------


@dataclass
class _Section:
    number: str
    title: str
    style: str
    md_level: int
    parent: _Section | None = None
    blocks: list[Block] = field(default_factory=list)
    children: list[_Section] = field(default_factory=list)
    ref: str = ""
    index: int | None = None  # reading order; items point at their section with it


def _next_number(style: str, previous: str | None, parent_ref: str) -> str:
    if style == "roman":
        return _int_to_roman(_roman_to_int(previous) + 1 if previous else 1)
    if style == "lower-roman":
        return _int_to_roman(_roman_to_int(previous.upper()) + 1 if previous else 1).lower()
    if style in ("upper", "lower"):
        base = "A" if style == "upper" else "a"
        return chr(ord(previous) + 1) if previous and previous not in "Zz" else base
    if style.startswith("arabic"):
        if style == "arabic1":
            return str(int(previous) + 1) if previous and previous.isdigit() else "1"
        if previous:
            head, _, tail = previous.rpartition(".")
            return f"{head}.{int(tail) + 1}" if tail.isdigit() else previous
        return ""
    return ""


def _roman_to_int(text: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for ch, nxt in zip(text, [*text[1:], ""], strict=True):
        value = values.get(ch, 0)
        total += -value if nxt and values.get(nxt, 0) > value else value
    return total


def _int_to_roman(value: int) -> str:
    numerals = [(100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V")]
    numerals += [(4, "IV"), (1, "I")]
    out = ""
    for amount, numeral in numerals:
        while value >= amount:
            out += numeral
            value -= amount
    return out or "I"


def _build_tree(
    blocks: list[Block],
    warnings: list[str],
    toc_levels: dict[str, int] | None = None,
    *,
    layout: bool = False,
) -> tuple[list[_Section], list[Block]]:
    root = _Section("", "", "root", 0)
    stack: list[_Section] = [root]
    preamble: list[Block] = []
    any_numbered = any(b.kind == "heading" and b.style not in ("", "topic") for b in blocks)
    md_levels = sorted({b.md_level for b in blocks if b.kind == "heading" and b.md_level})
    for block in blocks:
        if block.kind != "heading":
            if len(stack) == 1:
                preamble.append(block)
            else:
                stack[-1].blocks.append(block)
            continue
        style = block.style
        if style == "topic":
            del stack[1:]
        elif layout and block.md_level and not style and (not any_numbered or len(md_levels) >= 2):
            top = stack[1] if len(stack) > 1 else None
            if (
                any_numbered
                and top is not None
                and top.style
                and top.md_level == block.md_level
                and not _END_MATTER.match(block.title)
            ):
                del stack[2:]  # unnumbered, set like the numbered part it follows: inside it
            else:
                # Levels seen on the page: the heading goes under the nearest bigger one.
                while len(stack) > 1 and (stack[-1].md_level or 9) >= block.md_level:
                    stack.pop()
        elif style and style != "other":
            # Same numbering style as an open section → sibling of it; new style → child.
            depth = next((d for d in range(len(stack) - 1, 0, -1) if stack[d].style == style), None)
            if depth is None and style == "upper" and block.number in "IVX":
                depth = next(
                    (d for d in range(len(stack) - 1, 0, -1) if stack[d].style == "roman"), None
                )
                style = "roman" if depth is not None else style
            if depth is not None:
                del stack[depth:]
            elif layout and block.md_level:
                # A new numbering style: its place comes from its size on the page.
                while len(stack) > 1 and (stack[-1].md_level or 9) > block.md_level:
                    stack.pop()
                if stack[-1].md_level == block.md_level and len(stack) > 1:
                    stack.pop()
            elif style == "roman":
                del stack[1:]
        else:
            # Unnumbered heading: with numbered parts around, it belongs inside the current
            # part unless its Markdown level says it is more important than that part.
            toc_level = _toc_level_for(block.title, toc_levels or {})
            if toc_level and not any_numbered:
                del stack[min(toc_level, len(stack)) :]
            elif toc_levels and not any_numbered and not _END_MATTER.match(block.title):
                del stack[2:]  # not in the contents: part of the current part
            elif any_numbered and len(stack) > 1:
                top = stack[1]
                if _END_MATTER.match(block.title) or (
                    block.md_level and top.md_level and block.md_level < top.md_level
                ):
                    del stack[1:]
                else:
                    del stack[2:]
                    if stack[-1].style == "" and len(stack) > 2:
                        stack.pop()
            elif block.md_level and md_levels:
                rank = md_levels.index(block.md_level) + 1 if block.md_level in md_levels else 1
                del stack[min(rank, len(stack)) :]
                while len(stack) > rank:
                    stack.pop()
            else:
                del stack[1:]
        parent = stack[-1]
        number = block.number
        if style and style not in ("other", "topic"):
            previous = next(
                (c.number for c in reversed(parent.children) if c.style == style and c.number),
                None,
            )
            expected = _next_number(style, previous, parent.ref)
            if style.startswith("arabic") and style != "arabic1" and not previous:
                expected = number
            if expected and number.upper() != expected.upper():
                where = f" in {parent.ref or 'the guide'}" if parent is not root else ""
                warnings.append(
                    f"Heading “{block.number}. {block.title}” is numbered {block.number} but comes "
                    f"after {previous or 'the start'}{where}; numbered it {expected}."
                )
                number = expected
        section = _Section(number, block.title, style, block.md_level, parent=parent)
        if not number:
            section.ref = ""
        elif (style.startswith("arabic") and style != "arabic1") or parent is root:
            section.ref = number  # "2.1" carries its own path
        else:
            section.ref = ".".join(p for p in (parent.ref, number) if p)
        parent.children.append(section)
        stack.append(section)
    return root.children, preamble


# --- output -----------------------------------------------------------------------------------


def _section_text(section: _Section) -> str:
    parts: list[str] = []
    bullets: list[str] = []
    base_indent: int | None = None
    for block in section.blocks:
        if block.kind == "bullet":
            if base_indent is None:
                base_indent = block.indent
            level = 1 if block.indent > base_indent else 0
            bullets.append("  " * level + "- " + block.text)
            continue
        if bullets:
            parts.append("\n".join(bullets))
            bullets, base_indent = [], None
        if block.kind == "para":
            parts.append(block.text)
    if bullets:
        parts.append("\n".join(bullets))
    return "\n\n".join(parts)


def _walk(sections: list[_Section]) -> Iterable[_Section]:
    for section in sections:
        yield section
        yield from _walk(section.children)


def _full_text(section: _Section) -> str:
    parts = [_section_text(section)]
    for child in section.children:
        parts.append(f"{child.title}\n\n{_full_text(child)}")
    return "\n\n".join(p for p in parts if p.strip())


def _where(section: _Section | None) -> dict:
    """Where an item sits: the citable number, and the section's index in reading order."""
    if section is None:
        return {"section": "", "section_index": None}
    return {"section": section.ref, "section_index": section.index}


def _section_dict(section: _Section) -> dict:
    return {
        "index": section.index,
        "number": section.number,
        "ref": section.ref,
        "title": section.title,
        "text": _section_text(section),
        "children": [_section_dict(child) for child in section.children],
    }


def _title_case_if_shouting(text: str) -> str:
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) >= 4 and all(ch.isupper() for ch in letters):
        small = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to"}
        words = text.lower().split()
        out = []
        for n, word in enumerate(words):
            if n and word in small:
                out.append(word)
            elif re.fullmatch(r"[a-z]{2,6}", word) and word.upper() in _KNOWN_ACRONYMS:
                out.append(word.upper())
            else:
                out.append(word[:1].upper() + word[1:])
        return " ".join(out)
    return text


_KNOWN_ACRONYMS = {"UN", "UNODC", "AI", "USA", "US", "EU", "UK", "PCCP", "NGO", "NGOS", "UNGA"}
