"""Who may see and change what in positions. Every positions view goes through here
(the whole matrix: docs/architecture.md, "Access").

Position papers:
- The paper's own delegation's delegates read it and co-edit it while ``paper.is_editable``.
- This committee's chairs and the admins (staff) read every paper of the committee.
- Anyone else (other delegations, other committees' chairs) gets 404: a foreign id never
  reveals that a paper exists.
- A reader who tries to change the text gets 403 (PermissionDenied) with a clear message.

Draft resolutions and amendments:
- A person with no role in the committee gets 404 for everything in it; a role that may see a
  draft but not act on it gets 403. Delegates act only for their own delegation; only the
  draft's sponsors (or an admin) change its text; the chair moderates.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext

from committees.access import CommitteeRole, committee_for, require
from committees.models import Committee
from positions.models import Block, DraftResolution, Paper
from positions.selectors.resolutions import is_sponsor


@dataclass(frozen=True)
class PaperAccess:
    committee: Committee
    role: CommitteeRole
    paper: Paper

    @property
    def is_member(self) -> bool:
        """One of the paper's own delegates (whatever the paper's status)."""
        return self.role.owns(self.paper.delegation)

    @property
    def can_edit(self) -> bool:
        return self.is_member and self.paper.is_editable

    @property
    def can_review(self) -> bool:
        return self.role.can_moderate


def can_read(role: CommitteeRole, paper: Paper) -> bool:
    return role.owns(paper.delegation) or role.can_moderate


def paper_for(request: HttpRequest, slug: str, paper_id: int) -> PaperAccess:
    """The paper named in the URL, if this person may read it; 404 otherwise."""
    committee, role = committee_for(request, slug)
    paper = Paper.objects.with_header().filter(pk=paper_id, committee=committee).first()
    if paper is None or not can_read(role, paper):
        raise Http404(gettext("No such paper."))
    return PaperAccess(committee=committee, role=role, paper=paper)


def block_for(access: PaperAccess, block_id: int) -> Block:
    """A section of this paper (404 for any other id)."""
    block = (
        Block.objects.select_related("current_revision")
        .filter(pk=block_id, document_id=access.paper.document_id)
        .first()
    )
    if block is None:
        raise Http404(gettext("No such section."))
    return block


def require_edit(access: PaperAccess) -> None:
    """403 unless this person may change the paper's text now."""
    if access.is_member and not access.paper.is_editable:
        require(False, "This paper has been submitted; it cannot be changed now.")
    require(access.can_edit, "Only the delegation's own delegates can edit its paper.")


# --- draft resolutions and amendments --------------------------------------------------------


def resolution_for(request: HttpRequest, slug: str, pk: int):
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
        role.is_admin or is_sponsor(resolution, role.delegation),
        "Only the draft's sponsors can change its text.",
    )


def can_draft(role: CommitteeRole, resolution: DraftResolution, sponsor_ids) -> bool:
    return resolution.is_editable and (
        role.is_admin or (role.delegation is not None and role.delegation.pk in sponsor_ids)
    )
