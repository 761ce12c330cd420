"""Who may see and change what in a committee. Every committee view goes through here.

Rules: a person with no role in a committee gets 404 for everything in it (foreign ids never
reveal data); a person with a role who may see a page but not perform an action gets 403.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext

from unodc_mun import live

from .models import ChairSeat, Committee, DelegateSeat, Delegation


@dataclass(frozen=True)
class CommitteeRole:
    committee: Committee
    is_admin: bool = False
    is_chair: bool = False
    delegation: Delegation | None = None

    @property
    def is_delegate(self) -> bool:
        return self.delegation is not None

    @property
    def can_moderate(self) -> bool:
        """Chairs of this committee and admins run procedure and edit stances."""
        return self.is_chair or self.is_admin

    @property
    def has_any(self) -> bool:
        return self.is_admin or self.is_chair or self.is_delegate

    @property
    def label(self) -> str:
        if self.is_chair:
            return gettext("Chair")
        if self.is_delegate:
            return gettext("Delegate of %(country)s") % {"country": self.delegation.country.name}
        if self.is_admin:
            return gettext("Secretariat")
        return ""

    def speaks_for(self, country_id: int) -> bool:
        """Records this country's profile and positions: its own delegation, chairs, admins."""
        return self.can_moderate or (
            self.delegation is not None and self.delegation.country_id == country_id
        )

    def owns(self, delegation: Delegation) -> bool:
        return self.delegation is not None and self.delegation.pk == delegation.pk


def committee_role(user, committee: Committee) -> CommitteeRole:
    if not user.is_authenticated:
        return CommitteeRole(committee=committee)
    # ``committee_for`` reads the chair seat with the committee (one query fewer per page).
    is_chair = getattr(committee, "user_is_chair", None)
    if is_chair is None:
        is_chair = ChairSeat.objects.filter(committee=committee, user=user).exists()
    seat = (
        DelegateSeat.objects.filter(delegation__committee=committee, user=user)
        .select_related("delegation__country", "delegation__committee")
        .first()
    )
    return CommitteeRole(
        committee=committee,
        is_admin=user.is_staff,
        is_chair=is_chair,
        delegation=seat.delegation if seat else None,
    )


def committee_for(request: HttpRequest, slug: str) -> tuple[Committee, CommitteeRole]:
    """The committee named in the URL and the person's role in it; 404 if they have none.

    A page (GET, HEAD) takes them from what this process remembers while it listens for
    announcements (``live.PollCache.remember``): a seat or an account that changes announces
    ``acl:<user id>``, a committee or a delegation ``room:<id>``, and what was remembered is
    read again. A write (any other method) always reads them from the database."""
    user = request.user
    if request.method in ("GET", "HEAD") and user.is_authenticated:
        return live.poll_cache.remember(
            ("committee_for", user.pk, slug),
            (f"acl:{user.pk}", "room"),
            lambda: _committee_and_role(request, slug),
        )
    return _committee_and_role(request, slug)


def _committee_and_role(request: HttpRequest, slug: str) -> tuple[Committee, CommitteeRole]:
    committees = Committee.objects.filter(slug=slug)
    if request.user.is_authenticated:
        committees = committees.annotate(
            user_is_chair=Exists(
                ChairSeat.objects.filter(committee=OuterRef("pk"), user=request.user)
            )
        )
    committee = get_object_or_404(committees)
    role = committee_role(request.user, committee)
    if not role.has_any:
        raise Http404(gettext("No such committee."))
    return committee, role


def require(allowed: bool, message: str = "Your role does not allow this.") -> None:
    if not allowed:
        raise PermissionDenied(message)


def require_moderator(role: CommitteeRole) -> None:
    require(role.can_moderate, "Only this committee's chairs and the secretariat can do this.")


def require_admin(user) -> None:
    require(user.is_authenticated and user.is_staff, "Only the secretariat can do this.")
