"""Measure the guide reader against real study guides: expected vs found, guide by guide.

    .venv/bin/python tests/real_guides/measure.py GUIDES_DIR [--verbose]

GUIDES_DIR holds the guide files named in ``expected.json`` (next to this script): real guides
of other conferences, which are not part of the repository. For each guide the table shows
what a careful reader extracts and what the importer found, for title, chairs (name and role),
top-level section count and countries, and marks each column right (✓) or wrong (✗).

A column is right when:
- title: the title found contains one of the expected phrases (case and spacing aside);
- chairs: every expected person is found (name, and the role word when one is expected),
  with at most one person found that the guide does not name as a chair;
- sections: the number of top-level sections is one of the expected numbers;
- countries: the countries found are the expected ones (at most one missing or extra);
and a guide that cannot be read is right in every column when the message says why
(e.g. it needs OCR, or a password).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from committees.countries import country_rows  # noqa: E402
from committees.engines.guide_reader import ReadError, build_country_index, read_guide  # noqa: E402


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def _contains_any(found: str, phrases: list[str]) -> bool:
    return any(_norm(p) in _norm(found) for p in phrases)


def _person_found(expected: list[str], people: list[dict]) -> bool:
    name, role = expected[0], expected[1] if len(expected) > 1 else ""
    for person in people:
        if _norm(person["name"]) == _norm(name) or (
            set(_norm(name).split()) <= set(_norm(person["name"]).split())
        ):
            if not role:
                return True
            want = set(_norm(role).replace("co ", "co").split()) - {"of", "the"}
            got = set(_norm(person.get("role", "")).replace("co ", "co").split())
            return bool(want & got)
    return False


def measure(folder: Path, verbose: bool = False) -> int:
    spec = json.loads((Path(__file__).parent / "expected.json").read_text(encoding="utf-8"))
    index = build_country_index((r.iso3, r.name, r.aliases) for r in country_rows())
    columns = ("title", "chairs", "sections", "countries")
    right = dict.fromkeys(columns, 0)
    rows = []
    timings = []
    for guide in spec["guides"]:
        path = folder / guide["file"]
        data = path.read_bytes()
        started = time.perf_counter()
        try:
            structure = read_guide(path.name, data, countries=index)
            error = ""
        except ReadError as exc:
            structure, error = None, exc.message
        elapsed = time.perf_counter() - started
        timings.append((guide["file"], elapsed))
        row = {"file": guide["file"], "seconds": elapsed}
        if "error_any" in guide:
            ok = bool(error) and _contains_any(error, guide["error_any"])
            for column in columns:
                row[column] = (ok, "message" if ok else "no clear message", error or "(read)")
            rows.append(row)
            continue
        if structure is None:
            for column in columns:
                row[column] = (False, "—", f"refused: {error}")
            rows.append(row)
            continue
        title = structure["title"]
        row["title"] = (
            _contains_any(title, guide["title_any"]),
            " / ".join(guide["title_any"][:2]),
            title,
        )
        people = structure.get("people") or [{"name": n, "role": ""} for n in structure["chairs"]]
        expected_people = guide["chairs"]
        optional = {_norm(n) for n in guide.get("optional_chairs", [])}
        missing = [p[0] for p in expected_people if not _person_found(p, people)]
        extra = [
            p["name"]
            for p in people
            if not any(_person_found([e[0]], [p]) for e in expected_people)
            and _norm(p["name"]) not in optional
        ]
        row["chairs"] = (
            not missing and len(extra) <= 1,
            "; ".join(f"{n} ({r})" for n, r in expected_people),
            "; ".join(f"{p['name']} ({p.get('role') or '?'})" for p in people)
            + (f"  [missing: {', '.join(missing)}]" if missing else "")
            + (f"  [extra: {', '.join(extra)}]" if extra else ""),
        )
        top = len(structure["sections"])
        total = _count(structure["sections"])
        row["sections"] = (
            top in guide["top_sections"],
            "/".join(str(n) for n in guide["top_sections"]),
            f"{top} (of {total})",
        )
        found = {c["iso3"] for c in structure["countries"]}
        want = set(guide["countries"])
        row["countries"] = (
            len(found ^ want) <= (1 if want else 0),
            ", ".join(sorted(want)) or "none",
            ", ".join(sorted(found)) or "none",
        )
        row["blocs"] = [b["name"] for b in structure.get("blocs", [])]
        row["tree"] = _tree(structure["sections"])
        rows.append(row)
    for row in rows:
        for column in columns:
            right[column] += row[column][0]
    _print(rows, columns, verbose)
    n = len(rows)
    print()
    print("Right per column: " + ", ".join(f"{c} {right[c]}/{n}" for c in columns))
    slowest = max(timings, key=lambda t: t[1])
    print(f"Slowest read: {slowest[1]:.2f} s ({slowest[0]})")
    return 0 if all(right[c] >= n - 2 for c in columns) else 1


def _count(sections: list[dict]) -> int:
    return sum(1 + _count(s["children"]) for s in sections)


def _tree(sections: list[dict], depth: int = 0) -> list[str]:
    out = []
    for s in sections:
        out.append("  " * depth + (f"{s['ref']} " if s["ref"] else "") + s["title"])
        out.extend(_tree(s["children"], depth + 1))
    return out


def _print(rows, columns, verbose):
    for row in rows:
        print(f"\n{row['file']}  ({row['seconds']:.2f} s)")
        for column in columns:
            ok, expected, found = row[column]
            print(f"  {'✓' if ok else '✗'} {column:<9} expected: {expected}")
            print(f"    {'':<9} found:    {found}")
        if verbose and row.get("tree"):
            print("    blocs: " + (", ".join(row["blocs"]) or "none"))
            for line in row["tree"]:
                print("      " + line)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--verbose", action="store_true", help="also print each section tree")
    args = parser.parse_args()
    sys.exit(measure(args.folder, args.verbose))
