"""Adding and removing a committee's background sources (admins only; views check that)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext

from ..engines.documents import DocumentError, extract_text
from ..engines.search_text import clean_text, reflow_layout_text
from ..models import Committee, Source
from .search import index_source

# About 600 printed pages of text. Longer files are almost always a bundle of documents, and
# cleaning and indexing ten megabytes of text takes close to a minute of a worker's time.
MAX_SOURCE_CHARS = 2_000_000


def _bounded(text: str) -> str:
    if len(text) > MAX_SOURCE_CHARS:
        raise DocumentError(
            gettext(
                "The source holds %(text_count)s characters of text; a source may hold at most %(max_source_chars)s. Add long reports chapter by chapter."
            )
            % {
                "text_count": format(len(text), ","),
                "max_source_chars": format(MAX_SOURCE_CHARS, ","),
            }
        )
    return text


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes


def text_from_upload(upload: Upload) -> str:
    """The text of an uploaded file; raises DocumentError with a message for the uploader."""
    document = extract_text(upload.filename, upload.data)
    _bounded(document.text)
    if document.kind == "pdf":
        # PDF lines end where the printed line ended; join them back into paragraphs.
        return reflow_layout_text(document.text)
    return clean_text(document.text).strip()


def add_source(
    *,
    committee: Committee,
    title: str,
    text: str = "",
    upload: Upload | None = None,
    publisher: str = "",
    published_on: datetime.date | None = None,
    url: str = "",
    added_by=None,
) -> Source:
    """Create a source from pasted text or an uploaded file and index it for search.

    Raises DocumentError (nothing written) when the upload cannot be read.
    """
    if upload is not None:
        text = text_from_upload(upload)
    text = clean_text(_bounded(text)).strip()
    if not text:
        raise DocumentError(gettext("The source has no text. Paste its text or upload a file."))
    with transaction.atomic():
        source = Source(
            committee=committee,
            title=title.strip(),
            publisher=publisher.strip(),
            published_on=published_on,
            url=url.strip(),
            text=text,
            word_count=len(text.split()),
            added_by=added_by,
        )
        if upload is not None:
            source.original_filename = upload.filename[-255:]
            # The name on disk is the storage's business; people download it under its own name.
            source.original_file.save(upload.filename, ContentFile(upload.data), save=False)
        source.save()
        index_source(source=source)
    return source


def update_source(
    *,
    source: Source,
    title: str,
    text: str,
    publisher: str = "",
    published_on: datetime.date | None = None,
    url: str = "",
) -> Source:
    """Correct a source's details or text; its passages are rebuilt in the same transaction."""
    text = clean_text(_bounded(text)).strip()
    if not text:
        raise DocumentError(gettext("The source has no text. Paste its text."))
    with transaction.atomic():
        source.title = title.strip()
        source.publisher = publisher.strip()
        source.published_on = published_on
        source.url = url.strip()
        source.text = text
        source.word_count = len(text.split())
        source.save()
        index_source(source=source)
    return source


def update_source_text(*, source: Source, text: str) -> Source:
    _bounded(text)
    with transaction.atomic():
        source.text = clean_text(text).strip()
        source.word_count = len(source.text.split())
        source.save(update_fields=["text", "word_count"])
        index_source(source=source)
    return source


def delete_source(*, source: Source) -> None:
    """Remove a source, its passages (cascade) and its stored file."""
    with transaction.atomic():
        stored = source.original_file.name
        storage = source.original_file.storage
        source.delete()
        if stored:
            transaction.on_commit(lambda: storage.delete(stored))
