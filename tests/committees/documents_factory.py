"""Build real DOCX and PDF files inside the tests (python-docx, fpdf2, pypdf)."""

from __future__ import annotations

import io
import re

_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_BULLET = re.compile(r"^(\s*)[-*]\s+(.*)$")


def _plain(text: str) -> str:
    text = re.sub(r"<(https?://[^>]+)>", r"\1", text)
    return text.replace("***", "").replace("**", "").replace("*", "").strip()


def markdown_blocks(markdown: str):
    """Yield ("heading", level, text) / ("bullet", level, text) / ("para", 0, text) /
    ("table", 0, rows) from simple Markdown, as a word processor would hold it."""
    table: list[list[str]] = []
    for raw in markdown.splitlines():
        if "\t" in raw:
            table.append(raw.split("\t"))
            continue
        if table:
            yield ("table", 0, table)
            table = []
        if not raw.strip():
            continue
        if match := _HEADING.match(raw):
            yield ("heading", len(match.group(1)), _plain(match.group(2)))
        elif match := _BULLET.match(raw):
            yield ("bullet", len(match.group(1)) // 2, _plain(match.group(2)))
        else:
            yield ("para", 0, _plain(raw))
    if table:
        yield ("table", 0, table)


def docx_from_markdown(markdown: str) -> bytes:
    import docx

    document = docx.Document()
    for kind, level, content in markdown_blocks(markdown):
        if kind == "heading":
            document.add_heading(content, level=level)
        elif kind == "bullet":
            style = "List Bullet" if level == 0 else f"List Bullet {level + 1}"
            document.add_paragraph(content, style=style)
        elif kind == "para":
            document.add_paragraph(content)
        else:
            table = document.add_table(rows=len(content), cols=len(content[0]))
            for r, row in enumerate(content):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_from_markdown(markdown: str, *, header: str = "UNODC Committee Guide") -> bytes:
    """A text PDF with a running header and a "2026 · page" footer on every page."""
    from fpdf import FPDF

    class GuidePdf(FPDF):
        def header(self):
            self.set_font("Helvetica", "", 8)
            self.cell(0, 5, header)
            self.ln(10)

        def footer(self):
            self.set_y(-12)
            self.set_font("Helvetica", "", 8)
            self.cell(0, 5, f"2026        {self.page_no()}", align="C")

    pdf = GuidePdf()
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    flow = {"new_x": "LMARGIN", "new_y": "NEXT"}
    for kind, level, content in markdown_blocks(markdown):
        if kind == "heading":
            # Headings a word processor would set: bigger than the body, bold.
            pdf.set_font("Helvetica", "B", {1: 18, 2: 15, 3: 13}.get(level, 11))
            pdf.ln(3)
            pdf.multi_cell(0, 7, content, **flow)
            pdf.ln(3)
        elif kind == "bullet":
            pdf.set_font("Helvetica", "", 11)
            pdf.set_x(pdf.l_margin + 6 * level)
            pdf.multi_cell(0, 6, f"- {content}", **flow)
        elif kind == "para":
            pdf.set_font("Helvetica", "", 11)
            pdf.ln(2)
            pdf.multi_cell(0, 6, content, **flow)
            pdf.ln(2)
        else:
            pdf.set_font("Helvetica", "", 10)
            pdf.ln(3)
            widths = [100] + [17] * (len(content[0]) - 1)
            for row in content:
                for width, cell in zip(widths, row, strict=False):
                    pdf.cell(width, 6, cell)
                pdf.ln(6)
            pdf.ln(3)
    return bytes(pdf.output())


def blank_pdf(pages: int = 1) -> bytes:
    """Pages with a drawing but no text, like a scan."""
    from fpdf import FPDF

    pdf = FPDF()
    for _ in range(pages):
        pdf.add_page()
        pdf.rect(20, 20, 100, 60, style="F")
    return bytes(pdf.output())


def encrypted_pdf(text: str = "Secret guide", password: str = "s3cret") -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_from_markdown(text))))
    writer.encrypt(user_password=password, owner_password=password, algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def zip_of_junk() -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("junk.bin", bytes(range(256)) * 4)
        archive.writestr("notes.txt", "not a word document")
    return buffer.getvalue()
