"""Amendments to draft resolutions, written by a delegation and decided by the committee.

An amendment adds, strikes or modifies a clause. It records the clause text it was drafted
against (``base_text``) so that, when another amendment changes the clause first, it can be
rebased with a three-way merge — or flagged ``stale`` with a preview when the two overlap.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from committees.models import Delegation

from .resolutions import Clause, DraftResolution


class AmendmentQuerySet(models.QuerySet):
    def pending(self) -> AmendmentQuerySet:
        return self.filter(status__in=Amendment.PENDING)

    def for_page(self) -> AmendmentQuerySet:
        supports = AmendmentSupport.objects.select_related("delegation__country")
        return self.select_related("delegation__country", "block").prefetch_related(
            models.Prefetch("supports", queryset=supports)
        )


class Amendment(models.Model):
    class Kind(models.TextChoices):
        ADD = "add", gettext_lazy("Add a clause")
        STRIKE = "strike", gettext_lazy("Strike the clause")
        MODIFY = "modify", gettext_lazy("Modify the clause")

    class Status(models.TextChoices):
        PROPOSED = "proposed", gettext_lazy("Proposed")
        ACCEPTED = "accepted", "Accepted by all sponsors"  # friendly: the chair confirms
        APPROVED = "approved", "Approved for debate"  # unfriendly: goes to a vote
        VOTING = "voting", gettext_lazy("Being voted on")
        ADOPTED = "adopted", gettext_lazy("Adopted")
        REJECTED = "rejected", gettext_lazy("Rejected")
        WITHDRAWN = "withdrawn", gettext_lazy("Withdrawn")

    PENDING = (Status.PROPOSED, Status.ACCEPTED, Status.APPROVED, Status.VOTING)

    resolution = models.ForeignKey(
        DraftResolution, on_delete=models.CASCADE, related_name="amendments"
    )
    # The clause to strike or modify; for "add", the clause the new one follows (or none: end).
    clause = models.ForeignKey(
        Clause, on_delete=models.CASCADE, null=True, blank=True, related_name="amendments"
    )
    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="+")
    # A second-degree amendment (where the rules allow them) rewrites another amendment's
    # text; it is decided before the amendment it amends.
    amends = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sub_amendments",
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    friendly = models.BooleanField(
        default=True, help_text="Friendly: every sponsor agrees, so it needs no vote."
    )
    text = models.TextField(blank=True, help_text="The clause as it would read (empty: strike).")
    base_text = models.TextField(blank=True, help_text="The clause text it was drafted against.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    # Another amendment changed the clause and the two overlap: nothing was merged; the
    # proposer sees ``stale_preview`` (both versions side by side) and updates the text.
    stale = models.BooleanField(default=False)
    stale_reason = models.TextField(blank=True)
    stale_preview = models.TextField(blank=True)
    rebase_note = models.TextField(blank=True)
    # The text, co-edited by the proposing delegation's delegates (revisions, merges, drafts).
    block = models.OneToOneField(
        "positions.Block",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="amendment",
    )
    motion = models.OneToOneField(
        "committees.Motion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="amendment",
    )
    outcome = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = AmendmentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["resolution", "status"], name="amendment_resolution_status")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="add") | Q(clause__isnull=False),
                name="amendment_strike_modify_has_clause",
            ),
        ]

    def __str__(self) -> str:
        return f"Amendment {self.pk} ({self.get_kind_display().lower()})"

    @property
    def is_pending(self) -> bool:
        return self.status in self.PENDING


class AmendmentSupport(models.Model):
    """A delegation's signature on an unfriendly amendment, or a sponsor's acceptance of a
    friendly one. One of each per delegation, enforced by the database."""

    class Role(models.TextChoices):
        SIGNATURE = "signature", gettext_lazy("Signature")
        ACCEPTANCE = "acceptance", gettext_lazy("Sponsor's acceptance")

    amendment = models.ForeignKey(Amendment, on_delete=models.CASCADE, related_name="supports")
    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=10, choices=Role.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["amendment", "delegation", "role"], name="one_support_per_delegation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.delegation} {self.role} on {self.amendment}"
