"""Who may see and change a position paper. Every positions view goes through here.

- The paper's own delegation's delegates read it and co-edit it while ``paper.is_editable``.
- This committee's chairs and the admins (staff) read every paper of the committee.
- Anyone else (other delegations, other committees' chairs) gets 404: a foreign id never
  reveals that a paper exists.
- A reader who tries to change the text gets 403 (PermissionDenied) with a clear message.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest

from committees.access import CommitteeRole, committee_for, require
from committees.models import Committee

from .models import Block, Paper


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
        raise Http404("No such paper.")
    return PaperAccess(committee=committee, role=role, paper=paper)


def block_for(access: PaperAccess, block_id: int) -> Block:
    """A section of this paper (404 for any other id)."""
    block = (
        Block.objects.select_related("current_revision")
        .filter(pk=block_id, document_id=access.paper.document_id)
        .first()
    )
    if block is None:
        raise Http404("No such section.")
    return block


def require_edit(access: PaperAccess) -> None:
    """403 unless this person may change the paper's text now."""
    if access.is_member and not access.paper.is_editable:
        require(False, "This paper has been submitted; it cannot be changed now.")
    require(access.can_edit, "Only the delegation's own delegates can edit its paper.")
