"""Extract stage for DOCX: paragraphs as lines with their style's heading level, size and weight.

Word keeps what a PDF loses: heading styles ("Heading 2"), outline levels set on a paragraph or
its style, list numbering and tables. Guides written without heading styles still show their
headings as bigger or bold paragraphs, so every paragraph also carries its font size and
weight, and the layout stage decides as it does for an untagged PDF.

The package is checked before it is opened: every part's unpacked size, declared and actual
(read in chunks and stopped at the limit), so a zip bomb is refused in milliseconds.
"""

from __future__ import annotations

import io
import re
import zipfile

from committees.engines.i18n import gettext

from .errors import ReadError
from .limits import MAX_DOCX_PART_BYTES, MAX_DOCX_RATIO, MAX_DOCX_TOTAL_BYTES
from .pdf import Line

_HEADING_STYLE = re.compile(r"^(?:heading|überschrift|titre|título|titolo)\s*(\d)$", re.I)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def check_package(filename: str, data: bytes) -> None:
    """Refuse archives that are not a DOCX or that unpack to more than the limits."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ReadError(
            gettext("“%(filename)s” is not a valid Word document (a .docx file is a ZIP package).")
            % {"filename": filename}
        )
    too_big = (
        f"“{filename}” unpacks to more than a Word guide can hold (over "
        f"{MAX_DOCX_TOTAL_BYTES // (1024 * 1024)} MB, or one part over "
        f"{MAX_DOCX_PART_BYTES // (1024 * 1024)} MB); it was not read. "
        "Save it again from Word, or upload a PDF."
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            infos = package.infolist()
            if "word/document.xml" not in {info.filename for info in infos}:
                raise ReadError(
                    gettext(
                        "“%(filename)s” is a ZIP archive but not a Word document (it has no word/document.xml)."
                    )
                    % {"filename": filename}
                )
            if len(infos) > 2000:
                raise ReadError(
                    gettext("“%(filename)s” has %(infos_count)s parts; a Word guide has dozens.")
                    % {"filename": filename, "infos_count": len(infos)}
                )
            declared = 0
            for info in infos:
                declared += info.file_size
                ratio = info.file_size / max(1, info.compress_size)
                if (
                    info.file_size > MAX_DOCX_PART_BYTES
                    or declared > MAX_DOCX_TOTAL_BYTES
                    or (ratio > MAX_DOCX_RATIO and info.file_size > 1024 * 1024)
                ):
                    raise ReadError(too_big)
            # Declared sizes can lie: count what the XML parts really unpack to.
            actual = 0
            for info in infos:
                if not info.filename.endswith((".xml", ".rels")):
                    continue
                with package.open(info) as stream:
                    while chunk := stream.read(1024 * 1024):
                        actual += len(chunk)
                        if actual > MAX_DOCX_TOTAL_BYTES or len(chunk) > MAX_DOCX_PART_BYTES:
                            raise ReadError(too_big)
    except ReadError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
        raise ReadError(
            gettext("“%(filename)s” is a damaged ZIP package: %(exc)s.")
            % {"filename": filename, "exc": exc}
        ) from exc
    except Exception as exc:  # zlib errors, CRC mismatches on a lying header
        raise ReadError(
            gettext("“%(filename)s” is a damaged ZIP package (%(name)s).")
            % {"filename": filename, "name": type(exc).__name__}
        ) from exc


def read_docx(filename: str, data: bytes) -> tuple[list[list[Line]], float, int]:
    """(pages of lines, body text size, paragraphs with a heading level of their own)."""
    check_package(filename, data)
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
        pages: list[list[Line]] = [[]]
        sizes: dict[float, int] = {}
        tagged = 0
        y = 0.0
        default_size = _default_size(document)
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                for row in block.rows:
                    cells = []
                    for cell in row.cells:
                        text = cell.text.replace("\n", " ").replace("\t", " ").strip()
                        if not cells or text != cells[-1]:  # merged cells repeat
                            cells.append(text)
                    if any(cells):
                        pages[-1].append(_line("\t".join(cells), default_size, 0, y, len(pages)))
                        y += default_size + 1
                y += default_size * 2
                continue
            if (_page_break_before(block) or _rendered_break(block)) and pages[-1]:
                pages.append([])
                y = 0.0
            text = block.text.replace("\t", " ").replace("\v", " ").strip()
            if not text:
                continue
            size, bold = _run_style(block, default_size)
            level = _outline_level(block)
            if level:
                tagged += 1
            list_level = _list_level(block)
            if list_level is not None and not level:
                text = "  " * list_level + "- " + text
            line = _line(text, size, bold, y, len(pages))
            line.tag_level = level
            pages[-1].append(line)
            sizes[round(size, 1)] = sizes.get(round(size, 1), 0) + len(text)
            y += size * 2.2
            if _page_break_after(block):
                pages.append([])
                y = 0.0
    except ReadError:
        raise
    except Exception as exc:  # python-docx raises many kinds on malformed XML
        raise ReadError(
            gettext("“%(filename)s” could not be read as a Word document (%(name)s).")
            % {"filename": filename, "name": type(exc).__name__}
        ) from exc
    pages = [page for page in pages if page]
    body = max(sizes, key=sizes.get) if sizes else default_size
    return pages, body, tagged


def _line(text: str, size: float, bold: float, y: float, page: int) -> Line:
    return Line(text=text, size=size, bold=bold, top=y, bottom=y + size, x0=72, x1=540, page=page)


def _default_size(document) -> float:
    try:
        size = document.styles["Normal"].font.size
        return size.pt if size else 11.0
    except Exception:
        return 11.0


def _style_chain(paragraph):
    style = paragraph.style
    while style is not None:
        yield style
        style = style.base_style


def _run_style(paragraph, default: float) -> tuple[float, float]:
    sizes, bold_chars, chars = [], 0, 0
    for run in paragraph.runs:
        text = run.text.strip()
        if not text:
            continue
        size = run.font.size.pt if run.font.size else None
        bold = run.bold
        for style in _style_chain(paragraph):
            if size is None and style.font.size:
                size = style.font.size.pt
            if bold is None and style.font.bold is not None:
                bold = style.font.bold
        sizes.append((size or default, len(text)))
        chars += len(text)
        bold_chars += len(text) if bold else 0
    if not sizes:
        return default, 0.0
    size = max(sizes, key=lambda s: s[1])[0]
    return size, bold_chars / max(1, chars)


def _outline_level(paragraph) -> int:
    for style in _style_chain(paragraph):
        name = (style.name or "").strip()
        if name.lower() == "title":
            return 0
        if match := _HEADING_STYLE.match(name):
            return max(1, min(6, int(match.group(1))))
    p_pr = paragraph._p.pPr
    for element in [p_pr] + [s.element.pPr for s in _style_chain(paragraph)]:
        if element is None:
            continue
        outline = element.find(f"{_W}outlineLvl")
        if outline is not None:
            value = int(outline.get(f"{_W}val", "9"))
            if value < 9:
                return min(6, value + 1)
    return 0


def _list_level(paragraph) -> int | None:
    num_pr = paragraph._p.pPr.numPr if paragraph._p.pPr is not None else None
    if num_pr is not None:
        return int(num_pr.ilvl.val or 0) if num_pr.ilvl is not None else 0
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    if match := re.match(r"^list(?:\s+(?:bullet|number|continue))(?:\s+(\d))?$", name, re.I):
        return int(match.group(1) or 1) - 1
    return None


def _page_break_before(paragraph) -> bool:
    p_pr = paragraph._p.pPr
    return p_pr is not None and p_pr.find(f"{_W}pageBreakBefore") is not None


def _page_break_after(paragraph) -> bool:
    return any(br.get(f"{_W}type") == "page" for br in paragraph._p.iter(f"{_W}br"))


def _rendered_break(paragraph) -> bool:
    """Word marks where its last layout broke the page; a good guess at the cover's end."""
    return any(True for _ in paragraph._p.iter(f"{_W}lastRenderedPageBreak"))
