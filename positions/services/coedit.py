"""Writes of the co-editing engine. Every function is keyword-only and runs in one transaction.

The protocol (see DESIGN.md, "Co-editing"): a save carries the revision it was based on and an
idempotency key. The block row is locked; a current base appends, a stale base is three-way merged
(``engines.merge``): a clean merge appends a merge revision, an overlap saves nothing over the
shared text and keeps the person's text as their conflicted ``Draft``. No path drops typed text.
Every change bumps ``Document.version`` in the same transaction (the poll endpoint reads it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Literal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from positions.engines.merge import merge
from positions.models import Block, Document, Draft, Presence, Revision

MAX_BLOCK_CHARS = 100_000
MAX_OP_ID_CHARS = 64
PRESENCE_TTL = timedelta(seconds=30)

SaveStatus = Literal["saved", "merged", "conflict", "unchanged"]


class CoeditError(ValueError):
    """Bad input a person can understand; nothing was changed."""


def display_name(user) -> str:
    if user is None:
        return "someone"
    return user.get_full_name() or user.get_username()


@dataclass(frozen=True)
class SaveOutcome:
    """What became of a save.

    ``status``: "saved" (appended), "merged" (appended a merge with others' changes),
    "conflict" (nothing shared changed; the text is the person's conflicted draft) or
    "unchanged" (the block already says exactly this).
    ``revision`` is the block's current revision afterwards (for a conflict: the one it clashed
    with), ``text`` its text. ``replayed`` is true when this was a retry of an earlier save.
    """

    status: SaveStatus
    revision: Revision | None
    text: str
    merged_with: list[str] = field(default_factory=list)
    draft: Draft | None = None
    replayed: bool = False

    @property
    def message(self) -> str:
        if self.status == "merged":
            names = ", ".join(self.merged_with) or "another"
            return f"Saved — merged with {names}'s change."
        if self.status == "conflict":
            return "Someone changed the same words. Your text is kept as your draft: choose below."
        return "Saved."


def _clean_text(text: str) -> str:
    if not isinstance(text, str):
        raise CoeditError("The text is missing.")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if len(text) > MAX_BLOCK_CHARS:
        raise CoeditError(
            f"This section is too long ({len(text):,} characters; at most {MAX_BLOCK_CHARS:,})."
        )
    return text


def _clean_op_id(client_op_id: str) -> str:
    client_op_id = (client_op_id or "").strip()
    if len(client_op_id) > MAX_OP_ID_CHARS:
        raise CoeditError("The save key is too long.")
    return client_op_id


def _bump(document_id: int) -> int:
    Document.objects.filter(pk=document_id).update(version=F("version") + 1)
    return Document.objects.values_list("version", flat=True).get(pk=document_id)


def _append(
    block: Block,
    *,
    user,
    text: str,
    kind: str,
    client_op_id: str = "",
    merged_from: Revision | None = None,
    restored_from: Revision | None = None,
) -> Revision:
    """Append a revision on top of the (locked) block's current one and bump the version."""
    version = _bump(block.document_id)
    revision = Revision.objects.create(
        block=block,
        parent_id=block.current_revision_id,
        author=user,
        text=text,
        kind=kind,
        merged_from=merged_from,
        restored_from=restored_from,
        client_op_id=client_op_id,
        document_version=version,
    )
    Block.objects.filter(pk=block.pk).update(current_revision=revision, changed_version=version)
    block.current_revision = revision
    block.changed_version = version
    return revision


def _lock(block: Block) -> Block:
    """Lock the block row, then read its current revision in a fresh query.

    Not one joined query: on PostgreSQL a row re-read after waiting for the lock is joined
    against the statement's old snapshot, so a revision written by the transaction we waited
    for would look missing.
    """
    locked = Block.objects.select_for_update().get(pk=block.pk)
    if locked.current_revision_id is not None:
        locked.current_revision = Revision.objects.get(pk=locked.current_revision_id)
    return locked


def _revision_of(block: Block, revision_id) -> Revision | None:
    if revision_id in (None, ""):
        return None
    try:
        revision_id = int(revision_id)
    except (TypeError, ValueError):
        raise CoeditError("The version this text was based on is not valid.") from None
    revision = Revision.objects.filter(pk=revision_id, block=block).first()
    if revision is None:
        raise CoeditError("The version this text was based on is not part of this section.")
    return revision


def _drop_draft(block: Block, user) -> None:
    Draft.objects.filter(block=block, user=user).delete()


def _names_since(block: Block, base: Revision | None, current: Revision, user) -> list[str]:
    """Who wrote the revisions after ``base`` up to ``current`` (other than ``user``)."""
    revisions = Revision.objects.filter(block=block, id__lte=current.pk).exclude(author=user)
    if base is not None:
        revisions = revisions.filter(id__gt=base.pk)
    authors = revisions.exclude(author=None).select_related("author").order_by("-id")[:50]
    names: list[str] = []
    for revision in authors:
        name = display_name(revision.author)
        if name not in names:
            names.append(name)
    return names


def _replay(block: Block, user, client_op_id: str) -> SaveOutcome | None:
    """The outcome of an earlier save with this key, if there was one."""
    done = Revision.objects.filter(block=block, client_op_id=client_op_id).first()
    current = block.current_revision
    if done is not None:
        status: SaveStatus = "merged" if done.kind == Revision.Kind.MERGE else "saved"
        return SaveOutcome(status, current, current.text if current else "", replayed=True)
    draft = Draft.objects.filter(
        block=block, user=user, client_op_id=client_op_id, is_conflict=True
    ).first()
    if draft is not None:
        return SaveOutcome(
            "conflict", current, current.text if current else "", draft=draft, replayed=True
        )
    return None


def save_block(
    *,
    block: Block,
    user,
    text: str,
    base_revision_id: int | str | None,
    client_op_id: str = "",
    kind: str = Revision.Kind.EDIT,
) -> SaveOutcome:
    """Save ``user``'s ``text`` for ``block``, edited from revision ``base_revision_id``.

    Retrying with the same ``client_op_id`` returns the first outcome and writes nothing new.
    Raises ``CoeditError`` for bad input (nothing changed).
    """
    text = _clean_text(text)
    client_op_id = _clean_op_id(client_op_id)
    with transaction.atomic():
        locked = _lock(block)
        if client_op_id and (replayed := _replay(locked, user, client_op_id)):
            return replayed
        current = locked.current_revision
        base = (
            current
            if str(base_revision_id or "") == str(locked.current_revision_id or "")
            else (_revision_of(locked, base_revision_id))
        )
        if base == current:
            if current is not None and current.text == text:
                _drop_draft(locked, user)
                return SaveOutcome("unchanged", current, text)
            revision = _append(locked, user=user, text=text, kind=kind, client_op_id=client_op_id)
            _drop_draft(locked, user)
            return SaveOutcome("saved", revision, text)

        result = merge(base.text if base else "", current.text, text)
        if result.clean:
            if result.text == current.text:
                _drop_draft(locked, user)
                return SaveOutcome("unchanged", current, current.text)
            merged_with = _names_since(locked, base, current, user)
            revision = _append(
                locked,
                user=user,
                text=result.text,
                kind=Revision.Kind.MERGE,
                client_op_id=client_op_id,
                merged_from=base,
            )
            _drop_draft(locked, user)
            return SaveOutcome("merged", revision, result.text, merged_with=merged_with)

        draft, _ = Draft.objects.update_or_create(
            block=locked,
            user=user,
            defaults={
                "text": text,
                "base_revision": base,
                "is_conflict": True,
                "conflict_revision": current,
                "client_op_id": client_op_id,
                "updated_at": timezone.now(),
            },
        )
        return SaveOutcome("conflict", current, current.text, draft=draft)


def autosave_draft(*, block: Block, user, text: str, base_revision_id) -> Draft | None:
    """Keep ``user``'s unsaved text for ``block`` on the server (private to them).

    A conflicted draft is never overwritten here (the person resolves it first); text equal to
    the current revision needs no draft and removes one. Returns the draft, or None.
    """
    text = _clean_text(text)
    with transaction.atomic():
        base = _revision_of(block, base_revision_id)
        existing = Draft.objects.select_for_update().filter(block=block, user=user).first()
        if existing is not None and existing.is_conflict:
            return existing
        current_text = (
            Revision.objects.filter(pk=block.current_revision_id).values_list("text", flat=True)
        ).first() or ""
        if base is not None and base.pk == block.current_revision_id and text == current_text:
            if existing is not None:
                existing.delete()
            return None
        if existing is None:
            try:
                with transaction.atomic():
                    return Draft.objects.create(
                        block=block, user=user, text=text, base_revision=base
                    )
            except IntegrityError:  # a parallel autosave from another tab won the race
                existing = Draft.objects.select_for_update().get(block=block, user=user)
        existing.text = text
        existing.base_revision = base
        existing.updated_at = timezone.now()
        existing.save(update_fields=["text", "base_revision", "updated_at"])
        return existing


def discard_draft(*, block: Block, user) -> None:
    """The person chose to throw away their unsaved text for this block."""
    with transaction.atomic():
        _drop_draft(block, user)


ResolveChoice = Literal["mine", "theirs", "edit"]


def resolve_conflict(
    *,
    block: Block,
    user,
    choice: ResolveChoice,
    text: str | None = None,
    client_op_id: str = "",
) -> SaveOutcome:
    """Settle ``user``'s conflicted draft of ``block``.

    "mine": the merge, taking the person's words wherever both changed the same words;
    "theirs": the merge, taking the shared words there (the person's other changes stay);
    "edit": ``text`` as the person edited it from the shared text they were shown.
    Saved like any other save: if the block moved on meanwhile it merges again (or conflicts).
    """
    if choice not in ("mine", "theirs", "edit"):
        raise CoeditError("Choose mine, theirs, or edit the merge.")
    draft = (
        Draft.objects.select_related("base_revision", "conflict_revision")
        .filter(block=block, user=user, is_conflict=True)
        .first()
    )
    if draft is None:
        raise CoeditError("There is no conflict to resolve in this section any more.")
    theirs = draft.conflict_revision
    if choice == "edit":
        if text is None:
            raise CoeditError("The edited text is missing.")
        new_text = text
    else:
        result = merge(
            draft.base_revision.text if draft.base_revision else "",
            theirs.text if theirs else "",
            draft.text,
        )
        new_text = result.resolved(choice)
    return save_block(
        block=block,
        user=user,
        text=new_text,
        base_revision_id=theirs.pk if theirs else None,
        client_op_id=client_op_id,
        kind=Revision.Kind.MERGE,
    )


def restore_revision(*, block: Block, user, revision_id, client_op_id: str = "") -> SaveOutcome:
    """Bring back an old revision's text as a new revision (history is never rewritten)."""
    client_op_id = _clean_op_id(client_op_id)
    with transaction.atomic():
        locked = _lock(block)
        if client_op_id and (replayed := _replay(locked, user, client_op_id)):
            return replayed
        old = _revision_of(locked, revision_id)
        if old is None:
            raise CoeditError("Choose a version to restore.")
        current = locked.current_revision
        if current is not None and current.text == old.text:
            return SaveOutcome("unchanged", current, current.text)
        revision = _append(
            locked,
            user=user,
            text=old.text,
            kind=Revision.Kind.RESTORE,
            client_op_id=client_op_id,
            restored_from=old,
        )
        return SaveOutcome("saved", revision, old.text)


def heartbeat(*, document: Document, user, block: Block | None = None) -> list[Presence]:
    """Record that ``user`` has ``document`` open (editing ``block``, if given) and return the
    other people seen in the last ``PRESENCE_TTL``, with their user and block loaded."""
    if block is not None and block.document_id != document.pk:
        raise CoeditError("That section is not part of this document.")
    now = timezone.now()
    with transaction.atomic():
        updated = Presence.objects.filter(document=document, user=user).update(
            block=block, last_seen=now
        )
        if not updated:
            try:
                with transaction.atomic():
                    Presence.objects.create(
                        document=document, user=user, block=block, last_seen=now
                    )
            except IntegrityError:
                Presence.objects.filter(document=document, user=user).update(
                    block=block, last_seen=now
                )
    return list(
        Presence.objects.filter(document=document, last_seen__gte=now - PRESENCE_TTL)
        .exclude(user=user)
        .select_related("user", "block")
        .order_by("user__username")
    )


def create_document(*, blocks: Iterable[tuple[str, str]] = ()) -> Document:
    """A new document with empty blocks given as ``(key, title)`` pairs, in order."""
    with transaction.atomic():
        document = Document.objects.create()
        Block.objects.bulk_create(
            Block(document=document, key=key, title=title, order=index)
            for index, (key, title) in enumerate(blocks)
        )
        return document


def add_block(
    *, document: Document, key: str, title: str, order: int | None = None, text: str = "", user=None
) -> Block:
    """Add a block (e.g. a new clause) to ``document``; ``text`` becomes its first revision."""
    text = _clean_text(text)
    with transaction.atomic():
        if Block.objects.filter(document=document, key=key).exists():
            raise CoeditError("A section with this name already exists.")
        if order is None:
            last = Block.objects.filter(document=document).order_by("-order").first()
            order = last.order + 1 if last else 0
        block = Block.objects.create(document=document, key=key, title=title, order=order)
        if text:
            _append(block, user=user, text=text, kind=Revision.Kind.EDIT)
        else:
            block.changed_version = _bump(document.pk)
            block.save(update_fields=["changed_version"])
        return block


def touch_document(*, document: Document) -> int:
    """Bump the version after a change that is not a block's text (e.g. a paper was submitted),
    so open editors refresh. Returns the new version."""
    with transaction.atomic():
        return _bump(document.pk)
