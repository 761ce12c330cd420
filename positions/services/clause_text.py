"""Clause text through the co-editing engine: every save is a revision, stale saves merge,
overlapping ones keep the person's text as their draft (nothing typed is lost)."""

from __future__ import annotations

from django.db import transaction

from committees.models import Clause, DraftResolution
from committees.services import resolutions as drafts
from positions.models.coedit import Block, Draft
from positions.models.resolution_text import ClauseBlock, ResolutionDocument
from positions.services import coedit


class ClauseTextError(Exception):
    pass


def document_for(resolution: DraftResolution) -> ResolutionDocument:
    link = ResolutionDocument.objects.filter(resolution=resolution).first()
    if link is None:
        with transaction.atomic():
            document = coedit.create_document()
            link, _ = ResolutionDocument.objects.get_or_create(
                resolution=resolution, defaults={"document": document}
            )
    return link


def block_for(clause: Clause, *, user=None) -> Block:
    """The clause's block, created on first use with the clause's committed text."""
    link = ClauseBlock.objects.select_related("block").filter(clause=clause).first()
    if link is not None:
        return link.block
    with transaction.atomic():
        document = document_for(clause.resolution).document
        block = coedit.add_block(
            document=document,
            key=f"clause-{clause.pk}",
            title=f"Clause {clause.pk}",
            text=clause.text,
            user=user,
        )
        ClauseBlock.objects.create(clause=clause, block=block)
        return block


def blocks_for(resolution: DraftResolution) -> dict[int, Block]:
    """Blocks of all clauses of a draft, by clause id (one query)."""
    return {
        link.clause_id: link.block
        for link in ClauseBlock.objects.filter(clause__resolution=resolution).select_related(
            "block"
        )
    }


def save_clause(*, clause: Clause, user, text: str, base_revision_id, client_op_id: str = ""):
    """A sponsor saves a clause edited from ``base_revision_id``."""
    if not clause.resolution.is_editable:
        raise drafts.ResolutionError(
            "The draft is no longer a working paper: its text changes only through amendments."
        )
    if len((text or "").strip()) > drafts.MAX_CLAUSE_TEXT:
        raise ClauseTextError(
            f"A clause can hold {drafts.MAX_CLAUSE_TEXT} characters; split it into sub-clauses."
        )
    block = block_for(clause, user=user)
    if not str(base_revision_id or "").strip():
        # A form rendered before the block existed: it was edited from the committed text,
        # which is the block's first revision.
        base_revision_id = block.current_revision_id
    try:
        outcome = coedit.save_block(
            block=block,
            user=user,
            text=(text or "").strip(),
            base_revision_id=base_revision_id,
            client_op_id=client_op_id,
        )
    except coedit.CoeditError as exc:
        raise ClauseTextError(str(exc)) from exc
    if outcome.status in ("saved", "merged"):
        drafts.set_clause_text(clause=clause, text=outcome.text)
    return outcome


def commit_amended_text(*, clause: Clause, text: str, by) -> None:
    """An adopted amendment rewrites the clause: a new revision, then the committed text."""
    block = block_for(clause, user=by)
    coedit.save_block(block=block, user=by, text=text, base_revision_id=block.current_revision_id)
    drafts.set_clause_text(clause=clause, text=text, allow_when_locked=True)


def resolve_clause(*, clause: Clause, user, choice: str, text: str | None = None):
    """Settle a sponsor's conflicted draft of a clause (mine / theirs / edited text)."""
    if not clause.resolution.is_editable:
        raise drafts.ResolutionError(
            "The draft is no longer a working paper: its text changes only through amendments."
        )
    block = block_for(clause, user=user)
    try:
        outcome = coedit.resolve_conflict(block=block, user=user, choice=choice, text=text)
    except coedit.CoeditError as exc:
        raise ClauseTextError(str(exc)) from exc
    if outcome.status in ("saved", "merged"):
        drafts.set_clause_text(clause=clause, text=outcome.text)
    return outcome


def conflicts_for(resolution: DraftResolution, user) -> dict[int, Draft]:
    """This person's conflicted drafts of the draft's clauses, by clause id (one query)."""
    rows = Draft.objects.filter(
        block__clause_link__clause__resolution=resolution, user=user, is_conflict=True
    ).select_related("block__clause_link", "conflict_revision")
    return {row.block.clause_link.clause_id: row for row in rows}
