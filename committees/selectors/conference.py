"""The secretariat's conference overview: every committee at a glance, in a fixed number of
queries whatever the number of committees, delegations or people.

Apps built on committees add their own figures per committee (e.g. papers submitted and
late) through ``committees.dashboard.register_committee_figures``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from committees import dashboard
from committees.models import ChairSeat, Committee, DelegateSeat, Delegation, Guide, Session, Vote


@dataclass
class CommitteeRow:
    committee: Committee
    guide_title: str = ""
    members: int = 0
    observers: int = 0
    delegates: int = 0
    chairs: int = 0
    empty_delegations: int = 0
    session: Session | None = None
    votes_today: int = 0
    open_votes: int = 0
    figures: dict = field(default_factory=dict)

    @property
    def delegations(self) -> int:
        return self.members + self.observers

    @property
    def people(self) -> int:
        return self.delegates + self.chairs


def _today_start() -> datetime.datetime:
    now = timezone.localtime()
    return now.replace(hour=0, minute=0, second=0, microsecond=0)


def conference_overview() -> list[CommitteeRow]:
    committees = list(Committee.objects.order_by("name"))
    rows = {c.pk: CommitteeRow(committee=c) for c in committees}
    if not rows:
        return []
    for committee_id, title in Guide.objects.values_list("committee_id", "title"):
        rows[committee_id].guide_title = title or "(untitled guide)"
    delegations = Delegation.objects.values("committee_id").annotate(
        members=Count("id", filter=Q(status=Delegation.Status.MEMBER)),
        observers=Count("id", filter=Q(status=Delegation.Status.OBSERVER)),
    )
    for d in delegations:
        rows[d["committee_id"]].members = d["members"]
        rows[d["committee_id"]].observers = d["observers"]
    empty = (
        Delegation.objects.filter(delegates__isnull=True)
        .values("committee_id")
        .annotate(n=Count("id"))
    )
    for d in empty:
        rows[d["committee_id"]].empty_delegations = d["n"]
    people = (
        DelegateSeat.objects.values("delegation__committee_id")
        .annotate(n=Count("user_id", distinct=True))
        .order_by()
    )
    for p in people:
        rows[p["delegation__committee_id"]].delegates = p["n"]
    for c in ChairSeat.objects.values("committee_id").annotate(n=Count("id")).order_by():
        rows[c["committee_id"]].chairs = c["n"]
    for session in Session.objects.filter(closed_at__isnull=True):
        rows[session.committee_id].session = session
    votes = (
        Vote.objects.filter(Q(opened_at__gte=_today_start()) | Q(status=Vote.Status.OPEN))
        .values("committee_id")
        .annotate(
            today=Count("id", filter=Q(opened_at__gte=_today_start())),
            open=Count("id", filter=Q(status=Vote.Status.OPEN)),
        )
        .order_by()
    )
    for v in votes:
        rows[v["committee_id"]].votes_today = v["today"]
        rows[v["committee_id"]].open_votes = v["open"]
    for committee_id, figures in dashboard.committee_figures(committees).items():
        if committee_id in rows:
            rows[committee_id].figures.update(figures)
    return list(rows.values())


def totals(rows: list[CommitteeRow]) -> dict[str, int]:
    return {
        "committees": len(rows),
        "delegations": sum(r.delegations for r in rows),
        "people": sum(r.people for r in rows),
        "sessions": sum(1 for r in rows if r.session),
        "votes_today": sum(r.votes_today for r in rows),
    }


@dataclass
class SetupPage:
    committee: Committee
    guide: Guide | None
    delegations: list[Delegation]
    chairs: list[ChairSeat]
    guide_countries_unseated: list  # countries the guide discusses that have no delegation

    @property
    def seats(self) -> list[DelegateSeat]:
        return [seat for d in self.delegations for seat in d.delegates.all()]


def committee_setup(committee: Committee) -> SetupPage:
    """Everything the committee's set-up page shows: 5 queries, however many people."""
    from committees.models import Country

    guide = Guide.objects.filter(committee=committee).first()
    delegations = list(
        Delegation.objects.filter(committee=committee)
        .select_related("country")
        .prefetch_related("delegates__user")
        .order_by("country__name")
    )
    chairs = list(ChairSeat.objects.filter(committee=committee).select_related("user"))
    unseated = []
    if guide is not None:
        unseated = list(
            Country.objects.filter(guide_entries__guide=guide)
            .exclude(delegations__committee=committee)
            .order_by("name")
        )
    return SetupPage(committee, guide, delegations, chairs, unseated)
