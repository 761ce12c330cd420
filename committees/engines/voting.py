"""Rules of procedure as data, and the arithmetic of votes.

Pure Python (no Django): a committee's rule profile is a frozen dataclass; the functions here
decide thresholds, eligibility, majorities, quorum, roll-call order, the division of a question
and how a mixed (devices + chair) vote is accounted for. Every decision carries an explanation
in words a chair can read out, naming the rule that decided ("fails: 5 yes, 4 no,
6 abstentions — 9 yes are needed, 4 short; no veto arises").

Vocabulary, as in the rules of procedure of the General Assembly (A/520/Rev.19):
- "present and voting" as a *count* means members casting a yes or no vote; members which
  abstain are considered as not voting (rule 126 for the Main Committees, rule 86 in plenary);
- "members present" counts every member in the room, so an abstention or a silence weighs like
  a no; "the members" counts every member of the body, present or not;
- "present and voting" as an *attendance* at a Model UN roll call means a delegation that
  promised to vote on substance: under most conference rules it may not abstain.

The presets cite the published rules they follow; each rule is a setting, so a conference
whose rules differ changes data, not code.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from typing import Any

from committees.engines.i18n import gettext, gettext_noop, ngettext


class VoteKind(StrEnum):
    PROCEDURAL = "procedural"
    AMENDMENT = "amendment"
    RESOLUTION = "resolution"

    @property
    def substantive(self) -> bool:
        return self is not VoteKind.PROCEDURAL

    @property
    def label(self) -> str:
        return {"procedural": "procedural", "amendment": "amendment", "resolution": "draft"}[
            self.value
        ]


class Majority(StrEnum):
    """A majority: a share (simple / two thirds) of a base, a fixed count, or the Council's."""

    SIMPLE = "simple"  # more yes than no: of those present and voting
    TWO_THIRDS = "two_thirds"  # two thirds of those present and voting
    SIMPLE_PRESENT = "simple_present"  # more than half of the members present
    TWO_THIRDS_PRESENT = "two_thirds_present"  # two thirds of the members present
    SIMPLE_MEMBERS = "simple_members"  # more than half of all the members
    TWO_THIRDS_MEMBERS = "two_thirds_members"  # two thirds of all the members
    COUNCIL = "council"  # a fixed count of yes (nine in the Security Council)
    COUNCIL_VETO = "council_veto"  # that count, and no permanent member voting no

    @property
    def label(self) -> str:
        return gettext(MAJORITY_LABELS[self])

    @property
    def quota(self) -> str:
        """ "simple", "two_thirds" or "count"."""
        if self in (Majority.COUNCIL, Majority.COUNCIL_VETO):
            return "count"
        return "two_thirds" if self.value.startswith("two_thirds") else "simple"

    @property
    def base(self) -> str | None:
        """What the share is of: "voting", "present", "members" (None for a fixed count)."""
        if self.quota == "count":
            return None
        if self.value.endswith("_present"):
            return "present"
        if self.value.endswith("_members"):
            return "members"
        return "voting"

    @property
    def veto(self) -> bool:
        return self is Majority.COUNCIL_VETO

    @classmethod
    def of(cls, quota: str, base: str | None = "voting", veto: bool = False) -> Majority:
        """Build a majority from its parts (the editor's three questions)."""
        if quota == "count":
            return cls.COUNCIL_VETO if veto else cls.COUNCIL
        if quota not in ("simple", "two_thirds") or base not in ("voting", "present", "members"):
            raise RulesError(
                gettext("Choose simple or two thirds, of those voting, present or members.")
            )
        return cls(quota if base == "voting" else f"{quota}_{base}")


MAJORITY_LABELS = {
    Majority.SIMPLE: gettext_noop("simple majority of those present and voting"),
    Majority.TWO_THIRDS: gettext_noop("two-thirds majority of those present and voting"),
    Majority.SIMPLE_PRESENT: gettext_noop("majority of the members present"),
    Majority.TWO_THIRDS_PRESENT: gettext_noop("two thirds of the members present"),
    Majority.SIMPLE_MEMBERS: gettext_noop("majority of all the members"),
    Majority.TWO_THIRDS_MEMBERS: gettext_noop("two thirds of all the members"),
    Majority.COUNCIL: gettext_noop("nine affirmative votes"),
    Majority.COUNCIL_VETO: gettext_noop("nine affirmative votes, no permanent member against"),
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


class PresentRights(StrEnum):
    """What a delegation that answered "present" (not "present and voting") may do on substance."""

    VOTE = "vote"  # yes, no or abstain
    ABSTAIN_ONLY = "abstain_only"  # only abstain


class RollCallStart(StrEnum):
    DRAWN = "drawn"  # alphabetical, starting from a delegation drawn by lot
    TOP = "top"  # alphabetical from the top


class Silence(StrEnum):
    """Electronic votes: what happens to present delegations that have not voted at closing."""

    MUST_VOTE = "must_vote"  # the chair must record every one before closing
    NOT_VOTING = "not_voting"  # the chair may close; they are recorded as not voting


class Comparison(StrEnum):
    MORE_THAN = "more_than"
    AT_LEAST = "at_least"


class RulesError(ValueError):
    """Input that the rules do not allow; the message is meant for the person who typed it."""


# --------------------------------------------------------------------------------------------
# Rule profiles

FRACTION_FIELDS = frozenset(
    {
        "signatory_fraction",
        "amendment_signatory_fraction",
        "quorum_debate_fraction",
        "quorum_vote_fraction",
    }
)
ENUM_FIELDS: Mapping[str, type[StrEnum]] = {
    "present_rights": PresentRights,
    "roll_call_start": RollCallStart,
    "silence": Silence,
    "signature_comparison": Comparison,
    "important_majority": Majority,
}
# A motion's rule fields a profile may override (the floor's catalogue owns the defaults).
MOTION_RULE_FIELDS: Mapping[str, type] = {
    "precedence": int,
    "needs_second": bool,
    "debatable": bool,
    "speakers_for": int,
    "speakers_against": int,
    "majority": Majority,
    "ends_others": bool,
}
MAX_PASSES = 3


def _all_kinds(value):
    return lambda: {kind: value for kind in VoteKind}


@dataclass(frozen=True)
class RuleProfile:
    key: str  # the preset this profile starts from
    label: str
    source: str = ""  # the published rules the preset follows
    # --- documents
    # Draft resolutions: sponsors + signatories must be more than (or at least) this share.
    signatory_fraction: Fraction = Fraction(1, 5)
    signature_comparison: Comparison = Comparison.MORE_THAN
    max_sponsors: int | None = 5
    # Unfriendly amendments: signatures must be more than (or at least) this share of members.
    amendment_signatory_fraction: Fraction = Fraction(1, 10)
    amendable_clauses: frozenset[ClauseKind] = frozenset({ClauseKind.OPERATIVE})
    second_degree_amendments: bool = False
    chair_may_waive_signatures: bool = True
    # --- votes
    majorities: Mapping[VoteKind, Majority] = field(default_factory=_all_kinds(Majority.SIMPLE))
    abstentions: Mapping[VoteKind, bool] = field(default_factory=_all_kinds(True))
    chair_may_mark_important: bool = False
    important_majority: Majority = Majority.TWO_THIRDS
    fixed_count: int = 9  # the yes needed by a "council" majority
    present_rights: PresentRights = PresentRights.VOTE
    present_and_voting_may_abstain: bool = False
    # --- observers
    observers_vote_procedural: bool = True
    observers_vote_substantive: bool = False
    observers_may_sponsor: bool = False
    observers_may_sign: bool = True
    # --- quorum: members present (observers do not count) at least this share of the members;
    # one half means a majority (more than half).
    quorum_debate_fraction: Fraction = Fraction(1, 4)
    quorum_vote_fraction: Fraction = Fraction(1, 2)
    # --- roll call and electronic votes
    roll_call_start: RollCallStart = RollCallStart.DRAWN
    roll_call_passes: int = 1
    passed_must_vote_yes_or_no: bool = True
    silence: Silence = Silence.NOT_VOTING
    # --- special votes
    division_allowed: bool = True
    split_house_allowed: bool = False
    # motion kind → {MotionRule field: value}; the floor reads it through motions.rules_for.
    motion_overrides: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    # Rule numbers quoted in explanations, keyed by majority ("simple", "council_veto", …) or
    # by "tie", "important", "quorum", "division".
    citations: Mapping[str, str] = field(default_factory=dict)

    # -- reading

    def majority_for(self, kind: VoteKind | str, *, important: bool = False) -> Majority:
        kind = VoteKind(kind)
        if important:
            if not self.chair_may_mark_important:
                raise RulesError(
                    gettext("These rules do not let the chair mark an important question.")
                )
            if not kind.substantive:
                raise RulesError(
                    gettext("Only a draft or an amendment can be an important question.")
                )
            return self.important_majority
        return self.majorities[kind]

    def abstentions_allowed(self, kind: VoteKind | str) -> bool:
        return self.abstentions[VoteKind(kind)]

    @property
    def abstain_on_procedural(self) -> bool:
        return self.abstentions[VoteKind.PROCEDURAL]

    @property
    def quorum_fraction(self) -> Fraction:
        return self.quorum_vote_fraction

    def cite(self, topic: str) -> str:
        ref = self.citations.get(topic)
        return f" ({ref})" if ref else ""

    def majority_words(self, majority: Majority | str) -> str:
        majority = Majority(majority)
        if majority.quota == "count":
            if majority.veto:
                return gettext("%(count)s affirmative votes, no permanent member against") % {
                    "count": self.fixed_count
                }
            return gettext("%(count)s affirmative votes") % {"count": self.fixed_count}
        return majority.label

    # -- data

    def to_data(self) -> dict[str, Any]:
        """A JSON-friendly dict of every rule but the key: what storage keeps."""
        data: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            if f.name == "key":
                continue
            data[f.name] = _to_json(getattr(self, f.name))
        return data

    def with_overrides(self, overrides: Mapping[str, Any]) -> RuleProfile:
        """A copy with some rules changed; unknown names or bad values raise RulesError.

        Names of the first version of these rules are still understood (stored overrides of
        committees created before): abstain_on_procedural, quorum_fraction, abstentions_count,
        council_yes_required.
        """
        if not isinstance(overrides, Mapping):
            raise RulesError(gettext("Give the rules as names and values."))
        names = {f.name for f in dataclasses.fields(self)}
        changes: dict[str, Any] = {}
        legacy: dict[str, Any] = {}
        for name, raw in overrides.items():
            if name in LEGACY_NAMES:
                legacy[name] = raw
                continue
            if name not in names or name == "key":
                raise RulesError(gettext("Unknown rule “%(name)s”.") % {"name": name})
            changes[name] = _parse_rule(name, raw, getattr(self, name))
        profile = dataclasses.replace(self, **changes)
        if legacy:
            profile = _apply_legacy(profile, legacy)
        return profile

    def differences(self, other: RuleProfile) -> dict[str, Any]:
        """The rules of `other` that differ from this one, as stored overrides."""
        mine, theirs = self.to_data(), other.to_data()
        return {k: v for k, v in theirs.items() if mine.get(k) != v}

    # -- words

    def describe(self, motion_labels: Mapping[str, str] | None = None) -> list[str]:
        """The profile in plain sentences, for delegates and the chair's screen."""
        lines: list[str] = []
        more_than = self.signature_comparison is Comparison.MORE_THAN
        sponsors = (
            ngettext(" (at most %(n)s sponsor)", " (at most %(n)s sponsors)", self.max_sponsors)
            % {"n": self.max_sponsors}
            if self.max_sponsors
            else ""
        )
        if self.signatory_fraction:
            words = {"share": _fraction_words(self.signatory_fraction), "sponsors": sponsors}
            lines.append(
                (
                    gettext(
                        "A draft resolution needs sponsors and signatories together more than "
                        "%(share)s of the members%(sponsors)s."
                    )
                    if more_than
                    else gettext(
                        "A draft resolution needs sponsors and signatories together at least "
                        "%(share)s of the members%(sponsors)s."
                    )
                )
                % words
            )
        else:
            lines.append(
                gettext("A draft resolution needs one sponsor and no signatures%(sponsors)s.")
                % {"sponsors": sponsors}
            )
        if self.chair_may_waive_signatures:
            lines.append(gettext("The chair may waive a signature threshold, giving a reason."))
        if self.amendment_signatory_fraction:
            share = {"share": _fraction_words(self.amendment_signatory_fraction)}
            lines.append(
                (
                    gettext(
                        "An unfriendly amendment needs signatures more than %(share)s of the members."
                    )
                    if more_than
                    else gettext(
                        "An unfriendly amendment needs signatures at least %(share)s of the members."
                    )
                )
                % share
            )
        else:
            lines.append(gettext("An unfriendly amendment needs no signatures."))
        amendable = {k.value for k in self.amendable_clauses}
        clauses = {
            frozenset({"operative", "preambulatory"}): gettext("operative and preambulatory"),
            frozenset({"operative"}): gettext("operative"),
            frozenset({"preambulatory"}): gettext("preambulatory"),
        }.get(frozenset(amendable), gettext("no"))
        lines.append(
            (
                gettext(
                    "Amendments may change %(clauses)s clauses; amendments to amendments are allowed."
                )
                if self.second_degree_amendments
                else gettext(
                    "Amendments may change %(clauses)s clauses; amendments to amendments are not allowed."
                )
            )
            % {"clauses": clauses}
        )
        kind_sentences = {
            VoteKind.PROCEDURAL: gettext("Procedural votes: %(majority)s; %(abstentions)s."),
            VoteKind.AMENDMENT: gettext("Amendment votes: %(majority)s; %(abstentions)s."),
            VoteKind.RESOLUTION: gettext("Draft votes: %(majority)s; %(abstentions)s."),
        }
        for kind in VoteKind:
            abstentions = (
                gettext("abstentions allowed")
                if self.abstentions[kind]
                else gettext("no abstentions")
            )
            lines.append(
                kind_sentences[kind]
                % {
                    "majority": self.majority_words(self.majorities[kind]),
                    "abstentions": abstentions,
                }
            )
        if any(m.base == "voting" for m in self.majorities.values()):
            lines.append(
                gettext(
                    "Those present and voting are the delegations voting yes or no; "
                    "abstaining delegations are not voting."
                )
            )
        if self.chair_may_mark_important:
            lines.append(
                gettext(
                    "The chair may mark a draft or an amendment as an important question: it then "
                    "needs a %(majority)s."
                )
                % {"majority": self.majority_words(self.important_majority)}
            )
        if self.present_rights is PresentRights.ABSTAIN_ONLY:
            lines.append(
                gettext(
                    "A delegation present (not present and voting) may only abstain on substance."
                )
            )
        if not self.present_and_voting_may_abstain:
            lines.append(gettext("A delegation present and voting may not abstain on substance."))
        lines.append(_observer_sentence(self))
        vote_share = _share_words(self.quorum_vote_fraction)
        if self.quorum_debate_fraction:
            lines.append(
                gettext("Quorum: %(debate)s of the members present to debate, %(vote)s to vote.")
                % {"debate": _share_words(self.quorum_debate_fraction), "vote": vote_share}
            )
        else:
            lines.append(
                gettext("Quorum: none needed to debate, %(vote)s to vote.") % {"vote": vote_share}
            )
        start = (
            gettext("from a delegation drawn by lot")
            if self.roll_call_start is RollCallStart.DRAWN
            else gettext("from the top of the alphabet")
        )
        if self.roll_call_passes:
            passes = (
                gettext(
                    "a delegation may pass %(times)s and is called again at the end, then must vote yes or no"
                )
                if self.passed_must_vote_yes_or_no
                else gettext("a delegation may pass %(times)s and is called again at the end")
            ) % {"times": _times(self.roll_call_passes)}
        else:
            passes = gettext("no passes")
        lines.append(
            gettext("Roll call: in alphabetical order %(start)s; %(passes)s.")
            % {"start": start, "passes": passes}
        )
        lines.append(
            gettext(
                "Electronic votes close once every delegation present has voted or been recorded "
                "by the chair."
            )
            if self.silence is Silence.MUST_VOTE
            else gettext(
                "Electronic votes may close with delegations that have not voted recorded as "
                "not voting."
            )
        )
        if self.division_allowed:
            lines.append(
                gettext(
                    "Division of the question: parts of a draft may be voted on separately; the "
                    "parts kept are then voted on as a whole."
                )
            )
        if self.split_house_allowed:
            lines.append(gettext("Split the house: a vote may be taken with no abstentions."))
        labels = motion_labels or {}
        for kind, fields in sorted(self.motion_overrides.items()):
            name = labels.get(kind, kind.replace("_", " ").capitalize())
            lines.append(
                gettext("%(motion)s: %(rules)s.")
                % {"motion": name, "rules": _motion_words(self, fields)}
            )
        return lines


def _observer_sentence(profile: RuleProfile) -> str:
    sponsor, sign = profile.observers_may_sponsor, profile.observers_may_sign
    if profile.observers_vote_substantive:
        sentences = (
            gettext("Observers vote on everything; they may sponsor and sign drafts."),
            gettext("Observers vote on everything; they may sponsor drafts."),
            gettext("Observers vote on everything; they may sign drafts."),
            gettext("Observers vote on everything; they may not sponsor or sign drafts."),
        )
    elif profile.observers_vote_procedural:
        sentences = (
            gettext("Observers vote on procedure only; they may sponsor and sign drafts."),
            gettext("Observers vote on procedure only; they may sponsor drafts."),
            gettext("Observers vote on procedure only; they may sign drafts."),
            gettext("Observers vote on procedure only; they may not sponsor or sign drafts."),
        )
    else:
        sentences = (
            gettext("Observers do not vote; they may sponsor and sign drafts."),
            gettext("Observers do not vote; they may sponsor drafts."),
            gettext("Observers do not vote; they may sign drafts."),
            gettext("Observers do not vote; they may not sponsor or sign drafts."),
        )
    if sponsor and sign:
        return sentences[0]
    if sponsor:
        return sentences[1]
    if sign:
        return sentences[2]
    return sentences[3]


_MOTION_WORD_ORDER = (
    "majority",
    "needs_second",
    "debatable",
    "speakers_for",
    "speakers_against",
    "precedence",
    "ends_others",
)


def _motion_words(profile: RuleProfile, fields: Mapping[str, Any]) -> str:
    parts = []
    # A fixed order: PostgreSQL's jsonb does not keep the order the rules were saved in.
    for name in sorted(fields, key=lambda n: (_MOTION_WORD_ORDER + (n,)).index(n)):
        value = fields[name]
        if name == "majority":
            parts.append(profile.majority_words(value))
        elif name == "needs_second":
            parts.append(gettext("needs a second") if value else gettext("no second needed"))
        elif name == "debatable":
            parts.append(gettext("debatable") if value else gettext("not debatable"))
        elif name == "speakers_for":
            parts.append(
                ngettext("%(n)s speaker for", "%(n)s speakers for", int(value)) % {"n": int(value)}
            )
        elif name == "speakers_against":
            parts.append(
                ngettext("%(n)s speaker against", "%(n)s speakers against", int(value))
                % {"n": int(value)}
            )
        elif name == "precedence":
            parts.append(gettext("precedence %(value)s") % {"value": value})
        elif name == "ends_others":
            parts.append(
                gettext("ends the other motions") if value else gettext("leaves the other motions")
            )
    return ", ".join(parts)


LEGACY_NAMES = frozenset(
    {"abstain_on_procedural", "quorum_fraction", "abstentions_count", "council_yes_required"}
)


def _apply_legacy(profile: RuleProfile, legacy: Mapping[str, Any]) -> RuleProfile:
    changes: dict[str, Any] = {}
    if "abstain_on_procedural" in legacy:
        value = legacy["abstain_on_procedural"]
        if not isinstance(value, bool):
            raise RulesError(gettext("“abstain_on_procedural” must be true or false."))
        changes["abstentions"] = {**profile.abstentions, VoteKind.PROCEDURAL: value}
    if "quorum_fraction" in legacy:
        value = _parse_rule("quorum_vote_fraction", legacy["quorum_fraction"], Fraction(0))
        changes["quorum_vote_fraction"] = value
        changes["quorum_debate_fraction"] = min(value, profile.quorum_debate_fraction)
    if "council_yes_required" in legacy:
        changes["fixed_count"] = _parse_rule("fixed_count", legacy["council_yes_required"], 9)
    if legacy.get("abstentions_count") is True:
        # Abstentions joined the base: a share of the members present.
        shifted = {
            Majority.SIMPLE: Majority.SIMPLE_PRESENT,
            Majority.TWO_THIRDS: Majority.TWO_THIRDS_PRESENT,
        }
        changes["majorities"] = {k: shifted.get(m, m) for k, m in profile.majorities.items()}
    elif "abstentions_count" in legacy and not isinstance(legacy["abstentions_count"], bool):
        raise RulesError(gettext("“abstentions_count” must be true or false."))
    return dataclasses.replace(profile, **changes)


def upgrade_overrides(overrides: Mapping[str, Any], base: RuleProfile) -> dict[str, Any]:
    """Overrides of the first version of these rules, rewritten in today's names."""
    return base.differences(base.with_overrides(overrides))


def _to_json(value: Any) -> Any:
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}" if value else "0"
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, frozenset):
        return sorted(str(v) for v in value)
    if isinstance(value, Mapping):
        return {str(k): _to_json(v) for k, v in value.items()}
    return value


_FRACTION_WORDS = {
    Fraction(0): gettext_noop("none"),
    Fraction(1, 2): gettext_noop("one half"),
    Fraction(1, 3): gettext_noop("one third"),
    Fraction(2, 3): gettext_noop("two thirds"),
    Fraction(1, 4): gettext_noop("one quarter"),
    Fraction(1, 5): gettext_noop("one fifth"),
    Fraction(1, 10): gettext_noop("one tenth"),
    Fraction(3, 5): gettext_noop("three fifths"),
}


def _fraction_words(value: Fraction) -> str:
    words = _FRACTION_WORDS.get(value)
    return gettext(words) if words else f"{value.numerator}/{value.denominator}"


def _share_words(value: Fraction) -> str:
    if value == Fraction(1, 2):
        return gettext("a majority")
    return _fraction_words(value)


def _times(count: int) -> str:
    if count == 1:
        return gettext("once")
    if count == 2:
        return gettext("twice")
    return gettext("%(count)s times") % {"count": count}


def _parse_rule(name: str, raw: Any, current: Any) -> Any:
    try:
        if isinstance(current, bool):
            if not isinstance(raw, bool):
                raise RulesError(gettext("“%(name)s” must be true or false.") % {"name": name})
            return raw
        if name in FRACTION_FIELDS:
            value = Fraction(str(raw).strip())
            if not 0 <= value <= 1:
                raise RulesError(
                    gettext("“%(name)s” must be a fraction between 0 and 1.") % {"name": name}
                )
            return value
        if name in ENUM_FIELDS:
            return ENUM_FIELDS[name](raw)
        if name == "max_sponsors":
            if raw in (None, ""):
                return None
            value = _whole(raw)
            if value < 1:
                raise RulesError(
                    gettext("“max_sponsors” must be at least 1 (or empty for no limit).")
                )
            return value
        if name == "fixed_count":
            value = _whole(raw)
            if not 1 <= value <= 500:
                raise RulesError(gettext("“fixed_count” must be between 1 and 500."))
            return value
        if name == "roll_call_passes":
            value = _whole(raw)
            if not 0 <= value <= MAX_PASSES:
                raise RulesError(
                    gettext("“roll_call_passes” must be between 0 and %(max_passes)s.")
                    % {"max_passes": MAX_PASSES}
                )
            return value
        if name == "amendable_clauses":
            if isinstance(raw, str):
                raise TypeError
            return frozenset(ClauseKind(v) for v in raw)
        if name == "majorities":
            return {**current, **{VoteKind(k): Majority(v) for k, v in dict(raw).items()}}
        if name == "abstentions":
            merged = dict(current)
            for kind, allowed in dict(raw).items():
                if not isinstance(allowed, bool):
                    raise RulesError(gettext("“abstentions” takes true or false per kind of vote."))
                merged[VoteKind(kind)] = allowed
            return merged
        if name == "motion_overrides":
            return _parse_motion_overrides(raw)
        if name == "citations":
            return {str(k): str(v)[:80] for k, v in dict(raw).items()}
        if name in ("label", "source"):
            text = str(raw).strip()
            if name == "label" and not text:
                raise RulesError(gettext("Give the rules a name."))
            return text[: 200 if name == "label" else 500]
    except (TypeError, ValueError, ZeroDivisionError) as exc:
        if isinstance(exc, RulesError):
            raise
        raise RulesError(
            gettext("“%(name)s” has an invalid value: %(raw)s.") % {"name": name, "raw": repr(raw)}
        ) from exc
    raise RulesError(gettext("“%(name)s” cannot be changed.") % {"name": name})


def _whole(raw: Any) -> int:
    if isinstance(raw, bool):
        raise TypeError
    if isinstance(raw, float) and not raw.is_integer():
        raise TypeError
    return int(raw)


def _parse_motion_overrides(raw: Any) -> dict[str, dict[str, Any]]:
    if not isinstance(raw, Mapping):
        raise RulesError(gettext("Give motion rules as motion → rules."))
    parsed: dict[str, dict[str, Any]] = {}
    for kind, fields in raw.items():
        if not isinstance(kind, str) or not kind.replace("_", "").isalpha() or len(kind) > 40:
            raise RulesError(gettext("Unknown motion “%(kind)s”.") % {"kind": kind})
        if not isinstance(fields, Mapping):
            raise RulesError(
                gettext("Give the rules of “%(kind)s” as names and values.") % {"kind": kind}
            )
        clean: dict[str, Any] = {}
        for name, value in fields.items():
            kind_of = MOTION_RULE_FIELDS.get(name)
            if kind_of is None:
                raise RulesError(gettext("Unknown motion rule “%(name)s”.") % {"name": name})
            if kind_of is bool:
                if not isinstance(value, bool):
                    raise RulesError(gettext("“%(name)s” must be true or false.") % {"name": name})
                clean[name] = value
            elif kind_of is int:
                number = _whole(value)
                if number < 0:
                    raise RulesError(
                        gettext("“%(name)s” must be a whole number, 0 or more.") % {"name": name}
                    )
                clean[name] = number
            else:
                clean[name] = Majority(value).value
        if clean:
            parsed[kind] = clean
    return parsed


# --- presets --------------------------------------------------------------------------------

GENERAL_ASSEMBLY = RuleProfile(
    key="ga",
    label=gettext_noop("General Assembly committee"),
    source=gettext_noop(
        "Rules of procedure of the General Assembly (A/520/Rev.19), rules 108–133 for the Main "
        "Committees; sponsor and signature thresholds are a Model UN convention (at the UN any "
        "member may table a proposal)."
    ),
    # Rule 125: decisions by a majority of the members present and voting; rule 126: those
    # abstaining are not voting, so abstaining is open on every vote, procedural ones included
    # (e.g. the procedural vote of 6 December 2018 on a two-thirds majority: 75-72-26).
    majorities=_all_kinds(Majority.SIMPLE)(),
    abstentions=_all_kinds(True)(),
    # Rule 83 (plenary): important questions by two thirds of those present and voting.
    chair_may_mark_important=True,
    important_majority=Majority.TWO_THIRDS,
    # Rule 108: one quarter of the members to open and debate, a majority to take a decision.
    quorum_debate_fraction=Fraction(1, 4),
    quorum_vote_fraction=Fraction(1, 2),
    # Rule 128: roll call in English alphabetical order, beginning with a member drawn by lot.
    roll_call_start=RollCallStart.DRAWN,
    silence=Silence.NOT_VOTING,
    # Rule 130: parts voted separately, then the parts approved as a whole.
    division_allowed=True,
    # Rule 117: closure of debate needs a majority (two speakers against); rule 130: two for
    # and two against a motion for division.
    motion_overrides={
        "closure_of_debate": {"majority": "simple", "speakers_against": 2},
        "divide_question": {"majority": "simple", "speakers_for": 2, "speakers_against": 2},
    },
    citations={
        "simple": "rule 125",
        "tie": "rule 133",
        "important": "rule 83",
        "quorum": "rule 108",
        "division": "rule 130",
    },
)

SECURITY_COUNCIL = RuleProfile(
    key="sc",
    label=gettext_noop("Security Council"),
    source=gettext_noop(
        "Charter of the United Nations, Article 27; provisional rules of procedure of the "
        "Security Council (S/96/Rev.7), rules 31–40."
    ),
    # Any member may table a draft; no signatures are needed (rules 31–35).
    signatory_fraction=Fraction(0),
    max_sponsors=None,
    amendment_signatory_fraction=Fraction(0),
    # Article 27(2): procedural matters by nine members; 27(3): all other matters by nine
    # including the concurring votes of the permanent members. Since 1946 an abstention by a
    # permanent member is not a veto (resolution 2334 (2016): 14-0-1, United States abstaining).
    majorities={
        VoteKind.PROCEDURAL: Majority.COUNCIL,
        VoteKind.AMENDMENT: Majority.COUNCIL_VETO,
        VoteKind.RESOLUTION: Majority.COUNCIL_VETO,
    },
    # Abstentions on procedural votes are real practice (resolution 2623 (2022): 11-1-3).
    abstentions=_all_kinds(True)(),
    fixed_count=9,
    # Articles 31-32 and rules 37-38: non-members take part without vote; a non-member
    # invited may submit proposals, put to the vote at the request of a Council member.
    observers_vote_procedural=False,
    observers_vote_substantive=False,
    observers_may_sponsor=True,
    observers_may_sign=False,
    # No quorum rule: nothing passes with fewer than nine present.
    quorum_debate_fraction=Fraction(0),
    quorum_vote_fraction=Fraction(3, 5),
    silence=Silence.NOT_VOTING,
    # Rule 32: parts of a draft voted separately at the request of any representative.
    division_allowed=True,
    citations={
        "council": "Charter, Article 27(2)",
        "council_veto": "Charter, Article 27(3)",
        "division": "rule 32",
    },
)

UNA_USA = RuleProfile(
    key="unausa",
    label=gettext_noop("UNA-USA style"),
    source=gettext_noop(
        "UNA-USA Model UN rules of procedure (Global Classrooms short form) and the North "
        "American conferences that follow them."
    ),
    # A working paper becomes a draft with the signatures of a fifth of the committee.
    signatory_fraction=Fraction(1, 5),
    signature_comparison=Comparison.AT_LEAST,
    max_sponsors=None,
    amendment_signatory_fraction=Fraction(1, 10),
    # Substantive votes by a simple majority of those present and voting; every delegation
    # votes on procedure (no abstentions); present and voting may not abstain.
    majorities=_all_kinds(Majority.SIMPLE)(),
    abstentions={VoteKind.PROCEDURAL: False, VoteKind.AMENDMENT: True, VoteKind.RESOLUTION: True},
    present_and_voting_may_abstain=False,
    observers_vote_procedural=True,
    observers_vote_substantive=False,
    observers_may_sponsor=False,
    observers_may_sign=True,
    # One third of the members for debate and for votes.
    quorum_debate_fraction=Fraction(1, 3),
    quorum_vote_fraction=Fraction(1, 3),
    # Roll call alphabetical from a member chosen at random; one pass, then yes or no.
    roll_call_start=RollCallStart.DRAWN,
    roll_call_passes=1,
    passed_must_vote_yes_or_no=True,
    silence=Silence.MUST_VOTE,
    division_allowed=True,
    # Closure of debate by two thirds.
    motion_overrides={"closure_of_debate": {"majority": "two_thirds"}},
)

THIMUN = RuleProfile(
    key="thimun",
    label=gettext_noop("THIMUN / European style"),
    source=gettext_noop(
        "Rules of procedure of The Hague International Model United Nations (THIMUN) and the "
        "European conferences that follow them."
    ),
    # One main submitter with co-submitters; the number of co-submitters varies by conference.
    signatory_fraction=Fraction(1, 10),
    signature_comparison=Comparison.AT_LEAST,
    max_sponsors=1,
    # Amendments are handed to the chair in writing; only operative clauses, and amendments to
    # the second degree are in order.
    amendment_signatory_fraction=Fraction(0),
    amendable_clauses=frozenset({ClauseKind.OPERATIVE}),
    second_degree_amendments=True,
    majorities=_all_kinds(Majority.SIMPLE)(),
    # No abstentions on procedural matters; abstentions on amendments and resolutions.
    abstentions={VoteKind.PROCEDURAL: False, VoteKind.AMENDMENT: True, VoteKind.RESOLUTION: True},
    present_and_voting_may_abstain=True,
    observers_vote_procedural=False,
    observers_vote_substantive=False,
    observers_may_sponsor=False,
    observers_may_sign=True,
    # Quorum: one third of the committee to debate and to vote.
    quorum_debate_fraction=Fraction(1, 3),
    quorum_vote_fraction=Fraction(1, 3),
    roll_call_start=RollCallStart.TOP,
    roll_call_passes=0,
    silence=Silence.MUST_VOTE,
    division_allowed=True,
    # "Division of the house": the vote is taken again with no abstentions.
    split_house_allowed=True,
)

PRESETS: dict[str, RuleProfile] = {
    p.key: p for p in (GENERAL_ASSEMBLY, SECURITY_COUNCIL, UNA_USA, THIMUN)
}
# The first version's "custom" profile started from the General Assembly committee.
CUSTOM = dataclasses.replace(GENERAL_ASSEMBLY, label=gettext_noop("Custom rules"))


def preset(key: str) -> RuleProfile:
    if key == "custom":
        return CUSTOM
    return PRESETS.get(key, GENERAL_ASSEMBLY)


def profile_for(key: str, overrides: Mapping[str, Any] | None = None) -> RuleProfile:
    """The preset a committee starts from, with its stored overrides."""
    base = preset(key)
    return base.with_overrides(overrides) if overrides else base


# --------------------------------------------------------------------------------------------
# Thresholds for documents


@dataclass(frozen=True)
class Check:
    ok: bool
    explanation: str
    required: int = 0
    waived: bool = False


def more_than(fraction: Fraction, members: int) -> int:
    """Smallest whole number strictly greater than fraction × members (at least 1)."""
    return max(1, (fraction * members).__floor__() + 1)


def at_least(fraction: Fraction, members: int) -> int:
    """Smallest whole number not below fraction × members (at least 1)."""
    return max(1, -((-fraction * members).__floor__()))


def _required(profile: RuleProfile, fraction: Fraction, members: int) -> int:
    if profile.signature_comparison is Comparison.AT_LEAST:
        return at_least(fraction, members)
    return more_than(fraction, members)


def signatures_required(profile: RuleProfile, members: int) -> int:
    return _required(profile, profile.signatory_fraction, members)


def check_waiver(profile: RuleProfile, reason: str) -> str:
    """A chair's reason for waiving a signature threshold, cleaned; RulesError if refused."""
    if not profile.chair_may_waive_signatures:
        raise RulesError(gettext("These rules do not let the chair waive the signature threshold."))
    reason = " ".join((reason or "").split())
    if len(reason) < 5:
        raise RulesError(
            gettext("Give the reason for waiving the threshold (a few words at least).")
        )
    return reason[:300]


def check_draft_support(
    profile: RuleProfile,
    *,
    members: int,
    sponsors: int,
    signatories: int,
    waived_reason: str = "",
) -> Check:
    """May a draft resolution be submitted with these sponsors and signatories?"""
    required = signatures_required(profile, members)
    have = sponsors + signatories
    if sponsors < 1:
        return Check(
            False, gettext("not yet: a draft resolution needs at least one sponsor"), required
        )
    if profile.max_sponsors is not None and sponsors > profile.max_sponsors:
        return Check(
            False,
            gettext("too many sponsors: %(sponsors)s, at most %(max)s allowed")
            % {"sponsors": sponsors, "max": profile.max_sponsors},
            required,
        )
    if not profile.signatory_fraction:
        return Check(
            True,
            gettext("enough support: %(sponsors)s; no signatures needed")
            % {"sponsors": _sponsors(sponsors)},
            1,
        )
    more_than = profile.signature_comparison is Comparison.MORE_THAN
    words = {
        "tally": gettext("%(sponsors)s + %(signatories)s = %(have)s")
        % {"sponsors": _sponsors(sponsors), "signatories": _signatories(signatories), "have": have},
        "share": _fraction_words(profile.signatory_fraction),
        "members": members,
        "required": required,
        "missing": required - have,
        "reason": waived_reason,
    }
    if have >= required:
        return Check(
            True,
            (
                gettext(
                    "enough support: %(tally)s, more than %(share)s of %(members)s members needs "
                    "%(required)s"
                )
                if more_than
                else gettext(
                    "enough support: %(tally)s, at least %(share)s of %(members)s members needs "
                    "%(required)s"
                )
            )
            % words,
            required,
        )
    if waived_reason and profile.chair_may_waive_signatures:
        return Check(
            True,
            gettext(
                "threshold waived by the chair (%(reason)s): %(tally)s of the %(required)s "
                "otherwise needed"
            )
            % words,
            required,
            waived=True,
        )
    return Check(
        False,
        (
            gettext(
                "not yet: %(tally)s; more than %(share)s of %(members)s members needs "
                "%(required)s (%(missing)s more)"
            )
            if more_than
            else gettext(
                "not yet: %(tally)s; at least %(share)s of %(members)s members needs "
                "%(required)s (%(missing)s more)"
            )
        )
        % words,
        required,
    )


def _sponsors(count: int) -> str:
    return ngettext("%(n)s sponsor", "%(n)s sponsors", count) % {"n": count}


def _signatories(count: int) -> str:
    return ngettext("%(n)s signatory", "%(n)s signatories", count) % {"n": count}


def _signatures(count: int) -> str:
    return ngettext("%(n)s signature", "%(n)s signatures", count) % {"n": count}


def check_amendment_support(
    profile: RuleProfile, *, members: int, signatures: int, waived_reason: str = ""
) -> Check:
    if not profile.amendment_signatory_fraction:
        return Check(True, gettext("no signatures needed for an amendment"), 0)
    required = _required(profile, profile.amendment_signatory_fraction, members)
    more_than = profile.signature_comparison is Comparison.MORE_THAN
    words = {
        "signatures": signatures,
        "counted": _signatures(signatures),
        "share": _fraction_words(profile.amendment_signatory_fraction),
        "members": members,
        "required": required,
        "missing": required - signatures,
        "reason": waived_reason,
    }
    if signatures >= required:
        return Check(
            True,
            (
                gettext(
                    "enough signatures: %(signatures)s, more than %(share)s of %(members)s "
                    "members needs %(required)s"
                )
                if more_than
                else gettext(
                    "enough signatures: %(signatures)s, at least %(share)s of %(members)s "
                    "members needs %(required)s"
                )
            )
            % words,
            required,
        )
    if waived_reason and profile.chair_may_waive_signatures:
        return Check(
            True,
            gettext(
                "threshold waived by the chair (%(reason)s): %(counted)s of the %(required)s "
                "otherwise needed"
            )
            % words,
            required,
            waived=True,
        )
    return Check(
        False,
        (
            gettext(
                "not yet: %(counted)s; more than %(share)s of %(members)s members needs "
                "%(required)s (%(missing)s more)"
            )
            if more_than
            else gettext(
                "not yet: %(counted)s; at least %(share)s of %(members)s members needs "
                "%(required)s (%(missing)s more)"
            )
        )
        % words,
        required,
    )


def check_supporter(profile: RuleProfile, *, observer: bool, role: str) -> Check:
    """May this delegation sponsor (role="sponsor") or sign (role="signatory") a draft?"""
    if role not in ("sponsor", "signatory"):
        raise RulesError(gettext("Choose sponsor or signatory."))
    sponsor = role == "sponsor"
    if not observer:
        return Check(
            True,
            gettext("members may be a sponsor")
            if sponsor
            else gettext("members may be a signatory"),
        )
    allowed = profile.observers_may_sponsor if sponsor else profile.observers_may_sign
    if allowed:
        return Check(
            True,
            gettext("observers may sponsor drafts under these rules")
            if sponsor
            else gettext("observers may sign drafts under these rules"),
        )
    return Check(
        False,
        gettext("observers may not sponsor drafts under these rules")
        if sponsor
        else gettext("observers may not sign drafts under these rules"),
    )


def check_amendable(
    profile: RuleProfile, clause_kind: ClauseKind | str, *, amends_amendment: bool = False
) -> Check:
    if amends_amendment and not profile.second_degree_amendments:
        return Check(False, gettext("amendments to amendments are not allowed under these rules"))
    kind = ClauseKind(clause_kind)
    operative = kind is ClauseKind.OPERATIVE
    if kind not in profile.amendable_clauses:
        return Check(
            False,
            gettext("operative clauses may not be amended under these rules")
            if operative
            else gettext("preambulatory clauses may not be amended under these rules"),
        )
    return Check(
        True,
        gettext("operative clauses may be amended")
        if operative
        else gettext("preambulatory clauses may be amended"),
    )


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


def quorum_required(fraction: Fraction, members: int) -> int:
    """Members needed in the room: one half means a majority (more than half)."""
    if not fraction:
        return 0
    if fraction == Fraction(1, 2):
        return members // 2 + 1
    return max(1, at_least(fraction, members))


def quorum(profile: RuleProfile, voters: Iterable[Voter], *, purpose: str = "vote") -> Quorum:
    """Members (observers do not count) present at the roll call against the profile's quorum."""
    if purpose not in ("vote", "debate"):
        raise RulesError(gettext("Quorum is for a vote or for debate."))
    fraction = profile.quorum_vote_fraction if purpose == "vote" else profile.quorum_debate_fraction
    members = [v for v in voters if not v.observer]
    present = sum(1 for v in members if v.attendance is not Attendance.ABSENT)
    required = quorum_required(fraction, len(members))
    vote = purpose == "vote"
    words = {
        "present": present,
        "members": len(members),
        "required": required,
        "cite": profile.cite("quorum"),
        "share": _share_words(fraction) if required else "",
    }
    if not required:
        text = (
            gettext(
                "quorum: %(present)s of %(members)s members present; none needed to vote%(cite)s"
            )
            if vote
            else gettext(
                "quorum: %(present)s of %(members)s members present; none needed to debate%(cite)s"
            )
        ) % words
        return Quorum(True, present, len(members), 0, text)
    if present >= required:
        text = (
            gettext(
                "quorum: %(present)s of %(members)s members present; %(share)s of the members "
                "to vote is %(required)s%(cite)s"
            )
            if vote
            else gettext(
                "quorum: %(present)s of %(members)s members present; %(share)s of the members "
                "to debate is %(required)s%(cite)s"
            )
        ) % words
        return Quorum(True, present, len(members), required, text)
    text = (
        gettext(
            "no quorum: %(present)s of %(members)s members present; %(share)s of the members "
            "to vote is %(required)s%(cite)s"
        )
        if vote
        else gettext(
            "no quorum: %(present)s of %(members)s members present; %(share)s of the members "
            "to debate is %(required)s%(cite)s"
        )
    ) % words
    return Quorum(False, present, len(members), required, text)


@dataclass(frozen=True)
class Eligibility:
    may_vote: bool
    choices: tuple[Choice, ...]
    reason: str


def eligibility(
    profile: RuleProfile,
    voter: Voter,
    kind: VoteKind | str,
    *,
    roll_call: bool = False,
    no_abstentions: bool = False,
    passes_used: int = 0,
) -> Eligibility:
    """Who may vote on this kind of vote, and with which choices.

    `no_abstentions` is a vote taken by splitting the house; `passes_used` counts the passes a
    delegation already made in this roll call.
    """
    kind = VoteKind(kind)
    name = voter.name
    if voter.attendance is Attendance.ABSENT:
        return Eligibility(
            False, (), gettext("%(name)s was absent at the roll call") % {"name": name}
        )
    if voter.observer and kind.substantive and not profile.observers_vote_substantive:
        return Eligibility(
            False, (), gettext("%(name)s is an observer: no vote on substance") % {"name": name}
        )
    if voter.observer and not kind.substantive and not profile.observers_vote_procedural:
        return Eligibility(False, (), gettext("%(name)s is an observer: no vote") % {"name": name})
    only_abstain = (
        kind.substantive
        and voter.attendance is Attendance.PRESENT
        and profile.present_rights is PresentRights.ABSTAIN_ONLY
    )
    may_abstain = True
    why_not = ""
    if no_abstentions:
        may_abstain, why_not = False, gettext("the house is split: no abstentions")
    elif not profile.abstentions[kind]:
        may_abstain, why_not = (
            False,
            {
                VoteKind.PROCEDURAL: gettext("no abstentions on procedural votes"),
                VoteKind.AMENDMENT: gettext("no abstentions on amendment votes"),
                VoteKind.RESOLUTION: gettext("no abstentions on draft votes"),
            }[kind],
        )
    elif (
        kind.substantive
        and voter.attendance is Attendance.PRESENT_AND_VOTING
        and not profile.present_and_voting_may_abstain
    ):
        may_abstain, why_not = False, gettext("present and voting: may not abstain")
    words = {"name": name, "why": why_not}
    if only_abstain:
        if not may_abstain:
            return Eligibility(
                False,
                (),
                gettext("%(name)s is present, not voting: may only abstain, and %(why)s") % words,
            )
        choices = [Choice.ABSTAIN]
        reason = gettext("%(name)s is present, not voting: may only abstain") % words
    elif may_abstain:
        choices = [Choice.YES, Choice.NO, Choice.ABSTAIN]
        reason = gettext("%(name)s may vote yes, no or abstain") % words
    else:
        choices = [Choice.YES, Choice.NO]
        reason = gettext("%(name)s may vote yes or no (%(why)s)") % words
    if roll_call and passes_used < profile.roll_call_passes:
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
    not_voting: int = 0
    needed: int = 0  # yes needed (0 when the rule is "more yes than no")

    @property
    def verdict(self) -> str:
        return "passes" if self.passed else "fails"


def _names(names: Sequence[str]) -> str:
    if len(names) == 1:
        return names[0]
    return gettext("%(names)s and %(last)s") % {"names": ", ".join(names[:-1]), "last": names[-1]}


def _counts(yes: int, no: int, abstain: int, not_voting: int, counted: bool) -> str:
    """ "9 yes, 3 no, 2 abstentions not counted, 1 not voting" in the request's language."""
    counts = gettext("%(yes)s yes, %(no)s no") % {"yes": yes, "no": no}
    if abstain:
        if counted:
            counts += ngettext(", %(n)s abstention", ", %(n)s abstentions", abstain) % {
                "n": abstain
            }
        else:
            counts += ngettext(
                ", %(n)s abstention not counted", ", %(n)s abstentions not counted", abstain
            ) % {"n": abstain}
    if not_voting:
        counts += gettext(", %(n)s not voting") % {"n": not_voting}
    return counts


def decide(
    profile: RuleProfile,
    kind: VoteKind | str,
    *,
    yes: int,
    no: int,
    abstain: int = 0,
    not_voting: int = 0,
    permanent_members_against: Sequence[str] = (),
    permanent_members_abstaining: Sequence[str] = (),
    majority: Majority | str | None = None,
    important: bool = False,
    present: int | None = None,
    members: int | None = None,
) -> Result:
    """Apply the majority to counts; the explanation says why it passed or failed.

    `present` is the members present and entitled to vote (the base of a "members present"
    majority; by default everyone counted), `members` all the members of the body (the base
    of a "members" majority). `not_voting` are present delegations recorded as not voting.
    """
    kind = VoteKind(kind)
    majority = Majority(majority) if majority else profile.majority_for(kind, important=important)
    if min(yes, no, abstain, not_voting) < 0:
        raise RulesError(gettext("Counts cannot be negative."))
    counts = _counts(yes, no, abstain, not_voting, counted=majority.base != "voting")
    # Quote the rule that decides: citations are keyed by majority ("simple": "rule 125").
    rule_ref = profile.cite("important" if important else majority.value)
    lead = gettext("an important question: ") if important else ""

    def done(passed: bool, why: str, vetoed: Sequence[str] = (), needed: int = 0) -> Result:
        verdict = (
            gettext("passes: %(lead)s%(why)s") if passed else gettext("fails: %(lead)s%(why)s")
        )
        return Result(
            passed,
            yes,
            no,
            abstain,
            majority,
            verdict % {"lead": lead, "why": why},
            tuple(vetoed),
            not_voting,
            needed,
        )

    if majority.quota == "count":
        needed = profile.fixed_count
        vetoes = list(permanent_members_against)
        words = {"counts": counts, "needed": needed, "short": needed - yes, "rule": rule_ref}
        if vetoes:
            words["names"] = _names(vetoes)
        if yes < needed:
            why = gettext("%(counts)s — %(needed)s yes are needed, %(short)s short%(rule)s") % words
            if majority.veto:
                if vetoes:
                    why += (
                        gettext(
                            "; no veto arises: %(names)s voted no, and a permanent member's no is "
                            "a veto only when %(needed)s vote yes"
                        )
                        % words
                    )
                else:
                    why += gettext("; no veto arises")
            return done(False, why, needed=needed)
        if majority.veto and vetoes:
            words["who"] = ngettext(
                "%(names)s, a permanent member", "%(names)s, permanent members", len(vetoes)
            ) % {"names": words["names"]}
            return done(
                False,
                gettext(
                    "%(counts)s — vetoed: %(who)s, voted no, though the %(needed)s yes needed "
                    "were reached%(rule)s"
                )
                % words,
                vetoes,
                needed,
            )
        why = gettext("%(counts)s — %(needed)s yes needed%(rule)s") % words
        if majority.veto:
            why += gettext(", no permanent member against")
            if permanent_members_abstaining:
                why += gettext(
                    " (%(names)s abstained: a permanent member's abstention is no veto)"
                ) % {"names": _names(list(permanent_members_abstaining))}
        elif vetoes:
            why += (
                gettext("; %(names)s voted no, but there is no veto on procedural matters") % words
            )
        return done(True, why, needed=needed)

    if majority.base == "voting":
        base = yes + no
        base_words = gettext("the %(n)s present and voting") % {"n": base}
    elif majority.base == "present":
        base = present if present is not None else yes + no + abstain + not_voting
        if base < yes + no + abstain:
            raise RulesError(gettext("More votes counted than members present."))
        base_words = gettext("the %(n)s members present") % {"n": base}
    else:
        if members is None:
            raise RulesError(gettext("A majority of the members needs the number of members."))
        base = members
        if base < yes + no + abstain:
            raise RulesError(gettext("More votes counted than members."))
        base_words = gettext("all %(n)s members") % {"n": base}

    words = {"counts": counts, "majority": majority.label, "rule": rule_ref}
    if yes + no + abstain == 0:
        return done(False, gettext("no votes were cast"))
    if majority is Majority.SIMPLE:
        if yes > no:
            return done(
                True, gettext("%(counts)s — more yes than no: %(majority)s%(rule)s") % words
            )
        if yes == no:
            return done(
                False,
                gettext("%(counts)s — a tie: a vote equally divided is rejected%(rule)s")
                % {**words, "rule": profile.cite("tie")},
            )
        return done(
            False, gettext("%(counts)s — %(majority)s needs more yes than no%(rule)s") % words
        )
    if majority.quota == "simple":
        needed = base // 2 + 1
        share = gettext("a majority")
    else:
        needed = max(1, -((-2 * base) // 3))
        share = gettext("two thirds")
    words.update(share=share, base=base_words, needed=needed, short=needed - yes)
    if yes >= needed:
        return done(
            True,
            gettext("%(counts)s — %(share)s of %(base)s is %(needed)s%(rule)s") % words,
            needed=needed,
        )
    return done(
        False,
        gettext("%(counts)s — %(share)s of %(base)s needs %(needed)s yes, %(short)s short%(rule)s")
        % words,
        needed=needed,
    )


@dataclass(frozen=True)
class Tally:
    """An electronic or roll-call vote's ballots, devices and chair's entries apart."""

    yes: int
    no: int
    abstain: int
    by_device: Mapping[Choice, int]
    by_chair: Mapping[Choice, int]
    silent: tuple[Voter, ...]  # eligible, present, no ballot yet
    vetoes: tuple[str, ...]
    permanent_abstaining: tuple[str, ...]

    @property
    def cast(self) -> int:
        return self.yes + self.no + self.abstain


DEVICE = "device"
CHAIR = "chair"


def tally(
    profile: RuleProfile,
    kind: VoteKind | str,
    voters: Sequence[Voter],
    ballots: Mapping[str, Choice | str | tuple[Choice | str, str]],
    *,
    no_abstentions: bool = False,
) -> Tally:
    """Count ballots keyed by voter key; a ballot is a choice or (choice, "device"/"chair").

    Ineligible ballots raise RulesError and never count.
    """
    kind = VoteKind(kind)
    by_key = {v.key: v for v in voters}
    counts = {Choice.YES: 0, Choice.NO: 0, Choice.ABSTAIN: 0}
    device = {c: 0 for c in counts}
    chair = {c: 0 for c in counts}
    vetoes: list[str] = []
    abstaining: list[str] = []
    for key, raw in ballots.items():
        if isinstance(raw, tuple):
            raw_choice, source = raw
        else:
            raw_choice, source = raw, DEVICE
        choice = Choice(raw_choice)
        voter = by_key.get(key)
        if voter is None:
            raise RulesError(gettext("Unknown delegation %(key)s.") % {"key": repr(key)})
        allowed = eligibility(profile, voter, kind, no_abstentions=no_abstentions)
        if choice is Choice.PASS:
            raise RulesError(
                gettext("%(name)s passed and has not voted yet.") % {"name": voter.name}
            )
        if not allowed.may_vote or choice not in allowed.choices:
            raise RulesError(
                gettext("%(name)s may not vote %(value)s: %(reason)s.")
                % {"name": voter.name, "value": choice.value, "reason": allowed.reason}
            )
        counts[choice] += 1
        (chair if source == CHAIR else device)[choice] += 1
        if voter.permanent_member and choice is Choice.NO:
            vetoes.append(voter.name)
        if voter.permanent_member and choice is Choice.ABSTAIN:
            abstaining.append(voter.name)
    silent = tuple(
        v
        for v in voters
        if v.key not in ballots
        and eligibility(profile, v, kind, no_abstentions=no_abstentions).may_vote
    )
    return Tally(
        counts[Choice.YES],
        counts[Choice.NO],
        counts[Choice.ABSTAIN],
        device,
        chair,
        silent,
        tuple(sorted(vetoes)),
        tuple(sorted(abstaining)),
    )


def check_close(profile: RuleProfile, counted: Tally) -> None:
    """Raise RulesError when the rules want every present delegation accounted for."""
    if counted.silent and profile.silence is Silence.MUST_VOTE:
        names = [v.name for v in counted.silent]
        shown = (
            gettext("%(names)s and %(count)s more")
            % {"names": ", ".join(names[:5]), "count": len(names) - 5}
            if len(names) > 5
            else _names(names)
        )
        raise RulesError(
            ngettext(
                "%(n)s delegation present has not voted yet: %(shown)s. Record their votes "
                "before closing: under these rules every delegation present votes.",
                "%(n)s delegations present have not voted yet: %(shown)s. Record their votes "
                "before closing: under these rules every delegation present votes.",
                len(names),
            )
            % {"n": len(names), "shown": shown}
        )


def decide_ballots(
    profile: RuleProfile,
    kind: VoteKind | str,
    voters: Sequence[Voter],
    ballots: Mapping[str, Choice | str | tuple[Choice | str, str]],
    *,
    majority: Majority | str | None = None,
    important: bool = False,
    no_abstentions: bool = False,
    members: int | None = None,
    require_all: bool = False,
) -> Result:
    """Count ballots and decide. Present delegations without a ballot are not voting.

    `require_all` applies the profile's rule on silent delegations (electronic votes).
    """
    counted = tally(profile, kind, voters, ballots, no_abstentions=no_abstentions)
    if require_all:
        check_close(profile, counted)
    eligible = sum(
        1
        for v in voters
        if eligibility(profile, v, kind, no_abstentions=no_abstentions).may_vote and not v.observer
    )
    observers_cast = sum(1 for k in ballots if k in {v.key for v in voters if v.observer})
    return decide(
        profile,
        kind,
        yes=counted.yes,
        no=counted.no,
        abstain=counted.abstain,
        not_voting=len(counted.silent),
        permanent_members_against=counted.vetoes,
        permanent_members_abstaining=counted.permanent_abstaining,
        majority=majority,
        important=important,
        present=eligible + observers_cast,
        members=members,
    )


def check_counts(
    profile: RuleProfile,
    kind: VoteKind | str,
    voters: Sequence[Voter],
    *,
    yes: int,
    no: int,
    abstain: int,
    no_abstentions: bool = False,
) -> None:
    """Placard counts typed by a chair must fit who may vote; raise RulesError otherwise."""
    kind = VoteKind(kind)
    if min(yes, no, abstain) < 0:
        raise RulesError(gettext("Counts cannot be negative."))
    eligible = [eligibility(profile, v, kind, no_abstentions=no_abstentions) for v in voters]
    may_vote = sum(1 for e in eligible if e.may_vote)
    may_abstain = sum(1 for e in eligible if Choice.ABSTAIN in e.choices)
    may_say_yes = sum(1 for e in eligible if Choice.YES in e.choices)
    if yes + no + abstain > may_vote:
        raise RulesError(
            gettext("%(value)s votes counted but only %(may_vote)s delegations may vote.")
            % {"value": yes + no + abstain, "may_vote": may_vote}
        )
    if abstain > may_abstain:
        if may_abstain == 0:
            raise RulesError(gettext("No delegation may abstain on this vote."))
        raise RulesError(
            gettext("%(abstain)s abstentions counted but only %(may_abstain)s may abstain.")
            % {"abstain": abstain, "may_abstain": may_abstain}
        )
    if yes + no > may_say_yes:
        raise RulesError(
            gettext(
                "%(value)s yes and no counted but only %(may_say_yes)s delegations may vote yes or no."
            )
            % {"value": yes + no, "may_say_yes": may_say_yes}
        )


# --------------------------------------------------------------------------------------------
# Division of the question


@dataclass(frozen=True)
class Part:
    """A part of a draft voted on separately: one or more clauses."""

    key: str
    label: str
    clause_keys: tuple[str, ...]
    operative: bool


@dataclass(frozen=True)
class DivisionOutcome:
    kept: tuple[str, ...]  # clause keys left in the text
    removed: tuple[str, ...]
    rejected_as_whole: bool
    explanation: str


def plan_division(
    clauses: Sequence[tuple[str, str, ClauseKind | str]],
    parts: Sequence[Sequence[str]],
) -> list[Part]:
    """Check the parts a division asks for: clauses of the draft, not overlapping, not all."""
    known = {key: (label, ClauseKind(kind)) for key, label, kind in clauses}
    if not parts:
        raise RulesError(gettext("Name at least one part to vote on separately."))
    seen: set[str] = set()
    planned = []
    for number, keys in enumerate(parts, start=1):
        keys = tuple(dict.fromkeys(keys))
        if not keys:
            raise RulesError(gettext("Part %(number)s has no clause.") % {"number": number})
        for key in keys:
            if key not in known:
                raise RulesError(gettext("A part names a clause that is not in the draft."))
            if key in seen:
                raise RulesError(gettext("%(value)s is in two parts.") % {"value": known[key][0]})
            seen.add(key)
        labels = [known[k][0] for k in keys]
        operative = any(known[k][1] is ClauseKind.OPERATIVE for k in keys)
        planned.append(Part(f"part-{number}", _names(labels), keys, operative))
    if len(planned) == 1 and set(planned[0].clause_keys) == set(known):
        raise RulesError(gettext("Dividing out the whole draft is the vote on the draft itself."))
    return planned


def division_outcome(
    profile: RuleProfile,
    clauses: Sequence[tuple[str, str, ClauseKind | str]],
    parts: Sequence[Part],
    results: Mapping[str, bool],
) -> DivisionOutcome:
    """After the parts are voted: which clauses stay, and whether a vote on the whole follows.

    The parts approved, with the clauses never divided out, are then put to the vote as a
    whole; if every operative clause has been rejected the draft is rejected as a whole
    (A/520/Rev.19, rule 130).
    """
    missing = [p.label for p in parts if p.key not in results]
    if missing:
        raise RulesError(
            gettext("Not every part has been voted on yet: %(names)s.") % {"names": _names(missing)}
        )
    removed = tuple(k for p in parts if not results[p.key] for k in p.clause_keys)
    kept = tuple(key for key, _label, _kind in clauses if key not in removed)
    operative_left = [
        key
        for key, _label, kind in clauses
        if key in kept and ClauseKind(kind) is ClauseKind.OPERATIVE
    ]
    rejected = [p.label for p in parts if not results[p.key]]
    cite = profile.cite("division")
    if not operative_left:
        return DivisionOutcome(
            kept,
            removed,
            True,
            gettext("the draft is rejected as a whole: every operative clause was rejected%(cite)s")
            % {"cite": cite},
        )
    if rejected:
        words = {
            "names": _names(rejected),
            "kept": ngettext("%(n)s clause", "%(n)s clauses", len(kept)) % {"n": len(kept)},
            "cite": cite,
        }
        text = (
            ngettext(
                "%(names)s was rejected and leaves the text; the remaining %(kept)s are now "
                "voted on as a whole%(cite)s",
                "%(names)s were rejected and leave the text; the remaining %(kept)s are now "
                "voted on as a whole%(cite)s",
                len(rejected),
            )
            % words
        )
    else:
        text = gettext("every part was approved; the text is now voted on as a whole%(cite)s") % {
            "cite": cite
        }
    return DivisionOutcome(kept, removed, False, text)


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
    raise RulesError(gettext("The drawn delegation is not on the list."))


@dataclass(frozen=True)
class RollCallState:
    calling: str | None  # key of the delegation being called, None when done
    second_round: bool  # any round after the first
    final: dict[str, Choice]  # last non-pass answer per key
    passed: tuple[str, ...]  # keys that passed at least once, in calling order
    done: bool
    round: int = 1
    passes: Mapping[str, int] = field(default_factory=dict)


def roll_call_state(
    order: Sequence[str], records: Sequence[tuple[str, Choice | str]]
) -> RollCallState:
    """Replay answers in order: the first round through `order`, then the passes again.

    Round r calls, in order, the delegations whose first r − 1 answers were all passes.
    """
    answers: dict[str, list[Choice]] = {}
    for key, choice in records:
        answers.setdefault(key, []).append(Choice(choice))
    passed = tuple(k for k in order if Choice.PASS in answers.get(k, []))
    passes = {k: answers[k].count(Choice.PASS) for k in passed}
    final = {k: a[-1] for k, a in answers.items() if a[-1] is not Choice.PASS}
    for round_number in range(1, MAX_PASSES + 2):
        calling = [
            k
            for k in order
            if all(c is Choice.PASS for c in answers.get(k, [])[: round_number - 1])
            and (round_number == 1 or len(answers.get(k, [])) >= round_number - 1)
        ]
        if round_number > 1:
            calling = [k for k in calling if answers[k][round_number - 2] is Choice.PASS]
        for key in calling:
            if len(answers.get(key, [])) < round_number:
                return RollCallState(
                    key, round_number > 1, final, passed, False, round_number, passes
                )
    return RollCallState(None, bool(passed), final, passed, True, MAX_PASSES + 1, passes)


def check_roll_call_answer(
    profile: RuleProfile,
    voter: Voter,
    kind: VoteKind | str,
    state: RollCallState,
    choice: Choice | str,
    *,
    no_abstentions: bool = False,
) -> None:
    """Raise RulesError unless `voter` is being called and may answer `choice`."""
    choice = Choice(choice)
    if state.done:
        raise RulesError(gettext("The roll call is complete."))
    if state.calling != voter.key:
        raise RulesError(gettext("%(name)s is not being called now.") % {"name": voter.name})
    used = state.passes.get(voter.key, 0)
    allowed = eligibility(
        profile, voter, kind, roll_call=True, no_abstentions=no_abstentions, passes_used=used
    )
    if choice is Choice.PASS and Choice.PASS not in allowed.choices:
        if not profile.roll_call_passes:
            raise RulesError(gettext("Passing is not allowed under these rules."))
        raise RulesError(
            gettext("%(name)s passed %(times)s and may not pass again.")
            % {"name": voter.name, "times": _times(used)}
            if used
            else gettext("%(name)s may not pass.") % {"name": voter.name}
        )
    if state.second_round and profile.passed_must_vote_yes_or_no and choice is Choice.ABSTAIN:
        raise RulesError(
            gettext("%(name)s passed and must now vote yes or no.") % {"name": voter.name}
        )
    if choice not in allowed.choices:
        raise RulesError(
            gettext("%(name)s may not %(value)s: %(reason)s.")
            % {"name": voter.name, "value": choice.value, "reason": allowed.reason}
        )


# --------------------------------------------------------------------------------------------
# Preview: how sample votes come out under a profile (the rules editor shows these)

# (yes, no, abstain) as shares of the members; chosen so that the rules differ on them.
_SAMPLES = ((0.6, 0.33, 0.07), (0.34, 0.26, 0.4), (0.47, 0.47, 0.06), (0.62, 0.2, 0.18))


@dataclass(frozen=True)
class PreviewLine:
    kind: VoteKind
    text: str
    passed: bool


def _reason(explanation: str) -> str:
    """The explanation without the counts: "passes: 9 yes, … — more yes than no" → "passes: more…"."""
    verdict, _, rest = explanation.partition(": ")
    important = gettext("an important question: ")
    lead = important if rest.startswith(important) else ""
    return f"{verdict}: {lead}{rest.partition(' — ')[2] or rest}"


def preview(profile: RuleProfile, members: int) -> list[PreviewLine]:
    """Sample votes of a body of `members`, every member present, under each kind of vote."""
    members = max(3, min(members, 500))
    lines: list[PreviewLine] = []

    def add(kind, counts, result, note=""):
        lines.append(
            PreviewLine(
                kind,
                gettext("%(members)s members: %(counts)s%(note)s → %(reason)s")
                % {
                    "members": members,
                    "counts": counts,
                    "note": note,
                    "reason": _reason(result.explanation),
                },
                result.passed,
            )
        )

    for kind in VoteKind:
        majority = profile.majorities[kind]
        seen = set()
        for share_yes, share_no, _share_abstain in _SAMPLES:
            yes, no = round(members * share_yes), round(members * share_no)
            abstain = max(0, members - yes - no)
            if not profile.abstentions[kind]:
                no, abstain = no + abstain, 0
            if (yes, no, abstain) in seen:
                continue
            seen.add((yes, no, abstain))
            counts = _counts(yes, no, abstain, 0, counted=True)
            sample = dict(yes=yes, no=no, abstain=abstain, present=members, members=members)
            add(kind, counts, decide(profile, kind, majority=majority, **sample))
            if majority.veto and yes >= profile.fixed_count and no:
                vetoed = decide(
                    profile, kind, majority=majority, permanent_members_against=["France"], **sample
                )
                add(kind, counts, vetoed, gettext(" (France, a permanent member, votes no)"))
        if profile.chair_may_mark_important and kind.substantive:
            yes, no = round(members * 0.6), round(members * 0.34)
            abstain = max(0, members - yes - no)
            sample = dict(yes=yes, no=no, abstain=abstain, present=members, members=members)
            counts = _counts(yes, no, abstain, 0, counted=True)
            add(
                kind,
                counts,
                decide(profile, kind, important=True, **sample),
                gettext(" (important)"),
            )
    return lines
