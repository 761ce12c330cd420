"""`{% ballot_box committee role %}`: the delegate's ballot, for any committee page."""

from django import template

from committees import dashboard
from committees.selectors.procedure import ballot_box as ballot_box_for

register = template.Library()


@register.inclusion_tag("committees/_ballot.html", takes_context=True)
def ballot_box(context, committee, role):
    request = context["request"]
    box = ballot_box_for(committee, role)
    box.next_url = request.get_full_path() if not request.htmx else ""
    if box.vote is not None:
        box.subject = dashboard.motion_subject(box.vote.motion)
    return {"ballot": box, "csrf_token": context.get("csrf_token"), "request": request}
