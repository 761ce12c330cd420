"""Merging two working papers: who agrees, what the merged paper holds, what stays on record,
and two merges at once."""

import pytest

from positions.models import Clause, DraftResolution, MergeProposal, Sponsorship
from positions.models.resolutions import clause_tree
from positions.services import merges
from positions.services import resolutions as drafts
from tests import factories
from tests.positions.test_resolution_concurrency import run_at_once


def d(committee, iso3):
    return factories.delegation(committee, iso3)


def paper(committee, sponsor, title, clauses, signatories=()):
    resolution = drafts.create_draft(
        committee=committee, title=title, sponsor=d(committee, sponsor), by=None
    )
    for kind, text, *subs in clauses:
        clause = drafts.add_clause(resolution=resolution, kind=kind, text=text)
        for sub in subs:
            drafts.add_clause(resolution=resolution, kind=kind, text=sub, parent=clause)
    for iso3 in signatories:
        drafts.support(
            resolution=resolution, delegation=d(committee, iso3), role="signatory", by=None
        )
    return resolution


@pytest.fixture
def pair(committee):
    a = paper(
        committee,
        "MEX",
        "Drones at borders",
        [
            ("preambulatory", "Alarmed by drones,"),
            ("operative", "Urges States to share data:", "on flights;", "on seizures;"),
            ("operative", "Requests a report;"),
        ],
        signatories=("USA",),
    )
    b = paper(
        committee,
        "CHN",
        "AI and trafficking",
        [
            ("preambulatory", "Noting the UNODC report,"),
            ("operative", "Invites States to train officers:", "in AI tools;"),
            ("preambulatory", "Recalling resolution 60/1,"),
        ],
        signatories=("USA", "MEX"),
    )
    drafts.support(resolution=b, delegation=d(committee, "FRA"), role="sponsor", by=None)
    return a, b


def texts(resolution):
    out = []
    for root in clause_tree(list(resolution.clauses.all())):
        for node in root.walk():
            out.append((node.label or "pre", node.clause.text))
    return out


def test_a_sponsor_proposes_and_the_other_papers_sponsor_accepts(committee, pair):
    a, b = pair
    mex, chn = d(committee, "MEX"), d(committee, "CHN")
    versions = (a.version, b.version)
    proposal = merges.propose(into=a, merged=b, delegation=mex, by=None)
    assert proposal.status == "pending"
    a.refresh_from_db(), b.refresh_from_db()
    assert (a.version, b.version) > versions  # both pages show the proposal
    assert b.status == "working_paper" and a.clauses.count() == 5

    before_a, before_b = texts(a), texts(b)
    versions = (a.version, b.version)
    merges.answer(proposal=proposal, delegation=chn, accept=True, by=None)
    a.refresh_from_db(), b.refresh_from_db()
    assert a.version > versions[0] and b.version > versions[1]  # open pages refresh
    # No clause lost: the preamble first (A's, then B's), then operative clauses renumbered.
    assert texts(a) == [
        ("pre", "Alarmed by drones,"),
        ("pre", "Noting the UNODC report,"),
        ("pre", "Recalling resolution 60/1,"),
        ("1", "Urges States to share data:"),
        ("1 a)", "on flights;"),
        ("1 b)", "on seizures;"),
        ("2", "Requests a report;"),
        ("3", "Invites States to train officers:"),
        ("3 a)", "in AI tools;"),
    ]
    assert a.clauses.count() == len(before_a) + len(before_b)
    # The merged-away paper is read-only, says where it went, and keeps its text.
    assert b.status == DraftResolution.Status.MERGED and b.merged_into_id == a.pk
    assert b.is_final and not b.is_editable
    assert texts(b) == before_b
    copied = a.clauses.exclude(copied_from=None)
    assert {c.copied_from.resolution_id for c in copied} == {b.pk} and copied.count() == 4
    # Sponsors and signatories united, each delegation once, a sponsor of either a sponsor.
    roles = {s.delegation.country.iso3: s.role for s in a.sponsorships.all()}
    assert roles == {"MEX": "sponsor", "CHN": "sponsor", "FRA": "sponsor", "USA": "signatory"}
    assert Sponsorship.objects.filter(resolution=a).count() == 4
    proposal.refresh_from_db()
    assert proposal.status == "accepted" and proposal.decided_by == chn
    with pytest.raises(drafts.ResolutionError):
        drafts.add_clause(resolution=b, kind="operative", text="Too late;")


def test_only_the_right_sponsors_propose_and_answer(committee, pair):
    a, b = pair
    usa, mex, chn = d(committee, "USA"), d(committee, "MEX"), d(committee, "CHN")
    with pytest.raises(merges.MergeError, match="Only a sponsor of this working paper"):
        merges.propose(into=a, merged=b, delegation=usa, by=None)  # a signatory only
    proposal = merges.propose(into=a, merged=b, delegation=mex, by=None)
    with pytest.raises(merges.MergeError, match="already proposed"):
        merges.propose(into=a, merged=b, delegation=mex, by=None)
    for who in (usa, mex):  # MEX signs B but does not sponsor it
        with pytest.raises(merges.MergeError, match="Only a sponsor of the paper to be merged"):
            merges.answer(proposal=proposal, delegation=who, accept=True, by=None)
    with pytest.raises(merges.MergeError, match="Only a sponsor of the paper that proposed"):
        merges.withdraw(proposal=proposal, delegation=chn, by=None)
    merges.answer(proposal=proposal, delegation=chn, accept=False, by=None)
    a.refresh_from_db(), b.refresh_from_db()
    assert b.status == "working_paper" and a.clauses.count() == 5
    with pytest.raises(merges.MergeError, match="already declined"):
        merges.answer(proposal=proposal, delegation=chn, accept=True, by=None)
    with pytest.raises(merges.MergeError, match="into itself"):
        merges.chair_merge(into=a, merged=a, by=None)


def test_a_delegation_sponsoring_both_merges_at_once(committee, pair):
    a, b = pair
    drafts.support(resolution=b, delegation=d(committee, "MEX"), role="sponsor", by=None)
    proposal = merges.propose(into=a, merged=b, delegation=d(committee, "MEX"), by=None)
    b.refresh_from_db()
    assert proposal.status == "accepted" and b.status == "merged"


def test_the_chair_merges_and_other_proposals_lapse(committee, pair):
    a, b = pair
    c = paper(committee, "USA", "Third", [("operative", "Decides to meet again.")])
    other = merges.propose(into=c, merged=b, delegation=d(committee, "USA"), by=None)
    merges.chair_merge(into=a, merged=b, by=None)
    other.refresh_from_db()
    assert other.status == "lapsed"
    with pytest.raises(merges.MergeError, match="only working papers"):
        merges.answer(proposal=other, delegation=d(committee, "CHN"), accept=True, by=None)
    # A paper no longer a working paper cannot be merged either way.
    with pytest.raises(merges.MergeError, match="only working papers"):
        merges.chair_merge(into=b, merged=c, by=None)


def test_a_refused_merge_changes_nothing(committee, pair):
    a, b = pair
    drafts.withdraw(resolution=b)
    a.refresh_from_db()
    before = (a.version, a.clauses.count(), a.sponsorships.count())
    with pytest.raises(merges.MergeError, match="withdrawn"):
        merges.chair_merge(into=a, merged=b, by=None)
    a.refresh_from_db()
    assert (a.version, a.clauses.count(), a.sponsorships.count()) == before
    assert not Clause.objects.filter(resolution=a).exclude(copied_from=None).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_merges_at_once_one_wins_nothing_lost(committee):
    a = paper(committee, "MEX", "A", [("preambulatory", "Alarmed,"), ("operative", "Urges;")])
    b = paper(committee, "CHN", "B", [("operative", "Invites;", "a;", "b.")])
    c = paper(committee, "FRA", "C", [("operative", "Decides.")])
    clauses = {p.pk: p.clauses.count() for p in (a, b, c)}
    # A ← B, B ← A, C ← B, all at once: B can end up in one place only, and A merged away
    # into B can no longer take B.
    work = [(a, b), (b, a), (c, b)] * 4

    def go(i):
        into, merged = work[i]
        merges.chair_merge(into=into, merged=merged, by=None)

    errors = run_at_once(go)
    assert all(isinstance(e, merges.MergeError) for e in errors), errors
    # Each paper merged away at most once and never both ways (A ← B and B ← A); a chain
    # (A into B, then B into C) is a fair outcome. Nothing lost: the papers left hold every
    # clause there was, once.
    merged = list(DraftResolution.objects.filter(status="merged"))
    assert 1 <= len(merged) <= 2 and len(errors) == len(work) - len(merged)
    pairs = {(m.pk, m.merged_into_id) for m in merged}
    assert not any((b_, a_) in pairs for a_, b_ in pairs)
    left = DraftResolution.objects.filter(status="working_paper")
    assert sum(p.clauses.count() for p in left) == sum(clauses.values())
    for gone in merged:
        # Its own clauses stay as they were (a paper of a chain also keeps what it took in).
        assert gone.clauses.filter(copied_from=None).count() == clauses[gone.pk]
    assert MergeProposal.objects.count() == 0
    for p in left:
        sponsors = list(p.sponsorships.values_list("delegation_id", flat=True))
        assert len(sponsors) == len(set(sponsors))
