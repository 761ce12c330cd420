"""The voting rules engine: thresholds, majorities, eligibility, roll call (no database)."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from committees.engines.voting import (
    CUSTOM,
    GENERAL_ASSEMBLY,
    SECURITY_COUNCIL,
    Attendance,
    Choice,
    ClauseKind,
    Majority,
    RulesError,
    VoteKind,
    Voter,
    check_amendable,
    check_amendment_support,
    check_counts,
    check_draft_support,
    check_roll_call_answer,
    decide,
    decide_ballots,
    eligibility,
    profile_for,
    quorum,
    roll_call_order,
    roll_call_state,
)

GA = GENERAL_ASSEMBLY
SC = SECURITY_COUNCIL
counts = st.integers(min_value=0, max_value=200)


# --- the examples a chair reads out ------------------------------------------------------


def test_simple_majority_fails_with_abstentions_not_counted():
    result = decide(GA, VoteKind.RESOLUTION, yes=11, no=12, abstain=4)
    assert not result.passed
    assert result.explanation.startswith("fails: 11 yes, 12 no, 4 abstentions not counted")


def test_simple_majority_passes_when_abstentions_outnumber_yes():
    # 5 yes, 4 no, 20 abstentions: abstentions are not voting, so it passes.
    result = decide(GA, VoteKind.RESOLUTION, yes=5, no=4, abstain=20)
    assert result.passed
    assert "20 abstentions not counted" in result.explanation


def test_abstentions_count_when_the_profile_says_so():
    profile = GA.with_overrides({"abstentions_count": True})
    result = decide(profile, VoteKind.RESOLUTION, yes=5, no=4, abstain=2)
    assert not result.passed
    assert "more yes than no and abstentions" in result.explanation


def test_tie_fails_and_says_so():
    result = decide(GA, VoteKind.AMENDMENT, yes=10, no=10, abstain=1)
    assert not result.passed
    assert "a tie fails" in result.explanation


def test_empty_vote_fails():
    for profile in (GA, SC):
        for kind in VoteKind:
            result = decide(profile, kind, yes=0, no=0, abstain=0)
            assert not result.passed
    assert decide(GA, "resolution", yes=0, no=0).explanation == "fails: no votes were cast"


def test_only_abstentions_fails():
    result = decide(GA, VoteKind.RESOLUTION, yes=0, no=0, abstain=7)
    assert not result.passed


def test_two_thirds_explanation_names_the_base():
    profile = GA.with_overrides({"majorities": {"resolution": "two_thirds"}})
    result = decide(profile, VoteKind.RESOLUTION, yes=18, no=9, abstain=2)
    assert result.passed
    assert result.explanation.startswith("passes: 2/3 of 27 present and voting is 18")
    result = decide(profile, VoteKind.RESOLUTION, yes=17, no=10, abstain=0)
    assert not result.passed
    assert "needs 18 yes" in result.explanation


def test_security_council_veto_explained():
    result = decide(SC, "resolution", yes=13, no=1, abstain=1, permanent_members_against=["China"])
    assert not result.passed
    assert result.explanation.startswith("fails: China, a permanent member, voted no")
    assert result.vetoed_by == ("China",)


def test_security_council_two_vetoes():
    result = decide(SC, "resolution", yes=13, no=2, permanent_members_against=["China", "France"])
    assert "China and France, permanent members, voted no" in result.explanation


def test_security_council_nine_yes():
    assert decide(SC, "resolution", yes=9, no=2, abstain=4).passed
    result = decide(SC, "resolution", yes=8, no=0, abstain=7)
    assert not result.passed
    assert "9 yes needed, 1 short" in result.explanation


def test_security_council_procedural_vote_has_no_veto():
    result = decide(SC, "procedural", yes=9, no=6, permanent_members_against=["China"])
    assert result.passed


def test_abstention_by_a_permanent_member_is_no_veto():
    voters = [Voter("CHN", "China", permanent_member=True)] + [
        Voter(f"M{i}", f"Member {i}") for i in range(14)
    ]
    ballots = {"CHN": "abstain"} | {f"M{i}": "yes" for i in range(14)}
    assert decide_ballots(SC, "resolution", voters, ballots).passed


def test_negative_counts_refused():
    with pytest.raises(RulesError):
        decide(GA, "procedural", yes=-1, no=0)


# --- properties ---------------------------------------------------------------------------


@given(yes=counts, no=counts, abstain=counts)
def test_simple_majority_is_more_yes_than_no(yes, no, abstain):
    result = decide(GA, VoteKind.RESOLUTION, yes=yes, no=no, abstain=abstain)
    assert result.passed == (yes > no)
    assert result.explanation.startswith("passes: " if result.passed else "fails: ")
    if yes + no + abstain:
        assert f"{yes} yes, {no} no" in result.explanation


@given(yes=counts, no=counts, abstain=counts)
def test_two_thirds_of_present_and_voting(yes, no, abstain):
    profile = GA.with_overrides({"majorities": {"amendment": "two_thirds"}})
    result = decide(profile, VoteKind.AMENDMENT, yes=yes, no=no, abstain=abstain)
    assert result.passed == (yes > 0 and 3 * yes >= 2 * (yes + no))


@given(yes=counts, no=counts, abstain=counts)
def test_two_thirds_with_abstentions_counting(yes, no, abstain):
    profile = GA.with_overrides(
        {"majorities": {"amendment": "two_thirds"}, "abstentions_count": True}
    )
    result = decide(profile, VoteKind.AMENDMENT, yes=yes, no=no, abstain=abstain)
    assert result.passed == (yes > 0 and 3 * yes >= 2 * (yes + no + abstain))


@given(yes=counts, no=counts, abstain=counts, extra=st.integers(1, 20))
def test_more_yes_never_hurts_and_more_no_never_helps(yes, no, abstain, extra):
    for profile in (GA, SC, GA.with_overrides({"majorities": {"resolution": "two_thirds"}})):
        base = decide(profile, "resolution", yes=yes, no=no, abstain=abstain).passed
        assert decide(profile, "resolution", yes=yes + extra, no=no, abstain=abstain).passed >= base
        assert decide(profile, "resolution", yes=yes, no=no + extra, abstain=abstain).passed <= base


@given(
    yes=st.integers(0, 15),
    no=st.integers(0, 15),
    vetoes=st.lists(
        st.sampled_from(
            ["China", "France", "Russian Federation", "United Kingdom", "United States"]
        ),
        unique=True,
    ),
)
def test_security_council_substantive(yes, no, vetoes):
    result = decide(SC, "resolution", yes=yes, no=no, permanent_members_against=vetoes)
    assert result.passed == (yes >= 9 and not vetoes)
    if vetoes:
        assert all(name in result.explanation for name in vetoes)


@given(
    attendance=st.sampled_from(list(Attendance)),
    observer=st.booleans(),
    kind=st.sampled_from(list(VoteKind)),
    roll_call=st.booleans(),
)
def test_eligibility_rules(attendance, observer, kind, roll_call):
    voter = Voter("X", "Xanadu", attendance=attendance, observer=observer)
    result = eligibility(GA, voter, kind, roll_call=roll_call)
    if attendance is Attendance.ABSENT:
        assert not result.may_vote and "absent" in result.reason
    elif observer and kind.substantive:
        assert not result.may_vote and "observer" in result.reason
    else:
        assert result.may_vote
        assert {Choice.YES, Choice.NO} <= set(result.choices)
        may_abstain = kind.substantive and attendance is Attendance.PRESENT
        assert (Choice.ABSTAIN in result.choices) == may_abstain
        assert (Choice.PASS in result.choices) == roll_call
    if not result.may_vote:
        assert result.choices == ()


def test_present_and_voting_may_not_abstain():
    voter = Voter("MEX", "Mexico", attendance=Attendance.PRESENT_AND_VOTING)
    result = eligibility(GA, voter, "resolution")
    assert Choice.ABSTAIN not in result.choices
    assert "present and voting: may not abstain" in result.reason
    voters = [voter]
    with pytest.raises(RulesError, match="may not vote abstain"):
        decide_ballots(GA, "resolution", voters, {"MEX": "abstain"})


def test_observer_ballot_on_substance_refused_but_counts_on_procedure():
    voters = [Voter("PSE", "State of Palestine", observer=True), Voter("MEX", "Mexico")]
    with pytest.raises(RulesError, match="observer"):
        decide_ballots(GA, "resolution", voters, {"PSE": "yes", "MEX": "no"})
    result = decide_ballots(GA, "procedural", voters, {"PSE": "yes", "MEX": "no"})
    assert (result.yes, result.no) == (1, 1)
    # The Security Council gives non-members no vote at all.
    with pytest.raises(RulesError, match="observer"):
        decide_ballots(SC, "procedural", voters, {"PSE": "yes"})


def test_absent_ballot_refused_and_unknown_refused():
    voters = [Voter("MEX", "Mexico", attendance=Attendance.ABSENT)]
    with pytest.raises(RulesError, match="absent"):
        decide_ballots(GA, "procedural", voters, {"MEX": "yes"})
    with pytest.raises(RulesError, match="Unknown"):
        decide_ballots(GA, "procedural", voters, {"USA": "yes"})


def test_placard_counts_checked_against_who_may_vote():
    voters = [
        Voter("A", "A"),
        Voter("B", "B", attendance=Attendance.PRESENT_AND_VOTING),
        Voter("C", "C", attendance=Attendance.ABSENT),
        Voter("D", "D", observer=True),
    ]
    check_counts(GA, "resolution", voters, yes=1, no=0, abstain=1)
    with pytest.raises(RulesError, match="only 2 delegations may vote"):
        check_counts(GA, "resolution", voters, yes=2, no=1, abstain=0)
    with pytest.raises(RulesError, match="only 1 may abstain"):
        check_counts(GA, "resolution", voters, yes=0, no=0, abstain=2)
    with pytest.raises(RulesError, match="No delegation may abstain"):
        check_counts(GA, "procedural", voters, yes=0, no=0, abstain=1)
    check_counts(GA, "procedural", voters, yes=2, no=1, abstain=0)  # observer votes on procedure


# --- quorum and thresholds ---------------------------------------------------------------


@given(members=st.integers(1, 200), present=st.integers(0, 200))
def test_quorum_is_a_third_of_members(members, present):
    present = min(present, members)
    voters = [
        Voter(str(i), str(i), attendance=Attendance.PRESENT if i < present else Attendance.ABSENT)
        for i in range(members)
    ] + [Voter("obs", "Observer", observer=True)]
    result = quorum(GA, voters)
    assert result.members == members
    assert result.met == (3 * present >= members)
    assert result.explanation.startswith("quorum" if result.met else "no quorum")


@given(members=st.integers(1, 300), sponsors=st.integers(0, 10), signatories=st.integers(0, 300))
def test_draft_threshold_is_above_one_fifth(members, sponsors, signatories):
    result = check_draft_support(GA, members=members, sponsors=sponsors, signatories=signatories)
    expected = (
        sponsors >= 1 and sponsors <= 5 and Fraction(sponsors + signatories) > Fraction(members, 5)
    )
    assert result.ok == expected
    assert result.required == members // 5 + 1


def test_draft_threshold_explanations():
    assert "2 more" in check_draft_support(GA, members=27, sponsors=2, signatories=2).explanation
    ok = check_draft_support(GA, members=27, sponsors=3, signatories=3)
    assert ok.ok and "needs 6" in ok.explanation
    too_many = check_draft_support(GA, members=27, sponsors=6, signatories=10)
    assert not too_many.ok and "at most 5" in too_many.explanation
    assert check_draft_support(SC, members=15, sponsors=1, signatories=0).ok


def test_amendment_threshold_and_amendable_clauses():
    assert check_amendment_support(GA, members=27, signatures=3).ok
    assert not check_amendment_support(GA, members=27, signatures=2).ok
    assert check_amendable(GA, ClauseKind.OPERATIVE).ok
    refused = check_amendable(GA, "preambulatory")
    assert not refused.ok and "preambulatory clauses may not be amended" in refused.explanation
    assert not check_amendable(GA, "operative", amends_amendment=True).ok
    liberal = GA.with_overrides(
        {"amendable_clauses": ["operative", "preambulatory"], "second_degree_amendments": True}
    )
    assert check_amendable(liberal, "preambulatory", amends_amendment=True).ok


# --- profiles as data ---------------------------------------------------------------------


def test_profiles_round_trip_as_data():
    for profile in (GA, SC, CUSTOM):
        data = profile.to_data()
        data.pop("key")
        assert profile.with_overrides(data) == profile
    assert profile_for("sc") is SC
    assert profile_for("unknown") is GA
    custom = profile_for("custom", {"quorum_fraction": "1/2", "max_sponsors": ""})
    assert custom.quorum_fraction == Fraction(1, 2) and custom.max_sponsors is None
    assert SC.majority_for("resolution") is Majority.COUNCIL_VETO
    assert any("simple majority" in line for line in GA.describe())
    assert SC.describe()[0] == "A draft resolution needs one sponsor; no signatures."
    assert "Observers do not vote." in SC.describe()


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"nonsense": 1}, "Unknown rule"),
        ({"key": "x"}, "Unknown rule"),
        ({"abstentions_count": "yes"}, "true or false"),
        ({"quorum_fraction": "3/2"}, "between 0 and 1"),
        ({"quorum_fraction": "a lot"}, "invalid value"),
        ({"max_sponsors": 0}, "at least 1"),
        ({"majorities": {"resolution": "unanimity"}}, "invalid value"),
        ({"amendable_clauses": ["footnotes"]}, "invalid value"),
        ({"council_yes_required": 0}, "at least 1"),
    ],
)
def test_bad_overrides_refused_with_a_message(overrides, message):
    with pytest.raises(RulesError, match=message):
        GA.with_overrides(overrides)


# --- roll call ----------------------------------------------------------------------------

NAMES = ["Mexico", "China", "United States", "France", "Côte d'Ivoire", "Brazil", "Egypt"]


@given(names=st.lists(st.sampled_from(NAMES), unique=True, min_size=1), data=st.data())
def test_roll_call_order_is_alphabetical_from_the_drawn_country(names, data):
    voters = [Voter(n[:3].upper(), n) for n in names]
    start = data.draw(st.sampled_from(voters))
    order = roll_call_order(voters, start.key)
    assert order[0] == start
    assert sorted(v.key for v in order) == sorted(v.key for v in voters)
    alphabetical = roll_call_order(voters)
    i = alphabetical.index(start)
    assert order == alphabetical[i:] + alphabetical[:i]


def test_roll_call_order_ignores_accents():
    voters = [Voter(n, n) for n in NAMES]
    names = [v.name for v in roll_call_order(voters, "China")]
    assert names == [
        "China",
        "Côte d'Ivoire",
        "Egypt",
        "France",
        "Mexico",
        "United States",
        "Brazil",
    ]
    with pytest.raises(RulesError):
        roll_call_order(voters, "Atlantis")


def test_roll_call_calls_passes_again_at_the_end():
    voters = {v.key: v for v in [Voter("A", "A"), Voter("B", "B"), Voter("C", "C")]}
    order = ["B", "C", "A"]
    records = []

    def answer(key, choice):
        state = roll_call_state(order, records)
        check_roll_call_answer(GA, voters[key], "resolution", state, choice)
        records.append((key, choice))

    answer("B", "pass")
    with pytest.raises(RulesError, match="not being called"):
        answer("A", "yes")
    answer("C", "abstain")
    answer("A", "pass")
    state = roll_call_state(order, records)
    assert state.second_round and state.calling == "B" and state.passed == ("B", "A")
    with pytest.raises(RulesError, match="may not pass again"):
        answer("B", "pass")
    with pytest.raises(RulesError, match="must now vote yes or no"):
        answer("B", "abstain")
    answer("B", "yes")
    answer("A", "no")
    state = roll_call_state(order, records)
    assert state.done and state.calling is None
    assert state.final == {"B": Choice.YES, "C": Choice.ABSTAIN, "A": Choice.NO}
    with pytest.raises(RulesError, match="complete"):
        answer("A", "yes")


@given(
    st.lists(st.sampled_from(["yes", "no", "abstain", "pass"]), min_size=1, max_size=12), st.data()
)
def test_roll_call_ends_with_a_vote_from_everyone(first_round, data):
    voters = {str(i): Voter(str(i), f"Country {i:02d}") for i in range(len(first_round))}
    order = list(voters)
    records = list(zip(order, first_round, strict=True))
    state = roll_call_state(order, records)
    assert state.second_round == ("pass" in first_round) or state.done
    while not state.done:
        assert state.second_round
        choice = data.draw(st.sampled_from(["yes", "no"]))
        check_roll_call_answer(GA, voters[state.calling], "resolution", state, choice)
        records.append((state.calling, choice))
        state = roll_call_state(order, records)
    assert set(state.final) == set(order)
    assert Choice.PASS not in state.final.values()
    result = decide_ballots(GA, "resolution", list(voters.values()), state.final)
    assert result.yes + result.no + result.abstain == len(order)
