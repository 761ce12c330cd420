"""Shared vocabulary of the guide reader: the country index and the patterns every stage uses."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

# --- public helpers ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CountryName:
    iso3: str
    name: str


def build_country_index(rows: Iterable[tuple[str, str, Iterable[str]]]) -> dict[str, CountryName]:
    """(iso3, name, aliases) rows → {normalised name or alias: CountryName}."""
    index: dict[str, CountryName] = {}
    for iso3, name, aliases in rows:
        entry = CountryName(iso3.upper(), name)
        for alias in (name, iso3, *aliases):
            key = _country_key(alias)
            if key and (key not in index or alias == name):
                index[key] = entry
    return index


def _country_key(name: str) -> str:
    name = unicodedata.normalize("NFKD", name or "")
    name = "".join(ch for ch in name if not unicodedata.combining(ch)).lower()
    name = re.sub(r"[^a-z0-9]+", " ", name).strip()
    return re.sub(r"^the ", "", name)


# --- line model -------------------------------------------------------------------------------

BREAK = "\f"  # a page break or a removed page scar, kept as a marker for paragraph rejoining

_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'\])]+", re.IGNORECASE)
_MD_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")
_ANGLE_URL = re.compile(r"<((?:https?://|www\.)[^>\s]+)>", re.IGNORECASE)
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^(\s*)(?:[-*+•●▪◦‣–]|\(?\d{1,2}[.)]\s*(?=\S)(?!\d))\s*(.*)$")
_SIMPLE_BULLET = re.compile(r"^(\s*)[-*+•●▪◦‣–](?:\s+(.*)|\s*)$")
_NUMBERED_ITEM = re.compile(r"^(\s*)(?:\d{1,2}|[a-z])[.)]\s+(\S.*)$")
_DOT_LEADER = re.compile(r"(?:\.\s?){4,}\s*\d{1,4}\s*$|(?:…\s?){2,}\s*\d{1,4}\s*$|_{4,}\s*\d+\s*$")
_PAGE_NUMBER = re.compile(
    r"^\W{0,3}(?:page|seite|p\.)?\s*\d{1,4}(?:\s*(?:/|of|von|[-–—|·•]|\s)\s*\d{1,4})*\s*\W{0,3}$",
    re.IGNORECASE,
)
_TOC_TITLE = re.compile(
    r"^(?:table\s+of\s+contents?|contents|index|inhaltsverzeichnis|table\s+des\s+mati[eè]res)"
    r"\s*:?$",
    re.IGNORECASE,
)
_ROMAN = re.compile(r"^(?=[IVXLC])M{0,3}(?:C[MD]|D?C{0,3})(?:X[CL]|L?X{0,3})(?:I[XV]|V?I{0,3})$")
_DOTTED_NUMBER = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){1,3})(?P<sep>\.?)\s+(?P<title>\S.*)$")
_NUMBERED_SIMPLE = re.compile(
    r"^(?:(?:part|chapter|section|topic)\s+)?"
    r"(?P<num>[IVXLC]{1,6}|\d{1,2}(?:\.\d{1,2}){0,3}|[A-Za-z])(?P<sep>[.):]|\s+[-–—])\s*(?P<title>\S.*)$",
    re.IGNORECASE,
)


def _match_numbered(text: str) -> re.Match | None:
    """A heading number: "2.1 Context", "IV. Solutions", "b) Sanctions", "3 – Blocs"."""
    return _DOTTED_NUMBER.match(text) or _NUMBERED_SIMPLE.match(text)


_KEYWORD_HEADING = re.compile(
    r"^(?:(?:an?\s+)?introduction(?:\s+to\s+.*)?|background(?:\s+information)?|history|overview"
    r"|(?:statement\s+of\s+the\s+)?problem|(?:key|main|major)\s+(?:terms|issues|parties(?:\s+involved)?|actors|players|stakeholders)"
    r"|definitions?(?:\s+of\s+key\s+terms)?|blocs?|bloc\s+positions|country\s+(?:positions|policies|stances|profiles)"
    r"|positions\s+of\s+(?:key\s+)?(?:member\s+)?states|(?:past|previous)\s+(?:actions|un\s+actions|resolutions)"
    r"|timeline(?:\s+of\s+events)?|(?:current|present)\s+situation|(?:possible|potential)\s+solutions?"
    r"|questions?\s+(?:to\s+consider|a\s+resolution\s+(?:should|must)\s+answer)|guiding\s+questions"
    r"|conclusion|summary|facts(?:\s+and\s+figures)?|references|bibliography|sources|works\s+cited"
    r"|further\s+reading|(?:useful|helpful)\s+links(?:\s+and\s+.*)?|(?:additional\s+)?statistics"
    r"|(?:additional\s+)?resources|appendix(?:\s+\w+)?|annex(?:\s+\w+)?)$",
    re.IGNORECASE,
)
_PARTIES_TITLE = re.compile(
    r"(major|key|main)\s+(parties|actors|players|stakeholders)|parties\s+involved|blocs?\b"
    r"|country\s+(positions|policies|stances|profiles)|positions?\s+of\s+(key\s+)?(member\s+)?states"
    r"|stakeholders",
    re.IGNORECASE,
)
# A letter from the chairs, a welcome: the body starts here; its signatures are the chairs.
LETTER_TITLE = re.compile(
    r"\b(?:letters?|welcome|message|note|words?)\s+(?:from|of|by)\b|\bdear\b|\bwelcome\b"
    r"|\b(?:meet|about|introducing)\s+(?:the|your)\s+(?:chairs?|dais|directors?|executive\s+board|team)"
    r"|^(?:the\s+)?(?:dais|executive\s+board|chairs?|your\s+chairs?|committee\s+staff|secretariat)$",
    re.IGNORECASE,
)
# "Topic A: …", "Topic One – …", "Agenda Item 2: …": one of several topics of the guide.
TOPIC_HEADING = re.compile(
    r"^(?:topic|agenda(?:\s+item)?|issue)\s+(?:[A-Z]|\d{1,2}|[IVX]{1,4}|one|two|three|four)\b"
    r"(?:\s*[:.–—-]|\s*$)",
    re.IGNORECASE,
)
_END_MATTER = re.compile(
    r"^(?:references|bibliography|sources|works\s+cited|further\s+reading|annex(?:es)?\b.*"
    r"|appendix\b.*|glossary|conclusion|endnotes|footnotes)$",
    re.IGNORECASE,
)
_QUESTIONS_TITLE = re.compile(r"question", re.IGNORECASE)
_LINKS_TITLE = re.compile(
    r"links|references|bibliography|sources|works\s+cited|further\s+reading", re.IGNORECASE
)
_CHAIR_ROLE = re.compile(
    r"^(?:co-?\s?|vice[-\s]?|deputy\s+|assistant\s+)?(?:chair(?:person|man|woman)?|president|director|moderator"
    r"|rapporteur)s?$",
    re.IGNORECASE,
)
_CHAIR_INLINE = re.compile(
    r"^(?:your\s+)?(?:co-?\s?|vice[-\s]?|deputy\s+|assistant\s+)?(?:chair(?:person|man|woman)?|president|directors?|"
    r"moderators?)(?:s|\(s\))?\s*[:–—-]\s*(?P<names>.+)$",
    re.IGNORECASE,
)
_GUIDE_LABEL = re.compile(r"\b(?:committee|study|background|research)\s+guide\b", re.IGNORECASE)
_TOPIC_LABEL = re.compile(
    r"^(?:topic|agenda(?:\s+item)?|issue)\s*(?:\d+|[IVX]+)?\s*[:–—-]\s*(.+)$", re.I
)
_COMMITTEE_LABEL = re.compile(r"^(?:committee|organ|forum)\s*[:–—-]\s*(.+)$", re.IGNORECASE)
_COMMITTEE_WORDS = re.compile(
    r"\b(united\s+nations|office|council|committee|assembly|commission|organi[sz]ation|programme|"
    r"agency|fund|court|tribunal)\b",
    re.IGNORECASE,
)
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&-]{1,11}$")
_NUMBER = re.compile(r"^[-+−]?(?:\d{1,3}(?:[,\u202f\u00a0 ]\d{3})+|\d+)(?:[.,]\d+)?\s*%?$")
_YEARISH = re.compile(r"^(?:1[89]|20)\d\d(?:[-/–]\d{2,4})?$|^Q[1-4]\s?\d{4}$")
_SENTENCE_END = re.compile(r"[.!?:;]['\"”’)\]]*$")


def _strip_markup(text: str) -> str:
    """Drop Markdown emphasis and escapes; keep link text and the URL."""
    text = _MD_LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})", text)
    text = _ANGLE_URL.sub(r"\1", text)
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!>])", r"\1", text)
    text = re.sub(r"(\*{1,3}|_{2,3})(?=\S)(.+?)(?<=\S)\1", r"\2", text)
    text = re.sub(r"^\*{1,3}(?=\S)|(?<=\S)\*{1,3}$", "", text)
    text = re.sub(r"^\*{1,3}$", "", text)
    text = text.replace("`", "")
    return re.sub(r"[ \t\u00a0]+", " ", text).strip()


def _clean_line(line: str) -> str:
    line = unicodedata.normalize("NFC", line)
    line = line.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
    return line.rstrip()


def _toc_level_for(title: str, toc_levels: dict[str, int]) -> int | None:
    key = _heading_key(title)
    if not key:
        return None
    if key in toc_levels:
        return toc_levels[key]
    for entry, level in toc_levels.items():
        if len(entry) >= 4 and (entry in key or key in entry):
            return level
    return None


def _heading_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", _strip_markup(text).lower()).strip()


def _style_of(num: str) -> str:
    if num.isdigit():
        return "arabic1"
    if re.fullmatch(r"\d+(?:\.\d+)+", num):
        return f"arabic{num.count('.') + 1}"
    if _ROMAN.match(num.upper()) and num.isupper():
        return "roman"
    if num.isalpha() and len(num) == 1:
        return "upper" if num.isupper() else "lower"
    if _ROMAN.match(num.upper()):
        return "lower-roman"
    return "other"


def _looks_like_table_row(line: str) -> bool:
    if re.fullmatch(r"\s*\|?[-:| ]+\|?\s*", line) and "-" in line and "|" in line:
        return True  # Markdown table rule
    cells = [cell for cell in _table_cells(line) if cell]
    if len(cells) < 2:
        return False
    numeric = sum(1 for cell in cells if _is_number(cell) or _YEARISH.match(cell))
    return numeric >= max(2, len(cells) - 2)


def _to_number(cell: str) -> float | int | None:
    raw = cell.replace("−", "-").replace("%", "").strip()
    raw = re.sub(r"(?<=\d)[,\u202f\u00a0 ](?=\d{3}\b)", "", raw)
    raw = raw.replace(",", ".")
    try:
        value = float(raw)
    except ValueError:
        return None
    return int(value) if value.is_integer() and "." not in raw else value


def _is_number(cell: str) -> bool:
    return bool(_NUMBER.match(cell.replace("−", "-")))


def _table_cells(line: str) -> list[str]:
    if "\t" in line:
        cells = [cell.strip() for cell in line.split("\t")]
    else:
        cells = [cell.strip() for cell in re.split(r"\s{2,}", line.strip())]
        if line[:1] == " " and len(line) - len(line.lstrip()) >= 8:
            cells = ["", *cells]  # an indented header row has an empty label column
    if "|" in line and line.strip().startswith("|"):
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
    return cells
