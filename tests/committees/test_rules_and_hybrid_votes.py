"""The rules editor, rules shown as sentences, and votes the rules shape: hybrid electronic
votes (devices + the chair's entries), important questions, splitting the house, passes."""

import importlib
import random

import pytest
from django.urls import reverse

from committees.engines import voting
from committees.models import Ballot, Committee, Country, Delegation, Vote
from committees.selectors.procedure import rules_for
from committees.services import procedure as proc
from tests import factories
from tests.conftest import ROLES

pytestmark = pytest.mark.django_db

ELEVEN = ("USA", "MEX", "CHN", "FRA", "BRA", "EGY", "GBR", "RUS", "IND", "ZAF", "JPN")


def url(name, committee, *args):
    return reverse(f"committees:{name}", args=[committee.slug, *args])


def outcome(response):
    if response.status_code == 302 and response["Location"].startswith("/accounts/login/"):
        return "login"
    return response.status_code


@pytest.fixture
def room(committee, chair):
    session = proc.open_session(committee=committee, by=chair)
    proc.record_roll(session=session, remaining_present=True, by=chair)
    return session


def editor_data(committee, **changes):
    """What the editor's form posts for the committee's current rules, with some changes."""
    from committees.forms.rules import RulesForm

    preset = changes.get("preset")
    # Choosing a preset loads its rules into the form first, as the editor does.
    start = voting.PRESETS[preset] if preset in voting.PRESETS else rules_for(committee)
    form = RulesForm(profile=start)
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        if value is None:
            continue
        data[name] = value
    for name, value in changes.items():
        if value is False:
            data.pop(name, None)
        else:
            data[name] = value
    return data


# --- access ----------------------------------------------------------------------------------

SEE = {
    "anonymous": "login",
    "delegate": 200,
    "other_delegate": 200,
    "chair": 200,
    "other_chair": 404,
    "admin": 200,
}
CHANGE = SEE | {"delegate": 403, "other_delegate": 403, "chair": 302, "admin": 302}
PREVIEW = SEE | {"delegate": 403, "other_delegate": 403}


@pytest.mark.parametrize("role", ROLES)
def test_rules_pages_access_matrix(role, role_client, committee, chair):
    client = role_client(role)
    page = client.get(url("rules", committee))
    assert outcome(page) == SEE[role]
    if SEE[role] == 200:
        text = page.content.decode()
        assert "Procedural votes: simple majority of those present and voting" in text
        assert ("Save the rules" in text) == (role in ("chair", "admin"))
    data = editor_data(committee, quorum_vote_fraction="1/3")
    assert outcome(client.post(url("rules_preview", committee), data)) == PREVIEW[role]
    assert outcome(client.post(url("rules_save", committee), data)) == CHANGE[role]
    committee.refresh_from_db()
    changed = committee.rule_overrides.get("quorum_vote_fraction") == "1/3"
    assert changed == (CHANGE[role] == 302)


@pytest.mark.parametrize("role", ROLES)
def test_chair_entry_access_matrix(role, role_client, committee, chair, room):
    motion = proc.create_motion(committee=committee, kind="amendment", title="Amend OP2", by=chair)
    vote = proc.open_vote(motion=motion, method="electronic", by=chair)
    france = factories.delegation(committee, "FRA")
    client = role_client(role)
    response = client.post(url("ballot_enter", committee, vote.pk), {"mark": f"{france.pk}:yes"})
    expected = {"chair": 302, "admin": 302} | {
        r: CHANGE[r] for r in ROLES if r not in ("chair", "admin")
    }
    assert outcome(response) == expected[role]
    entered = Ballot.objects.filter(vote=vote, delegation=france).first()
    assert (entered is not None) == (expected[role] == 302)
    if entered:
        assert entered.source == Ballot.Source.CHAIR


# --- the editor ------------------------------------------------------------------------------


def test_editor_saves_every_setting_and_delegates_read_them(role_client, committee, chair):
    chair_client = role_client("chair")
    data = editor_data(
        committee,
        preset="thimun",
        label="Hague rules, our edition",
        majority_resolution="two_thirds",
        abstentions_procedural=False,
        split_house_allowed="on",
        roll_call_passes="0",
        motion_closure_of_debate="two_thirds_members",
    )
    response = chair_client.post(url("rules_save", committee), data)
    assert response.status_code == 302
    committee.refresh_from_db()
    assert committee.rule_profile == "thimun"
    profile = rules_for(committee)
    assert profile.label == "Hague rules, our edition"
    assert profile.majorities[voting.VoteKind.RESOLUTION] is voting.Majority.TWO_THIRDS
    assert profile.split_house_allowed and profile.roll_call_passes == 0
    assert profile.motion_overrides["closure_of_debate"]["majority"] == "two_thirds_members"
    # Saved as the differences from the preset, not a copy of every rule.
    assert "quorum_vote_fraction" not in committee.rule_overrides
    page = role_client("delegate").get(url("rules", committee)).content.decode()
    assert "Draft votes: two-thirds majority of those present and voting" in page
    assert "Closure of debate: two thirds of all the members." in page
    assert "Split the house: a vote may be taken with no abstentions." in page
    assert "THIMUN" in page  # the source of the preset


def test_preview_shows_sample_votes_under_the_typed_rules(role_client, committee, chair):
    client = role_client("chair")
    data = editor_data(committee, preset="sc", preview_members="15")
    response = client.post(url("rules_preview", committee), data, headers={"HX-Request": "true"})
    text = response.content.decode()
    assert response.status_code == 200
    assert 'id="rules-preview"' in text and "<html" not in text
    # The preview follows the form, not the saved rules (still the General Assembly's).
    assert "15 members: 5 yes, 4 no, 6 abstentions → fails: 9 yes are needed" in text
    assert rules_for(committee).key == "ga"


def test_choosing_a_preset_loads_its_rules(role_client, committee, chair):
    client = role_client("chair")
    response = client.get(url("rules", committee) + "?preset=sc", headers={"HX-Request": "true"})
    text = response.content.decode()
    assert 'id="rules-editor"' in text and "S/96/Rev.7" in text
    assert 'value="council_veto" selected' in text


def test_bad_answers_change_nothing(role_client, committee, chair):
    client = role_client("chair")
    before = dict(committee.rule_overrides)
    for bad in (
        {"roll_call_passes": "9"},
        {"quorum_vote_fraction": "7/5"},
        {"majority_resolution": "most"},
        {"preset": "atlantis"},
        {"fixed_count": "0"},
    ):
        response = client.post(url("rules_save", committee), editor_data(committee, **bad))
        assert response.status_code == 400, bad
        assert "message--error" in response.content.decode()
    committee.refresh_from_db()
    assert committee.rule_overrides == before and committee.rule_profile == "ga"


def test_rules_cannot_change_during_a_vote(committee, chair, room):
    motion = proc.create_motion(committee=committee, kind="procedural", title="Recess", by=chair)
    proc.open_vote(motion=motion, method="electronic", by=chair)
    with pytest.raises(proc.ProcedureError, match="Close the open vote"):
        proc.update_rules(committee=committee, preset="sc", rules={}, by=chair)


def test_rules_page_queries_do_not_grow(
    role_client, committee, chair, django_assert_max_num_queries
):
    client = role_client("chair")
    with django_assert_max_num_queries(12):
        assert client.get(url("rules", committee)).status_code == 200
    for iso3 in ELEVEN[4:]:
        Delegation.objects.create(committee=committee, country=Country.objects.get(iso3=iso3))
    with django_assert_max_num_queries(12):
        assert client.get(url("rules", committee)).status_code == 200


# --- hybrid electronic votes ----------------------------------------------------------------


@pytest.fixture
def big_room(chair, db):
    committee = factories.make_committee("hybrid", countries=ELEVEN, acronym="HYB")
    factories.seat_chair(chair, committee)
    session = proc.open_session(committee=committee, by=chair)
    proc.record_roll(session=session, remaining_present=True, by=chair)
    return committee


def test_three_devices_and_the_chair_enters_the_other_eight(big_room, chair):
    committee = big_room
    d = {iso3: factories.delegation(committee, iso3) for iso3 in ELEVEN}
    motion = proc.create_motion(committee=committee, kind="amendment", title="Amend OP4", by=chair)
    vote = proc.open_vote(motion=motion, method="electronic", by=chair)
    for iso3, choice in (("USA", "yes"), ("MEX", "yes"), ("CHN", "no")):
        proc.cast_ballot(vote=vote, delegation=d[iso3], choice=choice, by=None)
    choices = ["yes", "no", "abstain", "yes", "no", "yes", "abstain", "yes"]
    entered = dict(zip(ELEVEN[3:], choices, strict=True))
    for iso3, choice in entered.items():
        proc.enter_ballot(vote=vote, delegation=d[iso3], choice=choice, by=chair)
    with pytest.raises(proc.ProcedureError, match="already voted yes"):
        proc.enter_ballot(vote=vote, delegation=d["USA"], choice="no", by=chair)
    from committees.selectors.procedure import room_state

    state = room_state(committee).open
    assert (state.tally.by_device, state.tally.by_chair, state.tally.waiting) == (3, 8, 0)
    vote = proc.close_vote(vote=vote, by=chair)
    assert (vote.yes, vote.no, vote.abstain, vote.not_voting) == (6, 3, 2, 0)
    assert vote.passed
    assert vote.explanation.startswith("passes: 6 yes, 3 no, 2 abstentions not counted")


def test_silent_delegations_per_the_rules(big_room, chair):
    committee = big_room
    d = {iso3: factories.delegation(committee, iso3) for iso3 in ELEVEN}
    proc.update_rules(committee=committee, preset="ga", rules={"silence": "must_vote"}, by=chair)
    motion = proc.create_motion(committee=committee, kind="amendment", title="Amend OP5", by=chair)
    vote = proc.open_vote(motion=motion, method="electronic", by=chair)
    for iso3 in ("USA", "MEX"):
        proc.cast_ballot(vote=vote, delegation=d[iso3], choice="yes", by=None)
    proc.cast_ballot(vote=vote, delegation=d["CHN"], choice="no", by=None)
    with pytest.raises(proc.ProcedureError, match="8 delegations present have not voted yet"):
        proc.close_vote(vote=vote, by=chair)
    assert Vote.objects.get(pk=vote.pk).is_open
    proc.cancel_vote(vote=vote, by=chair)
    # Under rules that record silence as not voting the same vote closes, saying so.
    proc.update_rules(committee=committee, preset="ga", rules={}, by=chair)
    vote = proc.open_vote(motion=motion, method="electronic", by=chair)
    for iso3, choice in (("USA", "yes"), ("MEX", "yes"), ("CHN", "no")):
        proc.cast_ballot(vote=vote, delegation=d[iso3], choice=choice, by=None)
    vote = proc.close_vote(vote=vote, by=chair)
    assert vote.not_voting == 8 and "2 yes, 1 no, 8 not voting" in vote.explanation


def test_chair_board_shows_devices_and_chair_entries(role_client, big_room, chair):
    committee = big_room
    motion = proc.create_motion(committee=committee, kind="amendment", title="Amend OP6", by=chair)
    vote = proc.open_vote(motion=motion, method="electronic", by=chair)
    usa = factories.delegation(committee, "USA")
    proc.cast_ballot(vote=vote, delegation=usa, choice="yes", by=None)
    client = role_client("chair")
    board = client.get(url("chair", committee)).content.decode()
    assert "1 on devices · 0 entered by the chair" in board
    mexico = factories.delegation(committee, "MEX")
    assert f'value="{mexico.pk}:abstain"' in board and f'value="{usa.pk}:yes"' not in board
    client.post(url("ballot_enter", committee, vote.pk), {"mark": f"{mexico.pk}:no"})
    board = client.get(url("chair", committee)).content.decode()
    assert "1 on devices · 1 entered by the chair" in board
    assert "closing now records 9 as not voting" in board
    bad = client.post(url("ballot_enter", committee, vote.pk), {"mark": f"{mexico.pk}:maybe"})
    assert bad.status_code == 302 and Ballot.objects.filter(vote=vote).count() == 2


def test_chair_entry_only_in_electronic_votes(big_room, chair):
    committee = big_room
    motion = proc.create_motion(committee=committee, kind="procedural", title="Recess", by=chair)
    vote = proc.open_vote(motion=motion, method="placard", by=chair)
    with pytest.raises(proc.ProcedureError, match="not electronic"):
        proc.enter_ballot(
            vote=vote, delegation=factories.delegation(committee, "USA"), choice="yes", by=chair
        )


def test_every_vote_change_moves_the_clock(big_room, chair):
    committee = big_room
    motion = proc.create_motion(committee=committee, kind="amendment", title="Amend", by=chair)
    vote = proc.open_vote(motion=motion, method="electronic", by=chair)
    before = proc.clock_version(committee.pk)
    proc.enter_ballot(
        vote=vote, delegation=factories.delegation(committee, "USA"), choice="yes", by=chair
    )
    assert proc.clock_version(committee.pk) == before + 1
    proc.close_vote(vote=vote, by=chair)
    assert proc.clock_version(committee.pk) == before + 2
    proc.update_rules(committee=committee, preset="sc", rules={}, by=chair)
    assert proc.clock_version(committee.pk) == before + 3


# --- important questions, split the house, roll-call options --------------------------------


def test_important_question_needs_two_thirds(big_room, chair):
    committee = big_room
    motion = proc.create_motion(committee=committee, kind="resolution", title="Draft 1/1", by=chair)
    with pytest.raises(proc.ProcedureError, match="Only a draft or an amendment"):
        proc.open_vote(
            motion=proc.create_motion(
                committee=committee, kind="procedural", title="Recess", by=chair
            ),
            method="placard",
            by=chair,
            important=True,
        )
    vote = proc.open_vote(motion=motion, method="placard", by=chair, important=True)
    assert vote.important and vote.majority == "two_thirds"
    vote = proc.close_vote(vote=vote, by=chair, counts=proc.PlacardCounts(yes=6, no=4, abstain=1))
    assert not vote.passed
    assert vote.explanation.startswith("fails: an important question: 6 yes, 4 no")
    assert "two thirds of the 10 present and voting needs 7 yes, 1 short (rule 83)" in (
        vote.explanation
    )
    proc.update_rules(committee=committee, preset="unausa", rules={}, by=chair)
    again = proc.create_motion(committee=committee, kind="resolution", title="Draft 1/2", by=chair)
    with pytest.raises(proc.ProcedureError, match="do not let the chair mark"):
        proc.open_vote(motion=again, method="placard", by=chair, important=True)


def test_split_the_house_takes_no_abstentions(big_room, chair):
    committee = big_room
    usa = factories.delegation(committee, "USA")
    motion = proc.create_motion(committee=committee, kind="resolution", title="Draft 2/1", by=chair)
    with pytest.raises(proc.ProcedureError, match="do not provide for splitting the house"):
        proc.open_vote(motion=motion, method="electronic", by=chair, split_house=True)
    proc.update_rules(committee=committee, preset="thimun", rules={}, by=chair)
    vote = proc.open_vote(motion=motion, method="electronic", by=chair, split_house=True)
    assert vote.no_abstentions
    with pytest.raises(proc.ProcedureError, match="the house is split: no abstentions"):
        proc.cast_ballot(vote=vote, delegation=usa, choice="abstain", by=None)
    proc.cast_ballot(vote=vote, delegation=usa, choice="yes", by=None)
    placard = proc.create_motion(
        committee=committee, kind="resolution", title="Draft 2/2", by=chair
    )
    proc.cancel_vote(vote=vote, by=chair)
    vote = proc.open_vote(motion=placard, method="placard", by=chair, split_house=True)
    with pytest.raises(proc.ProcedureError, match="No delegation may abstain"):
        proc.close_vote(vote=vote, by=chair, counts=proc.PlacardCounts(yes=5, no=5, abstain=1))


def test_split_house_and_important_from_the_chair_board(role_client, big_room, chair):
    committee = big_room
    proc.update_rules(
        committee=committee, preset="thimun", rules={"chair_may_mark_important": True}, by=chair
    )
    motion = proc.create_motion(committee=committee, kind="resolution", title="Draft 3/1", by=chair)
    client = role_client("chair")
    board = client.get(url("chair", committee)).content.decode()
    assert 'name="split_house"' in board and 'name="important"' in board
    client.post(url("vote_open", committee, motion.pk), {"method": "roll_call", "split_house": "1"})
    vote = Vote.objects.get(motion=motion)
    assert vote.no_abstentions and vote.method == "roll_call"
    # THIMUN calls the roll from the top of the alphabet and allows no passes.
    assert [e["name"] for e in vote.electorate][:2] == ["Brazil", "China"]
    board = client.get(url("chair", committee)).content.decode()
    assert "The house is split: no abstentions." in board
    assert 'value="abstain"' not in board.split('class="caller"')[1].split("</form>")[0]
    assert 'value="pass"' not in board.split('class="caller"')[1].split("</form>")[0]


def test_two_passes_and_undo(big_room, chair):
    committee = big_room
    proc.update_rules(
        committee=committee,
        preset="ga",
        rules={"roll_call_passes": 2, "passed_must_vote_yes_or_no": False},
        by=chair,
    )
    motion = proc.create_motion(committee=committee, kind="resolution", title="Draft 4/1", by=chair)
    vote = proc.open_vote(motion=motion, method="roll_call", by=chair, rng=random.Random(1))
    order = [Delegation.objects.get(pk=e["id"]) for e in vote.electorate]
    first = order[0]
    proc.record_roll_call_answer(vote=vote, delegation=first, choice="pass", by=chair)
    for delegation in order[1:]:
        proc.record_roll_call_answer(vote=vote, delegation=delegation, choice="yes", by=chair)
    proc.record_roll_call_answer(vote=vote, delegation=first, choice="pass", by=chair)
    assert Ballot.objects.get(vote=vote, delegation=first).passes == 2
    with pytest.raises(proc.ProcedureError, match="passed twice and may not pass again"):
        proc.record_roll_call_answer(vote=vote, delegation=first, choice="pass", by=chair)
    proc.undo_roll_call_answer(vote=vote, by=chair)  # back to one pass
    assert Ballot.objects.get(vote=vote, delegation=first).passes == 1
    proc.record_roll_call_answer(vote=vote, delegation=first, choice="pass", by=chair)
    proc.record_roll_call_answer(vote=vote, delegation=first, choice="abstain", by=chair)
    proc.undo_roll_call_answer(vote=vote, by=chair)  # the abstention taken back
    ballot = Ballot.objects.get(vote=vote, delegation=first)
    assert (ballot.choice, ballot.passes) == ("pass", 2)
    proc.record_roll_call_answer(vote=vote, delegation=first, choice="no", by=chair)
    vote = proc.close_vote(vote=vote, by=chair)
    assert (vote.yes, vote.no) == (10, 1) and vote.passed


# --- storage: the first version's custom rules ---------------------------------------------


def test_first_version_custom_rules_keep_their_behaviour():
    migration = importlib.import_module("committees.migrations.0010_rule_profile_v2")
    upgraded = migration.upgrade(
        {
            "majorities": {"resolution": "two_thirds"},
            "quorum_fraction": "1/2",
            "abstentions_count": True,
        }
    )
    profile = voting.GENERAL_ASSEMBLY.with_overrides(upgraded)
    # What the first version's custom profile did, kept:
    assert not profile.abstentions[voting.VoteKind.PROCEDURAL]
    assert profile.quorum_vote_fraction == voting.Fraction(1, 2)
    assert profile.quorum_debate_fraction == 0
    assert profile.majorities[voting.VoteKind.RESOLUTION] is voting.Majority.TWO_THIRDS_PRESENT
    assert profile.majorities[voting.VoteKind.PROCEDURAL] is voting.Majority.SIMPLE_PRESENT
    plain = voting.GENERAL_ASSEMBLY.with_overrides(migration.upgrade({}))
    assert plain.quorum_vote_fraction == voting.Fraction(1, 3)
    assert migration.upgrade({"abstain_on_procedural": True})["abstentions"] == {"procedural": True}
    assert migration.upgrade({"council_yes_required": 7})["fixed_count"] == 7


def test_committees_start_from_any_preset_and_the_linter_follows(committee, chair):
    proc.update_rules(committee=committee, preset="sc", rules={"label": "Crisis council"}, by=chair)
    committee = Committee.objects.get(pk=committee.pk)
    profile = rules_for(committee)
    assert profile.label == "Crisis council" and profile.majority_for("resolution").veto
    assert committee.rule_profile == "sc"  # the clause linter reads the organ from it


MOTION_RULES_SAVE = CHANGE


@pytest.mark.parametrize("role", ROLES)
def test_motion_rules_beyond_majorities_per_role(role, role_client, committee, chair):
    from committees.engines import motions as motion_rules

    client = role_client(role)
    data = editor_data(
        committee,
        motion_set_speaking_time_second="no",
        motion_set_speaking_time_debatable="yes",
        motion_set_speaking_time_for="1",
        motion_set_speaking_time_against="3",
        motion_roll_call_vote_ends="yes",
    )
    response = client.post(url("rules_save", committee), data)
    assert outcome(response) == MOTION_RULES_SAVE[role]
    committee.refresh_from_db()
    rule = motion_rules.rules_for(rules_for(committee), "set_speaking_time")
    if MOTION_RULES_SAVE[role] != 302:
        assert rule.needs_second and rule.speakers_against == 2
        return
    assert not rule.needs_second and rule.debatable
    assert (rule.speakers_for, rule.speakers_against) == (1, 3)
    assert motion_rules.rules_for(rules_for(committee), "roll_call_vote").ends_others
    page = client.get(url("rules", committee)).content.decode()
    assert (
        "Set the speaking time: no second needed, debatable, 1 speaker for, 3 speakers against."
        in page
    )
    # The editor shows the saved answers again; "the usual" clears them.
    assert 'value="no" selected' in page
    data = editor_data(committee, motion_set_speaking_time_second="")
    client.post(url("rules_save", committee), data)
    committee.refresh_from_db()
    assert motion_rules.rules_for(rules_for(committee), "set_speaking_time").needs_second


def test_motion_rules_preview_and_bad_counts(role_client, committee, chair):
    client = role_client("chair")
    data = editor_data(committee, motion_appeal_ruling_second="no")
    response = client.post(url("rules_preview", committee), data, headers={"HX-Request": "true"})
    text = response.content.decode().replace("&#x27;", "’")
    assert "Appeal the chair’s ruling: no second needed." in text
    assert "needs_second" not in rules_for(committee).motion_overrides.get("appeal_ruling", {})
    before = dict(committee.rule_overrides)
    for bad in ({"motion_appeal_ruling_for": "99"}, {"motion_appeal_ruling_second": "maybe"}):
        response = client.post(url("rules_save", committee), editor_data(committee, **bad))
        assert response.status_code == 400 and "message--error" in response.content.decode()
    committee.refresh_from_db()
    assert committee.rule_overrides == before
