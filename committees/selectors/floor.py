"""Reads for the floor: what the chair's panel, the projector and a delegate's phone show.

`floor_room` builds the whole picture in a fixed number of queries, whatever the number of
speakers, motions, points or notes. Timers are given as snapshots taken at one server instant
(`now`), so the chair, the projector and every phone count down from the same second.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from committees.access import CommitteeRole
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
from committees.models.procedure import Session, Vote
from committees.selectors.procedure import clock_version, current_session, rules_for

RECENT_MOTIONS = 6
NOTES_SHOWN = 30


@dataclass
class MotionRow:
    motion: FloorMotion
    rule: motion_rules.MotionRule
    first: bool = False  # next to be put to the vote

    @property
    def majority_label(self) -> str:
        return motion_rules.Majority(self.rule.majority).label

    @property
    def awaiting_second(self) -> bool:
        return self.rule.needs_second and self.motion.seconded_by_id is None


@dataclass
class FloorRoom:
    committee: Committee
    now: object
    version: int
    session: Session | None
    settings: FloorSettings
    state: motion_rules.FloorState
    general: SpeakersList | None = None
    caucus: Caucus | None = None
    caucus_timer: timers.Snapshot | None = None
    current_list: SpeakersList | None = None
    waiting: list[SpeakerEntry] = field(default_factory=list)
    speech: Speech | None = None
    speech_timer: timers.Snapshot | None = None
    motions: list[MotionRow] = field(default_factory=list)
    recent_motions: list[FloorMotion] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)
    replies: list[ReplyRequest] = field(default_factory=list)
    notes_pending: list[Note] = field(default_factory=list)
    notes_to_chair: list[Note] = field(default_factory=list)
    in_order: list[motion_rules.MotionKind] = field(default_factory=list)
    delegations: list[Delegation] = field(default_factory=list)
    last_caucus: Caucus | None = None

    @property
    def phase(self) -> str:
        return self.state.phase.value

    @property
    def phase_label(self) -> str:
        if self.session is None:
            return "No session"
        return {
            "debate": "Formal debate",
            "moderated_caucus": "Moderated caucus",
            "unmoderated_caucus": "Unmoderated caucus",
            "voting_procedure": "Voting procedure",
        }[self.phase]

    @property
    def speaking_time(self) -> int:
        if self.current_list is not None:
            return self.current_list.speaking_time
        return self.settings.speaking_time

    @property
    def list_open(self) -> bool:
        return self.current_list.is_open if self.current_list else True

    @property
    def has_list(self) -> bool:
        """Speakers are taken from a list now (not in an unmoderated caucus or voting)."""
        return self.session is not None and self.phase in ("debate", "moderated_caucus")


@dataclass
class DelegateFloor:
    room: FloorRoom
    delegation: Delegation | None
    my_entry: SpeakerEntry | None = None
    my_place: int | None = None
    my_motions: list[FloorMotion] = field(default_factory=list)
    my_points: list[Point] = field(default_factory=list)
    my_replies: list[ReplyRequest] = field(default_factory=list)
    inbox: list[Note] = field(default_factory=list)
    outbox: list[Note] = field(default_factory=list)
    unread: int = 0
    others: list[Delegation] = field(default_factory=list)

    @property
    def speaking(self) -> bool:
        speech = self.room.speech
        return bool(speech and self.delegation and speech.delegation_id == self.delegation.pk)


def pending_in_order(profile, motions) -> list[FloorMotion]:
    """Motions on the floor in the order they are put to the vote (the motion engine's)."""
    by_key = {m.pk: m for m in motions}
    ordered = motion_rules.order_on_floor(
        profile,
        [
            motion_rules.PendingMotion(
                key=m.pk, kind=m.motion_kind, params=m.params, raised_order=m.pk
            )
            for m in motions
        ],
    )
    return [by_key[p.key] for p in ordered]


def settings_of(committee: Committee) -> FloorSettings:
    return FloorSettings.objects.filter(committee=committee).first() or FloorSettings(
        committee=committee
    )


def floor_room(
    committee: Committee, *, for_chair: bool = True, requests: bool = True, room=None
) -> FloorRoom:
    """The state of the floor. About a dozen queries for the chair, fewer for others.

    `requests=False` (the projector) leaves out motions, points and replies.
    `room` (the procedure selector's `Room`, already read for the same page) lends its
    session, clock, roll and open vote, so the dashboard does not read them twice.
    """
    if room is not None:
        version, session = room.version, room.session
        delegations = [row.delegation for row in room.roll]
        vote_open = room.open is not None
        profile = room.rules
    else:
        version, session = clock_version(committee.pk), current_session(committee)
        delegations = None
        vote_open = None
        profile = None
    now = timezone.now()
    settings = settings_of(committee)
    if for_chair and delegations is None:
        delegations = list(committee.delegations.select_related("country"))
    if session is None:
        return FloorRoom(
            committee=committee,
            now=now,
            version=version,
            session=None,
            settings=settings,
            state=motion_rules.FloorState(session_open=False),
            delegations=list(committee.delegations.select_related("country")) if for_chair else [],
        )
    lists = list(
        SpeakersList.objects.filter(session=session)
        .filter(Q(caucus__isnull=True) | Q(caucus__ended_at__isnull=True))
        .select_related("caucus")
    )
    general = next((s for s in lists if s.caucus_id is None), None)
    caucus = (
        Caucus.objects.filter(session=session)
        .select_related("proposed_by__country")
        .order_by("-created_at", "-id")
        .first()
    )
    last_caucus = None
    if caucus is not None and caucus.ended_at is not None:
        last_caucus, caucus = caucus, None
    caucus_list = next((s for s in lists if caucus and s.caucus_id == caucus.pk), None)
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
    state = motion_rules.FloorState(
        phase=phase,
        speakers_list_open=general.is_open if general else True,
        vote_open=Vote.objects.open().filter(committee=committee).exists()
        if vote_open is None
        else vote_open,
        session_open=True,
    )
    current_list = caucus_list if caucus is not None and caucus.is_moderated else general
    if caucus is not None and not caucus.is_moderated:
        current_list = None
    waiting = []
    if current_list is not None:
        waiting = list(
            SpeakerEntry.objects.filter(
                speakers_list=current_list, status=SpeakerEntry.Status.WAITING
            )
            .select_related("delegation__country")
            .order_by("position", "id")
        )
    speech = (
        Speech.objects.filter(session=session, ended_at__isnull=True)
        .select_related("delegation__country", "yielded_to__country")
        .first()
    )
    rows: list[MotionRow] = []
    if requests:
        profile = profile or rules_for(committee)
        rows = _motion_rows(session, profile)
    room = FloorRoom(
        committee=committee,
        now=now,
        version=version,
        session=session,
        settings=settings,
        state=state,
        general=general,
        caucus=caucus,
        caucus_timer=caucus.timer.snapshot(now) if caucus else None,
        current_list=current_list,
        waiting=waiting,
        speech=speech,
        speech_timer=speech.timer.snapshot(now) if speech else None,
        motions=rows,
        in_order=motion_rules.in_order_now(state, profile) if requests else [],
        last_caucus=last_caucus,
    )
    if not requests:
        return room
    room.points = list(
        Point.objects.filter(session=session, status=Point.Status.WAITING)
        .select_related("delegation__country")
        .order_by("raised_at", "id")
    )
    room.replies = list(
        ReplyRequest.objects.filter(session=session)
        .filter(
            Q(status=ReplyRequest.Status.REQUESTED)
            | Q(status=ReplyRequest.Status.GRANTED, speech__isnull=True)
        )
        .select_related("delegation__country")
        .order_by("raised_at", "id")
    )
    if for_chair:
        room.recent_motions = list(
            FloorMotion.objects.filter(session=session)
            .exclude(status__in=FloorMotion.OPEN)
            .select_related("raised_by__country")
            .order_by("-decided_at", "-id")[:RECENT_MOTIONS]
        )
        notes = list(
            Note.objects.filter(committee=committee)
            .filter(Q(status=Note.Status.PENDING) | Q(recipient__isnull=True))
            .select_related("sender__country", "recipient__country")
            .order_by("-sent_at", "-id")[:NOTES_SHOWN]
        )
        room.notes_pending = [n for n in notes if n.status == Note.Status.PENDING]
        room.notes_to_chair = [n for n in notes if n.recipient_id is None]
        room.delegations = delegations or []
    return room


def _motion_rows(session: Session, profile) -> list[MotionRow]:
    """Motions being voted on first, then those waiting in the order of precedence."""
    open_motions = list(
        FloorMotion.objects.filter(session=session, status__in=FloorMotion.OPEN).select_related(
            "raised_by__country", "seconded_by__country"
        )
    )
    pending = pending_in_order(
        profile, [m for m in open_motions if m.status == FloorMotion.Status.PENDING]
    )
    voting = [m for m in open_motions if m.status == FloorMotion.Status.VOTING]
    rows = [MotionRow(m, motion_rules.rules_for(profile, m.kind)) for m in voting + pending]
    if pending:
        rows[len(voting)].first = True
    return rows


def delegate_floor(committee: Committee, role: CommitteeRole) -> DelegateFloor:
    """A delegation's phone: its place, its requests, the time left, its notes."""
    room = floor_room(committee, for_chair=False)
    mine = DelegateFloor(room=room, delegation=role.delegation)
    delegation = role.delegation
    if delegation is None:
        return mine
    session = room.session
    if session is not None:
        for place, entry in enumerate(room.waiting, start=1):
            if entry.delegation_id == delegation.pk:
                mine.my_entry, mine.my_place = entry, place
        mine.my_motions = list(
            FloorMotion.objects.filter(session=session, raised_by=delegation).order_by(
                "-raised_at", "-id"
            )[:8]
        )
        mine.my_points = list(
            Point.objects.filter(session=session, delegation=delegation).order_by(
                "-raised_at", "-id"
            )[:8]
        )
        mine.my_replies = list(
            ReplyRequest.objects.filter(session=session, delegation=delegation).order_by(
                "-raised_at", "-id"
            )[:4]
        )
    notes = list(
        Note.objects.filter(committee=committee)
        .filter(Q(sender=delegation) | Q(recipient=delegation, status=Note.Status.DELIVERED))
        .select_related("sender__country", "recipient__country")
        .order_by("-sent_at", "-id")[:NOTES_SHOWN]
    )
    mine.inbox = [n for n in notes if n.recipient_id == delegation.pk]
    mine.outbox = [n for n in notes if n.sender_id == delegation.pk]
    mine.unread = sum(1 for n in mine.inbox if n.read_at is None)
    mine.others = [
        d
        for d in committee.delegations.select_related("country").order_by("country__name")
        if d.pk != delegation.pk
    ]
    return mine


# --- the record of a session -----------------------------------------------------------------


@dataclass
class RecordEvent:
    at: object
    kind: str  # speech, motion, point, reply, caucus
    who: str
    what: str
    seconds: int | None = None
    outcome: str = ""


def session_record(session: Session) -> list[RecordEvent]:
    """Everything that happened on the floor of a session, in time order (five queries)."""
    events: list[RecordEvent] = []
    for speech in (
        Speech.objects.filter(session=session, started_at__isnull=False)
        .select_related("delegation__country", "yielded_to__country", "speakers_list__caucus")
        .order_by("started_at", "id")
    ):
        where = "General speakers list"
        if speech.speakers_list_id and speech.speakers_list.caucus_id:
            where = str(speech.speakers_list.caucus)
        if speech.kind == Speech.Kind.REPLY:
            where = "Right of reply"
        elif speech.kind == Speech.Kind.YIELDED:
            where += " (time yielded)"
        outcome = speech.get_yielded_display() if speech.yielded else ""
        if speech.yielded == Speech.Yield.DELEGATE and speech.yielded_to:
            outcome = f"Yielded to {speech.yielded_to.country.name}"
        events.append(
            RecordEvent(
                speech.started_at,
                "speech",
                speech.delegation.country.name,
                where,
                speech.spoken_seconds if speech.ended_at else None,
                outcome or ("" if speech.ended_at else "speaking now"),
            )
        )
    for caucus in Caucus.objects.filter(session=session).select_related("proposed_by__country"):
        events.append(
            RecordEvent(
                caucus.started_at or caucus.created_at,
                "caucus",
                caucus.proposed_by.country.name if caucus.proposed_by else "",
                str(caucus),
                caucus.spoken_seconds if caucus.ended_at else None,
                "ended" if caucus.ended_at else "running",
            )
        )
    for motion in FloorMotion.objects.filter(session=session).select_related(
        "raised_by__country", "seconded_by__country"
    ):
        if motion.result:  # "passes: 8 yes, 2 no; ..." says it all
            outcome = motion.result[:1].upper() + motion.result[1:]
        elif motion.ruling:
            outcome = f"{motion.get_status_display()}: {motion.ruling}"
        else:
            outcome = motion.get_status_display()
        events.append(
            RecordEvent(
                motion.raised_at,
                "motion",
                motion.raised_by.country.name if motion.raised_by else "Chair",
                motion.title,
                None,
                outcome,
            )
        )
    for point in Point.objects.filter(session=session).select_related("delegation__country"):
        events.append(
            RecordEvent(
                point.raised_at,
                "point",
                point.delegation.country.name,
                point.get_kind_display() + (f": {point.text}" if point.text else ""),
                None,
                point.ruling or point.get_status_display(),
            )
        )
    for reply in ReplyRequest.objects.filter(session=session).select_related("delegation__country"):
        events.append(
            RecordEvent(
                reply.raised_at,
                "reply",
                reply.delegation.country.name,
                f"Right of reply: {reply.reason}",
                None,
                reply.ruling or reply.get_status_display(),
            )
        )
    events.sort(key=lambda e: (e.at, e.kind))
    return events


@dataclass
class Activity:
    delegation: Delegation
    speeches: int = 0
    seconds: int = 0
    motions: int = 0
    motions_passed: int = 0
    points: int = 0
    replies: int = 0
    notes_sent: int = 0

    @property
    def total(self) -> int:
        return self.speeches + self.motions + self.points + self.replies


def activity_summary(committee: Committee) -> list[Activity]:
    """Per delegation, over every session: speeches and time spoken, motions, points, replies."""
    rows = {
        d.pk: Activity(d)
        for d in committee.delegations.select_related("country").order_by("country__name")
    }
    # Time spoken: computed per speech from its timer (pauses excluded).
    for speech in Speech.objects.filter(session__committee=committee, ended_at__isnull=False).only(
        "delegation_id", "duration", "started_at", "paused_at", "paused_seconds", "ended_at"
    ):
        rows[speech.delegation_id].speeches += 1
        rows[speech.delegation_id].seconds += speech.spoken_seconds
    for row in (
        FloorMotion.objects.filter(session__committee=committee, raised_by__isnull=False)
        .values("raised_by_id")
        .annotate(n=Count("id"), passed=Count("id", filter=Q(status=FloorMotion.Status.PASSED)))
    ):
        rows[row["raised_by_id"]].motions = row["n"]
        rows[row["raised_by_id"]].motions_passed = row["passed"]
    for row in (
        Point.objects.filter(session__committee=committee)
        .values("delegation_id")
        .annotate(n=Count("id"))
    ):
        rows[row["delegation_id"]].points = row["n"]
    for row in (
        ReplyRequest.objects.filter(session__committee=committee)
        .values("delegation_id")
        .annotate(n=Count("id"))
    ):
        rows[row["delegation_id"]].replies = row["n"]
    for row in Note.objects.filter(committee=committee).values("sender_id").annotate(n=Count("id")):
        rows[row["sender_id"]].notes_sent = row["n"]
    return sorted(rows.values(), key=lambda a: (-a.total, -a.seconds, a.delegation.country.name))
