"""The small Markdown subset position papers are written in, parsed once and rendered twice.

Supported: paragraphs (separated by a blank line), **bold** / __bold__, *italic* / _italic_,
bullet lists (``-``, ``*`` or ``+``), numbered lists (``1.`` or ``1)``) and links
``[text](https://…)``. Everything else is plain text. The parser yields a plain data structure
(blocks of runs) so the HTML renderer and the DOCX export agree on what a paper says; the HTML is
sanitised with nh3 on top, so even a parser bug cannot put raw markup on a page.

No Django imports: this module is a pure engine.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import lru_cache

import nh3

from committees.engines.safe_urls import browser_view, is_site_relative

ALLOWED_TAGS = {"p", "strong", "em", "ul", "ol", "li", "a", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener nofollow"


@dataclass(frozen=True)
class Run:
    """A stretch of text with one formatting; ``href`` is set when the run is a link."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None


@dataclass(frozen=True)
class Link:
    text: str
    href: str


@dataclass
class Block:
    """A paragraph (``kind="p"``) or a list (``"ul"`` / ``"ol"``) whose items are run lists."""

    kind: str
    runs: list[Run] = field(default_factory=list)
    items: list[list[Run]] = field(default_factory=list)

    @property
    def text(self) -> str:
        if self.kind == "p":
            return runs_text(self.runs)
        return "\n".join(runs_text(item) for item in self.items)


_BULLET = re.compile(r"^\s{0,3}[-*+]\s+(.*)$")
_NUMBERED = re.compile(r"^\s{0,3}\d{1,3}[.)]\s+(.*)$")
_LINK = re.compile(r"\[([^\]\n]+)\]\(\s*([^()\s]+)\s*\)")
_EMPHASIS = re.compile(
    r"(?P<strong>\*\*(?=\S)(?P<s1>.+?)(?<=\S)\*\*|__(?=\S)(?P<s2>.+?)(?<=\S)__)"
    r"|(?P<em>\*(?=\S)(?P<e1>.+?)(?<=\S)\*|(?<!\w)_(?=\S)(?P<e2>.+?)(?<=\S)_(?!\w))"
)


def runs_text(runs: list[Run]) -> str:
    return "".join(run.text for run in runs)


def safe_href(href: str) -> str | None:
    """A link target we are willing to render: http(s), mailto, or a site-relative path."""
    href = href.strip()
    if is_site_relative(href):
        # Browsers read "/\\host" and "/<tab>/host" as another site: judged their way.
        return browser_view(href)
    if href.startswith(("/", "\\")):
        return None
    scheme, sep, _ = href.partition(":")
    if sep and scheme.lower() in ALLOWED_URL_SCHEMES:
        return href
    return None


def _emphasis_runs(text: str, *, bold: bool, italic: bool, href: str | None) -> list[Run]:
    runs: list[Run] = []
    pos = 0
    for match in _EMPHASIS.finditer(text):
        if match.start() > pos:
            runs.append(Run(text[pos : match.start()], bold, italic, href))
        if match.group("strong"):
            inner = match.group("s1") or match.group("s2")
            runs.extend(_emphasis_runs(inner, bold=True, italic=italic, href=href))
        else:
            inner = match.group("e1") or match.group("e2")
            runs.extend(_emphasis_runs(inner, bold=bold, italic=True, href=href))
        pos = match.end()
    if pos < len(text):
        runs.append(Run(text[pos:], bold, italic, href))
    return runs


def parse_inline(text: str) -> list[Run]:
    """Split one paragraph or list item into formatted runs (links first, then emphasis)."""
    runs: list[Run] = []
    pos = 0
    for match in _LINK.finditer(text):
        href = safe_href(match.group(2))
        if href is None:
            continue  # an unsafe target stays literal text
        if match.start() > pos:
            runs.extend(
                _emphasis_runs(text[pos : match.start()], bold=False, italic=False, href=None)
            )
        runs.extend(_emphasis_runs(match.group(1), bold=False, italic=False, href=href))
        pos = match.end()
    if pos < len(text):
        runs.extend(_emphasis_runs(text[pos:], bold=False, italic=False, href=None))
    return _merge_adjacent(runs)


def _merge_adjacent(runs: list[Run]) -> list[Run]:
    merged: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        if merged and (merged[-1].bold, merged[-1].italic, merged[-1].href) == (
            run.bold,
            run.italic,
            run.href,
        ):
            merged[-1] = Run(merged[-1].text + run.text, run.bold, run.italic, run.href)
        else:
            merged.append(run)
    return merged


def parse(text: str) -> list[Block]:
    """Parse the subset into blocks. Lines of a paragraph are joined with a space."""
    blocks: list[Block] = []
    paragraph: list[str] = []
    current_list: Block | None = None

    def flush_paragraph() -> None:
        if paragraph:
            blocks.append(Block("p", runs=parse_inline(" ".join(paragraph))))
            paragraph.clear()

    for raw_line in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw_line.rstrip()
        if not line.strip():
            flush_paragraph()
            current_list = None
            continue
        bullet, numbered = _BULLET.match(line), _NUMBERED.match(line)
        item_match, kind = (bullet, "ul") if bullet else (numbered, "ol")
        if item_match:
            flush_paragraph()
            if current_list is None or current_list.kind != kind:
                current_list = Block(kind)
                blocks.append(current_list)
            current_list.items.append(parse_inline(item_match.group(1).strip()))
        elif current_list is not None and raw_line[:1].isspace():
            # An indented continuation line belongs to the previous list item.
            last = current_list.items[-1]
            current_list.items[-1] = parse_inline(runs_markup(last) + " " + line.strip())
        else:
            current_list = None
            paragraph.append(line.strip())
    flush_paragraph()
    return blocks


def runs_markup(runs: list[Run]) -> str:
    """Back to Markdown (used to extend a list item with a continuation line)."""
    out = []
    for run in runs:
        piece = run.text
        if run.italic:
            piece = f"*{piece}*"
        if run.bold:
            piece = f"**{piece}**"
        if run.href:
            piece = f"[{piece}]({run.href})"
        out.append(piece)
    return "".join(out)


def _runs_html(runs: list[Run]) -> str:
    out = []
    for run in runs:
        piece = html.escape(run.text, quote=False)
        if run.italic:
            piece = f"<em>{piece}</em>"
        if run.bold:
            piece = f"<strong>{piece}</strong>"
        if run.href:
            piece = f'<a href="{html.escape(run.href)}">{piece}</a>'
        out.append(piece)
    return "".join(out)


def sanitize(markup: str) -> str:
    return nh3.clean(
        markup,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=LINK_REL,
    )


# Pure functions of the text, asked again and again for the same sections (every page, every
# poll, every checks panel): the last results are kept, keyed by the text itself.
@lru_cache(maxsize=1024)
def to_html(text: str) -> str:
    """Render the subset to sanitised HTML (safe to mark as such in a template)."""
    # A lone surrogate cannot be encoded as UTF-8 (nh3 would raise): show it as "?".
    text = (text or "").encode("utf-8", "replace").decode("utf-8")
    parts = []
    for block in parse(text):
        if block.kind == "p":
            parts.append(f"<p>{_runs_html(block.runs)}</p>")
        else:
            items = "".join(f"<li>{_runs_html(item)}</li>" for item in block.items)
            parts.append(f"<{block.kind}>{items}</{block.kind}>")
    return sanitize("".join(parts))


def plain_text(text: str) -> str:
    """The words a reader sees: markup, list markers and link targets removed."""
    return "\n".join(block.text for block in parse(text))


_WORD = re.compile(r"[^\W_]", re.UNICODE)


@lru_cache(maxsize=1024)
def count_words(text: str) -> int:
    """Words as a reader counts them: whitespace-separated tokens holding a letter or digit.

    Link targets and Markdown markers do not count; "U.S." and "2,000" are one word each and a
    lone dash is none.
    """
    return sum(1 for token in plain_text(text).split() if _WORD.search(token))


def links(text: str) -> list[Link]:
    """Every link in the text, in reading order (citations are links to their source).

    A link whose text is partly bold comes out of the parser as several runs with one target;
    consecutive runs with the same target are joined back into one link.
    """
    found: list[Link] = []
    for block in parse(text):
        for runs in [block.runs] if block.kind == "p" else block.items:
            previous_href = None
            for run in runs:
                if run.href and run.href == previous_href:
                    found[-1] = Link(found[-1].text + run.text, run.href)
                elif run.href:
                    found.append(Link(run.text, run.href))
                previous_href = run.href
    return found
