"""The co-editing engine's data: reusable for papers, resolution clauses and amendments.

A ``Document`` is a set of ``Block``s (a paper section, a clause, an amendment's text). Each block
points at its current ``Revision``; revisions are append-only and form one linear chain per block
(``parent`` is the revision that was current when it was written; the database refuses two
children of one parent). Every change bumps ``Document.version`` in the same transaction, so a
client can ask "anything new since version N?" with one indexed query.

Write through ``positions.services.coedit`` only (it locks the block row, merges stale saves and
keeps conflicted text as the person's ``Draft`` and one ``DraftVersion`` per clash); never create
revisions by hand.

Idempotency: a save carries a client key. A retry is the same person, the same block, the same key
and the same text (``text_digest``: SHA-256 of the text the person sent, which for a merge is not
the merged text); the database holds each such save at most once. The same key with other text is
a new save, and another person's key is never theirs.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy


class Document(models.Model):
    """A co-edited document. ``version`` goes up by one with every change to any of its blocks."""

    version = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Document {self.pk} v{self.version}"


class BlockQuerySet(models.QuerySet):
    def with_current(self) -> BlockQuerySet:
        """Blocks with their current revision and its author, in document order."""
        return self.select_related("current_revision__author").order_by("order", "id")


class Block(models.Model):
    """One independently edited piece of a document. ``key`` is stable within the document
    (e.g. ``"background"``); ``changed_version`` is the document version of its last change."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="blocks")
    key = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    order = models.PositiveIntegerField(default=0)
    current_revision = models.ForeignKey(
        "Revision", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changed_version = models.PositiveBigIntegerField(default=0)

    objects = BlockQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["document", "key"], name="unique_block_key"),
        ]
        indexes = [models.Index(fields=["document", "changed_version"], name="block_changes")]

    def __str__(self) -> str:
        return self.title

    @property
    def text(self) -> str:
        return self.current_revision.text if self.current_revision_id else ""


class Revision(models.Model):
    """An append-only version of a block's text.

    ``parent``: the revision current when this one was written (None for the first).
    ``merged_from``: for a merge, the older revision the author's edit started from.
    ``restored_from``: for a restore, the revision whose text was brought back.
    ``client_op_id``: the idempotency key the client sent, ``text_digest`` the SHA-256 of the
    text the author sent with it; a retry (same author, key and text) finds this revision instead
    of writing a new one.
    """

    class Kind(models.TextChoices):
        EDIT = "edit", gettext_lazy("Edit")
        MERGE = "merge", gettext_lazy("Merge")
        RESTORE = "restore", gettext_lazy("Restore")

    block = models.ForeignKey(Block, on_delete=models.CASCADE, related_name="revisions")
    parent = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="child"
    )
    merged_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    restored_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    text = models.TextField(blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.EDIT)
    document_version = models.PositiveBigIntegerField(default=0)
    client_op_id = models.CharField(max_length=64, blank=True)
    text_digest = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        constraints = [
            # One chain per block: only one first revision; ``parent`` is one-to-one.
            models.UniqueConstraint(
                fields=["block"], condition=Q(parent__isnull=True), name="one_root_revision"
            ),
            models.UniqueConstraint(
                fields=["block", "author", "client_op_id", "text_digest"],
                condition=~Q(client_op_id=""),
                name="unique_revision_op",
            ),
        ]
        indexes = [models.Index(fields=["block", "-id"], name="revision_history")]

    def __str__(self) -> str:
        return f"{self.block} r{self.pk} ({self.kind})"


class Draft(models.Model):
    """A person's own text for a block that is not (yet) in the shared chain.

    Autosaved while typing; kept as ``is_conflict`` when their save overlapped someone else's
    change (``conflict_revision`` is the revision it clashed with). ``base_revision`` is the
    revision the text was edited from. Deleted once the text is saved into the block.
    """

    block = models.ForeignKey(Block, on_delete=models.CASCADE, related_name="drafts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coedit_drafts"
    )
    text = models.TextField(blank=True)
    base_revision = models.ForeignKey(
        Revision, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_conflict = models.BooleanField(default=False)
    conflict_revision = models.ForeignKey(
        Revision, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    client_op_id = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["block", "user"], name="one_draft_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.user}'s draft of {self.block}"


class DraftVersionQuerySet(models.QuerySet):
    def open(self) -> DraftVersionQuerySet:
        """Not yet settled by their author, newest first."""
        return self.filter(settled_at__isnull=True).order_by("-id")


class DraftVersion(models.Model):
    """One text a person saved that clashed with someone else's change. Append-only.

    Every conflicted save adds one, so a person's conflicts accumulate (the ``Draft`` holds the
    newest) instead of overwriting each other. ``settled_at`` is set when the person settles
    the conflict or discards their draft; the row itself is kept, so any text anyone submitted
    can always be found again (as a revision, or as a version of their draft).
    """

    block = models.ForeignKey(Block, on_delete=models.CASCADE, related_name="draft_versions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coedit_draft_versions"
    )
    text = models.TextField(blank=True)
    base_revision = models.ForeignKey(
        Revision, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    conflict_revision = models.ForeignKey(
        Revision, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    client_op_id = models.CharField(max_length=64, blank=True)
    text_digest = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    settled_at = models.DateTimeField(null=True, blank=True)

    objects = DraftVersionQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["block", "user", "client_op_id", "text_digest"],
                condition=~Q(client_op_id=""),
                name="unique_draft_version_op",
            ),
        ]
        indexes = [
            models.Index(fields=["block", "user", "settled_at"], name="draft_versions_open"),
        ]

    def __str__(self) -> str:
        return f"{self.user}'s conflicted text of {self.block} ({self.created_at:%H:%M})"


class Presence(models.Model):
    """Who has a document open and which block they are editing (a hint, never a lock)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="presences")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coedit_presences"
    )
    block = models.ForeignKey(
        Block, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_seen = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "user"], name="one_presence_per_person"),
        ]
        indexes = [models.Index(fields=["document", "last_seen"], name="presence_recent")]

    def __str__(self) -> str:
        return f"{self.user} in {self.document}"
