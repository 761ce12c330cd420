"""Procedure: rule profiles per committee, sessions and roll call, motions, votes and ballots.

Draft resolutions and amendments point at a `Motion` (they live elsewhere); procedure never
points back, so the voting machinery does not depend on what is being voted on.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from committees.engines import voting

from .people import Committee, Delegation


class ProcedureClock(models.Model):
    """A counter bumped with every procedure change; screens poll it to know when to refresh."""

    committee = models.OneToOneField(
        Committee, on_delete=models.CASCADE, primary_key=True, related_name="procedure_clock"
    )
    version = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.committee_id}@{self.version}"


class Session(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveIntegerField()
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["committee", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "number"], name="unique_session_number"),
            models.UniqueConstraint(
                fields=["committee"],
                condition=Q(closed_at__isnull=True),
                name="one_open_session_per_committee",
            ),
        ]

    def __str__(self) -> str:
        return f"Session {self.number} of {self.committee.acronym}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Attendance(models.TextChoices):
    PRESENT = voting.Attendance.PRESENT.value, "Present"
    PRESENT_AND_VOTING = voting.Attendance.PRESENT_AND_VOTING.value, "Present and voting"
    ABSENT = voting.Attendance.ABSENT.value, "Absent"


class RollCallEntry(models.Model):
    """A delegation's answer at a session's roll call; no entry means not yet called."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="roll")
    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="+")
    attendance = models.CharField(max_length=20, choices=Attendance.choices)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "delegation"], name="one_roll_entry_per_delegation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.delegation_id}: {self.attendance}"


class VoteKind(models.TextChoices):
    PROCEDURAL = voting.VoteKind.PROCEDURAL.value, "Procedural"
    AMENDMENT = voting.VoteKind.AMENDMENT.value, "Amendment"
    RESOLUTION = voting.VoteKind.RESOLUTION.value, "Resolution"


class MotionQuerySet(models.QuerySet):
    def in_queue(self) -> MotionQuerySet:
        return self.filter(status__in=[Motion.Status.QUEUED, Motion.Status.VOTING])


class Motion(models.Model):
    """Something the committee may vote on: a procedural motion, an amendment, a draft."""

    class Status(models.TextChoices):
        QUEUED = "queued", gettext_lazy("Queued")
        VOTING = "voting", gettext_lazy("Being voted on")
        PASSED = "passed", gettext_lazy("Passed")
        FAILED = "failed", gettext_lazy("Failed")
        WITHDRAWN = "withdrawn", gettext_lazy("Withdrawn")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="motions")
    kind = models.CharField(max_length=12, choices=VoteKind.choices)
    title = models.CharField(max_length=300)
    text = models.TextField(blank=True, help_text="The text under debate, shown on the projector.")
    proposed_by = models.ForeignKey(
        Delegation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    # Division of the question: a part voted on separately belongs to the motion it was divided
    # from, and names the clauses (keys given by the text's owner) it puts to the vote.
    part_of = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="parts"
    )
    clause_keys = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = MotionQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["committee", "status"], name="motion_committee_status")]

    def __str__(self) -> str:
        return self.title


class VoteQuerySet(models.QuerySet):
    def open(self) -> VoteQuerySet:
        return self.filter(status=Vote.Status.OPEN)

    def closed(self) -> VoteQuerySet:
        return self.filter(status=Vote.Status.CLOSED)

    def latest_first(self) -> VoteQuerySet:
        """Closed votes, the most recent result first."""
        return self.closed().order_by("-closed_at", "-id")


class Vote(models.Model):
    class Method(models.TextChoices):
        PLACARD = "placard", gettext_lazy("Placards (chair counts)")
        ELECTRONIC = "electronic", gettext_lazy("Electronic (delegations vote on their devices)")
        ROLL_CALL = "roll_call", gettext_lazy("Roll call")

    class Status(models.TextChoices):
        OPEN = "open", gettext_lazy("Open")
        CLOSED = "closed", gettext_lazy("Closed")

    Majority = models.TextChoices(
        "Majority", [(m.name, (m.value, m.label[0].upper() + m.label[1:])) for m in voting.Majority]
    )

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="votes")
    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="votes")
    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, null=True, blank=True, related_name="votes"
    )
    method = models.CharField(max_length=12, choices=Method.choices)
    majority = models.CharField(max_length=24, choices=Majority.choices)
    # Marked by the chair as an important question (the profile's important majority).
    important = models.BooleanField(default=False)
    # The house is split: no abstentions on this vote.
    no_abstentions = models.BooleanField(default=False)
    # Present delegations that never voted, recorded as not voting when the vote closed.
    not_voting = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    # Who may vote, frozen from the roll call when the vote opens: a list of
    # {"id", "name", "attendance", "observer", "permanent_member"} in roll-call order.
    electorate = models.JSONField(default=list)
    yes = models.PositiveIntegerField(default=0)
    no = models.PositiveIntegerField(default=0)
    abstain = models.PositiveIntegerField(default=0)
    passed = models.BooleanField(null=True, blank=True)
    explanation = models.TextField(blank=True)
    opened_at = models.DateTimeField(default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = VoteQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee"],
                condition=Q(status="open"),
                name="one_open_vote_per_committee",
            ),
        ]

    def __str__(self) -> str:
        return f"Vote on {self.motion}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def method_label(self) -> str:
        """Short name of the method, for headings and lists."""
        return {"placard": "placards", "electronic": "electronic", "roll_call": "roll call"}[
            self.method
        ]

    def voters(self) -> list[voting.Voter]:
        return [
            voting.Voter(
                key=str(v["id"]),
                name=v["name"],
                attendance=voting.Attendance(v["attendance"]),
                observer=v["observer"],
                permanent_member=v["permanent_member"],
            )
            for v in self.electorate
        ]

    def voter(self, delegation_id: int) -> voting.Voter | None:
        for voter in self.voters():
            if voter.key == str(delegation_id):
                return voter
        return None


class Ballot(models.Model):
    class Choice(models.TextChoices):
        YES = "yes", gettext_lazy("Yes")
        NO = "no", gettext_lazy("No")
        ABSTAIN = "abstain", gettext_lazy("Abstain")
        PASS = "pass", gettext_lazy("Pass")

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots")
    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="+")
    choice = models.CharField(max_length=8, choices=Choice.choices)

    class Source(models.TextChoices):
        DEVICE = "device", gettext_lazy("On the delegation's device")
        CHAIR = "chair", gettext_lazy("Entered by the chair")

    # Roll call: the delegation passed in the first round and was called again at the end;
    # `passes` counts its passes when the rules allow more than one.
    passed_first = models.BooleanField(default=False)
    passes = models.PositiveSmallIntegerField(default=0)
    # Electronic votes: cast on the delegation's device, or entered by the chair for a
    # delegation without one (placard seen, answer heard).
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.DEVICE)
    cast_at = models.DateTimeField(default=timezone.now)
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["cast_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "delegation"], name="one_ballot_per_delegation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.delegation_id}: {self.choice}"
