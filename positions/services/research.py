"""Research beside the paper editor: the committee's search, as passages one can quote."""

from __future__ import annotations

from committees.models import Committee

QUOTATION_RESULTS = 8


def research_hits(*, committee: Committee, text: str) -> list:
    """The best passages of the guide, sources and stances for what the delegate typed.

    Each hit has ``kind_label``, ``title_html``, ``snippet_html`` (highlighted, escaped) and
    ``url``. Builds without the committee search index get no hits rather than an error.
    """
    try:
        from committees.services.search import search
    except ImportError:
        return []
    return search(committee=committee, text=text, limit=QUOTATION_RESULTS).hits
