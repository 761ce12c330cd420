"""The floor: the delegates' phone page, the chair's floor actions, the session record.

Thin views: check the role, parse the form, call one service, render a partial (htmx) or
redirect (plain form posts). A delegation acts only for itself: ids it sends are looked up
among its own requests, so anyone else's give 404. Chairs act through `chair_action`.
"""

from __future__ import annotations

import csv
import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from committees.access import CommitteeRole, committee_for, require_moderator
from committees.engines import motions as motion_rules
from committees.forms.floor import FloorSettingsForm, FormError, motion_params, seconds_field
from committees.models import Committee
from committees.models.floor import (
    FloorMotion,
    FloorSettings,
    Note,
    Point,
    ReplyRequest,
    SpeakerEntry,
)
from committees.models.procedure import Session, Vote
from committees.selectors.floor import (
    activity_summary,
    delegate_floor,
    floor_room,
    session_record,
)
from committees.selectors.procedure import current_session, poll_version
from committees.services import floor as floor_services
from unodc_mun.http import HtmxHttpRequest

FloorError = floor_services.FloorError
VOTE_METHODS = {m.value for m in Vote.Method}


def _client_version(request: HtmxHttpRequest) -> int | None:
    try:
        return int(request.GET.get("v", ""))
    except ValueError:
        return None


def _session(committee: Committee) -> Session:
    session = current_session(committee)
    if session is None:
        raise FloorError(gettext("No session is open: the chair opens one from the dashboard."))
    return session


def _triggers(request: HtmxHttpRequest, ok: bool) -> str:
    events = {"procedure-changed": True}
    if ok:
        events["floor-sent"] = True  # the form that asked clears itself (static/js/floor.js)
    return json.dumps(events)


# --- the delegates' page -----------------------------------------------------------------------


def delegate_context(committee: Committee, role: CommitteeRole, **extra):
    mine = delegate_floor(committee, role)
    context = {
        "committee": committee,
        "role": role,
        "mine": mine,
        "room": mine.room,
        "point_kinds": Point.Kind.choices,
        "motion_kinds": [(k.value, k.label) for k in motion_rules.MotionKind],
    }
    context.update(extra)
    return context


@require_GET
def floor_page(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    committee, role = committee_for(request, slug)
    return render(request, "committees/floor/delegate.html", delegate_context(committee, role))


@require_GET
def floor_poll(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """`?v=<version>` → 204 while nothing changed, else the delegate's live part."""
    version = poll_version(slug, request.user)
    if version is not None and version == _client_version(request):
        return HttpResponse(status=204)
    committee, role = committee_for(request, slug)
    return render(
        request, "committees/floor/delegate.html#floor-mine", delegate_context(committee, role)
    )


def _delegate_done(request, committee, role, *, message="", error="", typed=None):
    if request.htmx:
        context = delegate_context(committee, role, flash=message, flash_error=error)
        response = render(request, "committees/floor/delegate.html#floor-mine", context)
        response["HX-Trigger"] = _triggers(request, ok=not error)
        return response
    if error:
        # A plain form post that was refused: the page again, with what was typed.
        context = delegate_context(committee, role, flash_error=error, typed=typed or {})
        return render(request, "committees/floor/delegate.html", context, status=400)
    messages.success(request, message)
    return redirect("committees:floor", slug=committee.slug)


def _own(model, role: CommitteeRole, pk, **filters):
    return get_object_or_404(model, pk=_int(pk), **filters)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _delegate_action(request, committee, role, action: str) -> str:
    """Run one delegate action; returns the message to show. Raises FloorError/FormError."""
    post = request.POST
    mine = role.delegation
    user = request.user
    if action == "note":
        recipient_key = post.get("recipient", "")
        recipient = None
        if recipient_key != "chair":
            recipient = committee.delegations.filter(pk=_int(recipient_key)).first()
            if recipient is None:
                raise FloorError(gettext("Choose a delegation (or the chair) to write to."))
        note = floor_services.send_note(
            committee=committee,
            sender=mine,
            recipient=recipient,
            text=post.get("text", ""),
            by=user,
        )
        if note.status == Note.Status.PENDING:
            return gettext("Note sent to the chair for approval.")
        return gettext("Note delivered.")
    if action == "notes_read":
        floor_services.mark_notes_read(delegation=mine, by=user)
        return gettext("Notes marked as read.")
    session = _session(committee)
    if action == "speak":
        entry = floor_services.ask_to_speak(session=session, delegation=mine, by=user)
        return f"{mine.country.name} is on the speakers list (#{entry.position})."
    if action == "withdraw":
        entry = _own(SpeakerEntry, role, post.get("entry"), delegation=mine)
        floor_services.withdraw_from_list(entry=entry, delegation=mine, by=user)
        return gettext("You are off the speakers list.")
    if action == "yield":
        to = post.get("to", "")
        target = None
        if to == "delegate":
            target = committee.delegations.filter(pk=_int(post.get("delegation"))).first()
        floor_services.yield_floor(session=session, to=to, delegation=target, speaker=mine, by=user)
        return gettext("You yielded the floor.")
    if action == "motion":
        kind = post.get("kind", "")
        motion = floor_services.raise_motion(
            session=session,
            kind=kind,
            params=motion_params(kind, post),
            delegation=mine,
            by=user,
        )
        return f"“{motion.title}” is on the floor."
    if action == "motion_withdraw":
        motion = _own(FloorMotion, role, post.get("motion"), raised_by=mine, session=session)
        floor_services.withdraw_floor_motion(motion=motion, delegation=mine, by=user)
        return gettext("Motion withdrawn.")
    if action == "second":
        motion = _own(FloorMotion, role, post.get("motion"), session=session)
        floor_services.second_motion(motion=motion, delegation=mine, by=user)
        return f"{mine.country.name} seconded “{motion.title}”."
    if action == "point":
        point = floor_services.raise_point(
            session=session,
            delegation=mine,
            kind=post.get("kind", ""),
            text=post.get("text", ""),
            by=user,
        )
        return f"{point.get_kind_display()} raised."
    if action == "point_withdraw":
        point = _own(Point, role, post.get("point"), delegation=mine, session=session)
        floor_services.withdraw_point(point=point, delegation=mine, by=user)
        return gettext("Point withdrawn.")
    if action == "reply":
        floor_services.request_reply(
            session=session, delegation=mine, reason=post.get("reason", ""), by=user
        )
        return gettext("Right of reply requested.")
    if action == "reply_withdraw":
        reply = _own(ReplyRequest, role, post.get("reply"), delegation=mine, session=session)
        floor_services.withdraw_reply(reply=reply, delegation=mine, by=user)
        return gettext("Request withdrawn.")
    raise Http404(gettext("No such action."))


DELEGATE_ACTIONS = {
    "note",
    "notes_read",
    "speak",
    "withdraw",
    "yield",
    "motion",
    "motion_withdraw",
    "second",
    "point",
    "point_withdraw",
    "reply",
    "reply_withdraw",
}


@require_POST
def delegate_action(request: HtmxHttpRequest, slug: str, action: str) -> HttpResponse:
    committee, role = committee_for(request, slug)
    if action not in DELEGATE_ACTIONS:
        raise Http404(gettext("No such action."))
    if role.delegation is None:
        raise PermissionDenied(gettext("Only a delegation does this, and only for itself."))
    try:
        message = _delegate_action(request, committee, role, action)
    except (FloorError, FormError) as exc:
        return _delegate_done(request, committee, role, error=str(exc), typed=request.POST)
    return _delegate_done(request, committee, role, message=message)


# --- the chair's floor actions -------------------------------------------------------------------


def floor_extras(committee: Committee, room=None, *, projector: bool = False) -> dict:
    """What the floor panel (dashboard) or the projector's floor needs in its context."""
    return {
        "floor": floor_room(committee, room=room, for_chair=not projector, requests=not projector),
        "motion_kinds": [(k.value, k.label) for k in motion_rules.MotionKind],
        "note_modes": FloorSettings.NoteMode.choices,
    }


def chair_floor_context(committee: Committee, role: CommitteeRole, **extra):
    context = {"committee": committee, "role": role, **floor_extras(committee)}
    context.update(extra)
    return context


def _chair_done(request, committee, role, *, message="", error=""):
    if request.htmx:
        context = chair_floor_context(committee, role, flash=message, flash_error=error)
        response = render(request, "committees/floor/panel.html#floor-live", context)
        response["HX-Trigger"] = _triggers(request, ok=not error)
        return response
    if error:
        messages.error(request, error)
    elif message:
        messages.success(request, message)
    return redirect("committees:chair", slug=committee.slug)


def _chair_action(request, committee, action: str) -> str:
    post = request.POST
    user = request.user
    if action == "note":
        note = get_object_or_404(Note, pk=_int(post.get("note")), committee=committee)
        approve = post.get("decision") == "approve"
        floor_services.decide_note(note=note, approve=approve, by=user)
        return gettext("Note passed on.") if approve else gettext("Note held back.")
    if action == "note_settings":
        changes = {}
        if "note_mode" in post:
            changes["note_mode"] = post["note_mode"]
        if "notes_paused" in post:
            changes["notes_paused"] = post["notes_paused"] == "1"
        if post.get("note_limit"):
            changes["note_limit"] = _int(post["note_limit"])
        floor_services.update_floor_settings(committee=committee, by=user, **changes)
        return gettext("Note passing updated.")
    session = _session(committee)
    in_session = {"session": session}
    if action == "add_speaker":
        delegation = committee.delegations.filter(pk=_int(post.get("delegation"))).first()
        if delegation is None:
            raise FloorError(gettext("Choose a delegation of this committee."))
        floor_services.ask_to_speak(session=session, delegation=delegation, by=user, by_chair=True)
        return f"{delegation.country.name} added to the speakers list."
    if action in ("remove", "move"):
        entry = get_object_or_404(
            SpeakerEntry, pk=_int(post.get("entry")), speakers_list__session=session
        )
        if action == "remove":
            floor_services.remove_speaker(entry=entry, by=user)
            return gettext("Removed from the list.")
        floor_services.move_speaker(entry=entry, direction=post.get("direction", ""), by=user)
        return ""
    if action == "next":
        entry = None
        if post.get("entry"):
            entry = get_object_or_404(
                SpeakerEntry, pk=_int(post.get("entry")), speakers_list__session=session
            )
        speech = floor_services.recognise_next(session=session, by=user, entry=entry)
        return f"{speech.delegation.country.name} has the floor."
    if action == "end_speech":
        floor_services.end_speech(session=session, by=user)
        return gettext("Speech ended.")
    if action == "yield":
        to = post.get("to", "")
        target = committee.delegations.filter(pk=_int(post.get("delegation"))).first()
        floor_services.yield_floor(session=session, to=to, delegation=target, by=user)
        return gettext("Yield recorded.")
    if action in ("pause", "resume"):
        what = post.get("what", "")
        service = floor_services.pause_timer if action == "pause" else floor_services.resume_timer
        service(session=session, what=what, by=user)
        return ""
    if action == "list_open":
        is_open = post.get("open") == "1"
        floor_services.set_list_open(session=session, is_open=is_open, by=user)
        return gettext("Speakers list opened.") if is_open else gettext("Speakers list closed.")
    if action == "speaking_time":
        seconds = seconds_field(post.get("speaking_time"), "speaking time")
        floor_services.set_speaking_time(session=session, seconds=seconds, by=user)
        return gettext("Speaking time set.")
    if action == "end_caucus":
        floor_services.end_caucus(session=session, by=user)
        return gettext("Caucus ended.")
    if action == "reopen_debate":
        floor_services.reopen_debate(session=session, by=user)
        return gettext("Debate is open again.")
    if action == "motion":
        kind = post.get("kind", "")
        delegation = committee.delegations.filter(pk=_int(post.get("delegation"))).first()
        motion = floor_services.raise_motion(
            session=session,
            kind=kind,
            params=motion_params(kind, post),
            delegation=delegation,
            by=user,
            by_chair=True,
        )
        return f"“{motion.title}” is on the floor."
    if action in ("second", "rule_out", "vote"):
        motion = get_object_or_404(FloorMotion, pk=_int(post.get("motion")), **in_session)
        if action == "second":
            seconder = committee.delegations.filter(pk=_int(post.get("delegation"))).first()
            if seconder is None:
                raise FloorError(gettext("Choose the delegation that seconds."))
            floor_services.second_motion(motion=motion, delegation=seconder, by=user)
            return gettext("Seconded.")
        if action == "rule_out":
            floor_services.rule_out_of_order(motion=motion, reason=post.get("reason", ""), by=user)
            return f"“{motion.title}” ruled out of order."
        method = post.get("method", "")
        if method not in VOTE_METHODS:
            raise FloorError(gettext("Choose placards, electronic or roll call."))
        floor_services.put_to_vote(motion=motion, method=method, by=user)
        return gettext("Voting on “%(title)s”.") % {"title": motion.title}
    if action == "point":
        point = get_object_or_404(Point, pk=_int(post.get("point")), **in_session)
        floor_services.decide_point(
            point=point, decision=post.get("decision", ""), ruling=post.get("ruling", ""), by=user
        )
        return gettext("Point dealt with.")
    if action in ("reply", "start_reply"):
        reply = get_object_or_404(ReplyRequest, pk=_int(post.get("reply")), **in_session)
        if action == "start_reply":
            floor_services.start_reply(reply=reply, by=user)
            return gettext("Right of reply: %(name)s has the floor.") % {
                "name": reply.delegation.country.name
            }
        grant = post.get("decision") == "grant"
        floor_services.decide_reply(reply=reply, grant=grant, by=user)
        return gettext("Right of reply granted.") if grant else gettext("Right of reply refused.")
    raise Http404(gettext("No such action."))


CHAIR_ACTIONS = {
    "note",
    "note_settings",
    "add_speaker",
    "remove",
    "move",
    "next",
    "end_speech",
    "yield",
    "pause",
    "resume",
    "list_open",
    "speaking_time",
    "end_caucus",
    "reopen_debate",
    "motion",
    "second",
    "rule_out",
    "vote",
    "point",
    "reply",
    "start_reply",
}


@require_POST
def chair_action(request: HtmxHttpRequest, slug: str, action: str) -> HttpResponse:
    committee, role = committee_for(request, slug)
    require_moderator(role)
    if action not in CHAIR_ACTIONS:
        raise Http404(gettext("No such action."))
    try:
        message = _chair_action(request, committee, action)
    except (FloorError, FormError) as exc:
        return _chair_done(request, committee, role, error=str(exc))
    return _chair_done(request, committee, role, message=message)


def floor_settings_page(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The committee's floor settings, edited by its chairs and the secretariat."""
    committee, role = committee_for(request, slug)
    require_moderator(role)
    current = floor_services.settings_for(committee.pk)
    error = ""
    status = 200
    if request.method == "POST":
        form = FloorSettingsForm(request.POST)
        if form.is_valid():
            try:
                floor_services.update_floor_settings(
                    committee=committee, by=request.user, **form.cleaned_data
                )
            except FloorError as exc:
                error = str(exc)
            else:
                messages.success(request, gettext("The floor settings are saved."))
                return redirect("committees:floor_settings", slug=committee.slug)
        else:
            error = gettext("Some answers need a look: see the messages by the fields.")
        status = 400
    elif request.method == "GET":
        form = FloorSettingsForm(initial=FloorSettingsForm.initial_from(current))
    else:
        return HttpResponse(status=405)
    context = {"committee": committee, "role": role, "form": form, "error": error}
    return render(request, "committees/floor/settings.html", context, status=status)


# --- the record of a session ---------------------------------------------------------------------


def _record_session(committee: Committee, request) -> Session:
    sessions = Session.objects.filter(committee=committee)
    number = _int(request.GET.get("session"))
    if number is not None:
        return get_object_or_404(sessions, number=number)
    session = sessions.order_by("-number").first()
    if session is None:
        raise Http404(gettext("No session has been held yet."))
    return session


@require_GET
def session_record_page(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    committee, role = committee_for(request, slug)
    session = _record_session(committee, request)
    return render(
        request,
        "committees/floor/record.html",
        {
            "committee": committee,
            "role": role,
            "session": session,
            "sessions": list(Session.objects.filter(committee=committee).order_by("-number")),
            "events": session_record(session),
        },
    )


def _csv_safe(text: str) -> str:
    # A spreadsheet must not run a formula someone typed as a topic or a reason.
    text = str(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


@require_GET
def session_record_csv(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    committee, role = committee_for(request, slug)
    session = _record_session(committee, request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{committee.slug}-session-{session.number}-floor.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(["time", "kind", "delegation", "what", "seconds", "outcome"])
    for event in session_record(session):
        writer.writerow(
            [
                event.at.isoformat(timespec="seconds") if event.at else "",
                event.kind,
                _csv_safe(event.who),
                _csv_safe(event.what),
                "" if event.seconds is None else event.seconds,
                _csv_safe(event.outcome),
            ]
        )
    return response


@require_GET
def activity(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    committee, role = committee_for(request, slug)
    require_moderator(role)
    return render(
        request,
        "committees/floor/activity.html",
        {"committee": committee, "role": role, "rows": activity_summary(committee)},
    )
