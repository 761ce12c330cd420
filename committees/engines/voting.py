"""Rules of procedure as data, and the arithmetic of votes.

Pure Python (no Django): a committee's rule profile is a frozen dataclass; the functions here
decide thresholds, eligibility, majorities and roll-call order, and every decision carries an
explanation in words a chair can read out ("fails: 11 yes, 12 no, 4 abstentions not counted").

Vocabulary, as in the UN rules of procedure:
- "present and voting" as a *count* means members casting a yes or no vote (abstentions are not
  voting), unless the profile says abstentions count;
- "present and voting" as an *attendance* at the roll call means a delegation that promised to
  vote on substance: it may not abstain.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from typing import Any


class VoteKind(StrEnum):
    PROCEDURAL = "procedural"
    AMENDMENT = "amendment"
    RESOLUTION = "resolution"

    @property
    def substantive(self) -> bool:
        return self is not VoteKind.PROCEDURAL


class Majority(StrEnum):
    SIMPLE = "simple"  # more yes than no
    TWO_THIRDS = "two_thirds"  # yes at least two thirds of those present and voting
    COUNCIL = "council"  # nine yes (Security Council procedural matters)
    COUNCIL_VETO = "council_veto"  # nine yes and no permanent member voting no

    @property
    def label(self) -> str:
        return MAJORITY_LABELS[self]


MAJORITY_LABELS = {
    Majority.SIMPLE: "simple majority",
    Majority.TWO_THIRDS: "two-thirds majority",
    Majority.COUNCIL: "nine affirmative votes",
    Majority.COUNCIL_VETO: "nine affirmative votes, no permanent member against",
}


class Choice(StrEnum):
    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"
    PASS = "pass"  # roll call only: "call me again at the end"


class Attendance(StrEnum):
    PRESENT = "present"
    PRESENT_AND_VOTING = "present_and_voting"
    ABSENT = "absent"


class ClauseKind(StrEnum):
    PREAMBULATORY = "preambulatory"
    OPERATIVE = "operative"


class RulesError(ValueError):
    """Input that the rules do not allow; the message is meant for the person who typed it."""


# --------------------------------------------------------------------------------------------
# Rule profiles


@dataclass(frozen=True)
class RuleProfile:
    key: str
    label: str
    # Draft resolutions: sponsors + signatories must be MORE than this fraction of members.
    signatory_fraction: Fraction = Fraction(1, 5)
    max_sponsors: int | None = 5
    # Unfriendly amendments: signatures must be MORE than this fraction of members.
    amendment_signatory_fraction: Fraction = Fraction(1, 10)
    amendable_clauses: frozenset[ClauseKind] = frozenset({ClauseKind.OPERATIVE})
    second_degree_amendments: bool = False
    majorities: Mapping[VoteKind, Majority] = field(
        default_factory=lambda: {
            VoteKind.PROCEDURAL: Majority.SIMPLE,
            VoteKind.AMENDMENT: Majority.SIMPLE,
            VoteKind.RESOLUTION: Majority.SIMPLE,
        }
    )
    # When true, abstentions join the base of a majority (yes must beat no + abstentions).
    abstentions_count: bool = False
    abstain_on_procedural: bool = False
    present_and_voting_may_abstain: bool = False
    observers_vote_procedural: bool = True
    observers_vote_substantive: bool = False
    # Quorum: members present (present or present and voting) at least this fraction.
    quorum_fraction: Fraction = Fraction(1, 3)
    council_yes_required: int = 9
    # Roll call: one pass per delegation; after passing it must vote yes or no.
    passed_must_vote_yes_or_no: bool = True

    def majority_for(self, kind: VoteKind) -> Majority:
        return self.majorities[VoteKind(kind)]

    def to_data(self) -> dict[str, Any]:
        """A JSON-friendly dict: what a custom profile stores as overrides."""
        data: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, Fraction):
                value = f"{value.numerator}/{value.denominator}"
            elif isinstance(value, frozenset):
                value = sorted(str(v) for v in value)
            elif isinstance(value, Mapping):
                value = {str(k): str(v) for k, v in value.items()}
            data[f.name] = value
        return data

    def with_overrides(self, overrides: Mapping[str, Any]) -> RuleProfile:
        """A copy with some rules changed; unknown names or bad values raise RulesError."""
        names = {f.name: f for f in dataclasses.fields(self)}
        changes: dict[str, Any] = {}
        for name, raw in overrides.items():
            if name not in names or name == "key":
                raise RulesError(f"Unknown rule “{name}”.")
            changes[name] = _parse_rule(name, raw, getattr(self, name))
        return dataclasses.replace(self, **changes)

    def describe(self) -> list[str]:
        """The profile in sentences, for the chair's screen."""
        sponsors = f" (at most {self.max_sponsors} sponsors)" if self.max_sponsors else ""
        if self.signatory_fraction:
            draft = (
                "A draft resolution needs sponsors and signatories above "
                f"{_fraction_words(self.signatory_fraction)} of the members{sponsors}."
            )
        else:
            draft = f"A draft resolution needs one sponsor; no signatures{sponsors}."
        if self.amendment_signatory_fraction:
            amendment = (
                "An unfriendly amendment needs signatures above "
                f"{_fraction_words(self.amendment_signatory_fraction)} of the members."
            )
        else:
            amendment = "An unfriendly amendment needs no signatures."
        lines = [
            draft,
            amendment,
            "Amendable clauses: "
            + ", ".join(sorted(str(k) for k in self.amendable_clauses))
            + "; amendments to amendments "
            + ("allowed." if self.second_degree_amendments else "not allowed."),
        ]
        for kind in VoteKind:
            lines.append(f"{kind.value.capitalize()} votes: {self.majority_for(kind).label}.")
        lines.append(
            "Abstentions count toward the majority."
            if self.abstentions_count
            else "Abstentions are not counted: majorities are of those voting yes or no."
        )
        if not self.present_and_voting_may_abstain:
            lines.append("Delegations present and voting may not abstain on substance.")
        if not self.abstain_on_procedural:
            lines.append("No abstentions on procedural votes.")
        if not self.observers_vote_substantive:
            lines.append(
                "Observers vote on procedure only."
                if self.observers_vote_procedural
                else "Observers do not vote."
            )
        lines.append(f"Quorum: {_fraction_words(self.quorum_fraction)} of the members present.")
        lines.append(
            "Roll call: alphabetical from a drawn delegation; a delegation may pass once and "
            "is called again at the end."
        )
        return lines


def _fraction_words(value: Fraction) -> str:
    words = {
        Fraction(0): "none",
        Fraction(1, 2): "one half",
        Fraction(1, 3): "one third",
        Fraction(2, 3): "two thirds",
        Fraction(1, 4): "one quarter",
        Fraction(1, 5): "one fifth",
        Fraction(1, 10): "one tenth",
        Fraction(3, 5): "three fifths",
    }
    return words.get(value, f"{value.numerator}/{value.denominator}")


def _parse_rule(name: str, raw: Any, current: Any) -> Any:
    try:
        if isinstance(current, bool):
            if not isinstance(raw, bool):
                raise RulesError(f"“{name}” must be true or false.")
            return raw
        if name in {"signatory_fraction", "amendment_signatory_fraction", "quorum_fraction"}:
            value = Fraction(str(raw))
            if not 0 <= value <= 1:
                raise RulesError(f"“{name}” must be a fraction between 0 and 1.")
            return value
        if name == "max_sponsors":
            if raw in (None, ""):
                return None
            value = int(raw)
            if value < 1:
                raise RulesError("“max_sponsors” must be at least 1 (or empty for no limit).")
            return value
        if name == "council_yes_required":
            value = int(raw)
            if value < 1:
                raise RulesError("“council_yes_required” must be at least 1.")
            return value
        if name == "amendable_clauses":
            return frozenset(ClauseKind(v) for v in raw)
        if name == "majorities":
            merged = dict(current)
            for kind, majority in dict(raw).items():
                merged[VoteKind(kind)] = Majority(majority)
            return merged
        if name == "label":
            return str(raw)
    except (TypeError, ValueError, ZeroDivisionError) as exc:
        if isinstance(exc, RulesError):
            raise
        raise RulesError(f"“{name}” has an invalid value: {raw!r}.") from exc
    raise RulesError(f"“{name}” cannot be changed.")


GENERAL_ASSEMBLY = RuleProfile(key="ga", label="General Assembly committee")

SECURITY_COUNCIL = RuleProfile(
    key="sc",
    label="Security Council",
    # Any member may table a draft; no signatures are needed.
    signatory_fraction=Fraction(0),
    max_sponsors=None,
    amendment_signatory_fraction=Fraction(0),
    majorities={
        VoteKind.PROCEDURAL: Majority.COUNCIL,
        VoteKind.AMENDMENT: Majority.COUNCIL_VETO,
        VoteKind.RESOLUTION: Majority.COUNCIL_VETO,
    },
    observers_vote_procedural=False,
    quorum_fraction=Fraction(3, 5),
)

CUSTOM = dataclasses.replace(GENERAL_ASSEMBLY, key="custom", label="Custom rules")

PRESETS: dict[str, RuleProfile] = {p.key: p for p in (GENERAL_ASSEMBLY, SECURITY_COUNCIL, CUSTOM)}


def profile_for(key: str, overrides: Mapping[str, Any] | None = None) -> RuleProfile:
    """The preset for a committee's rule_profile key, with a custom committee's overrides."""
    base = PRESETS.get(key, GENERAL_ASSEMBLY)
    return base.with_overrides(overrides) if overrides else base


# --------------------------------------------------------------------------------------------
# Thresholds for documents


@dataclass(frozen=True)
class Check:
    ok: bool
    explanation: str
    required: int = 0


def more_than(fraction: Fraction, members: int) -> int:
    """Smallest whole number strictly greater than fraction × members (at least 1)."""
    return max(1, (fraction * members).__floor__() + 1)


def signatures_required(profile: RuleProfile, members: int) -> int:
    return more_than(profile.signatory_fraction, members)


def check_draft_support(
    profile: RuleProfile, *, members: int, sponsors: int, signatories: int
) -> Check:
    """May a draft resolution be submitted with these sponsors and signatories?"""
    required = signatures_required(profile, members)
    have = sponsors + signatories
    if sponsors < 1:
        return Check(False, "not yet: a draft resolution needs at least one sponsor", required)
    if profile.max_sponsors is not None and sponsors > profile.max_sponsors:
        return Check(
            False,
            f"too many sponsors: {sponsors}, at most {profile.max_sponsors} allowed",
            required,
        )
    share = _fraction_words(profile.signatory_fraction)
    if have >= required:
        return Check(
            True,
            f"enough support: {_n(sponsors, 'sponsor')} + {_n(signatories, 'signatory')} = "
            f"{have}, more than {share} of {members} members needs {required}",
            required,
        )
    return Check(
        False,
        f"not yet: {_n(sponsors, 'sponsor')} + {_n(signatories, 'signatory')} = {have}; "
        f"more than {share} of {members} members needs {required} ({required - have} more)",
        required,
    )


def check_amendment_support(profile: RuleProfile, *, members: int, signatures: int) -> Check:
    required = more_than(profile.amendment_signatory_fraction, members)
    share = _fraction_words(profile.amendment_signatory_fraction)
    if signatures >= required:
        return Check(
            True,
            f"enough signatures: {signatures}, more than {share} of {members} members "
            f"needs {required}",
            required,
        )
    return Check(
        False,
        f"not yet: {_n(signatures, 'signature')}; more than {share} of {members} members "
        f"needs {required} ({required - signatures} more)",
        required,
    )


def check_amendable(
    profile: RuleProfile, clause_kind: ClauseKind | str, *, amends_amendment: bool = False
) -> Check:
    if amends_amendment and not profile.second_degree_amendments:
        return Check(False, "amendments to amendments are not allowed under these rules")
    kind = ClauseKind(clause_kind)
    if kind not in profile.amendable_clauses:
        return Check(False, f"{kind.value} clauses may not be amended under these rules")
    return Check(True, f"{kind.value} clauses may be amended")


# --------------------------------------------------------------------------------------------
# Attendance, quorum, eligibility


@dataclass(frozen=True)
class Voter:
    key: str
    name: str
    attendance: Attendance = Attendance.PRESENT
    observer: bool = False
    permanent_member: bool = False


@dataclass(frozen=True)
class Quorum:
    met: bool
    present: int
    members: int
    required: int
    explanation: str


def quorum(profile: RuleProfile, voters: Iterable[Voter]) -> Quorum:
    """Members (observers do not count) present at the roll call against the profile's quorum."""
    members = [v for v in voters if not v.observer]
    present = sum(1 for v in members if v.attendance is not Attendance.ABSENT)
    required = max(1, -((-profile.quorum_fraction * len(members)).__floor__()))
    share = _fraction_words(profile.quorum_fraction)
    if present >= required:
        text = f"quorum: {present} of {len(members)} members present; {share} needs {required}"
        return Quorum(True, present, len(members), required, text)
    text = f"no quorum: {present} of {len(members)} members present; {share} needs {required}"
    return Quorum(False, present, len(members), required, text)


@dataclass(frozen=True)
class Eligibility:
    may_vote: bool
    choices: tuple[Choice, ...]
    reason: str


def eligibility(
    profile: RuleProfile, voter: Voter, kind: VoteKind | str, *, roll_call: bool = False
) -> Eligibility:
    """Who may vote on this kind of vote, and with which choices."""
    kind = VoteKind(kind)
    if voter.attendance is Attendance.ABSENT:
        return Eligibility(False, (), f"{voter.name} was absent at the roll call")
    if voter.observer and kind.substantive and not profile.observers_vote_substantive:
        return Eligibility(False, (), f"{voter.name} is an observer: no vote on substance")
    if voter.observer and not kind.substantive and not profile.observers_vote_procedural:
        return Eligibility(False, (), f"{voter.name} is an observer: no vote")
    choices = [Choice.YES, Choice.NO]
    reason = f"{voter.name} may vote yes or no"
    may_abstain = True
    if not kind.substantive and not profile.abstain_on_procedural:
        may_abstain = False
        reason += " (no abstentions on procedural votes)"
    elif (
        voter.attendance is Attendance.PRESENT_AND_VOTING
        and not profile.present_and_voting_may_abstain
    ):
        may_abstain = False
        reason += " (present and voting: may not abstain)"
    if may_abstain:
        choices.append(Choice.ABSTAIN)
        reason = f"{voter.name} may vote yes, no or abstain"
    if roll_call:
        choices.append(Choice.PASS)
    return Eligibility(True, tuple(choices), reason)


# --------------------------------------------------------------------------------------------
# Majorities


@dataclass(frozen=True)
class Result:
    passed: bool
    yes: int
    no: int
    abstain: int
    majority: Majority
    explanation: str
    vetoed_by: tuple[str, ...] = ()

    @property
    def verdict(self) -> str:
        return "passes" if self.passed else "fails"


def _n(count: int, noun: str) -> str:
    if count == 1:
        return f"1 {noun}"
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    return f"{count} {plural}"


def _names(names: Sequence[str]) -> str:
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def decide(
    profile: RuleProfile,
    kind: VoteKind | str,
    *,
    yes: int,
    no: int,
    abstain: int = 0,
    permanent_members_against: Sequence[str] = (),
    majority: Majority | str | None = None,
) -> Result:
    """Apply the majority to counts; the explanation says why it passed or failed."""
    kind = VoteKind(kind)
    majority = Majority(majority) if majority else profile.majority_for(kind)
    if min(yes, no, abstain) < 0:
        raise RulesError("Counts cannot be negative.")
    counts = f"{yes} yes, {no} no"
    if abstain:
        counts += f", {_n(abstain, 'abstention')}"
        if not profile.abstentions_count and majority not in (
            Majority.COUNCIL,
            Majority.COUNCIL_VETO,
        ):
            counts += " not counted"

    def done(passed: bool, why: str, vetoed: Sequence[str] = ()) -> Result:
        verdict = "passes" if passed else "fails"
        return Result(passed, yes, no, abstain, majority, f"{verdict}: {why}", tuple(vetoed))

    if majority in (Majority.COUNCIL, Majority.COUNCIL_VETO):
        needed = profile.council_yes_required
        vetoes = list(permanent_members_against) if majority is Majority.COUNCIL_VETO else []
        if vetoes:
            if len(vetoes) == 1:
                who = f"{vetoes[0]}, a permanent member, voted no"
            else:
                who = f"{_names(vetoes)}, permanent members, voted no"
            return done(False, f"{who} ({counts})", vetoes)
        if yes >= needed:
            tail = ", no permanent member against" if majority is Majority.COUNCIL_VETO else ""
            return done(True, f"{counts}; {needed} yes needed{tail}")
        return done(False, f"{counts}; {needed} yes needed, {needed - yes} short")

    base = yes + no + (abstain if profile.abstentions_count else 0)
    base_words = (
        "present and voting, abstentions included"
        if profile.abstentions_count
        else "present and voting"
    )
    if yes + no + abstain == 0:
        return done(False, "no votes were cast")
    if majority is Majority.SIMPLE:
        against = no + (abstain if profile.abstentions_count else 0)
        against_words = "no and abstentions" if profile.abstentions_count else "no"
        if yes > against:
            return done(True, f"{counts}; more yes than {against_words}")
        if yes == against:
            return done(
                False,
                f"{counts}; a tie fails, a simple majority needs more yes than {against_words}",
            )
        return done(False, f"{counts}; a simple majority needs more yes than {against_words}")
    # Two thirds of the base, rounded up: 3 × yes ≥ 2 × base, and at least one yes.
    needed = max(1, -((-2 * base) // 3))
    if yes >= needed:
        return done(True, f"2/3 of {base} {base_words} is {needed}; {counts}")
    return done(False, f"2/3 of {base} {base_words} needs {needed} yes; {counts}")


def decide_ballots(
    profile: RuleProfile,
    kind: VoteKind | str,
    voters: Sequence[Voter],
    ballots: Mapping[str, Choice | str],
    *,
    majority: Majority | str | None = None,
) -> Result:
    """Count ballots keyed by voter key. Ineligible ballots raise RulesError, never count."""
    kind = VoteKind(kind)
    by_key = {v.key: v for v in voters}
    counts = {Choice.YES: 0, Choice.NO: 0, Choice.ABSTAIN: 0}
    vetoes = []
    for key, raw in ballots.items():
        choice = Choice(raw)
        voter = by_key.get(key)
        if voter is None:
            raise RulesError(f"Unknown delegation {key!r}.")
        allowed = eligibility(profile, voter, kind, roll_call=True)
        if not allowed.may_vote or choice not in allowed.choices:
            raise RulesError(f"{voter.name} may not vote {choice.value}: {allowed.reason}.")
        if choice is Choice.PASS:
            raise RulesError(f"{voter.name} passed and has not voted yet.")
        counts[choice] += 1
        if choice is Choice.NO and voter.permanent_member:
            vetoes.append(voter.name)
    return decide(
        profile,
        kind,
        yes=counts[Choice.YES],
        no=counts[Choice.NO],
        abstain=counts[Choice.ABSTAIN],
        permanent_members_against=sorted(vetoes),
        majority=majority,
    )


def check_counts(
    profile: RuleProfile,
    kind: VoteKind | str,
    voters: Sequence[Voter],
    *,
    yes: int,
    no: int,
    abstain: int,
) -> None:
    """Placard counts typed by a chair must fit who may vote; raise RulesError otherwise."""
    kind = VoteKind(kind)
    if min(yes, no, abstain) < 0:
        raise RulesError("Counts cannot be negative.")
    eligible = [eligibility(profile, v, kind) for v in voters]
    may_vote = sum(1 for e in eligible if e.may_vote)
    may_abstain = sum(1 for e in eligible if Choice.ABSTAIN in e.choices)
    if yes + no + abstain > may_vote:
        raise RulesError(
            f"{yes + no + abstain} votes counted but only {may_vote} delegations may vote."
        )
    if abstain > may_abstain:
        if may_abstain == 0:
            raise RulesError("No delegation may abstain on this vote.")
        raise RulesError(f"{abstain} abstentions counted but only {may_abstain} may abstain.")


# --------------------------------------------------------------------------------------------
# Roll call


def _sort_key(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def roll_call_order(voters: Sequence[Voter], start_key: str | None = None) -> list[Voter]:
    """Alphabetical by name, starting from the drawn delegation and wrapping around."""
    ordered = sorted(voters, key=lambda v: (_sort_key(v.name), v.key))
    if start_key is None:
        return ordered
    for index, voter in enumerate(ordered):
        if voter.key == start_key:
            return ordered[index:] + ordered[:index]
    raise RulesError("The drawn delegation is not on the list.")


@dataclass(frozen=True)
class RollCallState:
    calling: str | None  # key of the delegation being called, None when done
    second_round: bool
    final: dict[str, Choice]  # last non-pass answer per key
    passed: tuple[str, ...]  # keys that passed in the first round
    done: bool


def roll_call_state(
    order: Sequence[str], records: Sequence[tuple[str, Choice | str]]
) -> RollCallState:
    """Replay answers in order: first round through `order`, then the passes again."""
    answers: dict[str, list[Choice]] = {}
    for key, choice in records:
        answers.setdefault(key, []).append(Choice(choice))
    passed = tuple(k for k in order if answers.get(k, [None])[0] is Choice.PASS)
    final = {k: a[-1] for k, a in answers.items() if a[-1] is not Choice.PASS}
    for key in order:
        if key not in answers:
            return RollCallState(key, False, final, passed, False)
    for key in passed:
        if len(answers[key]) < 2:
            return RollCallState(key, True, final, passed, False)
    return RollCallState(None, True, final, passed, True)


def check_roll_call_answer(
    profile: RuleProfile,
    voter: Voter,
    kind: VoteKind | str,
    state: RollCallState,
    choice: Choice | str,
) -> None:
    """Raise RulesError unless `voter` is being called and may answer `choice`."""
    choice = Choice(choice)
    if state.done:
        raise RulesError("The roll call is complete.")
    if state.calling != voter.key:
        raise RulesError(f"{voter.name} is not being called now.")
    allowed = eligibility(profile, voter, kind, roll_call=True)
    if state.second_round:
        if choice is Choice.PASS:
            raise RulesError(f"{voter.name} passed once and may not pass again.")
        if profile.passed_must_vote_yes_or_no and choice is Choice.ABSTAIN:
            raise RulesError(f"{voter.name} passed and must now vote yes or no.")
    if choice not in allowed.choices:
        raise RulesError(f"{voter.name} may not {choice.value}: {allowed.reason}.")
