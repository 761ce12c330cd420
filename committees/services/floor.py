"""Writes for the debate on the floor: speakers lists, speeches, caucuses, motions, points,
rights of reply and notes.

Every function is keyword-only and runs in one transaction. Floor writes of a session are
serialised by a row lock on the `Session` (so thirty delegations asking to speak at once get
thirty distinct places in the order they arrived, and a chair recognising the next speaker
cannot cross a delegate withdrawing). Each write bumps the committee's procedure clock in the
same transaction so open screens refresh. Refusals raise `FloorError` with a message for the
person who asked and change nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext

from committees.engines import motions as motion_rules
from committees.engines import timers
from committees.models import Committee, Delegation
from committees.models.floor import (
    Caucus,
    FloorMotion,
    FloorSettings,
    Note,
    Point,
    ReplyRequest,
    SpeakerEntry,
    SpeakersList,
    Speech,
)
from committees.models.procedure import Motion, Session, Vote
from committees.selectors.floor import pending_in_order
from committees.selectors.procedure import rules_for
from committees.services import procedure as proc

MotionKind = motion_rules.MotionKind


class FloorError(proc.ProcedureError):
    """A floor request the rules or the state of the room do not allow."""


# --- helpers ---------------------------------------------------------------------------------


def settings_for(committee_id: int) -> FloorSettings:
    found = FloorSettings.objects.filter(committee_id=committee_id).first()
    return found or FloorSettings(committee_id=committee_id)


def _locked_session(session: Session) -> Session:
    session = Session.objects.select_for_update().get(pk=session.pk)
    if not session.is_open:
        raise FloorError(gettext("This session is closed."))
    return session


def _general_list(session: Session) -> SpeakersList:
    found = SpeakersList.objects.filter(session=session, caucus__isnull=True).first()
    if found is None:
        found = SpeakersList.objects.create(
            session=session, speaking_time=settings_for(session.committee_id).speaking_time
        )
    return found


def _running_caucus(session: Session) -> Caucus | None:
    return Caucus.objects.filter(session=session, ended_at__isnull=True).first()


def _current_list(session: Session) -> SpeakersList:
    """The list speakers are recognised from: the moderated caucus's, else the general one."""
    caucus = _running_caucus(session)
    if caucus is not None and caucus.is_moderated:
        return SpeakersList.objects.get(caucus=caucus)
    return _general_list(session)


def _current_speech(session: Session) -> Speech | None:
    return (
        Speech.objects.select_for_update(of=("self",))
        .filter(session=session, ended_at__isnull=True)
        .select_related("delegation__country")
        .first()
    )


def _same_committee(session: Session, delegation: Delegation) -> None:
    if delegation.committee_id != session.committee_id:
        raise FloorError(gettext("That delegation does not sit in this committee."))


def floor_state(session: Session) -> motion_rules.FloorState:
    """The state of the floor as the motion engine sees it."""
    general = SpeakersList.objects.filter(session=session, caucus__isnull=True).first()
    caucus = _running_caucus(session)
    if caucus is not None:
        phase = (
            motion_rules.Phase.MODERATED_CAUCUS
            if caucus.is_moderated
            else motion_rules.Phase.UNMODERATED_CAUCUS
        )
    elif general is not None and general.debate_closed_at is not None:
        phase = motion_rules.Phase.VOTING_PROCEDURE
    else:
        phase = motion_rules.Phase.DEBATE
    return motion_rules.FloorState(
        phase=phase,
        speakers_list_open=general.is_open if general else True,
        vote_open=Vote.objects.open().filter(committee_id=session.committee_id).exists(),
        session_open=session.is_open,
    )


def _end_speech(speech: Speech, now) -> None:
    speech.ended_at = now
    speech.save(update_fields=["ended_at"])
    if speech.entry_id:
        SpeakerEntry.objects.filter(pk=speech.entry_id).update(status=SpeakerEntry.Status.SPOKEN)


# --- speakers lists --------------------------------------------------------------------------


def ask_to_speak(
    *, session: Session, delegation: Delegation, by, by_chair: bool = False
) -> SpeakerEntry:
    """Add a delegation at the end of the current list (once per list at a time)."""
    _same_committee(session, delegation)
    try:
        with transaction.atomic():
            session = _locked_session(session)
            speakers = _current_list(session)
            if speakers.is_general and speakers.debate_closed_at:
                raise FloorError(gettext("Debate is closed: the speakers list has ended."))
            caucus = _running_caucus(session)
            if caucus is not None and not caucus.is_moderated:
                raise FloorError(
                    gettext("The committee is in an unmoderated caucus: no speakers list.")
                )
            if not speakers.is_open and not by_chair:
                raise FloorError(gettext("The speakers list is closed."))
            mine = SpeakerEntry.objects.filter(
                speakers_list=speakers, delegation=delegation, status__in=SpeakerEntry.ACTIVE
            ).first()
            if mine is not None:
                if mine.status == SpeakerEntry.Status.SPEAKING:
                    raise FloorError(
                        gettext("%(name)s has the floor now.") % {"name": delegation.country.name}
                    )
                raise FloorError(
                    gettext("%(name)s is already on the list.") % {"name": delegation.country.name}
                )
            last = SpeakerEntry.objects.filter(speakers_list=speakers).aggregate(n=Max("position"))[
                "n"
            ]
            entry = SpeakerEntry.objects.create(
                speakers_list=speakers,
                delegation=delegation,
                position=(last or 0) + 1,
                added_by=by,
                by_chair=by_chair,
            )
            proc.bump_clock(session.committee_id)
            return entry
    except IntegrityError as exc:
        # Only reachable past the row lock; the database still keeps one place per list.
        raise FloorError(
            gettext("%(name)s is already on the list.") % {"name": delegation.country.name}
        ) from exc


def withdraw_from_list(*, entry: SpeakerEntry, delegation: Delegation, by) -> SpeakerEntry:
    """A delegation takes its own name off a list before it is called."""
    with transaction.atomic():
        session = _locked_session(entry.speakers_list.session)
        entry = SpeakerEntry.objects.get(pk=entry.pk)
        if entry.delegation_id != delegation.pk:
            raise FloorError(gettext("You can only withdraw your own delegation."))
        if entry.status == SpeakerEntry.Status.SPEAKING:
            raise FloorError(gettext("You have the floor: yield instead of withdrawing."))
        if entry.status != SpeakerEntry.Status.WAITING:
            raise FloorError(gettext("You are no longer on this list."))
        entry.status = SpeakerEntry.Status.WITHDRAWN
        entry.save(update_fields=["status"])
        proc.bump_clock(session.committee_id)
        return entry


def remove_speaker(*, entry: SpeakerEntry, by) -> SpeakerEntry:
    with transaction.atomic():
        session = _locked_session(entry.speakers_list.session)
        entry = SpeakerEntry.objects.get(pk=entry.pk)
        if entry.status != SpeakerEntry.Status.WAITING:
            raise FloorError(gettext("Only a delegation waiting on the list can be removed."))
        entry.status = SpeakerEntry.Status.REMOVED
        entry.save(update_fields=["status"])
        proc.bump_clock(session.committee_id)
        return entry


def move_speaker(*, entry: SpeakerEntry, direction: str, by) -> SpeakerEntry:
    """Reorder a waiting delegation: "up", "down" or "top" of the list."""
    if direction not in {"up", "down", "top"}:
        raise FloorError(gettext("Move up, down or to the top."))
    with transaction.atomic():
        session = _locked_session(entry.speakers_list.session)
        waiting = list(
            SpeakerEntry.objects.filter(
                speakers_list_id=entry.speakers_list_id, status=SpeakerEntry.Status.WAITING
            ).order_by("position", "id")
        )
        index = next((i for i, e in enumerate(waiting) if e.pk == entry.pk), None)
        if index is None:
            raise FloorError(gettext("Only a delegation waiting on the list can be moved."))
        slots = [e.position for e in waiting]
        moving = waiting.pop(index)
        target = {"up": max(0, index - 1), "down": index + 1, "top": 0}[direction]
        waiting.insert(min(target, len(waiting)), moving)
        # The same positions, handed out in the new order.
        for item, slot in zip(waiting, slots, strict=True):
            item.position = slot
        SpeakerEntry.objects.bulk_update(waiting, ["position"])
        proc.bump_clock(session.committee_id)
        return moving


def set_list_open(*, session: Session, is_open: bool, by) -> SpeakersList:
    with transaction.atomic():
        session = _locked_session(session)
        speakers = _current_list(session)
        speakers.is_open = is_open
        speakers.save(update_fields=["is_open"])
        proc.bump_clock(session.committee_id)
        return speakers


def set_speaking_time(*, session: Session, seconds: Any, by) -> SpeakersList:
    """The chair sets the speaking time of the current list (the next speech uses it)."""
    try:
        cleaned = motion_rules.clean_params(
            MotionKind.SET_SPEAKING_TIME, {"speaking_time": seconds}
        )
    except motion_rules.MotionError as exc:
        raise FloorError(str(exc)) from exc
    with transaction.atomic():
        session = _locked_session(session)
        speakers = _current_list(session)
        speakers.speaking_time = cleaned["speaking_time"]
        speakers.save(update_fields=["speaking_time"])
        proc.bump_clock(session.committee_id)
        return speakers


def recognise_next(*, session: Session, by, entry: SpeakerEntry | None = None) -> Speech:
    """End the current speech (if any) and give the floor to the first delegation waiting, or
    to `entry` (the chair picks a delegation on the list, as in a moderated caucus)."""
    with transaction.atomic():
        session = _locked_session(session)
        caucus = _running_caucus(session)
        if caucus is not None and not caucus.is_moderated:
            raise FloorError(gettext("Nobody is recognised during an unmoderated caucus."))
        speakers = _current_list(session)
        waiting = SpeakerEntry.objects.filter(
            speakers_list=speakers, status=SpeakerEntry.Status.WAITING
        ).select_related("delegation__country")
        if entry is not None:
            entry = waiting.filter(pk=entry.pk).first()
            if entry is None:
                raise FloorError(
                    gettext("That delegation is no longer waiting on the current list.")
                )
        else:
            entry = waiting.order_by("position", "id").first()
        if entry is None:
            raise FloorError(gettext("Nobody is waiting on the speakers list."))
        now = timezone.now()
        current = _current_speech(session)
        if current is not None:
            _end_speech(current, now)
        entry.status = SpeakerEntry.Status.SPEAKING
        entry.save(update_fields=["status"])
        speech = Speech.objects.create(
            session=session,
            speakers_list=speakers,
            entry=entry,
            delegation=entry.delegation,
            duration=speakers.speaking_time,
            started_at=now,
            recognised_by=by,
        )
        proc.bump_clock(session.committee_id)
        return speech


def end_speech(*, session: Session, by) -> Speech:
    with transaction.atomic():
        session = _locked_session(session)
        speech = _current_speech(session)
        if speech is None:
            raise FloorError(gettext("Nobody has the floor."))
        _end_speech(speech, timezone.now())
        proc.bump_clock(session.committee_id)
        return speech


def yield_floor(
    *, session: Session, to: str, by, delegation: Delegation | None = None, speaker=None
) -> Speech:
    """The speaker yields the time left: to the chair, to another delegation, or to questions.

    `speaker` (a delegation) is set when the speaker yields from their own device: it must be
    the delegation that has the floor.
    """
    if to not in {"chair", "delegate", "questions"}:
        raise FloorError(gettext("Yield to the chair, to a delegation or to questions."))
    with transaction.atomic():
        session = _locked_session(session)
        speech = _current_speech(session)
        if speech is None:
            raise FloorError(gettext("Nobody has the floor."))
        if speaker is not None and speech.delegation_id != speaker.pk:
            raise FloorError(gettext("Only the delegation that has the floor can yield it."))
        if speech.yielded:
            raise FloorError(gettext("This speaker has already yielded."))
        now = timezone.now()
        settings = settings_for(session.committee_id)
        left = speech.timer.remaining(now)
        if to == "chair":
            speech.yielded = Speech.Yield.CHAIR
            speech.save(update_fields=["yielded"])
            _end_speech(speech, now)
            result = speech
        elif to == "questions":
            if not settings.yield_to_questions:
                raise FloorError(
                    gettext("This committee's rules do not allow yields to questions.")
                )
            if left <= 0:
                raise FloorError(gettext("No time is left to yield."))
            speech.yielded = Speech.Yield.QUESTIONS
            speech.save(update_fields=["yielded"])
            result = speech
        else:
            if not settings.yield_to_delegate:
                raise FloorError(
                    gettext("This committee's rules do not allow yields to a delegation.")
                )
            if delegation is None:
                raise FloorError(gettext("Choose the delegation to yield to."))
            _same_committee(session, delegation)
            if delegation.pk == speech.delegation_id:
                raise FloorError(gettext("A delegation cannot yield to itself."))
            if left < 1:
                raise FloorError(gettext("No time is left to yield."))
            speech.yielded = Speech.Yield.DELEGATE
            speech.yielded_to = delegation
            speech.save(update_fields=["yielded", "yielded_to"])
            _end_speech(speech, now)
            result = Speech.objects.create(
                session=session,
                speakers_list_id=speech.speakers_list_id,
                delegation=delegation,
                kind=Speech.Kind.YIELDED,
                duration=int(left),
                started_at=now,
                recognised_by=by,
            )
        proc.bump_clock(session.committee_id)
        return result


def _timer_target(session: Session, what: str):
    if what == "speech":
        target = _current_speech(session)
        if target is None:
            raise FloorError(gettext("Nobody has the floor."))
        return target
    if what == "caucus":
        target = Caucus.objects.select_for_update().filter(session=session, ended_at=None).first()
        if target is None:
            raise FloorError(gettext("No caucus is running."))
        return target
    raise FloorError(gettext("Pause the speech or the caucus."))


def pause_timer(*, session: Session, what: str, by):
    with transaction.atomic():
        session = _locked_session(session)
        target = _timer_target(session, what)
        try:
            target.set_timer(target.timer.pause(timezone.now()))
        except timers.TimerError as exc:
            raise FloorError(str(exc)) from exc
        target.save(update_fields=["paused_at"])
        proc.bump_clock(session.committee_id)
        return target


def resume_timer(*, session: Session, what: str, by):
    with transaction.atomic():
        session = _locked_session(session)
        target = _timer_target(session, what)
        try:
            target.set_timer(target.timer.resume(timezone.now()))
        except timers.TimerError as exc:
            raise FloorError(str(exc)) from exc
        target.save(update_fields=["paused_at", "paused_seconds"])
        proc.bump_clock(session.committee_id)
        return target


# --- caucuses --------------------------------------------------------------------------------


def _start_caucus(session: Session, kind: str, params: Mapping[str, Any], proposer, now) -> Caucus:
    running = _running_caucus(session)
    if running is not None:
        _close_caucus(running, now)
    current = _current_speech(session)
    if current is not None:
        _end_speech(current, now)
    caucus = Caucus.objects.create(
        session=session,
        kind=kind,
        topic=params.get("topic", ""),
        duration=params["total"],
        speaking_time=params.get("speaking_time"),
        proposed_by=proposer,
        started_at=now,
    )
    if caucus.is_moderated:
        SpeakersList.objects.create(
            session=session, caucus=caucus, speaking_time=params["speaking_time"]
        )
    return caucus


def _close_caucus(caucus: Caucus, now) -> None:
    caucus.ended_at = now
    caucus.save(update_fields=["ended_at"])
    current = Speech.objects.filter(
        session_id=caucus.session_id, ended_at__isnull=True, speakers_list__caucus=caucus
    ).first()
    if current is not None:
        _end_speech(current, now)


def end_caucus(*, session: Session, by) -> Caucus:
    with transaction.atomic():
        session = _locked_session(session)
        caucus = _running_caucus(session)
        if caucus is None:
            raise FloorError(gettext("No caucus is running."))
        _close_caucus(caucus, timezone.now())
        proc.bump_clock(session.committee_id)
        return caucus


# --- motions ---------------------------------------------------------------------------------


def raise_motion(
    *,
    session: Session,
    kind: str,
    params: Mapping[str, Any],
    delegation: Delegation | None,
    by,
    by_chair: bool = False,
) -> FloorMotion:
    """A delegation raises a motion (or the chair enters one for it)."""
    try:
        kind = MotionKind(kind)
    except ValueError as exc:
        raise FloorError(gettext("Choose a motion from the list.")) from exc
    if delegation is None and not by_chair:
        raise FloorError(gettext("Only a delegation raises motions."))
    if delegation is not None:
        _same_committee(session, delegation)
    try:
        cleaned = motion_rules.clean_params(kind, params)
    except motion_rules.MotionError as exc:
        raise FloorError(str(exc)) from exc
    with transaction.atomic():
        session = _locked_session(session)
        allowed = motion_rules.may_raise(floor_state(session), kind)
        if not allowed.ok:
            raise FloorError(allowed.reason)
        if (
            delegation is not None
            and FloorMotion.objects.filter(
                session=session,
                kind=kind,
                raised_by=delegation,
                status=FloorMotion.Status.PENDING,
            ).exists()
        ):
            raise FloorError(
                gettext("%(name)s already has this motion on the floor.")
                % {"name": delegation.country.name}
            )
        motion = FloorMotion.objects.create(
            session=session,
            kind=kind,
            params=cleaned,
            title=motion_rules.describe(kind, cleaned),
            raised_by=delegation,
            entered_by=by,
        )
        proc.bump_clock(session.committee_id)
        return motion


def _locked_motion(motion: FloorMotion) -> tuple[Session, FloorMotion]:
    session = _locked_session(motion.session)
    return session, FloorMotion.objects.select_for_update().get(pk=motion.pk)


def second_motion(*, motion: FloorMotion, delegation: Delegation, by) -> FloorMotion:
    with transaction.atomic():
        session, motion = _locked_motion(motion)
        _same_committee(session, delegation)
        if motion.status != FloorMotion.Status.PENDING:
            raise FloorError(gettext("This motion is no longer on the floor."))
        if motion.raised_by_id == delegation.pk:
            raise FloorError(gettext("A delegation cannot second its own motion."))
        if motion.seconded_by_id:
            raise FloorError(gettext("This motion is already seconded."))
        motion.seconded_by = delegation
        motion.save(update_fields=["seconded_by"])
        proc.bump_clock(session.committee_id)
        return motion


def withdraw_floor_motion(*, motion: FloorMotion, delegation: Delegation, by) -> FloorMotion:
    with transaction.atomic():
        session, motion = _locked_motion(motion)
        if motion.raised_by_id != delegation.pk:
            raise FloorError(gettext("Only the delegation that raised a motion can withdraw it."))
        if motion.status != FloorMotion.Status.PENDING:
            raise FloorError(gettext("Only a motion still on the floor can be withdrawn."))
        motion.status = FloorMotion.Status.WITHDRAWN
        motion.decided_at = timezone.now()
        motion.save(update_fields=["status", "decided_at"])
        proc.bump_clock(session.committee_id)
        return motion


def rule_out_of_order(*, motion: FloorMotion, by, reason: str = "") -> FloorMotion:
    reason = " ".join((reason or "").split())[:300] or "Ruled out of order by the chair."
    with transaction.atomic():
        session, motion = _locked_motion(motion)
        if motion.status != FloorMotion.Status.PENDING:
            raise FloorError(gettext("Only a motion still on the floor can be ruled out of order."))
        motion.status = FloorMotion.Status.OUT_OF_ORDER
        motion.ruling = reason
        motion.decided_at = timezone.now()
        motion.save(update_fields=["status", "ruling", "decided_at"])
        proc.bump_clock(session.committee_id)
        return motion


def _pending(session: Session) -> list[FloorMotion]:
    return list(FloorMotion.objects.filter(session=session, status=FloorMotion.Status.PENDING))


def put_to_vote(*, motion: FloorMotion, method: str, by) -> Vote:
    """Open a vote on the motion first in precedence, with its own majority."""
    with transaction.atomic():
        session, motion = _locked_motion(motion)
        if motion.status != FloorMotion.Status.PENDING:
            raise FloorError(gettext("This motion is no longer on the floor."))
        profile = rules_for(session.committee)
        rule = motion_rules.rules_for(profile, motion.kind)
        first = pending_in_order(profile, _pending(session))[0]
        if first.pk != motion.pk:
            raise FloorError(
                gettext(
                    "“%(title)s” comes first in the order of precedence: put it to the vote (or rule it out of order) first."
                )
                % {"title": first.title}
            )
        if rule.needs_second and motion.seconded_by_id is None:
            raise FloorError(gettext("This motion needs a second before it is put to the vote."))
        allowed = motion_rules.may_raise(floor_state(session), motion.kind)
        if not allowed.ok:
            raise FloorError(
                gettext("%(reason)s Rule the motion out of order instead.")
                % {"reason": allowed.reason}
            )
        vote_motion = motion.motion
        if vote_motion is None:
            vote_motion = Motion.objects.create(
                committee_id=session.committee_id,
                kind="procedural",
                title=motion.title[:300],
                proposed_by=motion.raised_by,
                created_by=by,
            )
            motion.motion = vote_motion
        motion.status = FloorMotion.Status.VOTING
        motion.save(update_fields=["motion", "status"])
        # open_vote asks for the motion's own majority (receiver `on_vote_opened` below).
        vote = proc.open_vote(motion=vote_motion, method=method, by=by)
        return vote


def motion_majority(motion: Motion, profile) -> str | None:
    """The majority a floor motion is voted with, or None for any other motion."""
    floor_motion = FloorMotion.objects.filter(motion=motion).first()
    if floor_motion is None:
        return None
    return motion_rules.rules_for(profile, floor_motion.kind).majority


def on_vote_opened(sender, *, motion: Motion, vote: Vote, **kwargs) -> None:
    """A vote on a floor motion takes the motion's own majority (from the profile)."""
    majority = motion_majority(motion, rules_for(vote.committee))
    if majority is None:
        return
    vote.majority = majority
    vote.save(update_fields=["majority"])
    FloorMotion.objects.filter(motion=motion).update(status=FloorMotion.Status.VOTING)


def on_vote_cancelled(sender, *, motion: Motion, **kwargs) -> None:
    FloorMotion.objects.filter(motion=motion, status=FloorMotion.Status.VOTING).update(
        status=FloorMotion.Status.PENDING
    )


def on_vote_closed(sender, *, motion: Motion, vote: Vote, result, **kwargs) -> None:
    """Apply a floor motion's outcome inside the vote's closing transaction."""
    floor_motion = FloorMotion.objects.filter(motion=motion).select_related("session").first()
    if floor_motion is None:
        return
    session = Session.objects.select_for_update().get(pk=floor_motion.session_id)
    now = timezone.now()
    floor_motion.status = FloorMotion.Status.PASSED if result.passed else FloorMotion.Status.FAILED
    floor_motion.result = result.explanation[:300]
    floor_motion.decided_at = now
    floor_motion.save(update_fields=["status", "result", "decided_at"])
    if not result.passed:
        return
    _apply(session, floor_motion, now)
    profile = rules_for(session.committee)
    others = _pending(session)
    passed = motion_rules.PendingMotion(
        key=floor_motion.pk,
        kind=floor_motion.motion_kind,
        params=floor_motion.params,
        raised_order=floor_motion.pk,
    )
    lapsing = motion_rules.lapse_after(
        profile,
        passed,
        [
            motion_rules.PendingMotion(
                key=m.pk, kind=m.motion_kind, params=m.params, raised_order=0
            )
            for m in others
        ],
    )
    if lapsing:
        FloorMotion.objects.filter(pk__in=[m.key for m in lapsing]).update(
            status=FloorMotion.Status.LAPSED,
            decided_at=now,
            ruling=f"Lapsed when “{floor_motion.title}” passed.",
        )


def _apply(session: Session, motion: FloorMotion, now) -> None:
    kind, params = motion.motion_kind, motion.params
    if kind in (MotionKind.OPEN_SPEAKERS_LIST, MotionKind.CLOSE_SPEAKERS_LIST):
        speakers = _general_list(session)
        speakers.is_open = kind is MotionKind.OPEN_SPEAKERS_LIST
        speakers.save(update_fields=["is_open"])
    elif kind is MotionKind.SET_SPEAKING_TIME:
        speakers = _general_list(session)
        speakers.speaking_time = params["speaking_time"]
        speakers.save(update_fields=["speaking_time"])
    elif kind is MotionKind.MODERATED_CAUCUS:
        _start_caucus(session, Caucus.Kind.MODERATED, params, motion.raised_by, now)
    elif kind is MotionKind.UNMODERATED_CAUCUS:
        _start_caucus(session, Caucus.Kind.UNMODERATED, params, motion.raised_by, now)
    elif kind is MotionKind.EXTEND_CAUCUS:
        caucus = Caucus.objects.select_for_update().filter(session=session, ended_at=None).first()
        if caucus is not None:
            caucus.set_timer(caucus.timer.extend(params["total"]))
            caucus.extended_seconds += params["total"]
            caucus.save(update_fields=["duration", "extended_seconds"])
    elif kind is MotionKind.CLOSURE_OF_DEBATE:
        caucus = _running_caucus(session)
        if caucus is not None:
            _close_caucus(caucus, now)
        current = _current_speech(session)
        if current is not None:
            _end_speech(current, now)
        speakers = _general_list(session)
        speakers.debate_closed_at = now
        speakers.is_open = False
        speakers.save(update_fields=["debate_closed_at", "is_open"])
    elif kind is MotionKind.SUSPEND_MEETING:
        # The room stops: the speech and the caucus keep their time left, and the chair
        # resumes them from the dashboard when the meeting resumes.
        _pause_running(session, now)
    elif kind is MotionKind.ADJOURN_MEETING:
        # The meeting ends: nobody keeps the floor, the caucus ends, the session closes (its
        # record stays); the next meeting is a new session.
        caucus = _running_caucus(session)
        if caucus is not None:
            _close_caucus(caucus, now)
        current = _current_speech(session)
        if current is not None:
            _end_speech(current, now)
        session.closed_at = now
        session.save(update_fields=["closed_at"])
    # The other kinds are recorded with their result, and the dashboard tells the chair what
    # is left to do by hand (`motion_rules.follow_up`): introducing a draft, the voting method.


def _pause_running(session: Session, now) -> None:
    targets = [_current_speech(session)]
    targets.append(
        Caucus.objects.select_for_update().filter(session=session, ended_at=None).first()
    )
    for target in targets:
        if target is None or target.paused_at is not None or target.started_at is None:
            continue
        try:
            target.set_timer(target.timer.pause(now))
        except timers.TimerError:
            continue
        target.save(update_fields=["paused_at"])


def reopen_debate(*, session: Session, by) -> SpeakersList:
    """After voting procedure, the chair returns the committee to debate (a new agenda item)."""
    with transaction.atomic():
        session = _locked_session(session)
        speakers = _general_list(session)
        if speakers.debate_closed_at is None:
            raise FloorError(gettext("Debate is not closed."))
        speakers.debate_closed_at = None
        speakers.is_open = True
        speakers.save(update_fields=["debate_closed_at", "is_open"])
        proc.bump_clock(session.committee_id)
        return speakers


# --- points and rights of reply --------------------------------------------------------------


def raise_point(
    *, session: Session, delegation: Delegation, kind: str, text: str = "", by
) -> Point:
    if kind not in Point.Kind.values:
        raise FloorError(gettext("Choose the kind of point."))
    _same_committee(session, delegation)
    text = " ".join((text or "").split())
    if len(text) > 300:
        raise FloorError(gettext("Keep the point under 300 characters."))
    with transaction.atomic():
        session = _locked_session(session)
        speech = None
        if kind == Point.Kind.INFORMATION:
            speech = _current_speech(session)
            if speech is None or speech.yielded != Speech.Yield.QUESTIONS:
                raise FloorError(
                    gettext(
                        "A point of information is a question to a speaker who yielded to questions."
                    )
                )
            if speech.delegation_id == delegation.pk:
                raise FloorError(gettext("You cannot put a question to yourself."))
        if Point.objects.filter(
            session=session, delegation=delegation, kind=kind, status=Point.Status.WAITING
        ).exists():
            raise FloorError(
                gettext("%(name)s already has this point waiting.")
                % {"name": delegation.country.name}
            )
        point = Point.objects.create(
            session=session, delegation=delegation, kind=kind, text=text, speech=speech
        )
        proc.bump_clock(session.committee_id)
        return point


POINT_DECISIONS = {
    "acknowledge": (Point.Status.ACKNOWLEDGED, "Acknowledged"),
    "well_taken": (Point.Status.RULED, "Well taken"),
    "not_well_taken": (Point.Status.RULED, "Not well taken"),
    "dismiss": (Point.Status.DISMISSED, "Dismissed"),
}


def decide_point(*, point: Point, decision: str, by, ruling: str = "") -> Point:
    if decision not in POINT_DECISIONS:
        raise FloorError(gettext("Acknowledge, rule on or dismiss the point."))
    status, words = POINT_DECISIONS[decision]
    with transaction.atomic():
        session = _locked_session(point.session)
        point = Point.objects.get(pk=point.pk)
        if point.status != Point.Status.WAITING:
            raise FloorError(gettext("This point has already been dealt with."))
        point.status = status
        point.ruling = (" ".join((ruling or "").split()) or words)[:300]
        point.decided_at = timezone.now()
        point.decided_by = by
        point.save(update_fields=["status", "ruling", "decided_at", "decided_by"])
        proc.bump_clock(session.committee_id)
        return point


def withdraw_point(*, point: Point, delegation: Delegation, by) -> Point:
    with transaction.atomic():
        session = _locked_session(point.session)
        point = Point.objects.get(pk=point.pk)
        if point.delegation_id != delegation.pk:
            raise FloorError(gettext("You can only withdraw your own point."))
        if point.status != Point.Status.WAITING:
            raise FloorError(gettext("This point has already been dealt with."))
        point.status = Point.Status.WITHDRAWN
        point.save(update_fields=["status"])
        proc.bump_clock(session.committee_id)
        return point


def request_reply(*, session: Session, delegation: Delegation, reason: str, by) -> ReplyRequest:
    _same_committee(session, delegation)
    reason = " ".join((reason or "").split())
    if not reason:
        raise FloorError(gettext("Say why you ask for a right of reply."))
    if len(reason) > 300:
        raise FloorError(gettext("Keep the reason under 300 characters."))
    try:
        with transaction.atomic():
            session = _locked_session(session)
            if ReplyRequest.objects.filter(
                session=session, delegation=delegation, status=ReplyRequest.Status.REQUESTED
            ).exists():
                raise FloorError(
                    gettext("%(name)s has already asked for a reply.")
                    % {"name": delegation.country.name}
                )
            reply = ReplyRequest.objects.create(
                session=session, delegation=delegation, reason=reason
            )
            proc.bump_clock(session.committee_id)
            return reply
    except IntegrityError as exc:
        raise FloorError(
            gettext("%(name)s has already asked for a reply.") % {"name": delegation.country.name}
        ) from exc


def decide_reply(*, reply: ReplyRequest, grant: bool, by, ruling: str = "") -> ReplyRequest:
    """Grant (the reply is timed from now if nobody speaks) or refuse a right of reply."""
    with transaction.atomic():
        session = _locked_session(reply.session)
        reply = ReplyRequest.objects.select_related("delegation").get(pk=reply.pk)
        if reply.status != ReplyRequest.Status.REQUESTED:
            raise FloorError(gettext("This request has already been decided."))
        now = timezone.now()
        reply.status = ReplyRequest.Status.GRANTED if grant else ReplyRequest.Status.REFUSED
        reply.ruling = (" ".join((ruling or "").split()) or ("Granted" if grant else "Refused"))[
            :300
        ]
        reply.decided_at = now
        reply.decided_by = by
        if grant and _current_speech(session) is None:
            reply.speech = _reply_speech(session, reply, now, by)
        reply.save(update_fields=["status", "ruling", "decided_at", "decided_by", "speech"])
        proc.bump_clock(session.committee_id)
        return reply


def _reply_speech(session: Session, reply: ReplyRequest, now, by) -> Speech:
    return Speech.objects.create(
        session=session,
        delegation=reply.delegation,
        kind=Speech.Kind.REPLY,
        duration=settings_for(session.committee_id).reply_time,
        started_at=now,
        recognised_by=by,
    )


def start_reply(*, reply: ReplyRequest, by) -> Speech:
    """Give the floor for a granted reply that waited for the speaker before it."""
    with transaction.atomic():
        session = _locked_session(reply.session)
        reply = ReplyRequest.objects.select_related("delegation").get(pk=reply.pk)
        if reply.status != ReplyRequest.Status.GRANTED or reply.speech_id:
            raise FloorError(gettext("Only a granted reply that has not been given can start."))
        now = timezone.now()
        current = _current_speech(session)
        if current is not None:
            _end_speech(current, now)
        reply.speech = _reply_speech(session, reply, now, by)
        reply.save(update_fields=["speech"])
        proc.bump_clock(session.committee_id)
        return reply.speech


def withdraw_reply(*, reply: ReplyRequest, delegation: Delegation, by) -> ReplyRequest:
    with transaction.atomic():
        session = _locked_session(reply.session)
        reply = ReplyRequest.objects.get(pk=reply.pk)
        if reply.delegation_id != delegation.pk:
            raise FloorError(gettext("You can only withdraw your own request."))
        if reply.status != ReplyRequest.Status.REQUESTED:
            raise FloorError(gettext("This request has already been decided."))
        reply.status = ReplyRequest.Status.WITHDRAWN
        reply.save(update_fields=["status"])
        proc.bump_clock(session.committee_id)
        return reply


# --- notes -----------------------------------------------------------------------------------


def _locked_settings(committee_id: int) -> FloorSettings:
    FloorSettings.objects.get_or_create(committee_id=committee_id)
    return FloorSettings.objects.select_for_update().get(committee_id=committee_id)


def send_note(
    *,
    committee: Committee,
    sender: Delegation,
    recipient: Delegation | None,
    text: str,
    by,
) -> Note:
    """A note to another delegation (or to the chair, `recipient=None`)."""
    text = (text or "").strip()
    if sender.committee_id != committee.pk or (
        recipient is not None and recipient.committee_id != committee.pk
    ):
        raise FloorError(gettext("That delegation does not sit in this committee."))
    if recipient is not None and recipient.pk == sender.pk:
        raise FloorError(gettext("Choose another delegation (or the chair)."))
    if not text:
        raise FloorError(gettext("Write the note first."))
    with transaction.atomic():
        settings = _locked_settings(committee.pk)
        if settings.note_mode == FloorSettings.NoteMode.OFF:
            raise FloorError(gettext("This committee does not pass notes."))
        if settings.notes_paused:
            raise FloorError(gettext("The chair has paused note passing. Your note was not sent."))
        if len(text) > settings.note_limit:
            raise FloorError(
                gettext("Keep notes under %(note_limit)s characters (this one has %(text_count)s).")
                % {"note_limit": settings.note_limit, "text_count": len(text)}
            )
        needs_approval = (
            settings.note_mode == FloorSettings.NoteMode.APPROVAL and recipient is not None
        )
        note = Note.objects.create(
            committee=committee,
            sender=sender,
            recipient=recipient,
            text=text,
            sent_by=by,
            status=Note.Status.PENDING if needs_approval else Note.Status.DELIVERED,
        )
        proc.bump_clock(committee.pk)
        return note


def decide_note(*, note: Note, approve: bool, by) -> Note:
    with transaction.atomic():
        _locked_settings(note.committee_id)
        note = Note.objects.select_for_update().get(pk=note.pk)
        if note.status != Note.Status.PENDING:
            raise FloorError(gettext("This note has already been decided."))
        note.status = Note.Status.DELIVERED if approve else Note.Status.REFUSED
        note.decided_at = timezone.now()
        note.decided_by = by
        note.save(update_fields=["status", "decided_at", "decided_by"])
        proc.bump_clock(note.committee_id)
        return note


def mark_notes_read(*, delegation: Delegation, by) -> int:
    with transaction.atomic():
        count = Note.objects.filter(
            recipient=delegation, status=Note.Status.DELIVERED, read_at__isnull=True
        ).update(read_at=timezone.now())
        if count:
            proc.bump_clock(delegation.committee_id)
        return count


def update_floor_settings(*, committee: Committee, by, **changes) -> FloorSettings:
    """The chair changes note passing (mode, pause, length) or default times."""
    allowed = {
        "note_mode": lambda v: v in FloorSettings.NoteMode.values,
        "notes_paused": lambda v: isinstance(v, bool),
        "note_limit": lambda v: isinstance(v, int) and 20 <= v <= 500,
        "speaking_time": lambda v: isinstance(v, int) and 10 <= v <= 600,
        "reply_time": lambda v: isinstance(v, int) and 10 <= v <= 300,
        "yield_to_delegate": lambda v: isinstance(v, bool),
        "yield_to_questions": lambda v: isinstance(v, bool),
    }
    messages = {
        "note_mode": "Choose direct, approval or no note passing.",
        "note_limit": "Notes may be 20 to 500 characters long.",
        "speaking_time": "The speaking time must be between 10 s and 10 min.",
        "reply_time": "A reply must last between 10 s and 5 min.",
    }
    for name, value in changes.items():
        if name not in allowed:
            raise FloorError(gettext("Unknown setting “%(name)s”.") % {"name": name})
        if not allowed[name](value):
            raise FloorError(messages.get(name, f"Invalid value for {name}."))
    with transaction.atomic():
        settings = _locked_settings(committee.pk)
        for name, value in changes.items():
            setattr(settings, name, value)
        settings.save()
        proc.bump_clock(committee.pk)
        return settings
