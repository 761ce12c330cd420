"""Turn the text of a committee guide into a structure the app can store and show.

Pure Python, no Django. Input is the text that ``documents.extract_text`` produced (Markdown,
plain text, DOCX rendered as Markdown-ish text, or PDF pages separated by form feeds). Output is a
plain dict (JSON-ready)::

    title, committee, topic, chairs [str], sections [{number, ref, title, text, children}],
    facts [{text, details, section}], links [{url, title, section}],
    tables [{caption, columns, rows [{label, values}], section}],
    countries [{iso3, name, text, section}], questions [{text, section}], warnings [str]

Real guides are laid out in many ways and carry page scars. The parser therefore:
- drops page numbers, running headers/footers (lines repeated at the top or bottom of pages, or
  stray number lines such as "2026"), tables of contents (bulleted or with dot leaders);
- rejoins paragraphs broken across pages (a paragraph that stops mid-sentence continues in the
  next one when that starts in lower case, or right after a page scar);
- builds the section tree from the numbering style (I. / 1. / 1.1 / a.) rather than from the
  Markdown heading level, because converted guides get levels wrong, and renumbers sections whose
  number is out of sequence (with a warning);
- never raises on any text: what it cannot place ends up in ``warnings``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

# --- public helpers ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CountryName:
    iso3: str
    name: str


def build_country_index(rows: Iterable[tuple[str, str, Iterable[str]]]) -> dict[str, CountryName]:
    """(iso3, name, aliases) rows → {normalised name or alias: CountryName}."""
    index: dict[str, CountryName] = {}
    for iso3, name, aliases in rows:
        entry = CountryName(iso3.upper(), name)
        for alias in (name, iso3, *aliases):
            key = _country_key(alias)
            if key and (key not in index or alias == name):
                index[key] = entry
    return index


def _country_key(name: str) -> str:
    name = unicodedata.normalize("NFKD", name or "")
    name = "".join(ch for ch in name if not unicodedata.combining(ch)).lower()
    name = re.sub(r"[^a-z0-9]+", " ", name).strip()
    return re.sub(r"^the ", "", name)


# --- line model -------------------------------------------------------------------------------

BREAK = "\f"  # a page break or a removed page scar, kept as a marker for paragraph rejoining

_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'\])]+", re.IGNORECASE)
_MD_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")
_ANGLE_URL = re.compile(r"<((?:https?://|www\.)[^>\s]+)>", re.IGNORECASE)
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^(\s*)(?:[-*+•●▪◦‣–]|\(?\d{1,2}[.)]\s*(?=\S)(?!\d))\s*(.*)$")
_SIMPLE_BULLET = re.compile(r"^(\s*)[-*+•●▪◦‣–](?:\s+(.*)|\s*)$")
_NUMBERED_ITEM = re.compile(r"^(\s*)(?:\d{1,2}|[a-z])[.)]\s+(\S.*)$")
_DOT_LEADER = re.compile(r"(?:\.\s?){4,}\s*\d{1,4}\s*$|(?:…\s?){2,}\s*\d{1,4}\s*$|_{4,}\s*\d+\s*$")
_PAGE_NUMBER = re.compile(
    r"^\W{0,3}(?:page|seite|p\.)?\s*\d{1,4}(?:\s*(?:/|of|von|[-–—|·•]|\s)\s*\d{1,4})*\s*\W{0,3}$",
    re.IGNORECASE,
)
_TOC_TITLE = re.compile(
    r"^(?:table\s+of\s+contents?|contents|index|agenda|inhaltsverzeichnis|table\s+des\s+mati[eè]res)"
    r"\s*:?$",
    re.IGNORECASE,
)
_ROMAN = re.compile(r"^(?=[IVXLC])M{0,3}(?:C[MD]|D?C{0,3})(?:X[CL]|L?X{0,3})(?:I[XV]|V?I{0,3})$")
_DOTTED_NUMBER = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){1,3})(?P<sep>\.?)\s+(?P<title>\S.*)$")
_NUMBERED_SIMPLE = re.compile(
    r"^(?:(?:part|chapter|section|topic)\s+)?"
    r"(?P<num>[IVXLC]{1,6}|\d{1,2}(?:\.\d{1,2}){0,3}|[A-Za-z])(?P<sep>[.):]|\s+[-–—])\s*(?P<title>\S.*)$",
    re.IGNORECASE,
)


def _match_numbered(text: str) -> re.Match | None:
    """A heading number: "2.1 Context", "IV. Solutions", "b) Sanctions", "3 – Blocs"."""
    return _DOTTED_NUMBER.match(text) or _NUMBERED_SIMPLE.match(text)


_KEYWORD_HEADING = re.compile(
    r"^(?:(?:an?\s+)?introduction(?:\s+to\s+.*)?|background(?:\s+information)?|history|overview"
    r"|(?:statement\s+of\s+the\s+)?problem|(?:key|main|major)\s+(?:terms|issues|parties(?:\s+involved)?|actors|players|stakeholders)"
    r"|definitions?(?:\s+of\s+key\s+terms)?|blocs?|bloc\s+positions|country\s+(?:positions|policies|stances|profiles)"
    r"|positions\s+of\s+(?:key\s+)?(?:member\s+)?states|(?:past|previous)\s+(?:actions|un\s+actions|resolutions)"
    r"|timeline(?:\s+of\s+events)?|(?:current|present)\s+situation|(?:possible|potential)\s+solutions?"
    r"|questions?\s+(?:to\s+consider|a\s+resolution\s+(?:should|must)\s+answer)|guiding\s+questions"
    r"|conclusion|summary|facts(?:\s+and\s+figures)?|references|bibliography|sources|works\s+cited"
    r"|further\s+reading|(?:useful|helpful)\s+links(?:\s+and\s+.*)?|(?:additional\s+)?statistics"
    r"|(?:additional\s+)?resources|appendix(?:\s+\w+)?|annex(?:\s+\w+)?)$",
    re.IGNORECASE,
)
_PARTIES_TITLE = re.compile(
    r"(major|key|main)\s+(parties|actors|players|stakeholders)|parties\s+involved|blocs?\b"
    r"|country\s+(positions|policies|stances|profiles)|positions?\s+of\s+(key\s+)?(member\s+)?states"
    r"|stakeholders",
    re.IGNORECASE,
)
_END_MATTER = re.compile(
    r"^(?:references|bibliography|sources|works\s+cited|further\s+reading|annex(?:es)?\b.*"
    r"|appendix\b.*|glossary|conclusion|endnotes|footnotes)$",
    re.IGNORECASE,
)
_QUESTIONS_TITLE = re.compile(r"question", re.IGNORECASE)
_LINKS_TITLE = re.compile(
    r"links|references|bibliography|sources|works\s+cited|further\s+reading", re.IGNORECASE
)
_CHAIR_ROLE = re.compile(
    r"^(?:co-?\s?|vice[-\s]?|deputy\s+|assistant\s+)?(?:chair(?:person|man|woman)?|president|director|moderator"
    r"|rapporteur)s?$",
    re.IGNORECASE,
)
_CHAIR_INLINE = re.compile(
    r"^(?:your\s+)?(?:co-?\s?|vice[-\s]?|deputy\s+|assistant\s+)?(?:chair(?:person|man|woman)?|president|directors?|"
    r"moderators?)(?:s|\(s\))?\s*[:–—-]\s*(?P<names>.+)$",
    re.IGNORECASE,
)
_GUIDE_LABEL = re.compile(r"\b(?:committee|study|background|research)\s+guide\b", re.IGNORECASE)
_TOPIC_LABEL = re.compile(
    r"^(?:topic|agenda(?:\s+item)?|issue)\s*(?:\d+|[IVX]+)?\s*[:–—-]\s*(.+)$", re.I
)
_COMMITTEE_LABEL = re.compile(r"^(?:committee|organ|forum)\s*[:–—-]\s*(.+)$", re.IGNORECASE)
_COMMITTEE_WORDS = re.compile(
    r"\b(united\s+nations|office|council|committee|assembly|commission|organi[sz]ation|programme|"
    r"agency|fund|court|tribunal)\b",
    re.IGNORECASE,
)
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&-]{1,11}$")
_NUMBER = re.compile(r"^[-+−]?(?:\d{1,3}(?:[,\u202f\u00a0 ]\d{3})+|\d+)(?:[.,]\d+)?\s*%?$")
_YEARISH = re.compile(r"^(?:1[89]|20)\d\d(?:[-/–]\d{2,4})?$|^Q[1-4]\s?\d{4}$")
_SENTENCE_END = re.compile(r"[.!?:;]['\"”’)\]]*$")


def _strip_markup(text: str) -> str:
    """Drop Markdown emphasis and escapes; keep link text and the URL."""
    text = _MD_LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})", text)
    text = _ANGLE_URL.sub(r"\1", text)
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!>])", r"\1", text)
    text = re.sub(r"(\*{1,3}|_{2,3})(?=\S)(.+?)(?<=\S)\1", r"\2", text)
    text = re.sub(r"^\*{1,3}(?=\S)|(?<=\S)\*{1,3}$", "", text)
    text = re.sub(r"^\*{1,3}$", "", text)
    text = text.replace("`", "")
    return re.sub(r"[ \t\u00a0]+", " ", text).strip()


def _clean_line(line: str) -> str:
    line = unicodedata.normalize("NFC", line)
    line = line.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
    return line.rstrip()


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


def _heading_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", _strip_markup(text).lower()).strip()


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


def _toc_level_for(title: str, toc_levels: dict[str, int]) -> int | None:
    key = _heading_key(title)
    if not key:
        return None
    if key in toc_levels:
        return toc_levels[key]
    for entry, level in toc_levels.items():
        if len(entry) >= 4 and (entry in key or key in entry):
            return level
    return None


def _heading_text(line: str) -> str:
    if match := _MD_HEADING.match(line):
        return _strip_markup(match.group(2))
    return _strip_markup(line)


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


def _table_cells(line: str) -> list[str]:
    if "\t" in line:
        cells = [cell.strip() for cell in line.split("\t")]
    else:
        cells = [cell.strip() for cell in re.split(r"\s{2,}", line.strip())]
        if line[:1] == " " and len(line) - len(line.lstrip()) >= 8:
            cells = ["", *cells]  # an indented header row has an empty label column
    if "|" in line and line.strip().startswith("|"):
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
    return cells


def _is_number(cell: str) -> bool:
    return bool(_NUMBER.match(cell.replace("−", "-")))


def _to_number(cell: str) -> float | int | None:
    raw = cell.replace("−", "-").replace("%", "").strip()
    raw = re.sub(r"(?<=\d)[,\u202f\u00a0 ](?=\d{3}\b)", "", raw)
    raw = raw.replace(",", ".")
    try:
        value = float(raw)
    except ValueError:
        return None
    return int(value) if value.is_integer() and "." not in raw else value


def _looks_like_table_row(line: str) -> bool:
    if re.fullmatch(r"\s*\|?[-:| ]+\|?\s*", line) and "-" in line and "|" in line:
        return True  # Markdown table rule
    cells = [cell for cell in _table_cells(line) if cell]
    if len(cells) < 2:
        return False
    numeric = sum(1 for cell in cells if _is_number(cell) or _YEARISH.match(cell))
    return numeric >= max(2, len(cells) - 2)


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


def _style_of(num: str) -> str:
    if num.isdigit():
        return "arabic1"
    if re.fullmatch(r"\d+(?:\.\d+)+", num):
        return f"arabic{num.count('.') + 1}"
    if _ROMAN.match(num.upper()) and num.isupper():
        return "roman"
    if num.isalpha() and len(num) == 1:
        return "upper" if num.isupper() else "lower"
    if _ROMAN.match(num.upper()):
        return "lower-roman"
    return "other"


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


# --- front matter -----------------------------------------------------------------------------


def _body_start(lines: list[str], toc_end: int | None, *, markdown_mode: bool) -> int:
    """Index of the first body heading: after the TOC, or the first numbered/keyword heading."""
    start = toc_end or 0
    for i in range(start, len(lines)):
        line = lines[i]
        if line == BREAK or not line.strip():
            continue
        prev_blank = i == 0 or not lines[i - 1].strip() or lines[i - 1] == BREAK
        heading = _classify_heading(line, markdown_mode=markdown_mode, prev_blank=prev_blank)
        if not heading:
            continue
        md_level, number, _style, title = heading
        if toc_end is not None or number or _KEYWORD_HEADING.match(title):
            return i
    # No recognisable body heading: treat the first Markdown heading after two lines as the start.
    return toc_end or 0


def _front_matter(lines: list[str], warnings: list[str]) -> dict:
    texts = []
    for line in lines:
        if line == BREAK or not line.strip():
            continue
        text = _strip_markup(_heading_text(line)).strip()
        text = re.sub(r"^[-–—\s]+|[-–—\s]+$", "", text).strip()
        if text and not _TOC_TITLE.match(text):
            texts.append(text)
    chairs: list[str] = []
    used: set[int] = set()
    for i, text in enumerate(texts):
        if _CHAIR_ROLE.match(text.strip("()[]")):
            used.add(i)
            # The name is usually right before the role, sometimes right after it.
            for j in (i - 1, i + 1):
                if 0 <= j < len(texts) and j not in used and _looks_like_name(texts[j]):
                    chairs.append(texts[j])
                    used.add(j)
                    break
        elif match := _CHAIR_INLINE.match(text):
            used.add(i)
            chairs.extend(_split_names(match.group("names")))
        elif (match := _NAME_THEN_ROLE.match(text)) and _looks_like_name(match.group("name")):
            used.add(i)
            chairs.append(match.group("name").strip())
    committee = topic = title = ""
    acronym = ""
    label = ""
    for i, text in enumerate(texts):
        if i in used:
            continue
        if match := _TOPIC_LABEL.match(text):
            topic, _ = match.group(1).strip(), used.add(i)
        elif match := _COMMITTEE_LABEL.match(text):
            committee, _ = match.group(1).strip(), used.add(i)
        elif _GUIDE_LABEL.search(text) and len(text) <= 60:
            label, _ = text, used.add(i)
        elif _ACRONYM.match(text) and not acronym:
            acronym, _ = text, used.add(i)
    rest = [(i, t) for i, t in enumerate(texts) if i not in used]
    if not committee:
        candidates = [
            (i, text)
            for i, text in rest
            if _COMMITTEE_WORDS.search(text) and len(text.split()) <= 12
        ]
        # "Model United Nations 2026" names the conference, not the committee.
        candidates.sort(key=lambda item: bool(re.search(r"\d|\bmodel\b|\bmun\b", item[1], re.I)))
        if candidates:
            i, text = candidates[0]
            committee = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
            used.add(i)
    rest = [(i, t) for i, t in enumerate(texts) if i not in used]
    if not topic and rest:
        i, topic = max(rest, key=lambda item: (len(item[1].split()) >= 4, len(item[1])))
        used.add(i)
    if committee and acronym and acronym not in committee:
        committee = f"{committee} ({acronym})"
    elif not committee:
        committee = acronym
    short = acronym or committee
    if label:
        title = f"{short} {label}".strip() if short and short not in label else label
    else:
        title = topic or committee
    leftover = [t for i, t in enumerate(texts) if i not in used]
    if leftover:
        warnings.append(
            "Front page lines not recognised as title, committee, topic or chairs: "
            + "; ".join(f"“{t[:60]}”" for t in leftover[:5])
        )
    return {"title": title, "committee": committee, "topic": topic, "chairs": chairs}


_NAME_PARTICLES = {"de", "van", "von", "da", "del", "la", "le", "of", "the", "and", "bin", "al"}
_NAME_THEN_ROLE = re.compile(
    r"^(?P<name>[^,(–—-]{3,60}?)\s*(?:,|\(|[–—-])\s*(?:co-?)?chair(?:person)?\)?$", re.IGNORECASE
)


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return (
        1 <= len(words) <= 6
        and len(text) <= 60
        and not any(ch.isdigit() for ch in text)
        and all(w[0].isupper() or w.lower() in _NAME_PARTICLES for w in words)
        and words[0][0].isupper()
        and not _GUIDE_LABEL.search(text)
        and not _COMMITTEE_WORDS.search(text)
    )


def _split_names(names: str) -> list[str]:
    parts = re.split(r"\s*(?:,|;|&|\band\b|\bund\b|/)\s*", names)
    return [part.strip() for part in parts if _looks_like_name(part.strip())]


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
    blocks: list[Block], warnings: list[str], toc_levels: dict[str, int] | None = None
) -> tuple[list[_Section], list[Block]]:
    root = _Section("", "", "root", 0)
    stack: list[_Section] = [root]
    preamble: list[Block] = []
    any_numbered = any(b.kind == "heading" and b.style for b in blocks)
    md_levels = sorted({b.md_level for b in blocks if b.kind == "heading" and b.md_level})
    for block in blocks:
        if block.kind != "heading":
            if len(stack) == 1:
                preamble.append(block)
            else:
                stack[-1].blocks.append(block)
            continue
        style = block.style
        if style and style != "other":
            # Same numbering style as an open section → sibling of it; new style → child.
            depth = next((d for d in range(len(stack) - 1, 0, -1) if stack[d].style == style), None)
            if depth is None and style == "upper" and block.number in "IVX":
                depth = next(
                    (d for d in range(len(stack) - 1, 0, -1) if stack[d].style == "roman"), None
                )
                style = "roman" if depth is not None else style
            if depth is not None:
                del stack[depth:]
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
        if style and style != "other":
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


def _url_title(url: str) -> str:
    host = re.sub(r"^(?:https?://)?(?:www\.)?", "", url, flags=re.IGNORECASE).split("/")[0]
    path = [p for p in re.sub(r"^(?:https?://)?[^/]+", "", url).split("/") if p]
    last = ""
    while path and not last:
        candidate = re.sub(r"\.(?:html?|php|aspx?|pdf)$", "", path.pop(), flags=re.IGNORECASE)
        candidate = re.sub(r"^\d+-", "", candidate)
        if candidate.lower() not in {"index", "en", "default", "home", ""}:
            last = candidate
    words = re.sub(r"[-_+]+", " ", last).strip()
    return f"{host} — {words}" if words else host


def _links(sections: list[_Section], preamble: list[Block]) -> list[dict]:
    links: list[dict] = []
    seen: set[str] = set()

    def add(text: str, section: _Section | None):
        for match in _URL.finditer(text):
            url = match.group(0).rstrip(".,;:")
            if url.count("(") < url.count(")"):
                url = url.rstrip(")")
            if url.lower().startswith("www."):
                url = "https://" + url
            if url in seen:
                continue
            seen.add(url)
            before = text[: match.start()].strip()
            before = re.sub(r"[\s:–—(\-]+$", "", before)
            title = before if 3 <= len(before) <= 160 and not _URL.search(before) else ""
            links.append({"url": url, "title": title or _url_title(url), **_where(section)})

    for block in preamble:
        add(block.text, None)
    for section in _walk(sections):
        for block in section.blocks:
            if block.kind in ("para", "bullet"):
                add(block.text, section)
    return links


def _facts(sections: list[_Section]) -> list[dict]:
    facts: list[dict] = []
    for section in _walk(sections):
        if _LINKS_TITLE.search(section.title) or _QUESTIONS_TITLE.search(section.title):
            continue
        base: int | None = None
        for block in section.blocks:
            if block.kind != "bullet":
                base = None
                continue
            if _URL.fullmatch(block.text.strip()):
                continue
            if base is None:
                base = block.indent
            if block.indent > base and facts and facts[-1]["section_index"] == section.index:
                facts[-1]["details"].append(block.text)
            else:
                facts.append({"text": block.text, "details": [], **_where(section)})
    return facts


def _questions(sections: list[_Section]) -> list[dict]:
    out = []
    for section in _walk(sections):
        if not _QUESTIONS_TITLE.search(section.title):
            continue
        for block in section.blocks:
            if block.kind in ("bullet", "para") and block.text.strip().endswith("?"):
                out.append({"text": block.text.strip(), **_where(section)})
    return out


def _tables(sections: list[_Section], warnings: list[str]) -> list[dict]:
    tables = []
    for section in _walk(sections):
        blocks = section.blocks
        for n, block in enumerate(blocks):
            if block.kind != "table":
                continue
            table = _table_from_rows(block.rows)
            if table is None:
                warnings.append(
                    f"A table in “{section.title}” has no numeric rows and was kept as text."
                )
                continue
            caption = ""
            after = blocks[n + 1] if n + 1 < len(blocks) else None
            before = blocks[n - 1] if n else None
            if after and after.kind == "para" and _caption_like(after.text, after_position=True):
                caption = after.text
                after.kind = "caption"
            elif (
                before
                and before.kind == "para"
                and _caption_like(before.text, after_position=False)
            ):
                caption = before.text.rstrip(":")
                before.kind = "caption"
            if not caption:
                caption = section.title
                warnings.append(
                    f"A table in “{section.title}” has no caption; it is titled after the section."
                )
            table["caption"] = caption
            table.update(_where(section))
            tables.append(table)
    return tables


def _caption_like(text: str, *, after_position: bool) -> bool:
    if len(text) > 160:
        return False
    if re.match(r"^(table|figure|fig\.|chart|graph|source|abbildung|tabelle)\b", text, re.I):
        return True
    if after_position:
        return not text.endswith(".") or len(text.split()) <= 12
    return text.endswith(":") or not _SENTENCE_END.search(text)


def _table_from_rows(rows: list[list[str]]) -> dict | None:
    rows = [row for row in rows if any(cell for cell in row)]
    if len(rows) < 2:
        return None
    header = rows[0]
    header_numeric = [c for c in header if c and _is_number(c) and not _YEARISH.match(c)]
    body = rows[1:] if not header_numeric else rows
    columns = [c for c in header if c] if not header_numeric else []
    out_rows = []
    for row in body:
        cells = [c for c in row]
        label_parts = []
        values: list[float | int | None] = []
        for cell in cells:
            if not values and not _is_number(cell):
                if cell:
                    label_parts.append(cell)
            else:
                values.append(_to_number(cell) if cell else None)
        if values and any(v is not None for v in values):
            out_rows.append({"label": " ".join(label_parts), "values": values})
    if not out_rows:
        return None
    width = max(len(r["values"]) for r in out_rows)
    if (
        columns
        and len(columns) == width
        and all(not r["label"] for r in out_rows)
        and all(_YEARISH.match(row[0]) for row in body if row and row[0])
        and not _YEARISH.match(columns[0])
    ):
        # "Year | Incidents | Deaths" over rows that start with a year: the year is the label.
        for r in out_rows:
            first = r["values"].pop(0)
            r["label"] = str(first) if first is not None else ""
        columns = columns[1:]
        width -= 1
    if len(columns) > width:
        columns = columns[-width:]  # a label header such as "Drug type" sits over the labels
    while len(columns) < width:
        columns.append(f"Column {len(columns) + 1}")
    for row in out_rows:
        row["values"] += [None] * (width - len(row["values"]))
    return {"caption": "", "columns": columns, "rows": out_rows}


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
