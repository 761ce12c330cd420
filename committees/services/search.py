"""The committee search: keeping the passage index in step, and querying it.

Writes (``index_source``, ``reindex_guide``, ``reindex_committee``) replace a committee's
passages in one transaction; the database keeps its full-text index in step by itself (see
SearchPassage). ``search`` is a read and picks the engine of the database in use:
PostgreSQL full-text search (weighted tsvector, ts_rank_cd, ts_headline) or SQLite FTS5
(bm25, snippet).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db import connection, transaction
from django.urls import NoReverseMatch, reverse

from ..engines.search_text import (
    MARK_START,
    MARK_STOP,
    ParsedQuery,
    clean_text,
    highlight_html,
    parse_query,
    split_passages,
    to_fts5_match,
    to_tsquery_text,
)
from ..models import Committee, GuideSection, SearchPassage, Source

RESULTS_LIMIT = 10
# PostgreSQL ranks at most this many matches. A one-word query can match most of a large
# library, and ranking every match cost more than the search-as-you-type budget; past this
# many the person is told to add a word (see SearchResults.capped).
RANKED_MATCHES_CAP = 2000


# --- index ----------------------------------------------------------------------------------


def _source_passages(source: Source) -> list[SearchPassage]:
    url = source.get_absolute_url()
    passages = []
    for position, passage in enumerate(split_passages(source.text)):
        title = f"{source.title} — {passage.heading}" if passage.heading else source.title
        passages.append(
            SearchPassage(
                committee_id=source.committee_id,
                kind=SearchPassage.Kind.SOURCE,
                title=clean_text(title)[:400],
                body=clean_text(passage.text),
                url=f"{url}#p-{passage.first_paragraph}",
                source=source,
                position=position,
            )
        )
    if not passages:  # a source that is only a title still deserves to be found
        passages.append(
            SearchPassage(
                committee_id=source.committee_id,
                kind=SearchPassage.Kind.SOURCE,
                title=clean_text(source.title)[:400],
                body="",
                url=url,
                source=source,
            )
        )
    return passages


def index_source(*, source: Source) -> int:
    """Replace the passages of one source; returns how many were written."""
    with transaction.atomic():
        SearchPassage.objects.filter(source=source).delete()
        return len(SearchPassage.objects.bulk_create(_source_passages(source)))


def _guide_passages(committee: Committee) -> list[SearchPassage]:
    # Guide hits store only the section's anchor; the reader's address is added when
    # results are shown (see guide_url), so the index never holds a stale path.
    sections = GuideSection.objects.filter(guide__committee=committee).order_by("order")
    passages = []
    for position, section in enumerate(sections):
        label = f"{section.ref} {section.title}".strip() if section.ref else section.title
        passages.append(
            SearchPassage(
                committee=committee,
                kind=SearchPassage.Kind.GUIDE,
                title=clean_text(label)[:400],
                body=clean_text(section.text or ""),
                url=f"#{section.anchor}",
                position=position,
            )
        )
    return passages


def _with_query(url: str, query_string: str) -> str:
    path, _, fragment = url.partition("#")
    return f"{path}{query_string}#{fragment}" if fragment else f"{path}{query_string}"


def guide_url(committee: Committee) -> str:
    """The guide reader of a committee ("" in a build without the reader)."""
    try:
        return reverse("committees:guide", kwargs={"slug": committee.slug})
    except NoReverseMatch:
        return ""


def reindex_guide(*, committee: Committee) -> int:
    """Replace the committee's guide passages (call after a guide import)."""
    with transaction.atomic():
        SearchPassage.objects.filter(committee=committee, kind=SearchPassage.Kind.GUIDE).delete()
        return len(SearchPassage.objects.bulk_create(_guide_passages(committee)))


def reindex_committee(*, committee: Committee) -> int:
    """Rebuild every passage of a committee: its guide sections and all its sources."""
    with transaction.atomic():
        count = reindex_guide(committee=committee)
        for source in Source.objects.filter(committee=committee):
            count += index_source(source=source)
        return count


# --- query ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchHit:
    kind: str
    title_html: str
    snippet_html: str
    url: str
    rank: float

    @property
    def kind_label(self) -> str:
        return SearchPassage.Kind(self.kind).label


@dataclass(frozen=True)
class SearchResults:
    query: ParsedQuery
    hits: list[SearchHit]
    total: int
    capped: bool = False  # more than RANKED_MATCHES_CAP matched; the best of those are shown


def search(
    *, committee: Committee, text: str, kind: str = "", limit: int = RESULTS_LIMIT
) -> SearchResults:
    """The best passages of the committee for what the person typed, best first.

    ``kind`` ("guide" or "source") narrows the search to one kind of material.
    """
    query = parse_query(text)
    if not query:
        return SearchResults(query, [], 0)
    kind = kind if kind in SearchPassage.Kind.values else ""
    if connection.vendor == "postgresql":
        rows = _search_postgres(committee.pk, query, kind, limit)
    else:
        rows = _search_sqlite(committee.pk, query, kind, limit)
    guide = guide_url(committee)
    # A source page marks the words searched for; the query rides along in its link.
    marks = "?" + urlencode({"q": " ".join(query.terms)})
    hits = [
        SearchHit(
            kind=hit_kind,
            title_html=highlight_html(title),
            snippet_html=highlight_html(snippet),
            url=guide + url if hit_kind == SearchPassage.Kind.GUIDE else _with_query(url, marks),
            rank=float(rank),
        )
        for hit_kind, title, snippet, url, rank, _total in rows
    ]
    total = rows[0][5] if rows else 0
    if connection.vendor == "postgresql" and total > RANKED_MATCHES_CAP:
        return SearchResults(query, hits, RANKED_MATCHES_CAP, capped=True)
    return SearchResults(query, hits, total)


_HEADLINE_OPTIONS = (
    f"StartSel={MARK_START}, StopSel={MARK_STOP}, MaxWords=32, MinWords=14, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)

# Rank the matches (at most the cap, plus one to know it was reached) on the stored vector
# alone: ids and ranks are all the sort carries. Then read titles and bodies and build
# headlines only for the page shown: ts_headline re-parses the body and is the expensive
# part. The total counts the same matches (CTE used twice, so computed once).
_POSTGRES_SQL = f"""
WITH q AS (SELECT to_tsquery('english', %s) AS query),
matches AS (
    SELECT p.id, ts_rank_cd(p.search_vector, q.query) AS rank
    FROM {SearchPassage._meta.db_table} p, q
    WHERE p.committee_id = %s AND p.search_vector @@ q.query AND (%s = '' OR p.kind = %s)
    LIMIT {RANKED_MATCHES_CAP + 1}
),
best AS (SELECT id, rank FROM matches ORDER BY rank DESC, id LIMIT %s)
SELECT p.kind,
       ts_headline('english', p.title, q.query,
                   'HighlightAll=true, StartSel={MARK_START}, StopSel={MARK_STOP}'),
       ts_headline('english', p.body, q.query, %s),
       p.url, best.rank, (SELECT count(*) FROM matches)
FROM best JOIN {SearchPassage._meta.db_table} p ON p.id = best.id, q
ORDER BY best.rank DESC, best.id
"""


def _search_postgres(committee_id: int, query: ParsedQuery, kind: str, limit: int) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            _POSTGRES_SQL,
            [to_tsquery_text(query), committee_id, kind, kind, limit, _HEADLINE_OPTIONS],
        )
        return cursor.fetchall()


FTS_TABLE = f"{SearchPassage._meta.db_table}_fts"

# bm25 weights: a hit in the title counts eight times one in the body (PostgreSQL: A vs B).
# FTS5 refuses its ranking functions next to a window function, so the total is a scalar
# subquery (evaluated once).
_SQLITE_SQL = f"""
SELECT p.kind,
       highlight({FTS_TABLE}, 0, %s, %s),
       snippet({FTS_TABLE}, 1, %s, %s, ' … ', 28),
       p.url,
       -bm25({FTS_TABLE}, 8.0, 1.0) AS rank,
       (SELECT count(*) FROM {FTS_TABLE}
        JOIN {SearchPassage._meta.db_table} c ON c.id = {FTS_TABLE}.rowid
        WHERE {FTS_TABLE} MATCH %s AND c.committee_id = %s
              AND (%s = '' OR c.kind = %s)) AS total
FROM {FTS_TABLE}
JOIN {SearchPassage._meta.db_table} p ON p.id = {FTS_TABLE}.rowid
WHERE {FTS_TABLE} MATCH %s AND p.committee_id = %s AND (%s = '' OR p.kind = %s)
ORDER BY rank DESC, p.id
LIMIT %s
"""


def _search_sqlite(committee_id: int, query: ParsedQuery, kind: str, limit: int) -> list[tuple]:
    marks = [MARK_START, MARK_STOP]
    with connection.cursor() as cursor:
        match = to_fts5_match(query)
        cursor.execute(
            _SQLITE_SQL,
            [
                *marks,
                *marks,
                match,
                committee_id,
                kind,
                kind,
                match,
                committee_id,
                kind,
                kind,
                limit,
            ],
        )
        return cursor.fetchall()
