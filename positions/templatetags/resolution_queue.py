"""`{% resolution_queue committee %}`: drafts and amendments waiting for the chair, for the
chair's dashboard (a template hook; the committees code itself never imports positions)."""

from django import template

from committees.engines import voting
from committees.models import DraftResolution
from committees.services import resolutions as drafts
from positions.models import Amendment, AmendmentSupport

register = template.Library()


@register.inclusion_tag("positions/resolutions/_chair_queue.html")
def resolution_queue(committee):
    waiting = list(
        DraftResolution.objects.filter(
            committee=committee,
            status__in=[
                DraftResolution.Status.SUBMITTED,
                DraftResolution.Status.APPROVED,
                DraftResolution.Status.INTRODUCED,
            ],
        ).order_by("number", "created_at")
    )
    rules = drafts.rules_for(committee)
    members = drafts.member_count(committee)
    amendments = []
    for amendment in (
        Amendment.objects.filter(
            resolution__committee=committee, status__in=["proposed", "accepted"]
        )
        .select_related("delegation__country", "resolution")
        .prefetch_related("supports")
        .order_by("created_at")
    ):
        signatures = sum(
            1 for s in amendment.supports.all() if s.role == AmendmentSupport.Role.SIGNATURE
        )
        if amendment.status == Amendment.Status.ACCEPTED:
            amendments.append((amendment, "All sponsors accepted it: confirm it as friendly."))
        elif not amendment.friendly and not amendment.stale:
            check = voting.check_amendment_support(rules, members=members, signatures=signatures)
            if check.ok:
                amendments.append((amendment, "Enough signatures: approve it for debate."))
    return {"committee": committee, "drafts": waiting, "amendments": amendments}
