"""The committee guide: reader, original download, and the admins' upload → preview → confirm."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from committees.access import committee_for, require
from committees.engines.documents import MAX_BYTES, SUPPORTED_EXTENSIONS
from committees.engines.guide_html import chart_svg, legend_html, text_to_html
from committees.engines.guide_reader.edit import OPS, editable, materialize
from committees.models import Country, Guide, GuideEdit
from committees.services.guide_edits import (
    EditError,
    correct_guide,
    correct_pending_import,
    guide_structure,
)
from committees.services.guides import (
    GuideImportError,
    confirm_pending_import,
    discard_pending_import,
    parse_upload,
    pending_import_for,
    start_pending_import,
)
from unodc_mun import fragments
from unodc_mun.http import HtmxHttpRequest

ACCEPT = ",".join(SUPPORTED_EXTENSIONS)


def guide(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    committee, role = committee_for(request, slug)
    current = Guide.objects.filter(committee=committee).select_related("imported_by").first()
    context = {"committee": committee, "role": role, "guide": current}
    if current is not None:
        # The body is the same for every reader: rendered once per guide version (and
        # language); the role's buttons and notes around it are not part of it.
        context["parts"] = fragments.cached(
            "guide", (current.pk, current.version), lambda: _guide_parts(current)
        )
    return render(request, "committees/guide.html", context)


def _guide_parts(current: Guide) -> dict[str, str]:
    sections = list(current.sections.all())
    links = list(current.links.all())
    tables = list(current.tables.all())
    countries = list(current.countries.select_related("country", "section"))
    facts = list(current.facts.select_related("section").only("section__anchor"))
    by_parent: dict[int | None, list] = {}
    by_id = {}
    for section in sections:
        section.child_sections = []
        section.stat_tables = []
        section.section_links = []
        by_id[section.pk] = section
        by_parent.setdefault(section.parent_id, []).append(section)
    for section in sections:
        section.child_sections = by_parent.get(section.pk, [])
    for link in links:
        if link.section_id in by_id:
            by_id[link.section_id].section_links.append(link)
    for table in tables:
        table.chart = mark_safe(  # noqa: S308 - every text is escaped by chart_svg
            chart_svg(
                caption=table.caption,
                columns=table.columns,
                rows=table.rows,
                chart_id=f"chart-{table.pk}",
            )
        )
        table.legend = mark_safe(legend_html(table.rows))  # noqa: S308 - escaped inside
        if table.section_id in by_id:
            by_id[table.section_id].stat_tables.append(table)
    for section in sections:
        lines = [line.strip() for line in section.text.splitlines() if line.strip()]
        # A list made only of URLs reads better as the titled link list.
        section.only_links = bool(section.section_links) and all(
            line.startswith("- http") for line in lines
        )
        section.html = mark_safe(text_to_html(section.text))  # noqa: S308 - escaped inside
    unplaced_tables = [t for t in tables if t.section_id not in by_id]
    context = {
        "guide": current,
        "sections": by_parent.get(None, []),
        "links": links,
        "countries": countries,
        "facts_count": len(facts),
        # The facts are bullet lists inside their sections; the summary links to the first.
        "facts_anchor": next((f.section.anchor for f in facts if f.section_id), ""),
        "unplaced_tables": unplaced_tables,
    }
    return {
        name: mark_safe(  # noqa: S308 - rendered by the template engine, escaped there
            render_to_string(f"committees/guide.html#guide-{name}", context)
        )
        for name in ("toc", "meta", "content")
    }


def guide_original(request: HtmxHttpRequest, slug: str) -> FileResponse:
    committee, _role = committee_for(request, slug)
    current = Guide.objects.filter(committee=committee).first()
    if current is None or not current.original:
        raise Http404(gettext("This committee has no guide yet."))
    try:
        handle = current.original.open("rb")
    except FileNotFoundError as missing:
        raise Http404(gettext("The original file is no longer stored.")) from missing
    return FileResponse(handle, as_attachment=True, filename=current.original_name)


@require_http_methods(["GET", "POST"])
def guide_import(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    committee, role = committee_for(request, slug)
    require(role.is_admin, gettext("Only the secretariat imports guides."))
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = gettext("Choose a guide file to upload.")
        elif upload.size > MAX_BYTES:
            error = f"“{upload.name}” is {upload.size / 1048576:.1f} MB; the limit is 10 MB."
        else:
            try:
                pending, _structure = start_pending_import(
                    committee=committee, user=request.user, filename=upload.name, data=upload.read()
                )
            except GuideImportError as problem:
                error = problem.message
            else:
                return redirect(
                    "committees:guide_preview", slug=committee.slug, token=pending.token
                )
    current = Guide.objects.filter(committee=committee).first()
    return render(
        request,
        "committees/guide_import.html",
        {
            "committee": committee,
            "role": role,
            "guide": current,
            "error": error,
            "accept": ACCEPT,
        },
        status=400 if error else 200,
    )


@require_http_methods(["GET", "POST"])
def guide_preview(request: HtmxHttpRequest, slug: str, token) -> HttpResponse:
    committee, role = committee_for(request, slug)
    require(role.is_admin, gettext("Only the secretariat imports guides."))
    pending = pending_import_for(committee=committee, user=request.user, token=token)
    if pending is None:
        messages.warning(
            request, gettext("That upload has expired or was already used. Upload it again.")
        )
        return redirect("committees:guide_import", slug=committee.slug)
    if request.method == "POST":
        if request.POST.get("action") == "discard":
            discard_pending_import(pending=pending)
            messages.info(request, gettext("The upload was discarded; nothing changed."))
            return redirect("committees:guide_import", slug=committee.slug)
        try:
            result = confirm_pending_import(pending=pending, user=request.user)
        except GuideImportError as problem:
            messages.error(request, problem.message)
            return redirect("committees:guide_import", slug=committee.slug)
        messages.success(
            request,
            (
                gettext(
                    "Guide replaced: %(section_count)s sections, %(value_count)s links, "
                    "%(value_count2)s statistics tables."
                )
                if result.replaced
                else gettext(
                    "Guide imported: %(section_count)s sections, %(value_count)s links, "
                    "%(value_count2)s statistics tables."
                )
            )
            % {
                "section_count": result.section_count,
                "value_count": len(result.structure["links"]),
                "value_count2": len(result.structure["tables"]),
            },
        )
        return redirect("committees:guide", slug=committee.slug)
    try:
        corrected = editable(
            pending.structure or parse_upload(filename=pending.filename, data=bytes(pending.data))
        )
    except GuideImportError as problem:  # the parser changed since the upload
        messages.error(request, problem.message)
        return redirect("committees:guide_import", slug=committee.slug)
    structure = materialize(corrected)
    for table in structure["tables"]:
        table["chart"] = mark_safe(  # noqa: S308 - escaped inside
            chart_svg(
                caption=table["caption"],
                columns=table["columns"],
                rows=table["rows"],
                chart_id=f"preview-{structure['tables'].index(table)}",
            )
        )
        table["legend"] = mark_safe(legend_html(table["rows"]))  # noqa: S308 - escaped inside
    current = Guide.objects.filter(committee=committee).first()
    return render(
        request,
        "committees/guide_preview.html",
        {
            "committee": committee,
            "role": role,
            "pending": pending,
            "s": structure,
            "guide": current,
            "confirm_url": reverse(
                "committees:guide_preview", kwargs={"slug": committee.slug, "token": pending.token}
            ),
            "editor": _editor(
                corrected,
                reverse(
                    "committees:guide_preview_edit",
                    kwargs={"slug": committee.slug, "token": pending.token},
                ),
            ),
        },
    )


# --- corrections ------------------------------------------------------------------------------


def _editor(structure: dict, url: str, *, notice: str = "", error: str = "") -> dict:
    rows = []
    for entry in structure["outline"]:
        paragraphs = [p for p in entry["text"].split("\n\n") if p.strip()]
        rows.append(
            {
                **entry,
                "words": len(entry["text"].split()),
                "paragraphs": [
                    " ".join(p.split()[:14]) + ("…" if len(p.split()) > 14 else "")
                    for p in paragraphs
                ],
            }
        )
    return {
        "s": structure,
        "rows": rows,
        "url": url,
        "notice": notice,
        "error": error,
        "countries": list(Country.objects.order_by("name").values_list("iso3", "name")),
    }


def _correction_args(request) -> tuple[str, dict]:
    op = request.POST.get("op", "")
    args = {k: v for k, v in request.POST.items() if k not in ("op", "csrfmiddlewaretoken")}
    return op, args


@require_http_methods(["POST"])
def guide_preview_edit(request: HtmxHttpRequest, slug: str, token) -> HttpResponse:
    committee, role = committee_for(request, slug)
    require(role.is_admin, gettext("Only the secretariat imports guides."))
    pending = pending_import_for(committee=committee, user=request.user, token=token)
    if pending is None:
        messages.warning(
            request, gettext("That upload has expired or was already used. Upload it again.")
        )
        return redirect("committees:guide_import", slug=committee.slug)
    op, args = _correction_args(request)
    url = reverse("committees:guide_preview_edit", kwargs={"slug": slug, "token": token})
    notice = error = ""
    try:
        if op not in OPS:
            raise EditError(gettext("Unknown correction."))
        correction = correct_pending_import(pending=pending, user=request.user, op=op, args=args)
        structure, notice = correction.structure, correction.summary
    except EditError as problem:
        error = problem.message
        structure = editable(
            pending.structure or parse_upload(filename=pending.filename, data=bytes(pending.data))
        )
    if not request.htmx:
        (messages.error if error else messages.success)(request, error or notice)
        return redirect("committees:guide_preview", slug=slug, token=token)
    response = render(
        request,
        "committees/guide_editor.html#guide-editor",
        {"editor": _editor(structure, url, notice=notice, error=error)},
        status=400 if error else 200,
    )
    response["HX-Trigger"] = "guide-corrected"
    return response


@require_http_methods(["GET", "POST"])
def guide_edit(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Correct the imported guide: the committee's chairs and the secretariat."""
    committee, role = committee_for(request, slug)
    require(
        role.can_moderate,
        gettext("Only this committee's chairs and the secretariat correct the guide."),
    )
    current = Guide.objects.filter(committee=committee).first()
    if current is None:
        raise Http404(gettext("This committee has no guide yet."))
    url = reverse("committees:guide_edit", kwargs={"slug": slug})
    notice = error = ""
    structure = None
    if request.method == "POST":
        op, args = _correction_args(request)
        try:
            if op not in OPS:
                raise EditError(gettext("Unknown correction."))
            correction = correct_guide(guide=current, user=request.user, op=op, args=args)
            structure, notice = correction.structure, correction.summary
        except EditError as problem:
            error = problem.message
        if not request.htmx:
            (messages.error if error else messages.success)(request, error or notice)
            return redirect("committees:guide_edit", slug=slug)
        if structure is None:
            structure = guide_structure(current)
        response = render(
            request,
            "committees/guide_editor.html#guide-editor",
            {"editor": _editor(structure, url, notice=notice, error=error)},
            status=400 if error else 200,
        )
        response["HX-Trigger"] = "guide-corrected"
        return response
    history = list(GuideEdit.objects.filter(committee=committee).select_related("user")[:30])
    return render(
        request,
        "committees/guide_edit.html",
        {
            "committee": committee,
            "role": role,
            "guide": current,
            "editor": _editor(guide_structure(current), url),
            "history": history,
        },
    )
