"""Submitted position papers: the frozen snapshot, and the chair's review of it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy


class PaperSubmissionQuerySet(models.QuerySet):
    def latest_per_paper(self) -> PaperSubmissionQuerySet:
        """Only each paper's newest submission (one query, for overviews of many papers)."""
        newest = (
            self.model.objects.filter(paper=OuterRef("paper")).order_by("-number").values("pk")[:1]
        )
        return self.filter(pk=Subquery(newest))

    def released(self) -> PaperSubmissionQuerySet:
        return self.filter(released_at__isnull=False)


class PaperSubmission(models.Model):
    """What a delegation handed in, frozen: later edits (after a reopen) never change it.

    The chair's review (scores, comment, decision) belongs to the submission it judged, so a
    resubmission after "changes requested" gets a fresh review and the old one stays readable.
    Delegates see the review only once the chair releases it.
    """

    class Decision(models.TextChoices):
        PENDING = "pending", gettext_lazy("Awaiting review")
        CHANGES_REQUESTED = "changes_requested", gettext_lazy("Changes requested")
        ACCEPTED = "accepted", gettext_lazy("Accepted")

    paper = models.ForeignKey(
        "positions.Paper", on_delete=models.CASCADE, related_name="submissions"
    )
    number = models.PositiveIntegerField(help_text="1 for the first submission, 2 after a reopen…")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField()
    sections = models.JSONField(help_text='[{"title": …, "text": Markdown}] at submission time')
    total_words = models.PositiveIntegerField(default=0)
    late = models.BooleanField(default=False, help_text="Handed in after deadline + grace.")

    scores = models.JSONField(default=dict, blank=True)
    total_score = models.PositiveIntegerField(null=True, blank=True)
    comment = models.TextField(blank=True)
    section_comments = models.JSONField(
        default=dict, blank=True, help_text='{"section title": "the chair\'s note on it"}'
    )
    decision = models.CharField(max_length=20, choices=Decision.choices, default=Decision.PENDING)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    released_at = models.DateTimeField(
        null=True, blank=True, help_text="When the chair shared scores and comments."
    )

    objects = PaperSubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["paper", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["paper", "number"], name="one_submission_number")
        ]

    def __str__(self) -> str:
        return f"Submission {self.number} of {self.paper}"

    @property
    def is_released(self) -> bool:
        return self.released_at is not None
