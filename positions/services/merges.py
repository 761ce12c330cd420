"""Merging two working papers into one.

Who agrees: a sponsor of the paper that stays (``into``) proposes to merge another working
paper (``merged``) into it, and a sponsor of that paper accepts — the merge happens at that
moment. A delegation that sponsors both papers speaks for both sides, so its proposal merges
at once; the committee's chair (or the secretariat) may merge two working papers directly.

What a merge does, in one transaction holding the row locks of both drafts (taken in the
order of their ids, so two merges of the same pair wait for each other instead of
deadlocking):

- ``into`` keeps its clauses and gets a copy of every clause of ``merged`` (sub-clauses
  included): the preamble first (its own, then the other's), then the operative clauses (its
  own, then the other's), numbered again by their place;
- the sponsors and signatories are united: each delegation once, as sponsor if it sponsored
  either paper;
- ``merged`` becomes read-only ("merged into …", a final status) with its clauses, sponsors
  and the revisions of its clauses as they were; each copied clause records the clause it
  came from (``Clause.copied_from``), whose revisions stay readable in the merged paper;
- other pending proposals involving ``merged`` lapse; both drafts' versions move on.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from committees.models import Delegation
from positions.models import Clause, DraftResolution, MergeProposal, Sponsorship
from positions.services import resolutions as drafts


class MergeError(drafts.ResolutionError):
    """A merge the rules or the state of the papers do not allow; the message says why."""


def _lock_pair(into: DraftResolution, merged: DraftResolution):
    if into.pk == merged.pk:
        raise MergeError("Choose another working paper: a paper cannot be merged into itself.")
    rows = {
        row.pk: row
        for row in DraftResolution.objects.select_for_update(of=("self",))
        .select_related("committee")
        .filter(pk__in=[into.pk, merged.pk])
        .order_by("pk")
    }
    if len(rows) != 2:
        raise MergeError("One of the working papers no longer exists.")
    into, merged = rows[into.pk], rows[merged.pk]
    if into.committee_id != merged.committee_id:
        raise MergeError("Both working papers must belong to this committee.")
    for paper in (into, merged):
        if paper.status != DraftResolution.Status.WORKING_PAPER:
            raise MergeError(
                f"“{paper.title}” is {paper.get_status_display().lower()}: only working papers "
                "can be merged (a submitted paper can be reopened by its sponsors first)."
            )
    return into, merged


def _sponsors(resolution: DraftResolution) -> set[int]:
    return set(
        Sponsorship.objects.filter(
            resolution=resolution, role=Sponsorship.Role.SPONSOR
        ).values_list("delegation_id", flat=True)
    )


def propose(
    *, into: DraftResolution, merged: DraftResolution, delegation: Delegation, by
) -> MergeProposal:
    """A sponsor of ``into`` proposes merging ``merged`` into it. If its delegation sponsors
    both papers, the merge happens at once (the proposal is recorded as accepted)."""
    with transaction.atomic():
        into, merged = _lock_pair(into, merged)
        if delegation.pk not in _sponsors(into):
            raise MergeError("Only a sponsor of this working paper can propose a merge into it.")
        if MergeProposal.objects.filter(
            into=into, merged=merged, status=MergeProposal.Status.PENDING
        ).exists():
            raise MergeError("This merge is already proposed: its sponsors have to answer.")
        try:
            with transaction.atomic():
                proposal = MergeProposal.objects.create(
                    into=into, merged=merged, proposed_by=delegation, proposed_by_user=by
                )
        except IntegrityError:
            raise MergeError(
                "This merge is already proposed: its sponsors have to answer."
            ) from None
        if delegation.pk in _sponsors(merged):
            _merge(into=into, merged=merged, by=by)
            _decide(proposal, MergeProposal.Status.ACCEPTED, delegation=delegation, by=by)
        else:
            drafts.bump_version(into)
            drafts.bump_version(merged)
        return proposal


def answer(*, proposal: MergeProposal, delegation: Delegation, accept: bool, by) -> MergeProposal:
    """A sponsor of the paper to be merged away accepts (the merge happens) or declines."""
    with transaction.atomic():
        into, merged = _lock_pair(proposal.into, proposal.merged)
        proposal = MergeProposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.status != MergeProposal.Status.PENDING:
            raise MergeError(f"This proposal is already {proposal.get_status_display().lower()}.")
        if delegation.pk not in _sponsors(merged):
            raise MergeError(
                "Only a sponsor of the paper to be merged away can accept or decline the merge."
            )
        if accept:
            _merge(into=into, merged=merged, by=by)
            _decide(proposal, MergeProposal.Status.ACCEPTED, delegation=delegation, by=by)
        else:
            _decide(proposal, MergeProposal.Status.DECLINED, delegation=delegation, by=by)
            drafts.bump_version(into)
            drafts.bump_version(merged)
        return proposal


def withdraw(*, proposal: MergeProposal, delegation: Delegation, by) -> MergeProposal:
    """The proposing side takes its proposal back."""
    with transaction.atomic():
        proposal = MergeProposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.status != MergeProposal.Status.PENDING:
            raise MergeError(f"This proposal is already {proposal.get_status_display().lower()}.")
        if delegation.pk not in _sponsors(proposal.into):
            raise MergeError("Only a sponsor of the paper that proposed the merge can withdraw it.")
        _decide(proposal, MergeProposal.Status.WITHDRAWN, delegation=delegation, by=by)
        drafts.bump_version(proposal.into_id)
        drafts.bump_version(proposal.merged_id)
        return proposal


def chair_merge(*, into: DraftResolution, merged: DraftResolution, by) -> DraftResolution:
    """The chair merges two working papers (e.g. agreed on the floor)."""
    with transaction.atomic():
        into, merged = _lock_pair(into, merged)
        _merge(into=into, merged=merged, by=by)
        return into


def _decide(proposal: MergeProposal, status: str, *, delegation, by) -> None:
    proposal.status = status
    proposal.decided_by = delegation
    proposal.decided_by_user = by
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_by", "decided_by_user", "decided_at"])


def _merge(*, into: DraftResolution, merged: DraftResolution, by) -> None:
    """Runs with both row locks held and both papers checked to be working papers."""
    kept = list(Clause.objects.filter(resolution=into, struck=False).order_by("order", "pk"))
    incoming = list(Clause.objects.filter(resolution=merged, struck=False).order_by("order", "pk"))
    children: dict[int | None, list[Clause]] = {}
    for clause in incoming:
        children.setdefault(clause.parent_id, []).append(clause)
    top_kept = [c for c in kept if c.parent_id is None]
    top_in = children.get(None, [])
    pre = Clause.Kind.PREAMBULATORY
    # The preamble first: this paper's, then the other's; then the operative clauses alike.
    layout = (
        [(c, True) for c in top_kept if c.kind == pre]
        + [(c, False) for c in top_in if c.kind == pre]
        + [(c, True) for c in top_kept if c.kind != pre]
        + [(c, False) for c in top_in if c.kind != pre]
    )
    moved = []
    level: list[tuple[Clause, Clause | None]] = []
    for position, (clause, own) in enumerate(layout):
        if own:
            clause.order = position
            moved.append(clause)
        else:
            level.append((clause, None))
    Clause.objects.bulk_update(moved, ["order"])
    top_orders = {c.pk: i for i, (c, own) in enumerate(layout) if not own}
    while level:
        made = Clause.objects.bulk_create(
            [
                Clause(
                    resolution=into,
                    kind=original.kind,
                    parent=parent,
                    depth=original.depth,
                    order=top_orders[original.pk] if parent is None else original.order,
                    text=original.text,
                    copied_from=original,
                )
                for original, parent in level
            ]
        )
        pairs = list(zip([o for o, _ in level], made, strict=True))
        level = [
            (child, copy) for original, copy in pairs for child in children.get(original.pk, [])
        ]
    _unite_support(into=into, merged=merged)
    merged.status = DraftResolution.Status.MERGED
    merged.merged_into = into
    merged.decided_at = timezone.now()
    merged.save(update_fields=["status", "merged_into", "decided_at"])
    MergeProposal.objects.filter(status=MergeProposal.Status.PENDING).filter(
        Q(into=merged) | Q(merged=merged)
    ).exclude(into=into, merged=merged).update(
        status=MergeProposal.Status.LAPSED, decided_at=timezone.now()
    )
    drafts.bump_version(into)
    drafts.bump_version(merged)


def _unite_support(*, into: DraftResolution, merged: DraftResolution) -> None:
    have = {s.delegation_id: s for s in Sponsorship.objects.filter(resolution=into)}
    for theirs in Sponsorship.objects.filter(resolution=merged).order_by("created_at", "pk"):
        mine = have.get(theirs.delegation_id)
        if mine is None:
            have[theirs.delegation_id] = Sponsorship.objects.create(
                resolution=into,
                delegation_id=theirs.delegation_id,
                role=theirs.role,
                signed_by=theirs.signed_by,
            )
        elif theirs.role == Sponsorship.Role.SPONSOR and mine.role != Sponsorship.Role.SPONSOR:
            mine.role = Sponsorship.Role.SPONSOR
            mine.save(update_fields=["role"])
