"""Clause text through the co-editing engine: every save is a revision, stale saves merge,
overlapping ones keep the person's text as their draft (nothing typed is lost).

One source of truth, one transaction: a clause save takes the draft's row lock
(``resolutions.lock_resolution``), checks the draft is still a working paper, appends the
block's revision and writes ``Clause.text`` from it before committing. A withdrawal or a
submission racing the save waits for the lock, so the clause text never lags its latest
revision and a person is never told "refused" after their revision was committed
(docs/architecture.md, "Co-editing").
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext

from committees.models import DelegateSeat
from positions.models import Block, Clause, ClauseBlock, DraftResolution, ResolutionDocument
from positions.models.resolutions import clause_tree
from positions.services import coedit
from positions.services import resolutions as drafts


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


NOT_EDITABLE = "The draft is no longer a working paper: its text changes only through amendments."


def _check_length(text: str) -> str:
    text = (text or "").strip()
    if len(text) > drafts.MAX_CLAUSE_TEXT:
        raise ClauseTextError(
            gettext("A clause can hold %(max_clause_text)s characters; split it into sub-clauses.")
            % {"max_clause_text": drafts.MAX_CLAUSE_TEXT}
        )
    return text


def _commit_text(*, clause: Clause, resolution: DraftResolution, outcome) -> None:
    """Inside the save's transaction: the clause's text becomes the block's new revision."""
    if outcome.status in ("saved", "merged"):
        drafts.write_clause_text(clause=clause, resolution=resolution, text=outcome.text)


def save_clause(*, clause: Clause, user, text: str, base_revision_id, client_op_id: str = ""):
    """A sponsor saves a clause edited from ``base_revision_id`` (one transaction)."""
    text = _check_length(text)
    with transaction.atomic():
        resolution = drafts.lock_resolution(clause.resolution)
        if not resolution.is_editable:
            raise drafts.ResolutionError(NOT_EDITABLE)
        block = block_for(clause, user=user)
        if not str(base_revision_id or "").strip():
            # A form rendered before the block existed: it was edited from the committed text,
            # which is the block's first revision.
            base_revision_id = block.current_revision_id
        try:
            outcome = coedit.save_block(
                block=block,
                user=user,
                text=text,
                base_revision_id=base_revision_id,
                client_op_id=client_op_id,
            )
        except coedit.CoeditError as exc:
            raise ClauseTextError(str(exc)) from exc
        _commit_text(clause=clause, resolution=resolution, outcome=outcome)
        return outcome


def commit_amended_text(*, clause: Clause, text: str, by) -> None:
    """An adopted amendment rewrites the clause: a new revision and the committed text, in the
    caller's transaction (the vote's closing one)."""
    with transaction.atomic():
        resolution = drafts.lock_resolution(clause.resolution)
        block = block_for(clause, user=by)
        coedit.save_block(
            block=block, user=by, text=text, base_revision_id=block.current_revision_id
        )
        drafts.write_clause_text(clause=clause, resolution=resolution, text=text)


def resolve_clause(*, clause: Clause, user, choice: str, text: str | None = None):
    """Settle a sponsor's conflicted draft of a clause (mine / theirs / edited text)."""
    with transaction.atomic():
        resolution = drafts.lock_resolution(clause.resolution)
        if not resolution.is_editable:
            raise drafts.ResolutionError(NOT_EDITABLE)
        block = block_for(clause, user=user)
        try:
            outcome = coedit.resolve_conflict(block=block, user=user, choice=choice, text=text)
        except coedit.CoeditError as exc:
            raise ClauseTextError(str(exc)) from exc
        _commit_text(clause=clause, resolution=resolution, outcome=outcome)
        return outcome


def record_presence(resolution, *, user, editing: str = "") -> list[str]:
    """Record that ``user`` has the draft open (editing clause ``editing``) and say who else
    is here: "Ana García (Mexico) is editing clause 2"."""
    document = document_for(resolution).document
    block = None
    if editing.isdigit():
        clause = resolution.clauses.filter(pk=int(editing)).first()
        # The heartbeat already writes; a clause nobody saved yet gets its block here.
        block = block_for(clause, user=user) if clause else None
    others = coedit.heartbeat(document=document, user=user, block=block)
    if not others:
        return []
    countries = dict(
        DelegateSeat.objects.filter(
            user__in=[p.user_id for p in others], delegation__committee=resolution.committee
        ).values_list("user_id", "delegation__country__name")
    )
    labels = {}
    clause_ids = {
        link.block_id: link.clause_id
        for link in ClauseBlock.objects.filter(block__in=[p.block_id for p in others if p.block_id])
    }
    if clause_ids:
        for root in clause_tree(list(resolution.clauses.all())):
            for node in root.walk():
                labels[node.clause.pk] = (
                    f"clause {node.label}" if node.label else "a preambulatory clause"
                )
    lines = []
    for presence in others:
        who = coedit.display_name(presence.user)
        if presence.user_id in countries:
            who += f" ({countries[presence.user_id]})"
        where = labels.get(clause_ids.get(presence.block_id))
        lines.append(f"{who} is editing {where}." if where else f"{who} has the draft open.")
    return lines
