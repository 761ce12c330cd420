"""Search benchmark: 10,000 passages on PostgreSQL, p95 of a search ≤ 15 ms.

Not part of the normal run; `make bench` (pytest -m load) runs it and prints the numbers:

    DATABASE_URL=postgres://... python -m pytest -m load tests/load -s

The passages are built from sentences of the demo sources, so common words ("drug") match
nearly all of them: a harder case than a real library. Each search is timed by the wall
clock and by the CPU time it costs (database backend + this process); the CPU time is
always held to the budget, the wall clock whenever the machine has a CPU to spare.
"""

from __future__ import annotations

import os
import random
import re
import statistics
import time
from pathlib import Path

import pytest
from django.db import connection

from committees.models import SearchPassage
from committees.services.search import search

pytestmark = [pytest.mark.load, pytest.mark.postgres]

PASSAGES = 10_000
P95_BUDGET_MS = 15.0
QUERIES = [
    "drug",  # matches most passages: ranking cost dominates
    "border security",
    "darknet cryptocurrency",
    "nitazenes",
    "traffi",  # typing: prefix
    "crypt",
    "cartel drones",
    "law enforcement cooperation",
    "precursor chemicals europe",
    "artificial intelligence",
]
ROUNDS = 30


@pytest.fixture
def only_when_asked(request):
    if "load" not in (request.config.option.markexpr or ""):
        pytest.skip("benchmark: run with -m load (make bench)")


def _sentences() -> list[str]:
    folder = Path(__file__).resolve().parents[2] / "committees" / "demo" / "data" / "sources"
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt")))
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", " ".join(text.split()))]
    return [s for s in sentences if 30 < len(s) < 400]


def _backend_cpu_reader():
    """CPU time (ns) the database backend of this connection has used, if it runs here.

    The machine may be shared: wall-clock time then includes waiting for a CPU. The
    backend's own CPU time plus this process's is the work a search costs, load or not.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    path = Path(f"/proc/{pid}/schedstat")
    if not path.exists():
        return None
    return lambda: int(path.read_text().split()[0])


def _fill(committee) -> None:
    rng = random.Random(2026)
    sentences = _sentences()
    rows = []
    for n in range(PASSAGES):
        body = " ".join(rng.choices(sentences, k=rng.randint(3, 8)))
        title = " ".join(rng.choice(sentences).split()[:6])
        rows.append(
            SearchPassage(
                committee=committee,
                kind=rng.choice([SearchPassage.Kind.GUIDE, SearchPassage.Kind.SOURCE]),
                title=title,
                body=body,
                url=f"/c/{committee.slug}/sources/1/#p-{n}",
                position=n,
            )
        )
    SearchPassage.objects.bulk_create(rows, batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE committees_searchpassage")


def test_search_p95_over_ten_thousand_passages(only_when_asked, committee, other_committee):
    _fill(committee)
    _fill(other_committee)  # another committee's passages share the index
    for query in QUERIES:  # warm the caches as a running server would be
        search(committee=committee, text=query)

    backend_cpu = _backend_cpu_reader()
    timings: dict[str, list[float]] = {q: [] for q in QUERIES}
    cpu: list[float] = []
    for _ in range(ROUNDS):
        for query in QUERIES:
            cpu_start = (backend_cpu() if backend_cpu else 0) + time.process_time_ns()
            start = time.perf_counter()
            results = search(committee=committee, text=query)
            timings[query].append((time.perf_counter() - start) * 1000)
            cpu_end = (backend_cpu() if backend_cpu else 0) + time.process_time_ns()
            cpu.append((cpu_end - cpu_start) / 1e6)
            assert results.hits, query

    every = sorted(t for ts in timings.values() for t in ts)

    def pct(values, p):
        values = sorted(values)
        return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]

    print(
        f"\nSearch over {PASSAGES:,} passages (+{PASSAGES:,} of another committee), "
        f"{ROUNDS} rounds × {len(QUERIES)} queries, PostgreSQL {connection.pg_version}"
    )
    print(f"{'query':32} {'matches':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for query, ts in timings.items():
        total = search(committee=committee, text=query).total
        print(f"{query:32} {total:8d} {pct(ts, 50):8.2f} {pct(ts, 95):8.2f} {max(ts):8.2f}")
    p50, p95 = pct(every, 50), pct(every, 95)
    print(f"{'ALL':32} {'':8} {p50:8.2f} {p95:8.2f} {max(every):8.2f}")
    print(f"mean {statistics.fmean(every):.2f} ms; budget p95 ≤ {P95_BUDGET_MS} ms")
    load_per_cpu = os.getloadavg()[0] / (os.cpu_count() or 1)
    if backend_cpu:
        print(
            f"CPU time (database backend + app): p50 {pct(cpu, 50):.2f} ms, "
            f"p95 {pct(cpu, 95):.2f} ms; load average {os.getloadavg()[0]:.1f} "
            f"on {os.cpu_count()} CPUs"
        )
        assert pct(cpu, 95) <= P95_BUDGET_MS
    # Wall-clock time on an oversubscribed machine measures the queue for a CPU, not the
    # search; it is held to the budget whenever the machine has a CPU to spare.
    if load_per_cpu < 1 or not backend_cpu:
        assert p95 <= P95_BUDGET_MS
    else:
        print(f"wall-clock p95 not checked: {load_per_cpu:.1f} runnable tasks per CPU")
