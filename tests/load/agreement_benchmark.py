"""How well "mentions" finds which question a text is about: precision and recall against a
person's reading (tests/data/agreement/labels.tsv), on the demo committee's six questions,
its draft's clauses and papers, and the real resolutions of tests/data/resolutions.

    DEBUG=1 python -m tests.load.agreement_benchmark [-v]

A mention is what the page shows as "Mentions: …"; a false one shows a text under a question
it is not about (the delegation marks it "Not about this"), a missed one leaves it under "Not
matched" (the delegation links it). Neither is ever shown as agreement.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"
LABELS = DATA / "agreement" / "labels.tsv"
RESOLUTIONS = DATA / "resolutions"


def demo_questions() -> tuple[list[tuple[str, str]], str]:
    from committees.demo.people import DEMO_COMMITTEE

    research = Path(__file__).resolve().parents[2] / "committees/demo/data/research_unodc.json"
    questions = json.loads(research.read_text(encoding="utf-8"))["questions"]
    return [(label, text) for label, text in questions], DEMO_COMMITTEE["topic"]


def demo_texts() -> dict[str, str]:
    from positions.demo import papers, resolutions

    texts = {}
    clauses = list(resolutions.PREAMBLE)
    for text, subs in resolutions.OPERATIVE:
        clauses += [text, *subs]
    for n, text in enumerate(clauses):
        texts[f"demo:clause:{n}"] = text
    for iso3, (_, _, sections) in papers.PAPERS.items():
        for key, versions in sections.items():
            texts[f"demo:paper:{iso3}:{key}"] = versions[-1]
    return texts


def resolution_texts(folder: Path = RESOLUTIONS) -> dict[str, str]:
    from positions.engines.clauses.paste import parse

    def flat(clauses, out):
        for clause in clauses:
            out.append(clause.text)
            flat(clause.children or (), out)
        return out

    texts = {}
    for path in sorted(folder.glob("*.txt")):
        found: list[str] = []
        for fragment in re.split(r"\n\s*\[(?:\.\.\.|…)\]\s*\n", path.read_text(encoding="utf-8")):
            flat(parse(fragment).clauses, found)
        for n, text in enumerate(found):
            texts[f"{path.stem}:{n}"] = text
    return texts


def read_labels(path: Path = LABELS) -> tuple[dict[tuple[str, str], bool], set[str]]:
    labels, full = {}, set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("full:"):
            full.add(line.split(":", 1)[1].strip())
            continue
        if not line.strip() or line.startswith("#") or line.startswith("text\t"):
            continue
        text, question, related = line.split("\t")
        labels[(text, question)] = related.strip() == "1"
    return labels, full


@dataclass
class Score:
    name: str
    texts: int = 0
    hits: int = 0
    true_hits: int = 0
    unjudged: list = field(default_factory=list)
    relevant: int | None = None  # where every question was judged
    found_relevant: int = 0
    false: list = field(default_factory=list)
    missed: list = field(default_factory=list)

    @property
    def precision(self) -> float:
        judged = self.hits - len(self.unjudged)
        return self.true_hits / judged if judged else 1.0

    @property
    def recall(self) -> float | None:
        return self.found_relevant / self.relevant if self.relevant else None


def measure() -> list[Score]:
    from positions.engines import agreement

    questions, topic = demo_questions()
    terms = agreement.question_terms(
        [(label, f"{label}. {text}") for label, text in questions], topic
    )
    labels, full = read_labels()
    corpora = {"demo (clauses and papers)": demo_texts(), "real resolutions": resolution_texts()}
    scores = []
    for name, texts in corpora.items():
        score = Score(name, texts=len(texts))
        full_texts = [t for t in texts if t.split(":")[0] in full]
        relevant = {
            (t, q)
            for (t, q), related in labels.items()
            if related and t in texts and t in full_texts
        }
        score.relevant = len(relevant) if full_texts else None
        for text_id, text in texts.items():
            for label, _ in questions:
                found = agreement.mentions(text, terms[label])
                judged_fully = text_id.split(":")[0] in full
                key = (text_id, label)
                if found:
                    score.hits += 1
                    related = labels.get(key, False if judged_fully else None)
                    if related is None:
                        score.unjudged.append((text_id, label, found))
                    elif related:
                        score.true_hits += 1
                    else:
                        score.false.append((text_id, label, found))
                    if key in relevant:
                        score.found_relevant += 1
                elif key in relevant:
                    score.missed.append((text_id, label))
        scores.append(score)
    return scores


def main(argv: list[str]) -> int:  # pragma: no cover - a tool for people
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unodc_mun.settings")
    django.setup()
    verbose = "-v" in argv
    print(
        "| corpus | texts | mentions | true | precision | relevant (fully read) | found | recall |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for s in measure():
        recall = f"{s.recall:.0%}" if s.recall is not None else "—"
        print(
            f"| {s.name} | {s.texts} | {s.hits} | {s.true_hits} | {s.precision:.0%} | "
            f"{s.relevant if s.relevant is not None else '—'} | {s.found_relevant} | {recall} |"
        )
        if verbose:
            for item in s.false:
                print("  false:", item)
            for item in s.unjudged:
                print("  unjudged:", item)
            for item in s.missed:
                print("  missed:", item)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
