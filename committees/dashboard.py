"""Extension points of the committee's pages: what other apps add to them.

``committees`` never imports the apps built on it, yet its pages show their work. An app
registers providers in its ``AppConfig.ready()``::

    from committees import dashboard
    dashboard.register_chair_panel("resolutions", panel_provider)
    dashboard.register_home_facts("resolutions", facts_provider)

- A *chair panel* provider is called with ``(request, committee, role)`` each time the chair's
  board is rendered and returns the panel's HTML (rendered from its own app's template), or
  ``""`` to show nothing. Panels appear in registration order (``positions`` shows the drafts
  and amendments waiting for the chair).
- A *home facts* provider is called with ``(committee)`` when the committee's home page is
  rendered and returns a dict added to its template context (``positions`` gives
  ``resolution_count``).
- A *motion subject* provider is called with ``(motion)`` when a ballot shows an open vote and
  returns what is voted on — ``{"label", "url", "html"}`` (``positions`` gives the draft's
  symbol with a link to its text, or the amended clause as tracked changes) — or ``None``
  when the motion is not its own. Without one the ballot shows the motion's ``text``.
- A *committee figures* provider is called with ``(committees)`` (a list) when the
  secretariat's conference overview is rendered and returns ``{committee_id: {name: value}}``
  in a fixed number of queries (``positions`` gives ``papers_submitted`` and ``papers_late``).
- A *stance tab* provider is called with ``(committee, role)`` when the stance pages' tabs are
  rendered and returns ``{"label", "url", "url_name"}`` or ``None`` (``positions`` adds the
  delegation's record against its declared positions). No query.

See docs/architecture.md, "Extension points".
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

from committees.access import CommitteeRole
from committees.models import Committee, Motion

ChairPanel = Callable[[HttpRequest, Committee, CommitteeRole], str]

HomeFacts = Callable[[Committee], dict]

MotionSubject = Callable[[Motion], dict | None]
CommitteeFigures = Callable[[list[Committee]], dict[int, dict]]

_chair_panels: dict[str, ChairPanel] = {}
_motion_subjects: dict[str, MotionSubject] = {}
_home_facts: dict[str, HomeFacts] = {}
_committee_figures: dict[str, CommitteeFigures] = {}
StanceTab = Callable[[Committee, CommitteeRole], dict | None]
_stance_tabs: dict[str, StanceTab] = {}


def register_chair_panel(key: str, provider: ChairPanel) -> None:
    """Add (or replace, by ``key``) a panel of the chair's dashboard."""
    _chair_panels[key] = provider


def chair_panels(
    request: HttpRequest, committee: Committee, role: CommitteeRole
) -> list[SafeString]:
    """The panels' HTML, in registration order (providers render their own templates)."""
    panels = (provider(request, committee, role) for provider in _chair_panels.values())
    return [mark_safe(html) for html in panels if html]  # noqa: S308 (rendered templates)


def register_home_facts(key: str, provider: HomeFacts) -> None:
    """Add (or replace, by ``key``) facts shown on the committee's home page."""
    _home_facts[key] = provider


def home_facts(committee: Committee) -> dict:
    facts: dict = {}
    for provider in _home_facts.values():
        facts.update(provider(committee))
    return facts


def register_motion_subject(key: str, provider: MotionSubject) -> None:
    """Add (or replace, by ``key``) a provider of what a motion puts to the vote."""
    _motion_subjects[key] = provider


def motion_subject(motion: Motion) -> dict:
    """What is voted on: the first provider's answer, else the motion's own text."""
    for provider in _motion_subjects.values():
        subject = provider(motion)
        if subject:
            return {"label": "", "url": "", "html": "", "text": "", **subject}
    return {"label": "", "url": "", "html": "", "text": motion.text}


def register_committee_figures(key: str, provider: CommitteeFigures) -> None:
    """Add (or replace, by ``key``) figures of the secretariat's conference overview."""
    _committee_figures[key] = provider


def committee_figures(committees: list[Committee]) -> dict[int, dict]:
    figures: dict[int, dict] = {c.pk: {} for c in committees}
    for provider in _committee_figures.values():
        for committee_id, values in provider(committees).items():
            figures.setdefault(committee_id, {}).update(values)
    return figures


def register_stance_tab(key: str, provider: StanceTab) -> None:
    """Add (or replace, by ``key``) a tab of the stance pages."""
    _stance_tabs[key] = provider


def stance_tabs(committee: Committee, role: CommitteeRole) -> list[dict]:
    tabs = (provider(committee, role) for provider in _stance_tabs.values())
    return [tab for tab in tabs if tab]
