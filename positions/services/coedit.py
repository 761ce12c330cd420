"""Writes of the co-editing engine. Every function is keyword-only and runs in one transaction.

The protocol (see docs/architecture.md, "Co-editing"): a save carries the revision it was based on and an
idempotency key. The block row is locked; a current base appends, a stale base is three-way merged
(``engines.merge``): a clean merge appends a merge revision, an overlap saves nothing over the
shared text and keeps the person's text as their conflicted ``Draft``. No path drops typed text.
Every change bumps ``Document.version`` in the same transaction (the poll endpoint reads it).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Literal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from positions.engines.merge import merge
from positions.models import Block, Document, Draft, DraftVersion, Presence, Revision
from unodc_mun import live

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


# Characters a person cannot type and PostgreSQL text cannot hold (NUL), or that only garble
# text (other C0 controls, DEL, lone surrogates). Tab and line breaks are text.
_UNTYPEABLE = {c: None for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)}


def _clean_text(text: str) -> str:
    if not isinstance(text, str):
        raise CoeditError(gettext("The text is missing."))
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_UNTYPEABLE)
    if len(text) > MAX_BLOCK_CHARS:
        raise CoeditError(
            gettext(
                "This section is too long (%(text_count)s characters; at most %(max_block_chars)s)."
            )
            % {
                "text_count": format(len(text), ","),
                "max_block_chars": format(MAX_BLOCK_CHARS, ","),
            }
        )
    if any("\ud800" <= c <= "\udfff" for c in text):
        raise CoeditError(gettext("The text contains characters that are not valid Unicode."))
    return text


def _clean_op_id(client_op_id) -> str:
    if not isinstance(client_op_id, str):
        raise CoeditError(gettext("The save key is not valid."))
    client_op_id = client_op_id.strip()
    if len(client_op_id) > MAX_OP_ID_CHARS:
        raise CoeditError(gettext("The save key is too long."))
    if not client_op_id.isprintable() or not client_op_id.isascii():
        raise CoeditError(gettext("The save key is not valid."))
    return client_op_id


def text_digest(text: str) -> str:
    """The SHA-256 of ``text`` (what a retry of a save is checked against)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _bump(document_id: int) -> int:
    Document.objects.filter(pk=document_id).update(version=F("version") + 1)
    version = Document.objects.values_list("version", flat=True).get(pk=document_id)
    live.announce(live.topic("doc", document_id), version)
    return version


def _append(
    block: Block,
    *,
    user,
    text: str,
    kind: str,
    client_op_id: str = "",
    digest: str = "",
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
        text_digest=digest,
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
    except (TypeError, ValueError, OverflowError):
        raise CoeditError(gettext("The version this text was based on is not valid.")) from None
    if not 0 < revision_id < 2**63:
        raise CoeditError(
            gettext("The version this text was based on is not part of this section.")
        )
    revision = Revision.objects.filter(pk=revision_id, block=block).first()
    if revision is None:
        raise CoeditError(
            gettext("The version this text was based on is not part of this section.")
        )
    return revision


def _drop_draft(block: Block, user, *, settle: bool) -> None:
    """Remove the person's draft once its text is in the block. A conflicted draft stays unless
    the person is settling it (``settle``): then its versions are marked settled (and kept)."""
    drafts = Draft.objects.filter(block=block, user=user)
    if settle:
        drafts.delete()
        DraftVersion.objects.filter(block=block, user=user, settled_at__isnull=True).update(
            settled_at=timezone.now()
        )
    else:
        drafts.filter(is_conflict=False).delete()


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


def _replay(block: Block, user, client_op_id: str, digest: str) -> SaveOutcome | None:
    """The outcome of this person's earlier save of this very text with this key, if any.

    Keyed by (person, block, key, text): the same key with other text is a new save, and
    someone else's key is never a replay of theirs."""
    current = block.current_revision
    current_text = current.text if current else ""
    done = Revision.objects.filter(
        block=block, author=user, client_op_id=client_op_id, text_digest=digest
    ).first()
    if done is not None:
        status: SaveStatus = "merged" if done.kind == Revision.Kind.MERGE else "saved"
        return SaveOutcome(status, current, current_text, replayed=True)
    kept = DraftVersion.objects.filter(
        block=block, user=user, client_op_id=client_op_id, text_digest=digest
    ).first()
    if kept is not None:
        draft = Draft.objects.filter(block=block, user=user, is_conflict=True).first()
        return SaveOutcome("conflict", current, current_text, draft=draft, replayed=True)
    return None


def _save(
    locked: Block,
    *,
    user,
    text: str,
    base_revision_id,
    client_op_id: str,
    kind: str,
    settle: bool,
) -> SaveOutcome:
    """``save_block`` on a locked block, inside the caller's transaction."""
    digest = text_digest(text)
    if client_op_id and (replayed := _replay(locked, user, client_op_id, digest)):
        return replayed
    current = locked.current_revision
    base = (
        current
        if str(base_revision_id or "") == str(locked.current_revision_id or "")
        else (_revision_of(locked, base_revision_id))
    )
    if base == current:
        if current is not None and current.text == text:
            _drop_draft(locked, user, settle=settle)
            return SaveOutcome("unchanged", current, text)
        revision = _append(
            locked, user=user, text=text, kind=kind, client_op_id=client_op_id, digest=digest
        )
        _drop_draft(locked, user, settle=settle)
        return SaveOutcome("saved", revision, text)

    result = merge(base.text if base else "", current.text, text)
    if result.clean:
        if result.text == current.text:
            _drop_draft(locked, user, settle=settle)
            return SaveOutcome("unchanged", current, current.text)
        merged_with = _names_since(locked, base, current, user)
        revision = _append(
            locked,
            user=user,
            text=result.text,
            kind=Revision.Kind.MERGE,
            client_op_id=client_op_id,
            digest=digest,
            merged_from=base,
        )
        _drop_draft(locked, user, settle=settle)
        return SaveOutcome("merged", revision, result.text, merged_with=merged_with)

    # Overlap: nothing shared changes. The text becomes the person's conflicted draft, and a
    # version of it is kept for good, so the next conflict cannot overwrite it.
    now = timezone.now()
    DraftVersion.objects.create(
        block=locked,
        user=user,
        text=text,
        base_revision=base,
        conflict_revision=current,
        client_op_id=client_op_id,
        text_digest=digest,
        created_at=now,
    )
    draft, _ = Draft.objects.update_or_create(
        block=locked,
        user=user,
        defaults={
            "text": text,
            "base_revision": base,
            "is_conflict": True,
            "conflict_revision": current,
            "client_op_id": client_op_id,
            "updated_at": now,
        },
    )
    return SaveOutcome("conflict", current, current.text, draft=draft)


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

    Retrying (same person, same ``client_op_id``, same text) returns the first outcome and
    writes nothing new. Raises ``CoeditError`` for bad input (nothing changed).
    """
    text = _clean_text(text)
    client_op_id = _clean_op_id(client_op_id)
    with transaction.atomic():
        locked = _lock(block)
        return _save(
            locked,
            user=user,
            text=text,
            base_revision_id=base_revision_id,
            client_op_id=client_op_id,
            kind=kind,
            settle=False,
        )


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
    """The person chose to throw away their unsaved text for this block (its conflicted
    versions are marked settled, and kept)."""
    with transaction.atomic():
        _drop_draft(block, user, settle=True)


def open_versions(*, block: Block, user) -> list[DraftVersion]:
    """The person's conflicted texts of ``block`` not yet settled, newest first."""
    return list(
        DraftVersion.objects.filter(block=block, user=user)
        .open()
        .select_related("conflict_revision__author")
    )


ResolveChoice = Literal["mine", "theirs", "edit"]


def resolve_conflict(
    *,
    block: Block,
    user,
    choice: ResolveChoice,
    text: str | None = None,
    client_op_id: str = "",
    version_id: int | str | None = None,
) -> SaveOutcome:
    """Settle ``user``'s conflicted draft of ``block``.

    "mine": the merge, taking the person's words wherever both changed the same words;
    "theirs": the merge, taking the shared words there (the person's other changes stay);
    "edit": ``text`` as the person edited it from the shared text they were shown.
    ``version_id`` picks one of the person's earlier conflicted texts (default: the newest).
    Saved like any other save: if the block moved on meanwhile it merges again (or conflicts).
    Once saved, all the person's conflicted versions of the block are settled (and kept).
    """
    if choice not in ("mine", "theirs", "edit"):
        raise CoeditError(gettext("Choose mine, theirs, or edit the merge."))
    if choice == "edit":
        if text is None:
            raise CoeditError(gettext("The edited text is missing."))
        text = _clean_text(text)
    client_op_id = _clean_op_id(client_op_id)
    with transaction.atomic():
        locked = _lock(block)
        draft = (
            Draft.objects.select_related("base_revision", "conflict_revision")
            .filter(block=locked, user=user, is_conflict=True)
            .first()
        )
        chosen = draft
        if version_id not in (None, ""):
            try:
                version_pk = int(version_id)
            except (TypeError, ValueError):
                raise CoeditError(gettext("That earlier text is not valid.")) from None
            chosen = (
                DraftVersion.objects.select_related("base_revision", "conflict_revision")
                .filter(block=locked, user=user, pk=version_pk)
                .first()
                if 0 < version_pk < 2**63
                else None
            )
            if chosen is None:
                raise CoeditError(
                    gettext("That earlier text is not one of yours for this section.")
                )
        if chosen is None:
            raise CoeditError(gettext("There is no conflict to resolve in this section any more."))
        theirs = chosen.conflict_revision
        if choice == "edit":
            new_text = text
        else:
            result = merge(
                chosen.base_revision.text if chosen.base_revision else "",
                theirs.text if theirs else "",
                chosen.text,
            )
            new_text = _clean_text(result.resolved(choice))
        return _save(
            locked,
            user=user,
            text=new_text,
            base_revision_id=theirs.pk if theirs else None,
            client_op_id=client_op_id,
            kind=Revision.Kind.MERGE,
            settle=True,
        )


def restore_revision(*, block: Block, user, revision_id, client_op_id: str = "") -> SaveOutcome:
    """Bring back an old revision's text as a new revision (history is never rewritten)."""
    client_op_id = _clean_op_id(client_op_id)
    with transaction.atomic():
        locked = _lock(block)
        old = _revision_of(locked, revision_id)
        if old is None:
            raise CoeditError(gettext("Choose a version to restore."))
        digest = text_digest(old.text)
        if client_op_id and (replayed := _replay(locked, user, client_op_id, digest)):
            return replayed
        current = locked.current_revision
        if current is not None and current.text == old.text:
            return SaveOutcome("unchanged", current, current.text)
        revision = _append(
            locked,
            user=user,
            text=old.text,
            kind=Revision.Kind.RESTORE,
            client_op_id=client_op_id,
            digest=digest,
            restored_from=old,
        )
        return SaveOutcome("saved", revision, old.text)


def heartbeat(*, document: Document, user, block: Block | None = None) -> list[Presence]:
    """Record that ``user`` has ``document`` open (editing ``block``, if given) and return the
    other people seen in the last ``PRESENCE_TTL``, with their user and block loaded."""
    if block is not None and block.document_id != document.pk:
        raise CoeditError(gettext("That section is not part of this document."))
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
            raise CoeditError(gettext("A section with this name already exists."))
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
