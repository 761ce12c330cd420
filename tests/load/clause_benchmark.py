"""Clause checker benchmark: precision on real adopted resolutions, recall on injected mistakes.

    python -m tests.load.clause_benchmark [corpus-dir] [-v]

The corpus is a folder of ``.txt`` files (text as found: PDF pages, web pages) and a
``SOURCES.tsv`` naming each file's organ, extent and clause counts (see
``tests/data/resolutions``). A line "[...]" separates extracts (pages) of one resolution.

Precision: every error or warning on an adopted text is false; their number is held to 2 %
of the clauses. The paste reader is held to the clause counts of SOURCES.tsv.

Recall: on each real text the benchmark injects, one at a time, the mistakes chairs see —
wrong ending punctuation, an invented opening phrase, broken numbering in pasted text, a
preambulatory clause among operative ones, a Security-Council-only decision in a General
Assembly body, a missing colon before sub-clauses — and counts how many the linter finds at
the clause concerned (≥ 95 %).
"""

from __future__ import annotations

import csv
import random
import re
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from positions.engines.clauses import OPERATIVE, PREAMBULATORY, Clause, Organ, Severity, lint
from positions.engines.clauses.paste import parse

CORPUS = Path(__file__).resolve().parent.parent / "data" / "resolutions"

INVENTED_PREAMBULATORY = (
    "We think that",
    "It is important that",
    "Because",
    "The delegates believe",
    "As we all know,",
    "Hopefully",
    "In conclusion,",
    "Sadly",
)
INVENTED_OPERATIVE = (
    "Wants",
    "Thinks that",
    "Would like",
    "We ask",
    "Tells",
    "Makes sure",
    "It is decided that",
    "Should",
)
COUNCIL_ONLY = (
    "Decides that all States shall",
    "Acting under Chapter VII of the Charter of the United Nations, decides that Member States shall",
    "Decides to impose an arms embargo and a travel ban on those who",
    "Authorizes Member States to use all necessary means to",
)


@dataclass
class Document:
    name: str
    organ: Organ
    complete: bool
    fragments: list[list[Clause]]
    parse_findings: list
    expected: tuple[int, int, int] | None

    @property
    def clauses(self) -> list[Clause]:
        return [c for fragment in self.fragments for c in fragment]


def load(folder: Path = CORPUS) -> list[Document]:
    sources = {}
    tsv = folder / "SOURCES.tsv"
    if tsv.exists():
        with tsv.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                sources[row["file"]] = row
    documents = []
    for path in sorted(folder.glob("*.txt")):
        row = sources.get(path.name, {})
        organ_name = row.get("organ", "") or _organ_from_name(path.name)
        organ = Organ.SUBSIDIARY if organ_name in {"cnd", "subsidiary"} else Organ(organ_name)
        fragments, found = [], []
        for text in re.split(r"\n\s*\[(?:\.\.\.|…)\]\s*\n", path.read_text(encoding="utf-8")):
            parsed = parse(text)
            fragments.append(parsed.clauses)
            found.extend(parsed.findings)
        expected = None
        if row.get("preambulatory"):
            expected = (int(row["preambulatory"]), int(row["operative"]), int(row["sub_clauses"]))
        complete = row.get("extent", "full") == "full" and len(fragments) == 1
        documents.append(Document(path.stem, organ, complete, fragments, found, expected))
    return documents


def _organ_from_name(name: str) -> str:
    prefix = name.split("_", 1)[0].lower()
    return {
        "sc": "security_council",
        "s": "security_council",
        "ga": "general_assembly",
        "a": "general_assembly",
        "ecosoc": "ecosoc",
        "e": "ecosoc",
        "cnd": "subsidiary",
    }.get(prefix, "general_assembly")


def _lint(doc: Document, clauses: list[Clause], organ: Organ | None = None):
    return lint(clauses, organ=organ or doc.organ, complete=doc.complete)


def _count(clauses: list[Clause]) -> tuple[int, int, int]:
    pre = sum(c.kind == PREAMBULATORY for c in clauses)
    op = sum(c.kind == OPERATIVE for c in clauses)
    subs = sum(_subs(c) for c in clauses)
    return pre, op, subs


def _subs(clause: Clause) -> int:
    return sum(1 + _subs(c) for c in clause.children)


def precision(documents: list[Document], verbose: bool = False):
    clauses = false = 0
    parse_ok = parse_total = 0
    rows = []
    for doc in documents:
        found = list(doc.parse_findings)
        for fragment in doc.fragments:
            found += lint(fragment, organ=doc.organ, complete=doc.complete)
        bad = [f for f in found if f.severity in (Severity.ERROR, Severity.WARNING)]
        n = sum(_count(fr)[0] + _count(fr)[1] + _count(fr)[2] for fr in doc.fragments)
        clauses += n
        false += len(bad)
        counts = tuple(map(sum, zip(*(_count(fr) for fr in doc.fragments), strict=False)))
        if doc.expected is not None:
            parse_total += 1
            parse_ok += counts == doc.expected
        rows.append((doc, n, bad, counts))
        if verbose and (bad or (doc.expected and counts != doc.expected)):
            print(f"  {doc.name}: parsed {counts}, expected {doc.expected}")
            for f in bad:
                print(f"    {f.severity}: {f}")
    return clauses, false, parse_ok, parse_total, rows


def _texts(clause: Clause) -> str:
    return clause.text


def _swap_ending(text: str, new: str) -> str:
    return re.sub(r"[,;:.]?\s*$", new, text.rstrip(), count=1)


def injections(doc: Document, rng: random.Random):
    """Yield (kind, clauses, target_index, organ) for one document."""
    for fragment in doc.fragments:
        if not fragment:
            continue
        pres = [i for i, c in enumerate(fragment) if c.kind == PREAMBULATORY]
        ops = [i for i, c in enumerate(fragment) if c.kind == OPERATIVE]
        for i in pres[:3] + ops[:3]:
            c = fragment[i]
            if c.children:
                continue
            wrong = ";" if c.kind == PREAMBULATORY else rng.choice([",", ":"])
            yield (
                "ending punctuation",
                _with(fragment, i, replace(c, text=_swap_ending(c.text, wrong))),
                i,
                None,
            )
        for i in pres[:2] + ops[:2]:
            c = fragment[i]
            pool = INVENTED_PREAMBULATORY if c.kind == PREAMBULATORY else INVENTED_OPERATIVE
            yield (
                "invented phrase",
                _with(fragment, i, replace(c, text=_replace_opening(c, rng.choice(pool)))),
                i,
                None,
            )
        if len(ops) >= 2 and pres:
            moved = fragment[pres[0]]
            rest = [c for j, c in enumerate(fragment) if j != pres[0]]
            new_ops = [j for j, c in enumerate(rest) if c.kind == OPERATIVE]
            at = new_ops[1]
            yield "preamble among operatives", rest[:at] + [moved] + rest[at:], at, None
        for i in ops[:2]:
            c = fragment[i]
            opening = rng.choice(COUNCIL_ONLY)
            body = _lowered_rest(c)
            yield (
                "Council-only decision",
                _with(fragment, i, replace(c, text=f"{opening} {body}")),
                i,
                Organ.GENERAL_ASSEMBLY,
            )
        for i in ops[:2]:
            c = fragment[i]
            kids = (
                Clause(c.kind, "strengthen national legislation;"),
                Clause(c.kind, "report on progress to the next session;"),
            )
            body = re.sub(r"[,;:.]?\s*$", ";", c.text.rstrip())
            yield (
                "missing sub-clause colon",
                _with(fragment, i, replace(c, text=body, children=kids)),
                i,
                None,
            )
        if len(ops) >= 3:
            yield "broken numbering", ("paste", _numbered_text(fragment, skip=ops[1])), ops[1], None


def _with(fragment, i, clause):
    return fragment[:i] + [clause] + fragment[i + 1 :]


def _replace_opening(clause: Clause, invented: str) -> str:
    from positions.engines.clauses.phrases import opening_phrase

    found = opening_phrase(clause.text, clause.kind)
    rest = clause.text
    if (
        found.matched_text
        and found.how != "delayed"
        and rest.startswith(found.matched_text.split()[0])
    ):
        rest = rest[len(found.matched_text) :]
    else:
        rest = " " + rest.split(" ", 1)[-1]
    return f"{invented}{rest}"


def _lowered_rest(clause: Clause) -> str:
    words = clause.text.split(" ", 1)
    return words[1] if len(words) > 1 else ""


def _numbered_text(fragment: list[Clause], *, skip: int) -> str:
    lines, number = [], 0
    for i, c in enumerate(fragment):
        if c.kind == OPERATIVE:
            number += 1
            if i == skip:
                number += 1  # a paragraph number skipped: "1., 3., 4."
            lines.append(f"{number}. {c.text}")
        else:
            lines.append(c.text)
        for j, child in enumerate(c.children):
            lines.append(f"({chr(97 + j)}) {child.text}")
    return "\n\n".join(lines)


def recall(documents: list[Document], seed: int = 1):
    rng = random.Random(seed)
    per_kind: dict[str, list[int]] = {}
    missed = []
    for doc in documents:
        for kind, clauses, target, organ in injections(doc, rng):
            if isinstance(clauses, tuple):
                parsed = parse(clauses[1])
                found = parsed.findings + lint(
                    parsed.clauses, organ=organ or doc.organ, complete=False
                )
                hit = any(f.code == "numbering" for f in found)
            else:
                found = lint(clauses, organ=organ or doc.organ, complete=doc.complete)
                target_clause = clauses[target]
                refs = {id(target_clause)}
                hit = any(_points_at(f, clauses, target) for f in found)
                del refs
            stats = per_kind.setdefault(kind, [0, 0])
            stats[1] += 1
            stats[0] += hit
            if not hit:
                missed.append((doc.name, kind, target))
    return per_kind, missed


def _points_at(finding, clauses, target) -> bool:
    from positions.engines.clauses.lint import _all_names

    names = _all_names(clauses)
    label = names[id(clauses[target])]
    return finding.severity in (Severity.ERROR, Severity.WARNING) and (
        finding.label == label or finding.label.startswith(label + " ")
    )


def main(argv: list[str] | None = None) -> dict:
    argv = list(sys.argv[1:] if argv is None else argv)
    verbose = "-v" in argv
    argv = [a for a in argv if a != "-v"]
    folder = Path(argv[0]) if argv else CORPUS
    documents = load(folder)
    clauses, false, parse_ok, parse_total, _rows = precision(documents, verbose)
    per_kind, missed = recall(documents)
    organs = {}
    for doc in documents:
        organs[doc.organ.value] = organs.get(doc.organ.value, 0) + 1
    print(
        f"Corpus: {folder.name} — {len(documents)} resolutions, {clauses} clauses "
        f"({', '.join(f'{k} {v}' for k, v in sorted(organs.items()))})"
    )
    rate = false / clauses if clauses else 0.0
    print(
        f"Precision: {false} false error/warning findings on {clauses} real clauses "
        f"= {rate:.1%} (target ≤ 2.0%)"
    )
    if parse_total:
        print(f"Paste reader: clause counts right in {parse_ok}/{parse_total} texts")
    total_hit = sum(v[0] for v in per_kind.values())
    total = sum(v[1] for v in per_kind.values())
    print("Recall on injected mistakes:")
    for kind, (hit, n) in sorted(per_kind.items()):
        print(f"  {kind:<28} {hit:>4}/{n:<4} {hit / n:.1%}")
    share = total_hit / total if total else 0.0
    print(f"  {'all':<28} {total_hit:>4}/{total:<4} {share:.1%} (target ≥ 95%)")
    if verbose:
        for item in missed[:40]:
            print("  missed:", item)
    return {
        "clauses": clauses,
        "false": false,
        "false_rate": rate,
        "recall": share,
        "parse_ok": parse_ok,
        "parse_total": parse_total,
        "resolutions": len(documents),
    }


if __name__ == "__main__":
    main()
