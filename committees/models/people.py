"""The committee's people and places: countries, committees, delegations and roles."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy


class Country(models.Model):
    """A UN member or observer state, with the loose names guides and CSV files use."""

    class Status(models.TextChoices):
        MEMBER = "member", gettext_lazy("UN member state")
        OBSERVER = "observer", gettext_lazy("UN observer state")

    iso3 = models.CharField("ISO 3166 alpha-3", max_length=3, unique=True)
    name = models.CharField(max_length=120, unique=True)
    aliases = models.JSONField(default=list, blank=True)
    un_status = models.CharField(max_length=10, choices=Status.choices, default=Status.MEMBER)
    permanent_member = models.BooleanField(
        default=False, help_text="Permanent member of the Security Council (veto power)."
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.name


class RuleProfile(models.TextChoices):
    """The preset a committee's rules start from (committees.engines.voting.PRESETS)."""

    GENERAL_ASSEMBLY = "ga", gettext_lazy("General Assembly committee")
    SECURITY_COUNCIL = "sc", gettext_lazy("Security Council")
    UNA_USA = "unausa", gettext_lazy("UNA-USA style")
    THIMUN = "thimun", gettext_lazy("THIMUN / European style")


class CommitteeQuerySet(models.QuerySet):
    def visible_to(self, user) -> CommitteeQuerySet:
        """Committees a person takes part in (as chair or delegate); staff see all."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self
        return self.filter(Q(chairs__user=user) | Q(delegations__delegates__user=user)).distinct()


class Committee(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    acronym = models.CharField(max_length=20)
    topic = models.CharField(max_length=300, blank=True)
    rule_profile = models.CharField(
        max_length=10, choices=RuleProfile.choices, default=RuleProfile.GENERAL_ASSEMBLY
    )
    # The committee's own changes to its preset (rule name → value, as the rules editor saves
    # them); read with the committee row, so knowing the rules costs no query.
    rule_overrides = models.JSONField(default=dict, blank=True)
    rules_updated_at = models.DateTimeField(null=True, blank=True)
    rules_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = CommitteeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.acronym} — {self.name}" if self.acronym else self.name


class DelegationQuerySet(models.QuerySet):
    def with_people(self) -> DelegationQuerySet:
        return self.select_related("country", "committee").prefetch_related("delegates__user")


class Delegation(models.Model):
    """A country's seat in a committee."""

    class Status(models.TextChoices):
        MEMBER = "member", gettext_lazy("Member")
        OBSERVER = "observer", gettext_lazy("Observer")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="delegations")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="delegations")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.MEMBER)

    objects = DelegationQuerySet.as_manager()

    class Meta:
        ordering = ["committee", "country__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "country"], name="one_delegation_per_country"
            )
        ]

    def __str__(self) -> str:
        return f"{self.country.name} ({self.committee.acronym})"


class DelegateSeat(models.Model):
    """A person sitting in a delegation. A person may sit in delegations of several committees."""

    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="delegates")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="delegate_seats"
    )
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["joined_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["delegation", "user"], name="unique_delegate_seat"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.delegation}"


class ChairSeat(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="chairs")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chair_seats"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["committee", "user"], name="unique_chair_seat"),
        ]

    def __str__(self) -> str:
        return f"{self.user} chairs {self.committee.acronym}"


def new_invite_code() -> str:
    # Short enough to read out in a room, long enough not to be guessed (~50 bits).
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


class Invite(models.Model):
    class Role(models.TextChoices):
        DELEGATE = "delegate", gettext_lazy("Delegate")
        CHAIR = "chair", gettext_lazy("Chair")

    code = models.CharField(max_length=20, unique=True, default=new_invite_code)
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="invites")
    delegation = models.ForeignKey(
        Delegation, on_delete=models.CASCADE, null=True, blank=True, related_name="invites"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.DELEGATE)
    email = models.EmailField(
        blank=True, help_text="Set for a personal invite (e.g. from a CSV import)."
    )
    max_uses = models.PositiveSmallIntegerField(default=1)
    uses = models.PositiveSmallIntegerField(default=0)
    expires_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role="chair", delegation__isnull=True)
                | Q(role="delegate", delegation__isnull=False),
                name="invite_role_matches_seat",
            ),
            models.CheckConstraint(
                condition=Q(uses__lte=models.F("max_uses")), name="invite_uses_within_max"
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def seat_label(self) -> str:
        if self.role == self.Role.CHAIR:
            return f"Chair of {self.committee.acronym}"
        return f"Delegate of {self.delegation.country.name} in {self.committee.acronym}"

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        if self.uses >= self.max_uses:
            return False
        return not (self.expires_at and self.expires_at <= now)
