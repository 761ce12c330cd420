"""Who may do what with draft resolutions and amendments (on top of committees.access).

A person with no role in the committee gets 404 for everything in it; a role that may see a
draft but not act on it gets 403. Delegates act only for their own delegation.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from committees.access import CommitteeRole, committee_for, require
from committees.models import DraftResolution
from committees.services import resolutions as drafts


def resolution_for(request, slug: str, pk: int):
    """The committee, the person's role in it and the draft; 404 for other committees' ids."""
    committee, role = committee_for(request, slug)
    resolution = get_object_or_404(
        DraftResolution.objects.select_related("committee"), pk=pk, committee=committee
    )
    return committee, role, resolution


def require_delegate(role: CommitteeRole) -> None:
    require(role.is_delegate, "Only delegates act for a delegation.")


def require_sponsor(role: CommitteeRole, resolution: DraftResolution) -> None:
    require(
        role.is_admin or drafts.is_sponsor(resolution, role.delegation),
        "Only the draft's sponsors can change its text.",
    )


def can_draft(role: CommitteeRole, resolution: DraftResolution, sponsor_ids) -> bool:
    return resolution.is_editable and (
        role.is_admin or (role.delegation is not None and role.delegation.pk in sponsor_ids)
    )
