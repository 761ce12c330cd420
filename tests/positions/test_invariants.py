"""The promises of positions, each tested so that removing the line that keeps it fails here,
on SQLite as on PostgreSQL (docs/architecture.md, "Invariants and their tests").

The concurrency tests (``test_*_concurrency.py``) show the row locks under real parallel
writes on PostgreSQL; here the same races are played in one thread: the object a request
holds is read *before* the competing change commits, and the service must still refuse or
agree, because it re-reads the row under its lock instead of trusting what it was given.
"""

import pytest

from positions.models import Block, Clause, Document, Draft, DraftResolution, Paper, Revision
from positions.selectors.resolutions import blocks_for
from positions.services import clause_text, coedit, papers, review
from positions.services import resolutions as drafts
from tests import factories
from tests.positions.paper_helpers import paper_of, write

# --- position papers: saves lock the paper and refuse once it is submitted -------------------


@pytest.fixture
def submitted_paper(committee, delegate):
    """Returns (the paper as a request read it before the submission, its first section)."""
    paper = paper_of(committee, "USA")
    write(paper, delegate, {"Country policy": "We act."})
    stale = Paper.objects.get(pk=paper.pk)  # an editor page loaded before the submission
    block = Block.objects.filter(document=paper.document, title="Country policy").get()
    review.submit_paper(paper=paper, user=delegate)
    return stale, Block.objects.get(pk=block.pk)


def test_a_section_save_after_the_submission_is_refused(submitted_paper, delegate):
    stale, block = submitted_paper
    assert stale.is_editable  # what the request saw
    before = Revision.objects.filter(block=block).count()
    with pytest.raises(review.PaperLocked):
        papers.save_section(
            paper=stale,
            block=block,
            user=delegate,
            text="We act at once.",
            base_revision_id=block.current_revision_id,
        )
    assert Revision.objects.filter(block=block).count() == before
    assert Block.objects.get(pk=block.pk).current_revision.text == "We act."


def test_a_conflict_resolution_after_the_submission_is_refused(submitted_paper, delegate):
    stale, block = submitted_paper
    with pytest.raises(review.PaperLocked):
        papers.resolve_section_conflict(
            paper=stale, block=block, user=delegate, choice="edit", text="Other words."
        )
    assert Block.objects.get(pk=block.pk).current_revision.text == "We act."


def test_a_restore_after_the_submission_is_refused(submitted_paper, delegate):
    stale, block = submitted_paper
    first = Revision.objects.filter(block=block).earliest("id")
    with pytest.raises(review.PaperLocked):
        papers.restore_section(paper=stale, block=block, user=delegate, revision_id=first.pk)
    assert Block.objects.get(pk=block.pk).current_revision.text == "We act."


def test_a_paper_is_submitted_once(committee, delegate):
    paper = paper_of(committee, "USA")
    write(paper, delegate, {"Country policy": "We act."})
    stale = Paper.objects.get(pk=paper.pk)
    review.submit_paper(paper=paper, user=delegate)
    with pytest.raises(review.ReviewError, match="already submitted"):
        review.submit_paper(paper=stale, user=delegate)
    assert paper.submissions.count() == 1


def test_the_submission_keeps_exactly_the_saved_text(committee, delegate):
    paper = paper_of(committee, "USA")
    write(paper, delegate, {"Country policy": "We act.", "Proposed solutions": "Share data."})
    submission = review.submit_paper(paper=paper, user=delegate)
    kept = {s["title"]: s["text"] for s in submission.sections}
    assert kept["Country policy"] == "We act." and kept["Proposed solutions"] == "Share data."
    assert submission.total_words == 4


# --- the version clock: every change to a co-edited document moves it -----------------------


def _version(document) -> int:
    return Document.objects.get(pk=document.pk).version


def test_every_section_write_bumps_the_document_version(committee, delegate):
    paper = paper_of(committee, "USA")
    block = Block.objects.filter(document=paper.document).first()
    v0 = _version(paper.document)
    one = papers.save_section(
        paper=paper, block=block, user=delegate, text="One.", base_revision_id=""
    )
    assert one.status == "saved" and _version(paper.document) == v0 + 1
    two = papers.save_section(
        paper=paper, block=block, user=delegate, text="Two.", base_revision_id=one.revision.pk
    )
    assert two.status == "saved" and _version(paper.document) == v0 + 2
    same = papers.save_section(
        paper=paper, block=block, user=delegate, text="Two.", base_revision_id=two.revision.pk
    )
    assert same.status == "unchanged" and _version(paper.document) == v0 + 2
    restored = papers.restore_section(
        paper=paper, block=block, user=delegate, revision_id=one.revision.pk
    )
    assert restored.status == "saved" and restored.text == "One."
    assert restored.revision.author == delegate and restored.revision.kind == "restore"
    assert _version(paper.document) == v0 + 3


# --- draft resolutions: one source of truth for a clause's text ------------------------------


@pytest.fixture
def working_paper(committee):
    resolution = drafts.create_draft(
        committee=committee,
        title="AI and borders",
        sponsor=factories.delegation(committee, "MEX"),
        by=None,
    )
    clause = drafts.add_clause(resolution=resolution, kind="operative", text="Urges States.")
    return resolution, clause


def _block_text(clause) -> str:
    block = blocks_for(clause.resolution)[clause.pk]
    return Revision.objects.get(pk=Block.objects.get(pk=block.pk).current_revision_id).text


def test_a_clause_save_writes_the_text_and_the_revision_together(working_paper, other_delegate):
    resolution, clause = working_paper
    v0 = DraftResolution.objects.get(pk=resolution.pk).version
    outcome = clause_text.save_clause(
        clause=clause, user=other_delegate, text="Urges all States.", base_revision_id=""
    )
    assert outcome.status == "saved"
    assert Clause.objects.get(pk=clause.pk).text == "Urges all States." == _block_text(clause)
    assert DraftResolution.objects.get(pk=resolution.pk).version > v0


def test_a_merged_clause_save_stores_the_merge(working_paper, delegate, other_delegate):
    resolution, clause = working_paper
    first = clause_text.save_clause(
        clause=clause,
        user=delegate,
        text="Urges States to share data.",
        base_revision_id="",
    )
    base = Revision.objects.filter(block=first.revision.block).earliest("id")
    merged = clause_text.save_clause(
        clause=Clause.objects.get(pk=clause.pk),
        user=other_delegate,
        text="Strongly urges States.",
        base_revision_id=base.pk,
    )
    assert merged.status == "merged"
    stored = Clause.objects.get(pk=clause.pk).text
    assert stored == merged.text == _block_text(clause)
    assert "Strongly" in stored and "share data" in stored


def test_a_clause_save_racing_a_withdrawal_changes_nothing(working_paper, other_delegate):
    """The request read the draft as a working paper; it was withdrawn before the save ran."""
    resolution, clause = working_paper
    clause = Clause.objects.select_related("resolution").get(pk=clause.pk)
    block = clause_text.block_for(clause)
    revisions = Revision.objects.filter(block=block).count()
    drafts.withdraw(resolution=resolution)
    assert clause.resolution.is_editable  # what the request saw
    with pytest.raises(drafts.ResolutionError, match="no longer a working paper"):
        clause_text.save_clause(
            clause=clause, user=other_delegate, text="Too late.", base_revision_id=""
        )
    assert Revision.objects.filter(block=block).count() == revisions
    assert Clause.objects.get(pk=clause.pk).text == "Urges States." == _block_text(clause)


def test_a_clause_resolution_racing_a_submission_changes_nothing(
    working_paper, delegate, other_delegate
):
    resolution, clause = working_paper
    base = clause_text.block_for(clause).current_revision_id
    clause_text.save_clause(
        clause=clause, user=delegate, text="Urges States to act.", base_revision_id=base
    )
    conflict = clause_text.save_clause(
        clause=Clause.objects.get(pk=clause.pk),
        user=other_delegate,
        text="Urges States to wait.",
        base_revision_id=base,
    )
    assert conflict.status == "conflict"
    stale = Clause.objects.select_related("resolution").get(pk=clause.pk)
    DraftResolution.objects.filter(pk=resolution.pk).update(status="submitted")
    with pytest.raises(drafts.ResolutionError):
        clause_text.resolve_clause(clause=stale, user=other_delegate, choice="mine")
    assert Clause.objects.get(pk=clause.pk).text == "Urges States to act." == _block_text(clause)
    # Nothing typed is lost: the refused text is still the person's conflicted draft.
    kept = Draft.objects.get(block=clause_text.block_for(clause), user=other_delegate)
    assert kept.is_conflict and kept.text == "Urges States to wait."


def test_an_overlapping_clause_save_keeps_the_persons_text(working_paper, delegate, other_delegate):
    resolution, clause = working_paper
    base = clause_text.block_for(clause).current_revision_id
    clause_text.save_clause(
        clause=clause, user=delegate, text="Urges States to act.", base_revision_id=base
    )
    v = DraftResolution.objects.get(pk=resolution.pk).version
    conflict = clause_text.save_clause(
        clause=Clause.objects.get(pk=clause.pk),
        user=other_delegate,
        text="Urges States to wait.",
        base_revision_id=base,
    )
    assert conflict.status == "conflict"
    # Nothing shared changed ...
    assert Clause.objects.get(pk=clause.pk).text == "Urges States to act." == _block_text(clause)
    assert DraftResolution.objects.get(pk=resolution.pk).version == v
    # ... and nothing typed is lost.
    kept = Draft.objects.get(block=clause_text.block_for(clause), user=other_delegate)
    assert kept.is_conflict and kept.text == "Urges States to wait."
    resolved = clause_text.resolve_clause(
        clause=Clause.objects.get(pk=clause.pk), user=other_delegate, choice="mine"
    )
    assert resolved.status in ("saved", "merged")
    assert Clause.objects.get(pk=clause.pk).text == resolved.text == _block_text(clause)


@pytest.mark.django_db(transaction=True)
def test_locked_writes_refuse_to_run_outside_a_transaction(working_paper, committee):
    """Outside the test's own transaction: a lock taken outside a transaction would be let go
    at once, so the helpers that rely on it refuse."""
    _, clause = working_paper
    with pytest.raises(RuntimeError, match="inside the clause save's transaction"):
        drafts.write_clause_text(clause=clause, resolution=clause.resolution, text="Sneaky.")
    assert Clause.objects.get(pk=clause.pk).text == "Urges States."
    paper = paper_of(committee, "USA")
    with pytest.raises(RuntimeError, match=r"lock_editable must run inside transaction.atomic\(\)"):
        review.lock_editable(paper=paper)


def test_an_adopted_amendment_rewrites_text_and_revision_together(committee):
    from tests.positions.resolution_factory import introduced_draft

    resolution = introduced_draft(committee)
    clause = resolution.clauses.filter(kind="operative").first()
    clause_text.commit_amended_text(clause=clause, text="Calls upon all States to act;", by=None)
    assert Clause.objects.get(pk=clause.pk).text == "Calls upon all States to act;"
    assert _block_text(clause) == "Calls upon all States to act;"


def test_coedit_saves_are_idempotent_per_operation(committee, delegate):
    paper = paper_of(committee, "USA")
    block = Block.objects.filter(document=paper.document).first()
    first = coedit.save_block(
        block=block, user=delegate, text="Once.", base_revision_id="", client_op_id="op-1"
    )
    retry = coedit.save_block(
        block=block, user=delegate, text="Once.", base_revision_id="", client_op_id="op-1"
    )
    assert retry.revision.pk == first.revision.pk
    assert Revision.objects.filter(block=block, text="Once.").count() == 1
