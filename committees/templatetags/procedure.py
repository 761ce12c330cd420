"""`{% ballot_box committee role %}`: the delegate's ballot, for any committee page."""

from django import template

register = template.Library()


@register.inclusion_tag("committees/_ballot.html", takes_context=True)
def ballot_box(context, committee, role):
    from committees.views.procedure import ballot_box_context

    return {
        "ballot": ballot_box_context(context["request"], committee, role),
        "csrf_token": context.get("csrf_token"),
        "request": context["request"],
    }
