"""The source library: list, read, add (admins), download the original, delete (admins)."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from committees.access import committee_for, require
from committees.engines.documents import DocumentError
from committees.engines.search_text import mark_terms_html, parse_query, split_paragraphs
from committees.forms.research import SourceEditForm, SourceForm
from committees.models import Source
from committees.services.sources import Upload, add_source, delete_source, update_source
from unodc_mun.http import HtmxHttpRequest


def source_list(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    committee, role = committee_for(request, slug)
    sources = list(Source.objects.filter(committee=committee).for_library())
    return render(
        request,
        "committees/sources/list.html",
        {"committee": committee, "role": role, "sources": sources},
    )


@require_http_methods(["GET", "POST"])
def source_add(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    committee, role = committee_for(request, slug)
    require(role.is_admin, gettext("Only the secretariat adds sources."))
    form = SourceForm(request.POST or None, request.FILES or None, committee=committee)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = None
        if data["file"]:
            upload = Upload(filename=data["file"].name, data=data["file"].read())
        try:
            source = add_source(
                committee=committee,
                title=data["title"],
                text=data["text"],
                upload=upload,
                publisher=data["publisher"],
                published_on=data["published_on"],
                url=data["url"],
                added_by=request.user,
            )
        except DocumentError as error:
            form.add_error("file" if upload else "text", error.message)
        else:
            messages.success(
                request,
                gettext("Added “%(title)s” (%(word_count)s words).")
                % {"title": source.title, "word_count": source.word_count},
            )
            return redirect(source)
    return render(
        request,
        "committees/sources/add.html",
        {
            "committee": committee,
            "role": role,
            "form": form,
            # Browsers never refill a file input: say so when the form comes back.
            "file_was_chosen": bool(request.FILES.get("file")),
        },
    )


def source_detail(request: HtmxHttpRequest, slug: str, source_id: int) -> HttpResponse:
    committee, role = committee_for(request, slug)
    source = get_object_or_404(
        Source.objects.select_related("added_by"), committee=committee, pk=source_id
    )
    # Arriving from a search (?q=...), the words searched for are marked on the page.
    query = parse_query(request.GET.get("q", "")[:200])
    paragraphs = [
        (paragraph, mark_terms_html(paragraph.text, query.terms))
        for paragraph in split_paragraphs(source.text)
    ]
    return render(
        request,
        "committees/sources/detail.html",
        {
            "committee": committee,
            "role": role,
            "source": source,
            "paragraphs": paragraphs,
            "marked": query.terms,
        },
    )


@require_http_methods(["GET", "POST"])
def source_edit(request: HtmxHttpRequest, slug: str, source_id: int) -> HttpResponse:
    committee, role = committee_for(request, slug)
    source = get_object_or_404(Source, committee=committee, pk=source_id)
    require(role.is_admin, gettext("Only the secretariat corrects sources."))
    initial = {
        "title": source.title,
        "publisher": source.publisher,
        "published_on": source.published_on,
        "url": source.url,
        "text": source.text,
    }
    form = SourceEditForm(request.POST or None, initial=initial, committee=committee, source=source)
    if request.method == "POST" and form.is_valid():
        try:
            update_source(source=source, **form.cleaned_data)
        except DocumentError as error:
            form.add_error("text", error.message)
        else:
            messages.success(request, gettext("Saved “%(title)s”.") % {"title": source.title})
            return redirect(source)
    return render(
        request,
        "committees/sources/edit.html",
        {"committee": committee, "role": role, "source": source, "form": form},
    )


def source_file(request: HtmxHttpRequest, slug: str, source_id: int) -> FileResponse:
    committee, _role = committee_for(request, slug)
    source = get_object_or_404(Source, committee=committee, pk=source_id)
    if not source.original_file:
        raise Http404(gettext("This source was pasted, not uploaded."))
    return FileResponse(
        source.original_file.open("rb"),
        as_attachment=True,
        filename=source.original_filename or source.original_file.name.rsplit("/", 1)[-1],
    )


@require_POST
def source_delete(request: HtmxHttpRequest, slug: str, source_id: int) -> HttpResponse:
    committee, role = committee_for(request, slug)
    source = get_object_or_404(Source, committee=committee, pk=source_id)
    require(role.is_admin, gettext("Only the secretariat removes sources."))
    title = source.title
    delete_source(source=source)
    messages.success(request, gettext("Removed “%(title)s”.") % {"title": title})
    return redirect("committees:sources", slug=committee.slug)
