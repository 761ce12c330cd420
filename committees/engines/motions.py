"""Motions on the floor: their kinds, rules, order of precedence and when they may be raised.

Pure Python (no Django). A committee's rule profile may carry `motion_overrides`, a mapping of
motion kind → {rule field: value}; `rules_for` applies it on top of `DEFAULT_MOTION_RULES`, so
conferences that second, debate or count a motion differently change data, not code.

Precedence: a lower number is voted on first (the most disruptive motion first). Among
caucuses of the same precedence the longest goes first, unless the profile says
`caucus_order = "arrival"`; ties are broken by the order the motions were raised.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from committees.engines.i18n import gettext, gettext_noop

from .voting import Majority, RulesError


class MotionKind(StrEnum):
    OPEN_SPEAKERS_LIST = "open_speakers_list"
    CLOSE_SPEAKERS_LIST = "close_speakers_list"
    SET_SPEAKING_TIME = "set_speaking_time"
    MODERATED_CAUCUS = "moderated_caucus"
    UNMODERATED_CAUCUS = "unmoderated_caucus"
    EXTEND_CAUCUS = "extend_caucus"
    CLOSURE_OF_DEBATE = "closure_of_debate"
    SUSPEND_MEETING = "suspend_meeting"
    ADJOURN_MEETING = "adjourn_meeting"
    INTRODUCE_DRAFT = "introduce_draft"
    INTRODUCE_AMENDMENT = "introduce_amendment"
    DIVIDE_QUESTION = "divide_question"
    SPLIT_HOUSE = "split_house"
    ROLL_CALL_VOTE = "roll_call_vote"
    REORDER_DRAFTS = "reorder_drafts"
    APPEAL_RULING = "appeal_ruling"

    @property
    def label(self) -> str:
        return gettext(LABELS[self])

    @property
    def is_caucus(self) -> bool:
        return self in (MotionKind.MODERATED_CAUCUS, MotionKind.UNMODERATED_CAUCUS)


LABELS = {
    MotionKind.OPEN_SPEAKERS_LIST: gettext_noop("Open the speakers list"),
    MotionKind.CLOSE_SPEAKERS_LIST: gettext_noop("Close the speakers list"),
    MotionKind.SET_SPEAKING_TIME: gettext_noop("Set the speaking time"),
    MotionKind.MODERATED_CAUCUS: gettext_noop("Moderated caucus"),
    MotionKind.UNMODERATED_CAUCUS: gettext_noop("Unmoderated caucus"),
    MotionKind.EXTEND_CAUCUS: gettext_noop("Extend the caucus"),
    MotionKind.CLOSURE_OF_DEBATE: gettext_noop("Closure of debate"),
    MotionKind.SUSPEND_MEETING: gettext_noop("Suspend the meeting"),
    MotionKind.ADJOURN_MEETING: gettext_noop("Adjourn the meeting"),
    MotionKind.INTRODUCE_DRAFT: gettext_noop("Introduce a draft resolution"),
    MotionKind.INTRODUCE_AMENDMENT: gettext_noop("Introduce an amendment"),
    MotionKind.DIVIDE_QUESTION: gettext_noop("Divide the question"),
    MotionKind.SPLIT_HOUSE: gettext_noop("Split the house"),
    MotionKind.ROLL_CALL_VOTE: gettext_noop("Vote by roll call"),
    MotionKind.REORDER_DRAFTS: gettext_noop("Reorder draft resolutions"),
    MotionKind.APPEAL_RULING: gettext_noop("Appeal the chair’s ruling"),
}


@dataclass(frozen=True)
class MotionRule:
    precedence: int  # lower is voted on first: the most disruptive motion first
    needs_second: bool = True
    debatable: bool = False
    speakers_for: int = 0
    speakers_against: int = 0
    majority: str = Majority.SIMPLE.value  # a voting.Majority value
    # When it passes, the other motions on the floor lapse (the committee moves on).
    ends_others: bool = False

    def with_overrides(self, overrides: Mapping[str, Any]) -> MotionRule:
        """A copy with some fields changed; unknown fields or bad values raise RulesError."""
        names = {f.name: f for f in dataclasses.fields(self)}
        changes: dict[str, Any] = {}
        for name, raw in dict(overrides).items():
            if name not in names:
                raise RulesError(gettext("Unknown motion rule “%(name)s”.") % {"name": name})
            current = getattr(self, name)
            if isinstance(current, bool):
                if not isinstance(raw, bool):
                    raise RulesError(gettext("“%(name)s” must be true or false.") % {"name": name})
                changes[name] = raw
            elif isinstance(current, int):
                try:
                    value = int(raw)
                except (TypeError, ValueError) as exc:
                    raise RulesError(
                        gettext("“%(name)s” must be a whole number.") % {"name": name}
                    ) from exc
                if value < 0 or isinstance(raw, bool):
                    raise RulesError(
                        gettext("“%(name)s” must be a whole number, 0 or more.") % {"name": name}
                    )
                changes[name] = value
            else:  # majority
                try:
                    changes[name] = Majority(raw).value
                except ValueError as exc:
                    raise RulesError(
                        gettext("“%(raw)s” is not a majority these rules know.") % {"raw": raw}
                    ) from exc
        rule = dataclasses.replace(self, **changes)
        if not rule.debatable and (rule.speakers_for or rule.speakers_against):
            rule = dataclasses.replace(rule, speakers_for=0, speakers_against=0)
        return rule

    def describe(self) -> str:
        parts = [gettext("needs a second") if self.needs_second else gettext("no second needed")]
        if self.debatable:
            parts.append(
                gettext("debatable (%(for)s for, %(against)s against)")
                % {"for": self.speakers_for, "against": self.speakers_against}
            )
        else:
            parts.append(gettext("not debatable"))
        parts.append(Majority(self.majority).label)
        return ", ".join(parts)


_S, _T = Majority.SIMPLE.value, Majority.TWO_THIRDS.value

# The most disruptive first: appeals are decided before anything else, then leaving the room,
# then ending the debate, caucuses, the drafts, the voting procedure, the speakers list.
DEFAULT_MOTION_RULES: Mapping[MotionKind, MotionRule] = {
    MotionKind.APPEAL_RULING: MotionRule(10, debatable=True, speakers_for=1, speakers_against=1),
    MotionKind.ADJOURN_MEETING: MotionRule(20, ends_others=True),
    MotionKind.SUSPEND_MEETING: MotionRule(30, ends_others=True),
    MotionKind.CLOSURE_OF_DEBATE: MotionRule(
        40, debatable=True, speakers_against=2, majority=_T, ends_others=True
    ),
    MotionKind.EXTEND_CAUCUS: MotionRule(50, ends_others=True),
    MotionKind.UNMODERATED_CAUCUS: MotionRule(60, ends_others=True),
    MotionKind.MODERATED_CAUCUS: MotionRule(60, ends_others=True),
    MotionKind.INTRODUCE_DRAFT: MotionRule(70),
    MotionKind.INTRODUCE_AMENDMENT: MotionRule(75),
    MotionKind.REORDER_DRAFTS: MotionRule(80),
    MotionKind.DIVIDE_QUESTION: MotionRule(85, debatable=True, speakers_for=2, speakers_against=2),
    MotionKind.SPLIT_HOUSE: MotionRule(88),
    MotionKind.ROLL_CALL_VOTE: MotionRule(90),
    MotionKind.SET_SPEAKING_TIME: MotionRule(
        100, debatable=True, speakers_for=2, speakers_against=2
    ),
    MotionKind.CLOSE_SPEAKERS_LIST: MotionRule(110, majority=_T),
    MotionKind.OPEN_SPEAKERS_LIST: MotionRule(120),
}

_COUNCIL = {Majority.COUNCIL.value, Majority.COUNCIL_VETO.value}


def _procedural_majority(profile: Any) -> str | None:
    majorities = getattr(profile, "majorities", None) or {}
    for key, value in majorities.items():
        if str(key) == "procedural":
            return str(value)
    return None


def rules_for(profile: Any, kind: MotionKind | str) -> MotionRule:
    """The rule for a motion under a committee's profile (defaults + `motion_overrides`).

    A Security Council-style profile (procedural votes need nine) votes every motion with its
    procedural majority unless an override names another. Stored overrides that no longer
    make sense are ignored here (the editor validates them with `check_overrides`).
    """
    kind = MotionKind(kind)
    rule = DEFAULT_MOTION_RULES[kind]
    procedural = _procedural_majority(profile)
    if procedural in _COUNCIL:
        rule = dataclasses.replace(rule, majority=Majority.COUNCIL.value)
    overrides = (getattr(profile, "motion_overrides", None) or {}).get(kind, {})
    if overrides:
        with contextlib.suppress(RulesError):
            rule = rule.with_overrides(overrides)
    return rule


def check_overrides(overrides: Mapping[str, Mapping[str, Any]]) -> None:
    """Raise RulesError naming the first motion kind or field that is not understood."""
    for kind, fields in dict(overrides).items():
        try:
            kind = MotionKind(kind)
        except ValueError as exc:
            raise RulesError(gettext("Unknown motion “%(kind)s”.") % {"kind": kind}) from exc
        if not isinstance(fields, Mapping):
            raise RulesError(
                gettext("Give the rules of “%(label)s” as names and values.")
                % {"label": kind.label}
            )
        DEFAULT_MOTION_RULES[kind].with_overrides(fields)


# --------------------------------------------------------------------------------------------
# Parameters of a motion (durations, topic, the document it is about)

MINUTE = 60
# Which parameters each kind takes; "total" and "speaking_time" are seconds.
PARAMS: Mapping[MotionKind, tuple[str, ...]] = {
    MotionKind.SET_SPEAKING_TIME: ("speaking_time",),
    MotionKind.MODERATED_CAUCUS: ("total", "speaking_time", "topic"),
    MotionKind.UNMODERATED_CAUCUS: ("total", "topic"),
    MotionKind.EXTEND_CAUCUS: ("total",),
    MotionKind.INTRODUCE_DRAFT: ("subject",),
    MotionKind.INTRODUCE_AMENDMENT: ("subject",),
    MotionKind.DIVIDE_QUESTION: ("subject",),
    MotionKind.REORDER_DRAFTS: ("subject",),
    MotionKind.APPEAL_RULING: ("subject",),
    MotionKind.ROLL_CALL_VOTE: ("subject",),
}
REQUIRED = {
    MotionKind.SET_SPEAKING_TIME: {"speaking_time"},
    MotionKind.MODERATED_CAUCUS: {"total", "speaking_time", "topic"},
    MotionKind.UNMODERATED_CAUCUS: {"total"},
    MotionKind.EXTEND_CAUCUS: {"total"},
    MotionKind.INTRODUCE_DRAFT: {"subject"},
    MotionKind.INTRODUCE_AMENDMENT: {"subject"},
    MotionKind.DIVIDE_QUESTION: {"subject"},
    MotionKind.REORDER_DRAFTS: {"subject"},
    MotionKind.APPEAL_RULING: {"subject"},
}
SPEAKING_TIME_RANGE = (10, 10 * MINUTE)
CAUCUS_RANGE = (MINUTE, 60 * MINUTE)
TEXT_LIMIT = 200


class MotionError(RulesError):
    """A motion that cannot be raised as given; the message is for the person who raised it."""


def _seconds(name: str, raw: Any, low: int, high: int, words: str) -> int:
    try:
        value = int(raw)
    except (TypeError, ValueError) as exc:
        raise MotionError(
            gettext("Give the %(words)s as a whole number of seconds.") % {"words": words}
        ) from exc
    if not low <= value <= high:
        raise MotionError(
            gettext("The %(words)s must be between %(duration)s and %(duration2)s.")
            % {"words": words, "duration": _duration(low), "duration2": _duration(high)}
        )
    return value


def clean_params(kind: MotionKind | str, params: Mapping[str, Any]) -> dict[str, Any]:
    """Validated parameters for a motion of this kind; MotionError says what is wrong."""
    kind = MotionKind(kind)
    allowed = PARAMS.get(kind, ())
    cleaned: dict[str, Any] = {}
    for name in allowed:
        raw = params.get(name)
        if raw in (None, ""):
            continue
        if name == "speaking_time":
            cleaned[name] = _seconds(name, raw, *SPEAKING_TIME_RANGE, "speaking time")
        elif name == "total":
            cleaned[name] = _seconds(name, raw, *CAUCUS_RANGE, "total time")
        else:
            text = " ".join(str(raw).split())
            if len(text) > TEXT_LIMIT:
                raise MotionError(
                    gettext("Keep the %(name)s under %(text_limit)s characters.")
                    % {"name": name, "text_limit": TEXT_LIMIT}
                )
            cleaned[name] = text
    missing = REQUIRED.get(kind, set()) - cleaned.keys()
    if missing:
        words = {
            "total": gettext("the total time"),
            "speaking_time": gettext("the speaking time"),
            "topic": gettext("the topic"),
            "subject": gettext("what it is about"),
        }
        needed = [words[m] for m in sorted(missing)]
        what = needed[0]
        for word in needed[1:]:
            what = gettext("%(first)s and %(second)s") % {"first": what, "second": word}
        raise MotionError(
            gettext("%(motion)s needs %(what)s.") % {"motion": kind.label, "what": what}
        )
    if kind is MotionKind.MODERATED_CAUCUS and cleaned["speaking_time"] > cleaned["total"]:
        raise MotionError(gettext("The speaking time cannot be longer than the whole caucus."))
    return cleaned


def _duration(seconds: int) -> str:
    minutes, rest = divmod(int(seconds), 60)
    if minutes and rest:
        return gettext("%(minutes)s min %(seconds)s s") % {"minutes": minutes, "seconds": rest}
    if minutes:
        return gettext("%(minutes)s min") % {"minutes": minutes}
    return gettext("%(seconds)s s") % {"seconds": rest}


def describe(kind: MotionKind | str, params: Mapping[str, Any]) -> str:
    """The motion as a chair reads it out: "Moderated caucus, 10 min, 60 s per speaker: topic"."""
    kind = MotionKind(kind)
    bits = []
    if "total" in params:
        bits.append(
            gettext("by %(duration)s") % {"duration": _duration(params["total"])}
            if kind is MotionKind.EXTEND_CAUCUS
            else _duration(params["total"])
        )
    if "speaking_time" in params:
        bits.append(
            gettext("%(duration)s per speaker") % {"duration": _duration(params["speaking_time"])}
            if kind is MotionKind.MODERATED_CAUCUS
            else _duration(params["speaking_time"])
        )
    text = kind.label + (", " + ", ".join(bits) if bits else "")
    about = params.get("topic") or params.get("subject")
    return f"{text}: {about}" if about else text


def follow_up(kind: MotionKind | str) -> str:
    """What the chair still does by hand once a motion of this kind passes ("" when its
    passing acts on the floor by itself). Said on the dashboard so nobody believes the
    product did what it did not."""
    kind = MotionKind(kind)
    words = {
        MotionKind.INTRODUCE_DRAFT: gettext(
            "Passed: introduce the draft from the drafts page; the floor does not do it."
        ),
        MotionKind.INTRODUCE_AMENDMENT: gettext(
            "Passed: enter the amendment in the voting queue; the floor does not do it."
        ),
        MotionKind.DIVIDE_QUESTION: gettext(
            "Passed: divide the draft into its parts from the voting queue (“Divide the question”)."
        ),
        MotionKind.SPLIT_HOUSE: gettext(
            "Passed: “Split the house (no abstentions)” is ticked for the next vote on a draft."
        ),
        MotionKind.ROLL_CALL_VOTE: gettext(
            "Passed: “Roll call” is chosen as the method of the next vote on a draft."
        ),
        MotionKind.REORDER_DRAFTS: gettext(
            "Passed: put the drafts to the vote in the new order; the queue is not reordered for you."
        ),
        MotionKind.APPEAL_RULING: gettext(
            "Passed: the chair’s ruling is overturned; undo its effect by hand."
        ),
    }
    return words.get(kind, "")


# --------------------------------------------------------------------------------------------
# Order of precedence


@dataclass(frozen=True)
class PendingMotion:
    key: Any
    kind: MotionKind
    params: Mapping[str, Any]
    raised_order: int  # the order it was raised in (an id or a timestamp ordinal)


def precedence_key(profile: Any, motion: PendingMotion) -> tuple[int, int, int]:
    rule = rules_for(profile, motion.kind)
    disruption = 0
    if motion.kind.is_caucus and getattr(profile, "caucus_order", "longest_first") != "arrival":
        disruption = -int(motion.params.get("total") or 0)
    return (rule.precedence, disruption, motion.raised_order)


def order_on_floor(profile: Any, motions: Iterable[PendingMotion]) -> list[PendingMotion]:
    """Motions in the order the chair puts them to the vote."""
    return sorted(motions, key=lambda m: precedence_key(profile, m))


def lapse_after(
    profile: Any, passed: PendingMotion, others: Sequence[PendingMotion]
) -> list[PendingMotion]:
    """The motions that lapse when `passed` is adopted (its rule says it ends the others)."""
    if not rules_for(profile, passed.kind).ends_others:
        return []
    return [m for m in others if m.key != passed.key]


# --------------------------------------------------------------------------------------------
# Which motions may be raised now


class Phase(StrEnum):
    DEBATE = "debate"  # formal debate on the general speakers list
    MODERATED_CAUCUS = "moderated_caucus"
    UNMODERATED_CAUCUS = "unmoderated_caucus"
    VOTING_PROCEDURE = "voting_procedure"  # debate closed: the committee votes on the drafts


@dataclass(frozen=True)
class FloorState:
    phase: Phase = Phase.DEBATE
    speakers_list_open: bool = True
    vote_open: bool = False  # a vote is being taken right now
    session_open: bool = True


@dataclass(frozen=True)
class Allowed:
    ok: bool
    reason: str


_VOTING_ONLY = {
    MotionKind.DIVIDE_QUESTION,
    MotionKind.SPLIT_HOUSE,
    MotionKind.ROLL_CALL_VOTE,
    MotionKind.REORDER_DRAFTS,
}
_ALWAYS = {MotionKind.APPEAL_RULING, MotionKind.SUSPEND_MEETING, MotionKind.ADJOURN_MEETING}
_DURING_CAUCUS = _ALWAYS | {MotionKind.EXTEND_CAUCUS, MotionKind.CLOSURE_OF_DEBATE}


def may_raise(state: FloorState, kind: MotionKind | str) -> Allowed:
    """May a motion of this kind be raised in this state of the floor, and if not, why not."""
    kind = MotionKind(kind)
    label = kind.label
    if not state.session_open:
        return Allowed(False, gettext("No session is open."))
    if state.vote_open:
        return Allowed(False, gettext("A vote is being taken; motions wait until it closes."))
    caucus = state.phase in (Phase.MODERATED_CAUCUS, Phase.UNMODERATED_CAUCUS)
    if kind is MotionKind.EXTEND_CAUCUS:
        if not caucus:
            return Allowed(False, gettext("A caucus can only be extended while it runs."))
        return Allowed(True, gettext("The caucus is running."))
    if state.phase is Phase.VOTING_PROCEDURE:
        if kind in _VOTING_ONLY or kind in _ALWAYS:
            return Allowed(True, gettext("The committee is in voting procedure."))
        return Allowed(
            False,
            gettext("Debate is closed: “%(label)s” is out of order in voting procedure.")
            % {"label": label},
        )
    if kind in _VOTING_ONLY:
        return Allowed(
            False, gettext("“%(label)s” is in order only once debate is closed.") % {"label": label}
        )
    if caucus and kind not in _DURING_CAUCUS:
        waits = (
            gettext("“%(label)s” waits until the moderated caucus ends.")
            if state.phase is Phase.MODERATED_CAUCUS
            else gettext("“%(label)s” waits until the unmoderated caucus ends.")
        )
        return Allowed(False, waits % {"label": label})
    if kind is MotionKind.OPEN_SPEAKERS_LIST and state.speakers_list_open:
        return Allowed(False, gettext("The speakers list is already open."))
    if kind is MotionKind.CLOSE_SPEAKERS_LIST and not state.speakers_list_open:
        return Allowed(False, gettext("The speakers list is already closed."))
    return Allowed(True, gettext("In order."))


def in_order_now(state: FloorState, profile: Any = None) -> list[MotionKind]:
    """The kinds of motion a delegate may raise now, most disruptive first."""
    kinds = [k for k in MotionKind if may_raise(state, k).ok]
    return sorted(kinds, key=lambda k: rules_for(profile, k).precedence)
