"""Sixteen people saving one section at once from stale bases: every save is accounted for."""

import threading
from collections import Counter

import pytest
from django.db import connection

from positions.models import Block, Draft, Revision
from positions.services import coedit
from positions.services.papers import get_or_create_paper
from tests import factories

THREADS = 16
SAVES = 25


def lines_with(text: str, changes: dict[int, str]) -> str:
    lines = text.split("\n")
    for index, line in changes.items():
        lines[index] = line
    return "\n".join(lines)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_stale_saves_lose_nothing(committee):
    paper = get_or_create_paper(delegation=factories.delegation(committee, "USA"))
    block = paper.document.blocks.get(key="country-policy")
    users = []
    for i in range(THREADS):
        user = factories.make_user(f"writer{i}")
        factories.seat_delegate(user, committee, "USA")
        users.append(user)
    start_text = "\n".join(
        ["Shared opening line."] + [f"Line of writer {i}." for i in range(THREADS)]
    )
    first = coedit.save_block(
        block=block, user=users[0], text=start_text, base_revision_id=None, client_op_id="start"
    )

    outcomes: list[tuple[int, int, str, str]] = []  # thread, save, status, op id
    sent: dict[str, str] = {}  # op id → the text that save sent (a retry sends it again)
    last_ok_line: dict[int, str] = {i: f"Line of writer {i}." for i in range(THREADS)}
    errors: list[BaseException] = []
    lock = threading.Lock()
    go = threading.Barrier(THREADS)

    def writer(i: int) -> None:
        try:
            user = users[i]
            base_id, text = first.revision.pk, start_text
            go.wait()
            for k in range(SAVES):
                changes = {i + 1: f"Writer {i} wrote version {k}."}
                if k % 5 == 4:  # now and then everyone rewrites the shared line: overlaps
                    changes[0] = f"Shared line as writer {i} saw it at {k}."
                mine = lines_with(text, changes)
                op = f"w{i}-{k}"
                sent[op] = mine
                outcome = coedit.save_block(
                    block=Block.objects.get(pk=block.pk),
                    user=user,
                    text=mine,
                    base_revision_id=base_id,
                    client_op_id=op,
                )
                if outcome.status == "conflict":
                    # Nothing shared changed; the person's whole text is their draft.
                    assert Draft.objects.get(block=block, user=user).text == mine
                else:
                    assert Revision.objects.filter(block=block, client_op_id=op).exists()
                    last_ok_line[i] = changes[i + 1]
                with lock:
                    outcomes.append((i, k, outcome.status, op))
                base_id, text = outcome.revision.pk, outcome.text
        except BaseException as exc:  # noqa: BLE001 - reported below
            import traceback

            errors.append("".join(traceback.format_exception(exc)))
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=240)
    assert not errors, errors[0]
    counts = Counter(status for _, _, status, _ in outcomes)
    assert len(outcomes) == THREADS * SAVES
    assert counts["saved"] + counts["merged"] + counts["conflict"] == THREADS * SAVES, counts
    assert counts["merged"] > 0 and counts["conflict"] > 0, counts
    print(f"\n{THREADS}x{SAVES} saves: {dict(counts)}")

    revisions = Revision.objects.filter(block=block)
    assert revisions.count() == 1 + counts["saved"] + counts["merged"]
    # The chain is linear: walking back from the current revision visits every revision once.
    block.refresh_from_db()
    parents = dict(revisions.values_list("id", "parent_id"))
    seen, at = [], block.current_revision_id
    while at is not None:
        seen.append(at)
        at = parents[at]
    assert sorted(seen) == sorted(parents)

    # Every writer's last saved line is in the section.
    final_lines = block.current_revision.text.split("\n")
    for i in range(THREADS):
        assert final_lines[i + 1] == last_ok_line[i]

    # A retried save with the same key writes nothing new.
    before = revisions.count()
    writer_index, _, _, op = next(o for o in outcomes if o[2] != "conflict")
    retry = coedit.save_block(
        block=block,
        user=users[writer_index],
        text=sent[op],
        base_revision_id=None,
        client_op_id=op,
    )
    assert retry.replayed
    assert Revision.objects.filter(block=block).count() == before
