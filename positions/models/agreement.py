"""What a delegation says about its own record: this paper section, clause or ballot agrees
(or not) with its declared position on a question.

The app only finds which questions a text *mentions* (``positions.engines.agreement``); a
mark is the delegation's own judgement, kept with the text it judged (its digest), so the
page can say when the text changed after it was marked.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.models import Ballot, Delegation, StanceQuestion

from .coedit import Block
from .resolutions import Clause


class EvidenceMark(models.Model):
    class Verdict(models.TextChoices):
        AGREES = "agrees", _("Agrees with our position")
        DISAGREES = "disagrees", _("Goes against our position")
        UNRELATED = "unrelated", _("Not about this question")

    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(StanceQuestion, on_delete=models.CASCADE, related_name="+")
    # Exactly one of: a section of the delegation's paper, a clause of a draft it sponsors,
    # its ballot in a vote.
    block = models.ForeignKey(
        Block, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    clause = models.ForeignKey(
        Clause, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    ballot = models.ForeignKey(
        Ballot, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    verdict = models.CharField(max_length=10, choices=Verdict.choices)
    note = models.CharField(max_length=300, blank=True)
    # SHA-256 of the text judged (paper section, clause); empty for a ballot, which never changes.
    text_digest = models.CharField(max_length=64, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    marked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["question", "marked_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(block__isnull=False, clause__isnull=True, ballot__isnull=True)
                    | Q(block__isnull=True, clause__isnull=False, ballot__isnull=True)
                    | Q(block__isnull=True, clause__isnull=True, ballot__isnull=False)
                ),
                name="evidence_mark_one_subject",
            ),
            models.UniqueConstraint(
                fields=["delegation", "question", "block"],
                condition=Q(block__isnull=False),
                name="one_mark_per_section_question",
            ),
            models.UniqueConstraint(
                fields=["delegation", "question", "clause"],
                condition=Q(clause__isnull=False),
                name="one_mark_per_clause_question",
            ),
            models.UniqueConstraint(
                fields=["delegation", "question", "ballot"],
                condition=Q(ballot__isnull=False),
                name="one_mark_per_ballot_question",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.delegation_id} {self.question_id}: {self.verdict}"

    @property
    def subject_key(self) -> str:
        """Same key as the page's evidence items: "section:12", "clause:40", "ballot:7"."""
        if self.block_id:
            return f"section:{self.block_id}"
        if self.clause_id:
            return f"clause:{self.clause_id}"
        return f"ballot:{self.ballot_id}"
