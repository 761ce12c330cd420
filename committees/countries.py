"""UN member and observer states, and loose-name lookup ("US", "the United States" → USA).

The data ships in committees/data/countries.csv so guides and CSV files can name countries
the way people write them. This module has no Django imports: the guide parser uses it too.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "countries.csv"


@dataclass(frozen=True)
class CountryRow:
    iso3: str
    name: str
    aliases: tuple[str, ...] = field(default=())
    un_status: str = "member"
    permanent_member: bool = False


@cache
def country_rows() -> tuple[CountryRow, ...]:
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        return tuple(
            CountryRow(
                iso3=row["iso3"],
                name=row["name"],
                aliases=tuple(a for a in row["aliases"].split("|") if a),
                un_status=row["un_status"],
                permanent_member=row["permanent_member"] == "1",
            )
            for row in csv.DictReader(handle)
        )


def normalize_country_name(text: str) -> str:
    """Fold case, accents, punctuation and a leading "the" so loose names compare equal."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().replace("&", " and ")
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return re.sub(r"^the ", "", text)


def alias_index(rows: tuple[CountryRow, ...] | None = None) -> dict[str, str]:
    """Map every normalised name, alias and ISO code to its ISO3 code."""
    index: dict[str, str] = {}
    for row in rows if rows is not None else country_rows():
        for name in (row.name, row.iso3, *row.aliases):
            index.setdefault(normalize_country_name(name), row.iso3)
    return index


@cache
def _default_index() -> dict[str, str]:
    return alias_index()


def resolve_country(text: str) -> str | None:
    """ISO3 code for a loosely written country name, or None when unknown."""
    return _default_index().get(normalize_country_name(text))
