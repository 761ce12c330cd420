"""Live-update topics of the committee's procedure (see ``unodc_mun.live``).

``proc:<committee id>``: the procedure clock that the chair's dashboard, the projector, the
ballot box and the floor screens show. Anyone with a role in the committee may follow it.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from unodc_mun import live

from .models import ChairSeat, Committee, DelegateSeat
from .models.procedure import ProcedureClock


def committee_members(user_ids: set[int], committee_ids: set[int]) -> set[tuple[int, int]]:
    """(user id, committee id) for every person with a role there: admins (staff), chairs and
    delegates. Four queries, whatever the numbers."""
    if not user_ids or not committee_ids:
        return set()
    existing = set(Committee.objects.filter(pk__in=committee_ids).values_list("pk", flat=True))
    staff = get_user_model().objects.filter(pk__in=user_ids, is_staff=True, is_active=True)
    pairs = {(u, c) for u in staff.values_list("pk", flat=True) for c in existing}
    pairs |= set(
        ChairSeat.objects.filter(user_id__in=user_ids, committee_id__in=existing).values_list(
            "user_id", "committee_id"
        )
    )
    pairs |= set(
        DelegateSeat.objects.filter(
            user_id__in=user_ids, delegation__committee_id__in=existing
        ).values_list("user_id", "delegation__committee_id")
    )
    return pairs


def clock_versions(committee_ids: set[int]) -> dict[int, int]:
    found = dict(
        ProcedureClock.objects.filter(committee_id__in=committee_ids).values_list(
            "committee_id", "version"
        )
    )
    # A committee whose clock was never bumped is at 0.
    for pk in Committee.objects.filter(pk__in=committee_ids).values_list("pk", flat=True):
        found.setdefault(pk, 0)
    return found


def register() -> None:
    live.register_kind("proc", versions=clock_versions, allowed=committee_members)
