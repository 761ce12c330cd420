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


# --- layouts real guides use ------------------------------------------------------------------


def _pdf_string(text: str) -> str:
    raw = text.encode("cp1252", "replace").decode("latin-1")
    return "(" + raw.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def tagged_pdf(blocks: list[tuple[str, str]], *, size: float = 11) -> bytes:
    """A tagged PDF (as Word or LibreOffice export them): every block is marked content with
    an MCID, and a structure tree (H1–H6, P) points at it. All text is set in one plain font
    and size, so only the structure tree tells the headings apart."""
    import textwrap

    pages: list[list[tuple[str, float, str]]] = [[]]  # (tag, y, text) per page
    y = 720.0
    for tag, text in blocks:
        lines = textwrap.wrap(text, 90) or [""]
        needed = len(lines) * size * 1.4 + size
        if y - needed < 72 and pages[-1]:
            pages.append([])
            y = 720.0
        for line in lines:
            pages[-1].append((tag, y, line))
            y -= size * 1.4
        y -= size
    objects: dict[int, bytes] = {}
    font_id, root_id, pages_id, tree_id, doc_id, parent_tree_id = 1, 2, 3, 4, 5, 6
    next_id = 7
    objects[font_id] = (
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    page_ids, elem_ids, nums = [], [], []
    for page_number, lines in enumerate(pages):
        page_id, content_id = next_id, next_id + 1
        next_id += 2
        stream = []
        mcid = -1
        page_elems = []
        for tag, y, text in lines:
            mcid += 1
            stream.append(
                f"/{tag} <</MCID {mcid}>> BDC BT /F1 {size} Tf 72 {y:.1f} Td "
                f"{_pdf_string(text)} Tj ET EMC"
            )
            elem_id = next_id
            next_id += 1
            objects[elem_id] = (
                f"<< /Type /StructElem /S /{tag} /P {doc_id} 0 R /Pg {page_id} 0 R /K {mcid} >>"
            ).encode()
            elem_ids.append(elem_id)
            page_elems.append(elem_id)
        data = "\n".join(stream).encode("cp1252", "replace")
        objects[content_id] = (
            f"<< /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream"
        )
        objects[page_id] = (
            f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 {font_id} 0 R >> >> /Contents {content_id} 0 R "
            f"/StructParents {page_number} >>"
        ).encode()
        page_ids.append(page_id)
        nums.append(f"{page_number} [{' '.join(f'{e} 0 R' for e in page_elems)}]")
    objects[pages_id] = (
        f"<< /Type /Pages /Kids [{' '.join(f'{p} 0 R' for p in page_ids)}] "
        f"/Count {len(page_ids)} >>"
    ).encode()
    objects[doc_id] = (
        f"<< /Type /StructElem /S /Document /P {tree_id} 0 R "
        f"/K [{' '.join(f'{e} 0 R' for e in elem_ids)}] >>"
    ).encode()
    objects[parent_tree_id] = f"<< /Nums [{' '.join(nums)}] >>".encode()
    objects[tree_id] = (
        f"<< /Type /StructTreeRoot /K [{doc_id} 0 R] /ParentTree {parent_tree_id} 0 R >>"
    ).encode()
    objects[root_id] = (
        f"<< /Type /Catalog /Pages {pages_id} 0 R /StructTreeRoot {tree_id} 0 R "
        "/MarkInfo << /Marked true >> >>"
    ).encode()
    return _write_pdf(objects, root_id)


def _write_pdf(objects: dict[int, bytes], root_id: int) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = out.tell()
        out.write(f"{number} 0 obj\n".encode() + objects[number] + b"\nendobj\n")
    xref = out.tell()
    size = max(objects) + 1
    out.write(f"xref\n0 {size}\n0000000000 65535 f \n".encode())
    for number in range(1, size):
        out.write(f"{offsets.get(number, 0):010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {size} /Root {root_id} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def many_pages_pdf(pages: int) -> bytes:
    """A PDF whose page tree holds ``pages`` pages sharing one small content stream."""
    objects: dict[int, bytes] = {}
    data = b"BT /F1 12 Tf 72 720 Td (Annex page) Tj ET"
    objects[1] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    objects[2] = b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"
    first = 5
    kids = " ".join(f"{first + n} 0 R" for n in range(pages))
    objects[3] = f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode()
    objects[4] = b"<< /Type /Catalog /Pages 3 0 R >>"
    page = b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 1 0 R >> >> /Contents 2 0 R >>"
    for n in range(pages):
        objects[first + n] = page
    return _write_pdf(objects, 4)


def two_column_pdf(title: str, left: list[str], right: list[str], *, pages: int = 1) -> bytes:
    """A page (or several) with a full-width heading over two columns of body text."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_auto_page_break(auto=False)
    for n in range(pages):
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 16)
        pdf.set_xy(15, 15)
        pdf.cell(180, 10, title if n == 0 else f"{title} (continued)")
        pdf.set_font("Helvetica", "", 10)
        for x, paragraphs in ((15, left), (110, right)):
            pdf.set_xy(x, 32)
            for paragraph in paragraphs:
                pdf.set_x(x)
                pdf.multi_cell(85, 5, paragraph, new_x="LEFT", new_y="NEXT")
                pdf.ln(3)
    return bytes(pdf.output())


def styled_pdf(blocks: list[tuple[str, str]]) -> bytes:
    """A guide laid out as a word processor prints it, from (kind, text) blocks.

    kinds: "cover" (big centred line on page 1), "h1"/"h2"/"h3" (bold, bigger), "p" (body),
    "names" / "roles" (a row of cells: text separated by " | "), "note" (a footnote at the
    foot of the page), "page" (a page break), "header" (a running header on every page)."""
    from fpdf import FPDF

    header = next((text for kind, text in blocks if kind == "header"), "")

    class Pdf(FPDF):
        def header(self):
            if header and self.page_no() > 1:
                self.set_font("Helvetica", "", 8)
                self.set_xy(15, 8)
                self.cell(0, 5, header)

        def footer(self):
            self.set_y(-12)
            self.set_font("Helvetica", "", 8)
            self.cell(0, 5, str(self.page_no()), align="C")

    pdf = Pdf(format="A4")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_auto_page_break(auto=True, margin=25)
    pdf.add_page()
    notes: list[str] = []
    sizes = {"cover": 26, "h1": 18, "h2": 14, "h3": 12}
    for kind, text in blocks:
        if kind == "header":
            continue
        if kind == "page":
            _flush_notes(pdf, notes)
            pdf.add_page()
        elif kind in sizes:
            pdf.set_font("Helvetica", "" if kind == "cover" else "B", sizes[kind])
            pdf.ln(4)
            pdf.multi_cell(0, sizes[kind] * 0.5, text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        elif kind in ("names", "roles"):
            pdf.set_font("Helvetica", "B" if kind == "names" else "", 12)
            cells = [c.strip() for c in text.split("|")]
            width = 180 / len(cells)
            for cell in cells:
                pdf.cell(width, 7, cell)
            pdf.ln(7)
        elif kind == "note":
            notes.append(text)
        else:
            pdf.set_font("Helvetica", "", 11)
            pdf.ln(2)
            pdf.multi_cell(0, 5.5, text, new_x="LMARGIN", new_y="NEXT")
    _flush_notes(pdf, notes)
    return bytes(pdf.output())


def _flush_notes(pdf, notes: list[str]) -> None:
    if not notes:
        return
    pdf.set_auto_page_break(auto=False)
    pdf.set_font("Helvetica", "", 8)
    pdf.set_y(-12 - 5 * len(notes) - 6)
    for note in notes:
        pdf.cell(0, 5, note, new_x="LMARGIN", new_y="NEXT")
    notes.clear()
    pdf.set_auto_page_break(auto=True, margin=25)


def sized_docx(blocks: list[tuple[str, str]]) -> bytes:
    """A DOCX without heading styles: headings are paragraphs set bigger (and bold)."""
    import docx
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt

    document = docx.Document()
    sizes = {"cover": 28, "h1": 20, "h2": 15}
    for kind, text in blocks:
        if kind == "page":
            document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
            continue
        paragraph = document.add_paragraph()
        run = paragraph.add_run(text)
        run.font.size = Pt(sizes.get(kind, 12))
        run.bold = kind in ("h1", "h2")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_bomb(unpacked_mb: int = 300, *, lie: bool = False) -> bytes:
    """A DOCX whose word/document.xml unpacks to ``unpacked_mb`` MB of XML whitespace.
    With ``lie``, the ZIP headers claim the part is small."""
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(b'<?xml version="1.0"?><w:document>')
            chunk = b" " * (1024 * 1024)
            for _ in range(unpacked_mb):
                part.write(chunk)
            part.write(b"</w:document>")
    data = buffer.getvalue()
    if lie:
        data = _lie_about_sizes(data)
    return data


def _lie_about_sizes(data: bytes) -> bytes:
    """Rewrite the uncompressed size fields of every ZIP entry to 1 KB."""
    import struct

    data = bytearray(data)
    n = 0
    while (n := data.find(b"PK\x01\x02", n)) != -1:  # central directory entries
        struct.pack_into("<I", data, n + 24, 1024)
        n += 4
    n = 0
    while (n := data.find(b"PK\x03\x04", n)) != -1:  # local headers
        struct.pack_into("<I", data, n + 22, 1024)
        n += 4
    return bytes(data)
