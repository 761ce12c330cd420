"""Position papers: one per delegation per committee (and topic), written as co-edited blocks.

A paper's sections are the ``Block``s of its ``document`` (see ``models.coedit``), created from
the committee's ``PaperSettings.section_titles`` by ``services.papers.get_or_create_paper``.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from committees.models import Committee, Delegation
from unodc_mun import live

from .coedit import Document

DEFAULT_SECTION_TITLES = [
    "Background",
    "Past international action",
    "Country policy",
    "Proposed solutions",
    "Bibliography",
]


def default_section_titles() -> list[str]:
    return list(DEFAULT_SECTION_TITLES)


def default_rubric() -> list[dict]:
    # Empty means "the default rubric" (positions.engines.rubric.DEFAULT_RUBRIC).
    return []


class PaperSettings(models.Model):
    """Per-committee rules for position papers: the section template, the word limit, the
    deadline (+ grace minutes) and the scoring rubric. ``for_committee`` creates the defaults."""

    committee = models.OneToOneField(
        Committee, on_delete=models.CASCADE, related_name="paper_settings"
    )
    section_titles = models.JSONField(default=default_section_titles)
    word_limit = models.PositiveIntegerField(
        default=1500, help_text="Words in the whole paper; 0 means no limit."
    )
    deadline = models.DateTimeField(null=True, blank=True)
    grace_minutes = models.PositiveIntegerField(default=0)
    rubric = models.JSONField(default=default_rubric, blank=True)

    class Meta:
        verbose_name = "paper settings"
        verbose_name_plural = "paper settings"

    def __str__(self) -> str:
        return f"Paper settings of {self.committee.acronym}"

    @classmethod
    def for_committee(cls, committee: Committee) -> PaperSettings:
        settings, _ = cls.objects.get_or_create(committee=committee)
        return settings


class PaperQuerySet(models.QuerySet):
    def with_header(self) -> PaperQuerySet:
        """Everything a paper header shows (committee, country) in one query."""
        return self.select_related("committee", "delegation__country", "document")


class Paper(models.Model):
    """A delegation's position paper. Edit its text only through ``services.coedit``."""

    class Status(models.TextChoices):
        DRAFT = "draft", gettext_lazy("Draft")
        SUBMITTED = "submitted", gettext_lazy("Submitted")
        CHANGES_REQUESTED = "changes_requested", gettext_lazy("Changes requested")
        ACCEPTED = "accepted", gettext_lazy("Accepted")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="papers")
    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="papers")
    topic = models.CharField(max_length=300, blank=True)
    document = models.OneToOneField(Document, on_delete=models.PROTECT, related_name="paper")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(default=timezone.now)

    objects = PaperQuerySet.as_manager()

    class Meta:
        ordering = ["committee", "delegation__country__name", "topic"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "delegation", "topic"], name="one_paper_per_delegation_topic"
            ),
        ]

    def __str__(self) -> str:
        return gettext("Position paper of %(country)s (%(acronym)s)") % {
            "country": self.delegation.country.name,
            "acronym": self.committee.acronym,
        }

    def save(self, *args, **kwargs):
        adding = self._state.adding
        super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if not adding and (update_fields is None or "status" in update_fields):
            # Open editors poll the document's version: a new status (submitted, reopened)
            # must reach them like a text change does.
            Document.objects.filter(pk=self.document_id).update(version=F("version") + 1)
            version = Document.objects.values_list("version", flat=True).get(pk=self.document_id)
            live.announce(live.topic("doc", self.document_id), version)

    @property
    def is_editable(self) -> bool:
        """Delegates may change the text only while the paper is a draft or reopened."""
        return self.status in (self.Status.DRAFT, self.Status.CHANGES_REQUESTED)
