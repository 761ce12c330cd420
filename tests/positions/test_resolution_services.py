"""Draft resolutions: drafting, support, the chair's steps, export."""

import io

import docx
import pytest

from positions.engines import resolution_docx
from positions.models import Clause, DraftResolution, Sponsorship
from positions.models.resolutions import clause_tree, lint_tree
from positions.selectors import resolutions as selectors
from positions.services import clause_text
from positions.services import resolutions as drafts
from tests import factories

TEN = ("USA", "MEX", "CHN", "FRA", "GBR", "DEU", "IND", "BRA", "NGA", "COL")


@pytest.fixture
def big_committee(db):
    return factories.make_committee("big", countries=TEN, acronym="UNODC")


def d(committee, iso3):
    return factories.delegation(committee, iso3)


def new_draft(committee, sponsor="MEX", title="Countering AI-enabled trafficking"):
    return drafts.create_draft(
        committee=committee, title=title, sponsor=d(committee, sponsor), by=None
    )


def test_a_working_paper_starts_with_its_sponsor(committee):
    resolution = new_draft(committee)
    assert resolution.status == DraftResolution.Status.WORKING_PAPER
    assert [(s.delegation.country.iso3, s.role) for s in resolution.sponsorships.all()] == [
        ("MEX", "sponsor")
    ]
    with pytest.raises(drafts.ResolutionError, match="title"):
        drafts.create_draft(committee=committee, title="  ", sponsor=d(committee, "MEX"), by=None)


def test_clauses_nest_three_levels_and_reorder(committee):
    resolution = new_draft(committee)
    pre = drafts.add_clause(resolution=resolution, kind="preambulatory", text="Recalling X,")
    op1 = drafts.add_clause(resolution=resolution, kind="operative", text="Urges States:")
    op2 = drafts.add_clause(resolution=resolution, kind="operative", text="Requests a report.")
    a = drafts.add_clause(resolution=resolution, kind="preambulatory", text="to act;", parent=op1)
    assert a.kind == "operative" and a.depth == 1  # a sub-clause takes its clause's kind
    b = drafts.add_clause(resolution=resolution, kind="operative", text="to share:", parent=op1)
    i = drafts.add_clause(resolution=resolution, kind="operative", text="data:", parent=b)
    deepest = drafts.add_clause(resolution=resolution, kind="operative", text="x;", parent=i)
    with pytest.raises(drafts.ResolutionError, match="three levels"):
        drafts.add_clause(resolution=resolution, kind="operative", text="y;", parent=deepest)

    labels = {
        n.clause.pk: n.label for root in clause_tree(resolution.clauses.all()) for n in root.walk()
    }
    assert labels[op1.pk] == "1" and labels[op2.pk] == "2"
    assert (
        labels[b.pk] == "1 b)" and labels[i.pk] == "1 b) i." and labels[deepest.pk] == "1 b) i. A."
    )
    assert labels[pre.pk] == ""

    drafts.move_clause(clause=op2, direction="up")
    top = clause_tree(resolution.clauses.all())
    assert [n.clause.pk for n in top] == [pre.pk, op2.pk, op1.pk]
    assert top[1].label == "1" and top[2].label == "2"
    drafts.reorder_clauses(resolution=resolution, parent=None, ordered_ids=[pre.pk, op1.pk, op2.pk])
    assert [n.clause.pk for n in clause_tree(resolution.clauses.all())] == [pre.pk, op1.pk, op2.pk]
    # The preamble comes first: no reorder or move puts it among the operative clauses.
    with pytest.raises(drafts.ResolutionError, match="preamble comes first"):
        drafts.reorder_clauses(
            resolution=resolution, parent=None, ordered_ids=[op1.pk, op2.pk, pre.pk]
        )
    with pytest.raises(drafts.ResolutionError, match="preamble comes first"):
        drafts.move_clause(clause=pre, direction="down")
    assert [n.clause.pk for n in clause_tree(resolution.clauses.all())] == [pre.pk, op1.pk, op2.pk]
    with pytest.raises(drafts.ResolutionError, match="changed"):
        drafts.reorder_clauses(resolution=resolution, parent=None, ordered_ids=[op1.pk])


def test_the_preamble_stays_first_and_has_no_sub_clauses(committee):
    resolution = new_draft(committee)
    op = drafts.add_clause(resolution=resolution, kind="operative", text="Urges States to act;")
    pre = drafts.add_clause(resolution=resolution, kind="preambulatory", text="Recalling X,")
    later = drafts.add_clause(resolution=resolution, kind="operative", text="Requests Y.")
    assert [n.clause.pk for n in clause_tree(resolution.clauses.all())] == [pre.pk, op.pk, later.pk]
    with pytest.raises(drafts.ResolutionError, match="operative clauses"):
        drafts.add_clause(resolution=resolution, kind="operative", text="a;", parent=pre)
    drafts.change_clause_kind(clause=later, kind="preambulatory")
    assert [n.clause.pk for n in clause_tree(resolution.clauses.all())] == [pre.pk, later.pk, op.pk]
    drafts.add_clause(resolution=resolution, kind="operative", text="a;", parent=op)
    with pytest.raises(drafts.ResolutionError, match="no sub-clauses"):
        drafts.change_clause_kind(clause=op, kind="preambulatory")


def test_pasted_preamble_lands_before_existing_operative_clauses(committee):
    resolution = new_draft(committee)
    op = drafts.add_clause(resolution=resolution, kind="operative", text="Urges States to act.")
    drafts.add_pasted_clauses(
        resolution=resolution,
        text="Recalling its resolution 70/1,\n\nNoting the report,\n\n1. Requests a report.",
    )
    kinds = [n.kind for n in clause_tree(resolution.clauses.all())]
    assert kinds == ["preambulatory", "preambulatory", "operative", "operative"]
    assert clause_tree(resolution.clauses.all())[2].clause.pk == op.pk


def test_bad_input_changes_nothing(committee):
    resolution = new_draft(committee)
    with pytest.raises(drafts.ResolutionError, match="preambulatory or operative"):
        drafts.add_clause(resolution=resolution, kind="bogus", text="Notes.")
    with pytest.raises(drafts.ResolutionError, match="4000"):
        drafts.add_clause(resolution=resolution, kind="operative", text="x" * 4001)
    assert not resolution.clauses.exists()


def test_lint_findings_attach_to_their_clauses(committee):
    resolution = new_draft(committee)
    bad = drafts.add_clause(
        resolution=resolution, kind="operative", text="Decides to ban drones at borders;"
    )
    drafts.add_clause(resolution=resolution, kind="operative", text="Requests a report.")
    top = clause_tree(resolution.clauses.all())
    organ, name = selectors.organ_for(committee)
    findings = lint_tree(top, organ=organ, organ_name=name)
    assert [f.code for f in findings] == ["competence"]
    assert top[0].clause.pk == bad.pk and top[0].findings == findings


def test_support_one_row_per_delegation_and_the_limits(big_committee):
    resolution = new_draft(big_committee)
    usa = d(big_committee, "USA")
    drafts.support(resolution=resolution, delegation=usa, role="signatory", by=None)
    drafts.support(resolution=resolution, delegation=usa, role="signatory", by=None)  # again
    drafts.support(resolution=resolution, delegation=usa, role="sponsor", by=None)  # upgrade
    rows = list(Sponsorship.objects.filter(resolution=resolution, delegation=usa))
    assert [r.role for r in rows] == ["sponsor"]
    for iso3 in ("CHN", "FRA", "GBR"):
        drafts.support(
            resolution=resolution, delegation=d(big_committee, iso3), role="sponsor", by=None
        )
    with pytest.raises(drafts.ResolutionError, match="5 sponsors"):
        drafts.support(
            resolution=resolution, delegation=d(big_committee, "DEU"), role="sponsor", by=None
        )
    foreign = factories.make_committee("other", countries=("USA",))
    with pytest.raises(drafts.ResolutionError, match="does not sit"):
        drafts.support(
            resolution=resolution, delegation=d(foreign, "USA"), role="signatory", by=None
        )
    only = new_draft(big_committee, sponsor="IND")
    with pytest.raises(drafts.ResolutionError, match="last"):
        drafts.withdraw_support(resolution=only, delegation=d(big_committee, "IND"))


def test_threshold_submit_approve_symbol_introduce(big_committee):
    resolution = new_draft(big_committee)
    drafts.add_clause(resolution=resolution, kind="operative", text="Urges States to act.")
    support = selectors.support_for(resolution)
    # Ten members: more than one fifth needs 3 (sponsors + signatories).
    assert not support.check.ok and "2 more" in support.check.explanation
    with pytest.raises(drafts.ResolutionError, match="2 more"):
        drafts.submit(resolution=resolution)
    drafts.support(
        resolution=resolution, delegation=d(big_committee, "USA"), role="signatory", by=None
    )
    drafts.support(
        resolution=resolution, delegation=d(big_committee, "CHN"), role="signatory", by=None
    )
    assert selectors.support_for(resolution).check.ok
    drafts.submit(resolution=resolution)
    approved = drafts.approve(resolution=resolution)
    assert approved.symbol == "UNODC/1/DR.1" and approved.number == 1
    second = new_draft(big_committee, sponsor="FRA")
    drafts.add_clause(resolution=second, kind="operative", text="Urges States to act.")
    for iso3 in ("GBR", "DEU"):
        drafts.support(
            resolution=second, delegation=d(big_committee, iso3), role="signatory", by=None
        )
    drafts.submit(resolution=second)
    assert drafts.approve(resolution=second).symbol == "UNODC/1/DR.2"
    with pytest.raises(drafts.ResolutionError, match="amendments"):
        drafts.add_clause(resolution=approved, kind="operative", text="Late;")
    with pytest.raises(drafts.ResolutionError, match="approves"):
        drafts.support(
            resolution=approved, delegation=d(big_committee, "IND"), role="signatory", by=None
        )
    introduced = drafts.introduce(resolution=approved)
    assert introduced.status == "introduced" and introduced.is_amendable


def test_an_adopted_resolution_is_final(committee):
    resolution = new_draft(committee)
    drafts.record_outcome(resolution=resolution, adopted=True, explanation="adopted: 3 yes, 1 no")
    resolution.refresh_from_db()
    assert resolution.is_final and resolution.outcome.startswith("adopted")
    with pytest.raises(drafts.ResolutionError):
        drafts.add_clause(resolution=resolution, kind="operative", text="More.")
    with pytest.raises(drafts.ResolutionError, match="decided"):
        drafts.withdraw(resolution=resolution)


def test_every_change_bumps_the_version(committee):
    resolution = new_draft(committee)
    before = DraftResolution.objects.get(pk=resolution.pk).version
    clause = drafts.add_clause(resolution=resolution, kind="operative", text="Urges.")
    clause_text.save_clause(clause=clause, user=None, text="Urges States.", base_revision_id="")
    assert DraftResolution.objects.get(pk=resolution.pk).version == before + 2
    assert Clause.objects.get(pk=clause.pk).text == "Urges States."


def test_docx_export_in_un_format():
    data = resolution_docx.ExportResolution(
        symbol="UNODC/1/DR.1",
        title="Countering AI-enabled trafficking",
        committee_name="United Nations Office on Drugs and Crime",
        subject="The United Nations Office on Drugs and Crime,",
        sponsors=("Mexico",),
        signatories=("China", "France"),
        clauses=(
            resolution_docx.ExportClause("preambulatory", "", "Recalling", " its work,"),
            resolution_docx.ExportClause(
                "operative",
                "1",
                "Urges",
                " States:",
                children=(
                    resolution_docx.ExportClause("operative", "a)", "", "to act;"),
                    resolution_docx.ExportClause("operative", "b)", "", "to share."),
                ),
            ),
        ),
    )
    document = docx.Document(io.BytesIO(resolution_docx.to_docx(data)))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "UNODC/1/DR.1"
    assert "Sponsors: Mexico" in texts and "Signatories: China, France" in texts
    assert "The United Nations Office on Drugs and Crime," in texts
    pre = next(p for p in document.paragraphs if p.text.startswith("Recalling"))
    assert pre.runs[0].italic and pre.runs[0].text == "Recalling"
    op = next(p for p in document.paragraphs if "Urges" in p.text)
    assert op.text.startswith("1.\tUrges")
    assert next(r for r in op.runs if r.text == "Urges").underline
    sub = next(p for p in document.paragraphs if "to act;" in p.text)
    assert sub.paragraph_format.left_indent > op.paragraph_format.left_indent
