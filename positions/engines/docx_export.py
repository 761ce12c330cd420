"""A position paper as a DOCX in a clean conference format (python-docx).

Input is a plain data structure, so the export needs no database and is tested by opening the
generated file. Layout: Times New Roman 12 pt, 2.54 cm margins; a header block (committee,
topic, country, delegates) under the title "Position Paper"; one heading per section; paragraphs
with bold/italic runs and lists from the Markdown subset; a bibliography of the cited sources.

No Django imports: this module is a pure engine.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from positions.engines.markdown import Run, parse

FONT = "Times New Roman"
# XML 1.0 forbids most control characters; Word pastes some (e.g. \x0b for a soft line break).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
BIBLIOGRAPHY_TITLE = "Bibliography"


@dataclass(frozen=True)
class Citation:
    """One bibliography entry: what a reader needs to find the source again."""

    title: str
    url: str = ""

    def as_text(self) -> str:
        return f"{self.title}. {self.url}" if self.url.startswith("http") else self.title


@dataclass
class PaperExport:
    committee: str
    topic: str
    country: str
    delegates: list[str] = field(default_factory=list)
    # (section title, Markdown text) in paper order.
    sections: list[tuple[str, str]] = field(default_factory=list)
    bibliography: list[Citation] = field(default_factory=list)
    status_note: str = ""


def _set_base_style(document) -> None:
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)
    # East-Asian text falls back to this font too (otherwise Word picks its own).
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(6)
    for name in ("Title", "Heading 1"):
        style = document.styles[name]
        style.font.name = FONT
        style.font.color.rgb = RGBColor(0, 0, 0)
    document.styles["Title"].font.size = Pt(20)
    document.styles["Heading 1"].font.size = Pt(14)
    for section in document.sections:
        section.top_margin = section.bottom_margin = Cm(2.54)
        section.left_margin = section.right_margin = Cm(2.54)


def _add_hyperlink(paragraph, run: Run) -> None:
    """python-docx has no hyperlink API; a w:hyperlink with an external relationship is standard."""
    rel_id = paragraph.part.relate_to(run.href, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    hyperlink = OxmlElement("w:hyperlink")
    hyperlink.set(qn("r:id"), rel_id)
    w_run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    for tag, value in (("w:color", "1F4E79"), ("w:u", "single")):
        element = OxmlElement(tag)
        element.set(qn("w:val"), value)
        props.append(element)
    if run.bold:
        props.append(OxmlElement("w:b"))
    if run.italic:
        props.append(OxmlElement("w:i"))
    w_run.append(props)
    text = OxmlElement("w:t")
    text.text = run.text
    text.set(qn("xml:space"), "preserve")
    w_run.append(text)
    hyperlink.append(w_run)
    paragraph._p.append(hyperlink)


def _add_runs(paragraph, runs: list[Run]) -> None:
    for run in runs:
        if run.href and run.href.startswith(("http://", "https://", "mailto:")):
            _add_hyperlink(paragraph, run)
            continue
        # Site-relative links (e.g. to the committee guide) mean nothing in a file: text only.
        docx_run = paragraph.add_run(run.text)
        docx_run.bold = run.bold or None
        docx_run.italic = run.italic or None


def _add_markdown(document, text: str) -> None:
    for block in parse(text):
        if block.kind == "p":
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            _add_runs(paragraph, block.runs)
        else:
            style = "List Bullet" if block.kind == "ul" else "List Number"
            for item in block.items:
                _add_runs(document.add_paragraph(style=style), item)


def _add_header_block(document, paper: PaperExport) -> None:
    title = document.add_paragraph("Position Paper", style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    rows = [
        ("Committee", paper.committee),
        ("Topic", paper.topic),
        ("Country", paper.country),
        ("Delegates", ", ".join(paper.delegates) or "—"),
    ]
    for label, value in rows:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    if paper.status_note:
        note = document.add_paragraph()
        note.add_run(paper.status_note).italic = True
    document.add_paragraph()


def _bibliography_entries(paper: PaperExport, written: str) -> list[str]:
    """Gathered citations not already typed into the Bibliography section by the delegates."""
    entries = []
    for citation in paper.bibliography:
        if citation.title not in written and citation.as_text() not in entries:
            entries.append(citation.as_text())
    return entries


def xml_safe(text: str) -> str:
    """Text python-docx can store: control characters become spaces, lone surrogates "?"."""
    text = _XML_INVALID.sub(" ", text or "")
    return text.encode("utf-8", "replace").decode("utf-8")


def _cleaned(paper: PaperExport) -> PaperExport:
    return PaperExport(
        committee=xml_safe(paper.committee),
        topic=xml_safe(paper.topic),
        country=xml_safe(paper.country),
        delegates=[xml_safe(name) for name in paper.delegates],
        sections=[(xml_safe(title), xml_safe(text)) for title, text in paper.sections],
        bibliography=[Citation(xml_safe(c.title), xml_safe(c.url)) for c in paper.bibliography],
        status_note=xml_safe(paper.status_note),
    )


def build_docx(paper: PaperExport) -> bytes:
    paper = _cleaned(paper)
    document = Document()
    _set_base_style(document)
    document.core_properties.title = f"Position Paper — {paper.country} — {paper.committee}"
    document.core_properties.subject = paper.topic
    _add_header_block(document, paper)

    has_bibliography_section = False
    for title, text in paper.sections:
        is_bibliography = title.strip().lower() == BIBLIOGRAPHY_TITLE.lower()
        entries = _bibliography_entries(paper, text) if is_bibliography else []
        if not text.strip() and not entries:
            continue  # an empty section would print as a heading over nothing
        document.add_heading(title, level=1)
        _add_markdown(document, text)
        for entry in entries:
            document.add_paragraph(entry, style="List Bullet")
        has_bibliography_section |= is_bibliography
    if not has_bibliography_section:
        entries = _bibliography_entries(paper, "")
        if entries:
            document.add_heading(BIBLIOGRAPHY_TITLE, level=1)
            for entry in entries:
                document.add_paragraph(entry, style="List Bullet")

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
