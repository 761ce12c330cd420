"""Background sources of a committee and the search index over sources and guide sections."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from .people import Committee


def source_upload_path(instance: Source, filename: str) -> str:
    return f"sources/{instance.committee.slug}/{filename}"


class SourceQuerySet(models.QuerySet):
    def for_library(self) -> SourceQuerySet:
        # The library lists many sources: leave the full text out of the list query.
        return self.defer("text").select_related("added_by")


class Source(models.Model):
    """A document a delegate would research: a report, a news article, a training note."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="sources")
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200, blank=True)
    published_on = models.DateField(null=True, blank=True, help_text="Leave empty if unknown.")
    url = models.URLField(max_length=500, blank=True)
    text = models.TextField(help_text="The full text delegates read and search.")
    original_file = models.FileField(upload_to=source_upload_path, blank=True)
    original_filename = models.CharField(max_length=255, blank=True)
    word_count = models.PositiveIntegerField(default=0)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    added_at = models.DateTimeField(default=timezone.now)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "title", "id"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "title"], name="unique_source_title"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "committees:source_detail", kwargs={"slug": self.committee.slug, "source_id": self.pk}
        )


class SearchPassage(models.Model):
    """One searchable piece of a committee's material: a guide section or part of a source.

    The full-text index lives beside this table and is maintained by the database itself:
    on PostgreSQL a stored, generated, weighted ``search_vector`` column (title A, body B)
    with a GIN index; on SQLite an FTS5 table kept in step by triggers. Both are created by
    migration 0007_search_index (see there). Django does not know these objects, so a later
    migration that makes SQLite rebuild this table must call ``install_sqlite_fts`` again.
    Rows are written only by committees.services.search.
    """

    class Kind(models.TextChoices):
        GUIDE = "guide", gettext_lazy("Guide section")
        SOURCE = "source", gettext_lazy("Source")

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="search_passages"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=400)
    body = models.TextField()
    url = models.CharField(max_length=500, help_text="Where a hit takes the reader.")
    source = models.ForeignKey(
        Source, on_delete=models.CASCADE, null=True, blank=True, related_name="passages"
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["committee", "kind", "position"]
        indexes = [models.Index(fields=["committee", "kind"], name="passage_committee_kind")]

    def __str__(self) -> str:
        return self.title
