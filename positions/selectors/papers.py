"""Reads about position papers for checks, review, bibliography and export.

Each function costs a fixed number of queries whatever the number of papers, sections or
revisions (the chair overview is guarded by a test that adds papers and counts queries).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from committees.models import Committee, Delegation
from positions.engines.docx_export import Citation, PaperExport
from positions.engines.markdown import links
from positions.engines.paper_checks import (
    Finding,
    PaperCheck,
    PaperState,
    check_paper,
    closes_at,
    is_bibliography,
    paper_state,
)
from positions.engines.rubric import max_total
from positions.models import Block, Paper, PaperSettings, PaperSubmission

Sections = list[tuple[str, str]]


def settings_for(committee: Committee) -> PaperSettings:
    """The committee's paper settings; an unsaved default when the chair has set nothing yet."""
    found = PaperSettings.objects.filter(committee=committee).first()
    return found or PaperSettings(committee=committee)


def paper_sections(paper: Paper) -> Sections:
    """(title, current Markdown text) of each section, in order. One query."""
    rows = (
        Block.objects.filter(document_id=paper.document_id)
        .order_by("order", "pk")
        .values_list("title", "current_revision__text")
    )
    return [(title, text or "") for title, text in rows]


def submission_sections(submission: PaperSubmission) -> Sections:
    return [(item["title"], item["text"]) for item in submission.sections]


def paper_check(sections: Sections, paper_settings: PaperSettings) -> PaperCheck:
    return check_paper(sections, word_limit=paper_settings.word_limit or None)


def paper_citations(sections: Sections) -> list[Citation]:
    """Sources cited in the paper's text (links), each once, in order of first use.

    These are what the Bibliography gathers: the export adds any the delegates have not typed
    under Bibliography themselves.
    """
    seen: dict[str, Citation] = {}
    for title, text in sections:
        if is_bibliography(title):
            continue
        for link in links(text):
            if link.href not in seen:
                seen[link.href] = Citation(title=link.text.strip(), url=link.href)
    return list(seen.values())


_URL = re.compile(r"https?://[^\s)<>\]]+")


def uncited_in_bibliography(sections: Sections) -> list[Citation]:
    """Cited sources the delegates have not listed under Bibliography themselves.

    A source counts as listed when its exact URL or its title appears there (a URL that merely
    starts the same way, e.g. the site's home page, does not).
    """
    written = "\n".join(text for title, text in sections if is_bibliography(title))
    written_urls = {url.rstrip(".,;") for url in _URL.findall(written)}
    written_urls |= {link.href for link in links(written)}
    lowered = written.lower()
    return [
        citation
        for citation in paper_citations(sections)
        if citation.url not in written_urls and citation.title.lower() not in lowered
    ]


def missing_bibliography_lines(sections: Sections) -> list[str]:
    """Markdown list lines for cited sources not yet under Bibliography."""
    return [f"- [{c.title}]({c.url})" for c in uncited_in_bibliography(sections)]


def delegate_names(delegation: Delegation) -> list[str]:
    return [
        seat.user.get_full_name() or seat.user.username
        for seat in delegation.delegates.select_related("user").order_by("pk")
    ]


def export_data(paper: Paper, sections: Sections, *, status_note: str = "") -> PaperExport:
    committee = paper.committee
    return PaperExport(
        committee=f"{committee.name} ({committee.acronym})",
        topic=committee.topic,
        country=paper.delegation.country.name,
        delegates=delegate_names(paper.delegation),
        sections=sections,
        bibliography=uncited_in_bibliography(sections),
        status_note=status_note,
    )


@dataclass
class OverviewRow:
    delegation: Delegation
    paper: Paper | None
    state: PaperState
    words: int
    submission: PaperSubmission | None
    # Checks worth a chair's glance (empty sections, no citations, over the limit); none are
    # listed for a paper nobody has started.
    findings: list[Finding] = field(default_factory=list)

    @property
    def score(self) -> int | None:
        return self.submission.total_score if self.submission else None


@dataclass
class Overview:
    rows: list[OverviewRow]
    paper_settings: PaperSettings
    closes_at: datetime | None
    max_score: int

    def count(self, state: PaperState) -> int:
        return sum(1 for row in self.rows if row.state is state)

    @property
    def tally(self) -> list[tuple[PaperState, int]]:
        return [(state, self.count(state)) for state in PaperState]


def committee_overview(committee: Committee, *, now: datetime | None = None) -> Overview:
    """Every delegation with its paper's state, words and latest score: five queries in all."""
    now = now or timezone.now()
    paper_settings = settings_for(committee)
    delegations = list(committee.delegations.select_related("country").order_by("country__name"))
    papers = {
        paper.delegation_id: paper
        for paper in Paper.objects.filter(delegation__committee=committee).order_by("pk")
    }
    words: dict[int, Sections] = {}
    for document_id, title, text in Block.objects.filter(
        document_id__in=[paper.document_id for paper in papers.values()]
    ).values_list("document_id", "title", "current_revision__text"):
        words.setdefault(document_id, []).append((title, text or ""))
    latest = {
        submission.paper_id: submission
        for submission in PaperSubmission.objects.filter(
            paper__in=list(papers.values())
        ).latest_per_paper()
    }
    rows = []
    for delegation in delegations:
        paper = papers.get(delegation.pk)
        sections = words.get(paper.document_id, []) if paper else []
        submission = latest.get(paper.pk) if paper else None
        if submission and paper.status not in {"draft", "changes_requested"}:
            sections = submission_sections(submission)  # what the chair is judging
        check = paper_check(sections, paper_settings) if paper else None
        total = check.total_words if check else 0
        rows.append(
            OverviewRow(
                delegation=delegation,
                paper=paper,
                state=paper_state(
                    status=paper.status if paper else None,
                    has_text=total > 0,
                    deadline=paper_settings.deadline,
                    grace_minutes=paper_settings.grace_minutes,
                    now=now,
                ),
                words=total,
                submission=submission,
                findings=check.findings if check and total else [],
            )
        )
    return Overview(
        rows=rows,
        paper_settings=paper_settings,
        closes_at=closes_at(paper_settings.deadline, paper_settings.grace_minutes),
        max_score=max_total(paper_settings.rubric),
    )
