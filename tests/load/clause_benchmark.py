"""Clause checker benchmark: precision on real adopted resolutions, recall on injected mistakes.

    python -m tests.load.clause_benchmark [corpus-dir] [-v] [--added DATE]

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

PDF paste: each text is also rendered the way a copy from a UN PDF comes out (masthead, hard
line breaks, hyphenation at line ends, footnote markers and footnote blocks, running page
headers "A/RES/77/123" with the title, footers "22-12345 2/5") and read back: the clauses,
their kinds, sub-clauses and numbering must come out as they went in.

Results are printed for the whole corpus and per organ (GA, SC, ECOSOC, CND, other), and
again for the texts added last (the ``added`` column of SOURCES.tsv; ``--added DATE`` picks
another date), so that texts the checker was not tuned on are reported on their own.
"""

from __future__ import annotations

import csv
import random
import re
import sys
import textwrap
from dataclasses import dataclass, replace
from pathlib import Path

from positions.engines.clauses import (
    OPERATIVE,
    PREAMBULATORY,
    Clause,
    Organ,
    Severity,
    lint,
    numbering,
)
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


GROUPS = {"general_assembly": "GA", "security_council": "SC", "ecosoc": "ECOSOC", "cnd": "CND"}
GROUP_ORDER = ("GA", "SC", "ECOSOC", "CND", "other")


@dataclass
class Document:
    name: str
    organ: Organ
    complete: bool
    fragments: list[list[Clause]]
    parse_findings: list
    expected: tuple[int, int, int] | None
    group: str = "other"
    added: str = ""
    symbol: str = ""

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
        # A functional commission (CND, CCPCJ), the Human Rights Council or an office is a
        # subsidiary body: it recommends and decides on its own work.
        organ = Organ(organ_name) if organ_name in set(Organ) else Organ.SUBSIDIARY
        fragments, found = [], []
        for text in re.split(r"\n\s*\[(?:\.\.\.|…)\]\s*\n", path.read_text(encoding="utf-8")):
            parsed = parse(text)
            fragments.append(parsed.clauses)
            found.extend(parsed.findings)
        expected = None
        if row.get("preambulatory"):
            expected = (int(row["preambulatory"]), int(row["operative"]), int(row["sub_clauses"]))
        complete = row.get("extent", "full") == "full" and len(fragments) == 1
        documents.append(
            Document(
                path.stem,
                organ,
                complete,
                fragments,
                found,
                expected,
                group=GROUPS.get(organ_name, "other"),
                added=row.get("added", "") or "",
                symbol=row.get("symbol", "") or "",
            )
        )
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
        "cnd": "cnd",
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
        # The same mistakes pasted from a PDF copy: the reader must not hide them.
        for i in pres[:1] + ops[:1]:
            c = fragment[i]
            if c.children:
                continue
            wrong = ";" if c.kind == PREAMBULATORY else ","
            mistaken = _with(fragment, i, replace(c, text=_swap_ending(c.text, wrong)))
            yield "ending punctuation, PDF copy", ("pdf", mistaken), i, None


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
            if isinstance(clauses, tuple) and clauses[0] == "pdf":
                parsed = parse(pdf_paste(clauses[1], doc, rng))
                found = parsed.findings + lint(
                    parsed.clauses, organ=organ or doc.organ, complete=doc.complete
                )
                hit = len(parsed.clauses) == len(clauses[1]) and any(
                    _points_at(f, parsed.clauses, target) for f in found
                )
            elif isinstance(clauses, tuple):
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
    from positions.engines.clauses.lint import names as _all_names

    names = _all_names(clauses)
    label = names[id(clauses[target])]
    return finding.severity in (Severity.ERROR, Severity.WARNING) and (
        finding.label == label or finding.label.startswith(label + " ")
    )


# --- the same texts as copied from a UN PDF -----------------------------------------------------

_SUFFIXES = (
    "ations",
    "ation",
    "tions",
    "tion",
    "ments",
    "ment",
    "ness",
    "ities",
    "ity",
    "ances",
    "ance",
    "ences",
    "ence",
    "ing",
    "ally",
    "ive",
    "ous",
)


def pdf_paste(fragment: list[Clause], doc: Document, rng: random.Random) -> str:
    """Render clauses as the text a copy from a UN PDF gives: masthead, 80-column lines,
    words hyphenated at line ends, footnote markers with their footnote block at the foot of
    the page, and the running header and footer of every page."""
    symbol = doc.symbol.split(" (")[0] if doc.symbol.startswith(("A/", "S/", "E/")) else ""
    symbol = symbol or "A/RES/77/123"
    title = "International cooperation to address and counter the world drug problem"
    subject = {
        "SC": "The Security Council,",
        "ECOSOC": "The Economic and Social Council,",
        "CND": "The Commission on Narcotic Drugs,",
    }.get(doc.group, "The General Assembly,")
    job = f"{rng.randint(10, 25)}-{rng.randint(10000, 99999)}"
    head = [
        f"United Nations {symbol}",
        "General Assembly Distr.: General",
        "20 December 2022",
        f"{job} (E) 201222",
        f"*{job.replace('-', '')}*",
        "Seventy-seventh session",
        "Agenda item 110",
        "Resolution adopted by the General Assembly on 15 December 2022",
        "[on the report of the Third Committee (A/77/469)]",
        f"77/123. {title}",
        subject,
    ]
    body: list[str] = []
    notes: list[list[str]] = []  # footnotes, each of one or two lines
    footnote = 0
    number = 0

    def paragraph(text: str) -> None:
        nonlocal footnote
        words = text.split(" ")
        if len(words) > 8 and rng.random() < 0.35:
            # A footnote marker goes where UN texts put them: after the comma or semicolon
            # that closes a cited title or document, else after a longer word.
            footnote += 1
            # (Not after a figure: "2010/2" + "2" cannot be told from "2010/22".)
            spots = [i for i, w in enumerate(words[2:-2], 2) if re.search(r"[a-z)][,;]$", w)]
            spots = spots or [
                i for i, w in enumerate(words[2:-2], 2) if len(w) >= 6 and w.isalpha()
            ]
            if spots:
                words[rng.choice(spots)] += str(footnote)  # the superscript, flattened
                notes.append(
                    [f"{footnote} See A/77/{rng.randint(100, 999)}."]
                    if rng.random() < 0.5
                    else [  # a footnote that runs onto a second line
                        f"{footnote} See Official Records of the General Assembly, Seventy-"
                        "seventh Session, Supplement No. 10",
                        f"(A/77/{rng.randint(10, 99)}), chap. IV.",
                    ]
                )
        lines = textwrap.wrap(" ".join(words), 80, break_long_words=False, break_on_hyphens=False)
        for i in range(len(lines) - 1):
            first, _, rest = lines[i + 1].partition(" ")
            word = first.rstrip(",;:.")
            suffix = next(
                (x for x in _SUFFIXES if word.endswith(x) and len(word) - len(x) >= 4), ""
            )
            if word.isalpha() and word.islower() and suffix and rng.random() < 0.3:
                lines[i] += f" {word[: -len(suffix)]}-"
                lines[i + 1] = (first[len(word) - len(suffix) :] + " " + rest).strip()
            elif "-" in word and word[0].islower() and rng.random() < 0.5:
                cut = word.index("-") + 1
                lines[i] += f" {first[:cut]}"
                lines[i + 1] = (first[cut:] + " " + rest).strip()
        body.extend(lines)

    def children(nodes, depth: int) -> None:
        for i, child in enumerate(nodes):
            label = (
                f"({numbering.to_letters(i)})" if depth == 1 else f"({numbering.to_roman(i + 1)})"
            )
            paragraph(f"{label} {child.text}")
            children(child.children, depth + 1)

    for clause in fragment:
        if clause.kind == OPERATIVE:
            number += 1
            if rng.random() < 0.1 and len(clause.text) > 160:
                # Seen in extracted UN PDFs: the paragraph number after the first line.
                start = len(body)
                paragraph(clause.text)
                body.insert(start + 1, f"{number}.")
            else:
                paragraph(f"{number}. {clause.text}")
        else:
            paragraph(clause.text)
        children(clause.children, 1)
    # Pages of 40 lines; a paragraph number put after the first line stays on its page.
    pages, start = [], 0
    while start < len(body):
        end = min(start + 40, len(body))
        while end < len(body) and re.fullmatch(r"\d{1,3}\.", body[end]):
            end += 1
        pages.append(body[start:end])
        start = end
    pages, out = pages or [[]], []
    for page_no, page in enumerate(pages, 1):
        if page_no > 1:
            out += [symbol, title] if page_no % 2 == 0 else [title, symbol]
        out += page
        page_notes = notes if page_no == len(pages) else notes[: len(notes) * page_no // len(pages)]
        if page_notes:
            out += ["__________________", *(line for note in page_notes for line in note)]
            del notes[: len(page_notes)]
        out.append(f"{job} {page_no}/{len(pages)}" if page_no > 1 else "Please recycle")
    return "\n".join(head + out)


def _shape(clauses) -> list:
    return [(c.kind, _shape(c.children)) for c in clauses]


def _words(clauses) -> list[str]:
    out = []
    for c in clauses:
        out.append(re.sub(r"\s+", " ", c.text).strip())
        out += _words(c.children)
    return out


def pdf_check(documents: list[Document], seed: int = 7):
    """Render every text as a PDF copy and read it back; return {doc name: [problems]}."""
    rng = random.Random(seed)
    problems: dict[str, list[str]] = {}
    for doc in documents:
        found: list[str] = []
        for fragment in doc.fragments:
            if not fragment:
                continue
            parsed = parse(pdf_paste(fragment, doc, rng))
            got, want = parsed.clauses, fragment
            if len(got) != len(want):
                found.append(f"clause boundaries: {len(got)} clauses read, {len(want)} pasted")
            elif [c.kind for c in got] != [c.kind for c in want]:
                found.append("kinds or preamble order")
            elif _shape(got) != _shape(want):
                found.append("sub-clauses")
            elif _words(got) != _words(want):
                g, w = next(
                    (g, w) for g, w in zip(_words(got), _words(want), strict=True) if g != w
                )
                at = next((i for i, (a, b) in enumerate(zip(g, w, strict=False)) if a != b), 0)
                found.append(
                    f"clause text: …{g[max(0, at - 30) : at + 40]!r}… pasted as "
                    f"…{w[max(0, at - 30) : at + 40]!r}…"
                )
            if any(f.code == "numbering" for f in parsed.findings):
                found.append("numbering finding on correctly numbered text")
        problems[doc.name] = found
    return problems


# --- report ------------------------------------------------------------------------------------


def _doc_stats(doc: Document) -> dict:
    found = list(doc.parse_findings)
    for fragment in doc.fragments:
        found += lint(fragment, organ=doc.organ, complete=doc.complete)
    return {
        "clauses": sum(sum(_count(fr)) for fr in doc.fragments),
        "error": [f for f in found if f.severity == Severity.ERROR],
        "warning": [f for f in found if f.severity == Severity.WARNING],
        "advice": [f for f in found if f.severity == Severity.ADVICE],
    }


def report(documents: list[Document], title: str, verbose: bool = False) -> dict:
    """Print one table (per organ, then all) for these documents; return the totals."""
    stats = {doc.name: _doc_stats(doc) for doc in documents}
    recall_rows: dict[str, dict[str, list[int]]] = {}
    for doc in documents:
        per_kind, _missed = recall([doc])
        for kind, (hit, n) in per_kind.items():
            cell = recall_rows.setdefault(doc.group, {}).setdefault(kind, [0, 0])
            cell[0] += hit
            cell[1] += n
    pdf = pdf_check(documents)
    kinds = sorted({k for rows in recall_rows.values() for k in rows})
    short = {
        "Council-only decision": "council",
        "broken numbering": "number",
        "ending punctuation": "ending",
        "ending punctuation, PDF copy": "pdf end",
        "invented phrase": "phrase",
        "missing sub-clause colon": "colon",
        "preamble among operatives": "order",
    }
    print(f"\n{title}")
    header = f"  {'organ':<7}{'texts':>6}{'clauses':>8}{'errors':>12}{'warnings':>12}{'advice':>7}"
    header += f"{'pdf ok':>8}  " + " ".join(f"{short.get(k, k):>7}" for k in kinds)
    print(header)
    totals = {"texts": 0, "clauses": 0, "error": 0, "warning": 0, "advice": 0, "pdf_ok": 0}
    all_recall: dict[str, list[int]] = {}
    for group in (*GROUP_ORDER, "all"):
        docs = [d for d in documents if group in ("all", d.group)]
        if not docs:
            continue
        n = sum(stats[d.name]["clauses"] for d in docs)
        err = sum(len(stats[d.name]["error"]) for d in docs)
        warn = sum(len(stats[d.name]["warning"]) for d in docs)
        adv = sum(len(stats[d.name]["advice"]) for d in docs)
        ok = sum(not pdf[d.name] for d in docs)
        cells = []
        for kind in kinds:
            hit = sum(
                recall_rows.get(d, {}).get(kind, [0, 0])[0] for d in ({x.group for x in docs})
            )
            tot = sum(
                recall_rows.get(d, {}).get(kind, [0, 0])[1] for d in ({x.group for x in docs})
            )
            if group == "all":
                all_recall[kind] = [hit, tot]
            cells.append(f"{hit / tot:>7.0%}" if tot else f"{'–':>7}")
        line = f"  {group:<7}{len(docs):>6}{n:>8}{err:>5} {err / n:>5.1%}{warn:>5} {warn / n:>5.1%}"
        line += f"{adv:>7}{ok:>4}/{len(docs):<3}  " + " ".join(cells)
        print(line)
        if group == "all":
            totals.update(
                texts=len(docs), clauses=n, error=err, warning=warn, advice=adv, pdf_ok=ok
            )
    hit = sum(v[0] for v in all_recall.values())
    tot = sum(v[1] for v in all_recall.values())
    false = totals["error"] + totals["warning"]
    rate = false / totals["clauses"] if totals["clauses"] else 0.0
    print(
        f"  false error/warning findings {false}/{totals['clauses']} = {rate:.1%} (target ≤ 2.0%);"
        f" recall {hit}/{tot} = {hit / tot if tot else 0:.1%} (target ≥ 95%);"
        f" PDF copies read back exactly {totals['pdf_ok']}/{totals['texts']}"
    )
    if verbose:
        for doc in documents:
            for grade in ("error", "warning"):
                for f in stats[doc.name][grade]:
                    print(f"    {doc.name}: {grade} [{f.code}] {f}")
            for problem in pdf[doc.name]:
                print(f"    {doc.name}: PDF copy: {problem}")
    totals.update(false=false, false_rate=rate, recall=hit / tot if tot else 0.0)
    totals["by_rule"] = {}
    for doc in documents:
        for grade in ("error", "warning"):
            for f in stats[doc.name][grade]:
                key = f"{grade} {f.code}"
                totals["by_rule"][key] = totals["by_rule"].get(key, 0) + 1
    if totals["by_rule"]:
        print("  by rule: " + ", ".join(f"{k} {v}" for k, v in sorted(totals["by_rule"].items())))
    return totals


def main(argv: list[str] | None = None) -> dict:
    argv = list(sys.argv[1:] if argv is None else argv)
    verbose = "-v" in argv
    argv = [a for a in argv if a != "-v"]
    added = ""
    if "--added" in argv:
        at = argv.index("--added")
        added = argv[at + 1]
        del argv[at : at + 2]
    folder = Path(argv[0]) if argv else CORPUS
    documents = load(folder)
    clauses, false, parse_ok, parse_total, _rows = precision(documents, verbose)
    per_kind, missed = recall(documents)
    organs = {}
    for doc in documents:
        organs[doc.group] = organs.get(doc.group, 0) + 1
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
    whole = report(
        documents, "By organ (false findings as % of clauses; recall per mistake kind):", verbose
    )
    dates = sorted({d.added for d in documents if d.added})
    newest = None
    if added or dates:
        added = added or dates[-1]
        recent = [d for d in documents if d.added and d.added >= added]
        if recent:
            newest = report(recent, f"Added on or after {added} ({len(recent)} texts):", verbose)
    return {
        "clauses": clauses,
        "false": false,
        "false_rate": rate,
        "recall": share,
        "parse_ok": parse_ok,
        "parse_total": parse_total,
        "resolutions": len(documents),
        "pdf_ok": whole["pdf_ok"],
        "newest": newest,
    }


if __name__ == "__main__":
    main()
