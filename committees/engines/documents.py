"""Turn an uploaded file (text, Markdown, DOCX or PDF) into plain text.

Pure Python, no Django: the guide importer and the source library both feed uploads through
``extract_text`` and show ``DocumentError.message`` to the person who uploaded the file.

The text keeps enough layout for a parser to work with:
- DOCX headings become Markdown ``#`` levels, list items become ``-`` bullets (indented by
  level), tables become tab-separated rows;
- PDF pages are separated by a form feed (``\\f``) and also returned one by one in ``pages``,
  so running headers and footers can be recognised; blank lines mark vertical gaps.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from committees.engines.i18n import gettext

MAX_BYTES = 10 * 1024 * 1024
MAX_PDF_PAGES = 1_000  # read from the page tree before any page is parsed
TEXT_EXTENSIONS = (".md", ".markdown", ".txt")
SUPPORTED_EXTENSIONS = (*TEXT_EXTENSIONS, ".docx", ".pdf")
PAGE_BREAK = "\f"


class DocumentError(Exception):
    """A file we cannot read; ``message`` is meant for the person who uploaded it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ExtractedDocument:
    filename: str
    kind: str  # "text", "docx" or "pdf"
    text: str
    pages: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def extension_of(filename: str) -> str:
    name = (filename or "").strip().lower()
    dot = name.rfind(".")
    return name[dot:] if dot > 0 or (dot == 0 and len(name) > 1) else ""


def extract_text(filename: str, data: bytes) -> ExtractedDocument:
    """Read ``data`` according to the extension of ``filename``; raise DocumentError if we can't."""
    ext = extension_of(filename)
    if ext not in SUPPORTED_EXTENSIONS:
        shown = ext or "no extension"
        raise DocumentError(
            gettext(
                "“%(filename)s” has an unsupported file type (%(shown)s). Upload a .pdf, .docx, .md, .markdown or .txt file."
            )
            % {"filename": filename, "shown": shown}
        )
    if not data:
        raise DocumentError(gettext("“%(filename)s” is empty (0 bytes).") % {"filename": filename})
    if len(data) > MAX_BYTES:
        size_mb = len(data) / (1024 * 1024)
        raise DocumentError(
            gettext("“%(filename)s” is %(size_mb)s MB; the limit is %(value)s MB.")
            % {
                "filename": filename,
                "size_mb": format(size_mb, ".1f"),
                "value": MAX_BYTES // (1024 * 1024),
            }
        )
    if ext in TEXT_EXTENSIONS:
        text = _decode_text(filename, data)
        return _finish(ExtractedDocument(filename, "text", text, [text]))
    if ext == ".docx":
        text = _docx_text(filename, data)
        return _finish(ExtractedDocument(filename, "docx", text, [text]))
    pages, warnings = _pdf_pages(filename, data)
    return _finish(
        ExtractedDocument(filename, "pdf", PAGE_BREAK.join(pages), pages, warnings=warnings)
    )


def _finish(doc: ExtractedDocument) -> ExtractedDocument:
    if not doc.text.strip():
        raise DocumentError(
            gettext("“%(filename)s” contains no text.") % {"filename": doc.filename}
        )
    return doc


# --- plain text -------------------------------------------------------------------------------

# Control characters other than tab, newline, carriage return and form feed: text files do not
# contain them; binary files are full of them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _decode_text(filename: str, data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ("utf-16",)  # the BOM says so; Notepad's "Unicode" files
    elif b"\x00" in data[:8192]:
        raise DocumentError(
            gettext("“%(filename)s” looks like binary data, not a text file.")
            % {"filename": filename}
        )
    else:
        candidates = ("utf-8-sig", "cp1252")  # utf-8-sig also reads plain UTF-8
    text = None
    for encoding in candidates:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        # cp1252 leaves five byte values undefined; a file full of them is not text at all.
        text = data.decode("cp1252", errors="replace")
    bad = len(_CONTROL.findall(text)) + text.count("\ufffd")
    if bad > max(2, len(text) // 100):
        raise DocumentError(
            gettext("“%(filename)s” looks like binary data, not a text file.")
            % {"filename": filename}
        )
    text = _CONTROL.sub("", text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- DOCX -------------------------------------------------------------------------------------

_HEADING_STYLE = re.compile(r"^heading\s*(\d)$", re.IGNORECASE)
_LIST_STYLE = re.compile(r"^list(?:\s+(bullet|number|paragraph|continue))?(?:\s+(\d))?$", re.I)


def _docx_text(filename: str, data: bytes) -> str:
    from .guide_reader.docx import check_package
    from .guide_reader.errors import ReadError

    try:
        check_package(filename, data)  # unpacked sizes, before anything is parsed
    except ReadError as error:
        raise DocumentError(error.message) from error
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise DocumentError(
            gettext("“%(filename)s” is not a valid Word document (a .docx file is a ZIP package).")
            % {"filename": filename}
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            if "word/document.xml" not in package.namelist():
                raise DocumentError(
                    gettext(
                        "“%(filename)s” is a ZIP archive but not a Word document (it has no word/document.xml)."
                    )
                    % {"filename": filename}
                )
    except zipfile.BadZipFile as exc:
        raise DocumentError(
            gettext("“%(filename)s” is a damaged ZIP package: %(exc)s.")
            % {"filename": filename, "exc": exc}
        ) from exc

    import docx  # imported lazily: only DOCX uploads pay for it
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                lines.extend(_docx_table_rows(block))
                lines.append("")
            else:
                line = _docx_paragraph(block)
                if line is not None:
                    lines.append(line)
                    lines.append("")
    except DocumentError:
        raise
    except Exception as exc:  # python-docx raises many kinds on malformed XML
        raise DocumentError(
            gettext("“%(filename)s” could not be read as a Word document (%(name)s).")
            % {"filename": filename, "name": type(exc).__name__}
        ) from exc
    return "\n".join(lines).strip() + "\n"


def _docx_paragraph(paragraph) -> str | None:
    text = paragraph.text.replace("\t", " ").replace("\v", "\n").strip()
    if not text:
        return None
    style_name = (paragraph.style.name if paragraph.style is not None else "") or ""
    if style_name.lower() == "title":
        return f"# {text}"
    if match := _HEADING_STYLE.match(style_name.strip()):
        return "#" * max(1, min(6, int(match.group(1)))) + " " + text
    level = None
    if match := _LIST_STYLE.match(style_name.strip()):
        level = int(match.group(2) or 1) - 1
    num_pr = paragraph._p.pPr.numPr if paragraph._p.pPr is not None else None
    if num_pr is not None:
        ilvl = num_pr.ilvl.val if num_pr.ilvl is not None else 0
        level = int(ilvl or 0)
    if level is not None:
        return "  " * level + "- " + text
    return text


def _docx_table_rows(table) -> list[str]:
    rows = []
    for row in table.rows:
        cells = [cell.text.replace("\n", " ").replace("\t", " ").strip() for cell in row.cells]
        if any(cells):
            rows.append("\t".join(cells))
    return rows


# --- PDF --------------------------------------------------------------------------------------


def _pdf_pages(filename: str, data: bytes) -> tuple[list[str], list[str]]:
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise DocumentError(
            gettext("“%(filename)s” is not a PDF file (it lacks the %%PDF header).")
            % {"filename": filename}
        )

    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception:  # e.g. AES without the optional crypto library
                opened = 0
            if not opened:
                raise DocumentError(
                    gettext(
                        "“%(filename)s” is password-protected. Remove the password and upload it again."
                    )
                    % {"filename": filename}
                )
        declared = reader.trailer["/Root"]["/Pages"].get("/Count")
        if declared is not None and int(declared) > MAX_PDF_PAGES:
            raise DocumentError(
                gettext(
                    "“%(filename)s” has %(int)s pages; the limit is %(max_pdf_pages)s. Split it, or upload the part delegates need."
                )
                % {
                    "filename": filename,
                    "int": format(int(declared), ","),
                    "max_pdf_pages": format(MAX_PDF_PAGES, ","),
                }
            )
        page_objects = list(reader.pages)
    except DocumentError:
        raise
    except Exception as exc:  # pypdf raises PyPdfError and plain errors alike
        raise DocumentError(
            gettext("“%(filename)s” is a damaged PDF and cannot be read (%(name)s).")
            % {"filename": filename, "name": type(exc).__name__}
        ) from exc
    if not page_objects:
        raise DocumentError(
            gettext("“%(filename)s” is a PDF without pages.") % {"filename": filename}
        )

    pages: list[str] = []
    warnings: list[str] = []
    failures = 0
    for number, page in enumerate(page_objects, start=1):
        try:
            text = _page_text(page)
        except Exception:
            failures += 1
            warnings.append(f"Page {number} could not be read and was skipped.")
            text = ""
        pages.append(text)
    if failures == len(page_objects):
        raise DocumentError(
            gettext("“%(filename)s” is a damaged PDF: no page could be read.")
            % {"filename": filename}
        )
    if not any(page.strip() for page in pages):
        raise DocumentError(
            gettext(
                "“%(filename)s” has no text layer (probably a scanned document). Upload a text-based PDF, or the DOCX/text version of the guide."
            )
            % {"filename": filename}
        )
    return pages, warnings


_MANY_BLANKS = re.compile(r"\n{3,}")
# Typeset PDFs store ligatures as single glyphs and keep soft hyphens; readers expect letters.
_PDF_GLYPHS = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st", "\u00ad": ""}
)


def _page_text(page) -> str:
    try:
        # The layout mode keeps vertical gaps (paragraph breaks) and column alignment (tables).
        raw = page.extract_text(extraction_mode="layout")
    except Exception:
        raw = page.extract_text()
    raw = raw.translate(_PDF_GLYPHS)
    lines = [line.rstrip() for line in raw.replace("\r", "\n").splitlines()]
    indents = [len(line) - len(line.lstrip(" ")) for line in lines if line.strip()]
    margin = min(indents) if indents else 0
    text = "\n".join(line[margin:] for line in lines)
    return _MANY_BLANKS.sub("\n\n", text).strip("\n")
