"""Entry point: an uploaded guide (bytes) → its structure, reading each format its best way."""

from __future__ import annotations

import re
from collections.abc import Mapping

from committees.engines.i18n import gettext

from ..documents import (
    MAX_BYTES,
    SUPPORTED_EXTENSIONS,
    TEXT_EXTENSIONS,
    DocumentError,
    extension_of,
)
from ..documents import _decode_text as decode_text
from .docx import read_docx
from .errors import ReadError
from .layout import lines_to_text
from .limits import MAX_HEADINGS, MAX_TEXT_CHARS
from .parse import parse_guide
from .pdf import read_pdf
from .rules import CountryName

_MD_HEADING_LINE = re.compile(r"^\s{0,3}#{1,6}\s", re.MULTILINE)


def read_guide(
    filename: str, data: bytes, *, countries: Mapping[str, CountryName] | None = None
) -> dict:
    """The structure of a guide file (see ``parse_guide``); ReadError when it cannot be read."""
    ext = extension_of(filename)
    if ext not in SUPPORTED_EXTENSIONS:
        shown = ext or "no extension"
        raise ReadError(
            gettext(
                "“%(filename)s” has an unsupported file type (%(shown)s). Upload a .pdf, .docx, .md, .markdown or .txt file."
            )
            % {"filename": filename, "shown": shown}
        )
    if not data:
        raise ReadError(gettext("“%(filename)s” is empty (0 bytes).") % {"filename": filename})
    if len(data) > MAX_BYTES:
        raise ReadError(
            gettext("“%(filename)s” is %(value)s MB; the limit is %(value2)s MB.")
            % {
                "filename": filename,
                "value": format(len(data) / (1024 * 1024), ".1f"),
                "value2": MAX_BYTES // (1024 * 1024),
            }
        )
    warnings: list[str] = []
    hints = {"filename": filename}
    kind = "text"
    if ext in TEXT_EXTENSIONS:
        try:
            text = decode_text(filename, data)
        except DocumentError as error:
            raise ReadError(error.message) from error
    elif ext == ".docx":
        kind = "docx"
        pages, body, tagged = read_docx(filename, data)
        laid = lines_to_text(pages, body_size=body, page_width=468, use_tags=tagged >= 3)
        text, hints["cover"] = laid.text, laid.cover_title
    else:
        kind = "pdf"
        pdf = read_pdf(filename, data)
        hints["title"] = pdf.title_meta
        use_tags = pdf.tagged_headings >= 3
        laid = lines_to_text(
            pdf.pages, body_size=pdf.body_size, page_width=pdf.page_width, use_tags=use_tags
        )
        text, hints["cover"] = laid.text, laid.cover_title
        if pdf.garbage_pages:
            shown = ", ".join(str(p) for p in pdf.garbage_pages[:8])
            warnings.append(
                f"Some text on page{'s' if len(pdf.garbage_pages) > 1 else ''} {shown} uses "
                "fonts without a text map and could not be read (it was left out); "
                "check those pages in the original."
            )
        if pdf.two_column_pages:
            warnings.append(
                f"{len(pdf.two_column_pages)} page(s) are set in two columns; "
                "they were read column by column."
            )
    if not text.strip():
        raise ReadError(gettext("“%(filename)s” contains no text.") % {"filename": filename})
    if len(text) > MAX_TEXT_CHARS:
        raise ReadError(
            gettext(
                "“%(filename)s” holds %(text_count)s characters of text; a guide may hold at most %(max_text_chars)s. Upload the guide alone, without annexed documents."
            )
            % {
                "filename": filename,
                "text_count": format(len(text), ","),
                "max_text_chars": format(MAX_TEXT_CHARS, ","),
            }
        )
    headings = len(_MD_HEADING_LINE.findall(text))
    if headings > MAX_HEADINGS:
        raise ReadError(
            gettext(
                "“%(filename)s” has %(headings)s headings; a guide may have at most %(max_headings)s. Check that body text is not formatted as headings."
            )
            % {
                "filename": filename,
                "headings": format(headings, ","),
                "max_headings": format(MAX_HEADINGS, ","),
            }
        )
    structure = parse_guide(text, countries=countries, layout=kind != "text", hints=hints)
    structure["warnings"] = [*warnings, *structure["warnings"]]
    structure["source_kind"] = kind
    return structure
