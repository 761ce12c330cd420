"""The debate on the floor: speakers lists, speeches, caucuses, motions, points, replies, notes.

Everything hangs off a `Session`. Timers (speeches, caucuses) are stored as the server's
start time, duration, pause moment and accumulated pause (see `committees.engines.timers`),
so every screen computes the same time left from one clock.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from committees.engines import motions as motion_rules
from committees.engines import timers

from .people import Committee, Delegation
from .procedure import Motion, Session

NOTE_LIMIT = 500


class FloorSettings(models.Model):
    """How a committee runs its floor: speaking times, yields, replies and note passing."""

    class NoteMode(models.TextChoices):
        DIRECT = "direct", gettext_lazy("Notes pass directly")
        APPROVAL = "approval", gettext_lazy("The chair approves each note")
        OFF = "off", gettext_lazy("No note passing")

    committee = models.OneToOneField(
        Committee, on_delete=models.CASCADE, primary_key=True, related_name="floor_settings"
    )
    speaking_time = models.PositiveIntegerField(
        default=90, help_text="Seconds per speech on a new general speakers list."
    )
    reply_time = models.PositiveIntegerField(default=60, help_text="Seconds for a right of reply.")
    question_time = models.PositiveIntegerField(
        default=30, help_text="Seconds for a point of information put to a speaker."
    )
    yield_to_delegate = models.BooleanField(default=True)
    yield_to_questions = models.BooleanField(default=True)
    note_mode = models.CharField(max_length=10, choices=NoteMode.choices, default=NoteMode.DIRECT)
    notes_paused = models.BooleanField(default=False)
    note_limit = models.PositiveIntegerField(default=300, help_text="Characters per note.")

    class Meta:
        verbose_name_plural = "floor settings"

    def __str__(self) -> str:
        return f"Floor settings of {self.committee_id}"


class TimedMixin(models.Model):
    """A timer kept on the server's clock: start, duration, pause moment, paused so far."""

    duration = models.PositiveIntegerField(help_text="Seconds, extensions included.")
    started_at = models.DateTimeField(null=True, blank=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    paused_seconds = models.FloatField(default=0)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def timer(self) -> timers.Timer:
        # Once ended, the timer is frozen at its end.
        paused_at = self.paused_at or self.ended_at
        return timers.Timer(
            duration=self.duration,
            started_at=self.started_at,
            paused_at=paused_at,
            paused_seconds=self.paused_seconds,
        )

    def set_timer(self, timer: timers.Timer) -> None:
        self.duration = int(round(timer.duration))
        self.started_at = timer.started_at
        self.paused_at = timer.paused_at
        self.paused_seconds = timer.paused_seconds

    def snapshot(self, now=None) -> timers.Snapshot:
        return self.timer.snapshot(now or timezone.now())

    @property
    def spoken_seconds(self) -> int:
        """Time actually used (pauses excluded), once it has ended."""
        end = self.ended_at or timezone.now()
        return int(round(self.timer.elapsed(end)))


class Caucus(TimedMixin):
    class Kind(models.TextChoices):
        MODERATED = "moderated", gettext_lazy("Moderated caucus")
        UNMODERATED = "unmoderated", gettext_lazy("Unmoderated caucus")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="caucuses")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    topic = models.CharField(max_length=200, blank=True)
    speaking_time = models.PositiveIntegerField(null=True, blank=True)
    proposed_by = models.ForeignKey(
        Delegation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    extended_seconds = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "caucuses"
        constraints = [
            models.UniqueConstraint(
                fields=["session"],
                condition=Q(ended_at__isnull=True),
                name="one_running_caucus_per_session",
            ),
            models.CheckConstraint(
                condition=Q(kind="unmoderated") | Q(speaking_time__isnull=False),
                name="moderated_caucus_has_speaking_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.topic}" if self.topic else self.get_kind_display()

    @property
    def is_moderated(self) -> bool:
        return self.kind == self.Kind.MODERATED


class SpeakersList(models.Model):
    """The general speakers list of a session, or the list of one moderated caucus."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="speakers_lists")
    caucus = models.OneToOneField(
        Caucus, on_delete=models.CASCADE, null=True, blank=True, related_name="speakers_list"
    )
    is_open = models.BooleanField(default=True)
    speaking_time = models.PositiveIntegerField(help_text="Seconds per speech.")
    # Closure of debate on the general list: the committee moves into voting procedure.
    debate_closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session"],
                condition=Q(caucus__isnull=True),
                name="one_general_speakers_list_per_session",
            ),
        ]

    def __str__(self) -> str:
        return f"Speakers list of {self.caucus}" if self.caucus_id else "General speakers list"

    @property
    def is_general(self) -> bool:
        return self.caucus_id is None


class SpeakerEntry(models.Model):
    """A delegation's place on a speakers list. One waiting or speaking place per list."""

    class Status(models.TextChoices):
        WAITING = "waiting", gettext_lazy("Waiting")
        SPEAKING = "speaking", gettext_lazy("Speaking")
        SPOKEN = "spoken", gettext_lazy("Spoken")
        REMOVED = "removed", gettext_lazy("Removed by the chair")
        WITHDRAWN = "withdrawn", gettext_lazy("Withdrawn")

    ACTIVE = (Status.WAITING, Status.SPEAKING)

    speakers_list = models.ForeignKey(
        SpeakersList, on_delete=models.CASCADE, related_name="entries"
    )
    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="+")
    # Arrival order; the chair reorders by swapping positions.
    position = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    added_at = models.DateTimeField(default=timezone.now)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    by_chair = models.BooleanField(default=False)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["speakers_list", "delegation"],
                condition=Q(status__in=["waiting", "speaking"]),
                name="one_active_place_per_delegation",
            ),
        ]
        indexes = [models.Index(fields=["speakers_list", "status", "position"])]

    def __str__(self) -> str:
        return f"{self.delegation_id} #{self.position} ({self.status})"


class Speech(TimedMixin):
    class Kind(models.TextChoices):
        SPEECH = "speech", gettext_lazy("Speech")
        YIELDED = "yielded", gettext_lazy("Time yielded by another delegation")
        REPLY = "reply", gettext_lazy("Right of reply")

    class Yield(models.TextChoices):
        NONE = "", "—"
        CHAIR = "chair", gettext_lazy("Yielded to the chair")
        DELEGATE = "delegate", gettext_lazy("Yielded to another delegation")
        QUESTIONS = "questions", gettext_lazy("Yielded to questions")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="speeches")
    speakers_list = models.ForeignKey(
        SpeakersList, on_delete=models.CASCADE, null=True, blank=True, related_name="speeches"
    )
    entry = models.ForeignKey(
        SpeakerEntry, on_delete=models.SET_NULL, null=True, blank=True, related_name="speeches"
    )
    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.SPEECH)
    yielded = models.CharField(max_length=10, choices=Yield.choices, blank=True, default="")
    yielded_to = models.ForeignKey(
        Delegation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recognised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["started_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session"],
                condition=Q(ended_at__isnull=True),
                name="one_speech_at_a_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.delegation_id}"


class FloorMotion(models.Model):
    """A motion raised on the floor, with its parameters; the vote goes through `Motion`."""

    class Status(models.TextChoices):
        PENDING = "pending", gettext_lazy("On the floor")
        VOTING = "voting", gettext_lazy("Being voted on")
        PASSED = "passed", gettext_lazy("Passed")
        FAILED = "failed", gettext_lazy("Failed")
        OUT_OF_ORDER = "out_of_order", gettext_lazy("Ruled out of order")
        LAPSED = "lapsed", gettext_lazy("Lapsed")
        WITHDRAWN = "withdrawn", gettext_lazy("Withdrawn")

    OPEN = (Status.PENDING, Status.VOTING)

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="floor_motions")
    kind = models.CharField(
        max_length=24, choices=[(k.value, k.label) for k in motion_rules.MotionKind]
    )
    params = models.JSONField(default=dict, blank=True)
    title = models.CharField(max_length=300)
    raised_by = models.ForeignKey(
        Delegation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    raised_at = models.DateTimeField(default=timezone.now)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    seconded_by = models.ForeignKey(
        Delegation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    ruling = models.CharField(max_length=300, blank=True)
    motion = models.OneToOneField(
        Motion, on_delete=models.SET_NULL, null=True, blank=True, related_name="floor_motion"
    )
    result = models.CharField(max_length=300, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["raised_at", "id"]
        indexes = [models.Index(fields=["session", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def follow_up(self) -> str:
        """What the chair still does by hand for a passed motion that does not act by itself."""
        if self.status != self.Status.PASSED:
            return ""
        return motion_rules.follow_up(self.kind)

    @property
    def motion_kind(self) -> motion_rules.MotionKind:
        return motion_rules.MotionKind(self.kind)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class Point(models.Model):
    class Kind(models.TextChoices):
        ORDER = "order", gettext_lazy("Point of order")
        PERSONAL_PRIVILEGE = "personal_privilege", gettext_lazy("Point of personal privilege")
        PARLIAMENTARY_INQUIRY = (
            "parliamentary_inquiry",
            gettext_lazy("Point of parliamentary inquiry"),
        )
        INFORMATION = "information", gettext_lazy("Point of information")

    class Status(models.TextChoices):
        WAITING = "waiting", gettext_lazy("Waiting")
        ACKNOWLEDGED = "acknowledged", gettext_lazy("Acknowledged")
        RULED = "ruled", gettext_lazy("Ruled on")
        DISMISSED = "dismissed", gettext_lazy("Dismissed")
        WITHDRAWN = "withdrawn", gettext_lazy("Withdrawn")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="points")
    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    text = models.CharField(max_length=300, blank=True)
    # A point of information is a question to the delegation speaking (after a yield).
    speech = models.ForeignKey(
        Speech, on_delete=models.SET_NULL, null=True, blank=True, related_name="questions"
    )
    raised_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.WAITING)
    ruling = models.CharField(max_length=300, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["raised_at", "id"]
        indexes = [models.Index(fields=["session", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.delegation_id}"

    @property
    def is_waiting(self) -> bool:
        return self.status == self.Status.WAITING


class ReplyRequest(models.Model):
    """A right of reply: asked with a reason, granted or refused by the chair, then timed."""

    class Status(models.TextChoices):
        REQUESTED = "requested", gettext_lazy("Requested")
        GRANTED = "granted", gettext_lazy("Granted")
        REFUSED = "refused", gettext_lazy("Refused")
        WITHDRAWN = "withdrawn", gettext_lazy("Withdrawn")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="replies")
    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=300)
    raised_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    ruling = models.CharField(max_length=300, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    speech = models.OneToOneField(
        Speech, on_delete=models.SET_NULL, null=True, blank=True, related_name="reply"
    )

    class Meta:
        ordering = ["raised_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "delegation"],
                condition=Q(status="requested"),
                name="one_pending_reply_per_delegation",
            ),
        ]

    def __str__(self) -> str:
        return f"Right of reply for {self.delegation_id}"


class Note(models.Model):
    """A short plain-text note from one delegation to another, or to the chair."""

    class Status(models.TextChoices):
        PENDING = "pending", gettext_lazy("Waiting for the chair")
        DELIVERED = "delivered", gettext_lazy("Delivered")
        REFUSED = "refused", gettext_lazy("Not passed on by the chair")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="notes")
    sender = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="notes_sent")
    # No recipient delegation: the note is for the chair.
    recipient = models.ForeignKey(
        Delegation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notes_received",
    )
    text = models.TextField(max_length=NOTE_LIMIT)
    sent_at = models.DateTimeField(default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        indexes = [
            models.Index(fields=["committee", "status"]),
            models.Index(fields=["recipient", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(sender=models.F("recipient")), name="note_not_to_self"
            ),
        ]

    def __str__(self) -> str:
        return f"Note {self.pk} from {self.sender_id}"

    @property
    def to_chair(self) -> bool:
        return self.recipient_id is None
