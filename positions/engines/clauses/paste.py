"""Reading a resolution pasted as text: from a UN PDF, a web page or a word processor.

What a paste contains besides clauses, and is removed: the masthead (symbol, distribution,
session, agenda item, "Resolution adopted by …") up to the subject line ("The General
Assembly,"), running page headers repeated on every page, page and job numbers, footnotes
(the block under a rule of underscores, lines such as "16/ Official Records …") and the
footnote markers left in the text ("Protocol, 13 the Convention"; "2030 Agenda; 9"; "*/"),
and the closing "57th plenary meeting" line.

Clause boundaries: a PDF breaks lines in the middle of sentences and hyphenates words; a web
page may run the whole resolution into one line. A new clause starts at a paragraph number
("12." or "12" alone on a line), at a sub-clause label ("(a)", "b)", "(iv)", "ii."), or,
after a clause-ending comma or semicolon, at an opening phrase ("Recalling", "Deeply
concerned", "Decides"). Everything else continues the clause before it.

Sub-clause labels are read by sequence and context: "(c)" after "(b)" is a letter, and so is
"(i)" after "(h)"; "i." under a lettered item starts a roman list, "(ii)" after a roman "(i)"
continues it; "a." under a roman item is the third level (as is "A."). Four levels in all:
the clause, a), i., A.

Kinds: numbered paragraphs are operative; unnumbered ones before them are preambulatory unless
they open with an operative verb ("Decides to enlarge the Commission …" as the single
operative paragraph of a short resolution). The preamble is returned first only in the sense
that the text's own order is kept: a preambulatory paragraph pasted among operative ones stays
where it was, so that the linter can point at it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from committees.engines.i18n import gettext

from . import numbering, phrases
from .lint import Clause, Finding, Severity
from .phrases import OPERATIVE, PREAMBULATORY

_SUBJECT = re.compile(
    r"(?:^|(?<=\s))(?:The\s+)?(?P<subject>(?:General\s+Assembly|Security\s+Council|Economic\s+and\s+"
    r"Social\s+Council|Commission\s+on\s+[A-Z][\w ]{3,60}?|[A-Z][\w\- ]{2,60}?(?:Committee|"
    r"Commission|Council|Assembly|Conference|Board))|United\s+Nations\s+Office\s+on\s+Drugs\s+"
    r"and\s+Crime)\s*[,:](?=\s|$)"
)
_SYMBOL_LINE = re.compile(
    r"^(?:United Nations\s+)?(?:[ASE]/(?:RES/)?[\w./-]+|E/CN\.\d+/[\w./-]+)(?:\s*\(\d{4}\))?$"
)
_JUNK_LINE = re.compile(
    r"^(?:\*\d+\*|\d{2}-\d{5}\s*\(E\).*|\d{1,3}(?:/\d{1,3})?|-\s*\d+\s*-|Page \d+.*|"
    r"(?:Distr\.|Original):.*|[IVX]{1,5}|[A-H])$"
)
# One token of a running page header or footer: a document symbol, a page number ("2/15",
# "Page 3"), a job number ("22-12345", "V.11-81283 (E)", "291101") or its bar code ("*2216680*").
_HEADER_TOKEN = (
    r"(?:[ASE]/(?:RES/|CN\.\d+/|HRC/)?[\w./-]*\d[\w./-]*(?:\s*\(\d{4}\))?|\d{1,3}/\d{1,3}|"
    r"Page\s+\d+|(?:[A-Z]\.)?\d{2}-\d{5}(?:\s*\([A-Z]\))?|\d{6}|\*\d{5,}\*)"
)
_HEADER_LINE = re.compile(rf"^{_HEADER_TOKEN}(?:\s+{_HEADER_TOKEN})*$")
_RECYCLE = re.compile(
    r"^(?:Please recycle\s*)?[\u2672\u267B\u267C\u267D]?\s*(?:Please recycle)?$", re.I
)
_BRACKET_MARK = re.compile(r"\[\d{1,3}\]")
# Where a resolution's own text ends: an annex (a declaration, a programme) follows it.
_ANNEX = re.compile(r"^Annex(?:es)?(?:\s+[IVX]{1,5})?$", re.I)
# A footnote line below the text when no rule separates it: "1 General Assembly resolution
# S-20/2, annex." or "* E/CN.7/2011/1." — a number or stars, then a reference.
_LOOSE_FOOTNOTE = re.compile(
    r"^(?:\d{1,3}|\*{1,3})\s+(?:[A-Z]/|See |Ibid|Official Records|"
    r"General Assembly|Security Council|Economic and Social Council|Resolution|United Nations|"
    r"[A-Z][\w.-]*/)"
)
_MEETING = re.compile(
    r"(?:(?<=[.;,:\"”])|^)[ \t]*\d{1,4}(?:st|nd|rd|th)\s+plenary\s+meeting\b[^\n]*$", re.I | re.M
)
_DATE_LINE = re.compile(
    r"^\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December)\s+\d{4}\.?$"
)
_FOOTNOTE_LINE = re.compile(r"^\s*(?:\d{1,3}/|\*+/)\s+\S")
_RULE = re.compile(r"_{5,}")
_INLINE_MARKS = re.compile(r"\s?\*+/|(?<=[A-Za-z,;:.)])\d{1,3}/(?=[\s,;:.]|$)")
_TRAILING_FOOTNOTE = re.compile(r"(?<=[,;:.”\")])\s*\d{1,3}[A-Za-z]?\s*$")
_COMMA_FOOTNOTE = re.compile(r"(?<=,)\s\d{1,3}[A-Z]?(?=\s(?:[a-z]|[A-Z][a-z]+ing\b))")
_WORD_FOOTNOTE = re.compile(
    r"(?<![Pp]aragraph)(?<![Pp]aragraphs)(?<![Aa]rticle)(?<![Rr]esolution)(?<![Rr]ule)"
    r"(?<![Ii]tem)(?<![Cc]hapter)(?<![Aa]nnex)(?<![Ss]ection)(?<![Gg]oal)(?<![Tt]arget)"
    r"(?<=[A-Za-z)])\s\d{1,2}(?=\s(?:and|the|in|on|of|to|entitled|as|which|adopted|were|was|"
    r"is|are|has|have)\b)"
)
# Footnote numbers a PDF glues to the word or comma before them: "Reduction2 and",
# "session,1 the", "Goals5;" (not "COVID-19", "G77" or "1,000").
_GLUED_FOOTNOTE = re.compile(
    r"(?<=[a-z][a-z'’][a-z])\d{1,2}(?=\s|[,;:.](?:\s|$)|$)|(?<=[a-z0-9)”][,;])\d{1,2}(?=\s)"
)
_NUMBER_ONLY = re.compile(r"^(?P<num>\d{1,3})\s*[.)]?$")
_NUMBERED = re.compile(r"^(?P<num>\d{1,3})\s*[.)](?!\d)\s*(?P<text>[A-Z“\"‘(\[].*)$")
_LABEL = re.compile(
    r"^(?:\((?P<p>[a-z]{1,5}|[A-Z]|\d{1,2})\)|(?P<b>[a-z]{1,5}|[A-Z])[.)])\s+(?P<text>\S.*)$"
)
_LABEL_ONLY = re.compile(r"^(?:\((?P<p>[a-z]{1,5}|[A-Z])\)|(?P<b>[a-z]{1,5}|[A-Z])[.)])$")
_INLINE_NUMBER = re.compile(r"(?<=[;:,.])\s+(?P<num>\d{1,3})\.\s+(?=\(?[A-Z])")
_INLINE_LABEL = re.compile(r"(?<=[;:])\s+(?=\((?:[a-z]{1,5})\)\s+\S)")
_CONTINUES_AFTER_HYPHEN = re.compile(
    r"^(?:ment|ments|tion|tions|sion|sions|ing|ings|ed|ity|ities|ness|ance|ances|ence|ences|"
    r"able|ible|ation|ations|ally|ly|ies|ive|ives|ous|al|als|ture|tures|ure|er|ers|ist|ists|"
    r"ism|isms|ize|izes|ized|izing|ise|ises|ised|ising|ant|ants|ent|ents|ial|ory|ary|ic|ics|"
    r"ship|ships|hood|dom|ward|wards|less|ful|age|ages)\b"
)


@dataclass
class _Node:
    kind: str
    text: str
    number: int | None = None
    label: str = ""
    style: str = ""
    value: int = 0
    children: list[_Node] = field(default_factory=list)


@dataclass
class Parsed:
    clauses: list[Clause]
    findings: list[Finding]
    subject: str = ""  # "General Assembly", when the paste names the body


def parse(text: str) -> Parsed:
    """Read pasted text into clauses, with findings about its numbering."""
    subject, lines = _clean(text or "")
    units = _units(lines)
    nodes, findings = _build(units)
    return Parsed([_freeze(n) for n in nodes], findings, subject)


def parse_text(text: str) -> list[Clause]:
    return parse(text).clauses


# --- cleaning --------------------------------------------------------------------------------


def _clean(text: str) -> tuple[str, list[str]]:
    text = phrases.normalise_keep_lines(text)
    counts: dict[str, int] = {}
    for line in text.split("\n"):
        key = line.strip()
        if key:
            counts[key] = counts.get(key, 0) + 1
    subject = ""
    title = ""
    match = _SUBJECT.search(text)
    if match and _opening_follows(text[match.end() :]):
        subject = re.sub(r"\s+", " ", match.group("subject"))
        # The title in the masthead ("77/123. International cooperation …") comes back as the
        # running header of every page.
        named = re.search(r"(?ms)^\s*\d{1,3}/\d{1,3}\s*\.\s+(.{15,}?)\s*$", text[: match.start()])
        title = re.sub(r"\s+", " ", named.group(1)).strip().lower() if named else ""
        text = text[match.end() :]
    text = _MEETING.sub("", text)
    raw_lines = text.split("\n")
    quoted = _is_quoted(raw_lines)
    page_break = [_is_page_furniture(line.strip()) for line in raw_lines]
    if title:
        # The running title, on one or two lines, perhaps after the symbol on the same line,
        # next to the other page furniture.
        for order in (range(len(raw_lines)), range(len(raw_lines) - 1, -1, -1)):
            for i in order:
                near = any(page_break[j] for j in (i - 1, i + 1) if 0 <= j < len(raw_lines))
                piece = _LEADING_SYMBOL.sub("", raw_lines[i].strip()).lower()
                if near and len(piece) >= 10 and piece in title:
                    page_break[i] = True
    lines: list[str] = []
    in_footnotes = False
    footnote_open = False
    footnote_run = False
    for index, line in enumerate(raw_lines):
        stripped = line.strip()
        if not stripped:
            in_footnotes = False
            lines.append("")
            continue
        near_break = any(page_break[j] for j in (index - 1, index + 1) if 0 <= j < len(raw_lines))
        if title and page_break[index] and not _is_page_furniture(stripped):
            continue  # the running header: the title, or the part of it on this line
        if quoted:
            stripped = re.sub(_QUOTE_OPEN_RE, "", stripped)
            stripped = re.sub(r"(?<=[.;,:])[”\"]$", "", stripped)
        stripped = _BRACKET_MARK.sub("", stripped).strip()
        if not stripped:
            continue
        if _RULE.search(stripped):
            before = _RULE.split(stripped, maxsplit=1)[0].strip()
            if before:
                lines.append(before)
            in_footnotes = True
            continue
        if in_footnotes and (
            re.match(r"^\d{1,3}\s+\S", stripped)
            or _FOOTNOTE_LINE.match(stripped)
            or footnote_open  # a footnote running onto a second line: "(A/80/10), chap. IV."
        ):
            footnote_open = not re.search(r"[.;]$", stripped)
            continue
        in_footnotes = footnote_open = False
        if _FOOTNOTE_LINE.match(stripped) or _SYMBOL_LINE.match(stripped):
            continue
        if _JUNK_LINE.match(stripped) or _DATE_LINE.match(stripped):
            if re.fullmatch(r"[IVX]{1,5}|[A-H]", stripped):
                lines.append("")  # a part or section letter: what follows may be its heading
            continue
        if _RECYCLE.match(stripped):
            continue
        if _HEADER_LINE.match(stripped):
            continue  # "A/RES/77/123 2/5", "22-12345 3/5": running header or footer
        if _ANNEX.match(stripped) and any(lines):
            break  # the resolution ends where its annex begins
        if _LOOSE_FOOTNOTE.match(stripped) and (not lines or not lines[-1] or footnote_run):
            footnote_run = True
            continue
        footnote_run = False
        if (
            counts.get(stripped, 0) > 1
            and not re.search(r"[,;:.]$", stripped)
            and not _NUMBERED.match(stripped)
            and (near_break or index == 0 or not raw_lines[index - 1].strip())
        ):
            # A running header repeated on every page, next to the page number or the
            # symbol; a wrapped line of text that happens to repeat (the same phrase in two
            # paragraphs) is kept.
            continue
        stripped = _INLINE_MARKS.sub("", stripped).strip()
        if not stripped:
            continue
        if "|" in stripped:
            stripped = re.sub(r"\s*\|\s*", " ", stripped).strip()
            if not stripped:
                continue
        lines.append(stripped)
    if not subject:
        lines = _drop_title_lines(lines)
    return subject, _drop_headings(lines)


_QUOTE_OPEN_RE = r"^[“\"](?=\S)"


def _is_quoted(lines: list[str]) -> bool:
    """A press release quotes the text with a quotation mark opening every paragraph."""
    paragraphs = [ln.strip() for ln in lines if len(ln.strip()) > 20]
    opened = sum(bool(re.match(_QUOTE_OPEN_RE, p)) for p in paragraphs)
    return len(paragraphs) >= 3 and opened >= 0.6 * len(paragraphs)


def _is_page_furniture(line: str) -> bool:
    """A line that only a page break puts in the text: symbol, page or job number."""
    return bool(
        line
        and (
            _HEADER_LINE.match(line)
            or _SYMBOL_LINE.match(line)
            or _JUNK_LINE.match(line)
            or _RULE.search(line)
        )
    )


def _drop_headings(lines: list[str]) -> list[str]:
    """Section headings of a long resolution ("Strengthening of the coordination of emergency
    humanitarian assistance") sit on their own line between a finished clause and the next
    one; they are not clause text. A heading has no closing punctuation, is short, stands next
    to a blank line, and what follows it starts a clause."""
    out = list(lines)
    filled = [i for i, line in enumerate(out) if line]
    for pos, i in enumerate(filled):
        line = out[i]
        if pos == 0 or pos + 1 >= len(filled):
            continue
        before, after = out[filled[pos - 1]], out[filled[pos + 1]]
        blank_next_to = (i > 0 and not out[i - 1]) or (i + 1 < len(out) and not out[i + 1])
        if (
            blank_next_to
            and line[:1].isupper()
            and len(line.split()) <= 12
            and not re.search(r"[,;:.]\W*$", line)
            and re.search(r"[,;:.][\"”’)]*$", before)
            and not (_NUMBERED.match(line) or _NUMBER_ONLY.match(line) or _LABEL.match(line))
            and not phrases.starts_clause(line)
            and (
                _NUMBERED.match(after) or _NUMBER_ONLY.match(after) or phrases.starts_clause(after)
            )
        ):
            out[i] = ""
    return out


def _opening_follows(rest: str) -> bool:
    rest = rest.lstrip()
    return bool(re.match(r"(?:\d{1,3}\s*[.)]|\(?[a-z]\))", rest)) or phrases.starts_clause(rest)


def _drop_title_lines(lines: list[str]) -> list[str]:
    """Without a subject line, drop leading lines that cannot begin a clause (titles, dates);
    a title run into the first clause on one line ("A/RES/70/182 International cooperation
    … Recalling further …") is cut off before the opening phrase."""
    for i, line in enumerate(lines):
        if not line:
            continue
        line = _LEADING_SYMBOL.sub("", line)
        if _NUMBERED.match(line) or _NUMBER_ONLY.match(line) or _LABEL.match(line):
            return [line, *lines[i + 1 :]]
        if phrases.starts_clause(line):
            return [line, *lines[i + 1 :]]
        start = _opening_inside(line)
        if start is not None:
            return [line[start:], *lines[i + 1 :]]
    return []


_LEADING_SYMBOL = re.compile(r"^(?:[ASE]/(?:RES/)?[\w./-]+|E/CN\.\d+/[\w./-]+)(?:\s*\(\d{4}\))?\s+")


def _opening_inside(line: str) -> int | None:
    for match in re.finditer(r"(?<=\s)[A-Z][a-z]+", line):
        candidate = line[match.start() :]
        if phrases.starts_clause(candidate) and _is_opening(candidate):
            return match.start()
    return None


# --- units: one per clause or sub-clause -----------------------------------------------------


@dataclass
class _Unit:
    text: str
    number: int | None = None
    label: str = ""
    lines: int = 1  # lines of the paste it was read from


def _units(lines: list[str]) -> list[_Unit]:
    units: list[_Unit] = []
    pending_number: int | None = None
    pending_label = ""
    pieces = [piece for line in lines if line for piece in _split_inline(line, units)]
    for at, piece in enumerate(pieces):
        number_only = _NUMBER_ONLY.match(piece)
        if number_only and (units or pending_number is None):
            last = units[-1] if units else None
            following = pieces[at + 1] if at + 1 < len(pieces) else ""
            if (
                last is not None
                and last.number is None
                and not last.label
                and last.lines == 1
                and following
                and (following[:1].islower() or not re.search(r"[;.]\W*$", last.text))
                and not (_NUMBERED.match(following) or _NUMBER_ONLY.match(following))
                and not phrases.starts_clause(following)
                # an operative verb, first or after an opening clause ("Recalling …, reaffirms"),
                # or a first line cut mid-sentence whose verb comes on the next lines
                and (
                    phrases.opening_phrase(last.text, OPERATIVE).phrase
                    or not _ends_clause(last.text)
                )
            ):
                # The PDF put the paragraph number after the first line of its paragraph
                # ("Reaffirms the obligation of States to ensure that persons belonging to
                # / 1. / national or ethnic …"): it numbers the paragraph being read.
                last.number = int(number_only.group("num"))
                continue
            pending_number = int(number_only.group("num"))
            continue
        label_only = _LABEL_ONLY.match(piece)
        if label_only and _candidates(label_only.group("p") or label_only.group("b")):
            pending_label = label_only.group("p") or label_only.group("b")
            continue
        if pending_number is not None:
            units.append(_Unit(piece, number=pending_number))
            pending_number = None
            continue
        if pending_label:
            units.append(_Unit(piece, label=pending_label))
            pending_label = ""
            continue
        numbered = _NUMBERED.match(piece)
        if numbered and _can_start(units, piece, numbered=True):
            units.append(_Unit(numbered.group("text"), number=int(numbered.group("num"))))
            continue
        labelled = _LABEL.match(piece)
        if (
            labelled
            and _candidates(labelled.group("p") or labelled.group("b"))
            and _can_start(units, piece, numbered=True)
        ):
            label = labelled.group("p") or labelled.group("b")
            units.append(_Unit(labelled.group("text"), label=label))
            continue
        if not units or _can_start(units, piece, numbered=False):
            units.append(_Unit(piece))
            continue
        units[-1].text = _join(units[-1].text, piece)
        units[-1].lines += 1
    for unit in units:
        unit.text = _tidy(unit.text)
    return [u for u in units if u.text]


def _ends_clause(text: str) -> bool:
    return bool(re.search(r"[,;:.]\s*(?:and|or)?\s*[\"”’)]?$", _strip_footnote_tail(text)))


def _can_start(units: list[_Unit], piece: str, *, numbered: bool) -> bool:
    if not units:
        return True
    previous = units[-1].text
    if not _ends_clause(previous):
        return False
    if numbered:
        return True
    if any(u.number is not None for u in units):
        # Among operative paragraphs, an unnumbered one starts only after a full stop of the
        # clause (";" or "."), with an opening phrase: paragraphs of a web page without numbers.
        return bool(re.search(r"[;.:]\s*$", _strip_footnote_tail(previous))) and (
            phrases.starts_clause(piece)
        )
    return phrases.starts_clause(piece)


def _split_inline(line: str, units: list[_Unit]) -> list[str]:
    """A line holding several clauses (a web page that ran them together)."""
    pieces = [line]
    out: list[str] = []
    for piece in pieces:
        parts = _INLINE_NUMBER.split(piece)
        # split() with one group returns text, num, text, num, …
        head, rest = parts[0], parts[1:]
        chunks = [head]
        for i in range(0, len(rest), 2):
            chunks.append(f"{rest[i]}. {rest[i + 1]}")
        for chunk in chunks:
            out.extend(_INLINE_LABEL.split(chunk))
    final: list[str] = []
    for piece in out:
        final.extend(_split_preamble(piece))
    return [p.strip() for p in final if p.strip()]


_PRE_SPLIT = re.compile(r"(?<=,)\s+(?:\d{1,3}[A-Z]?\s+|\d{1,3}/\s*|\*+/\s*)?(?=[A-Z][a-z]+)")


def _split_preamble(piece: str) -> list[str]:
    """ "…in many parts of the world, Encouraged by …": split before opening phrases."""
    out: list[str] = []
    start = 0
    for match in _PRE_SPLIT.finditer(piece):
        candidate = piece[match.end() :]
        if phrases.opening_phrase(candidate, PREAMBULATORY).phrase and _is_opening(candidate):
            out.append(piece[start : match.start()])
            start = match.end()
    out.append(piece[start:])
    return out


def _is_opening(candidate: str) -> bool:
    # An opening phrase is followed by ordinary words, not by more capitalised names
    # ("Welcoming the …", not "Welcoming Centre Services").
    words = candidate.split()
    if len(words) < 3:
        return False
    found = phrases.opening_phrase(candidate, PREAMBULATORY)
    if found.how == "list" and len(found.matched_text.split()) > 0:
        return True
    size = len(found.matched_text.split())
    following = words[size : size + 1]
    return bool(following) and not (following[0][:1].isupper() and following[0] not in {"I"})


def _join(text: str, line: str) -> str:
    if re.search(r"\w-$", text) and re.match(r"(?:and|or|nor|to)\b", line):
        return f"{text} {line}"  # a suspended hyphen: "intelligence- and analysis-sharing"
    if text.endswith("-") and not text.endswith(" -"):
        fragment = re.search(r"(\w+)-$", text)
        first = re.match(r"(\w+)", line)
        if (
            fragment
            and first
            and line[:1].islower()
            and (_CONTINUES_AFTER_HYPHEN.match(first.group(1)) or len(fragment.group(1)) < 3)
        ):
            return text[:-1] + line
        return text + line
    return f"{text} {line}"


def _strip_footnote_tail(text: str) -> str:
    return _TRAILING_FOOTNOTE.sub("", text.rstrip())


def _tidy(text: str) -> str:
    text = _INLINE_MARKS.sub("", text)
    text = _strip_footnote_tail(text)
    text = _COMMA_FOOTNOTE.sub("", text)
    text = _WORD_FOOTNOTE.sub("", text)
    text = _GLUED_FOOTNOTE.sub("", text)
    text = re.sub(r"(\w) -(\w)", r"\1-\2", text)
    text = re.sub(r"\s+([,;:.])", r"\1", text)
    text = re.sub(r"\s{2,}", " ", text)
    return text.strip()


# --- building the tree -----------------------------------------------------------------------


def _build(units: list[_Unit]) -> tuple[list[_Node], list[Finding]]:
    top: list[_Node] = []
    findings: list[Finding] = []
    last_number: int | None = None
    # open lists below the current top-level clause: [(node, style)] by depth
    path: list[_Node] = []
    for unit in units:
        if unit.number is not None:
            node = _Node(OPERATIVE, unit.text, number=unit.number)
            if last_number is not None and unit.number != last_number + 1:
                what = "repeats" if unit.number == last_number else "jumps"
                findings.append(
                    Finding(
                        "numbering",
                        Severity.WARNING,
                        f"The pasted numbering {what} from {last_number} to {unit.number}: a "
                        f"paragraph may be missing or misnumbered. Clauses are numbered again "
                        f"from their order; check that none was lost.",
                        ref=len(top),
                        label=gettext("pasted paragraph %(number)s") % {"number": unit.number},
                    )
                )
            last_number = unit.number
            top.append(node)
            path = [node]
            continue
        if unit.label and path:
            node, finding = _place_sub(path, unit)
            if finding:
                findings.append(finding)
            continue
        if unit.label and not path:
            # A label with nothing to hang on: keep the text as its own paragraph.
            unit = _Unit(unit.text)
        kind = _kind_of_unnumbered(unit.text, top)
        node = _Node(kind, unit.text)
        top.append(node)
        path = [node]
    return top, findings


def _kind_of_unnumbered(text: str, top: list[_Node]) -> str:
    if phrases.looks_operative(text):
        return OPERATIVE
    if phrases.opening_phrase(text, PREAMBULATORY).phrase:
        return PREAMBULATORY
    if any(n.kind == OPERATIVE for n in top):
        return OPERATIVE if phrases.opening_phrase(text, OPERATIVE).phrase else PREAMBULATORY
    return OPERATIVE if phrases.opening_phrase(text, OPERATIVE).phrase else PREAMBULATORY


def _candidates(label: str) -> list[tuple[str, int]]:
    out = []
    if label.isdigit():
        return [("digit", int(label) - 1)]
    for style in (numbering.LETTER, numbering.ROMAN, numbering.UPPER):
        value = numbering.value_in_style(label, style)
        # No list runs to item xl: "mix." or "civ." at the start of a line is a word.
        if value is not None and not (style == numbering.ROMAN and value >= 39):
            out.append((style, value))
    return out


def _place_sub(path: list[_Node], unit: _Unit) -> tuple[_Node, Finding | None]:
    """Hang a labelled unit under the right parent, reading the label in context."""
    candidates = _candidates(unit.label)
    finding = None
    depth = None
    style = value = None
    # 1. It continues an open list: the deepest list whose next label it is.
    for level in range(len(path) - 1, 0, -1):
        node = path[level]
        for cand_style, cand_value in candidates:
            if cand_style == node.style and cand_value == node.value + 1:
                depth, style, value = level, cand_style, cand_value
                break
        if depth is not None:
            break
    # 2. It opens a new list under the current item: "a" / "i" / "A" / "1".
    if depth is None:
        firsts = [(s, v) for s, v in candidates if v == 0]
        if firsts and len(path) <= numbering.MAX_SUB_DEPTH:
            parent_style = path[-1].style
            preferred = {
                "": numbering.LETTER,
                numbering.LETTER: numbering.ROMAN,
                numbering.ROMAN: numbering.LETTER,
                numbering.UPPER: "digit",
            }.get(parent_style, numbering.LETTER)
            style, value = next(((s, v) for s, v in firsts if s == preferred), firsts[0])
            if style == numbering.UPPER and parent_style == numbering.ROMAN:
                style = numbering.UPPER
            depth = len(path)
    # 3. Out of sequence: put it in the nearest list of a style it can have, and say so.
    if depth is None:
        for level in range(len(path) - 1, 0, -1):
            node = path[level]
            match = next(((s, v) for s, v in candidates if s == node.style), None)
            if match:
                depth, (style, value) = level, match
                expected = numbering.label_in_style(node.value + 1, node.style)
                finding = Finding(
                    "numbering",
                    Severity.WARNING,
                    f"The pasted sub-clause “{unit.label}” comes where “{expected}” was "
                    f"expected: an item may be missing or misnumbered. Sub-clauses are "
                    f"lettered again from their order.",
                    label=gettext("pasted sub-clause %(label)s") % {"label": unit.label},
                )
                break
    if depth is None:
        style, value = candidates[0] if candidates else (numbering.LETTER, 0)
        depth = len(path)
    depth = max(1, min(depth, numbering.MAX_SUB_DEPTH + 1))
    parent = path[depth - 1]
    node = _Node(parent.kind, unit.text, label=unit.label, style=style or "", value=value or 0)
    parent.children.append(node)
    del path[depth:]
    path.append(node)
    return node, finding


def _freeze(node: _Node) -> Clause:
    return Clause(kind=node.kind, text=node.text, children=tuple(_freeze(c) for c in node.children))
