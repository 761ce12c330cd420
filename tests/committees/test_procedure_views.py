"""Procedure pages: who may do what, what people see, and queries that do not grow."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from committees.models import Ballot, Country, Delegation, Motion, Vote
from committees.services import procedure as proc
from tests import factories
from tests.conftest import ROLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(committee, chair):
    session = proc.open_session(committee=committee, by=chair)
    for delegation in committee.delegations.all():
        proc.record_attendance(
            session=session, delegation=delegation, attendance="present", by=chair
        )
    return session


@pytest.fixture
def motion(committee, chair):
    return proc.create_motion(
        committee=committee,
        kind="amendment",
        title="Amendment to operative clause 3",
        text="3. Encourages Member States to share risk indicators;",
        by=chair,
    )


@pytest.fixture
def electronic_vote(session, motion, chair):
    return proc.open_vote(motion=motion, method="electronic", by=chair)


@pytest.fixture
def closed_vote(session, chair, committee):
    motion = proc.create_motion(
        committee=committee, kind="procedural", title="Close the speakers’ list", by=chair
    )
    vote = proc.open_vote(motion=motion, method="placard", by=chair)
    return proc.close_vote(vote=vote, by=chair, counts=proc.PlacardCounts(yes=3, no=1))


def url(name, committee, *args):
    return reverse(f"committees:{name}", args=[committee.slug, *args])


def outcome(response):
    """The status, or "login" for the redirect anonymous people get."""
    if response.status_code == 302 and response["Location"].startswith("/accounts/login/"):
        return "login"
    return response.status_code


# --- access matrix ---------------------------------------------------------------------------

SEE = {
    "anonymous": "login",
    "delegate": 200,
    "other_delegate": 200,
    "chair": 200,
    "other_chair": 404,
    "admin": 200,
}
MODERATE_PAGE = SEE | {"delegate": 403, "other_delegate": 403}


@pytest.mark.parametrize("role", ROLES)
def test_pages_access_matrix(role, role_client, committee, closed_vote, electronic_vote):
    client = role_client(role)
    expected = {
        url("chair", committee): MODERATE_PAGE[role],
        url("projector", committee): SEE[role],
        url("votes", committee): SEE[role],
        url("vote_record", committee, closed_vote.pk): SEE[role],
        url("vote_record_csv", committee, closed_vote.pk): SEE[role],
        url("procedure_poll", committee) + "?screen=ballot": SEE[role],
        url("procedure_poll", committee) + "?screen=projector": SEE[role],
        url("procedure_poll", committee) + "?screen=chair": MODERATE_PAGE[role],
    }
    for address, status in expected.items():
        assert outcome(client.get(address)) == status, address


MODERATE_ACTION = {
    "anonymous": "login",
    "delegate": 403,
    "other_delegate": 403,
    "chair": 302,
    "other_chair": 404,
    "admin": 302,
}


@pytest.mark.parametrize("role", ROLES)
def test_chair_actions_access_matrix(role, role_client, committee, session, motion, chair):
    client = role_client(role)
    expected = MODERATE_ACTION[role]
    france = factories.delegation(committee, "FRA")
    posts = [
        (url("roll_call", committee), {"mark": f"{france.pk}:absent"}),
        (url("motion_create", committee), {"kind": "procedural", "title": "Recess"}),
        (url("vote_open", committee, motion.pk), {"method": "roll_call"}),
    ]
    for address, data in posts:
        assert outcome(client.post(address, data)) == expected, address
    vote = Vote.objects.filter(motion=motion).first()
    if expected == 302:
        assert vote is not None and vote.method == "roll_call"
        assert proc.attendance_at(session)[france.pk] == "absent"
        assert france.pk not in [e["id"] for e in vote.electorate]
        first = vote.electorate[0]["id"]
        answer = client.post(
            url("roll_call_answer", committee, vote.pk), {"delegation": first, "choice": "yes"}
        )
        assert answer.status_code == 302
        assert Ballot.objects.filter(vote=vote, delegation_id=first).exists()
        assert client.post(url("roll_call_undo", committee, vote.pk)).status_code == 302
        assert not Ballot.objects.filter(vote=vote).exists()
        assert client.post(url("vote_cancel", committee, vote.pk)).status_code == 302
        assert client.post(url("motion_withdraw", committee, motion.pk)).status_code == 302
        assert client.post(url("session_close", committee)).status_code == 302
        assert client.post(url("session_open", committee)).status_code == 302
    else:
        assert vote is None
        assert not Motion.objects.filter(title="Recess").exists()
        open_vote = proc.open_vote(motion=motion, method="roll_call", by=chair)
        first = Delegation.objects.get(pk=open_vote.electorate[0]["id"])
        proc.record_roll_call_answer(vote=open_vote, delegation=first, choice="no", by=chair)
        for name in ("roll_call_undo", "roll_call_answer", "vote_close", "vote_cancel"):
            response = client.post(
                url(name, committee, open_vote.pk), {"delegation": first.pk, "choice": "yes"}
            )
            assert outcome(response) == expected, name
        assert Ballot.objects.get(vote=open_vote).choice == "no"
        assert Vote.objects.get(pk=open_vote.pk).is_open
        for name in ("session_close", "session_open"):
            assert outcome(client.post(url(name, committee))) == expected
        assert proc.current_session(committee) == session


BALLOT = {
    "anonymous": "login",
    "delegate": 302,
    "other_delegate": 302,
    "chair": 403,
    "other_chair": 404,
    "admin": 403,
}


@pytest.mark.parametrize("role", ROLES)
def test_ballot_access_matrix(role, role_client, committee, electronic_vote):
    response = role_client(role).post(
        url("cast_ballot", committee, electronic_vote.pk), {"confirm": "1", "choice": "yes"}
    )
    assert outcome(response) == BALLOT[role]
    expected_ballots = 1 if BALLOT[role] == 302 else 0
    assert Ballot.objects.filter(vote=electronic_vote).count() == expected_ballots


def test_foreign_vote_ids_are_404(role_client, committee, other_committee, chair, other_chair):
    other_session = proc.open_session(committee=other_committee, by=other_chair)
    for delegation in other_committee.delegations.all():
        proc.record_attendance(
            session=other_session, delegation=delegation, attendance="present", by=other_chair
        )
    other_motion = proc.create_motion(
        committee=other_committee, kind="procedural", title="Theirs", by=other_chair
    )
    other_vote = proc.open_vote(motion=other_motion, method="electronic", by=other_chair)
    client = role_client("chair")
    assert client.get(url("vote_record", committee, other_vote.pk)).status_code == 404
    assert client.post(url("vote_close", committee, other_vote.pk)).status_code == 404
    assert (
        client.post(url("vote_open", committee, other_motion.pk), {"method": "placard"}).status_code
        == 404
    )
    delegate_client = role_client("delegate")
    response = delegate_client.post(
        url("cast_ballot", committee, other_vote.pk), {"confirm": "1", "choice": "yes"}
    )
    assert response.status_code == 404
    assert not Ballot.objects.exists()


# --- what delegates and chairs see -----------------------------------------------------------


def test_delegation_votes_only_for_itself(role_client, committee, electronic_vote, delegate):
    mexico = factories.delegation(committee, "MEX")
    client = role_client("delegate")
    response = client.post(
        url("cast_ballot", committee, electronic_vote.pk),
        {"confirm": "1", "choice": "no", "delegation": mexico.pk},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    ballot = Ballot.objects.get(vote=electronic_vote)
    assert ballot.delegation.country.iso3 == "USA"
    assert ballot.cast_by == delegate
    assert "United States voted <strong>no</strong>" in response.content.decode()
    again = client.post(
        url("cast_ballot", committee, electronic_vote.pk),
        {"confirm": "1", "choice": "yes"},
        headers={"HX-Request": "true"},
    )
    assert "already voted no" in again.content.decode()
    assert Ballot.objects.filter(vote=electronic_vote).count() == 1


def test_absent_delegation_sees_why_it_cannot_vote(role_client, committee, session, motion, chair):
    usa = factories.delegation(committee, "USA")
    proc.record_attendance(session=session, delegation=usa, attendance="absent", by=chair)
    vote = proc.open_vote(motion=motion, method="electronic", by=chair)
    client = role_client("delegate")
    page = client.get(url("votes", committee)).content.decode()
    assert "United States may not vote on this motion" in page
    assert 'name="choice"' not in page
    response = client.post(
        url("cast_ballot", committee, vote.pk),
        {"confirm": "1", "choice": "yes"},
        headers={"HX-Request": "true"},
    )
    assert "may not vote" in response.content.decode()
    assert not Ballot.objects.exists()


def test_present_and_voting_gets_no_abstain_button(role_client, committee, session, motion, chair):
    usa = factories.delegation(committee, "USA")
    proc.record_attendance(
        session=session, delegation=usa, attendance="present_and_voting", by=chair
    )
    proc.open_vote(motion=motion, method="electronic", by=chair)
    page = role_client("delegate").get(url("votes", committee)).content.decode()
    assert 'value="yes"' in page and 'value="no"' in page
    assert 'value="abstain"' not in page
    assert "present and voting: may not abstain" in page


def test_chair_runs_an_electronic_vote(role_client, committee, electronic_vote):
    role_client("delegate").post(
        url("cast_ballot", committee, electronic_vote.pk), {"confirm": "1", "choice": "yes"}
    )
    role_client("other_delegate").post(
        url("cast_ballot", committee, electronic_vote.pk), {"confirm": "1", "choice": "no"}
    )
    chair = role_client("chair")
    board = chair.get(url("chair", committee)).content.decode()
    assert "Amendment to operative clause 3" in board
    assert "2</strong> of 4 still to vote" in board
    response = chair.post(
        url("vote_close", committee, electronic_vote.pk), headers={"HX-Request": "true"}
    )
    text = response.content.decode()
    assert response["HX-Trigger"] == "procedure-changed"
    assert "fails: 1 yes, 1 no, 2 not voting — a tie: a vote equally divided is rejected" in text
    projector = chair.get(url("projector", committee)).content.decode()
    assert "Not adopted" in projector and "Fails: 1 yes, 1 no, 2 not voting — a tie" in projector


def test_placard_counts_bad_input_keeps_vote_open(role_client, committee, session, motion, chair):
    vote = proc.open_vote(motion=motion, method="placard", by=chair)
    client = role_client("chair")
    for data, message in [
        ({"yes": "many", "no": "1"}, "whole numbers"),
        ({"yes": "9", "no": "1"}, "only 4 delegations may vote"),
    ]:
        response = client.post(
            url("vote_close", committee, vote.pk), data, headers={"HX-Request": "true"}
        )
        assert response.status_code == 200
        assert message in response.content.decode()
        assert f'name="yes" min="0" inputmode="numeric" required value="{data["yes"]}"' in (
            response.content.decode()
        )  # what the chair typed is still there
    vote.refresh_from_db()
    assert vote.is_open
    client.post(url("vote_close", committee, vote.pk), {"yes": "3", "no": "0", "abstain": "1"})
    vote.refresh_from_db()
    assert vote.passed and vote.explanation.startswith("passes: 3 yes, 0 no, 1 abstention")


def test_motion_form_keeps_what_the_chair_typed_on_error(role_client, committee, session):
    response = role_client("chair").post(
        url("motion_create", committee),
        {"kind": "nonsense", "title": "Suspend the meeting", "text": "for lunch"},
        headers={"HX-Request": "true"},
    )
    text = response.content.decode()
    assert "Choose procedural, amendment or resolution" in text
    assert 'value="Suspend the meeting"' in text and "for lunch" in text
    assert not Motion.objects.filter(title="Suspend the meeting").exists()


def test_roll_call_vote_from_the_dashboard(role_client, committee, session, motion):
    client = role_client("chair")
    client.post(url("vote_open", committee, motion.pk), {"method": "roll_call"})
    vote = Vote.objects.get(motion=motion)
    order = [e["id"] for e in vote.electorate]
    answers = ["pass", "yes", "yes", "no"]
    for delegation_id, choice in zip(order, answers, strict=True):
        client.post(
            url("roll_call_answer", committee, vote.pk),
            {"delegation": delegation_id, "choice": choice},
        )
    board = client.get(url("chair", committee)).content.decode()
    assert "Called again: <strong>" in board
    # Delegates see who is being called (Mexico is told when it is its turn).
    first_name = vote.electorate[0]["name"]
    mexico_sees = role_client("other_delegate").get(url("votes", committee)).text
    if first_name == "Mexico":
        assert "Mexico is being called now: answer aloud." in mexico_sees
    else:
        assert f"Now calling: {first_name}." in mexico_sees
    assert 'value="pass"' not in board  # a delegation that passed may not pass again
    client.post(
        url("roll_call_answer", committee, vote.pk), {"delegation": order[0], "choice": "yes"}
    )
    client.post(url("vote_close", committee, vote.pk))
    vote.refresh_from_db()
    assert vote.passed and vote.explanation.startswith("passes: 3 yes, 1 no — more yes than no")
    record = client.get(url("vote_record", committee, vote.pk)).content.decode()
    assert "(passed first)" in record


def test_vote_record_csv(role_client, committee, electronic_vote, chair):
    role_client("delegate").post(
        url("cast_ballot", committee, electronic_vote.pk), {"confirm": "1", "choice": "yes"}
    )
    proc.close_vote(vote=electronic_vote, by=chair)
    response = role_client("other_delegate").get(
        url("vote_record_csv", committee, electronic_vote.pk)
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert [
        "explanation",
        "passes: 1 yes, 0 no, 3 not voting — more yes than no: simple majority of those "
        "present and voting (rule 125)",
    ] in rows
    assert [row[1:4] for row in rows if row and row[0] == "4"] == [
        ["United States", "present", "yes"]
    ]
    assert response["Content-Type"].startswith("text/csv")


def test_poll_is_204_when_nothing_changed(role_client, committee, electronic_vote):
    client = role_client("delegate")
    version = proc.clock_version(committee.pk)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("procedure_poll", committee) + f"?screen=ballot&v={version}")
    assert response.status_code == 204
    clock_queries = [q for q in queries.captured_queries if "procedureclock" in q["sql"]]
    assert len(clock_queries) == 1
    # Two more are the session and the user, read by Django for every request.
    assert len(queries.captured_queries) == 3
    changed = client.get(url("procedure_poll", committee) + f"?screen=ballot&v={version - 1}")
    assert changed.status_code == 200
    assert 'id="ballot-box"' in changed.content.decode()


def test_chair_poll_swaps_changed_regions(role_client, committee, electronic_vote):
    client = role_client("chair")
    version = proc.clock_version(committee.pk)
    role_client("delegate").post(
        url("cast_ballot", committee, electronic_vote.pk), {"confirm": "1", "choice": "yes"}
    )
    same_vote = client.get(
        url("procedure_poll", committee) + f"?screen=chair&v={version}&vote={electronic_vote.pk}"
    ).content.decode()
    assert 'id="vote-tally" hx-swap-oob="true"' in same_vote
    assert 'id="open-vote"' not in same_vote  # the chair's controls are not swapped under them
    assert 'id="procedure-poller" hx-swap-oob="true"' in same_vote
    new_vote = client.get(
        url("procedure_poll", committee) + f"?screen=chair&v={version}&vote="
    ).content.decode()
    assert 'id="open-vote"' in new_vote


# --- query counts ----------------------------------------------------------------------------


def grow(committee, chair, session, delegations: int, motions: int):
    for i in range(delegations):
        country = Country.objects.create(iso3=f"Q{i:02d}", name=f"Quasi {i:02d}")
        delegation = Delegation.objects.create(committee=committee, country=country)
        proc.record_attendance(
            session=session, delegation=delegation, attendance="present", by=chair
        )
    for i in range(motions):
        proc.create_motion(committee=committee, kind="amendment", title=f"Amendment {i}", by=chair)


def count_queries(client, address):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize("page", ["chair", "projector", "votes"])
def test_query_counts_do_not_grow(page, role_client, committee, chair, session, electronic_vote):
    client = role_client("chair" if page == "chair" else "delegate")
    address = url(page, committee)
    role_client("delegate").post(
        url("cast_ballot", committee, electronic_vote.pk), {"confirm": "1", "choice": "yes"}
    )
    small = count_queries(client, address)
    grow(committee, chair, session, delegations=40, motions=60)
    vote = Vote.objects.get(pk=electronic_vote.pk)
    for delegation in Delegation.objects.filter(country__iso3__startswith="Q")[:30]:
        Ballot.objects.create(vote=vote, delegation=delegation, choice="no")
    large = count_queries(client, address)
    assert large == small
    # The dashboard also carries the floor panel (speakers, motions, points, notes).
    assert small <= (30 if page == "chair" else 20)


def test_individual_ballots_are_published_when_the_vote_closes(
    role_client, committee, electronic_vote, chair
):
    role_client("delegate").post(
        url("cast_ballot", committee, electronic_vote.pk), {"confirm": "1", "choice": "no"}
    )
    address = url("vote_record", committee, electronic_vote.pk)
    assert "How each delegation voted" not in role_client("other_delegate").get(address).text
    assert "How each delegation voted" in role_client("chair").get(address).text
    proc.close_vote(vote=electronic_vote, by=chair)
    page = role_client("other_delegate").get(address).text
    assert "How each delegation voted" in page
    assert '<span class="choice choice--no">no</span>' in page


def test_a_ballot_is_confirmed_before_it_is_final(role_client, committee, electronic_vote):
    client = role_client("delegate")
    target = url("cast_ballot", committee, electronic_vote.pk)
    step = client.post(target, {"choice": "no"}, headers={"HX-Request": "true"})
    page = step.content.decode()
    assert "Confirm: <strong>United States</strong> votes <strong>no</strong>" in page
    assert 'name="confirm" value="1"' in page
    assert "hx-trigger" not in page  # the box does not refresh away the confirmation
    assert not Ballot.objects.exists()
    done = client.post(target, {"choice": "no", "confirm": "1"}, headers={"HX-Request": "true"})
    assert "United States voted <strong>no</strong>" in done.content.decode()
    assert Ballot.objects.get().choice == "no"


def test_without_javascript_the_confirmation_is_a_page(role_client, committee, electronic_vote):
    response = role_client("delegate").post(
        url("cast_ballot", committee, electronic_vote.pk), {"choice": "yes"}
    )
    assert response.status_code == 200
    assert "Confirm: vote yes" in response.content.decode()
    assert not Ballot.objects.exists()


def test_the_ballot_shows_the_text_voted_on(role_client, committee, electronic_vote):
    page = role_client("delegate").get(url("votes", committee)).content.decode()
    assert "The text voted on" in page
    assert "3. Encourages Member States to share risk indicators;" in page
    assert "aria-live" not in page or "ballot-box" in page
