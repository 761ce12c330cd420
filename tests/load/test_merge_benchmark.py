"""Merge and diff stay fast for any shape of text: the stale-save benchmark.

Not part of the normal run; `make bench` runs it and prints the table:

    DEBUG=1 python -m pytest -m load tests/load/test_merge_benchmark.py -s

A stale save of 20k / 50k / 100k characters, as normal sentences and as one paragraph without
full stops (the shape that used to make the merge quadratic), with three edits on each side
spread over the text: the three-way merge and the word diff each under 200 ms (median of 5).
Then hostile shapes (one word repeated, a line repeated, only punctuation, one enormous word,
two unrelated texts): bounded as well, within five times that. Then through the app: a 100k-character stale save, the
history page of that section, and the editor page of a person holding a 42k-character conflicted
draft (with 25 earlier conflicted texts).
"""

from __future__ import annotations

import random
import statistics
import time

import pytest
from django.test import Client
from django.urls import reverse

from positions.engines.merge import diff_words, merge
from positions.services import coedit
from positions.services.papers import get_or_create_paper
from tests import factories

pytestmark = [pytest.mark.load]

BUDGET_MS = 200.0
VOCAB = [
    "the",
    "border",
    "drones",
    "cartels",
    "artificial",
    "intelligence",
    "data",
    "states",
    "shall",
    "share",
    "and",
    "of",
    "customs",
    "network",
    "routes",
    "smuggling",
    "models",
    "traffickers",
    "synthetic",
    "precursors",
    "agencies",
    "cooperation",
]


@pytest.fixture
def only_when_asked(request):
    if "load" not in (request.config.option.markexpr or ""):
        pytest.skip("benchmark: run with -m load (make bench)")


def prose(chars: int, *, full_stops: bool, seed: int = 1) -> str:
    rng = random.Random(seed)
    words: list[str] = []
    size = 0
    while size < chars:
        word = rng.choice(VOCAB)
        if full_stops and rng.random() < 0.07:
            word += "."
        words.append(word)
        size += len(word) + 1
    return " ".join(words)[:chars]


def edit(text: str, at: list[float], tag: str) -> str:
    for k, fraction in enumerate(at):
        i = text.find(" ", int(len(text) * fraction))
        text = text[:i] + f" {tag}{k}" + text[i:]
    return text


def median_ms(call, rounds: int = 5) -> float:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def test_merge_and_diff_stay_under_budget_for_any_shape(only_when_asked):
    rows = []
    for chars in (20_000, 50_000, 100_000):
        for full_stops in (False, True):
            base = prose(chars, full_stops=full_stops)
            theirs = edit(base, [0.1, 0.3, 0.45], "THEIRS")
            mine = edit(base, [0.55, 0.7, 0.9], "MINE")
            result = merge(base, theirs, mine)
            assert result.clean and all(f"MINE{k}" in result.text for k in range(3))
            assert all(f"THEIRS{k}" in result.text for k in range(3))
            shape = "sentences" if full_stops else "no full stops"
            rows.append(
                (
                    f"{chars // 1000}k {shape}",
                    median_ms(lambda b=base, t=theirs, m=mine: merge(b, t, m)),
                    median_ms(lambda b=base, m=mine: diff_words(b, m)),
                )
            )
    rng = random.Random(3)
    hostile = {
        "one word repeated": "word " * 20_000,
        "one line repeated": "a\n" * 50_000,
        "only full stops": ". " * 50_000,
        "only exclamation marks": "!" * 100_000,
        "one 100k-letter word": "x" * 100_000,
        "emphasis marks": "*a " * 33_000,
    }
    for name, base in hostile.items():
        cut = [rng.randrange(len(base)) for _ in range(10)]
        theirs = base
        mine = base
        for i in sorted(cut)[:5]:
            theirs = theirs[:i] + "T" + theirs[i:]
        for i in sorted(cut)[5:]:
            mine = mine[:i] + "M" + mine[i:]
        rows.append(
            (
                name,
                median_ms(lambda b=base, t=theirs, m=mine: merge(b, t, m), rounds=3),
                median_ms(lambda b=base, m=mine: diff_words(b, m), rounds=3),
            )
        )
    a = "".join(rng.choice("abcdefg \n.") for _ in range(100_000))
    b = "".join(rng.choice("abcdefg \n.") for _ in range(100_000))
    rows.append(
        (
            "two unrelated 100k texts",
            median_ms(lambda: merge(a, b, a[::-1]), rounds=3),
            median_ms(lambda: diff_words(a, b), rounds=3),
        )
    )
    print(f"\n{'text':<28} {'merge p50':>10} {'diff p50':>10}")
    for name, merge_ms, diff_ms in rows:
        print(f"{name:<28} {merge_ms:8.1f} ms {diff_ms:8.1f} ms")
    prose_rows, hostile_rows = rows[:6], rows[6:]
    assert all(m <= BUDGET_MS and d <= BUDGET_MS for _, m, d in prose_rows), prose_rows
    # Hostile shapes are bounded too (never the seconds of a quadratic diff), with more room.
    assert all(m <= 5 * BUDGET_MS and d <= 5 * BUDGET_MS for _, m, d in hostile_rows), hostile_rows


@pytest.mark.django_db
def test_long_stale_saves_history_and_conflicted_editor_stay_fast(
    only_when_asked, committee, delegate
):
    teammate = factories.make_user("bench_teammate")
    factories.seat_delegate(teammate, committee, "USA")
    paper = get_or_create_paper(delegation=factories.delegation(committee, "USA"))
    block = paper.document.blocks.get(key="background")
    other = paper.document.blocks.get(key="country-policy")
    client = Client()
    client.force_login(delegate)
    save_url = reverse("positions:save", args=[committee.slug, paper.pk, block.pk])
    history_url = reverse("positions:history", args=[committee.slug, paper.pk, block.pk])
    editor_url = reverse("positions:editor", args=[committee.slug, paper.pk])

    base = prose(99_000, full_stops=False)
    first = coedit.save_block(block=block, user=teammate, text=base, base_revision_id=None)
    coedit.save_block(
        block=block,
        user=teammate,
        text=edit(base, [0.2], "THEIRS"),
        base_revision_id=first.revision.pk,
    )
    stale_ms = []
    for k in range(5):
        mine = edit(base, [0.5 + 0.09 * k], f"MINE{k}-")
        start = time.perf_counter()
        response = client.post(
            save_url, {"text": mine, "base_revision_id": first.revision.pk, "client_op_id": k}
        )
        stale_ms.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200 and response.json()["status"] == "merged"
    history_ms = median_ms(lambda: client.get(history_url), rounds=5)

    # A 42k-character draft that clashed 26 times.
    conflicted = prose(42_000, full_stops=False, seed=9)
    start_other = coedit.save_block(
        block=other, user=teammate, text=conflicted, base_revision_id=None
    )
    coedit.save_block(
        block=other,
        user=teammate,
        text=edit(conflicted, [0.5], "THEIRS"),
        base_revision_id=start_other.revision.pk,
    )
    for k in range(26):
        outcome = coedit.save_block(
            block=other,
            user=delegate,
            text=edit(conflicted, [0.5], f"MINE{k}-"),
            base_revision_id=start_other.revision.pk,
        )
        assert outcome.status == "conflict"
    assert client.get(editor_url).status_code == 200
    editor_ms = median_ms(lambda: client.get(editor_url), rounds=5)

    print(f"\n100k-character stale save (merged)    p50 {statistics.median(stale_ms):7.1f} ms")
    print(f"history page of that section          p50 {history_ms:7.1f} ms")
    print(f"editor with a 42k conflicted draft    p50 {editor_ms:7.1f} ms")
    assert statistics.median(stale_ms) <= 2 * BUDGET_MS
    assert history_ms <= 2 * BUDGET_MS
    assert editor_ms <= 2 * BUDGET_MS
