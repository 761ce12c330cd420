"""Tools beside the paper editor: checks, research with quotations, DOCX export, print view."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.text import slugify

from committees.access import committee_for
from positions.selectors.papers import (
    export_data,
    missing_bibliography_lines,
    paper_check,
    paper_citations,
    paper_sections,
    settings_for,
    uncited_in_bibliography,
)
from unodc_mun.http import HtmxHttpRequest

from ..engines.docx_export import build_docx
from ..engines.markdown import to_html
from ..engines.paper_checks import is_bibliography, paper_state
from ..services.research import research_hits
from .review import paper_for


def _status_note(paper) -> str:
    labels = {
        "draft": "Draft — not submitted",
        "changes_requested": "Reopened for changes",
        "submitted": "Submitted",
        "accepted": "Accepted",
    }
    return labels.get(paper.status, "")


def paper_checks(request: HtmxHttpRequest, slug: str, paper_id: int) -> HttpResponse:
    """The side panel: word counts against the limit, warnings, citations, submission."""
    committee, role, paper = paper_for(request, slug, paper_id)
    paper_settings = settings_for(committee)
    sections = paper_sections(paper)
    check = paper_check(sections, paper_settings)
    state = paper_state(
        status=paper.status,
        has_text=check.total_words > 0,
        deadline=paper_settings.deadline,
        grace_minutes=paper_settings.grace_minutes,
        now=timezone.now(),
    )
    context = {
        "committee": committee,
        "role": role,
        "paper": paper,
        "checks": check,
        "state": state,
        "paper_settings": paper_settings,
        "citations": paper_citations(sections),
        "bibliography_lines": "\n".join(missing_bibliography_lines(sections)),
        "can_submit": role.owns(paper.delegation) and paper.is_editable,
        "latest_submission": paper.submissions.order_by("-number").first(),
    }
    template = "positions/_paper_checks.html"
    if request.htmx:
        template += "#paper-checks"
    else:
        template = "positions/paper_checks_page.html"
    return render(request, template, context)


@dataclass(frozen=True)
class Quotation:
    kind_label: str
    title: str
    title_html: str
    snippet_html: str
    url: str

    @property
    def markdown(self) -> str:
        """What "insert quotation" puts into the section: the quote, then its linked source."""
        quote = re.sub(r"\s+", " ", self.quote_text).strip()
        title = self.title.replace("[", "(").replace("]", ")")
        return f"“{quote}” ([{title}]({self.url}))"

    @property
    def quote_text(self) -> str:
        return unescape(strip_tags(self.snippet_html))


def paper_research(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Search the committee's guide, sources and stances from beside the editor."""
    committee, role = committee_for(request, slug)
    text = request.GET.get("q", "").strip()[:200]
    hits = research_hits(committee=committee, text=text) if text else []
    quotations = [
        Quotation(
            kind_label=hit.kind_label,
            title=unescape(strip_tags(hit.title_html)),
            title_html=hit.title_html,
            snippet_html=hit.snippet_html,
            url=hit.url,
        )
        for hit in hits
    ]
    template = (
        "positions/_paper_research.html#research-results"
        if request.htmx
        else "positions/paper_research_page.html"  # the search also works without JavaScript
    )
    return render(
        request,
        template,
        {"committee": committee, "role": role, "query": text, "quotations": quotations},
    )


def _filename(paper, extension: str) -> str:
    stem = slugify(f"position paper {paper.delegation.country.name} {paper.committee.acronym}")
    return f"{stem}.{extension}"


def paper_docx(request: HtmxHttpRequest, slug: str, paper_id: int) -> HttpResponse:
    committee, role, paper = paper_for(request, slug, paper_id)
    data = export_data(paper, paper_sections(paper), status_note=_status_note(paper))
    response = HttpResponse(
        build_docx(data),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(paper, "docx")}"'
    return response


def paper_print(request: HtmxHttpRequest, slug: str, paper_id: int) -> HttpResponse:
    """A clean page for the browser's Print → Save as PDF."""
    committee, role, paper = paper_for(request, slug, paper_id)
    sections = paper_sections(paper)
    data = export_data(paper, sections, status_note=_status_note(paper))
    extra_citations = uncited_in_bibliography(sections)
    return render(
        request,
        "positions/paper_print.html",
        {
            "committee": committee,
            "role": role,
            "paper": paper,
            "data": data,
            "sections": [
                {"title": title, "html": to_html(text), "is_bibliography": is_bibliography(title)}
                for title, text in sections
                if text.strip() or (is_bibliography(title) and extra_citations)
            ],
            "has_bibliography_section": any(is_bibliography(title) for title, _ in sections),
            "extra_citations": extra_citations,
            "printed_on": date_format(timezone.localtime(), "j F Y"),
        },
    )
