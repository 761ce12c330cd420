"""Writes for draft resolutions: drafting clauses, sponsoring and signing, the chair's steps.

Who may call what is decided by the views (``positions.access``); these functions enforce
the rules of the document itself (state, limits, thresholds) and raise ``ResolutionError``
with a message meant for the person who clicked. Each write locks the draft's row
(``lock_resolution``) and bumps its version (``bump_version``) in the same transaction; the
other services of this app that change a draft (amendments, clause text) use the same two
helpers (docs/architecture.md, "Live updates").
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext

from committees.engines import voting
from committees.models import Committee, Delegation, Session
from committees.services import procedure
from positions.engines.clauses import numbering
from positions.engines.clauses import paste as clause_paste
from positions.models import Amendment, Clause, DraftResolution, Sponsorship
from positions.selectors.resolutions import plain_text, rules_for, support_for
from unodc_mun import live

MAX_TITLE = 300
MAX_CLAUSE_TEXT = 4000


class ResolutionError(Exception):
    """Something the rules or the state of the draft do not allow; the message says why."""


def bump_version(resolution: DraftResolution | int) -> None:
    """Advance the draft's version counter; call inside the transaction that changed it, so a
    page polling the version sees the change exactly when it is committed."""
    pk = resolution if isinstance(resolution, int) else resolution.pk
    DraftResolution.objects.filter(pk=pk).update(version=F("version") + 1)
    # Open pages hear of it on commit (NOTIFY is part of this transaction).
    version = DraftResolution.objects.values_list("version", flat=True).get(pk=pk)
    live.announce(live.topic("res", pk), version)


def lock_resolution(resolution: DraftResolution) -> DraftResolution:
    """The draft re-read under a row lock (``SELECT … FOR UPDATE``): every write to a draft,
    its clauses, sponsors or amendments takes it first, so they never interleave."""
    return (
        DraftResolution.objects.select_for_update(of=("self",))
        .select_related("committee")
        .get(pk=resolution.pk)
    )


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise ResolutionError(gettext("Give the draft resolution a title."))
    if len(title) > MAX_TITLE:
        raise ResolutionError(
            gettext("Keep the title under %(max_title)s characters.") % {"max_title": MAX_TITLE}
        )
    return title


def _clean_text(text: str) -> str:
    text = (text or "").strip()
    if len(text) > MAX_CLAUSE_TEXT:
        raise ResolutionError(
            gettext(
                "A clause can hold %(max_clause_text)s characters; this one has %(text_count)s. Split it into sub-clauses."
            )
            % {"max_clause_text": MAX_CLAUSE_TEXT, "text_count": len(text)}
        )
    return text


# --- drafting --------------------------------------------------------------------------------


def create_draft(*, committee: Committee, title: str, sponsor: Delegation, by) -> DraftResolution:
    """A new working paper, with the proposing delegation as its first sponsor."""
    title = _clean_title(title)
    if sponsor.committee_id != committee.pk:
        raise ResolutionError(gettext("That delegation does not sit in this committee."))
    with transaction.atomic():
        resolution = DraftResolution.objects.create(committee=committee, title=title, created_by=by)
        Sponsorship.objects.create(
            resolution=resolution,
            delegation=sponsor,
            role=Sponsorship.Role.SPONSOR,
            signed_by=by,
        )
        return resolution


def rename_draft(*, resolution: DraftResolution, title: str) -> DraftResolution:
    title = _clean_title(title)
    with transaction.atomic():
        resolution = lock_resolution(resolution)
        _require_editable(resolution)
        resolution.title = title
        resolution.save(update_fields=["title"])
        bump_version(resolution)
        return resolution


def _require_editable(resolution: DraftResolution) -> None:
    if not resolution.is_editable:
        raise ResolutionError(
            gettext("The draft is %(lower)s: its text changes only through amendments now.")
            % {"lower": resolution.get_status_display().lower()}
        )


def add_clause(
    *,
    resolution: DraftResolution,
    kind: str,
    text: str,
    parent: Clause | None = None,
    allow_when_locked: bool = False,
) -> Clause:
    """Append a clause (or a sub-clause of ``parent``) at the end of its list.

    ``allow_when_locked`` is for adopted "add" amendments, which change an introduced draft."""
    text = _clean_text(text)
    if kind not in Clause.Kind.values:
        raise ResolutionError(gettext("Choose preambulatory or operative."))
    with transaction.atomic():
        resolution = lock_resolution(resolution)
        if not allow_when_locked:
            _require_editable(resolution)
        depth = 0
        if parent is not None:
            if parent.resolution_id != resolution.pk:
                raise ResolutionError(gettext("That clause belongs to another draft."))
            if parent.depth >= numbering.MAX_SUB_DEPTH:
                raise ResolutionError(
                    gettext(
                        "Sub-clauses go three levels deep at most (a), i., A.); add this one at a higher level."
                    )
                )
            if parent.kind != Clause.Kind.OPERATIVE:
                raise ResolutionError(
                    gettext(
                        "Sub-clauses belong to operative clauses; a preambulatory clause is one sentence ending with a comma."
                    )
                )
            kind = parent.kind  # a sub-clause belongs to its clause's kind
            depth = parent.depth + 1
        last = Clause.objects.filter(resolution=resolution, parent=parent).aggregate(
            m=Max("order")
        )["m"]
        clause = Clause.objects.create(
            resolution=resolution,
            kind=kind,
            parent=parent,
            depth=depth,
            order=0 if last is None else last + 1,
            text=text,
        )
        if parent is None and kind == Clause.Kind.PREAMBULATORY:
            _preamble_first(resolution)
        bump_version(resolution)
        return clause


def _preamble_first(resolution: DraftResolution) -> None:
    """Keep the preamble first: top-level preambulatory clauses before operative ones, each
    group in its own order. Runs inside the caller's transaction (row lock held)."""
    top = list(
        Clause.objects.filter(resolution=resolution, parent=None)
        .order_by("order", "pk")
        .only("pk", "order", "kind")
    )
    wanted = [c for c in top if c.kind == Clause.Kind.PREAMBULATORY] + [
        c for c in top if c.kind != Clause.Kind.PREAMBULATORY
    ]
    if [c.pk for c in wanted] != [c.pk for c in top]:
        _renumber(wanted)


def _crosses_kinds(ordered: list[Clause]) -> bool:
    seen_operative = False
    for clause in ordered:
        if clause.kind == Clause.Kind.OPERATIVE:
            seen_operative = True
        elif seen_operative:
            return True
    return False


MAX_PASTED_CLAUSES = 200


def add_pasted_clauses(*, resolution: DraftResolution, text: str) -> int:
    """Append clauses pasted as text (as written in a word processor): numbered paragraphs
    are operative, lettered ones sub-clauses, the rest before them preambulatory."""
    if len(text or "") > MAX_PASTED_CLAUSES * MAX_CLAUSE_TEXT:
        raise ResolutionError(gettext("That is too much text to paste at once."))
    parsed = clause_paste.parse_text(text or "")
    if not parsed:
        raise ResolutionError(
            gettext(
                "No clause found. Paste one clause per paragraph: “Recalling …,” or “1. Urges …;”."
            )
        )
    count = 0
    with transaction.atomic():

        def add(node, parent):
            nonlocal count
            count += 1
            if count > MAX_PASTED_CLAUSES:
                raise ResolutionError(
                    gettext("Paste at most %(max_pasted_clauses)s clauses at once.")
                    % {"max_pasted_clauses": MAX_PASTED_CLAUSES}
                )
            if parent is not None and parent.depth >= numbering.MAX_SUB_DEPTH:
                raise ResolutionError(
                    gettext("Sub-clauses go three levels deep at most (a), i., A.).")
                )
            text = node.text
            children = node.children
            if node.kind == Clause.Kind.PREAMBULATORY and children:
                # A preamble has no sub-clauses: keep the pasted list inside its text.
                text = " ".join([text, *(_flatten(c) for c in children)])
                children = ()
            clause = add_clause(resolution=resolution, kind=node.kind, text=text, parent=parent)
            for child in children:
                add(child, clause)

        for node in parsed:
            add(node, None)
    return count


def _flatten(node) -> str:
    return " ".join([node.text, *(_flatten(c) for c in node.children)])


def write_clause_text(*, clause: Clause, resolution: DraftResolution, text: str) -> Clause:
    """Store a clause's committed text, inside the caller's transaction that holds the draft's
    row lock (``lock_resolution``) and has just appended the clause block's revision with the
    same text: ``positions.services.clause_text`` is the only caller, so the text and the
    revision cannot disagree."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("write_clause_text must run inside the clause save's transaction")
    text = _clean_text(text)
    Clause.objects.filter(pk=clause.pk).update(text=text, updated_at=timezone.now())
    clause.text = text
    bump_version(resolution)
    return clause


def change_clause_kind(*, clause: Clause, kind: str) -> Clause:
    if kind not in Clause.Kind.values:
        raise ResolutionError(gettext("Choose preambulatory or operative."))
    if clause.parent_id is not None:
        raise ResolutionError(gettext("A sub-clause takes the kind of the clause it belongs to."))
    with transaction.atomic():
        resolution = lock_resolution(clause.resolution)
        _require_editable(resolution)
        if (
            kind == Clause.Kind.PREAMBULATORY
            and Clause.objects.filter(parent_id=clause.pk, struck=False).exists()
        ):
            raise ResolutionError(
                gettext("A preambulatory clause has no sub-clauses: move or delete them first.")
            )
        # The whole branch changes kind together.
        ids = [clause.pk]
        frontier = [clause.pk]
        while frontier:
            frontier = list(
                Clause.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
            )
            ids += frontier
        Clause.objects.filter(pk__in=ids).update(kind=kind)
        clause.kind = kind
        _preamble_first(resolution)
        bump_version(resolution)
        return clause


def move_clause(*, clause: Clause, direction: str) -> Clause:
    """Swap a clause with its previous ("up") or next ("down") sibling."""
    if direction not in ("up", "down"):
        raise ResolutionError(gettext("Move a clause up or down."))
    with transaction.atomic():
        resolution = lock_resolution(clause.resolution)
        _require_editable(resolution)
        siblings = list(
            Clause.objects.filter(resolution=resolution, parent_id=clause.parent_id, struck=False)
            .order_by("order", "pk")
            .only("pk", "order", "kind")
        )
        index = next((i for i, s in enumerate(siblings) if s.pk == clause.pk), None)
        if index is None:
            raise ResolutionError(gettext("That clause is no longer in the draft."))
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(siblings):
            return clause  # already first / last: nothing to do
        siblings[index], siblings[other] = siblings[other], siblings[index]
        if clause.parent_id is None and _crosses_kinds(siblings):
            raise ResolutionError(
                gettext(
                    "The preamble comes first: a preambulatory clause cannot move below an operative one. Change its kind instead if it belongs to the operative part."
                )
            )
        _renumber(siblings)
        bump_version(resolution)
        return clause


def reorder_clauses(*, resolution: DraftResolution, parent: Clause | None, ordered_ids) -> None:
    """Put the sibling clauses of ``parent`` in the given order (all of them, each once)."""
    with transaction.atomic():
        resolution = lock_resolution(resolution)
        _require_editable(resolution)
        siblings = {
            c.pk: c
            for c in Clause.objects.filter(resolution=resolution, parent=parent, struck=False).only(
                "pk", "order", "kind"
            )
        }
        try:
            wanted = [int(pk) for pk in ordered_ids]
        except (TypeError, ValueError):
            raise ResolutionError(gettext("The new order could not be read.")) from None
        if sorted(wanted) != sorted(siblings):
            raise ResolutionError(
                gettext("The draft changed while you were reordering; reload and try again.")
            )
        ordered = [siblings[pk] for pk in wanted]
        if parent is None and _crosses_kinds(ordered):
            raise ResolutionError(
                gettext(
                    "The preamble comes first: keep the preambulatory clauses above the operative ones."
                )
            )
        _renumber(ordered)
        bump_version(resolution)


def _renumber(clauses: list[Clause]) -> None:
    for position, clause in enumerate(clauses):
        clause.order = position
    Clause.objects.bulk_update(clauses, ["order"])


def delete_clause(*, clause: Clause) -> None:
    with transaction.atomic():
        resolution = lock_resolution(clause.resolution)
        _require_editable(resolution)
        Clause.objects.filter(pk=clause.pk).delete()
        bump_version(resolution)


def strike_clause(*, clause: Clause) -> None:
    """An adopted "strike" amendment: the clause leaves the text but stays on record."""
    with transaction.atomic():
        resolution = lock_resolution(clause.resolution)
        ids = [clause.pk]
        frontier = [clause.pk]
        while frontier:
            frontier = list(
                Clause.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
            )
            ids += frontier
        Clause.objects.filter(pk__in=ids).update(struck=True, updated_at=timezone.now())
        bump_version(resolution)


# --- sponsors and signatories ----------------------------------------------------------------


def support(*, resolution: DraftResolution, delegation: Delegation, role: str, by) -> Sponsorship:
    """Sponsor or sign a draft for one's own delegation (one row per delegation)."""
    if role not in Sponsorship.Role.values:
        raise ResolutionError(gettext("Choose to sponsor or to sign."))
    if delegation.committee_id != resolution.committee_id:
        raise ResolutionError(gettext("That delegation does not sit in this committee."))
    with transaction.atomic():
        resolution = lock_resolution(resolution)
        if (
            role == Sponsorship.Role.SPONSOR
            and resolution.status != resolution.Status.WORKING_PAPER
        ):
            raise ResolutionError(
                gettext("Sponsors join while the draft is still a working paper.")
            )
        if role == Sponsorship.Role.SIGNATORY and resolution.status not in (
            resolution.Status.WORKING_PAPER,
            resolution.Status.SUBMITTED,
        ):
            raise ResolutionError(
                gettext("Signatures are collected before the chair approves the draft.")
            )
        existing = Sponsorship.objects.filter(resolution=resolution, delegation=delegation).first()
        if existing and existing.role == role:
            return existing
        rules = rules_for(resolution.committee)
        allowed = voting.check_supporter(
            rules, observer=delegation.status == Delegation.Status.OBSERVER, role=role
        )
        if not allowed.ok:
            raise ResolutionError(f"{delegation.country.name}: {allowed.explanation}.")
        if role == Sponsorship.Role.SPONSOR:
            sponsors = Sponsorship.objects.filter(
                resolution=resolution, role=Sponsorship.Role.SPONSOR
            ).count()
            if rules.max_sponsors is not None and sponsors >= rules.max_sponsors:
                raise ResolutionError(
                    gettext(
                        "This draft already has %(sponsors)s sponsors, the most the rules allow; sign it instead."
                    )
                    % {"sponsors": sponsors}
                )
        if existing:
            if existing.role == Sponsorship.Role.SPONSOR and _is_last_sponsor(existing):
                raise ResolutionError(
                    gettext("A draft needs at least one sponsor: you are the last one.")
                )
            existing.role = role
            existing.signed_by = by
            existing.save(update_fields=["role", "signed_by"])
            sponsorship = existing
        else:
            try:
                with transaction.atomic():
                    sponsorship = Sponsorship.objects.create(
                        resolution=resolution, delegation=delegation, role=role, signed_by=by
                    )
            except IntegrityError:
                # A second click (or a colleague) got there first: one row per delegation.
                sponsorship = Sponsorship.objects.get(resolution=resolution, delegation=delegation)
        bump_version(resolution)
        return sponsorship


def _is_last_sponsor(sponsorship: Sponsorship) -> bool:
    return (
        not Sponsorship.objects.filter(
            resolution_id=sponsorship.resolution_id, role=Sponsorship.Role.SPONSOR
        )
        .exclude(pk=sponsorship.pk)
        .exists()
    )


def withdraw_support(*, resolution: DraftResolution, delegation: Delegation) -> None:
    with transaction.atomic():
        resolution = lock_resolution(resolution)
        row = Sponsorship.objects.filter(resolution=resolution, delegation=delegation).first()
        if row is None:
            return
        if resolution.status not in (resolution.Status.WORKING_PAPER, resolution.Status.SUBMITTED):
            raise ResolutionError(
                gettext("The chair has approved the draft: its sponsors are final.")
            )
        if row.role == Sponsorship.Role.SPONSOR and _is_last_sponsor(row):
            raise ResolutionError(
                gettext(
                    "You are the last sponsor: withdraw the whole draft instead of your sponsorship."
                )
            )
        row.delete()
        bump_version(resolution)


# --- the chair's steps -----------------------------------------------------------------------


def waive_signatures(*, resolution: DraftResolution, reason: str, by) -> DraftResolution:
    """The chair waives the signature threshold of a draft, with a reason kept on record (e.g.
    delegations that support it have no account). Only while signatures are being gathered."""
    try:
        reason = voting.check_waiver(rules_for(resolution.committee), reason)
    except voting.RulesError as exc:
        raise ResolutionError(str(exc)) from exc
    with transaction.atomic():
        resolution = lock_resolution(resolution)
        if resolution.status not in (resolution.Status.WORKING_PAPER, resolution.Status.SUBMITTED):
            raise ResolutionError(
                gettext("The threshold matters only before the chair approves the draft.")
            )
        resolution.signatures_waived_reason = reason
        resolution.signatures_waived_at = timezone.now()
        resolution.signatures_waived_by = by if getattr(by, "pk", None) else None
        resolution.save(
            update_fields=[
                "signatures_waived_reason",
                "signatures_waived_at",
                "signatures_waived_by",
            ]
        )
        bump_version(resolution)
        return resolution


def submit(*, resolution: DraftResolution) -> DraftResolution:
    """Sponsors hand the working paper to the chair once support reaches the threshold."""
    with transaction.atomic():
        resolution = lock_resolution(resolution)
        if resolution.status != resolution.Status.WORKING_PAPER:
            raise ResolutionError(gettext("Only a working paper can be submitted."))
        if not resolution.clauses.filter(kind=Clause.Kind.OPERATIVE, struck=False).exists():
            raise ResolutionError(gettext("Add at least one operative clause before submitting."))
        check = support_for(resolution).check
        if not check.ok:
            raise ResolutionError(
                gettext("Cannot submit yet — %(explanation)s.") % {"explanation": check.explanation}
            )
        resolution.status = resolution.Status.SUBMITTED
        resolution.submitted_at = timezone.now()
        resolution.save(update_fields=["status", "submitted_at"])
        bump_version(resolution)
        return resolution


def reopen(*, resolution: DraftResolution) -> DraftResolution:
    """The sponsors take their submitted draft back to edit it, before the chair approves it."""
    with transaction.atomic():
        resolution = lock_resolution(resolution)
        if resolution.status != resolution.Status.SUBMITTED:
            raise ResolutionError(
                gettext(
                    "Only a submitted draft can be reopened; once approved, its text changes through amendments."
                )
            )
        resolution.status = resolution.Status.WORKING_PAPER
        resolution.save(update_fields=["status"])
        bump_version(resolution)
        return resolution


def return_to_sponsors(*, resolution: DraftResolution) -> DraftResolution:
    with transaction.atomic():
        resolution = lock_resolution(resolution)
        if resolution.status != resolution.Status.SUBMITTED:
            raise ResolutionError(gettext("Only a submitted draft can go back to its sponsors."))
        resolution.status = resolution.Status.WORKING_PAPER
        resolution.save(update_fields=["status"])
        bump_version(resolution)
        return resolution


def session_number(committee: Committee) -> int:
    """The session the symbol carries ("UNODC/1/DR.2"): the latest session opened, or 1."""
    number = (
        Session.objects.filter(committee=committee)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return number or 1


def approve(*, resolution: DraftResolution) -> DraftResolution:
    """The chair approves a submitted draft: it gets its number and symbol."""
    with transaction.atomic():
        resolution = lock_resolution(resolution)
        if resolution.status != resolution.Status.SUBMITTED:
            raise ResolutionError(
                gettext("Only a draft submitted by its sponsors can be approved.")
            )
        check = support_for(resolution).check
        if not check.ok:
            raise ResolutionError(
                gettext("Cannot approve — %(explanation)s.") % {"explanation": check.explanation}
            )
        committee = resolution.committee
        # Lock the committee row so two approvals never draw the same number.
        Committee.objects.select_for_update().filter(pk=committee.pk).first()
        last = DraftResolution.objects.filter(committee=committee).aggregate(m=Max("number"))["m"]
        resolution.number = (last or 0) + 1
        acronym = committee.acronym or committee.slug.upper()
        resolution.symbol = f"{acronym}/{session_number(committee)}/DR.{resolution.number}"
        resolution.status = resolution.Status.APPROVED
        resolution.approved_at = timezone.now()
        resolution.save(update_fields=["number", "symbol", "status", "approved_at"])
        bump_version(resolution)
        return resolution


def introduce(*, resolution: DraftResolution) -> DraftResolution:
    """The draft is read out and opens for amendments and debate."""
    with transaction.atomic():
        resolution = lock_resolution(resolution)
        if resolution.status != resolution.Status.APPROVED:
            raise ResolutionError(gettext("Only an approved draft can be introduced."))
        resolution.status = resolution.Status.INTRODUCED
        resolution.save(update_fields=["status"])
        bump_version(resolution)
        return resolution


def withdraw(*, resolution: DraftResolution) -> DraftResolution:
    with transaction.atomic():
        resolution = lock_resolution(resolution)
        if resolution.is_final:
            raise ResolutionError(gettext("The draft has already been decided."))
        resolution.status = resolution.Status.WITHDRAWN
        resolution.decided_at = timezone.now()
        resolution.save(update_fields=["status", "decided_at"])
        bump_version(resolution)
        return resolution


def record_outcome(*, resolution: DraftResolution, adopted: bool, explanation: str) -> None:
    """The vote on the draft closed: it is adopted (final, read-only) or it failed."""
    with transaction.atomic():
        resolution = lock_resolution(resolution)
        if resolution.is_final:
            return
        resolution.status = resolution.Status.ADOPTED if adopted else resolution.Status.FAILED
        resolution.outcome = explanation
        resolution.decided_at = timezone.now()
        resolution.save(update_fields=["status", "outcome", "decided_at"])
        bump_version(resolution)


def put_to_vote(*, resolution: DraftResolution, by) -> DraftResolution:
    """Queue the motion to adopt the draft (procedure's ``Motion``); the chair opens the vote.

    The draft learns the outcome from procedure's ``vote_closed`` signal (``positions.receivers``).
    """
    with transaction.atomic():
        locked = lock_resolution(resolution)
        if locked.status != DraftResolution.Status.INTRODUCED:
            raise ResolutionError(gettext("Only an introduced draft is put to the vote."))
        if locked.motion_id:
            raise ResolutionError(gettext("The draft is already in the voting queue."))
        if Amendment.objects.filter(resolution=locked).pending().exists():
            raise ResolutionError(
                gettext(
                    "Amendments are still pending: decide or withdraw them before the vote on the draft as a whole."
                )
            )
        motion = procedure.create_motion(
            committee=locked.committee,
            kind=voting.VoteKind.RESOLUTION.value,
            title=f"Adoption of {locked.display_symbol}: {locked.title}"[:300],
            text=plain_text(locked),
            by=by,
        )
        locked.motion = motion
        locked.save(update_fields=["motion"])
        bump_version(locked)
        return locked


def apply_division(
    *, resolution: DraftResolution, removed, rejected_as_whole: bool, explanation: str
) -> None:
    """Strike the clauses of the parts rejected by a division of the question (they stay in
    the history, hidden like clauses struck by amendments), and keep the motion's text in step;
    with no operative clause left the draft is not adopted (runs inside procedure's
    transaction: committees.signals)."""
    resolution = lock_resolution(resolution)
    keys = [int(k) for k in removed]
    if keys:
        Clause.objects.filter(resolution=resolution, pk__in=keys).update(struck=True)
    if rejected_as_whole:
        record_outcome(
            resolution=resolution, adopted=False, explanation=f"Not adopted — {explanation}"
        )
        return
    if resolution.motion_id:
        procedure.update_motion_text(motion=resolution.motion, text=plain_text(resolution))
    bump_version(resolution)


def release_motion(*, motion) -> None:
    """The motion to adopt a draft left the queue without a vote (withdrawn): the draft can be
    put to the vote again later. Runs inside procedure's transaction (``motion_withdrawn``)."""
    for resolution in DraftResolution.objects.select_for_update().filter(motion=motion):
        resolution.motion = None
        resolution.save(update_fields=["motion"])
        bump_version(resolution)
