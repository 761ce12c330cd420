"""Country stances: the committee's policy questions and where each country stands."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from .people import Committee, Country
from .research import Source


class StanceQuestion(models.Model):
    """A policy question the committee debates, e.g. "An AI monitoring framework under UNODC"."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="stance_questions"
    )
    order = models.PositiveSmallIntegerField(default=0)
    short_label = models.CharField(max_length=60, help_text="Column heading in the matrix.")
    text = models.TextField(help_text="The question as delegates debate it.")

    class Meta:
        ordering = ["committee", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "short_label"], name="unique_question_label"
            ),
        ]

    def __str__(self) -> str:
        return self.short_label


class CountryProfile(models.Model):
    """What the guide says about a country's role in the topic; chairs may edit it."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="country_profiles"
    )
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="profiles")
    text = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["committee", "country__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "country"], name="one_profile_per_country"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country.name} ({self.committee.acronym})"


class Stance(models.TextChoices):
    SUPPORTS = "supports", gettext_lazy("Supports")
    CONDITIONAL = "conditional", gettext_lazy("Conditional")
    OPPOSES = "opposes", gettext_lazy("Opposes")
    UNKNOWN = "unknown", gettext_lazy("Unknown")


class StancePosition(models.Model):
    """Where one country stands on one question, why, and where that is written.

    A guide section is cited by its number and title, not by a row: importing a new version
    of the guide replaces its sections, and the citation must survive that. The page resolves
    it to the current section when one with that number exists.
    """

    profile = models.ForeignKey(CountryProfile, on_delete=models.CASCADE, related_name="positions")
    question = models.ForeignKey(StanceQuestion, on_delete=models.CASCADE, related_name="positions")
    stance = models.CharField(max_length=12, choices=Stance.choices, default=Stance.UNKNOWN)
    rationale = models.TextField(blank=True)
    cited_section = models.CharField(
        max_length=120, blank=True, help_text='Guide section, e.g. "III.1 The United States".'
    )
    cited_source = models.ForeignKey(
        Source, on_delete=models.SET_NULL, null=True, blank=True, related_name="citations"
    )
    quote = models.TextField(blank=True, help_text="The words in the guide or source.")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    declared = models.BooleanField(
        default=False, help_text="Last recorded by the country's own delegation."
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(
        null=True, blank=True, help_text="When a chair last checked it; cleared by a new edit."
    )

    class Meta:
        ordering = ["profile", "question__order", "question_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "question"], name="one_position_per_question"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.profile.country.name}: {self.question.short_label} — {self.stance}"

    @property
    def cited_section_number(self) -> str:
        """ "III.1 The United States" -> "III.1" (what guide sections are looked up by)."""
        return self.cited_section.split(" ", 1)[0] if self.cited_section else ""
