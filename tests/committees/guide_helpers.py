"""Shared test data for the guide parser and importer."""

from __future__ import annotations

import csv
from pathlib import Path

from committees.engines.guide_reader import build_country_index

DATA = Path(__file__).resolve().parent.parent / "data"
COUNTRIES_CSV = Path(__file__).resolve().parents[2] / "committees" / "data" / "countries.csv"

# Used only while the shipped country table is missing from a checkout.
_FALLBACK = [
    ("USA", "United States of America", ["United States", "USA", "US", "U.S."]),
    ("MEX", "Mexico", ["United Mexican States"]),
    ("CHN", "China", ["People's Republic of China", "PRC"]),
    ("FRA", "France", ["French Republic"]),
    ("RUS", "Russian Federation", ["Russia"]),
    ("MLI", "Mali", ["Republic of Mali"]),
]


def country_rows():
    if not COUNTRIES_CSV.exists():
        return _FALLBACK
    with COUNTRIES_CSV.open(encoding="utf-8") as handle:
        return [
            (row["iso3"], row["name"], [a for a in (row.get("aliases") or "").split("|") if a])
            for row in csv.DictReader(handle)
        ]


def country_index():
    return build_country_index(country_rows())


def seed_guide_text() -> str:
    return (DATA / "guide_unodc.md").read_text(encoding="utf-8")
