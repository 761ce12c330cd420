"""Amendments: propose, sign or accept, approve, vote, apply — and rebase the others.

Flow, as in the rules of procedure:
- friendly: every sponsor of the draft accepts it → the chair confirms → applied, no vote;
- unfriendly: signatures reach the profile's threshold → the chair approves it for debate →
  a motion goes to the committee's queue → the vote decides (``on_vote_closed``).

Applying an amendment changes the clause (a new committed text), then every other pending
amendment to that clause is rebased: a clean three-way merge (drafted-against text, the new
clause, the amendment's text) updates it and says so; an overlap leaves its text untouched and
flags it stale with a preview. Nothing is ever silently rewritten.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from committees.engines import voting
from committees.models import Delegation
from committees.services import procedure
from positions.engines.merge import merge
from positions.models import Clause, DraftResolution, Sponsorship
from positions.models.amendments import Amendment, AmendmentSupport
from positions.models.coedit import Block, Revision
from positions.selectors.resolutions import member_count, rules_for
from positions.services import coedit
from positions.services import resolutions as drafts

MAX_TEXT = drafts.MAX_CLAUSE_TEXT


class AmendmentError(Exception):
    """Something the rules or the state of the amendment do not allow; the message says why."""


def _lock(amendment: Amendment) -> Amendment:
    return (
        Amendment.objects.select_for_update(of=("self",))
        .select_related("resolution__committee", "clause", "delegation")
        .get(pk=amendment.pk)
    )


def _sponsor_ids(resolution: DraftResolution) -> set[int]:
    return set(
        Sponsorship.objects.filter(
            resolution=resolution, role=Sponsorship.Role.SPONSOR
        ).values_list("delegation_id", flat=True)
    )


def propose(
    *,
    resolution: DraftResolution,
    delegation: Delegation,
    kind: str,
    clause: Clause | None,
    text: str,
    friendly: bool,
    by,
) -> Amendment:
    """A delegation proposes an amendment to an introduced draft."""
    if kind not in Amendment.Kind.values:
        raise AmendmentError(gettext("Choose to add, strike or modify a clause."))
    if delegation.committee_id != resolution.committee_id:
        raise AmendmentError(gettext("That delegation does not sit in this committee."))
    text = (text or "").strip()
    if len(text) > MAX_TEXT:
        raise AmendmentError(
            gettext("An amendment can hold %(max_text)s characters; this has %(text_count)s.")
            % {"max_text": MAX_TEXT, "text_count": len(text)}
        )
    rules = rules_for(resolution.committee)
    with transaction.atomic():
        resolution = drafts.lock_resolution(resolution)
        if not resolution.is_amendable:
            raise AmendmentError(
                gettext(
                    "Amendments are proposed once the chair has approved the draft and until it is voted on."
                )
            )
        if resolution.motion_id:
            raise AmendmentError(
                gettext("The draft is in the voting queue as a whole: amendments are closed.")
            )
        if clause is not None and (clause.resolution_id != resolution.pk or clause.struck):
            raise AmendmentError(gettext("That clause is not in this draft."))
        if kind == Amendment.Kind.ADD:
            if not text:
                raise AmendmentError(gettext("Write the clause you want to add."))
            target_kind = voting.ClauseKind.OPERATIVE
            clause = None  # a new clause joins the end of the operative part
        else:
            if clause is None:
                raise AmendmentError(gettext("Choose the clause to strike or modify."))
            target_kind = voting.ClauseKind(clause.kind)
            if kind == Amendment.Kind.MODIFY:
                if not text:
                    raise AmendmentError(
                        gettext("Write the clause as it should read (or propose to strike it).")
                    )
                if text == clause.text.strip():
                    raise AmendmentError(
                        gettext("The text is the same as the clause: nothing to amend.")
                    )
            else:
                text = ""
        check = voting.check_amendable(rules, target_kind)
        if not check.ok:
            raise AmendmentError(
                gettext("Not allowed: %(explanation)s.") % {"explanation": check.explanation}
            )
        amendment = Amendment.objects.create(
            resolution=resolution,
            clause=clause,
            delegation=delegation,
            kind=kind,
            friendly=friendly,
            text=text,
            base_text=clause.text if clause is not None else "",
            created_by=by,
        )
        if kind != Amendment.Kind.STRIKE:
            _block(amendment, by)
        if friendly and delegation.pk in _sponsor_ids(resolution):
            # A sponsor proposing a friendly amendment accepts it by proposing it.
            AmendmentSupport.objects.create(
                amendment=amendment,
                delegation=delegation,
                role=AmendmentSupport.Role.ACCEPTANCE,
                by=by,
            )
            _maybe_accepted(amendment)
        drafts.bump_version(resolution)
        return amendment


def propose_second_degree(
    *, amendment: Amendment, delegation: Delegation, text: str, by
) -> Amendment:
    """Amend an amendment (where the committee's rules allow it): propose another wording for
    its text. Second-degree amendments need signatures and a vote, like unfriendly ones."""
    text = (text or "").strip()
    if len(text) > MAX_TEXT:
        raise AmendmentError(
            gettext("An amendment can hold %(max_text)s characters; this has %(text_count)s.")
            % {"max_text": MAX_TEXT, "text_count": len(text)}
        )
    if delegation.committee_id != amendment.resolution.committee_id:
        raise AmendmentError(gettext("That delegation does not sit in this committee."))
    rules = rules_for(amendment.resolution.committee)
    with transaction.atomic():
        parent = _lock(amendment)
        target = parent.clause.kind if parent.clause_id else voting.ClauseKind.OPERATIVE
        check = voting.check_amendable(rules, target, amends_amendment=True)
        if not check.ok:
            raise AmendmentError(
                gettext("Not allowed: %(explanation)s.") % {"explanation": check.explanation}
            )
        if parent.amends_id is not None:
            raise AmendmentError(gettext("An amendment to an amendment cannot itself be amended."))
        if parent.kind == Amendment.Kind.STRIKE:
            raise AmendmentError(gettext("A proposal to strike has no wording to amend."))
        if parent.status not in (Amendment.Status.PROPOSED, Amendment.Status.APPROVED):
            raise AmendmentError(gettext("Only an amendment waiting for debate can be amended."))
        if parent.delegation_id == delegation.pk:
            raise AmendmentError(gettext("Rewrite your own amendment instead of amending it."))
        if not text:
            raise AmendmentError(gettext("Write the amendment's text as it should read."))
        if text == parent.text.strip():
            raise AmendmentError(
                gettext("The text is the same as the amendment: nothing to change.")
            )
        sub = Amendment.objects.create(
            resolution=parent.resolution,
            clause=parent.clause,
            delegation=delegation,
            amends=parent,
            kind=Amendment.Kind.MODIFY,
            friendly=False,
            text=text,
            base_text=parent.text,
            created_by=by,
        )
        _block(sub, by)
        drafts.bump_version(parent.resolution)
        return sub


def _close_sub_amendments(parent: Amendment, reason: str) -> None:
    """The amendment was decided first: amendments to it have nothing left to change."""
    pending = Amendment.objects.filter(amends=parent, status__in=Amendment.PENDING)
    for sub in pending.select_related("motion"):
        if sub.motion_id and sub.motion.status == sub.motion.Status.QUEUED:
            procedure.withdraw_motion(motion=sub.motion, by=None)
    Amendment.objects.filter(amends=parent, status__in=Amendment.PENDING).update(
        status=Amendment.Status.WITHDRAWN, outcome=reason, decided_at=timezone.now()
    )


def update_text(
    *,
    amendment: Amendment,
    text: str,
    by,
    base_revision_id=None,
    client_op_id: str = "",
) -> coedit.SaveOutcome:
    """A delegate of the proposing delegation rewrites its amendment (e.g. after it went stale).

    The text goes through the co-editing engine: edited from an older revision it merges with
    a colleague's change, and when the two overlap nothing shared changes and the person's text
    is kept as their draft. The new text is drafted against the clause as it reads now; support
    given to the old wording no longer counts, so signatures and acceptances start again."""
    text = (text or "").strip()
    if len(text) > MAX_TEXT:
        raise AmendmentError(
            gettext("An amendment can hold %(max_text)s characters; this has %(text_count)s.")
            % {"max_text": MAX_TEXT, "text_count": len(text)}
        )
    with transaction.atomic():
        amendment = _lock(amendment)
        if amendment.status != Amendment.Status.PROPOSED:
            raise AmendmentError(gettext("Only a proposed amendment can be rewritten."))
        if amendment.kind == Amendment.Kind.STRIKE:
            raise AmendmentError(gettext("A proposal to strike has no text to rewrite."))
        if not text:
            raise AmendmentError(gettext("The amendment needs a text."))
        block = _block(amendment, by)
        if not str(base_revision_id or "").strip():
            base_revision_id = block.current_revision_id
        try:
            outcome = coedit.save_block(
                block=block,
                user=by,
                text=text,
                base_revision_id=base_revision_id,
                client_op_id=client_op_id,
            )
        except coedit.CoeditError as exc:
            raise AmendmentError(str(exc)) from exc
        if outcome.status == "conflict":
            return outcome
        changed = outcome.text != amendment.text
        amendment.text = outcome.text
        if amendment.amends_id:
            amendment.base_text = Amendment.objects.get(pk=amendment.amends_id).text
        elif amendment.clause_id:
            amendment.base_text = Clause.objects.get(pk=amendment.clause_id).text
        amendment.stale = False
        amendment.stale_reason = amendment.stale_preview = ""
        amendment.save()
        if changed:
            amendment.supports.exclude(delegation=amendment.delegation).delete()
        drafts.bump_version(amendment.resolution)
        return outcome


def _block(amendment: Amendment, user) -> Block:
    """The amendment's co-edited text, created on first use from its current text."""
    if amendment.block_id:
        return amendment.block
    from positions.services import clause_text  # noqa: PLC0415

    document = clause_text.document_for(amendment.resolution).document
    block = coedit.add_block(
        document=document,
        key=f"amendment-{amendment.pk}",
        title=f"Amendment {amendment.pk}",
        text=amendment.text,
        user=user,
    )
    amendment.block = block
    Amendment.objects.filter(pk=amendment.pk).update(block=block)
    return block


def _sync_block(amendment: Amendment, text: str) -> None:
    """Record a rebase in the amendment's history as a merge revision."""
    block = _block(amendment, None)
    coedit.save_block(
        block=block,
        user=None,
        text=text,
        base_revision_id=block.current_revision_id,
        kind=Revision.Kind.MERGE,
    )


def _support(amendment: Amendment, delegation: Delegation, role: str, by) -> None:
    try:
        with transaction.atomic():
            AmendmentSupport.objects.create(
                amendment=amendment, delegation=delegation, role=role, by=by
            )
    except IntegrityError:
        pass  # already given: a repeated click changes nothing


def sign(*, amendment: Amendment, delegation: Delegation, by) -> Amendment:
    with transaction.atomic():
        amendment = _lock(amendment)
        if amendment.status != Amendment.Status.PROPOSED or amendment.friendly:
            raise AmendmentError(
                gettext("Signatures are collected for unfriendly amendments only.")
            )
        if delegation.committee_id != amendment.resolution.committee_id:
            raise AmendmentError(gettext("That delegation does not sit in this committee."))
        _support(amendment, delegation, AmendmentSupport.Role.SIGNATURE, by)
        drafts.bump_version(amendment.resolution)
        return amendment


def unsign(*, amendment: Amendment, delegation: Delegation) -> Amendment:
    with transaction.atomic():
        amendment = _lock(amendment)
        if amendment.status != Amendment.Status.PROPOSED:
            raise AmendmentError(gettext("The chair has already decided on this amendment."))
        amendment.supports.filter(
            delegation=delegation, role=AmendmentSupport.Role.SIGNATURE
        ).delete()
        drafts.bump_version(amendment.resolution)
        return amendment


def accept(*, amendment: Amendment, delegation: Delegation, by) -> Amendment:
    """A sponsor of the draft accepts a friendly amendment."""
    with transaction.atomic():
        amendment = _lock(amendment)
        if not amendment.friendly or amendment.status != Amendment.Status.PROPOSED:
            raise AmendmentError(gettext("Only a proposed friendly amendment waits for sponsors."))
        if delegation.pk not in _sponsor_ids(amendment.resolution):
            raise AmendmentError(gettext("Only the draft's sponsors accept friendly amendments."))
        _support(amendment, delegation, AmendmentSupport.Role.ACCEPTANCE, by)
        _maybe_accepted(amendment)
        drafts.bump_version(amendment.resolution)
        return amendment


def decline(*, amendment: Amendment, delegation: Delegation) -> Amendment:
    """A sponsor refuses a friendly amendment: it becomes unfriendly and needs signatures."""
    with transaction.atomic():
        amendment = _lock(amendment)
        if not amendment.friendly or amendment.status not in (
            Amendment.Status.PROPOSED,
            Amendment.Status.ACCEPTED,
        ):
            raise AmendmentError(
                gettext("Only a friendly amendment awaiting sponsors can be declined.")
            )
        if delegation.pk not in _sponsor_ids(amendment.resolution):
            raise AmendmentError(
                gettext("Only the draft's sponsors decide on friendly amendments.")
            )
        amendment.friendly = False
        amendment.status = Amendment.Status.PROPOSED
        amendment.outcome = f"{delegation.country.name}, a sponsor, did not accept it as friendly."
        amendment.save(update_fields=["friendly", "status", "outcome"])
        amendment.supports.filter(role=AmendmentSupport.Role.ACCEPTANCE).delete()
        drafts.bump_version(amendment.resolution)
        return amendment


def _maybe_accepted(amendment: Amendment) -> None:
    sponsors = _sponsor_ids(amendment.resolution)
    accepted = set(
        amendment.supports.filter(role=AmendmentSupport.Role.ACCEPTANCE).values_list(
            "delegation_id", flat=True
        )
    )
    if sponsors and sponsors <= accepted:
        amendment.status = Amendment.Status.ACCEPTED
        amendment.save(update_fields=["status"])


def signature_check(amendment: Amendment, *, members: int, signatures: int) -> voting.Check:
    return voting.check_amendment_support(
        rules_for(amendment.resolution.committee), members=members, signatures=signatures
    )


def withdraw(*, amendment: Amendment) -> Amendment:
    with transaction.atomic():
        amendment = _lock(amendment)
        if amendment.status not in (
            Amendment.Status.PROPOSED,
            Amendment.Status.ACCEPTED,
            Amendment.Status.APPROVED,
        ):
            raise AmendmentError(gettext("This amendment can no longer be withdrawn."))
        amendment.status = Amendment.Status.WITHDRAWN
        amendment.decided_at = timezone.now()
        amendment.save(update_fields=["status", "decided_at"])
        _withdraw_motion(amendment)
        _close_sub_amendments(amendment, "The amendment it amended was withdrawn.")
        drafts.bump_version(amendment.resolution)
        return amendment


def _withdraw_motion(amendment: Amendment) -> None:
    if amendment.motion_id is None:
        return
    motion = amendment.motion
    if motion.status == motion.Status.QUEUED:
        procedure.withdraw_motion(motion=motion, by=None)


# --- the chair -------------------------------------------------------------------------------


def confirm_friendly(*, amendment: Amendment, by) -> Amendment:
    """The chair confirms a friendly amendment all sponsors accepted: applied without a vote."""
    with transaction.atomic():
        amendment = _lock(amendment)
        if amendment.status != Amendment.Status.ACCEPTED:
            raise AmendmentError(gettext("Every sponsor has to accept the amendment first."))
        _refuse_stale(amendment)
        amendment.outcome = "Friendly amendment: accepted by all sponsors, confirmed by the chair."
        _apply(amendment)
        return amendment


def approve_for_debate(*, amendment: Amendment, by, members: int | None = None) -> Amendment:
    """The chair approves an unfriendly amendment with enough signatures: it goes to a vote."""
    with transaction.atomic():
        amendment = _lock(amendment)
        if amendment.friendly or amendment.status != Amendment.Status.PROPOSED:
            raise AmendmentError(
                gettext("Only a proposed unfriendly amendment is approved for debate.")
            )
        _refuse_stale(amendment)
        members = member_count(amendment.resolution.committee) if members is None else members
        signatures = amendment.supports.filter(role=AmendmentSupport.Role.SIGNATURE).count()
        check = signature_check(amendment, members=members, signatures=signatures)
        if not check.ok:
            raise AmendmentError(
                gettext("Cannot approve — %(explanation)s.") % {"explanation": check.explanation}
            )
        motion = procedure.create_motion(
            committee=amendment.resolution.committee,
            kind=voting.VoteKind.AMENDMENT.value,
            title=motion_title(amendment),
            text=motion_text(amendment),
            proposed_by=amendment.delegation,
            by=by,
        )
        amendment.motion = motion
        amendment.status = Amendment.Status.APPROVED
        amendment.save(update_fields=["motion", "status"])
        drafts.bump_version(amendment.resolution)
        return amendment


def _refuse_stale(amendment: Amendment) -> None:
    if amendment.stale:
        raise AmendmentError(
            gettext(
                "This amendment is stale: the clause changed under it. The proposing delegation has to update its text first."
            )
        )


def motion_title(amendment: Amendment) -> str:
    resolution = amendment.resolution
    if amendment.amends_id:
        parent = amendment.amends
        return (
            f"Amendment by {amendment.delegation.country.name} to amendment {parent.pk} "
            f"({parent.delegation.country.name}) on {resolution.display_symbol}"
        )[:300]
    where = ""
    if amendment.clause_id:
        where = f" to {clause_name(amendment.clause)}"
    return (
        f"Amendment by {amendment.delegation.country.name}{where} of "
        f"{resolution.display_symbol}: {amendment.get_kind_display().lower()}"
    )[:300]


def motion_text(amendment: Amendment) -> str:
    if amendment.amends_id:
        return f"In amendment {amendment.amends_id}, replace: {amendment.base_text}\nWith: {amendment.text}"
    if amendment.kind == Amendment.Kind.STRIKE:
        return f"Strike: {amendment.base_text}"
    if amendment.kind == Amendment.Kind.ADD:
        return f"Add: {amendment.text}"
    return f"Replace: {amendment.base_text}\nWith: {amendment.text}"


def clause_name(clause: Clause) -> str:
    """ "operative clause 3" from the clause's current position (one query)."""
    siblings = list(
        Clause.objects.filter(resolution_id=clause.resolution_id, parent__isnull=True, struck=False)
        .order_by("order", "pk")
        .values_list("pk", "kind")
    )
    root = clause
    while root.parent_id is not None:
        root = Clause.objects.get(pk=root.parent_id)
    same_kind = [pk for pk, kind in siblings if kind == root.kind]
    position = same_kind.index(root.pk) + 1 if root.pk in same_kind else "?"
    label = f"{root.kind} clause {position}"
    return label if root.pk == clause.pk else f"a sub-clause of {label}"


def on_vote_closed(*, motion, passed: bool, explanation: str) -> None:
    """Called inside the closing transaction of a vote (procedure's ``vote_closed``)."""
    amendment = (
        Amendment.objects.select_for_update(of=("self",))
        .select_related("resolution__committee", "clause", "delegation")
        .filter(motion=motion)
        .first()
    )
    if amendment is None or not amendment.is_pending:
        return
    amendment.outcome = explanation
    if passed:
        _apply(amendment)
    else:
        amendment.status = Amendment.Status.REJECTED
        amendment.decided_at = timezone.now()
        amendment.save(update_fields=["status", "outcome", "decided_at"])
        _close_sub_amendments(amendment, "The amendment it amended was rejected first.")
        drafts.bump_version(amendment.resolution)


# --- applying and rebasing -------------------------------------------------------------------


def _apply(amendment: Amendment) -> None:
    """Change the draft as the amendment says, then rebase the other pending amendments."""
    resolution = amendment.resolution
    if not resolution.is_amendable:
        raise AmendmentError(gettext("The draft has been decided: it can no longer change."))
    if amendment.amends_id:
        _apply_second_degree(amendment)
        return
    clause = amendment.clause
    if amendment.kind == Amendment.Kind.MODIFY:
        current = Clause.objects.get(pk=clause.pk).text
        if current != amendment.base_text:
            # Applied on top of a clause that changed since it was drafted: the rebase keeps
            # ``base_text`` current, so this only happens if someone bypassed it.
            result = merge(amendment.base_text, current, amendment.text)
            if not result.clean:
                raise AmendmentError(
                    gettext(
                        "The clause changed since this amendment was written and the changes overlap; it has to be updated first."
                    )
                )
            amendment.text = result.text
        from positions.services import clause_text  # noqa: PLC0415

        clause_text.commit_amended_text(clause=clause, text=amendment.text, by=amendment.created_by)
    elif amendment.kind == Amendment.Kind.STRIKE:
        drafts.strike_clause(clause=clause)
    else:
        new_clause = drafts.add_clause(
            resolution=resolution,
            kind=Clause.Kind.OPERATIVE,
            text=amendment.text,
            allow_when_locked=True,
        )
        amendment.clause = new_clause
    amendment.status = Amendment.Status.ADOPTED
    amendment.decided_at = timezone.now()
    amendment.save(update_fields=["status", "decided_at", "outcome", "text", "clause"])
    _close_sub_amendments(amendment, "The amendment it amended was adopted first.")
    if amendment.kind != Amendment.Kind.ADD:
        rebase_pending(clause=clause, applied=amendment)
    drafts.bump_version(resolution)


def rebase_pending(*, clause: Clause, applied: Amendment) -> list[Amendment]:
    """Bring every other pending amendment to ``clause`` up to date with its new text."""
    clause = Clause.objects.get(pk=clause.pk)
    others = (
        Amendment.objects.select_for_update(of=("self",))
        .filter(clause=clause, amends__isnull=True, status__in=Amendment.PENDING)
        .exclude(pk=applied.pk)
        .exclude(kind=Amendment.Kind.ADD)
    )
    who = f"amendment {applied.pk} ({applied.delegation.country.name})"
    return _rebase(others, new_text=clause.text, struck=clause.struck, who=who, target="clause")


def _rebase(others, *, new_text: str, struck: bool, who: str, target: str) -> list[Amendment]:
    """Three-way merge each pending amendment onto ``new_text`` (the clause, or for
    second-degree amendments the amendment they amend); stale with a preview on overlap."""
    changed = []
    for other in others:
        rebased = False
        if struck:
            other.stale = True
            other.stale_reason = (
                f"The clause was struck by {who}; this amendment has nothing left to change."
            )
            other.stale_preview = ""
        elif other.kind == Amendment.Kind.STRIKE:
            other.base_text = new_text
            other.rebase_note = (
                f"The clause was changed by {who}; this amendment now strikes the new text."
            )
        else:
            result = merge(other.base_text, new_text, other.text)
            if result.clean:
                rebased = result.text != other.text
                if other.block_id and rebased:
                    _sync_block(other, result.text)
                other.text = result.text
                other.base_text = new_text
                other.rebase_note = (
                    f"Rebased on {who}: both changes are kept, the text below includes it."
                )
                other.stale = False
            else:
                other.stale = True
                other.stale_reason = (
                    f"{who[0].upper()}{who[1:]} changed the same words of the {target}; this "
                    "amendment was not changed. The preview shows both versions: update the text."
                )
                other.stale_preview = result.text
        other.save()
        if other.motion_id and not other.stale:
            # The projector shows the text under debate: keep it the rebased one.
            procedure.update_motion_text(motion=other.motion, text=motion_text(other))
        if rebased:
            # Amendments to this amendment follow its new wording.
            subs = Amendment.objects.select_for_update(of=("self",)).filter(
                amends=other, status__in=Amendment.PENDING
            )
            _rebase(
                subs,
                new_text=other.text,
                struck=False,
                who=f"the rebase of amendment {other.pk}",
                target="amendment",
            )
        changed.append(other)
    return changed


def _apply_second_degree(amendment: Amendment) -> None:
    """An adopted amendment to an amendment rewrites that amendment's text."""
    parent = (
        Amendment.objects.select_for_update(of=("self",))
        .select_related("delegation__country")
        .get(pk=amendment.amends_id)
    )
    if not parent.is_pending:
        raise AmendmentError(gettext("The amendment it amends has already been decided."))
    new_text = amendment.text
    if parent.text != amendment.base_text:
        result = merge(amendment.base_text, parent.text, amendment.text)
        if not result.clean:
            raise AmendmentError(
                gettext(
                    "The amendment it amends changed since and the changes overlap; it has to be updated first."
                )
            )
        new_text = result.text
    _sync_block(parent, new_text)
    parent.text = new_text
    parent.rebase_note = (
        f"Changed by the adopted amendment {amendment.pk} ({amendment.delegation.country.name})."
    )
    parent.save(update_fields=["text", "rebase_note"])
    if parent.motion_id:
        procedure.update_motion_text(motion=parent.motion, text=motion_text(parent))
    amendment.text = new_text
    amendment.status = Amendment.Status.ADOPTED
    amendment.decided_at = timezone.now()
    amendment.save(update_fields=["status", "decided_at", "outcome", "text"])
    others = (
        Amendment.objects.select_for_update(of=("self",))
        .filter(amends=parent, status__in=Amendment.PENDING)
        .exclude(pk=amendment.pk)
    )
    who = f"amendment {amendment.pk} ({amendment.delegation.country.name})"
    _rebase(others, new_text=new_text, struck=False, who=who, target="amendment")
    drafts.bump_version(amendment.resolution)


# --- procedure's signals (connected in ``positions.receivers``) ------------------------------


def on_vote_opened(*, motion) -> None:
    """The chair opened the vote on an amendment's motion: the amendment is being voted on."""
    resolution_ids = set(
        Amendment.objects.filter(motion=motion).values_list("resolution_id", flat=True)
    )
    Amendment.objects.filter(
        motion=motion, status__in=[Amendment.Status.APPROVED, Amendment.Status.VOTING]
    ).update(status=Amendment.Status.VOTING)
    for pk in resolution_ids:
        drafts.bump_version(pk)


def on_vote_cancelled(*, motion) -> None:
    """The chair discarded the vote: the amendment is back to approved, waiting in the queue."""
    resolution_ids = set(
        Amendment.objects.filter(motion=motion).values_list("resolution_id", flat=True)
    )
    Amendment.objects.filter(
        motion=motion, status__in=[Amendment.Status.APPROVED, Amendment.Status.VOTING]
    ).update(status=Amendment.Status.APPROVED)
    for pk in resolution_ids:
        drafts.bump_version(pk)


def on_motion_withdrawn(*, motion) -> None:
    """The chair took the amendment's motion out of the queue: the amendment is withdrawn, and
    amendments to it with it."""
    changed = Amendment.objects.filter(
        motion=motion, status__in=[Amendment.Status.APPROVED, Amendment.Status.VOTING]
    ).update(
        status=Amendment.Status.WITHDRAWN,
        outcome="The chair withdrew it from the voting queue.",
        decided_at=timezone.now(),
    )
    if changed:
        for parent in Amendment.objects.filter(motion=motion):
            _close_sub_amendments(parent, "The amendment it amended was withdrawn.")
            drafts.bump_version(parent.resolution_id)
