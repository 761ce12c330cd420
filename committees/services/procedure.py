"""Writes for procedure: sessions, roll call, motions, votes and ballots.

Every function is keyword-only, runs in one transaction, bumps the committee's procedure clock
(so open screens refresh) and raises `ProcedureError` with a message meant for the person who
asked, leaving nothing changed.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext

from committees import divisions, signals
from committees.engines import voting
from committees.models import Committee, Delegation
from committees.models.procedure import (
    Ballot,
    Motion,
    ProcedureClock,
    RollCallEntry,
    Session,
    Vote,
)
from committees.selectors.procedure import (  # noqa: F401  (reads, used by callers through here)
    attendance_at,
    clock_version,
    current_session,
    roll_call_state,
    roll_voters,
    rules_for,
)
from unodc_mun import live


class ProcedureError(Exception):
    """A request the rules or the state of the committee do not allow."""


# --- rules and clock --------------------------------------------------------------------------


def bump_clock(committee_id: int) -> None:
    if not ProcedureClock.objects.filter(committee_id=committee_id).update(
        version=F("version") + 1
    ):
        ProcedureClock.objects.get_or_create(committee_id=committee_id)
        ProcedureClock.objects.filter(committee_id=committee_id).update(version=F("version") + 1)
    live.announce(live.topic("proc", committee_id), clock_version(committee_id))


def update_rules(
    *, committee: Committee, preset: str, rules: Mapping[str, Any], by
) -> voting.RuleProfile:
    """Save a committee's rules: the preset they start from and the rules that differ from it
    (what the rules editor sends, every setting at once). Refused while a vote is open, so a
    vote always closes under the rules it was opened with."""
    if preset not in voting.PRESETS:
        raise ProcedureError(gettext("Choose the rules to start from."))
    base = voting.PRESETS[preset]
    try:
        profile = base.with_overrides(rules)
    except voting.RulesError as exc:
        raise ProcedureError(str(exc)) from exc
    with transaction.atomic():
        committee = Committee.objects.select_for_update().get(pk=committee.pk)
        if Vote.objects.open().filter(committee=committee).exists():
            raise ProcedureError(gettext("Close the open vote before changing the rules."))
        committee.rule_profile = preset
        committee.rule_overrides = base.differences(profile)
        committee.rules_updated_at = timezone.now()
        committee.rules_updated_by = by if getattr(by, "pk", None) else None
        committee.save(
            update_fields=["rule_profile", "rule_overrides", "rules_updated_at", "rules_updated_by"]
        )
        bump_clock(committee.pk)
    return profile


# --- sessions and roll call ------------------------------------------------------------------


def open_session(*, committee: Committee, by) -> Session:
    with transaction.atomic():
        Committee.objects.select_for_update().get(pk=committee.pk)
        if Session.objects.filter(committee=committee, closed_at__isnull=True).exists():
            raise ProcedureError(gettext("A session is already open."))
        last = Session.objects.filter(committee=committee).aggregate(n=Max("number"))["n"] or 0
        session = Session.objects.create(committee=committee, number=last + 1, opened_by=by)
        bump_clock(committee.pk)
        return session


def close_session(*, session: Session, by) -> Session:
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        if not session.is_open:
            raise ProcedureError(gettext("This session is already closed."))
        if Vote.objects.open().filter(committee_id=session.committee_id).exists():
            raise ProcedureError(gettext("Close the open vote before closing the session."))
        session.closed_at = timezone.now()
        session.save(update_fields=["closed_at"])
        bump_clock(session.committee_id)
        return session


def record_roll(
    *,
    session: Session,
    by,
    marks: Mapping[int, str] | None = None,
    remaining_present: bool = False,
) -> list[RollCallEntry]:
    """Record the roll call's answers in one transaction: ``marks`` maps delegation ids to an
    attendance; ``remaining_present`` marks every delegation not yet called present. Every mark
    is checked before anything is written, so a refusal leaves the roll as it was."""
    allowed = {a.value for a in voting.Attendance}
    marks = dict(marks or {})
    if any(attendance not in allowed for attendance in marks.values()):
        raise ProcedureError(gettext("Choose present, present and voting, or absent."))
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        if not session.is_open:
            raise ProcedureError(gettext("This session is closed; its roll call is final."))
        members = set(
            Delegation.objects.filter(committee_id=session.committee_id).values_list(
                "pk", flat=True
            )
        )
        if any(pk not in members for pk in marks):
            raise ProcedureError(gettext("That delegation does not sit in this committee."))
        if remaining_present:
            called = set(
                RollCallEntry.objects.filter(session=session).values_list(
                    "delegation_id", flat=True
                )
            )
            for pk in sorted(members - called - set(marks)):
                marks[pk] = voting.Attendance.PRESENT.value
        entries = []
        now = timezone.now()
        for delegation_id, attendance in marks.items():
            entry, _ = RollCallEntry.objects.update_or_create(
                session=session,
                delegation_id=delegation_id,
                defaults={"attendance": attendance, "recorded_by": by, "recorded_at": now},
            )
            entries.append(entry)
        if entries:
            bump_clock(session.committee_id)
        return entries


def record_attendance(
    *, session: Session, delegation: Delegation, attendance: str, by
) -> RollCallEntry:
    """One delegation's answer at the roll call (``record_roll`` with one mark)."""
    (entry,) = record_roll(session=session, marks={delegation.pk: attendance}, by=by)
    return entry


# --- motions ---------------------------------------------------------------------------------


def create_motion(
    *,
    committee: Committee,
    kind: str,
    title: str,
    text: str = "",
    proposed_by: Delegation | None = None,
    by=None,
) -> Motion:
    """Put a motion in the committee's queue (draft resolutions and amendments call this too)."""
    title = (title or "").strip()
    if kind not in {k.value for k in voting.VoteKind}:
        raise ProcedureError(gettext("Choose procedural, amendment or resolution."))
    if not title:
        raise ProcedureError(gettext("Give the motion a title."))
    if len(title) > 300:
        raise ProcedureError(gettext("Keep the title under 300 characters."))
    if proposed_by is not None and proposed_by.committee_id != committee.pk:
        raise ProcedureError(gettext("That delegation does not sit in this committee."))
    with transaction.atomic():
        motion = Motion.objects.create(
            committee=committee,
            kind=kind,
            title=title,
            text=text or "",
            proposed_by=proposed_by,
            created_by=by,
        )
        bump_clock(committee.pk)
        return motion


def update_motion_text(*, motion: Motion, text: str, title: str | None = None) -> Motion:
    """Keep the text under debate in step with the document it comes from."""
    with transaction.atomic():
        motion.text = text
        fields = ["text"]
        if title:
            motion.title = title.strip()[:300]
            fields.append("title")
        motion.save(update_fields=fields)
        bump_clock(motion.committee_id)
        return motion


def withdraw_motion(*, motion: Motion, by) -> Motion:
    with transaction.atomic():
        motion = Motion.objects.select_for_update().get(pk=motion.pk)
        if motion.status != Motion.Status.QUEUED:
            raise ProcedureError(gettext("Only a motion waiting in the queue can be withdrawn."))
        motion.status = Motion.Status.WITHDRAWN
        motion.save(update_fields=["status"])
        if motion.part_of_id:
            # A part withdrawn is not voted separately: its clauses stay in the text.
            _after_part_decided(motion, rules_for(Committee.objects.get(pk=motion.committee_id)))
        bump_clock(motion.committee_id)
        signals.motion_withdrawn.send(sender=Motion, motion=motion)
        return motion


# --- division of the question ----------------------------------------------------------------


def divide_question(*, motion: Motion, parts, by) -> list[Motion]:
    """Divide a queued draft or amendment: each part (a list of clause keys) becomes a motion
    voted on separately; the text left is voted on as a whole once every part is decided."""
    with transaction.atomic():
        motion = Motion.objects.select_for_update().get(pk=motion.pk)
        committee = Committee.objects.get(pk=motion.committee_id)
        rules = rules_for(committee)
        if not rules.division_allowed:
            raise ProcedureError(gettext("These rules do not provide for dividing the question."))
        if motion.status != Motion.Status.QUEUED or motion.part_of_id:
            raise ProcedureError(gettext("Only a text waiting in the queue can be divided."))
        if motion.kind == voting.VoteKind.PROCEDURAL:
            raise ProcedureError(gettext("A procedural motion has no parts to divide."))
        if motion.parts.exists():
            raise ProcedureError(gettext("This question is already divided."))
        clauses = divisions.clauses_of(motion)
        if not clauses:
            raise ProcedureError(gettext("This motion has no clauses to divide."))
        try:
            planned = voting.plan_division(clauses, [list(p) for p in parts])
        except (voting.RulesError, TypeError) as exc:
            raise ProcedureError(str(exc) or "Name the clauses of each part.") from exc
        created = []
        for number, part in enumerate(planned, start=1):
            created.append(
                Motion.objects.create(
                    committee=committee,
                    kind=motion.kind,
                    title=f"{motion.title} — part {number}: {part.label}"[:300],
                    text=part.label,
                    part_of=motion,
                    clause_keys=list(part.clause_keys),
                    created_by=by,
                )
            )
        bump_clock(committee.pk)
        return created


def _after_part_decided(part: Motion, rules: voting.RuleProfile) -> None:
    """The last part of a divided question is decided: tell the text's owner which clauses
    leave it, or reject the text as a whole when no operative clause is left (rule 130)."""
    parent = Motion.objects.select_for_update().get(pk=part.part_of_id)
    parts = list(parent.parts.order_by("created_at", "id"))
    if any(p.status in (Motion.Status.QUEUED, Motion.Status.VOTING) for p in parts):
        return
    clauses = divisions.clauses_of(parent) or []
    decided = [p for p in parts if p.status in (Motion.Status.PASSED, Motion.Status.FAILED)]
    planned = [voting.Part(f"part-{p.pk}", p.text, tuple(p.clause_keys), True) for p in decided]
    outcome = voting.division_outcome(
        rules, clauses, planned, {f"part-{p.pk}": p.status == Motion.Status.PASSED for p in decided}
    )
    if outcome.rejected_as_whole:
        parent.status = Motion.Status.FAILED
        parent.save(update_fields=["status"])
    signals.division_decided.send(
        sender=Motion,
        motion=parent,
        removed=outcome.removed,
        rejected_as_whole=outcome.rejected_as_whole,
        explanation=outcome.explanation,
    )


# --- votes -----------------------------------------------------------------------------------


def open_vote(
    *,
    motion: Motion,
    method: str,
    by,
    rng: random.Random | None = None,
    important: bool = False,
    split_house: bool = False,
) -> Vote:
    """Open the vote on a queued motion. `important` marks an important question (the
    profile's important majority); `split_house` takes the vote with no abstentions."""
    if method not in Vote.Method.values:
        raise ProcedureError(gettext("Choose placards, electronic or roll call."))
    with transaction.atomic():
        committee = Committee.objects.select_for_update().get(pk=motion.committee_id)
        motion = Motion.objects.select_for_update().get(pk=motion.pk)
        if motion.status != Motion.Status.QUEUED:
            raise ProcedureError(
                gettext("This motion is %(lower)s.")
                % {"lower": motion.get_status_display().lower()}
            )
        waiting = motion.parts.filter(status__in=[Motion.Status.QUEUED, Motion.Status.VOTING])
        if waiting.exists():
            raise ProcedureError(
                gettext(
                    "The question is divided: vote on its parts first, then on the text as a whole."
                )
            )
        session = current_session(committee)
        if session is None:
            raise ProcedureError(gettext("Open a session and take the roll before voting."))
        if Vote.objects.open().filter(committee=committee).exists():
            raise ProcedureError(gettext("Another vote is open; close it first."))
        rules = rules_for(committee)
        try:
            majority = rules.majority_for(motion.kind, important=important)
        except voting.RulesError as exc:
            raise ProcedureError(str(exc)) from exc
        if split_house and not rules.split_house_allowed:
            raise ProcedureError(gettext("These rules do not provide for splitting the house."))
        delegations = list(Delegation.objects.filter(committee=committee).select_related("country"))
        voters = roll_voters(delegations, attendance_at(session))
        present = voting.quorum(rules, voters)
        if not present.met:
            raise ProcedureError(
                gettext("Cannot vote: %(explanation)s.") % {"explanation": present.explanation}
            )
        eligible = [
            v
            for v in voters
            if voting.eligibility(rules, v, motion.kind, no_abstentions=split_house).may_vote
        ]
        if not eligible:
            raise ProcedureError(gettext("No delegation present may vote on this motion."))
        if method == Vote.Method.ROLL_CALL and rules.roll_call_start is voting.RollCallStart.DRAWN:
            start = (rng or random.SystemRandom()).choice(eligible)
            eligible = voting.roll_call_order(eligible, start.key)
        else:
            eligible = voting.roll_call_order(eligible)
        vote = Vote.objects.create(
            committee=committee,
            motion=motion,
            session=session,
            method=method,
            majority=majority.value,
            important=important,
            no_abstentions=split_house,
            electorate=[
                {
                    "id": int(v.key),
                    "name": v.name,
                    "attendance": v.attendance.value,
                    "observer": v.observer,
                    "permanent_member": v.permanent_member,
                }
                for v in eligible
            ],
            opened_by=by,
        )
        motion.status = Motion.Status.VOTING
        motion.save(update_fields=["status"])
        bump_clock(committee.pk)
        signals.vote_opened.send(sender=Motion, motion=motion, vote=vote)
        return vote


def _locked_open_vote(vote: Vote) -> Vote:
    # The row lock serialises every write to one vote: a ballot and the closing cannot cross.
    vote = Vote.objects.select_for_update().get(pk=vote.pk)
    if not vote.is_open:
        raise ProcedureError(gettext("This vote is closed; no more ballots are accepted."))
    return vote


def cast_ballot(*, vote: Vote, delegation: Delegation, choice: str, by) -> Ballot:
    """A delegation votes from its own device (electronic votes)."""
    return _electronic_ballot(
        vote=vote, delegation=delegation, choice=choice, by=by, source=Ballot.Source.DEVICE
    )


def enter_ballot(*, vote: Vote, delegation: Delegation, choice: str, by) -> Ballot:
    """The chair records the vote of a delegation without a device into an electronic vote
    (placard seen, answer heard); the tally keeps these apart from the devices' ballots."""
    return _electronic_ballot(
        vote=vote, delegation=delegation, choice=choice, by=by, source=Ballot.Source.CHAIR
    )


def _electronic_ballot(*, vote: Vote, delegation: Delegation, choice: str, by, source) -> Ballot:
    try:
        with transaction.atomic():
            vote = _locked_open_vote(vote)
            if vote.method != Vote.Method.ELECTRONIC:
                raise ProcedureError(gettext("This vote is not electronic; the chair records it."))
            voter = vote.voter(delegation.pk)
            if voter is None:
                raise ProcedureError(
                    gettext(
                        "%(name)s may not vote on this motion (absent at the roll call, or an observer on a substantive vote)."
                    )
                    % {"name": delegation.country.name}
                )
            rules = rules_for(vote.committee)
            allowed = voting.eligibility(
                rules, voter, vote.motion.kind, no_abstentions=vote.no_abstentions
            )
            if choice not in allowed.choices:
                who = "You cannot" if source == Ballot.Source.DEVICE else f"{voter.name} cannot"
                raise ProcedureError(
                    gettext("%(who)s vote “%(choice)s”: %(reason)s.")
                    % {"who": who, "choice": choice, "reason": allowed.reason}
                )
            existing = Ballot.objects.filter(vote=vote, delegation=delegation).first()
            if existing is not None:
                raise ProcedureError(
                    gettext("%(name)s has already voted %(lower)s.")
                    % {
                        "name": delegation.country.name,
                        "lower": existing.get_choice_display().lower(),
                    }
                )
            ballot = Ballot.objects.create(
                vote=vote, delegation=delegation, choice=choice, cast_by=by, source=source
            )
            bump_clock(vote.committee_id)
            return ballot
    except IntegrityError as exc:
        # Only reachable if the row lock is bypassed; the database still keeps one ballot.
        raise ProcedureError(
            gettext("%(name)s has already voted.") % {"name": delegation.country.name}
        ) from exc


def record_roll_call_answer(*, vote: Vote, delegation: Delegation, choice: str, by) -> Ballot:
    """The chair records the answer of the delegation being called."""
    with transaction.atomic():
        vote = _locked_open_vote(vote)
        if vote.method != Vote.Method.ROLL_CALL:
            raise ProcedureError(gettext("This is not a roll-call vote."))
        voter = vote.voter(delegation.pk)
        if voter is None:
            raise ProcedureError(
                gettext("%(name)s is not on this roll call.") % {"name": delegation.country.name}
            )
        state = roll_call_state(vote)
        try:
            voting.check_roll_call_answer(
                rules_for(vote.committee),
                voter,
                vote.motion.kind,
                state,
                choice,
                no_abstentions=vote.no_abstentions,
            )
        except voting.RulesError as exc:
            raise ProcedureError(str(exc)) from exc
        passing = choice == Ballot.Choice.PASS
        if state.second_round:
            ballot = Ballot.objects.get(vote=vote, delegation=delegation)
            ballot.choice = choice
            ballot.passes += 1 if passing else 0
            ballot.cast_at = timezone.now()
            ballot.cast_by = by
            ballot.save(update_fields=["choice", "passes", "cast_at", "cast_by"])
        else:
            ballot = Ballot.objects.create(
                vote=vote,
                delegation=delegation,
                choice=choice,
                passed_first=passing,
                passes=1 if passing else 0,
                cast_by=by,
                source=Ballot.Source.CHAIR,
            )
        bump_clock(vote.committee_id)
        return ballot


def undo_roll_call_answer(*, vote: Vote, by) -> Ballot:
    """The chair recorded the wrong answer: take back the last one.

    A roll call is strictly sequential, so the order tells which answer was last: the answer
    of the latest round (a delegation's answers are its passes and its vote), and within a
    round the latest in calling order.
    """
    with transaction.atomic():
        vote = _locked_open_vote(vote)
        if vote.method != Vote.Method.ROLL_CALL:
            raise ProcedureError(gettext("This is not a roll-call vote."))
        ballots = {
            str(b.delegation_id): b for b in vote.ballots.select_related("delegation__country")
        }
        order = [str(v["id"]) for v in vote.electorate]

        def answers(ballot: Ballot) -> int:
            return ballot.passes + (0 if ballot.choice == Ballot.Choice.PASS else 1)

        answered = [key for key in order if key in ballots]
        if not answered:
            raise ProcedureError(gettext("No answer has been recorded yet."))
        latest = max(answers(ballots[key]) for key in answered)
        last = ballots[[key for key in answered if answers(ballots[key]) == latest][-1]]
        if last.choice != Ballot.Choice.PASS and last.passes:
            last.choice = Ballot.Choice.PASS  # back to "passed", waiting to be called again
            last.save(update_fields=["choice"])
        elif last.choice == Ballot.Choice.PASS and last.passes > 1:
            last.passes -= 1
            last.save(update_fields=["passes"])
        else:
            last.delete()
        bump_clock(vote.committee_id)
        return last


@dataclass(frozen=True)
class PlacardCounts:
    yes: int
    no: int
    abstain: int = 0
    permanent_members_against: tuple[str, ...] = ()


def close_vote(*, vote: Vote, by, counts: PlacardCounts | None = None) -> Vote:
    with transaction.atomic():
        vote = _locked_open_vote(vote)
        motion = Motion.objects.select_for_update().get(pk=vote.motion_id)
        rules = rules_for(vote.committee)
        voters = vote.voters()
        members = Delegation.objects.filter(
            committee_id=vote.committee_id, status=Delegation.Status.MEMBER
        ).count()
        try:
            if vote.method == Vote.Method.PLACARD:
                if counts is None:
                    raise ProcedureError(gettext("Type in the placard counts before closing."))
                voting.check_counts(
                    rules,
                    motion.kind,
                    voters,
                    yes=counts.yes,
                    no=counts.no,
                    abstain=counts.abstain,
                    no_abstentions=vote.no_abstentions,
                )
                permanent = {v.name for v in voters if v.permanent_member}
                unknown = set(counts.permanent_members_against) - permanent
                if unknown:
                    raise ProcedureError(
                        gettext("%(join)s is not a permanent member voting here.")
                        % {"join": ", ".join(sorted(unknown))}
                    )
                if len(counts.permanent_members_against) > counts.no:
                    raise ProcedureError(
                        gettext("More permanent members against than no votes counted.")
                    )
                eligible = [
                    v
                    for v in voters
                    if voting.eligibility(
                        rules, v, motion.kind, no_abstentions=vote.no_abstentions
                    ).may_vote
                ]
                counted = counts.yes + counts.no + counts.abstain
                result = voting.decide(
                    rules,
                    motion.kind,
                    yes=counts.yes,
                    no=counts.no,
                    abstain=counts.abstain,
                    not_voting=max(0, len(eligible) - counted),
                    permanent_members_against=sorted(counts.permanent_members_against),
                    majority=vote.majority,
                    important=vote.important,
                    present=len(eligible),
                    members=members,
                )
            else:
                ballots = list(vote.ballots.all())
                if vote.method == Vote.Method.ROLL_CALL:
                    state = roll_call_state(vote, ballots)
                    if not state.done:
                        name = next(v.name for v in voters if v.key == state.calling)
                        raise ProcedureError(
                            gettext("The roll call is not finished: %(name)s is called.")
                            % {"name": name}
                        )
                result = voting.decide_ballots(
                    rules,
                    motion.kind,
                    voters,
                    {str(b.delegation_id): (b.choice, b.source) for b in ballots},
                    majority=vote.majority,
                    important=vote.important,
                    no_abstentions=vote.no_abstentions,
                    members=members,
                    # Electronic votes: the rules say whether silent delegations block closing.
                    require_all=vote.method == Vote.Method.ELECTRONIC,
                )
        except voting.RulesError as exc:
            raise ProcedureError(str(exc)) from exc
        vote.status = Vote.Status.CLOSED
        vote.yes, vote.no, vote.abstain = result.yes, result.no, result.abstain
        vote.not_voting = result.not_voting
        vote.passed = result.passed
        vote.explanation = result.explanation
        vote.closed_at = timezone.now()
        vote.closed_by = by
        vote.save()
        motion.status = Motion.Status.PASSED if result.passed else Motion.Status.FAILED
        motion.save(update_fields=["status"])
        vote.motion = motion
        if motion.part_of_id:
            _after_part_decided(motion, rules)
        bump_clock(vote.committee_id)
        # Inside the transaction: an adopted draft is recorded atomically with the vote
        # (committees/signals.py says why).
        signals.vote_closed.send(sender=Motion, motion=motion, vote=vote, result=result)
        return vote


def cancel_vote(*, vote: Vote, by) -> Motion:
    """The chair opened the wrong vote: discard it and put the motion back in the queue."""
    with transaction.atomic():
        vote = _locked_open_vote(vote)
        motion = Motion.objects.select_for_update().get(pk=vote.motion_id)
        vote.delete()
        motion.status = Motion.Status.QUEUED
        motion.save(update_fields=["status"])
        bump_clock(motion.committee_id)
        signals.vote_cancelled.send(sender=Motion, motion=motion)
        return motion
