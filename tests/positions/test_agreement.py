"""A delegation's record against its declared positions: what mentions each question, the
delegation's own marks, and who may read and mark."""

import pytest
from django.urls import reverse

from committees.models import Country
from committees.services import procedure as proc
from committees.services.stances import add_question, ensure_profile, set_position
from positions.engines import agreement as engine
from positions.models import Block, EvidenceMark
from positions.services import resolutions as drafts
from positions.services.agreement import MarkError, mark_evidence
from tests import factories
from tests.positions.paper_helpers import paper_of, write
from tests.positions.resolution_factory import introduced_draft, roll_everyone_present

QUESTIONS = [
    (
        "AI border security",
        "Should states invest more heavily in AI-based border security systems that detect "
        "suspicious drone activity, smuggling routes and unusual movement patterns at borders?",
    ),
    (
        "Real-time intelligence sharing",
        "Should governments share intelligence in real time on darknet marketplaces, "
        "cryptocurrency transactions and AI-assisted criminal operations?",
    ),
    (
        "Public–private cooperation",
        "Should governments, technology companies, cybersecurity experts and international "
        "organizations cooperate more closely to identify emerging technological threats?",
    ),
]


@pytest.fixture
def questions(committee):
    return [
        add_question(committee=committee, short_label=label, text=text) for label, text in QUESTIONS
    ]


@pytest.fixture
def declared(committee, questions, delegate):
    profile = ensure_profile(committee=committee, country=Country.objects.get(iso3="USA"))
    for question, stance in zip(questions, ["supports", "supports", "opposes"], strict=True):
        set_position(
            profile=profile,
            question=question,
            stance=stance,
            rationale="Our policy.",
            user=delegate,
            declared=True,
        )
    return profile


@pytest.fixture
def record(committee, questions, declared, delegate, chair):
    """The United States' paper, a draft it sponsors, and its ballot on that draft."""
    paper = paper_of(committee, "USA")
    write(
        paper,
        delegate,
        {
            "Proposed solutions": "Real-time intelligence sharing on darknet marketplaces.",
            "Background": "Around 296 million people used drugs in 2021.",
        },
    )
    draft = introduced_draft(
        committee,
        sponsor="USA",
        signatories=("MEX", "CHN"),
        clauses=[
            (
                "operative",
                "Encourages Member States to detect drones on smuggling routes with AI tools;",
            ),
            ("operative", "Invites technology companies to cooperate with law enforcement."),
        ],
    )
    roll_everyone_present(committee, chair)
    draft = drafts.put_to_vote(resolution=draft, by=chair)
    vote = proc.open_vote(motion=draft.motion, method="electronic", by=chair)
    proc.cast_ballot(
        vote=vote, delegation=factories.delegation(committee, "USA"), choice="yes", by=delegate
    )
    return paper, draft, vote


def url(committee, country=""):
    base = reverse("positions:stance_record", args=[committee.slug])
    return f"{base}?country={country}" if country else base


# --- the matcher ----------------------------------------------------------------------------


def test_a_text_mentions_a_question_by_its_own_words_and_says_which():
    terms = engine.question_terms([(k, f"{k}. {t}") for k, t in QUESTIONS])
    border, sharing, private = (terms[k] for k, _ in QUESTIONS)
    assert engine.mentions("Detect drones along smuggling routes.", border) == [
        "Detect",
        "drones",
        "smuggling",
        "routes",
    ]
    # A pair of the question's words side by side counts, in either order.
    assert engine.mentions("cooperation through intelligence-sharing", sharing) == [
        "intelligence",
        "sharing",
    ]
    assert engine.mentions("Invites technology companies to help.", private) == [
        "technology",
        "companies",
    ]
    # Words every resolution uses say nothing alone.
    assert engine.mentions("The security system of the organization.", border) == []
    assert engine.mentions("Recalling the Convention on the Rights of the Child,", sharing) == []


def test_words_every_question_shares_are_not_evidence():
    terms = engine.question_terms(
        [(1, "AI and borders: monitoring"), (2, "AI and borders: funding"), (3, "AI drones")]
    )
    assert "ai" not in terms[1].words and "monitor" in terms[1].words


def test_the_summary_never_turns_a_mention_into_agreement():
    assert engine.summary([], mentioned=3) == "mentioned"
    assert engine.summary([], mentioned=0) == "not addressed"
    assert engine.summary(["agrees"], mentioned=2) == "agrees"
    assert engine.summary(["agrees", "disagrees"], mentioned=2) == "disagrees"
    assert engine.summary(["unrelated"], mentioned=0) == "not addressed"


# --- the page -------------------------------------------------------------------------------


def test_the_page_lists_per_question_the_paper_clauses_and_votes_that_mention_it(
    client, committee, record, delegate
):
    paper, draft, vote = record
    client.force_login(delegate)
    body = client.get(url(committee)).content.decode()
    border, sharing, private = (body.index(f">{label}</h2>") for label, _ in QUESTIONS)
    sharing_part = body[sharing:private]
    assert "Position paper · Proposed solutions" in sharing_part
    assert f"/c/{committee.slug}/papers/{paper.pk}/#block-proposed-solutions" in sharing_part
    border_part = body[border:sharing]
    assert f"{draft.symbol} · operative 1" in border_part
    assert "voted yes" in border_part  # the vote on the whole draft mentions its words
    assert f"/c/{committee.slug}/votes/{vote.pk}/" in border_part
    assert "<mark>drones</mark>" in border_part
    assert "Mentioned, not judged" in border_part
    # Nothing is called agreement until the delegation says so.
    assert "Agrees (marked)" not in body
    # The background section mentions none of the questions.
    unmatched = body[body.index("Not matched to any question") :]
    assert "Position paper · Background" in unmatched


def test_a_mark_is_the_delegations_and_says_when_the_text_changed(
    client, committee, record, questions, delegate
):
    paper, draft, vote = record
    block = Block.objects.get(document=paper.document, key="proposed-solutions")
    client.force_login(delegate)
    response = client.post(
        reverse("positions:stance_record_mark", args=[committee.slug]),
        {"question": questions[1].pk, "subject": f"section:{block.pk}", "verdict": "agrees"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "Agrees (marked)" in response.content.decode()
    assert "marked by Emily Carter" in response.content.decode()
    write(paper, delegate, {"Proposed solutions": "We now oppose sharing intelligence."})
    body = client.get(url(committee)).content.decode()
    assert "the text changed since — check again" in body


def test_a_delegation_may_link_a_piece_the_matcher_missed(
    client, committee, record, questions, delegate
):
    paper, _, _ = record
    background = Block.objects.get(document=paper.document, key="background")
    client.force_login(delegate)
    client.post(
        reverse("positions:stance_record_mark", args=[committee.slug]),
        {
            "question": questions[0].pk,
            "subject": f"section:{background.pk}",
            "verdict": "disagrees",
        },
    )
    body = client.get(url(committee)).content.decode()
    border = body[body.index(">AI border security</h2>") : body.index(">Real-time intelligence")]
    assert "Linked to this question by the delegation." in border
    assert "Goes against (marked)" in border


def test_marking_someone_elses_record_changes_nothing(
    client, committee, record, questions, other_delegate
):
    paper, draft, vote = record
    block = Block.objects.get(document=paper.document, key="proposed-solutions")
    ballot = vote.ballots.get()
    clause = draft.clauses.first()
    mexico = factories.delegation(committee, "MEX")
    for subject in (f"section:{block.pk}", f"ballot:{ballot.pk}", "clause:x", "nonsense", ""):
        with pytest.raises(MarkError):
            mark_evidence(
                delegation=mexico,
                question=questions[0],
                subject_key=subject,
                verdict="agrees",
                by=other_delegate,
            )
    # Mexico signed the draft but does not sponsor it: its clauses are not Mexico's.
    with pytest.raises(MarkError):
        mark_evidence(
            delegation=mexico,
            question=questions[0],
            subject_key=f"clause:{clause.pk}",
            verdict="agrees",
            by=other_delegate,
        )
    client.force_login(other_delegate)
    response = client.post(
        reverse("positions:stance_record_mark", args=[committee.slug]),
        {"question": questions[0].pk, "subject": f"section:{block.pk}", "verdict": "agrees"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "not part of your delegation" in response.content.decode()
    assert not EvidenceMark.objects.exists()


def test_a_bad_verdict_is_refused(committee, record, questions, delegate):
    paper, _, _ = record
    block = Block.objects.get(document=paper.document, key="proposed-solutions")
    with pytest.raises(MarkError):
        mark_evidence(
            delegation=factories.delegation(committee, "USA"),
            question=questions[0],
            subject_key=f"section:{block.pk}",
            verdict="maybe",
            by=delegate,
        )
    assert not EvidenceMark.objects.exists()


def test_clearing_a_mark_deletes_it(committee, record, questions, delegate):
    _, _, vote = record
    usa = factories.delegation(committee, "USA")
    key = f"ballot:{vote.ballots.get().pk}"
    mark_evidence(
        delegation=usa, question=questions[0], subject_key=key, verdict="agrees", by=delegate
    )
    mark_evidence(
        delegation=usa, question=questions[0], subject_key=key, verdict="disagrees", by=delegate
    )
    assert EvidenceMark.objects.get().verdict == "disagrees"
    mark_evidence(delegation=usa, question=questions[0], subject_key=key, verdict="", by=delegate)
    assert not EvidenceMark.objects.exists()


# --- access ---------------------------------------------------------------------------------

READ = {
    "anonymous": 302,
    "delegate": 200,
    "other_delegate": 200,  # their own delegation's record
    "chair": 200,
    "other_chair": 404,
    "admin": 200,
}


@pytest.mark.parametrize("role", list(READ))
def test_reading_per_role(role_client, role, committee, record, delegate, other_delegate, chair):
    response = role_client(role).get(url(committee, "USA" if role in ("chair", "admin") else ""))
    assert response.status_code == READ[role]
    if role in ("chair", "admin"):
        assert "Does United States do what it says?" in response.content.decode()


def test_a_delegate_never_reads_another_delegations_record(
    client, committee, record, other_delegate
):
    client.force_login(other_delegate)
    assert client.get(url(committee, "USA")).status_code == 404
    body = client.get(url(committee)).content.decode()
    assert "Does Mexico do what it says?" in body
    assert "Real-time intelligence sharing on darknet" not in body


MARK = {
    "anonymous": 302,
    "delegate": 200,
    "other_delegate": 200,  # answered with "not part of your delegation's record"
    "chair": 403,
    "other_chair": 404,
    "admin": 403,
}


@pytest.mark.parametrize("role", list(MARK))
def test_marking_per_role(
    role_client, role, committee, record, questions, delegate, other_delegate, chair
):
    paper, _, _ = record
    block = Block.objects.get(document=paper.document, key="proposed-solutions")
    response = role_client(role).post(
        reverse("positions:stance_record_mark", args=[committee.slug]),
        {"question": questions[1].pk, "subject": f"section:{block.pk}", "verdict": "agrees"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == MARK[role]
    assert EvidenceMark.objects.exists() == (role == "delegate")


def test_queries_do_not_grow_with_the_record(
    client, committee, record, questions, delegate, chair, django_assert_max_num_queries
):
    proc.close_vote(vote=record[2], by=chair)
    client.force_login(delegate)
    with django_assert_max_num_queries(30) as few:
        client.get(url(committee))
    usa = factories.delegation(committee, "USA")
    for n in range(3):
        draft = drafts.create_draft(committee=committee, title=f"Draft {n}", sponsor=usa, by=None)
        for text in ("Calls upon States to share intelligence;", "Invites technology companies."):
            drafts.add_clause(resolution=draft, kind="operative", text=text)
        motion = proc.create_motion(committee=committee, kind="procedural", title=f"M{n}", by=chair)
        vote = proc.open_vote(motion=motion, method="electronic", by=chair)
        proc.cast_ballot(vote=vote, delegation=usa, choice="no", by=delegate)
        proc.close_vote(vote=vote, by=chair)
        mark_evidence(
            delegation=usa,
            question=questions[0],
            subject_key=f"ballot:{vote.ballots.get().pk}",
            verdict="agrees",
            by=delegate,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(url(committee)).content.decode()
    assert body.count("Sponsored clause") >= 8


def test_the_database_keeps_one_mark_per_piece_and_question(committee, record, questions):
    from django.db import IntegrityError, transaction

    _, _, vote = record
    usa = factories.delegation(committee, "USA")
    ballot = vote.ballots.get()
    EvidenceMark.objects.create(
        delegation=usa, question=questions[0], ballot=ballot, verdict="agrees"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        EvidenceMark.objects.create(
            delegation=usa, question=questions[0], ballot=ballot, verdict="disagrees"
        )
    # A mark is about exactly one piece of the record.
    with pytest.raises(IntegrityError), transaction.atomic():
        EvidenceMark.objects.create(delegation=usa, question=questions[1], verdict="agrees")
