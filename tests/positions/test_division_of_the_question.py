"""Division of the question: parts of a draft voted on separately (in any voting method), the
rejected parts leave the text, the text left is voted on as a whole (A/520/Rev.19, rule 130)."""

import random

import pytest
from django.urls import reverse

from committees.models import Motion
from committees.services import procedure as proc
from positions.models import DraftResolution
from positions.selectors.resolutions import plain_text
from positions.services import resolutions as drafts
from tests import factories
from tests.conftest import ROLES
from tests.positions.resolution_factory import introduced_draft, roll_everyone_present

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(committee, chair):
    roll_everyone_present(committee, chair)
    resolution = drafts.put_to_vote(resolution=introduced_draft(committee), by=chair)
    return resolution, resolution.motion


def keys(resolution):
    return [str(c.pk) for c in resolution.clauses.order_by("order", "pk")]


def vote_part(part, chair, committee, *, method, passes):
    vote = proc.open_vote(motion=part, method=method, by=chair, rng=random.Random(2))
    if method == "placard":
        counts = proc.PlacardCounts(yes=3, no=1) if passes else proc.PlacardCounts(yes=1, no=3)
        return proc.close_vote(vote=vote, by=chair, counts=counts)
    choices = ["yes", "yes", "yes", "no"] if passes else ["no", "no", "no", "yes"]
    for elector, choice in zip(vote.electorate, choices, strict=True):
        delegation = committee.delegations.get(pk=elector["id"])
        if method == "electronic":
            proc.enter_ballot(vote=vote, delegation=delegation, choice=choice, by=chair)
        else:
            proc.record_roll_call_answer(vote=vote, delegation=delegation, choice=choice, by=chair)
    return proc.close_vote(vote=vote, by=chair)


def test_parts_voted_in_three_methods_then_the_text_left_as_a_whole(committee, chair, queued):
    resolution, motion = queued
    pp1, op1, op2 = keys(resolution)
    parts = proc.divide_question(motion=motion, parts=[[pp1], [op1], [op2]], by=chair)
    assert [p.text for p in parts] == [
        "preambular paragraph 1",
        "operative clause 1",
        "operative clause 2",
    ]
    with pytest.raises(proc.ProcedureError, match="vote on its parts first"):
        proc.open_vote(motion=motion, method="placard", by=chair)
    with pytest.raises(proc.ProcedureError, match="already divided"):
        proc.divide_question(motion=motion, parts=[[op1]], by=chair)
    vote_part(parts[0], chair, committee, method="placard", passes=True)
    vote_part(parts[1], chair, committee, method="electronic", passes=False)
    vote_part(parts[2], chair, committee, method="roll_call", passes=True)
    resolution.refresh_from_db()
    assert resolution.clauses.get(pk=op1).struck
    assert "drones" not in plain_text(resolution)
    motion.refresh_from_db()
    assert "drones" not in motion.text and "Requests the Office" in motion.text
    final = proc.open_vote(motion=motion, method="placard", by=chair)
    final = proc.close_vote(vote=final, by=chair, counts=proc.PlacardCounts(yes=3, no=1))
    resolution.refresh_from_db()
    assert final.passed and resolution.status == DraftResolution.Status.ADOPTED


def test_every_operative_part_rejected_rejects_the_text(committee, chair, queued):
    resolution, motion = queued
    _pp1, op1, op2 = keys(resolution)
    (part,) = proc.divide_question(motion=motion, parts=[[op1, op2]], by=chair)
    assert part.text == "operative clause 1 and operative clause 2"
    vote_part(part, chair, committee, method="placard", passes=False)
    motion.refresh_from_db()
    resolution.refresh_from_db()
    assert motion.status == Motion.Status.FAILED
    assert resolution.status == DraftResolution.Status.FAILED
    assert "every operative clause was rejected (rule 130)" in resolution.outcome


def test_a_withdrawn_part_keeps_its_clauses(committee, chair, queued):
    resolution, motion = queued
    _pp1, op1, op2 = keys(resolution)
    first, second = proc.divide_question(motion=motion, parts=[[op1], [op2]], by=chair)
    vote_part(first, chair, committee, method="placard", passes=True)
    proc.withdraw_motion(motion=second, by=chair)
    resolution.refresh_from_db()
    assert not resolution.clauses.filter(struck=True).exists()
    proc.open_vote(motion=motion, method="electronic", by=chair)


def test_bad_divisions_change_nothing(committee, chair, queued):
    resolution, motion = queued
    pp1, op1, op2 = keys(resolution)
    for parts, message in [
        ([], "at least one part"),
        ([[op1], [op1]], "in two parts"),
        ([["999999"]], "not in the draft"),
        ([[pp1, op1, op2]], "the vote on the draft itself"),
    ]:
        with pytest.raises(proc.ProcedureError, match=message):
            proc.divide_question(motion=motion, parts=parts, by=chair)
    assert not motion.parts.exists()
    recess = proc.create_motion(committee=committee, kind="procedural", title="Recess", by=chair)
    with pytest.raises(proc.ProcedureError, match="no parts"):
        proc.divide_question(motion=recess, parts=[[op1]], by=chair)
    proc.update_rules(committee=committee, preset="ga", rules={"division_allowed": False}, by=chair)
    with pytest.raises(proc.ProcedureError, match="do not provide for dividing"):
        proc.divide_question(motion=motion, parts=[[op1]], by=chair)


DIVIDE = {
    "anonymous": "login",
    "delegate": 403,
    "other_delegate": 403,
    "chair": 200,
    "other_chair": 404,
    "admin": 200,
}


@pytest.mark.parametrize("role", ROLES)
def test_divide_page_access_and_form(role, role_client, committee, chair, queued):
    resolution, motion = queued
    address = reverse("committees:motion_divide", args=[committee.slug, motion.pk])
    client = role_client(role)
    response = client.get(address)
    got = response.status_code
    if got == 302 and response["Location"].startswith("/accounts/login/"):
        got = "login"
    assert got == DIVIDE[role]
    if got != 200:
        return
    assert "Operative clause 1" in response.content.decode()
    _pp1, op1, op2 = keys(resolution)
    bad = client.post(address, {f"part_{op1}": "1", f"part_{op2}": "1", f"part_{_pp1}": "1"})
    assert bad.status_code == 400 and "the vote on the draft itself" in bad.content.decode()
    done = client.post(address, {f"part_{op1}": "1", f"part_{op2}": "2"})
    assert done.status_code == 302
    assert [p.clause_keys for p in motion.parts.order_by("id")] == [[op1], [op2]]
    board = client.get(reverse("committees:chair", args=[committee.slug])).content.decode()
    assert "part 1: operative clause 1" in board
    # Already divided: the board no longer offers to divide it again.
    assert address not in board


def test_board_offers_division_only_of_an_undivided_text(committee, chair, client, queued):
    resolution, motion = queued
    client.force_login(chair)
    board_url = reverse("committees:chair", args=[committee.slug])
    divide_url = reverse("committees:motion_divide", args=[committee.slug, motion.pk])
    assert divide_url in client.get(board_url).content.decode()
    _pp1, op1, _op2 = keys(resolution)
    (part,) = proc.divide_question(motion=motion, parts=[[op1]], by=chair)
    board = client.get(board_url).content.decode()
    assert divide_url not in board
    assert reverse("committees:motion_divide", args=[committee.slug, part.pk]) not in board


def test_signal_free_committees_cannot_divide_an_unknown_text(committee, chair):
    factories.delegation(committee, "USA")
    amendment = proc.create_motion(committee=committee, kind="amendment", title="Oral", by=chair)
    with pytest.raises(proc.ProcedureError, match="no clauses to divide"):
        proc.divide_question(motion=amendment, parts=[["1"]], by=chair)
