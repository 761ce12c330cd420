"""The voting rules engine: profiles, thresholds, majorities, eligibility, quorum, roll call,
division of the question and mixed electronic votes (no database)."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from committees.engines.voting import (
    CUSTOM,
    GENERAL_ASSEMBLY,
    PRESETS,
    SECURITY_COUNCIL,
    THIMUN,
    UNA_USA,
    Attendance,
    Choice,
    ClauseKind,
    Comparison,
    Majority,
    PresentRights,
    RollCallStart,
    RulesError,
    Silence,
    VoteKind,
    Voter,
    check_amendable,
    check_amendment_support,
    check_close,
    check_counts,
    check_draft_support,
    check_roll_call_answer,
    check_supporter,
    check_waiver,
    decide,
    decide_ballots,
    division_outcome,
    eligibility,
    plan_division,
    preset,
    preview,
    profile_for,
    quorum,
    roll_call_order,
    roll_call_state,
    tally,
    upgrade_overrides,
)

GA = GENERAL_ASSEMBLY
SC = SECURITY_COUNCIL
counts = st.integers(min_value=0, max_value=200)
P5 = ["China", "France", "Russian Federation", "United Kingdom", "United States"]


# --- majorities: every branch, with the words a chair reads out -----------------------------


def test_simple_majority_passes_and_names_the_rule():
    result = decide(GA, VoteKind.RESOLUTION, yes=12, no=11, abstain=4)
    assert result.passed
    assert result.explanation == (
        "passes: 12 yes, 11 no, 4 abstentions not counted — more yes than no: simple majority "
        "of those present and voting (rule 125)"
    )


def test_simple_majority_fails_with_abstentions_not_counted():
    result = decide(GA, VoteKind.RESOLUTION, yes=11, no=12, abstain=4)
    assert not result.passed
    assert result.explanation.startswith("fails: 11 yes, 12 no, 4 abstentions not counted")
    assert "needs more yes than no (rule 125)" in result.explanation


def test_simple_majority_passes_when_abstentions_outnumber_yes():
    result = decide(GA, VoteKind.RESOLUTION, yes=5, no=4, abstain=20)
    assert result.passed and "20 abstentions not counted" in result.explanation


def test_tie_fails_and_names_the_rule():
    result = decide(GA, VoteKind.AMENDMENT, yes=10, no=10, abstain=1)
    assert not result.passed
    assert "a tie: a vote equally divided is rejected (rule 133)" in result.explanation


def test_empty_vote_and_only_abstentions_fail():
    for profile in PRESETS.values():
        for kind in VoteKind:
            assert not decide(profile, kind, yes=0, no=0, abstain=0).passed
    assert decide(GA, "resolution", yes=0, no=0).explanation == "fails: no votes were cast"
    assert not decide(GA, VoteKind.RESOLUTION, yes=0, no=0, abstain=7).passed


def test_majority_of_members_present_counts_abstentions_and_silence():
    result = decide(GA, "resolution", yes=8, no=4, abstain=3, majority="simple_present")
    assert result.passed and "a majority of the 15 members present is 8" in result.explanation
    result = decide(
        GA, "resolution", yes=8, no=4, abstain=3, not_voting=1, majority="simple_present"
    )
    assert not result.passed
    assert "a majority of the 16 members present needs 9 yes, 1 short" in result.explanation
    assert "1 not voting" in result.explanation
    # An explicit number of members present (the electorate) wins over the counted ballots.
    assert not decide(GA, "resolution", yes=8, no=0, present=16, majority="simple_present").passed
    with pytest.raises(RulesError, match="More votes counted than members present"):
        decide(GA, "resolution", yes=8, no=4, present=10, majority="simple_present")


def test_majority_of_the_members_needs_the_membership():
    result = decide(GA, "resolution", yes=14, no=0, majority="simple_members", members=27)
    assert result.passed and "a majority of all 27 members is 14" in result.explanation
    assert not decide(GA, "resolution", yes=13, no=0, majority="simple_members", members=27).passed
    with pytest.raises(RulesError, match="needs the number of members"):
        decide(GA, "resolution", yes=14, no=0, majority="simple_members")
    with pytest.raises(RulesError, match="More votes counted than members"):
        decide(GA, "resolution", yes=14, no=20, majority="simple_members", members=27)


def test_two_thirds_of_each_base():
    result = decide(GA, "resolution", yes=18, no=9, abstain=2, majority="two_thirds")
    assert result.passed
    assert "two thirds of the 27 present and voting is 18" in result.explanation
    result = decide(GA, "resolution", yes=17, no=10, majority="two_thirds")
    assert not result.passed and "needs 18 yes, 1 short" in result.explanation
    result = decide(GA, "resolution", yes=18, no=9, abstain=2, majority="two_thirds_present")
    assert not result.passed and "two thirds of the 29 members present" in result.explanation
    result = decide(GA, "resolution", yes=18, no=0, majority="two_thirds_members", members=27)
    assert result.passed and "two thirds of all 27 members is 18" in result.explanation


def test_important_question_when_the_chair_may_mark_it():
    result = decide(GA, "resolution", yes=60, no=40, abstain=10, important=True)
    assert not result.passed
    assert result.explanation.startswith("fails: an important question: 60 yes, 40 no")
    assert "(rule 83)" in result.explanation
    assert result.majority is Majority.TWO_THIRDS
    with pytest.raises(RulesError, match="do not let the chair mark an important question"):
        decide(UNA_USA, "resolution", yes=60, no=40, important=True)
    with pytest.raises(RulesError, match="Only a draft or an amendment"):
        decide(GA, "procedural", yes=60, no=40, important=True)


def test_council_veto_short_of_nine_and_adopted():
    vetoed = decide(SC, "resolution", yes=13, no=1, abstain=1, permanent_members_against=["China"])
    assert not vetoed.passed and vetoed.vetoed_by == ("China",)
    assert "vetoed: China, a permanent member, voted no" in vetoed.explanation
    two = decide(SC, "resolution", yes=13, no=2, permanent_members_against=["China", "France"])
    assert "China and France, permanent members, voted no" in two.explanation
    short = decide(SC, "resolution", yes=8, no=0, abstain=7)
    assert not short.passed and short.vetoed_by == ()
    assert short.explanation.endswith(
        "9 yes are needed, 1 short (Charter, Article 27(3)); no veto arises"
    )
    adopted = decide(SC, "resolution", yes=9, no=2, abstain=4)
    assert adopted.passed and "no permanent member against" in adopted.explanation
    assert "abstention is no veto" not in adopted.explanation


def test_council_procedural_nine_without_veto():
    passed = decide(SC, "procedural", yes=9, no=6, permanent_members_against=["China"])
    assert passed.passed and "there is no veto on procedural matters" in passed.explanation
    assert "(Charter, Article 27(2))" in passed.explanation
    plain = decide(SC, "procedural", yes=9, no=6)
    assert plain.passed and "veto" not in plain.explanation
    short = decide(SC, "procedural", yes=8, no=0, permanent_members_against=["China"])
    assert not short.passed and "veto" not in short.explanation


def test_a_fixed_count_other_than_nine():
    small = SC.with_overrides({"fixed_count": 5})
    assert decide(small, "resolution", yes=5, no=4).passed
    assert "5 affirmative votes" in small.describe()[6]


def test_negative_counts_refused():
    with pytest.raises(RulesError):
        decide(GA, "procedural", yes=-1, no=0)


@given(yes=counts, no=counts, abstain=counts)
def test_simple_majority_is_more_yes_than_no(yes, no, abstain):
    result = decide(GA, VoteKind.RESOLUTION, yes=yes, no=no, abstain=abstain)
    assert result.passed == (yes > no)
    assert result.explanation.startswith("passes: " if result.passed else "fails: ")


@given(yes=counts, no=counts, abstain=counts, silent=st.integers(0, 20))
def test_shares_of_each_base(yes, no, abstain, silent):
    present = yes + no + abstain + silent
    members = present + 5

    def ok(majority):
        return decide(
            GA,
            "amendment",
            yes=yes,
            no=no,
            abstain=abstain,
            not_voting=silent,
            majority=majority,
            members=members,
        ).passed

    voted = yes + no + abstain
    assert ok("two_thirds") == (voted > 0 and yes > 0 and 3 * yes >= 2 * (yes + no))
    assert ok("simple_present") == (voted > 0 and 2 * yes > present)
    assert ok("two_thirds_present") == (voted > 0 and yes > 0 and 3 * yes >= 2 * present)
    assert ok("simple_members") == (voted > 0 and 2 * yes > members)
    assert ok("two_thirds_members") == (voted > 0 and 3 * yes >= 2 * members)


@given(yes=counts, no=counts, abstain=counts, extra=st.integers(1, 20))
def test_more_yes_never_hurts_and_more_no_never_helps(yes, no, abstain, extra):
    for majority in Majority:
        base = dict(abstain=abstain, majority=majority, members=1000)
        before = decide(SC, "resolution", yes=yes, no=no, **base).passed
        assert decide(SC, "resolution", yes=yes + extra, no=no, **base).passed >= before
        assert decide(SC, "resolution", yes=yes, no=no + extra, **base).passed <= before


@given(
    yes=st.integers(0, 15),
    no=st.integers(0, 15),
    vetoes=st.lists(st.sampled_from(P5), unique=True),
)
def test_security_council_substantive(yes, no, vetoes):
    result = decide(SC, "resolution", yes=yes, no=no, permanent_members_against=vetoes)
    assert result.passed == (yes >= 9 and not vetoes)
    assert ("vetoed" in result.explanation) == (yes >= 9 and bool(vetoes))
    assert result.vetoed_by == (tuple(vetoes) if yes >= 9 else ())
    if vetoes:
        assert all(name in result.explanation for name in vetoes)


# --- presets, corrected against real practice ---------------------------------------------


def test_abstentions_allowed_on_procedural_votes_in_real_un_practice():
    for profile in (GA, SC):
        voter = Voter("X", "Xanadu")
        assert Choice.ABSTAIN in eligibility(profile, voter, "procedural").choices
    # Conference styles that forbid it say so, per kind of vote.
    for profile in (UNA_USA, THIMUN):
        result = eligibility(profile, Voter("X", "Xanadu"), "procedural")
        assert Choice.ABSTAIN not in result.choices
        assert "no abstentions on procedural votes" in result.reason
        assert Choice.ABSTAIN in eligibility(profile, Voter("X", "Xanadu"), "resolution").choices


def test_every_preset_names_its_source_and_reads_as_sentences():
    assert set(PRESETS) == {"ga", "sc", "unausa", "thimun"}
    for profile in PRESETS.values():
        assert profile.source
        lines = profile.describe()
        assert all(line.endswith(".") and line[0].isupper() for line in lines)
    assert "A/520/Rev.19" in GA.source and "S/96/Rev.7" in SC.source
    assert "UNA-USA" in UNA_USA.source and "THIMUN" in THIMUN.source
    assert SC.describe()[0] == "A draft resolution needs one sponsor and no signatures."
    assert "Observers do not vote; they may sponsor drafts." in SC.describe()
    assert "Split the house: a vote may be taken with no abstentions." in THIMUN.describe()
    assert any("important question" in line for line in GA.describe())
    assert "Roll call: in alphabetical order from the top of the alphabet; no passes." in (
        THIMUN.describe()
    )


def test_a_custom_profile_starts_from_any_preset():
    for key, base in PRESETS.items():
        custom = profile_for(key, {"quorum_vote_fraction": "2/3", "label": "Our rules"})
        assert custom.key == key and custom.label == "Our rules"
        assert custom.quorum_vote_fraction == Fraction(2, 3)
        # Everything else stays the preset's: a Council-like custom profile keeps the veto.
        assert custom.majorities == base.majorities
    assert profile_for("sc", {"label": "Crisis council"}).majority_for("resolution").veto
    assert profile_for("unknown") is GA
    assert preset("custom") is CUSTOM and CUSTOM.majorities == GA.majorities


def test_profiles_round_trip_as_data():
    for profile in (*PRESETS.values(), CUSTOM):
        assert profile.with_overrides(profile.to_data()) == profile
        assert GA.with_overrides(GA.differences(profile)) == profile.__class__(
            **{**profile.__dict__, "key": "ga"}
        )


def test_first_version_overrides_still_understood():
    old = {
        "quorum_fraction": "1/2",
        "abstain_on_procedural": False,
        "abstentions_count": True,
        "council_yes_required": 7,
        "majorities": {"resolution": "two_thirds"},
    }
    profile = CUSTOM.with_overrides(old)
    assert profile.quorum_vote_fraction == Fraction(1, 2)
    assert profile.quorum_debate_fraction == Fraction(1, 4)
    assert not profile.abstentions[VoteKind.PROCEDURAL]
    assert profile.majorities[VoteKind.RESOLUTION] is Majority.TWO_THIRDS_PRESENT
    assert profile.majorities[VoteKind.PROCEDURAL] is Majority.SIMPLE_PRESENT
    assert profile.fixed_count == 7
    upgraded = upgrade_overrides(old, CUSTOM)
    assert "quorum_fraction" not in upgraded and upgraded["fixed_count"] == 7
    assert CUSTOM.with_overrides(upgraded) == profile
    with pytest.raises(RulesError, match="true or false"):
        CUSTOM.with_overrides({"abstentions_count": "yes"})
    with pytest.raises(RulesError, match="true or false"):
        CUSTOM.with_overrides({"abstain_on_procedural": 1})


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"nonsense": 1}, "Unknown rule"),
        ({"key": "x"}, "Unknown rule"),
        ({"present_and_voting_may_abstain": "yes"}, "true or false"),
        ({"quorum_vote_fraction": "3/2"}, "between 0 and 1"),
        ({"quorum_debate_fraction": "a lot"}, "invalid value"),
        ({"max_sponsors": 0}, "at least 1"),
        ({"majorities": {"resolution": "unanimity"}}, "invalid value"),
        ({"abstentions": {"resolution": "no"}}, "true or false per kind"),
        ({"abstentions": {"election": True}}, "invalid value"),
        ({"amendable_clauses": ["footnotes"]}, "invalid value"),
        ({"amendable_clauses": "operative"}, "invalid value"),
        ({"fixed_count": 0}, "between 1 and 500"),
        ({"roll_call_passes": 4}, "between 0 and 3"),
        ({"roll_call_passes": True}, "invalid value"),
        ({"roll_call_start": "bottom"}, "invalid value"),
        ({"present_rights": "sing"}, "invalid value"),
        ({"label": "  "}, "Give the rules a name"),
        ({"motion_overrides": []}, "motion → rules"),
        ({"motion_overrides": {"closure of debate!": {}}}, "Unknown motion"),
        ({"motion_overrides": {"closure_of_debate": 3}}, "names and values"),
        ({"motion_overrides": {"closure_of_debate": {"colour": "red"}}}, "Unknown motion rule"),
        ({"motion_overrides": {"closure_of_debate": {"majority": "most"}}}, "invalid value"),
        ({"motion_overrides": {"closure_of_debate": {"debatable": "no"}}}, "true or false"),
        ({"motion_overrides": {"closure_of_debate": {"speakers_for": -1}}}, "0 or more"),
        ("not a mapping", "names and values"),
    ],
)
def test_bad_overrides_refused_with_a_message(overrides, message):
    with pytest.raises(RulesError, match=message):
        GA.with_overrides(overrides)


def test_motion_overrides_per_motion_majorities():
    profile = GA.with_overrides(
        {"motion_overrides": {"appeal_ruling": {"majority": "two_thirds_members"}}}
    )
    assert profile.motion_overrides["appeal_ruling"] == {"majority": "two_thirds_members"}
    assert "Appeal ruling: two thirds of all the members." in profile.describe()
    named = profile.describe({"appeal_ruling": "Appeal the chair’s ruling"})
    assert "Appeal the chair’s ruling: two thirds of all the members." in named
    assert GA.motion_overrides["closure_of_debate"]["majority"] == "simple"  # rule 117
    assert UNA_USA.motion_overrides["closure_of_debate"]["majority"] == "two_thirds"


def test_majority_built_from_its_parts():
    assert Majority.of("simple", "voting") is Majority.SIMPLE
    assert Majority.of("two_thirds", "members") is Majority.TWO_THIRDS_MEMBERS
    assert Majority.of("count", None, veto=True) is Majority.COUNCIL_VETO
    with pytest.raises(RulesError):
        Majority.of("three_quarters", "voting")
    for majority in Majority:
        assert Majority.of(majority.quota, majority.base, majority.veto) is majority


def test_preview_of_sample_votes():
    lines = preview(GA, 15)
    texts = [line.text for line in lines]
    assert (
        "15 members: 9 yes, 5 no, 1 abstention → passes: more yes than no: simple majority of "
        "those present and voting (rule 125)"
    ) in texts
    assert any(line.startswith("15 members: 7 yes, 7 no") and "tie" in line for line in texts)
    assert any("(important)" in line and "fails" in line for line in texts)
    council = [line.text for line in preview(SC, 15) if line.kind is VoteKind.RESOLUTION]
    assert any("5 yes, 4 no, 6 abstentions → fails: 9 yes are needed" in t for t in council)
    assert any("France, a permanent member, votes no) → fails: vetoed" in t for t in council)
    # Without abstentions on procedure the samples put them with the no.
    assert all("abstention" not in p.text for p in preview(THIMUN, 15) if p.kind == "procedural")


# --- eligibility ---------------------------------------------------------------------------


@given(
    attendance=st.sampled_from(list(Attendance)),
    observer=st.booleans(),
    kind=st.sampled_from(list(VoteKind)),
    roll_call=st.booleans(),
    split=st.booleans(),
    profile=st.sampled_from(list(PRESETS.values())),
)
def test_eligibility_rules(attendance, observer, kind, roll_call, split, profile):
    voter = Voter("X", "Xanadu", attendance=attendance, observer=observer)
    result = eligibility(profile, voter, kind, roll_call=roll_call, no_abstentions=split)
    observer_may = (
        profile.observers_vote_substantive
        if kind.substantive
        else profile.observers_vote_procedural
    )
    if attendance is Attendance.ABSENT:
        assert not result.may_vote and "absent" in result.reason
    elif observer and not observer_may:
        assert not result.may_vote and "observer" in result.reason
    else:
        assert result.may_vote
        assert {Choice.YES, Choice.NO} <= set(result.choices)
        may_abstain = (
            not split
            and profile.abstentions[kind]
            and not (
                kind.substantive
                and attendance is Attendance.PRESENT_AND_VOTING
                and not profile.present_and_voting_may_abstain
            )
        )
        assert (Choice.ABSTAIN in result.choices) == may_abstain
        assert (Choice.PASS in result.choices) == (roll_call and profile.roll_call_passes > 0)
    if not result.may_vote:
        assert result.choices == ()


def test_present_may_only_abstain_when_the_rules_say_so():
    profile = GA.with_overrides({"present_rights": "abstain_only"})
    present = Voter("MEX", "Mexico")
    result = eligibility(profile, present, "resolution")
    assert result.choices == (Choice.ABSTAIN,) and "may only abstain" in result.reason
    assert Choice.YES in eligibility(profile, present, "procedural").choices
    voting = Voter("PER", "Peru", attendance=Attendance.PRESENT_AND_VOTING)
    assert eligibility(profile, voting, "resolution").choices == (Choice.YES, Choice.NO)
    split = eligibility(profile, present, "resolution", no_abstentions=True)
    assert not split.may_vote and "the house is split" in split.reason
    assert "A delegation present (not present and voting) may only abstain on substance." in (
        profile.describe()
    )


def test_present_and_voting_may_not_abstain():
    voter = Voter("MEX", "Mexico", attendance=Attendance.PRESENT_AND_VOTING)
    result = eligibility(GA, voter, "resolution")
    assert Choice.ABSTAIN not in result.choices
    assert "present and voting: may not abstain" in result.reason
    with pytest.raises(RulesError, match="may not vote abstain"):
        decide_ballots(GA, "resolution", [voter], {"MEX": "abstain"})
    assert Choice.ABSTAIN in eligibility(THIMUN, voter, "resolution").choices


def test_observers_rights_per_profile():
    voters = [Voter("PSE", "State of Palestine", observer=True), Voter("MEX", "Mexico")]
    with pytest.raises(RulesError, match="observer"):
        decide_ballots(GA, "resolution", voters, {"PSE": "yes", "MEX": "no"})
    result = decide_ballots(GA, "procedural", voters, {"PSE": "yes", "MEX": "no"})
    assert (result.yes, result.no) == (1, 1)
    with pytest.raises(RulesError, match="observer"):
        decide_ballots(SC, "procedural", voters, {"PSE": "yes"})
    assert check_supporter(SC, observer=True, role="sponsor").ok  # rule 38
    assert not check_supporter(SC, observer=True, role="signatory").ok
    assert not check_supporter(GA, observer=True, role="sponsor").ok
    assert check_supporter(GA, observer=True, role="signatory").ok
    assert check_supporter(GA, observer=False, role="sponsor").ok
    with pytest.raises(RulesError):
        check_supporter(GA, observer=True, role="author")


def test_absent_ballot_refused_and_unknown_refused():
    voters = [Voter("MEX", "Mexico", attendance=Attendance.ABSENT)]
    with pytest.raises(RulesError, match="absent"):
        decide_ballots(GA, "procedural", voters, {"MEX": "yes"})
    with pytest.raises(RulesError, match="Unknown"):
        decide_ballots(GA, "procedural", voters, {"USA": "yes"})
    with pytest.raises(RulesError, match="passed and has not voted"):
        decide_ballots(GA, "procedural", [Voter("A", "A")], {"A": "pass"})


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
        check_counts(UNA_USA, "procedural", voters, yes=0, no=0, abstain=1)
    with pytest.raises(RulesError, match="No delegation may abstain"):
        check_counts(GA, "resolution", voters, yes=0, no=0, abstain=1, no_abstentions=True)
    check_counts(GA, "procedural", voters, yes=2, no=1, abstain=0)  # observer votes on procedure
    abstain_only = GA.with_overrides({"present_rights": "abstain_only"})
    with pytest.raises(RulesError, match="only 1 delegations may vote yes or no"):
        check_counts(abstain_only, "resolution", voters, yes=1, no=1, abstain=0)
    with pytest.raises(RulesError, match="negative"):
        check_counts(GA, "resolution", voters, yes=-1, no=0, abstain=0)


# --- quorum and thresholds ---------------------------------------------------------------


@given(members=st.integers(1, 200), present=st.integers(0, 200))
def test_quorum_for_debate_and_for_votes(members, present):
    present = min(present, members)
    voters = [
        Voter(str(i), str(i), attendance=Attendance.PRESENT if i < present else Attendance.ABSENT)
        for i in range(members)
    ] + [Voter("obs", "Observer", observer=True)]
    debate = quorum(GA, voters, purpose="debate")  # rule 108: one quarter
    vote = quorum(GA, voters)  # rule 108: a majority of the members
    assert debate.members == vote.members == members
    assert debate.met == (4 * present >= members)
    assert vote.met == (2 * present > members)
    assert vote.explanation.startswith("quorum" if vote.met else "no quorum")
    assert "(rule 108)" in vote.explanation
    assert quorum(UNA_USA, voters).met == (3 * present >= members)
    assert quorum(SC, voters, purpose="debate").met


def test_quorum_words():
    voters = [Voter(str(i), str(i)) for i in range(10)]
    assert quorum(GA, voters).explanation == (
        "quorum: 10 of 10 members present; a majority of the members to vote is 6 (rule 108)"
    )
    assert "none needed to debate" in quorum(SC, voters, purpose="debate").explanation
    with pytest.raises(RulesError):
        quorum(GA, voters, purpose="lunch")


@given(members=st.integers(1, 300), sponsors=st.integers(0, 10), signatories=st.integers(0, 300))
def test_draft_threshold_is_above_one_fifth(members, sponsors, signatories):
    result = check_draft_support(GA, members=members, sponsors=sponsors, signatories=signatories)
    expected = 1 <= sponsors <= 5 and Fraction(sponsors + signatories) > Fraction(members, 5)
    assert result.ok == expected
    assert result.required == members // 5 + 1


@given(members=st.integers(1, 300), signatories=st.integers(0, 300))
def test_at_least_a_fifth(members, signatories):
    result = check_draft_support(UNA_USA, members=members, sponsors=1, signatories=signatories)
    assert result.ok == (Fraction(1 + signatories) >= Fraction(members, 5))


def test_draft_threshold_explanations_and_waiver():
    assert "2 more" in check_draft_support(GA, members=27, sponsors=2, signatories=2).explanation
    ok = check_draft_support(GA, members=27, sponsors=3, signatories=3)
    assert ok.ok and "needs 6" in ok.explanation
    too_many = check_draft_support(GA, members=27, sponsors=6, signatories=10)
    assert not too_many.ok and "at most 5" in too_many.explanation
    assert check_draft_support(SC, members=15, sponsors=1, signatories=0).ok
    assert not check_draft_support(GA, members=27, sponsors=0, signatories=9).ok
    waived = check_draft_support(
        GA, members=27, sponsors=2, signatories=0, waived_reason="six delegations lack accounts"
    )
    assert waived.ok and waived.waived
    assert "waived by the chair (six delegations lack accounts)" in waived.explanation
    strict = GA.with_overrides({"chair_may_waive_signatures": False})
    assert not check_draft_support(
        strict, members=27, sponsors=2, signatories=0, waived_reason="because"
    ).ok
    # No sponsor is never waived.
    assert not check_draft_support(
        GA, members=27, sponsors=0, signatories=0, waived_reason="no accounts"
    ).ok


def test_waiver_needs_a_reason_and_permission():
    assert check_waiver(GA, "  three   delegations without devices ") == (
        "three delegations without devices"
    )
    with pytest.raises(RulesError, match="Give the reason"):
        check_waiver(GA, "ok")
    with pytest.raises(RulesError, match="do not let the chair waive"):
        check_waiver(GA.with_overrides({"chair_may_waive_signatures": False}), "a good reason")


def test_amendment_threshold_and_amendable_clauses():
    assert check_amendment_support(GA, members=27, signatures=3).ok
    assert not check_amendment_support(GA, members=27, signatures=2).ok
    assert check_amendment_support(GA, members=27, signatures=0, waived_reason="no accounts").waived
    assert check_amendment_support(THIMUN, members=27, signatures=0).ok
    assert check_amendable(GA, ClauseKind.OPERATIVE).ok
    refused = check_amendable(GA, "preambulatory")
    assert not refused.ok and "preambulatory clauses may not be amended" in refused.explanation
    assert not check_amendable(GA, "operative", amends_amendment=True).ok
    assert check_amendable(THIMUN, "operative", amends_amendment=True).ok


# --- electronic votes with the chair's entries -------------------------------------------


def _room(n=11):
    return [Voter(f"D{i:02d}", f"Country {i:02d}") for i in range(n)]


def test_hybrid_tally_keeps_devices_and_chair_apart():
    voters = _room()
    ballots = {"D00": "yes", "D01": ("no", "device"), "D02": ("yes", "device")}
    ballots |= {f"D{i:02d}": ("yes" if i % 2 else "abstain", "chair") for i in range(3, 11)}
    counted = tally(GA, "amendment", voters, ballots)
    assert counted.by_device == {Choice.YES: 2, Choice.NO: 1, Choice.ABSTAIN: 0}
    assert counted.by_chair == {Choice.YES: 4, Choice.NO: 0, Choice.ABSTAIN: 4}
    assert (counted.yes, counted.no, counted.abstain, counted.silent) == (6, 1, 4, ())


def test_silent_delegations_block_closing_or_are_not_voting():
    voters = _room()
    ballots = {"D00": "yes", "D01": "yes", "D02": "no"}
    must = GA.with_overrides({"silence": "must_vote"})
    with pytest.raises(RulesError, match="8 delegations present have not voted yet"):
        decide_ballots(must, "amendment", voters, ballots, require_all=True)
    with pytest.raises(RulesError, match="and 3 more"):
        check_close(must, tally(must, "amendment", voters, ballots))
    one = {k: "yes" for k in [v.key for v in voters][:10]}
    with pytest.raises(RulesError, match="1 delegation present has not voted yet: Country 10"):
        decide_ballots(must, "amendment", voters, one, require_all=True)
    result = decide_ballots(GA, "amendment", voters, ballots, require_all=True)
    assert result.passed and result.not_voting == 8
    assert "2 yes, 1 no, 8 not voting" in result.explanation
    # Under "majority of the members present", the silent ones weigh against.
    present = GA.with_overrides({"majorities": {"amendment": "simple_present"}})
    result = decide_ballots(present, "amendment", voters, ballots)
    assert not result.passed and "a majority of the 11 members present needs 6 yes" in (
        result.explanation
    )


def test_split_the_house_refuses_abstentions():
    voters = _room(3)
    with pytest.raises(RulesError, match="the house is split"):
        decide_ballots(GA, "resolution", voters, {"D00": "abstain"}, no_abstentions=True)
    result = decide_ballots(
        THIMUN, "resolution", voters, {"D00": "yes", "D01": "no", "D02": "yes"}, no_abstentions=True
    )
    assert result.passed


def test_members_base_from_ballots():
    voters = _room(5)
    ballots = {"D00": "yes", "D01": "yes", "D02": "yes"}
    result = decide_ballots(
        GA, "resolution", voters, ballots, majority="two_thirds_members", members=9
    )
    assert not result.passed
    assert "two thirds of all 9 members needs 6 yes, 3 short" in result.explanation
    assert "2 not voting" in result.explanation


def test_permanent_member_abstaining_in_ballots_is_named():
    voters = [Voter("USA", "United States", permanent_member=True)] + _room(14)
    ballots = {"USA": "abstain"} | {v.key: "yes" for v in _room(14)}
    result = decide_ballots(SC, "resolution", voters, ballots)
    assert result.passed
    assert "United States abstained: a permanent member's abstention is no veto" in (
        result.explanation
    )


# --- division of the question -------------------------------------------------------------

CLAUSES = [
    ("p1", "Preambular clause 1", "preambulatory"),
    ("o1", "Operative clause 1", "operative"),
    ("o2", "Operative clause 2", "operative"),
    ("o3", "Operative clause 3", "operative"),
]


def test_plan_division_checks_the_parts():
    parts = plan_division(CLAUSES, [["o1"], ["o2", "o3"]])
    assert [p.label for p in parts] == [
        "Operative clause 1",
        "Operative clause 2 and Operative clause 3",
    ]
    assert all(p.operative for p in parts)
    assert not plan_division(CLAUSES, [["p1"]])[0].operative
    for bad, message in [
        ([], "at least one part"),
        ([[]], "Part 1 has no clause"),
        ([["o9"]], "not in the draft"),
        ([["o1"], ["o1", "o2"]], "is in two parts"),
        ([["p1", "o1", "o2", "o3"]], "the vote on the draft itself"),
    ]:
        with pytest.raises(RulesError, match=message):
            plan_division(CLAUSES, bad)


def test_division_outcomes():
    parts = plan_division(CLAUSES, [["o1"], ["o2"]])
    kept = division_outcome(GA, CLAUSES, parts, {"part-1": False, "part-2": True})
    assert kept.removed == ("o1",) and kept.kept == ("p1", "o2", "o3")
    assert not kept.rejected_as_whole
    assert kept.explanation == (
        "Operative clause 1 was rejected and leaves the text; the remaining 3 clauses are now "
        "voted on as a whole (rule 130)"
    )
    both = division_outcome(GA, CLAUSES, parts, {"part-1": False, "part-2": False})
    assert "were rejected and leave the text" in both.explanation
    approved = division_outcome(SC, CLAUSES, parts, {"part-1": True, "part-2": True})
    assert (
        approved.explanation
        == "every part was approved; the text is now voted on as a whole (rule 32)"
    )
    everything = plan_division(CLAUSES, [["o1", "o2", "o3"]])
    rejected = division_outcome(GA, CLAUSES, everything, {"part-1": False})
    assert rejected.rejected_as_whole and rejected.kept == ("p1",)
    assert "rejected as a whole: every operative clause was rejected (rule 130)" in (
        rejected.explanation
    )
    with pytest.raises(RulesError, match="Not every part has been voted on"):
        division_outcome(GA, CLAUSES, parts, {"part-1": True})


# --- roll call ----------------------------------------------------------------------------

NAMES = ["Mexico", "China", "United States", "France", "Côte d'Ivoire", "Brazil", "Egypt"]


@given(names=st.lists(st.sampled_from(NAMES), unique=True, min_size=1), data=st.data())
def test_roll_call_order_is_alphabetical_from_the_drawn_country(names, data):
    voters = [Voter(n[:3].upper(), n) for n in names]
    start = data.draw(st.sampled_from(voters))
    order = roll_call_order(voters, start.key)
    assert order[0] == start
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
    assert GA.roll_call_start is RollCallStart.DRAWN and THIMUN.roll_call_start is RollCallStart.TOP


def _answerer(profile, voters, order, records):
    def answer(key, choice, **kw):
        state = roll_call_state(order, records)
        check_roll_call_answer(profile, voters[key], "resolution", state, choice, **kw)
        records.append((key, choice))

    return answer


def test_roll_call_calls_passes_again_at_the_end():
    voters = {v.key: v for v in [Voter("A", "A"), Voter("B", "B"), Voter("C", "C")]}
    order, records = ["B", "C", "A"], []
    answer = _answerer(GA, voters, order, records)
    answer("B", "pass")
    with pytest.raises(RulesError, match="not being called"):
        answer("A", "yes")
    answer("C", "abstain")
    answer("A", "pass")
    state = roll_call_state(order, records)
    assert state.second_round and state.calling == "B" and state.passed == ("B", "A")
    with pytest.raises(RulesError, match="passed once and may not pass again"):
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


def test_roll_call_without_passes_and_with_two():
    voters = {v.key: v for v in [Voter("A", "A"), Voter("B", "B")]}
    records = []
    answer = _answerer(THIMUN, voters, ["A", "B"], records)
    with pytest.raises(RulesError, match="Passing is not allowed"):
        answer("A", "pass")
    two = GA.with_overrides({"roll_call_passes": 2, "passed_must_vote_yes_or_no": False})
    records = []
    answer = _answerer(two, voters, ["A", "B"], records)
    answer("A", "pass")
    answer("B", "yes")
    answer("A", "pass")  # second pass, third round
    state = roll_call_state(["A", "B"], records)
    assert state.round == 3 and state.calling == "A" and state.passes == {"A": 2}
    with pytest.raises(RulesError, match="passed twice and may not pass again"):
        answer("A", "pass")
    answer("A", "abstain")  # allowed: these rules do not force yes or no after a pass
    assert roll_call_state(["A", "B"], records).done
    with pytest.raises(RulesError, match="the house is split"):
        _answerer(GA, voters, ["A", "B"], [])("A", "abstain", no_abstentions=True)


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
    result = decide_ballots(GA, "resolution", list(voters.values()), state.final)
    assert result.yes + result.no + result.abstain == len(order)


def test_enumerations_are_settings():
    assert {p.silence for p in PRESETS.values()} == set(Silence)
    assert UNA_USA.signature_comparison is Comparison.AT_LEAST
    assert GA.present_rights is PresentRights.VOTE
