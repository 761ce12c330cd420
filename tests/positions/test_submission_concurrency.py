"""Delegates keep saving while one of them submits: the snapshot is exactly the final text."""

import threading
import time

import pytest
from django.db import connection, transaction

from positions.models import Block, PaperSubmission
from positions.services import coedit, review
from positions.services.papers import get_or_create_paper
from tests import factories

WRITERS = 4
SAVES = 15


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_no_save_lands_after_the_submission_snapshot(committee):
    paper = get_or_create_paper(delegation=factories.delegation(committee, "USA"))
    blocks = list(Block.objects.filter(document=paper.document).order_by("order"))[:WRITERS]
    users = []
    for i in range(WRITERS + 1):
        user = factories.make_user(f"writer{i}")
        factories.seat_delegate(user, committee, "USA")
        users.append(user)
    saved, refused, errors = [], [], []
    go = threading.Barrier(WRITERS + 1)

    def writer(i: int) -> None:
        try:
            go.wait()
            for k in range(SAVES):
                try:
                    # What the editor's save does: lock the paper, then save the section.
                    with transaction.atomic():
                        review.lock_editable(paper=paper)
                        block = Block.objects.get(pk=blocks[i].pk)
                        coedit.save_block(
                            block=block,
                            user=users[i],
                            text=f"Writer {i} version {k}.",
                            base_revision_id=block.current_revision_id,
                        )
                    saved.append((i, k))
                except review.PaperLocked:
                    refused.append((i, k))
                time.sleep(0.005)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    def submitter() -> None:
        try:
            go.wait()
            time.sleep(0.05)
            review.submit_paper(paper=paper, user=users[WRITERS])
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(WRITERS)]
    threads.append(threading.Thread(target=submitter))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors
    assert len(saved) + len(refused) == WRITERS * SAVES
    assert refused, "the submission came after every save; nothing was tested"
    snapshot = {s["title"]: s["text"] for s in PaperSubmission.objects.get().sections}
    for block in Block.objects.filter(pk__in=[b.pk for b in blocks]).select_related(
        "current_revision"
    ):
        assert snapshot[block.title] == block.text  # nothing changed after the snapshot
