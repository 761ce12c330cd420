"""The position-paper editor: the page, saves, drafts, conflicts, history, presence and the poll.

The editor page is rendered by the server; ``static/js/paper_editor.js`` autosaves drafts, saves
sections (JSON endpoints below), mirrors unsynced text in localStorage and polls for others'
changes. An unchanged poll with the page's poll token is answered ``204`` before the middleware
(``unodc_mun/fastpoll.py``); any other poll is checked in full here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.timesince import timesince
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from committees.access import committee_for
from committees.live import poll_token
from committees.models import DelegateSeat, Delegation
from positions.access import PaperAccess, block_for, paper_for, require_edit
from positions.engines.markdown import count_words, to_html
from positions.engines.merge import diff_words, merge
from positions.models import Block, Draft, DraftVersion, Paper, Revision
from positions.services import coedit, papers, review
from positions.services.papers import get_or_create_paper
from unodc_mun import fragments, live
from unodc_mun.http import HtmxHttpRequest

# Editor timings in milliseconds (tests shorten them): draft autosave after this much quiet,
# sharing (a revision) after this much quiet, polling interval, presence heartbeat.
EDITOR_TIMINGS = {"draft": 900, "share": 2500, "poll": 2000, "heartbeat": 5000}

HISTORY_LIMIT = 200


# ---------------------------------------------------------------------------- list and page


def paper_list(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Delegates go straight to their delegation's paper; chairs and admins see every paper."""
    committee, role = committee_for(request, slug)
    if role.is_delegate and not role.can_moderate:
        paper = get_or_create_paper(delegation=role.delegation)
        return redirect("positions:editor", slug=committee.slug, paper_id=paper.pk)
    delegations = (
        Delegation.objects.filter(committee=committee)
        .select_related("country")
        .prefetch_related(
            Prefetch(
                "papers",
                queryset=Paper.objects.select_related("document").order_by("topic"),
            )
        )
        .order_by("country__name")
    )
    rows = [{"delegation": d, "papers": list(d.papers.all())} for d in delegations]
    own = None
    if role.is_delegate:
        own = get_or_create_paper(delegation=role.delegation)
    return render(
        request,
        "positions/paper_list.html",
        {"committee": committee, "role": role, "rows": rows, "own_paper": own},
    )


def _poll_token(request, access: PaperAccess) -> str:
    paper = access.paper
    return poll_token(
        request,
        access.role,
        path=reverse("positions:poll", args=[access.committee.slug, paper.pk]),
        topic=live.topic("doc", paper.document_id),
    )


def _who(revision: Revision | None) -> str:
    return coedit.display_name(revision.author) if revision and revision.author_id else ""


def _conflict_context(draft: Draft, versions: list[DraftVersion]) -> dict:
    theirs = draft.conflict_revision
    theirs_text = theirs.text if theirs else ""
    base_text = draft.base_revision.text if draft.base_revision else ""
    result = merge(base_text, theirs_text, draft.text)
    return {
        "mine": draft.text,
        "theirs": theirs_text,
        "theirs_by": _who(theirs),
        "theirs_at": theirs.created_at if theirs else None,
        "diff": diff_words(theirs_text, draft.text),
        "proposal": result.text,
        "conflicts": result.conflicts,
        # The person's other conflicted texts of this section, newest first: kept until settled.
        "earlier": [v for v in versions if v.text != draft.text],
    }


def _ago(moment) -> str:
    if timezone.now() - moment < timedelta(minutes=1):
        return "just now"
    return f"{timesince(moment)} ago"


def section_context(
    block: Block, draft: Draft | None, versions: list[DraftVersion] | None = None
) -> dict:
    """Everything one section's template needs (rendered Markdown, counts, the person's draft)."""
    text = block.text
    current = block.current_revision
    return {
        "block": block,
        "text": text,
        "html": mark_safe(to_html(text)),  # nh3-sanitised by the renderer  # noqa: S308
        "words": count_words(text),
        "last_by": _who(current),
        "last_at": current.created_at if current else None,
        "last_ago": _ago(current.created_at) if current else "",
        "mine": draft,  # the person's own draft, conflicted or not (for the fragment key)
        "draft": draft if draft and not draft.is_conflict else None,
        "conflict": (
            _conflict_context(draft, versions or []) if draft and draft.is_conflict else None
        ),
    }


def _sections(access: PaperAccess, user, blocks=None) -> list[dict]:
    document = access.paper.document
    if blocks is None:
        # Exact per version: every text, every new section bumps it (coedit). Kept per process
        # (``live.poll_cache.remember``) and dropped when a name changes (``people``).
        blocks = live.poll_cache.remember(
            ("paper-blocks", document.pk, document.version),
            ("people",),
            lambda: list(Block.objects.filter(document=document).with_current()),
        )
    drafts = {}
    versions: dict[int, list[DraftVersion]] = {}
    if access.is_member:
        drafts = {
            d.block_id: d
            for d in Draft.objects.filter(block__in=blocks, user=user).select_related(
                "base_revision", "conflict_revision__author"
            )
        }
        # Earlier texts are only shown beside a conflict: no conflict, no query.
        conflicted = [block_id for block_id, d in drafts.items() if d.is_conflict]
        if conflicted:
            for version in DraftVersion.objects.filter(block__in=conflicted, user=user).open():
                versions.setdefault(version.block_id, []).append(version)
    return [
        section_context(block, drafts.get(block.pk), versions.get(block.pk)) for block in blocks
    ]


def _section_html(access: PaperAccess, section: dict, editable: bool) -> str:
    """One section as the editor shows it, kept (``fragments``) under everything it shows: the
    revision, title, author's name, "how long ago", the controls (``editable``) and the
    language; and, when the person has a draft or a conflict there, that draft's own row (its
    id, text, base and the revision it clashed with) and the earlier texts listed — a draft's
    id belongs to one person, so nobody else is ever shown it."""
    block = section["block"]
    mine = section["mine"]

    def build() -> str:
        return render_to_string(
            "positions/paper_editor.html#paper-section",
            {
                "s": section,
                "paper": access.paper,
                "committee": access.committee,
                "editable": editable,
            },
        )

    own = ()
    if mine is not None:
        conflict = section["conflict"] or {}
        own = (
            mine.pk,
            fragments.digest(
                [
                    mine.text,
                    mine.is_conflict,
                    mine.base_revision_id,
                    mine.conflict_revision_id,
                    mine.updated_at,
                    conflict.get("theirs_by"),
                    [(v.pk, v.text) for v in conflict.get("earlier", ())],
                ]
            ),
        )
    key = (
        access.committee.slug,
        access.paper.pk,
        block.pk,
        block.key,
        block.current_revision_id,
        fragments.digest([block.title, section["last_by"], section["last_ago"]]),
        int(editable),
        *own,
    )
    return fragments.cached("paper-section", key, build)


def paper_editor(request: HtmxHttpRequest, slug: str, paper_id: int) -> HttpResponse:
    access = paper_for(request, slug, paper_id)
    paper = access.paper
    sections = _sections(access, request.user)
    for section in sections:
        section["rendered"] = _section_html(access, section, access.can_edit)
    # Remembered like the person's role (committees.access): seats and accounts announce
    # ``people`` when they change.
    delegates = live.poll_cache.remember(
        ("delegates", paper.delegation_id),
        ("people", "room"),
        lambda: [
            coedit.display_name(seat.user)
            for seat in DelegateSeat.objects.filter(delegation=paper.delegation).select_related(
                "user"
            )
        ],
    )
    return render(
        request,
        "positions/paper_editor.html",
        {
            "committee": access.committee,
            "role": access.role,
            "access": access,
            "paper": paper,
            "sections": sections,
            "delegates": delegates,
            "version": paper.document.version,
            "poll_token": _poll_token(request, access),
            "editable": access.can_edit,
            "timings": {**EDITOR_TIMINGS, **getattr(settings, "PAPER_EDITOR_TIMINGS", {})},
        },
    )


# ---------------------------------------------------------------------------- JSON writes


def _bad(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"status": "error", "message": message}, status=status)


def _edit_access(request, slug, paper_id, block_id) -> tuple[PaperAccess, Block]:
    access = paper_for(request, slug, paper_id)
    require_edit(access)
    return access, block_for(access, block_id)


def _outcome_json(access: PaperAccess, block: Block, outcome: coedit.SaveOutcome, user) -> dict:
    revision = outcome.revision
    data = {
        "status": outcome.status,
        "message": outcome.message,
        "revision_id": revision.pk if revision else None,
        "text": outcome.text,
        "html": to_html(outcome.text),
        "words": count_words(outcome.text),
        "merged_with": outcome.merged_with,
        "replayed": outcome.replayed,
        "last_by": _who(revision),
    }
    fresh = list(Block.objects.filter(pk=block.pk).with_current())
    data["section_html"] = render_to_string(
        "positions/paper_editor.html#paper-section",
        {
            "s": _sections(access, user, fresh)[0],
            "paper": access.paper,
            "committee": access.committee,
            "editable": access.can_edit,
        },
    )
    return data


@require_POST
def block_save(request: HtmxHttpRequest, slug: str, paper_id: int, block_id: int) -> JsonResponse:
    """Save a section: ``text``, ``base_revision_id``, ``client_op_id`` (idempotency key)."""
    access, block = _edit_access(request, slug, paper_id, block_id)
    if "text" not in request.POST:
        return _bad("The text is missing.")
    try:
        outcome = papers.save_section(
            paper=access.paper,
            block=block,
            user=request.user,
            text=request.POST["text"],
            base_revision_id=request.POST.get("base_revision_id") or None,
            client_op_id=request.POST.get("client_op_id", ""),
        )
    except review.PaperLocked as error:
        return _bad(str(error), status=403)
    except coedit.CoeditError as error:
        return _bad(str(error))
    return JsonResponse(_outcome_json(access, block, outcome, request.user))


@require_POST
def draft_save(request: HtmxHttpRequest, slug: str, paper_id: int, block_id: int) -> JsonResponse:
    """Autosave the person's unsaved text for a section (private to them)."""
    _, block = _edit_access(request, slug, paper_id, block_id)
    if "text" not in request.POST:
        return _bad("The text is missing.")
    try:
        draft = coedit.autosave_draft(
            block=block,
            user=request.user,
            text=request.POST["text"],
            base_revision_id=request.POST.get("base_revision_id") or None,
        )
    except coedit.CoeditError as error:
        return _bad(str(error))
    return JsonResponse(
        {"status": "draft" if draft else "clean", "conflict": bool(draft and draft.is_conflict)}
    )


@require_POST
def draft_discard(
    request: HtmxHttpRequest, slug: str, paper_id: int, block_id: int
) -> JsonResponse:
    _, block = _edit_access(request, slug, paper_id, block_id)
    coedit.discard_draft(block=block, user=request.user)
    return JsonResponse({"status": "discarded"})


@require_POST
def conflict_resolve(
    request: HtmxHttpRequest, slug: str, paper_id: int, block_id: int
) -> JsonResponse:
    """Settle a conflict: ``choice`` = mine / theirs / edit (with ``text``)."""
    access, block = _edit_access(request, slug, paper_id, block_id)
    try:
        outcome = papers.resolve_section_conflict(
            paper=access.paper,
            block=block,
            user=request.user,
            choice=request.POST.get("choice", ""),
            text=request.POST.get("text"),
            client_op_id=request.POST.get("client_op_id", ""),
            version_id=request.POST.get("version_id") or None,
        )
    except review.PaperLocked as error:
        return _bad(str(error), status=403)
    except coedit.CoeditError as error:
        return _bad(str(error))
    return JsonResponse(_outcome_json(access, block, outcome, request.user))


@require_POST
def presence(request: HtmxHttpRequest, slug: str, paper_id: int) -> JsonResponse:
    """Heartbeat: record where this person is; answer who else is here and where."""
    access = paper_for(request, slug, paper_id)
    block = None
    block_id = request.POST.get("block_id")
    if block_id and access.can_edit:
        try:
            block = block_for(access, int(block_id))
        except (ValueError, Http404):
            block = None
    others = coedit.heartbeat(document=access.paper.document, user=request.user, block=block)
    country = access.paper.delegation.country.name
    return JsonResponse(
        {
            "people": [
                {
                    "name": coedit.display_name(p.user),
                    "country": country,
                    "block_id": p.block_id,
                    "block_title": p.block.title if p.block else "",
                }
                for p in others
            ]
        }
    )


# ---------------------------------------------------------------------------- live updates


@login_not_required
@require_GET
def poll(request: HtmxHttpRequest, slug: str, paper_id: int) -> HttpResponse:
    """``?v=<version>&t=<token>&skip=<block ids>&editable=0|1`` → 204 when nothing changed.

    When the version moved on: out-of-band swaps of the changed sections, except the ones in
    ``skip`` (focused or holding unsynced text), which get a notice instead.
    """
    try:
        known = int(request.GET.get("v", ""))
    except ValueError:
        return HttpResponse("Missing version.", status=400, content_type="text/plain")
    # An unchanged poll with a valid token was answered before the middleware
    # (unodc_mun/fastpoll.py); here access is checked in full.
    if not request.user.is_authenticated:
        response = HttpResponse(status=403)
        response["HX-Refresh"] = "true"
        return response
    access = paper_for(request, slug, paper_id)
    paper = access.paper
    version = paper.document.version
    if version == known:
        return HttpResponse(status=204)
    if (
        request.GET.get("editable", "") in ("0", "1")
        and (request.GET["editable"] == "1") != access.can_edit
    ):
        # Submitted or reopened meanwhile: reload as the read-only (or editable) paper. Text
        # still unsynced stays in this browser's storage and is shown again after the reload.
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    skip = {int(x) for x in request.GET.get("skip", "").split(",") if x.strip().isdigit()}
    changed = list(
        Block.objects.filter(document=paper.document, changed_version__gt=known).with_current()
    )
    replace = [b for b in changed if b.pk not in skip]
    # A section being typed in is never replaced; its writer hears about others' changes only
    # (their own save already gave them its result).
    notices = [
        b
        for b in changed
        if b.pk in skip and b.current_revision and b.current_revision.author_id != request.user.pk
    ]
    return render(
        request,
        "positions/paper_editor.html#poll-update",
        {
            "committee": access.committee,
            "paper": paper,
            "access": access,
            "editable": access.can_edit,
            "version": version,
            "replace": _sections(access, request.user, replace) if replace else [],
            "notices": [{"block": b, "by": _who(b.current_revision)} for b in notices],
        },
    )


# ---------------------------------------------------------------------------- history


def _revision_label(revision: Revision) -> str:
    when = timezone.localtime(revision.created_at).strftime("%d %b %H:%M")
    return f"{when} · {_who(revision) or 'unknown'} · {revision.get_kind_display()}"


SESSION_GAP = timedelta(minutes=10)


@dataclass
class EditSession:
    """Consecutive plain edits by one person with short pauses: one row of the history.
    Merges and restores are rows of their own."""

    last: Revision  # its newest revision: the text the section had after this session
    first: Revision
    count: int = 1

    @property
    def author_name(self) -> str:
        return _who(self.last) or "unknown"


def edit_sessions(revisions: list[Revision]) -> list[EditSession]:
    """Group revisions (newest first) into sessions, newest first."""
    sessions: list[EditSession] = []
    for revision in revisions:
        current = sessions[-1] if sessions else None
        if (
            current is not None
            and revision.kind == current.last.kind == Revision.Kind.EDIT
            and revision.author_id == current.last.author_id
            and current.first.created_at - revision.created_at <= SESSION_GAP
        ):
            current.first = revision
            current.count += 1
        else:
            sessions.append(EditSession(last=revision, first=revision))
    return sessions


@require_GET
def history(request: HtmxHttpRequest, slug: str, paper_id: int, block_id: int) -> HttpResponse:
    """A section's history: who changed it when (edit sessions, newest first, a page at a
    time with ``?before=<revision id>``) and a word diff between any two versions (``?a=&b=``).
    """
    access = paper_for(request, slug, paper_id)
    block = block_for(access, block_id)
    page = Revision.objects.filter(block=block).select_related("author").order_by("-id")
    before = request.GET.get("before", "")
    if before.isdigit():
        page = page.filter(id__lt=int(before))
    revisions = list(page[: HISTORY_LIMIT + 1])
    has_older = len(revisions) > HISTORY_LIMIT
    revisions = revisions[:HISTORY_LIMIT]
    sessions = edit_sessions(revisions)
    by_id = {r.pk: r for r in revisions}

    def pick(name: str, default: Revision | None) -> Revision | None:
        raw = request.GET.get(name, "")
        if raw.isdigit() and int(raw) in by_id:
            return by_id[int(raw)]
        return default

    newer = pick("b", revisions[0] if revisions else None)
    # By default: what the session that ended with B changed.
    older_default = None
    for index, session in enumerate(sessions):
        if newer is not None and session.first.pk <= newer.pk <= session.last.pk:
            if index + 1 < len(sessions):
                older_default = sessions[index + 1].last
            break
    older = pick("a", older_default)
    if older and newer and older.pk > newer.pk:
        older, newer = newer, older
    diff = diff_words(older.text if older else "", newer.text if newer else "")
    context = {
        "committee": access.committee,
        "role": access.role,
        "access": access,
        "paper": access.paper,
        "section": block,  # not "block": templates reserve that name for {% block %}
        "sessions": sessions,
        "current_id": block.current_revision_id,
        "older": older,
        "newer": newer,
        "older_label": _revision_label(older) if older else "empty section",
        "newer_label": _revision_label(newer) if newer else "empty section",
        "diff": diff,
        "changed": any(op.op != "equal" for op in diff),
        "editable": access.can_edit,
        "older_page": revisions[-1].pk if has_older else None,
    }
    template = "positions/history.html#history-diff" if request.htmx else "positions/history.html"
    return render(request, template, context)


@require_POST
def restore(request: HtmxHttpRequest, slug: str, paper_id: int, block_id: int) -> HttpResponse:
    access = paper_for(request, slug, paper_id)
    require_edit(access)
    block = block_for(access, block_id)
    try:
        outcome = papers.restore_section(
            paper=access.paper,
            block=block,
            user=request.user,
            revision_id=request.POST.get("revision_id"),
            client_op_id=request.POST.get("client_op_id", ""),
        )
    except (coedit.CoeditError, review.PaperLocked) as error:
        messages.error(request, str(error))
        return redirect("positions:history", slug=slug, paper_id=paper_id, block_id=block_id)
    if outcome.status == "unchanged":
        messages.info(
            request, gettext("“%(title)s” already has that text.") % {"title": block.title}
        )
    else:
        messages.success(
            request, gettext("Restored an earlier version of “%(title)s”.") % {"title": block.title}
        )
    return redirect(
        reverse("positions:editor", kwargs={"slug": slug, "paper_id": paper_id})
        + f"#block-{block.key}"
    )
