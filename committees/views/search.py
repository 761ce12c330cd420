"""Search across the committee's guide and sources, as you type."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from committees.access import committee_for
from committees.models import SearchPassage
from committees.services.search import search as run_search
from unodc_mun.http import HtmxHttpRequest

MAX_QUERY_LENGTH = 200


def search(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    committee, role = committee_for(request, slug)
    text = request.GET.get("q", "")[:MAX_QUERY_LENGTH]
    kind = request.GET.get("kind", "")
    kind = kind if kind in SearchPassage.Kind.values else ""
    results = run_search(committee=committee, text=text, kind=kind)
    template = "committees/search.html"
    if request.htmx and request.htmx.target == "search-results":
        template += "#search-results"
    return render(
        request,
        template,
        {
            "committee": committee,
            "role": role,
            "q": text,
            "kind": kind,
            "kinds": [("", "Everything"), ("guide", "The guide"), ("source", "Sources")],
            "results": results,
        },
    )
