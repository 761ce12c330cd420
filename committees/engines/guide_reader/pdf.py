"""Extract stage for PDFs: positioned lines with their font size and weight, in reading order.

pdfplumber (on pdfminer.six) gives every character with its font, size, position and, in tagged
PDFs, the marked-content id that links it to the structure tree. From them this module builds
``Line`` objects page by page:

- characters drawn twice for a fake bold are merged, letter-spaced capitals ("E D I T I O N")
  closed up, footnote markers (small raised digits) dropped;
- two-column pages are detected from a vertical gutter free of text and read column by column,
  full-width lines (titles, figures) keeping their place;
- running headers and footers (the same line, digits aside, at the top or bottom of many pages)
  and page numbers are removed; footnotes (small type at the foot of a page) are kept apart;
- characters without a text map ("(cid:123)", fonts embedded without a Unicode table) are
  dropped and counted, so the caller can say which pages need another export or OCR;
- tagged PDFs: headings H1–H6 of the structure tree are attached to their lines.
"""

from __future__ import annotations

import io
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from committees.engines.i18n import gettext

from .errors import ReadError
from .limits import MAX_PAGES

_CID = re.compile(r"\(cid:\d+\)")
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_HEADING_TAG = re.compile(r"^H([1-6])?$")


@dataclass
class Line:
    text: str
    size: float
    bold: float  # share of the line's letters set in a bold face
    top: float
    bottom: float
    x0: float
    x1: float
    page: int
    cells: list[tuple[float, float, str]] = field(default_factory=list)  # wide-gap clusters
    tag_level: int = 0  # heading level from the structure tree (tagged PDFs)
    footnote: bool = False
    edge: bool = False  # in the top or bottom margin of the page


@dataclass
class PdfText:
    pages: list[list[Line]]
    body_size: float
    page_width: float
    garbage_pages: list[int] = field(default_factory=list)
    garbage_share: float = 0.0
    tagged_headings: int = 0
    two_column_pages: list[int] = field(default_factory=list)
    removed_running: int = 0
    title_meta: str = ""


def read_pdf(filename: str, data: bytes) -> PdfText:
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise ReadError(
            gettext("“%(filename)s” is not a PDF file (it lacks the %%PDF header).")
            % {"filename": filename}
        )
    declared = _probe(filename, data)
    if declared is not None and declared > MAX_PAGES:
        raise ReadError(
            gettext(
                "“%(filename)s” has %(declared)s pages; a guide may have at most %(max_pages)s pages. Upload the guide itself, not a collection of documents."
            )
            % {"filename": filename, "declared": format(declared, ","), "max_pages": MAX_PAGES}
        )
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PDFPasswordIncorrect as exc:
        raise ReadError(_password_message(filename)) from exc
    except Exception as exc:
        raise ReadError(
            gettext("“%(filename)s” is a damaged PDF and cannot be read (%(name)s).")
            % {"filename": filename, "name": type(exc).__name__}
        ) from exc
    with pdf:
        try:
            plumber_pages = pdf.pages
        except Exception as exc:
            raise ReadError(
                gettext("“%(filename)s” is a damaged PDF: its pages cannot be listed.")
                % {"filename": filename}
            ) from exc
        if not plumber_pages:
            raise ReadError(
                gettext("“%(filename)s” is a PDF without pages.") % {"filename": filename}
            )
        if len(plumber_pages) > MAX_PAGES:
            raise ReadError(
                gettext(
                    "“%(filename)s” has %(plumber_pages_count)s pages; a guide may have at most %(max_pages)s pages."
                )
                % {
                    "filename": filename,
                    "plumber_pages_count": format(len(plumber_pages), ","),
                    "max_pages": MAX_PAGES,
                }
            )
        raw_pages: list[list[dict]] = []
        widths: list[float] = []
        all_sizes: Counter[float] = Counter()
        garbage = Counter()
        letters = Counter()
        failures = 0
        for page in plumber_pages:
            try:
                chars = _dedupe(page.chars)
            except Exception:
                failures += 1
                chars = []
            kept = []
            for ch in chars:
                text = ch.get("text") or ""
                if not text.strip():
                    kept.append(ch)
                    continue
                if _CID.fullmatch(text) or text == "\ufffd":
                    garbage[page.page_number] += 1
                    continue
                letters[page.page_number] += 1
                all_sizes[round(float(ch.get("size") or 0), 1)] += 1
                kept.append(ch)
            raw_pages.append(kept)
            widths.append(float(page.width or 612))
            page.close()  # drop the page's parsed objects; its characters are kept above
        if failures == len(plumber_pages):
            raise ReadError(
                gettext("“%(filename)s” is a damaged PDF: no page could be read.")
                % {"filename": filename}
            )
        total_letters = sum(letters.values())
        total_garbage = sum(garbage.values())
        if total_letters < 20:
            if total_garbage:
                raise ReadError(
                    gettext(
                        "“%(filename)s” uses fonts without a text map: its letters cannot be read. Export it again from the original (Word, Google Docs: “Download as PDF”) or upload the DOCX; a scan needs OCR first."
                    )
                    % {"filename": filename}
                )
            raise ReadError(
                gettext(
                    "“%(filename)s” has no text layer (it is a scan or its text is stored as pictures): it needs OCR. Upload the DOCX or a text-based PDF of the guide."
                )
                % {"filename": filename}
            )
        body_size = all_sizes.most_common(1)[0][0] if all_sizes else 11.0
        tag_levels = _tag_levels(pdf)
        result = PdfText(
            pages=[],
            body_size=body_size,
            page_width=statistics.median(widths),
            garbage_pages=sorted(p for p, n in garbage.items() if n >= 20),
            garbage_share=total_garbage / max(1, total_garbage + total_letters),
            title_meta=str((pdf.metadata or {}).get("Title") or "").strip(),
        )
        for number, (page, chars) in enumerate(zip(plumber_pages, raw_pages, strict=True), 1):
            lines, two_columns = _page_lines(chars, float(page.width or 612), body_size)
            height = float(page.height or 792)
            for line in lines:
                line.page = number
                line.edge = line.top < height * 0.09 or line.bottom > height * 0.93
            if two_columns:
                result.two_column_pages.append(number)
            _mark_footnotes(lines, float(page.height or 792), body_size)
            result.pages.append(lines)
        if tag_levels:
            result.tagged_headings = _apply_tags(result.pages, raw_pages, tag_levels)
    result.removed_running = _remove_running_lines(result.pages)
    return result


def _dedupe(chars: list[dict]) -> list[dict]:
    """Drop characters drawn twice at (almost) the same place: a “fake bold” or a shadow."""
    seen: set[tuple] = set()
    out: list[dict] = []
    for ch in chars:
        key = (ch.get("text"), round(float(ch["x0"]) / 1.5), round(float(ch["top"]) / 1.5))
        if key in seen:
            continue
        if out:
            prev = out[-1]
            if (
                prev.get("text") == ch.get("text")
                and abs(float(prev["top"]) - float(ch["top"])) < 1.5
                and abs(float(prev["x0"]) - float(ch["x0"])) < float(prev.get("width") or 1) * 0.6
                and (ch.get("text") or "").strip()
            ):
                continue  # the same letter struck twice, a little apart
        seen.add(key)
        out.append(ch)
    return out


def _password_message(filename: str) -> str:
    return f"“{filename}” is password-protected. Remove the password and upload it again."


def _probe(filename: str, data: bytes) -> int | None:
    """Refuse a password-protected PDF; return the page count its page tree declares."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        encrypted = reader.is_encrypted
    except Exception:
        return None  # pdfplumber reports damage in its own words
    if encrypted:
        try:
            opened = reader.decrypt("")
        except Exception:
            opened = 0
        if not opened:
            raise ReadError(_password_message(filename))
    try:
        count = reader.trailer["/Root"]["/Pages"].get("/Count")
        return int(count) if count is not None else None
    except Exception:
        return None


# --- structure tree ---------------------------------------------------------------------------


def _tag_levels(pdf) -> dict[tuple[int, int], int]:
    """(page number, marked-content id) → heading level, from the structure tree's H1–H6."""
    try:
        tree = pdf.structure_tree
    except Exception:
        return {}
    levels: dict[tuple[int, int], int] = {}

    def walk(element, page=None):
        page = element.get("page_number", page)
        tag = _HEADING_TAG.match(str(element.get("type", "")))
        if tag:
            level = int(tag.group(1) or 1)
            for mcid in _mcids(element, page):
                levels[mcid] = level
            return
        for child in element.get("children", []) or []:
            walk(child, page)

    def _mcids(element, page):
        out = [(element.get("page_number", page), m) for m in element.get("mcids", []) or []]
        for child in element.get("children", []) or []:
            out.extend(_mcids(child, element.get("page_number", page)))
        return out

    try:
        for element in tree:
            walk(element)
    except Exception:
        return {}
    return levels


def _apply_tags(pages, raw_pages, tag_levels) -> int:
    found = 0
    for number, lines in enumerate(pages, 1):
        for line in lines:
            levels = Counter(
                tag_levels.get((number, mcid))
                for mcid in getattr(line, "_mcids", ())
                if (number, mcid) in tag_levels
            )
            if levels and sum(levels.values()) * 2 >= max(1, getattr(line, "_letters", 1)):
                line.tag_level = levels.most_common(1)[0][0]
                found += 1
    return found


# --- lines and columns ------------------------------------------------------------------------


def _is_bold(ch) -> bool:
    return bool(_BOLD_FONT.search(str(ch.get("fontname") or "")))


def _page_lines(chars: list[dict], width: float, body_size: float) -> tuple[list[Line], bool]:
    chars = [ch for n, ch in enumerate(chars) if not _note_marker(chars, n, body_size)]
    upright = [ch for ch in chars if ch.get("upright", True)]
    words = _words(upright)
    if not words:
        return [], False
    gutter = _gutter(words, width)
    if gutter is None:
        return _rows_to_lines(_rows(words)), False
    left, right, spanning = [], [], []
    for word in words:
        if word["x1"] <= gutter[0] + 1:
            left.append(word)
        elif word["x0"] >= gutter[1] - 1:
            right.append(word)
        else:
            spanning.append(word)
    # A row with a word across the gutter (a title over both columns) spans it whole.
    span_bottoms = [w["bottom"] for w in spanning]

    def on_span_row(word):
        return any(abs(word["bottom"] - b) <= max(1.5, word["size"] * 0.35) for b in span_bottoms)

    if span_bottoms:
        spanning += [w for w in left + right if on_span_row(w)]
        left = [w for w in left if not on_span_row(w)]
        right = [w for w in right if not on_span_row(w)]
    span_rows = _rows(spanning)
    cuts = [min(w["top"] for w in row) for row in span_rows]
    # Bands between full-width rows; each band is read left column first, then right.
    edges = [-1e9, *cuts, 1e9]
    out_rows: list[list[dict]] = []
    span_iter = iter(span_rows)
    for n in range(len(edges) - 1):
        lo, hi = edges[n], edges[n + 1]
        band_left = [w for w in left if lo <= w["top"] < hi]
        band_right = [w for w in right if lo <= w["top"] < hi]
        out_rows.extend(_rows(band_left))
        out_rows.extend(_rows(band_right))
        if n < len(span_rows):
            out_rows.append(next(span_iter))
    return _rows_to_lines(out_rows), True


def _note_marker(chars: list[dict], n: int, body_size: float) -> bool:
    """A small digit stuck to the word before it: a footnote marker ("…in 1946.¹²")."""
    ch = chars[n]
    size = float(ch.get("size") or 0)
    if not (ch.get("text") or "").isdigit() or not 0 < size < 0.75 * body_size:
        return False
    k = n - 1
    while (
        k >= 0
        and (chars[k].get("text") or "").isdigit()
        and float(chars[k].get("size") or 0) == size
    ):
        k -= 1  # "12": look past the marker's own digits
    if k < 0:
        return False
    before = chars[k]
    text = before.get("text") or ""
    return (
        bool(text.strip())
        and float(before.get("size") or 0) >= size * 1.2
        and abs(float(ch["x0"]) - float(before["x1"])) < size
    )


def _words(chars: list[dict]) -> list[dict]:
    """Characters → words: a gap wider than a sixth of the type size separates words."""
    rows = _cluster_tops(chars)
    words: list[dict] = []
    for row in rows:
        row.sort(key=lambda c: (float(c["x0"]), bool((c.get("text") or "").strip())))
        current: list[dict] = []
        for ch in row:
            text = ch.get("text") or ""
            if not text.strip():
                # A space ends the word it follows (not one it overlaps, as some writers
                # place a space glyph under the first letter of a line).
                if current and float(ch["x0"]) >= float(current[-1]["x1"]) - 0.5:
                    words.append(_word(current))
                    current = []
                continue
            if current:
                prev = current[-1]
                gap = float(ch["x0"]) - float(prev["x1"])
                size = max(1.0, float(ch.get("size") or prev.get("size") or 10))
                if gap > size * 0.15 or gap < -size:
                    words.append(_word(current))
                    current = []
            current.append(ch)
        if current:
            words.append(_word(current))
    return words


def _cluster_tops(chars: list[dict]) -> list[list[dict]]:
    """Characters sharing a baseline (within a third of their size) form one row."""
    rows: list[list[dict]] = []
    anchors: list[float] = []
    for ch in sorted(chars, key=lambda c: float(c["bottom"])):
        bottom = float(ch["bottom"])
        size = float(ch.get("size") or 10)
        if anchors and abs(bottom - anchors[-1]) <= max(1.5, size * 0.35):
            rows[-1].append(ch)
        else:
            rows.append([ch])
            anchors.append(bottom)
    return rows


def _word(chars: list[dict]) -> dict:
    text = "".join(ch.get("text") or "" for ch in chars)
    letters = [ch for ch in chars if (ch.get("text") or "").strip()]
    return {
        "text": text,
        "x0": min(float(ch["x0"]) for ch in chars),
        "x1": max(float(ch["x1"]) for ch in chars),
        "top": min(float(ch["top"]) for ch in chars),
        "bottom": max(float(ch["bottom"]) for ch in chars),
        "size": statistics.median(float(ch.get("size") or 0) for ch in letters),
        "bold": sum(_is_bold(ch) for ch in letters) / max(1, len(letters)),
        "n": len(letters),
        "mcids": [ch.get("mcid") for ch in letters if ch.get("mcid") is not None],
    }


def _gutter(words: list[dict], width: float) -> tuple[float, float] | None:
    """A vertical band in the middle of the page that body text never crosses."""
    if len(words) < 120:
        return None
    lo, hi = int(width * 0.3), int(width * 0.7)
    cover = [0] * (int(width) + 2)
    for word in words:
        for x in range(max(0, int(word["x0"])), min(len(cover), int(word["x1"]) + 1)):
            cover[x] += 1
    best: tuple[int, int] | None = None
    limit = max(2, len(words) // 60)  # a few full-width lines may cross it
    x = lo
    while x < hi:
        if cover[x] <= limit:
            start = x
            while x < hi and cover[x] <= limit:
                x += 1
            if best is None or x - start > best[1] - best[0]:
                best = (start, x)
        x += 1
    if best is None or best[1] - best[0] < 6:
        return None
    # Inside that band, the gutter is where the fewest words cross (none, on a clean page).
    least = min(cover[best[0] : best[1]])
    runs, x = [], best[0]
    while x < best[1]:
        if cover[x] == least:
            start = x
            while x < best[1] and cover[x] == least:
                x += 1
            runs.append((start, x))
        x += 1
    best = max(runs, key=lambda r: r[1] - r[0])
    if best[1] - best[0] < 6:
        return None
    left = [w for w in words if w["x1"] <= best[0] + 1]
    right = [w for w in words if w["x0"] >= best[1] - 1]
    if min(len(left), len(right)) < len(words) * 0.25:
        return None
    # Both sides must read as prose, not as the columns of a table.
    for side in (left, right):
        rows = _rows(side)
        chars_per_row = statistics.mean(sum(len(w["text"]) + 1 for w in row) for row in rows)
        if chars_per_row < 25 or len(rows) < 8:
            return None
    return best


def _rows(words: list[dict]) -> list[list[dict]]:
    rows: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (w["bottom"], w["x0"])):
        if rows:
            last = rows[-1]
            ref = statistics.median(w["bottom"] for w in last)
            if abs(word["bottom"] - ref) <= max(1.5, word["size"] * 0.35):
                last.append(word)
                continue
        rows.append([word])
    for row in rows:
        row.sort(key=lambda w: w["x0"])
    return rows


_SPACED_LETTERS = re.compile(r"(?<![\w])(?:\w ){3,}\w(?![\w])")


def _rows_to_lines(rows: list[list[dict]]) -> list[Line]:
    lines: list[Line] = []
    for row in rows:
        text = " ".join(w["text"] for w in row)
        text = _SPACED_LETTERS.sub(lambda m: m.group(0).replace(" ", ""), text)
        text = re.sub(r"\s+", " ", text).strip()
        if not text:
            continue
        n = sum(w["n"] for w in row) or 1
        size = statistics.median(w["size"] for w in row for _ in range(max(1, w["n"])))
        cells: list[tuple[float, float, str]] = []
        for word in row:
            if cells and word["x0"] - cells[-1][1] <= max(6.0, word["size"] * 1.2):
                x0, _x1, t = cells[-1]
                cells[-1] = (x0, word["x1"], f"{t} {word['text']}")
            else:
                cells.append((word["x0"], word["x1"], word["text"]))
        if len(cells) >= 2 and any(re.fullmatch(r"[-+−]?[\d.,%\s]+", c[2]) for c in cells):
            text = "\t".join(c[2] for c in cells)  # a table row: keep its columns apart
        line = Line(
            text=text,
            size=round(size, 1),
            bold=sum(w["bold"] * w["n"] for w in row) / n,
            top=min(w["top"] for w in row),
            bottom=max(w["bottom"] for w in row),
            x0=min(w["x0"] for w in row),
            x1=max(w["x1"] for w in row),
            page=0,
            cells=cells,
        )
        line._mcids = [m for w in row for m in w["mcids"]]  # type: ignore[attr-defined]
        line._letters = n  # type: ignore[attr-defined]
        lines.append(line)
    return lines


# --- footnotes and running lines --------------------------------------------------------------

_NOTE_START = re.compile(r"^(?:\d{1,3}|[*†‡])\s*\S")


def _mark_footnotes(lines: list[Line], height: float, body_size: float) -> None:
    """Small type at the foot of a page, opening with a note number, is the page's footnotes."""
    n = len(lines)
    i = n - 1
    start = None
    while i >= 0:
        line = lines[i]
        if line.top < height * 0.45:
            break
        small = line.size <= body_size - 1 or line.size <= body_size * 0.9
        if small and line.bold < 0.6:
            if _NOTE_START.match(line.text) or re.match(r"^(?:https?://|www\.)", line.text):
                start = i
            i -= 1
            continue
        if re.fullmatch(r"\W*\d{1,4}\W*", line.text):  # the page number under the notes
            i -= 1
            continue
        break
    if start is None:
        return
    for line in lines[start:]:
        if line.size < body_size:
            line.footnote = True


def _running_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower()).strip()


def _remove_running_lines(pages: list[list[Line]]) -> int:
    """Drop lines repeated at the top or bottom of many pages, and bare page numbers there."""
    if len(pages) < 3:
        return 0
    counts: Counter[str] = Counter()
    for lines in pages:
        edge = {
            _running_key(line.text)
            for n, line in enumerate(lines)
            if n < 3 or n >= len(lines) - 3 or line.edge
        }
        counts.update(edge)
    threshold = max(3, int(len(pages) * 0.4))
    running = {key for key, n in counts.items() if n >= threshold and len(key) <= 120}
    removed = 0
    for lines in pages:
        keep = []
        for i, line in enumerate(lines):
            at_edge = i < 3 or i >= len(lines) - 3 or line.edge
            key = _running_key(line.text)
            page_number = bool(re.fullmatch(r"[\W#]*(?:page\s*)?#(?:\s*(?:of|/)\s*#)?[\W#]*", key))
            if at_edge and (key in running or page_number):
                removed += 1
                continue
            keep.append(line)
        lines[:] = keep
    return removed
