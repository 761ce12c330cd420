"""The floor's pure engines: motion precedence, when motions are in order, majorities, timers."""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from committees.engines import motions as m
from committees.engines import timers as t
from committees.engines.voting import (
    GENERAL_ASSEMBLY,
    SECURITY_COUNCIL,
    UNA_USA,
    Majority,
    RuleProfile,
    RulesError,
    decide,
)

GA = GENERAL_ASSEMBLY
K = m.MotionKind
T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Profile:
    """A stand-in for a rule profile carrying the attributes the motion engine reads."""

    motion_overrides: dict = field(default_factory=dict)
    majorities: dict = field(default_factory=lambda: {"procedural": "simple"})
    caucus_order: str = "longest_first"


def pending(key, kind, raised, **params):
    return m.PendingMotion(key=key, kind=K(kind), params=params, raised_order=raised)


# --- kinds and rules ------------------------------------------------------------------------


def test_the_sixteen_motion_kinds_have_rules_and_labels():
    assert [k.value for k in K] == [
        "open_speakers_list",
        "close_speakers_list",
        "set_speaking_time",
        "moderated_caucus",
        "unmoderated_caucus",
        "extend_caucus",
        "closure_of_debate",
        "suspend_meeting",
        "adjourn_meeting",
        "introduce_draft",
        "introduce_amendment",
        "divide_question",
        "split_house",
        "roll_call_vote",
        "reorder_drafts",
        "appeal_ruling",
    ]
    assert set(m.DEFAULT_MOTION_RULES) == set(K)
    assert all(k.label for k in K)


def test_profile_without_overrides_uses_the_defaults():
    plain = RuleProfile(key="plain", label="No motion overrides")
    assert m.rules_for(plain, K.CLOSURE_OF_DEBATE) == m.DEFAULT_MOTION_RULES[K.CLOSURE_OF_DEBATE]
    assert m.rules_for(None, "set_speaking_time").debatable


def test_closure_needs_two_thirds_and_caucuses_a_simple_majority():
    assert m.rules_for(UNA_USA, K.CLOSURE_OF_DEBATE).majority == Majority.TWO_THIRDS
    assert m.rules_for(UNA_USA, K.MODERATED_CAUCUS).majority == Majority.SIMPLE
    # 10 yes, 6 no: a simple majority but not two thirds of 16.
    assert decide(UNA_USA, "procedural", yes=10, no=6).passed
    closure = m.rules_for(UNA_USA, K.CLOSURE_OF_DEBATE).majority
    assert not decide(UNA_USA, "procedural", yes=10, no=6, majority=closure).passed
    # The General Assembly closes debate by a simple majority (A/520/Rev.19, rule 117).
    assert m.rules_for(GA, K.CLOSURE_OF_DEBATE).majority == Majority.SIMPLE


def test_security_council_votes_motions_with_nine():
    assert m.rules_for(SECURITY_COUNCIL, K.MODERATED_CAUCUS).majority == Majority.COUNCIL
    assert m.rules_for(SECURITY_COUNCIL, K.CLOSURE_OF_DEBATE).majority == Majority.COUNCIL


def test_overrides_from_the_profile_change_one_motion_only():
    profile = Profile(
        motion_overrides={"closure_of_debate": {"majority": "simple", "needs_second": False}}
    )
    closure = m.rules_for(profile, K.CLOSURE_OF_DEBATE)
    assert closure.majority == "simple" and not closure.needs_second
    assert closure.precedence == m.DEFAULT_MOTION_RULES[K.CLOSURE_OF_DEBATE].precedence
    assert m.rules_for(profile, K.SET_SPEAKING_TIME) == m.DEFAULT_MOTION_RULES[K.SET_SPEAKING_TIME]


def test_overrides_keyed_by_enum_or_string_both_apply():
    profile = Profile(motion_overrides={K.SUSPEND_MEETING: {"majority": "two_thirds"}})
    assert m.rules_for(profile, "suspend_meeting").majority == "two_thirds"


def test_a_rotten_stored_override_falls_back_to_the_default():
    profile = Profile(motion_overrides={"closure_of_debate": {"majority": "most"}})
    assert m.rules_for(profile, K.CLOSURE_OF_DEBATE) == m.DEFAULT_MOTION_RULES[K.CLOSURE_OF_DEBATE]


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"filibuster": {}}, "Unknown motion"),
        ({"closure_of_debate": {"loudness": 3}}, "Unknown motion rule"),
        ({"closure_of_debate": {"majority": "most"}}, "not a majority"),
        ({"closure_of_debate": {"needs_second": "yes"}}, "true or false"),
        ({"closure_of_debate": {"speakers_against": -1}}, "0 or more"),
        ({"closure_of_debate": {"precedence": "first"}}, "whole number"),
        ({"closure_of_debate": ["majority"]}, "names and values"),
    ],
)
def test_the_override_checker_explains_what_is_wrong(overrides, message):
    with pytest.raises(RulesError, match=message):
        m.check_overrides(overrides)


def test_a_motion_that_is_not_debatable_has_no_speakers():
    rule = m.DEFAULT_MOTION_RULES[K.SET_SPEAKING_TIME].with_overrides({"debatable": False})
    assert (rule.speakers_for, rule.speakers_against) == (0, 0)
    assert "not debatable" in rule.describe()


# --- precedence -----------------------------------------------------------------------------


def test_most_disruptive_first_then_longest_caucus_then_arrival():
    floor = [
        pending(1, "set_speaking_time", 1, speaking_time=45),
        pending(2, "moderated_caucus", 2, total=600, speaking_time=60, topic="a"),
        pending(3, "unmoderated_caucus", 3, total=900),
        pending(4, "moderated_caucus", 4, total=1200, speaking_time=60, topic="b"),
        pending(5, "suspend_meeting", 5),
        pending(6, "moderated_caucus", 6, total=600, speaking_time=30, topic="c"),
        pending(7, "closure_of_debate", 7),
    ]
    order = [p.key for p in m.order_on_floor(GA, floor)]
    assert order == [5, 7, 4, 3, 2, 6, 1]


def test_caucus_order_by_arrival_when_the_profile_says_so():
    floor = [
        pending(1, "moderated_caucus", 1, total=300, speaking_time=30, topic="a"),
        pending(2, "unmoderated_caucus", 2, total=1200),
    ]
    assert [p.key for p in m.order_on_floor(Profile(caucus_order="arrival"), floor)] == [1, 2]
    assert [p.key for p in m.order_on_floor(Profile(), floor)] == [2, 1]


def test_precedence_overrides_reorder_the_floor():
    floor = [pending(1, "suspend_meeting", 1), pending(2, "open_speakers_list", 2)]
    profile = Profile(motion_overrides={"open_speakers_list": {"precedence": 1}})
    assert [p.key for p in m.order_on_floor(profile, floor)] == [2, 1]


kinds = st.sampled_from(list(K))


@given(st.lists(st.tuples(kinds, st.integers(60, 3600)), min_size=1, max_size=30))
def test_ordering_is_a_permutation_sorted_by_precedence(raw):
    floor = [pending(i, k, i, total=total) for i, (k, total) in enumerate(raw)]
    ordered = m.order_on_floor(GA, floor)
    assert sorted(p.key for p in ordered) == list(range(len(raw)))
    precedences = [m.rules_for(GA, p.kind).precedence for p in ordered]
    assert precedences == sorted(precedences)
    for a, b in zip(ordered, ordered[1:], strict=False):
        same = m.rules_for(GA, a.kind).precedence == m.rules_for(GA, b.kind).precedence
        if same and a.kind.is_caucus and b.kind.is_caucus:
            assert a.params["total"] >= b.params["total"]
        if same and a.params.get("total") == b.params.get("total"):
            assert a.raised_order < b.raised_order


def test_a_passing_caucus_lapses_the_rest_but_speaking_time_does_not():
    caucus = pending(1, "moderated_caucus", 1, total=600, speaking_time=60, topic="a")
    rest = [pending(2, "unmoderated_caucus", 2, total=300), pending(3, "set_speaking_time", 3)]
    assert [p.key for p in m.lapse_after(GA, caucus, [caucus, *rest])] == [2, 3]
    assert m.lapse_after(GA, rest[1], [caucus, *rest]) == []


# --- when motions are in order --------------------------------------------------------------


def test_no_caucus_motions_during_voting_procedure():
    state = m.FloorState(phase=m.Phase.VOTING_PROCEDURE)
    for kind in (K.MODERATED_CAUCUS, K.UNMODERATED_CAUCUS, K.SET_SPEAKING_TIME):
        verdict = m.may_raise(state, kind)
        assert not verdict.ok and "voting procedure" in verdict.reason
    assert m.may_raise(state, K.DIVIDE_QUESTION).ok
    assert m.may_raise(state, K.ROLL_CALL_VOTE).ok
    assert m.may_raise(state, K.SPLIT_HOUSE).ok


def test_extend_only_while_a_caucus_runs():
    assert not m.may_raise(m.FloorState(), K.EXTEND_CAUCUS).ok
    assert m.may_raise(m.FloorState(phase=m.Phase.MODERATED_CAUCUS), K.EXTEND_CAUCUS).ok
    assert m.may_raise(m.FloorState(phase=m.Phase.UNMODERATED_CAUCUS), K.EXTEND_CAUCUS).ok
    voting_state = m.FloorState(phase=m.Phase.VOTING_PROCEDURE)
    assert not m.may_raise(voting_state, K.EXTEND_CAUCUS).ok


def test_a_caucus_cannot_be_raised_inside_another():
    state = m.FloorState(phase=m.Phase.UNMODERATED_CAUCUS)
    verdict = m.may_raise(state, K.MODERATED_CAUCUS)
    assert not verdict.ok and "unmoderated caucus ends" in verdict.reason
    assert m.may_raise(state, K.SUSPEND_MEETING).ok


def test_nothing_interrupts_a_vote_and_nothing_without_a_session():
    for kind in K:
        assert not m.may_raise(m.FloorState(vote_open=True), kind).ok
        assert not m.may_raise(m.FloorState(session_open=False), kind).ok


def test_voting_procedure_motions_wait_for_closure():
    verdict = m.may_raise(m.FloorState(), K.DIVIDE_QUESTION)
    assert not verdict.ok and "once debate is closed" in verdict.reason


def test_opening_an_open_list_or_closing_a_closed_one_is_out_of_order():
    assert not m.may_raise(m.FloorState(speakers_list_open=True), K.OPEN_SPEAKERS_LIST).ok
    assert m.may_raise(m.FloorState(speakers_list_open=True), K.CLOSE_SPEAKERS_LIST).ok
    assert m.may_raise(m.FloorState(speakers_list_open=False), K.OPEN_SPEAKERS_LIST).ok
    assert not m.may_raise(m.FloorState(speakers_list_open=False), K.CLOSE_SPEAKERS_LIST).ok


def test_in_order_now_lists_kinds_most_disruptive_first():
    kinds = m.in_order_now(m.FloorState())
    assert kinds[0] is K.APPEAL_RULING
    assert K.EXTEND_CAUCUS not in kinds and K.OPEN_SPEAKERS_LIST not in kinds


# --- parameters ----------------------------------------------------------------------------


def test_a_moderated_caucus_needs_total_speaking_time_and_topic():
    with pytest.raises(m.MotionError, match="the topic"):
        m.clean_params(K.MODERATED_CAUCUS, {"total": 600, "speaking_time": 60})
    with pytest.raises(m.MotionError, match="longer than the whole caucus"):
        m.clean_params(K.MODERATED_CAUCUS, {"total": 60, "speaking_time": 90, "topic": "x"})
    with pytest.raises(m.MotionError, match="between 1 min and 60 min"):
        m.clean_params(K.UNMODERATED_CAUCUS, {"total": 5})
    with pytest.raises(m.MotionError, match="whole number of seconds"):
        m.clean_params(K.SET_SPEAKING_TIME, {"speaking_time": "soon"})
    cleaned = m.clean_params(
        K.MODERATED_CAUCUS, {"total": "600", "speaking_time": "45", "topic": "  AI   at borders "}
    )
    assert cleaned == {"total": 600, "speaking_time": 45, "topic": "AI at borders"}


def test_parameters_a_kind_does_not_take_are_dropped():
    assert m.clean_params(K.SUSPEND_MEETING, {"total": 600, "topic": "lunch"}) == {}


def test_descriptions_read_like_the_chair_says_them():
    assert (
        m.describe(K.MODERATED_CAUCUS, {"total": 600, "speaking_time": 45, "topic": "Drones"})
        == "Moderated caucus, 10 min, 45 s per speaker: Drones"
    )
    assert m.describe(K.EXTEND_CAUCUS, {"total": 300}) == "Extend the caucus, by 5 min"
    assert m.describe(K.CLOSURE_OF_DEBATE, {}) == "Closure of debate"


# --- timers ---------------------------------------------------------------------------------


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def test_a_timer_counts_down_from_its_start():
    timer = t.Timer(duration=60).start(at(0))
    assert timer.remaining(at(0)) == 60
    assert timer.remaining(at(15.5)) == 44.5
    assert timer.status(at(59.9)) is t.TimerStatus.RUNNING
    assert timer.remaining(at(75)) == 0 and timer.overrun(at(75)) == 15
    assert timer.status(at(60)) is t.TimerStatus.EXPIRED


def test_pause_and_resume_keep_the_time_left():
    timer = t.Timer(duration=90).start(at(0))
    timer = timer.pause(at(30))
    assert timer.remaining(at(30)) == 60
    assert timer.remaining(at(500)) == 60  # paused: frozen
    assert timer.status(at(500)) is t.TimerStatus.PAUSED
    timer = timer.resume(at(100))
    assert timer.remaining(at(100)) == 60
    assert timer.remaining(at(110)) == 50
    timer = timer.pause(at(120)).resume(at(130))
    assert timer.paused_seconds == 80
    assert timer.remaining(at(130)) == 40
    assert timer.ends_at(at(130)) == at(170)


def test_extension_adds_time_even_after_it_ran_out():
    timer = t.Timer(duration=60).start(at(0))
    assert timer.status(at(70)) is t.TimerStatus.EXPIRED
    timer = timer.extend(30)
    assert timer.remaining(at(70)) == 20
    assert timer.status(at(70)) is t.TimerStatus.RUNNING
    with pytest.raises(t.TimerError):
        timer.extend(0)


@pytest.mark.parametrize(
    "operation, message",
    [
        (lambda x: x.pause(at(1)), "not started"),
        (lambda x: x.resume(at(1)), "not paused"),
        (lambda x: x.start(at(0)).start(at(1)), "already started"),
        (lambda x: x.start(at(0)).pause(at(1)).pause(at(2)), "already paused"),
    ],
)
def test_timer_operations_out_of_turn_are_refused(operation, message):
    with pytest.raises(t.TimerError, match=message):
        operation(t.Timer(duration=60))


def test_stop_freezes_the_time_spoken():
    timer = t.Timer(duration=60).start(at(0)).stop(at(42))
    assert timer.elapsed(at(1000)) == 42


@given(
    st.floats(10, 600),
    st.lists(st.tuples(st.floats(0, 100), st.floats(0, 100)), max_size=8),
    st.floats(0, 100),
)
def test_pauses_never_count_as_spoken_time(duration, pauses, tail):
    timer = t.Timer(duration=duration).start(at(0))
    clock, running = 0.0, 0.0
    for run, pause in pauses:
        clock += run
        running += run
        timer = timer.pause(at(clock))
        clock += pause
        timer = timer.resume(at(clock))
    clock += tail
    running += tail
    assert timer.elapsed(at(clock)) == pytest.approx(running, abs=1e-3)
    assert timer.remaining(at(clock)) == pytest.approx(max(0, duration - running), abs=1e-3)


def test_a_skewed_client_clock_shows_the_same_remaining_time():
    # The server answers at 09:00:20 with 40 s left on a 60 s speech.
    snapshot = t.Timer(duration=60).start(at(0)).snapshot(at(20))
    assert snapshot.remaining == 40 and snapshot.running
    # Two phones receive it; one's wall clock is an hour fast, the other's 7 minutes slow.
    # Each counts from its own monotonic clock, so their wall clocks never enter.
    for wall_clock_skew in (3600.0, -420.0, 0.0):
        received = 1234.5 + wall_clock_skew  # whatever origin its monotonic clock has
        shown = t.client_remaining(snapshot.remaining, snapshot.running, received, received + 12)
        assert shown == pytest.approx(28)
    # Against the server's own clock 12 s later the answer is the same.
    assert t.Timer(duration=60).start(at(0)).remaining(at(32)) == pytest.approx(28)


def test_a_paused_snapshot_does_not_count_down_on_the_client():
    snapshot = t.Timer(duration=60).start(at(0)).pause(at(10)).snapshot(at(30))
    assert not snapshot.running
    assert t.client_remaining(snapshot.remaining, snapshot.running, 0, 500) == 50


def test_clock_face_rounds_up_so_zero_means_time_is_up():
    assert t.clock_face(60) == "1:00"
    assert t.clock_face(59.2) == "1:00"
    assert t.clock_face(0.3) == "0:01"
    assert t.clock_face(0) == "0:00"
    assert t.clock_face(605) == "10:05"
