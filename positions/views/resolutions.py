"""Draft resolution pages: the list, the resolution page, the sponsors' drafting view, the
amendment form, and the exports (DOCX and print).

Every write is a POST that answers with the updated ``#resolution-live`` partial when htmx sent
it, or redirects back to the page otherwise: the pages work without JavaScript too.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from committees.access import committee_for, require, require_moderator
from positions.access import can_draft, require_delegate, require_sponsor, resolution_for
from positions.engines import resolution_docx
from positions.models import Amendment, Clause, DraftResolution, Sponsorship
from positions.models.resolutions import clause_tree
from positions.selectors import resolutions as pages
from positions.services import amendments as amendment_service
from positions.services import clause_text
from positions.services import resolutions as drafts
from unodc_mun.http import HtmxHttpRequest

# --- list ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def resolution_list(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    committee, role = committee_for(request, slug)
    error = ""
    title = ""
    if request.method == "POST":
        require_delegate(role)
        title = request.POST.get("title", "")
        try:
            resolution = drafts.create_draft(
                committee=committee, title=title, sponsor=role.delegation, by=request.user
            )
        except drafts.ResolutionError as exc:
            error = str(exc)
        else:
            messages.success(request, gettext("Working paper created: add its clauses."))
            return redirect("resolutions:draft", slug=slug, pk=resolution.pk)
    rows = (
        pages.shown_resolution_rows(committee)
        if request.method == "GET"
        else pages.resolution_rows(committee)
    )
    return render(
        request,
        "positions/resolutions/list.html",
        {
            "committee": committee,
            "role": role,
            "rows": rows,
            "error": error,
            "title_value": title,
        },
        status=400 if error else 200,
    )


# --- the resolution page ---------------------------------------------------------------------


def _render_page(request, committee, role, resolution, *, status=200, error=""):
    context = pages.resolution_context(committee, role, resolution, user=request.user)
    context["error"] = error
    template = "positions/resolutions/detail.html"
    if request.htmx:
        template += "#resolution-live"
    return render(request, template, context, status=status)


@require_GET
def resolution_detail(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    committee, role, resolution = resolution_for(request, slug, pk)
    if request.htmx and request.GET.get("v"):
        # Polling: one indexed query answers "nothing new" with 204.
        version = (
            DraftResolution.objects.filter(pk=resolution.pk).values_list("version", flat=True)
        ).first()
        if str(version) == request.GET["v"]:
            # The ballot box polls the vote on its own; this region changes with the draft.
            return HttpResponse(status=204)
    return _render_page(request, committee, role, resolution)


def _after_write(request, committee, role, resolution, *, ok: str = "", error: str = ""):
    """Answer a POST: the live partial for htmx, a redirect (with a message) otherwise."""
    if request.htmx:
        resolution.refresh_from_db()
        response = _render_page(
            request, committee, role, resolution, status=400 if error else 200, error=error
        )
        response["HX-Trigger"] = "resolution-changed"
        return response
    if error:
        messages.error(request, error)
    elif ok:
        messages.success(request, ok)
    return redirect("resolutions:detail", slug=committee.slug, pk=resolution.pk)


@require_POST
def support(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Sponsor, sign or withdraw — always for the person's own delegation."""
    committee, role, resolution = resolution_for(request, slug, pk)
    require_delegate(role)
    action = request.POST.get("action", "")
    try:
        if action in Sponsorship.Role.values:
            drafts.support(
                resolution=resolution, delegation=role.delegation, role=action, by=request.user
            )
            ok = gettext("Sponsored.") if action == "sponsor" else gettext("Signed.")
        elif action == "withdraw":
            drafts.withdraw_support(resolution=resolution, delegation=role.delegation)
            ok = gettext("Your delegation's name was taken off the draft.")
        else:
            return _after_write(
                request, committee, role, resolution, error=gettext("Unknown action.")
            )
    except drafts.ResolutionError as exc:
        return _after_write(request, committee, role, resolution, error=str(exc))
    return _after_write(request, committee, role, resolution, ok=ok)


@require_POST
def submit(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    committee, role, resolution = resolution_for(request, slug, pk)
    require_sponsor(role, resolution)
    if request.POST.get("action") == "reopen":
        try:
            drafts.reopen(resolution=resolution)
        except drafts.ResolutionError as exc:
            return _after_write(request, committee, role, resolution, error=str(exc))
        return _after_write(
            request,
            committee,
            role,
            resolution,
            ok=gettext("Reopened: edit it and submit it again."),
        )
    try:
        drafts.submit(resolution=resolution)
    except drafts.ResolutionError as exc:
        return _after_write(request, committee, role, resolution, error=str(exc))
    return _after_write(
        request, committee, role, resolution, ok=gettext("Submitted: the chair will review it.")
    )


CHAIR_ACTIONS = {
    "approve": (drafts.approve, gettext_lazy("Approved: the draft has its symbol.")),
    "return": (
        drafts.return_to_sponsors,
        gettext_lazy("Returned to its sponsors as a working paper."),
    ),
    "introduce": (drafts.introduce, gettext_lazy("Introduced: amendments may now be proposed.")),
}


CHECKED_ACTIONS = {
    "approve": gettext_lazy("Approve anyway"),
    "vote": gettext_lazy("Put to the vote anyway"),
}


@require_GET
def decision_checks(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Before approving a draft or putting it to the vote: its errors and clause-order
    problems, and a confirmation (the chair may go on, or send it back to its sponsors)."""
    committee, role, resolution = resolution_for(request, slug, pk)
    require_moderator(role)
    action = request.GET.get("action", "approve")
    if action not in CHECKED_ACTIONS:
        action = "approve"
    findings = pages.decision_checks(resolution)
    return render(
        request,
        "positions/resolutions/checks.html",
        {
            "committee": committee,
            "role": role,
            "resolution": resolution,
            "findings": findings,
            "action": action,
            "confirm_label": CHECKED_ACTIONS[action],
        },
    )


@require_POST
def chair_action(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    committee, role, resolution = resolution_for(request, slug, pk)
    action = request.POST.get("action", "")
    try:
        if action == "withdraw":
            # The sponsors withdraw their draft; the chair may record it.
            require(
                role.can_moderate or pages.is_sponsor(resolution, role.delegation),
                gettext("Only the sponsors or the chair can withdraw a draft."),
            )
            drafts.withdraw(resolution=resolution)
            return _after_write(
                request, committee, role, resolution, ok=gettext("Draft withdrawn.")
            )
        require_moderator(role)
        unconfirmed = action in CHECKED_ACTIONS and request.POST.get("confirm") != "1"
        if unconfirmed and pages.decision_checks(resolution):
            # The chair sees the checker's errors first and confirms to go on.
            target = (
                reverse("resolutions:checks", args=[committee.slug, resolution.pk])
                + f"?action={action}"
            )
            if request.htmx:
                response = HttpResponse(status=204)
                response["HX-Redirect"] = target
                return response
            return redirect(target)
        if action == "vote":
            drafts.put_to_vote(resolution=resolution, by=request.user)
            return _after_write(
                request,
                committee,
                role,
                resolution,
                ok=gettext("The draft is in the voting queue."),
            )
        if action not in CHAIR_ACTIONS:
            return _after_write(
                request, committee, role, resolution, error=gettext("Unknown action.")
            )
        service, ok = CHAIR_ACTIONS[action]
        service(resolution=resolution)
    except drafts.ResolutionError as exc:
        return _after_write(request, committee, role, resolution, error=str(exc))
    return _after_write(request, committee, role, resolution, ok=ok)


@require_POST
def waive_signatures(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    committee, role, resolution = resolution_for(request, slug, pk)
    require_moderator(role)
    try:
        drafts.waive_signatures(
            resolution=resolution, reason=request.POST.get("reason", ""), by=request.user
        )
    except drafts.ResolutionError as exc:
        return _after_write(request, committee, role, resolution, error=str(exc))
    return _after_write(
        request,
        committee,
        role,
        resolution,
        ok=gettext("Signature threshold waived; the reason is on record."),
    )


# --- amendments ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def amendment_new(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    committee, role, resolution = resolution_for(request, slug, pk)
    require_delegate(role)
    amends = (request.POST if request.method == "POST" else request.GET).get("amends", "")
    if amends:
        return _second_degree_form(request, committee, role, resolution, amends)
    clauses = list(resolution.clauses.filter(struck=False).order_by("order", "pk"))
    tree = clause_tree(clauses)
    amendable = {str(k) for k in pages.rules_for(committee).amendable_clauses}
    data = request.POST if request.method == "POST" else request.GET
    kind = data.get("kind", Amendment.Kind.MODIFY)
    clause = None
    clause_id = data.get("clause", "")
    if clause_id:
        clause = next((c for c in clauses if str(c.pk) == clause_id), None)
    text = data.get("text")
    if text is None:
        text = clause.text if clause is not None and kind == Amendment.Kind.MODIFY else ""
    friendly = data.get("friendly", "1") == "1"
    error = ""
    if request.method == "POST":
        if clause_id and clause is None:
            error = gettext("That clause is not in this draft.")
        else:
            try:
                amendment_service.propose(
                    resolution=resolution,
                    delegation=role.delegation,
                    kind=kind,
                    clause=clause,
                    text=text,
                    friendly=friendly,
                    by=request.user,
                )
            except amendment_service.AmendmentError as exc:
                error = str(exc)
            else:
                messages.success(request, gettext("Amendment proposed."))
                return redirect("resolutions:detail", slug=slug, pk=pk)
    return render(
        request,
        "positions/resolutions/amendment_form.html",
        {
            "committee": committee,
            "role": role,
            "resolution": resolution,
            # The clauses the committee's rules let delegates amend.
            "options": [
                (n.clause.pk, n.label or "preamble", n.clause.text)
                for n in tree
                if n.kind in amendable
            ],
            "kind": kind,
            "clause": clause,
            "text": text,
            "friendly": friendly,
            "error": error,
            "kinds": Amendment.Kind.choices,
        },
        status=400 if error else 200,
    )


def _second_degree_form(request, committee, role, resolution, amends: str) -> HttpResponse:
    """Amend an amendment (where the rules allow it): the form starts from its text."""
    parent = get_object_or_404(
        Amendment.objects.select_related("delegation__country"),
        pk=amends if amends.isdigit() else 0,
        resolution=resolution,
    )
    text = request.POST.get("text") if request.method == "POST" else None
    error = ""
    if request.method == "POST":
        try:
            amendment_service.propose_second_degree(
                amendment=parent, delegation=role.delegation, text=text, by=request.user
            )
        except amendment_service.AmendmentError as exc:
            error = str(exc)
        else:
            messages.success(request, gettext("Amendment to the amendment proposed."))
            return redirect("resolutions:detail", slug=committee.slug, pk=resolution.pk)
    return render(
        request,
        "positions/resolutions/amendment_form.html",
        {
            "committee": committee,
            "role": role,
            "resolution": resolution,
            "parent": parent,
            "text": parent.text if text is None else text,
            "error": error,
        },
        status=400 if error else 200,
    )


DELEGATE_AMENDMENT_ACTIONS = {"sign", "unsign", "accept", "decline", "withdraw", "update"}
CHAIR_AMENDMENT_ACTIONS = {"confirm", "approve"}


@require_POST
def amendment_action(
    request: HtmxHttpRequest, slug: str, pk: int, amendment_id: int
) -> HttpResponse:
    committee, role, resolution = resolution_for(request, slug, pk)
    amendment = get_object_or_404(
        Amendment.objects.select_related("delegation__country"),
        pk=amendment_id,
        resolution=resolution,
    )
    action = request.POST.get("action", "")
    service = amendment_service
    try:
        if action in CHAIR_AMENDMENT_ACTIONS:
            require_moderator(role)
            if action == "confirm":
                service.confirm_friendly(amendment=amendment, by=request.user)
                ok = gettext("Friendly amendment applied to the draft.")
            else:
                service.approve_for_debate(amendment=amendment, by=request.user)
                ok = gettext("Amendment approved for debate: it is in the voting queue.")
        elif action in DELEGATE_AMENDMENT_ACTIONS:
            require_delegate(role)
            delegation = role.delegation
            own = amendment.delegation_id == delegation.pk
            if action in ("withdraw", "update"):
                require(own, gettext("Only the proposing delegation can change its amendment."))
            if action == "sign":
                service.sign(amendment=amendment, delegation=delegation, by=request.user)
                ok = gettext("Signed.")
            elif action == "unsign":
                service.unsign(amendment=amendment, delegation=delegation)
                ok = gettext("Signature withdrawn.")
            elif action == "accept":
                service.accept(amendment=amendment, delegation=delegation, by=request.user)
                ok = gettext("Accepted as friendly.")
            elif action == "decline":
                service.decline(amendment=amendment, delegation=delegation)
                ok = gettext("Declined: the amendment is now unfriendly and needs signatures.")
            elif action == "withdraw":
                service.withdraw(amendment=amendment)
                ok = gettext("Amendment withdrawn.")
            else:
                outcome = service.update_text(
                    amendment=amendment,
                    text=request.POST.get("text", ""),
                    by=request.user,
                    base_revision_id=request.POST.get("base_revision", ""),
                    client_op_id=request.POST.get("op", ""),
                )
                ok = outcome.message
                if outcome.status == "conflict":
                    return _after_write(
                        request,
                        committee,
                        role,
                        resolution,
                        error=gettext(
                            "A colleague changed the same words of this amendment. Your text is kept in the box below: compare and save again."
                        ),
                    )
        else:
            return _after_write(
                request, committee, role, resolution, error=gettext("Unknown action.")
            )
    except service.AmendmentError as exc:
        return _after_write(request, committee, role, resolution, error=str(exc))
    return _after_write(request, committee, role, resolution, ok=ok)


# --- the sponsors' drafting view -------------------------------------------------------------


@require_GET
def draft_view(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    committee, role, resolution = resolution_for(request, slug, pk)
    if request.htmx and request.GET.get("v"):
        # Polling: who else is editing which clause (a hint, never a lock), and whether a
        # colleague changed the draft — without touching the text areas being typed in.
        if not can_draft(role, resolution, pages.sponsor_ids(resolution)):
            return HttpResponse(status=204)
        presence = clause_text.record_presence(
            resolution, user=request.user, editing=request.GET.get("editing", "")
        )
        return render(
            request,
            "positions/resolutions/draft.html#draft-updates",
            {
                "committee": committee,
                "resolution": resolution,
                "changed_by_others": str(resolution.version) != request.GET["v"],
                "presence": presence,
                "poll_version": request.GET["v"],
            },
        )
    context = pages.drafting_context(committee, role, resolution, user=request.user)
    if not context["can_draft"]:
        if resolution.is_editable:
            raise PermissionDenied(gettext("Only the draft's sponsors can change its text."))
        if resolution.status == DraftResolution.Status.MERGED:
            messages.info(
                request, gettext("This paper was merged into another one: edit that one.")
            )
        else:
            messages.info(request, gettext("The text is now changed only through amendments."))
        return redirect("resolutions:detail", slug=slug, pk=pk)
    return render(request, "positions/resolutions/draft.html", context)


def _drafting_guard(request, slug, pk):
    committee, role, resolution = resolution_for(request, slug, pk)
    require_sponsor(role, resolution)
    return committee, role, resolution


def _after_draft_write(request, committee, resolution, *, ok="", error="", anchor=""):
    if error:
        messages.error(request, error)
    elif ok:
        messages.success(request, ok)
    url = reverse("resolutions:draft", kwargs={"slug": committee.slug, "pk": resolution.pk})
    return redirect(f"{url}#{anchor}" if anchor else url)


@require_POST
def clause_add(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    committee, role, resolution = _drafting_guard(request, slug, pk)
    parent = None
    parent_id = request.POST.get("parent", "")
    if parent_id:
        parent = Clause.objects.filter(pk=parent_id if parent_id.isdigit() else 0).first()
        if parent is None or parent.resolution_id != resolution.pk:
            if request.htmx:
                return _announce_error(request, committee, resolution, gettext("No such clause."))
            return _after_draft_write(
                request, committee, resolution, error=gettext("No such clause.")
            )
    try:
        clause = drafts.add_clause(
            resolution=resolution,
            kind=request.POST.get("kind", ""),
            text=request.POST.get("text", ""),
            parent=parent,
        )
    except drafts.ResolutionError as exc:
        if request.htmx and parent is not None:
            # The sub-clause box keeps what was typed: only the message changes.
            return _announce_error(request, committee, resolution, str(exc))
        if request.htmx:
            response = HttpResponse(
                f'<p id="add-clause-status" class="message message--error" role="alert">'
                f"{escape(str(exc))}</p>"
            )
            response["HX-Retarget"] = "#add-clause-status"
            response["HX-Reswap"] = "outerHTML"
            return response
        return _after_draft_write(request, committee, resolution, error=str(exc))
    if request.htmx and parent is None:
        return _clause_added_in_place(request, committee, role, resolution, clause)
    if request.htmx:
        return _clause_list(
            request,
            committee,
            role,
            resolution,
            focus=f"clause-text-{clause.pk}",
            announce=lambda where: (
                gettext("Sub-clause added: %(where)s.") % {"where": where(clause.pk)}
            ),
        )
    return _after_draft_write(
        request, committee, resolution, ok=gettext("Clause added."), anchor=f"clause-{clause.pk}"
    )


def _clause_added_in_place(request, committee, role, resolution, clause):
    """A new top-level clause, put in its place without a reload: operative clauses at the
    end, preambulatory ones after the last preambulatory clause (the preamble comes first)."""
    context, node = _drafting_node(request, committee, role, resolution, clause.pk)
    html = render_to_string(
        "positions/resolutions/_draft_clause.html", {**context, "node": node}, request=request
    )
    html += (
        '<p id="add-clause-status" class="help" role="status" aria-live="polite" '
        'hx-swap-oob="true">Clause added.</p>'
    )
    html += _findings_oob(request, context)
    html += _version_oob(request, committee, resolution)
    response = HttpResponse(html)
    if clause.kind == Clause.Kind.PREAMBULATORY:
        previous = [n for n in context["top"] if n.kind == Clause.Kind.PREAMBULATORY]
        previous = [n for n in previous if n.clause.pk != clause.pk]
        if previous:
            response["HX-Retarget"] = f"#clause-{previous[-1].clause.pk}"
            response["HX-Reswap"] = "afterend"
        else:
            response["HX-Reswap"] = "afterbegin"
    response["HX-Trigger"] = "clause-added"
    return response


@require_POST
def clause_paste(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    committee, role, resolution = _drafting_guard(request, slug, pk)
    try:
        count = drafts.add_pasted_clauses(resolution=resolution, text=request.POST.get("text", ""))
    except drafts.ResolutionError as exc:
        return _after_draft_write(request, committee, resolution, error=str(exc), anchor="paste")
    return _after_draft_write(
        request, committee, resolution, ok=f"{count} clause{'s' if count != 1 else ''} added."
    )


def _clause_of(resolution, clause_id) -> Clause:
    return get_object_or_404(Clause, pk=clause_id, resolution=resolution)


@require_POST
def clause_save(request: HtmxHttpRequest, slug: str, pk: int, clause_id: int) -> HttpResponse:
    committee, role, resolution = _drafting_guard(request, slug, pk)
    clause = _clause_of(resolution, clause_id)
    try:
        outcome = clause_text.save_clause(
            clause=clause,
            user=request.user,
            text=request.POST.get("text", ""),
            base_revision_id=request.POST.get("base_revision", ""),
            client_op_id=request.POST.get("op", ""),
        )
    except (drafts.ResolutionError, clause_text.ClauseTextError) as exc:
        return _after_draft_write(
            request, committee, resolution, error=str(exc), anchor=f"clause-{clause.pk}"
        )
    if outcome.status == "conflict":
        if request.htmx:
            # The person's text is kept as their draft: the page shows the conflict view.
            messages.error(request, outcome.message)
            response = HttpResponse(status=204)
            response["HX-Redirect"] = (
                reverse("resolutions:draft", args=[committee.slug, resolution.pk])
                + f"#clause-{clause.pk}"
            )
            return response
        return _after_draft_write(
            request, committee, resolution, error=outcome.message, anchor=f"clause-{clause.pk}"
        )
    if request.htmx:
        return _clause_in_place(request, committee, role, resolution, clause.pk, outcome.message)
    return _after_draft_write(
        request, committee, resolution, ok=outcome.message, anchor=f"clause-{clause.pk}"
    )


def _drafting_node(request, committee, role, resolution, clause_pk):
    resolution.refresh_from_db()
    context = pages.drafting_context(committee, role, resolution, user=request.user)
    node = next(
        (n for root in context["top"] for n in root.walk() if n.clause.pk == clause_pk), None
    )
    return context, node


def _version_oob(request, committee, resolution) -> str:
    """The drafting view's poll, moved to the new version: one's own save is not "a co-sponsor
    changed the draft"."""
    return render_to_string(
        "positions/resolutions/draft.html#draft-updates",
        {
            "committee": committee,
            "resolution": resolution,
            "poll_version": resolution.version,
            "oob": True,
        },
        request=request,
    )


def _clause_in_place(request, committee, role, resolution, clause_pk, message):
    """After an in-place save: the clause's status (message, findings) and its new base
    revision, without touching the text area being typed in."""
    context, node = _drafting_node(request, committee, role, resolution, clause_pk)
    html = render_to_string(
        "positions/resolutions/_draft_clause_status.html",
        {**context, "node": node, "saved_message": message},
        request=request,
    )
    base = node.extra.get("base_revision", "") if node else ""
    html += (
        f'<input type="hidden" name="base_revision" id="base-{clause_pk}" value="{base}" '
        f'hx-swap-oob="true">'
    )
    # The document-wide findings follow each save (ordering, the last clause's period…).
    html += _findings_oob(request, context)
    html += _version_oob(request, committee, resolution)
    return HttpResponse(html)


def _findings_oob(request, context) -> str:
    return render_to_string(
        "positions/resolutions/draft.html#draft-findings", {**context, "oob": True}, request=request
    )


def _clause_list(request, committee, role, resolution, *, focus: str, announce):
    """The whole clause list after a change to its shape (a sub-clause added, a clause moved,
    deleted or changed kind), with the findings, the announcement and the poll's version.

    ``static/js/resolutions.js`` keeps the form of every clause with unsynced text as it is
    (``hx-preserve``), so nothing typed elsewhere is replaced; ``focus`` names the control the
    keyboard stays on, ``announce(where)`` the sentence read out (``where(pk)`` names a clause
    by its new place)."""
    context, _ = _drafting_node(request, committee, role, resolution, None)
    names = {n.clause.pk: n.extra["where"] for root in context["top"] for n in root.walk()}
    message = announce(lambda pk: names.get(pk, "the clause"))
    context = {**context, "focus": focus, "announce": message}
    html = render_to_string(
        "positions/resolutions/draft.html#clause-list", context, request=request
    )
    html += render_to_string(
        "positions/resolutions/draft.html#draft-announce", {**context, "oob": True}, request=request
    )
    html += _findings_oob(request, context)
    html += _version_oob(request, committee, resolution)
    response = HttpResponse(html)
    response["HX-Retarget"] = "#draft-clauses"
    response["HX-Reswap"] = "outerHTML"
    response["HX-Trigger"] = "clauses-changed"
    return response


def _announce_error(request, committee, resolution, message: str) -> HttpResponse:
    """A refused change of the clause list: only the message, read out; nothing on the page
    (and nothing typed) is replaced."""
    html = render_to_string(
        "positions/resolutions/draft.html#draft-announce",
        {"announce": message, "announce_error": True, "oob": True},
        request=request,
    )
    response = HttpResponse(html)
    response["HX-Reswap"] = "none"
    return response


@require_POST
def clause_resolve(request: HtmxHttpRequest, slug: str, pk: int, clause_id: int) -> HttpResponse:
    committee, role, resolution = _drafting_guard(request, slug, pk)
    clause = _clause_of(resolution, clause_id)
    choice = request.POST.get("choice", "")
    text = request.POST.get("text") if choice == "edit" else None
    try:
        outcome = clause_text.resolve_clause(
            clause=clause, user=request.user, choice=choice, text=text
        )
    except (drafts.ResolutionError, clause_text.ClauseTextError) as exc:
        return _after_draft_write(
            request, committee, resolution, error=str(exc), anchor=f"clause-{clause.pk}"
        )
    if outcome.status == "conflict":
        return _after_draft_write(
            request, committee, resolution, error=outcome.message, anchor=f"clause-{clause.pk}"
        )
    return _after_draft_write(
        request, committee, resolution, ok=outcome.message, anchor=f"clause-{clause.pk}"
    )


@require_POST
def clause_move(request: HtmxHttpRequest, slug: str, pk: int, clause_id: int) -> HttpResponse:
    committee, role, resolution = _drafting_guard(request, slug, pk)
    clause = _clause_of(resolution, clause_id)
    direction = request.POST.get("direction", "")
    before = _siblings(clause)
    try:
        drafts.move_clause(clause=clause, direction=direction)
    except drafts.ResolutionError as exc:
        if request.htmx:
            return _announce_error(request, committee, resolution, str(exc))
        return _after_draft_write(request, committee, resolution, error=str(exc))
    if request.htmx:
        moved = _siblings(clause) != before
        return _clause_list(
            request,
            committee,
            role,
            resolution,
            focus=f"move-{direction}-{clause.pk}",
            announce=lambda where: (
                (
                    (
                        gettext("Moved up: now %(where)s.")
                        if direction == "up"
                        else gettext("Moved down: now %(where)s.")
                    )
                    if moved
                    else (
                        gettext("Already the first in its list: %(where)s.")
                        if direction == "up"
                        else gettext("Already the last in its list: %(where)s.")
                    )
                )
                % {"where": where(clause.pk)}
            ),
        )
    return _after_draft_write(request, committee, resolution, anchor=f"clause-{clause.pk}")


def _siblings(clause: Clause) -> list[int]:
    return list(
        Clause.objects.filter(
            resolution_id=clause.resolution_id, parent_id=clause.parent_id, struck=False
        )
        .order_by("order", "pk")
        .values_list("pk", flat=True)
    )


@require_POST
def clause_reorder(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Drag and drop: the new order of one list of sibling clauses (all of them, each once)."""
    committee, role, resolution = _drafting_guard(request, slug, pk)
    parent = None
    parent_id = request.POST.get("parent", "")
    if parent_id:
        parent = get_object_or_404(
            Clause, pk=parent_id if parent_id.isdigit() else 0, resolution=resolution
        )
    ordered = [p for p in request.POST.get("order", "").split(",") if p.strip()]
    moved = request.POST.get("moved", "")
    try:
        drafts.reorder_clauses(resolution=resolution, parent=parent, ordered_ids=ordered)
    except drafts.ResolutionError as exc:
        if request.htmx:
            # The list goes back to the order the server has, with the reason read out.
            reason = str(exc)
            return _clause_list(
                request, committee, role, resolution, focus="", announce=lambda where: reason
            )
        return _after_draft_write(request, committee, resolution, error=str(exc))
    moved_pk = int(moved) if moved.isdigit() else 0
    if request.htmx:
        return _clause_list(
            request,
            committee,
            role,
            resolution,
            focus=f"clause-text-{moved_pk}" if moved_pk else "",
            announce=lambda where: (
                gettext("Moved: now %(where)s.") % {"where": where(moved_pk)}
                if moved_pk
                else gettext("Clauses reordered.")
            ),
        )
    return _after_draft_write(request, committee, resolution, ok=gettext("Clauses reordered."))


@require_POST
def clause_kind(request: HtmxHttpRequest, slug: str, pk: int, clause_id: int) -> HttpResponse:
    committee, role, resolution = _drafting_guard(request, slug, pk)
    clause = _clause_of(resolution, clause_id)
    try:
        drafts.change_clause_kind(clause=clause, kind=request.POST.get("kind", ""))
    except drafts.ResolutionError as exc:
        if request.htmx:
            return _announce_error(request, committee, resolution, str(exc))
        return _after_draft_write(request, committee, resolution, error=str(exc))
    if request.htmx:
        return _clause_list(
            request,
            committee,
            role,
            resolution,
            focus=f"kind-{clause.pk}",
            announce=lambda where: (
                gettext("Now %(lower)s: %(where)s.")
                % {"lower": clause.get_kind_display().lower(), "where": where(clause.pk)}
            ),
        )
    return _after_draft_write(request, committee, resolution, anchor=f"clause-{clause.pk}")


@require_POST
def clause_delete(request: HtmxHttpRequest, slug: str, pk: int, clause_id: int) -> HttpResponse:
    committee, role, resolution = _drafting_guard(request, slug, pk)
    clause = _clause_of(resolution, clause_id)
    siblings = _siblings(clause)
    try:
        drafts.delete_clause(clause=clause)
    except drafts.ResolutionError as exc:
        if request.htmx:
            return _announce_error(request, committee, resolution, str(exc))
        return _after_draft_write(request, committee, resolution, error=str(exc))
    if request.htmx:
        # The keyboard lands on the clause that took its place (or the one before, its parent,
        # or the box to add a clause).
        at = siblings.index(clause.pk) if clause.pk in siblings else 0
        rest = siblings[at + 1 : at + 2] or (siblings[at - 1 : at] if at else [])
        focus = (
            f"clause-text-{rest[0]}"
            if rest
            else (f"clause-text-{clause.parent_id}" if clause.parent_id else "new-clause")
        )
        return _clause_list(
            request,
            committee,
            role,
            resolution,
            focus=focus,
            announce=lambda w: gettext("Clause deleted."),
        )
    return _after_draft_write(request, committee, resolution, ok=gettext("Clause deleted."))


@require_POST
def draft_rename(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    committee, role, resolution = _drafting_guard(request, slug, pk)
    try:
        drafts.rename_draft(resolution=resolution, title=request.POST.get("title", ""))
    except drafts.ResolutionError as exc:
        return _after_draft_write(request, committee, resolution, error=str(exc))
    return _after_draft_write(request, committee, resolution, ok=gettext("Title saved."))


# --- exports ---------------------------------------------------------------------------------


@require_GET
def export_docx(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    committee, role, resolution = resolution_for(request, slug, pk)
    data = pages.export_data(resolution)
    response = HttpResponse(
        resolution_docx.to_docx(data),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    name = slugify(resolution.symbol.replace("/", "-") or resolution.title)[:60] or "resolution"
    response["Content-Disposition"] = f'attachment; filename="{name}.docx"'
    return response


@require_GET
def print_view(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    committee, role, resolution = resolution_for(request, slug, pk)
    return render(
        request,
        "positions/resolutions/print.html",
        {
            "committee": committee,
            "role": role,
            "resolution": resolution,
            "doc": pages.export_data(resolution),
        },
    )
