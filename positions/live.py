"""Live-update topics of what delegations write (see ``unodc_mun.live``).

- ``doc:<document id>``: a co-edited document's version. A position paper's document may be
  followed by its delegation's delegates, the committee's chairs and the admins; the text of a
  draft resolution or of an amendment by anyone with a role in the committee.
- ``res:<draft resolution id>``: the draft's version (sponsors, status, clauses, amendments);
  anyone with a role in its committee.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from committees.live import committee_members
from committees.models import ChairSeat, DelegateSeat
from unodc_mun import live

from .models import Block, Document, DraftResolution, Paper
from .models.resolution_text import ResolutionDocument


def document_versions(ids: set[int]) -> dict[int, int]:
    return dict(Document.objects.filter(pk__in=ids).values_list("pk", "version"))


def document_readers(user_ids: set[int], ids: set[int]) -> set[tuple[int, int]]:
    if not user_ids or not ids:
        return set()
    papers = list(
        Paper.objects.filter(document_id__in=ids).values_list(
            "document_id", "committee_id", "delegation_id"
        )
    )
    # Texts of drafts and amendments: readable by the whole committee.
    shared = dict(
        ResolutionDocument.objects.filter(document_id__in=ids).values_list(
            "document_id", "resolution__committee_id"
        )
    )
    shared.update(
        Block.objects.filter(document_id__in=ids, amendment__isnull=False).values_list(
            "document_id", "amendment__resolution__committee_id"
        )
    )
    pairs: set[tuple[int, int]] = set()
    if papers:
        committees = {c for _, c, _ in papers}
        delegations = {d for _, _, d in papers}
        staff = set(
            get_user_model()
            .objects.filter(pk__in=user_ids, is_staff=True, is_active=True)
            .values_list("pk", flat=True)
        )
        chairs = set(
            ChairSeat.objects.filter(user_id__in=user_ids, committee_id__in=committees).values_list(
                "user_id", "committee_id"
            )
        )
        seats = set(
            DelegateSeat.objects.filter(
                user_id__in=user_ids, delegation_id__in=delegations
            ).values_list("user_id", "delegation_id")
        )
        for document_id, committee_id, delegation_id in papers:
            for user_id in user_ids:
                if (
                    user_id in staff
                    or (user_id, committee_id) in chairs
                    or (user_id, delegation_id) in seats
                ):
                    pairs.add((user_id, document_id))
    if shared:
        members = committee_members(user_ids, set(shared.values()))
        for document_id, committee_id in shared.items():
            pairs |= {(u, document_id) for u in user_ids if (u, committee_id) in members}
    return pairs


def resolution_versions(ids: set[int]) -> dict[int, int]:
    return dict(DraftResolution.objects.filter(pk__in=ids).values_list("pk", "version"))


def resolution_readers(user_ids: set[int], ids: set[int]) -> set[tuple[int, int]]:
    committees = dict(DraftResolution.objects.filter(pk__in=ids).values_list("pk", "committee_id"))
    members = committee_members(user_ids, set(committees.values()))
    return {(u, r) for r, c in committees.items() for u in user_ids if (u, c) in members}


def _resolutions_changed(sender, instance, **kwargs):
    """A draft, a sponsorship or an amendment was saved or deleted (``resolutions:<id>``): the
    list of drafts pages remembered is read again (``selectors.resolutions.shown_resolution_rows``;
    every ``res:<id>`` announcement drops it too)."""
    live.announce("resolutions:0", 0)


def register() -> None:
    from django.db.models.signals import post_delete, post_save

    from .models import Amendment, Sponsorship

    live.register_kind("doc", versions=document_versions, allowed=document_readers)
    live.register_kind("res", versions=resolution_versions, allowed=resolution_readers)
    for model in (DraftResolution, Sponsorship, Amendment):
        post_save.connect(
            _resolutions_changed, sender=model, dispatch_uid=f"live.resolutions.{model.__name__}"
        )
        post_delete.connect(
            _resolutions_changed,
            sender=model,
            dispatch_uid=f"live.resolutions.del.{model.__name__}",
        )
