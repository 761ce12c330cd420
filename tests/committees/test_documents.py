"""Reading uploads: text, Markdown, DOCX and PDF, and every kind of bad file."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from committees.engines.documents import MAX_BYTES, DocumentError, extract_text

from .documents_factory import (
    blank_pdf,
    docx_from_markdown,
    encrypted_pdf,
    pdf_from_markdown,
    zip_of_junk,
)


def test_utf8_markdown_is_read_as_is():
    doc = extract_text("guide.md", "# Título\n\nCafé – 2026\r\n".encode())
    assert doc.kind == "text"
    assert doc.text == "# Título\n\nCafé – 2026\n"


def test_utf8_with_bom_loses_the_bom():
    doc = extract_text("guide.txt", "\ufeffHello".encode())
    assert doc.text == "Hello"


def test_windows_1252_text_falls_back():
    doc = extract_text("guide.markdown", "Résumé – “quoted”".encode("cp1252"))
    assert doc.text == "Résumé – “quoted”"


def test_extension_is_case_insensitive():
    assert extract_text("GUIDE.TXT", b"hello").text == "hello"


def test_docx_keeps_headings_bullets_and_tables():
    data = docx_from_markdown(
        "# I. Introduction\n\n## 1. Facts\n\nA paragraph.\n\n- first\n  - nested\n\n"
        "\t2019\t2020\nCocaine\t174\t219\n"
    )
    doc = extract_text("guide.docx", data)
    assert doc.kind == "docx"
    lines = [line for line in doc.text.splitlines() if line]
    assert lines == [
        "# I. Introduction",
        "## 1. Facts",
        "A paragraph.",
        "- first",
        "  - nested",
        "\t2019\t2020",
        "Cocaine\t174\t219",
    ]


def test_pdf_keeps_page_boundaries_and_text():
    text = "\n\n".join(f"Paragraph {n} " + "word " * 60 for n in range(40))
    doc = extract_text("guide.pdf", pdf_from_markdown(text))
    assert doc.kind == "pdf"
    assert len(doc.pages) > 1
    assert doc.text.count("\f") == len(doc.pages) - 1
    assert all("UNODC Committee Guide" in page for page in doc.pages)
    assert "Paragraph 39" in doc.pages[-1]


def test_pdf_with_empty_owner_password_only_is_read():
    from io import BytesIO

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(BytesIO(pdf_from_markdown("Open to read"))))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    buffer = BytesIO()
    writer.write(buffer)
    assert "Open to read" in extract_text("g.pdf", buffer.getvalue()).text


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("guide.pdf", b"", "is empty"),
        ("guide.txt", b"", "is empty"),
        ("guide.pdf", b"%PDF" + b"x" * (MAX_BYTES + 1), "limit is 10 MB"),
        ("guide.odt", b"hello", "unsupported file type (.odt)"),
        ("guide", b"hello", "unsupported file type (no extension)"),
        ("guide.exe", b"MZ\x90\x00", "unsupported file type"),
        ("guide.docx", b"plain text, not a zip", "not a valid Word document"),
        ("guide.docx", zip_of_junk(), "not a Word document"),
        ("guide.docx", b"PK\x03\x04" + os.urandom(300), "Word document"),
        ("guide.pdf", b"hello, I am not a PDF", "not a PDF file"),
        ("guide.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 20, "damaged PDF"),
        ("guide.pdf", blank_pdf(2), "no text layer"),
        ("guide.pdf", encrypted_pdf(), "password-protected"),
        ("guide.txt", bytes(range(256)) * 10, "binary data"),
        ("guide.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
        ("guide.txt", b"   \n\n\t  \n", "contains no text"),
    ],
    ids=[
        "empty-pdf",
        "empty-txt",
        "too-big",
        "unknown-extension",
        "no-extension",
        "exe",
        "docx-not-zip",
        "docx-zip-of-junk",
        "docx-broken-zip",
        "pdf-without-header",
        "pdf-corrupt",
        "pdf-scanned",
        "pdf-encrypted",
        "txt-binary",
        "md-png",
        "txt-whitespace",
    ],
)
def test_bad_files_get_a_clear_message(filename, data, message):
    with pytest.raises(DocumentError) as raised:
        extract_text(filename, data)
    assert message in raised.value.message
    assert filename in raised.value.message


def test_truncated_pdf_is_an_error_or_readable_never_a_crash():
    data = pdf_from_markdown("Some guide text " * 200)
    for cut in (50, len(data) // 3, len(data) // 2, len(data) - 40):
        try:
            extract_text("guide.pdf", data[:cut])
        except DocumentError as error:
            assert "guide.pdf" in error.message


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["a.txt", "a.md", "a.docx", "a.pdf", "a.markdown"]),
    st.binary(max_size=2000),
)
def test_arbitrary_bytes_never_crash(filename, data):
    try:
        doc = extract_text(filename, data)
    except DocumentError as error:
        assert error.message
    else:
        assert doc.text.strip()


def test_pdf_ligatures_and_soft_hyphens_become_plain_letters():
    from committees.engines.documents import _page_text

    class Page:
        def extract_text(self, extraction_mode="plain"):
            return "ﬁnancial ﬂows and traf\u00adﬁcking"

    assert _page_text(Page()) == "financial flows and trafficking"


def test_pdf_with_sixty_thousand_pages_is_refused_before_any_page_is_read():
    from .documents_factory import many_pages_pdf

    with pytest.raises(DocumentError) as error:
        extract_text("annexes.pdf", many_pages_pdf(60_000))
    assert "60,000 pages; the limit is 1,000" in error.value.message


def test_docx_source_that_unpacks_to_hundreds_of_megabytes_is_refused():
    from .documents_factory import docx_bomb

    with pytest.raises(DocumentError) as error:
        extract_text("report.docx", docx_bomb(200))
    assert "unpacks to more than" in error.value.message
