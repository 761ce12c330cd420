"""A committee's guide as imported: the original file, and its structure for reading and search."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from .people import Committee, Country


def guide_upload_path(guide: Guide, filename: str) -> str:
    # A fresh folder per import, so replacing a guide never overwrites the file being served.
    return f"guides/{guide.committee.slug}/{uuid.uuid4().hex[:12]}/{filename}"


class Guide(models.Model):
    """The current guide of a committee (one per committee; an import replaces it)."""

    committee = models.OneToOneField(Committee, on_delete=models.CASCADE, related_name="guide")
    title = models.CharField(max_length=300, blank=True)
    committee_name = models.CharField(
        max_length=300, blank=True, help_text="The committee as the guide names it."
    )
    topic = models.CharField(max_length=500, blank=True)
    chairs = models.JSONField(default=list, blank=True)
    questions = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    original = models.FileField(upload_to=guide_upload_path, max_length=300)
    original_name = models.CharField(max_length=255)
    original_sha256 = models.CharField(max_length=64, db_index=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(default=timezone.now)
    # Bumped whenever the sections, facts, links, tables or countries are made anew (import,
    # correction): the reader's rendered body is kept under (guide, version).
    version = models.PositiveIntegerField(default=0)
    structure = models.JSONField(
        default=dict,
        blank=True,
        help_text="What the reader found, with every correction since; the sections, facts, "
        "links, tables and countries below are made from it.",
    )

    def __str__(self) -> str:
        return f"{self.committee.acronym}: {self.title or self.original_name}"

    @property
    def people(self) -> list[dict]:
        """The chairs with their roles, as found and corrected."""
        roles = {p.get("name"): p.get("role", "") for p in (self.structure or {}).get("people", [])}
        return [{"name": name, "role": roles.get(name, "")} for name in self.chairs]


class GuideSection(models.Model):
    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    number = models.CharField(max_length=20, blank=True)
    ref = models.CharField(
        max_length=40, blank=True, help_text='Full number for citations, e.g. "II.2".'
    )
    title = models.CharField(max_length=300)
    anchor = models.SlugField(max_length=120)
    text = models.TextField(blank=True)
    depth = models.PositiveSmallIntegerField(default=0)
    order = models.PositiveIntegerField(help_text="Reading order across the whole guide.")

    class Meta:
        ordering = ["guide", "order"]
        constraints = [
            models.UniqueConstraint(fields=["guide", "anchor"], name="unique_guide_section_anchor"),
            models.UniqueConstraint(fields=["guide", "order"], name="unique_guide_section_order"),
        ]

    def __str__(self) -> str:
        return f"{self.ref} {self.title}".strip()

    @property
    def heading(self) -> str:
        return f"{self.ref}. {self.title}" if self.ref else self.title


class GuideFact(models.Model):
    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="facts")
    section = models.ForeignKey(
        GuideSection, null=True, blank=True, on_delete=models.SET_NULL, related_name="facts"
    )
    text = models.TextField()
    details = models.JSONField(default=list, blank=True)
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["guide", "order"]

    def __str__(self) -> str:
        return self.text[:80]


class GuideLink(models.Model):
    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="links")
    section = models.ForeignKey(
        GuideSection, null=True, blank=True, on_delete=models.SET_NULL, related_name="links"
    )
    url = models.URLField(max_length=2000)
    title = models.CharField(max_length=500)
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["guide", "order"]

    def __str__(self) -> str:
        return self.title


class StatTable(models.Model):
    """A statistics table: ``columns`` are the headers, ``rows`` [{label, values: [number]}]."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="tables")
    section = models.ForeignKey(
        GuideSection, null=True, blank=True, on_delete=models.SET_NULL, related_name="tables"
    )
    caption = models.CharField(max_length=500)
    columns = models.JSONField(default=list)
    rows = models.JSONField(default=list)
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["guide", "order"]

    def __str__(self) -> str:
        return self.caption


class GuideCountry(models.Model):
    """What the guide says about one country (its "major parties" or "blocs" entry)."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="countries")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="guide_entries")
    section = models.ForeignKey(
        GuideSection, null=True, blank=True, on_delete=models.SET_NULL, related_name="countries"
    )
    text = models.TextField(blank=True)
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["guide", "order"]
        verbose_name_plural = "guide countries"
        constraints = [
            models.UniqueConstraint(fields=["guide", "country"], name="unique_guide_country"),
        ]

    def __str__(self) -> str:
        return f"{self.country} in {self.guide}"


class PendingGuideImport(models.Model):
    """An uploaded guide waiting for the admin's confirmation after the preview.

    The bytes stay on the server between preview and confirm, so the confirm step never trusts
    a path or file sent back by the browser; only the uploader can confirm, for a short while.
    """

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    filename = models.CharField(max_length=255)
    data = models.BinaryField()
    structure = models.JSONField(
        null=True, blank=True, help_text="What the reader found, with the preview's corrections."
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.filename} for {self.committee.acronym}"


class GuideEdit(models.Model):
    """One correction of a guide, in the preview or after the import, and who made it."""

    PREVIEW, GUIDE = "preview", "guide"
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="guide_edits")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    stage = models.CharField(
        max_length=10, choices=[(PREVIEW, "before the import"), (GUIDE, "imported guide")]
    )
    filename = models.CharField(max_length=255, blank=True)
    op = models.CharField(max_length=30)
    summary = models.CharField(max_length=600)
    args = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.committee.acronym}: {self.summary}"
