"""Amendments: friendly and unfriendly flows, votes, and the rebase of pending amendments."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from committees.services import procedure
from positions.models import Amendment, Clause, DraftResolution, Revision
from positions.services import amendments as service
from positions.services import clause_text
from positions.services import resolutions as drafts
from tests import factories
from tests.positions.resolution_factory import introduced_draft, roll_everyone_present


def d(committee, iso3):
    return factories.delegation(committee, iso3)


def operative(resolution, n):
    return list(resolution.clauses.filter(kind="operative", parent=None).order_by("order"))[n - 1]


def propose(resolution, iso3, clause, text, *, kind="modify", friendly=False):
    return service.propose(
        resolution=resolution,
        delegation=d(resolution.committee, iso3),
        kind=kind,
        clause=clause,
        text=text,
        friendly=friendly,
        by=None,
    )


@pytest.fixture
def draft(committee):
    return introduced_draft(committee)


def test_amendments_only_on_an_introduced_draft_and_amendable_clauses(committee, draft):
    working = drafts.create_draft(
        committee=committee, title="T", sponsor=d(committee, "USA"), by=None
    )
    with pytest.raises(service.AmendmentError, match="approved"):
        propose(working, "USA", None, "Urges more;", kind="add")
    preamble = draft.clauses.get(kind="preambulatory")
    with pytest.raises(service.AmendmentError, match="preambulatory clauses may not be amended"):
        propose(draft, "USA", preamble, "Alarmed by drones,")
    clause = operative(draft, 1)
    with pytest.raises(service.AmendmentError, match="same"):
        propose(draft, "USA", clause, clause.text)
    assert not Amendment.objects.exists()


def test_friendly_amendment_needs_every_sponsor_then_the_chair(committee, draft, chair):
    drafts_usa = d(committee, "USA")
    clause = operative(draft, 1)
    amendment = propose(
        draft,
        "USA",
        clause,
        "Calls upon Member States to share information on drones and AI tools used by criminal groups;",
        friendly=True,
    )
    assert amendment.status == "proposed"
    with pytest.raises(service.AmendmentError, match="sponsors"):
        service.accept(amendment=amendment, delegation=drafts_usa, by=None)
    with pytest.raises(service.AmendmentError, match="accept"):
        service.confirm_friendly(amendment=amendment, by=chair)
    service.accept(amendment=amendment, delegation=d(committee, "MEX"), by=None)
    amendment.refresh_from_db()
    assert amendment.status == "accepted"
    service.confirm_friendly(amendment=amendment, by=chair)
    amendment.refresh_from_db()
    clause.refresh_from_db()
    assert amendment.status == "adopted"
    assert "drones and AI tools" in clause.text
    # The clause changed through the co-editing engine: a new revision on its block.
    block = clause_text.block_for(clause)
    assert block.current_revision.text == clause.text
    assert Revision.objects.filter(block=block).count() == 2


def test_a_sponsor_declining_makes_it_unfriendly(committee, draft):
    amendment = propose(
        draft, "USA", operative(draft, 2), "Requests a yearly report.", friendly=True
    )
    service.decline(amendment=amendment, delegation=d(committee, "MEX"))
    amendment.refresh_from_db()
    assert not amendment.friendly and "did not accept" in amendment.outcome


def test_unfriendly_amendment_signatures_approval_and_vote(committee, draft, chair):
    clause = operative(draft, 2)
    amendment = propose(draft, "USA", clause, "Requests the Office to report every year.")
    # Four members: more than a tenth needs 1 signature.
    with pytest.raises(service.AmendmentError, match="1 more"):
        service.approve_for_debate(amendment=amendment, by=chair)
    service.sign(amendment=amendment, delegation=d(committee, "FRA"), by=None)
    service.sign(amendment=amendment, delegation=d(committee, "FRA"), by=None)  # twice: once
    assert amendment.supports.count() == 1
    service.approve_for_debate(amendment=amendment, by=chair)
    amendment.refresh_from_db()
    assert amendment.status == "approved" and amendment.motion.kind == "amendment"
    assert "Amendment by United States" in amendment.motion.title

    roll_everyone_present(committee, chair)
    vote = procedure.open_vote(motion=amendment.motion, method="electronic", by=chair)
    for iso3, choice in (("USA", "yes"), ("FRA", "yes"), ("CHN", "no"), ("MEX", "abstain")):
        procedure.cast_ballot(vote=vote, delegation=d(committee, iso3), choice=choice, by=None)
    procedure.close_vote(vote=vote, by=chair)
    amendment.refresh_from_db()
    clause.refresh_from_db()
    assert amendment.status == "adopted"
    assert amendment.outcome.startswith("Adopted — passes")
    assert clause.text == "Requests the Office to report every year."


def test_a_failed_vote_rejects_and_leaves_the_clause(committee, draft, chair):
    clause = operative(draft, 2)
    before = clause.text
    amendment = propose(draft, "CHN", clause, "Requests nothing.")
    service.sign(amendment=amendment, delegation=d(committee, "FRA"), by=None)
    service.approve_for_debate(amendment=amendment, by=chair)
    amendment.refresh_from_db()
    roll_everyone_present(committee, chair)
    vote = procedure.open_vote(motion=amendment.motion, method="placard", by=chair)
    procedure.close_vote(vote=vote, by=chair, counts=procedure.PlacardCounts(yes=1, no=3))
    amendment.refresh_from_db()
    clause.refresh_from_db()
    assert amendment.status == "rejected" and "fails" in amendment.outcome
    assert clause.text == before


def test_pending_amendments_are_rebased_when_another_is_applied(committee, draft, chair):
    clause = operative(draft, 1)
    base = clause.text
    assert (
        base == "Calls upon Member States to share information on drones used by criminal groups;"
    )
    # Three delegations amend the same clause from the same text.
    first = propose(
        draft,
        "USA",
        clause,
        "Calls upon Member States to share information on drones used by criminal groups "
        "and cartels;",
        friendly=True,
    )
    clean = propose(
        draft,
        "FRA",
        clause,
        "Strongly calls upon Member States to share information on drones used by criminal groups;",
    )
    clashing = propose(
        draft,
        "CHN",
        clause,
        "Calls upon Member States to share information on drones used by terrorist groups "
        "and pirates;",
    )
    striking = propose(draft, "CHN", clause, "", kind="strike")
    service.accept(amendment=first, delegation=d(committee, "MEX"), by=None)
    service.confirm_friendly(amendment=first, by=chair)

    clause.refresh_from_db()
    assert clause.text.endswith("criminal groups and cartels;")
    clean.refresh_from_db()
    assert not clean.stale
    assert clean.text == (
        "Strongly calls upon Member States to share information on drones used by criminal "
        "groups and cartels;"
    )
    assert clean.base_text == clause.text
    assert f"amendment {first.pk}" in clean.rebase_note
    clashing.refresh_from_db()
    assert clashing.stale
    assert clashing.text.endswith("terrorist groups and pirates;")  # untouched
    assert clashing.base_text == base
    assert "cartels" in clashing.stale_preview and "pirates" in clashing.stale_preview
    assert "changed the same words" in clashing.stale_reason
    striking.refresh_from_db()
    assert not striking.stale and striking.base_text == clause.text

    # A stale amendment cannot go to debate until its delegation updates it.
    service.sign(amendment=clashing, delegation=d(committee, "FRA"), by=None)
    with pytest.raises(service.AmendmentError, match="stale"):
        service.approve_for_debate(amendment=clashing, by=chair)
    service.update_text(
        amendment=clashing,
        text="Calls upon Member States to share information on drones used by criminal groups, "
        "cartels and pirates;",
        by=None,
    )
    clashing.refresh_from_db()
    assert not clashing.stale and clashing.base_text == clause.text
    assert clashing.supports.count() == 0  # signatures were for the old wording


def test_striking_a_clause_makes_the_others_stale(committee, draft, chair):
    clause = operative(draft, 1)
    other = propose(draft, "FRA", clause, "Calls upon States to act;")
    strike = propose(draft, "USA", clause, "", kind="strike", friendly=True)
    service.accept(amendment=strike, delegation=d(committee, "MEX"), by=None)
    service.confirm_friendly(amendment=strike, by=chair)
    assert Clause.objects.get(pk=clause.pk).struck
    other.refresh_from_db()
    assert other.stale and "struck" in other.stale_reason


def test_an_added_clause_joins_the_operative_part(committee, draft, chair):
    added = propose(
        draft,
        "MEX",
        None,
        "Encourages regional training on AI-enabled smuggling.",
        kind="add",
        friendly=True,
    )
    assert added.status == "accepted"  # the only sponsor proposed it
    service.confirm_friendly(amendment=added, by=chair)
    added.refresh_from_db()
    assert added.clause.text.startswith("Encourages") and added.clause.kind == "operative"


def test_the_resolution_vote_makes_it_final(committee, draft, chair):
    drafts.put_to_vote(resolution=draft, by=chair)
    draft.refresh_from_db()
    roll_everyone_present(committee, chair)
    vote = procedure.open_vote(motion=draft.motion, method="placard", by=chair)
    procedure.close_vote(vote=vote, by=chair, counts=procedure.PlacardCounts(yes=3, no=1))
    draft.refresh_from_db()
    assert draft.status == DraftResolution.Status.ADOPTED and draft.is_final
    assert "passes" in draft.outcome
    with pytest.raises(service.AmendmentError):
        propose(draft, "USA", operative(draft, 1), "Too late;")


def test_the_draft_waits_for_pending_amendments(committee, draft, chair):
    propose(draft, "USA", operative(draft, 1), "Calls upon all States to act;")
    with pytest.raises(drafts.ResolutionError, match="pending"):
        drafts.put_to_vote(resolution=draft, by=chair)


def test_two_delegates_co_edit_an_amendment(committee, draft):
    from positions.models import Draft

    ana, ben = factories.make_user("ana_us"), factories.make_user("ben_us")
    for user in (ana, ben):
        factories.seat_delegate(user, committee, "USA")
    clause = operative(draft, 2)
    amendment = propose(draft, "USA", clause, "Requests the Office to report every year.")
    amendment.refresh_from_db()
    base = amendment.block.current_revision_id
    service.sign(amendment=amendment, delegation=d(committee, "FRA"), by=None)
    # Ana and Ben edit different words from the same revision: both changes are kept.
    service.update_text(
        amendment=amendment,
        text="Requests the Office to report every six months.",
        by=ana,
        base_revision_id=base,
    )
    outcome = service.update_text(
        amendment=amendment,
        text="Requests the Secretariat to report every year.",
        by=ben,
        base_revision_id=base,
    )
    amendment.refresh_from_db()
    assert outcome.status == "merged"
    assert amendment.text == "Requests the Secretariat to report every six months."
    assert amendment.supports.count() == 0  # the wording changed: signatures start again
    # Ben then changes the same words Ana changed meanwhile: his text is kept as his draft.
    base = amendment.block.current_revision_id
    service.update_text(
        amendment=amendment,
        text="Requests the Secretariat to report every quarter.",
        by=ana,
        base_revision_id=base,
    )
    outcome = service.update_text(
        amendment=amendment,
        text="Requests the Secretariat to report every week.",
        by=ben,
        base_revision_id=base,
    )
    amendment.refresh_from_db()
    assert outcome.status == "conflict"
    assert amendment.text.endswith("every quarter.")
    assert Draft.objects.get(user=ben, block=amendment.block).text.endswith("every week.")


def test_amendments_follow_their_motion_in_the_chairs_queue(committee, draft, chair):
    amendment = propose(draft, "USA", operative(draft, 2), "Requests a yearly report.")
    service.sign(amendment=amendment, delegation=d(committee, "FRA"), by=None)
    service.approve_for_debate(amendment=amendment, by=chair)
    amendment.refresh_from_db()
    roll_everyone_present(committee, chair)
    vote = procedure.open_vote(motion=amendment.motion, method="electronic", by=chair)
    amendment.refresh_from_db()
    assert amendment.status == "voting"
    procedure.cancel_vote(vote=vote, by=chair)
    amendment.refresh_from_db()
    assert amendment.status == "approved"
    procedure.withdraw_motion(motion=amendment.motion, by=chair)
    amendment.refresh_from_db()
    assert amendment.status == "withdrawn" and "withdrew" in amendment.outcome

    # A draft whose motion was withdrawn from the queue can be put to the vote again.
    drafts.put_to_vote(resolution=draft, by=chair)
    draft.refresh_from_db()
    procedure.withdraw_motion(motion=draft.motion, by=chair)
    draft.refresh_from_db()
    assert draft.motion is None
    drafts.put_to_vote(resolution=draft, by=chair)
    draft.refresh_from_db()
    assert draft.motion.status == "queued"


def test_no_new_amendments_once_the_draft_is_in_the_voting_queue(committee, draft, chair):
    drafts.put_to_vote(resolution=draft, by=chair)
    draft.refresh_from_db()
    with pytest.raises(service.AmendmentError, match="voting queue"):
        propose(draft, "USA", operative(draft, 1), "Calls upon all States to act;")


def test_a_rebased_amendment_in_the_queue_updates_the_text_under_debate(committee, draft, chair):
    clause = operative(draft, 1)
    queued = propose(
        draft,
        "FRA",
        clause,
        "Strongly calls upon Member States to share information on drones used by criminal groups;",
    )
    service.sign(amendment=queued, delegation=d(committee, "CHN"), by=None)
    service.approve_for_debate(amendment=queued, by=chair)
    friendly = propose(
        draft,
        "MEX",
        clause,
        "Calls upon Member States to share information on drones used by criminal groups "
        "and cartels;",
        friendly=True,
    )
    service.confirm_friendly(amendment=friendly, by=chair)
    queued.refresh_from_db()
    assert queued.text.startswith("Strongly") and queued.text.endswith("and cartels;")
    assert queued.motion.text.endswith("With: " + queued.text)


WORDS = ["drones", "cartels", "borders", "share", "data", "States", "urgently", "AI", "tools"]


def _edit(words, data):
    """A random edit of a word list: replace, insert or delete a few words."""
    words = list(words)
    for _ in range(data.draw(st.integers(1, 3))):
        op = data.draw(st.sampled_from(["insert", "delete", "replace"]))
        at = data.draw(st.integers(0, max(len(words) - 1, 0)))
        new = data.draw(st.sampled_from(WORDS)) + data.draw(st.sampled_from(["", "X", "Y"]))
        if op == "insert" or not words:
            words.insert(at, new)
        elif op == "delete" and len(words) > 1:
            del words[at]
        else:
            words[at] = new
    return words


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_a_rebase_is_never_silently_wrong(committee, draft, chair, data):
    """Whatever two delegations change, a pending amendment is either rebased keeping every
    word both inserted, or left untouched and flagged stale."""
    base_words = data.draw(st.lists(st.sampled_from(WORDS), min_size=3, max_size=8))
    clause = drafts.add_clause(
        resolution=draft,
        kind="operative",
        text="Urges " + " ".join(base_words) + ";",
        allow_when_locked=True,
    )
    applied_text = "Urges " + " ".join(_edit(base_words, data)) + ";"
    pending_text = "Urges " + " ".join(_edit(base_words, data)) + ";"
    if clause.text in (applied_text, pending_text):
        return
    pending = propose(draft, "FRA", clause, pending_text)
    applied = propose(draft, "MEX", clause, applied_text, friendly=True)
    service.confirm_friendly(amendment=applied, by=chair)
    pending.refresh_from_db()
    if pending.stale:
        assert pending.text == pending_text and pending.base_text == clause.text
        assert pending.stale_preview
    else:
        assert pending.base_text == applied_text
        for words, base in ((pending_text, clause.text), (applied_text, clause.text)):
            inserted = set(words.split()) - set(base.split())
            assert inserted <= set(pending.text.split())


@pytest.fixture
def custom_draft(committee):
    committee.rule_overrides = {"second_degree_amendments": True}
    committee.save(update_fields=["rule_overrides"])
    return introduced_draft(committee)


def test_amendments_to_amendments_only_where_the_rules_allow(committee, draft):
    parent = propose(draft, "USA", operative(draft, 2), "Requests a yearly report.")
    with pytest.raises(service.AmendmentError, match="amendments to amendments are not allowed"):
        service.propose_second_degree(
            amendment=parent, delegation=d(committee, "FRA"), text="Requests a report.", by=None
        )


def test_a_second_degree_amendment_is_voted_first_and_rewrites_the_amendment(
    committee, custom_draft, chair
):
    draft = custom_draft
    clause = operative(draft, 2)
    parent = propose(draft, "USA", clause, "Requests the Office to report every year.")
    with pytest.raises(service.AmendmentError, match="own amendment"):
        service.propose_second_degree(
            amendment=parent, delegation=d(committee, "USA"), text="x", by=None
        )
    sub = service.propose_second_degree(
        amendment=parent,
        delegation=d(committee, "FRA"),
        text="Requests the Office to report every two years.",
        by=None,
    )
    rival = service.propose_second_degree(
        amendment=parent,
        delegation=d(committee, "CHN"),
        text="Requests the Office and the Secretariat to report every year.",
        by=None,
    )
    with pytest.raises(service.AmendmentError, match="cannot itself be amended"):
        service.propose_second_degree(
            amendment=sub, delegation=d(committee, "MEX"), text="y", by=None
        )
    service.sign(amendment=sub, delegation=d(committee, "MEX"), by=None)
    service.approve_for_debate(amendment=sub, by=chair)
    sub.refresh_from_db()
    assert "to amendment" in sub.motion.title
    roll_everyone_present(committee, chair)
    vote = procedure.open_vote(motion=sub.motion, method="placard", by=chair)
    procedure.close_vote(vote=vote, by=chair, counts=procedure.PlacardCounts(yes=3, no=1))
    parent.refresh_from_db()
    sub.refresh_from_db()
    rival.refresh_from_db()
    assert sub.status == "adopted"
    assert parent.text == "Requests the Office to report every two years."
    assert f"amendment {sub.pk}" in parent.rebase_note
    # The rival changed other words of the amendment: it is rebased onto the new wording.
    assert rival.text == "Requests the Office and the Secretariat to report every two years."
    assert Clause.objects.get(pk=clause.pk).text != parent.text  # the clause waits for its vote

    service.sign(amendment=parent, delegation=d(committee, "MEX"), by=None)
    service.approve_for_debate(amendment=parent, by=chair)
    parent.refresh_from_db()
    vote = procedure.open_vote(motion=parent.motion, method="placard", by=chair)
    procedure.close_vote(vote=vote, by=chair, counts=procedure.PlacardCounts(yes=3, no=1))
    rival.refresh_from_db()
    assert Clause.objects.get(pk=clause.pk).text == "Requests the Office to report every two years."
    assert rival.status == "withdrawn" and "adopted first" in rival.outcome


def test_withdrawing_an_amendment_closes_the_amendments_to_it(committee, custom_draft):
    parent = propose(custom_draft, "USA", operative(custom_draft, 2), "Requests a yearly report.")
    sub = service.propose_second_degree(
        amendment=parent, delegation=d(committee, "FRA"), text="Requests a report.", by=None
    )
    service.withdraw(amendment=parent)
    sub.refresh_from_db()
    assert sub.status == "withdrawn" and "withdrawn" in sub.outcome
