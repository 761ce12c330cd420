"""A draft resolution as a DOCX file in UN format. No Django: plain data in, bytes out.

Layout follows UN draft resolutions: the symbol top right, the committee, the sponsors and
signatories, the title in bold, then the committee as the subject of the single long sentence
("The United Nations Office on Drugs and Crime,"), preambulatory clauses with their opening
phrase in italics, numbered operative clauses with their opening phrase underlined, and
sub-clauses indented by level.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

PREAMBULATORY = "preambulatory"
OPERATIVE = "operative"


@dataclass(frozen=True)
class ExportClause:
    kind: str
    number: str  # "3" for operative clauses, "b)" / "ii." for sub-clauses, "" for preamble
    opening: str  # the standard phrase as typed ("Further requests"), may be empty
    rest: str
    children: tuple[ExportClause, ...] = ()


@dataclass(frozen=True)
class ExportResolution:
    symbol: str
    title: str
    committee_name: str  # "United Nations Office on Drugs and Crime"
    subject: str  # "The United Nations Office on Drugs and Crime,"
    topic: str = ""
    status: str = ""
    sponsors: tuple[str, ...] = ()
    signatories: tuple[str, ...] = ()
    clauses: tuple[ExportClause, ...] = field(default_factory=tuple)
    date: str = ""


FONT = "Times New Roman"


def to_docx(resolution: ExportResolution) -> bytes:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(12)
    for section in doc.sections:
        section.left_margin = section.right_margin = Cm(2.5)

    symbol = doc.add_paragraph()
    symbol.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = symbol.add_run(resolution.symbol or "Working paper")
    run.bold = True
    run.font.size = Pt(14)
    if resolution.date:
        dated = doc.add_paragraph(resolution.date)
        dated.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    _labelled(doc, "Committee", resolution.committee_name)
    if resolution.topic:
        _labelled(doc, "Topic", resolution.topic)
    _labelled(doc, "Sponsors", ", ".join(resolution.sponsors) or "—")
    _labelled(doc, "Signatories", ", ".join(resolution.signatories) or "—")
    if resolution.status:
        _labelled(doc, "Status", resolution.status)

    title = doc.add_paragraph()
    title.paragraph_format.space_before = Pt(18)
    title.paragraph_format.space_after = Pt(12)
    title_run = title.add_run(resolution.title)
    title_run.bold = True
    title_run.font.size = Pt(13)

    subject = doc.add_paragraph(resolution.subject)
    subject.paragraph_format.first_line_indent = Cm(1.25)
    subject.paragraph_format.space_after = Pt(12)

    for clause in resolution.clauses:
        _clause(doc, clause, depth=0)

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _labelled(doc, label: str, value: str) -> None:
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(2)
    paragraph.add_run(f"{label}: ").bold = True
    paragraph.add_run(value)


def _clause(doc, clause: ExportClause, *, depth: int) -> None:
    paragraph = doc.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.space_after = Pt(8)
    if depth == 0 and clause.kind == PREAMBULATORY:
        fmt.first_line_indent = Cm(1.25)
    else:
        # Numbers hang in the margin of their level, as in UN documents.
        fmt.left_indent = Cm(1.25 * (depth + 1))
        fmt.first_line_indent = Cm(-0.75)
        paragraph.add_run(f"{clause.number}{'.' if depth == 0 else ''}\t")
        fmt.tab_stops.add_tab_stop(Cm(1.25 * (depth + 1)))
    if clause.opening:
        opening = paragraph.add_run(clause.opening)
        if clause.kind == PREAMBULATORY and depth == 0:
            opening.italic = True
        elif clause.kind == OPERATIVE and depth == 0:
            opening.underline = True
    paragraph.add_run(clause.rest)
    for child in clause.children:
        _clause(doc, child, depth=depth + 1)
