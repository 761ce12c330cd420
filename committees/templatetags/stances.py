"""Tabs other apps add to the stance pages (``committees.dashboard.register_stance_tab``)."""

from django import template

from committees import dashboard

register = template.Library()


@register.simple_tag(takes_context=True)
def extra_stance_tabs(context) -> list[dict]:
    committee, role = context.get("committee"), context.get("role")
    if committee is None or role is None:
        return []
    return dashboard.stance_tabs(committee, role)
