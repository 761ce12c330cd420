"""Text handling for the committee search: passages, queries and highlighted snippets.

Pure Python (no Django) so it can be tested exhaustively. The database does the matching
and ranking (PostgreSQL full-text search or SQLite FTS5); this module decides what a passage
is, turns what a person typed into a query both engines accept safely, and turns the
engine's marked-up snippet into escaped HTML.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

# Control characters the engines use to mark a hit inside a snippet. They cannot occur in
# indexed text (clean_text removes them), so a document cannot forge a highlight.
MARK_START = "\x02"
MARK_STOP = "\x03"

MAX_TERMS = 12
MAX_TERM_LENGTH = 40
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_WORD = re.compile(r"[^\W_]+")  # letters and digits; "_" splits, as in PostgreSQL


def clean_text(text: str) -> str:
    """Drop control characters (keeping newlines and tabs) and normalise line endings."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


# --- passages -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    number: int  # 1-based; the source page anchors each paragraph as #p-<number>
    text: str
    is_heading: bool


@dataclass(frozen=True)
class Passage:
    first_paragraph: int
    heading: str
    text: str


def _looks_like_heading(line: str) -> bool:
    # Short lines without closing punctuation are headings in the news articles and reports
    # admins paste ("2.5 Artificial Intelligence", "Types of Use Detected").
    stripped = line.strip().strip("*#").strip()
    if not stripped or len(stripped) > 90:
        return False
    if stripped[-1] in '.;:,!?)"”’' or stripped.startswith(("-", "•", "*")):
        return False
    if len(stripped.split()) > 12:
        return False
    return stripped[0].isupper() or stripped[0].isdigit()


def split_paragraphs(text: str) -> list[Paragraph]:
    """Every non-empty line is a paragraph (pasted articles use one line per paragraph)."""
    paragraphs: list[Paragraph] = []
    for line in clean_text(text).split("\n"):
        line = line.strip()
        if not line:
            continue
        paragraphs.append(Paragraph(len(paragraphs) + 1, line, _looks_like_heading(line)))
    return paragraphs


def split_passages(text: str, *, max_chars: int = 1200) -> list[Passage]:
    """Group paragraphs into passages of at most about max_chars, starting anew at headings.

    A search hit then points at the part of a long report that matched, not at the whole
    report, and each passage links to the paragraph where it starts.
    """
    passages: list[Passage] = []
    heading = ""
    current: list[Paragraph] = []

    def flush() -> None:
        if current:
            passages.append(Passage(current[0].number, heading, "\n".join(p.text for p in current)))
            current.clear()

    for paragraph in split_paragraphs(text):
        if paragraph.is_heading:
            flush()
            heading = paragraph.text.strip("*#").strip()
            continue
        size = sum(len(p.text) + 1 for p in current)
        if current and size + len(paragraph.text) > max_chars:
            flush()
        current.append(paragraph)
    flush()
    return passages


# --- queries --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedQuery:
    terms: tuple[str, ...]
    prefix_last: bool  # the last word is still being typed: match it as a prefix

    def __bool__(self) -> bool:
        return bool(self.terms)


def parse_query(raw: str) -> ParsedQuery:
    """Words only: punctuation and operators are dropped, so no input can break the engine.

    While someone types ("traffi"), the last word is matched as a prefix; once they type a
    space it is a whole word again.
    """
    raw = clean_text(raw or "")
    terms = [t.lower()[:MAX_TERM_LENGTH] for t in _WORD.findall(raw)][:MAX_TERMS]
    typing = bool(terms) and not raw[-1:].isspace() and raw.rstrip()[-1:].isalnum()
    if typing and len(terms[-1]) < 2:
        # A single letter as a prefix matches nearly everything; wait for the next key.
        terms.pop()
        typing = False
    return ParsedQuery(tuple(terms), typing and bool(terms))


def to_fts5_match(query: ParsedQuery) -> str:
    """An FTS5 MATCH expression: every term quoted (so it is never an operator), ANDed."""
    parts = ['"' + term.replace('"', '""') + '"' for term in query.terms]
    if query.prefix_last and parts:
        parts[-1] += "*"
    return " ".join(parts)


def to_tsquery_text(query: ParsedQuery) -> str:
    """Text for PostgreSQL to_tsquery: terms ANDed, the last one a prefix while typing."""
    parts = list(query.terms)
    if query.prefix_last and parts:
        parts[-1] += ":*"
    return " & ".join(parts)


# --- snippets -------------------------------------------------------------------------------


def highlight_html(snippet: str) -> str:
    """Escape the snippet and turn the engine's hit marks into <mark> elements.

    Everything except the marks is escaped, so a source containing markup shows as text.
    """
    out: list[str] = []
    open_mark = False
    for piece in re.split(f"([{MARK_START}{MARK_STOP}])", snippet or ""):
        if piece == MARK_START:
            if not open_mark:
                out.append("<mark>")
                open_mark = True
        elif piece == MARK_STOP:
            if open_mark:
                out.append("</mark>")
                open_mark = False
        else:
            out.append(html.escape(piece, quote=False))
    if open_mark:
        out.append("</mark>")
    return "".join(out)


def plain_excerpt(text: str, *, max_chars: int = 220) -> str:
    """A whole-word excerpt for places that show a passage without a query."""
    text = " ".join(clean_text(text).split())
    if len(text) <= max_chars:
        return text
    cut = text.rfind(" ", 0, max_chars)
    return text[: cut if cut > 0 else max_chars] + "…"


def reflow_layout_text(text: str) -> str:
    """Rejoin lines a PDF broke inside paragraphs; blank lines and page breaks end paragraphs.

    Text extracted from a PDF has a hard line break at the end of every printed line; the
    source page and the passages want one line per paragraph.
    """
    blocks = re.split(r"\n\s*\n|\f", clean_text(text.replace("\f", "\n\n")))
    paragraphs = [" ".join(block.split()) for block in blocks]
    return "\n\n".join(p for p in paragraphs if p)


_ENDINGS = ("ies", "ing", "es", "ed", "s")


def _loose_stem(term: str) -> str:
    # Crude on purpose: only to mark words on a page, where a few extra marks do no harm.
    for ending in _ENDINGS:
        if term.endswith(ending) and len(term) - len(ending) >= 4:
            return term[: -len(ending)]
    return term


def mark_terms_html(text: str, terms: tuple[str, ...]) -> str:
    """Escaped text with every word that starts like a query term wrapped in <mark>."""
    stems = sorted({_loose_stem(t) for t in terms if len(t) >= 2}, key=len, reverse=True)
    if not stems:
        return html.escape(text, quote=False)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(s) for s in stems) + r")\w*", re.IGNORECASE)
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(html.escape(text[last : match.start()], quote=False))
        out.append("<mark>" + html.escape(match.group(0), quote=False) + "</mark>")
        last = match.end()
    out.append(html.escape(text[last:], quote=False))
    return "".join(out)
