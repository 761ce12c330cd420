"""What a delegate's open pages ask every few seconds: is a vote waiting for my delegation?

Answers JSON in a fixed number of queries; static/js/app.js shows an alert in the page (and a
system notification, if the person allowed them) when a new vote opens for their delegation.
"""

from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from committees.access import committee_for
from committees.models import Ballot, Vote
from unodc_mun.http import HtmxHttpRequest


@require_safe
@never_cache
def vote_alert(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    committee, role = committee_for(request, slug)
    if role.delegation is None:
        return JsonResponse({"vote": None})
    vote = (
        Vote.objects.open()
        .filter(committee=committee, method=Vote.Method.ELECTRONIC)
        .select_related("motion")
        .first()
    )
    if vote is None:
        return JsonResponse({"vote": None})
    voters = {entry.get("id") for entry in vote.electorate}
    if role.delegation.pk not in voters:
        return JsonResponse({"vote": None})
    if Ballot.objects.filter(vote=vote, delegation=role.delegation).exists():
        return JsonResponse({"vote": None})
    return JsonResponse(
        {
            "vote": vote.pk,
            "title": vote.motion.title,
            "delegation": role.delegation.country.name,
            "url": reverse("committees:votes", args=[committee.slug]),
        }
    )
