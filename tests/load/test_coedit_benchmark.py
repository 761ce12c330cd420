"""Co-editing benchmark: a long-lived paper (5 sections × 300 revisions of ~300 words).

Not part of the normal run; `make bench` (pytest -m load) runs it and prints the numbers:

    DATABASE_URL=postgres://... python -m pytest -m load tests/load/test_coedit_benchmark.py -s

Budgets, on medians so that a busy shared machine does not make them flaky: the "nothing
changed" poll every open editor makes every two seconds under 15 ms; the editor page under
200 ms; a save on the current revision under 60 ms; a stale save that is three-way merged
under 120 ms. p95 is printed alongside.
"""

from __future__ import annotations

import statistics
import time

import pytest
from django.test import Client
from django.urls import reverse

from positions.models import Block, Revision
from positions.services import coedit
from positions.services.papers import get_or_create_paper
from tests import factories

pytestmark = [pytest.mark.load, pytest.mark.django_db]

REVISIONS_PER_SECTION = 300
ROUNDS = 60
POLL_P50_MS = 15.0
EDITOR_P50_MS = 200.0
SAVE_P50_MS = 60.0
MERGE_P50_MS = 120.0

SENTENCES = [
    "Criminal networks use artificial intelligence to plan smuggling routes.",
    "Drones carry small loads of synthetic drugs across land borders at night.",
    "Customs authorities share risk indicators through the UNODC programme.",
    "Transit states need financial and technological support for border agencies.",
    "Encrypted messaging and darknet markets hide the buyers and the sellers.",
]


@pytest.fixture
def only_when_asked(request):
    if "load" not in (request.config.option.markexpr or ""):
        pytest.skip("benchmark: run with -m load (make bench)")


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1]


def timed(call) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def long_text(variant: int) -> str:
    # ~300 words in four paragraphs; the variant changes one sentence.
    sentences = [SENTENCES[(variant + i) % len(SENTENCES)] for i in range(24)]
    sentences[variant % 24] = f"Revision {variant} adds a sentence about border drones."
    return "\n\n".join(" ".join(sentences[i : i + 6]) for i in range(0, 24, 6))


def report(name: str, samples: list[float]) -> float:
    median = statistics.median(samples)
    print(f"{name:<34} p50 {median:7.1f} ms   p95 {p95(samples):7.1f} ms")
    return median


def test_coediting_stays_fast_as_history_grows(only_when_asked, committee, delegate):
    teammate = factories.make_user("bench_teammate")
    factories.seat_delegate(teammate, committee, "USA")
    paper = get_or_create_paper(delegation=factories.delegation(committee, "USA"))
    blocks = list(paper.document.blocks.all())
    for block in blocks:
        base = None
        for i in range(REVISIONS_PER_SECTION):
            outcome = coedit.save_block(
                block=block,
                user=delegate if i % 2 else teammate,
                text=long_text(i),
                base_revision_id=base,
            )
            base = outcome.revision.pk
    print(f"\n{Revision.objects.count()} revisions in {len(blocks)} sections")

    client = Client()
    client.force_login(delegate)
    editor_url = reverse("positions:editor", args=[committee.slug, paper.pk])
    page = client.get(editor_url).content.decode()
    token = page.split('data-token="')[1].split('"')[0]
    paper.document.refresh_from_db()
    poll_url = reverse("positions:poll", args=[committee.slug, paper.pk])
    poll = f"{poll_url}?v={paper.document.version}&t={token}&skip=&editable=1"

    poll_ms = [timed(lambda: client.get(poll)) for _ in range(ROUNDS * 3)]
    editor_ms = [timed(lambda: client.get(editor_url)) for _ in range(ROUNDS // 3)]

    block = Block.objects.get(pk=blocks[2].pk)
    save_url = reverse("positions:save", args=[committee.slug, paper.pk, block.pk])
    save_ms, merge_ms = [], []
    for i in range(ROUNDS):
        block.refresh_from_db()
        current = block.current_revision
        mine = {
            "text": current.text + f" Added {i}.",
            "base_revision_id": current.pk,
            "client_op_id": f"bench-save-{i}",
        }
        save_ms.append(timed(lambda data=mine: client.post(save_url, data)))
        block.refresh_from_db()
        stale = block.current_revision
        coedit.save_block(
            block=block,
            user=teammate,
            text=f"Teammate's opening line {i}.\n\n" + stale.text,
            base_revision_id=stale.pk,
        )
        mine = {
            "text": stale.text + f" Mine {i}.",
            "base_revision_id": stale.pk,
            "client_op_id": f"bench-merge-{i}",
        }
        merge_ms.append(timed(lambda data=mine: client.post(save_url, data)))
    assert Revision.objects.filter(block=block, kind=Revision.Kind.MERGE).count() == ROUNDS

    assert report("unchanged poll (204)", poll_ms) < POLL_P50_MS
    assert report("editor page", editor_ms) < EDITOR_P50_MS
    assert report("save on the current revision", save_ms) < SAVE_P50_MS
    assert report("stale save, three-way merged", merge_ms) < MERGE_P50_MS
