"""Drafting without reloads: a clause saves in place (the text area is left alone, its base
revision moves on), a new clause arrives in its place, an overlap goes to the conflict view."""

import re

import pytest
from django.urls import reverse

from positions.services import clause_text
from positions.services import resolutions as drafts
from tests import factories

HX = {"HX-Request": "true"}


def url(name, resolution, **extra):
    return reverse(
        f"resolutions:{name}",
        kwargs={"slug": resolution.committee.slug, "pk": resolution.pk, **extra},
    )


@pytest.fixture
def working_paper(committee):
    resolution = drafts.create_draft(
        committee=committee, title="Drones", sponsor=factories.delegation(committee, "MEX"), by=None
    )
    drafts.add_clause(resolution=resolution, kind="preambulatory", text="Recalling its work,")
    drafts.add_clause(resolution=resolution, kind="operative", text="Requests a report.")
    return resolution


def test_a_clause_saves_in_place(role_client, working_paper):
    client = role_client("other_delegate")
    clause = working_paper.clauses.get(kind="operative")
    base = clause_text.block_for(clause).current_revision_id
    response = client.post(
        url("clause_save", working_paper, clause_id=clause.pk),
        {"text": "Requests the Office to report", "base_revision": base},
        headers=HX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="clause-status-{clause.pk}"' in html
    assert "textarea" not in html  # the field being typed in is not swapped
    new_base = clause_text.block_for(clause).current_revision_id
    assert new_base != base
    assert f'id="base-{clause.pk}" value="{new_base}" hx-swap-oob="true"' in html
    # The findings follow the text: the last operative clause ends with a period.
    assert "ends the resolution with a period" in html
    assert 'id="draft-updates" class="draft-updates" hx-swap-oob="true"' in html
    clause.refresh_from_db()
    assert clause.text == "Requests the Office to report"


def test_an_overlapping_save_goes_to_the_conflict_view(committee, working_paper, client):
    ana, luis = factories.make_user("ana_mex"), factories.make_user("luis3_mex")
    for user in (ana, luis):
        factories.seat_delegate(user, committee, "MEX")
    clause = working_paper.clauses.get(kind="operative")
    base = clause_text.block_for(clause).current_revision_id
    client.force_login(ana)
    client.post(
        url("clause_save", working_paper, clause_id=clause.pk),
        {"text": "Requests a yearly report.", "base_revision": base},
        headers=HX,
    )
    client.force_login(luis)
    response = client.post(
        url("clause_save", working_paper, clause_id=clause.pk),
        {"text": "Requests a monthly report.", "base_revision": base},
        headers=HX,
    )
    assert response["HX-Redirect"].endswith(f"#clause-{clause.pk}")
    page = client.get(url("draft", working_paper)).content.decode()
    assert "overlaps a co-sponsor" in page and "Requests a monthly report." in page


def test_clauses_are_added_in_place_the_preamble_first(role_client, working_paper):
    client = role_client("other_delegate")
    op = client.post(
        url("clause_add", working_paper),
        {"kind": "operative", "text": "Urges States to cooperate."},
        headers=HX,
    )
    html = op.content.decode()
    new = working_paper.clauses.get(text="Urges States to cooperate.")
    assert f'id="clause-{new.pk}"' in html and "HX-Retarget" not in op
    assert re.search(r'draft-clause__label">2\.', html)  # numbered in place
    assert "Clause added." in html

    pre = client.post(
        url("clause_add", working_paper),
        {"kind": "preambulatory", "text": "Noting the report,"},
        headers=HX,
    )
    first_pre = working_paper.clauses.get(text="Recalling its work,")
    assert pre["HX-Retarget"] == f"#clause-{first_pre.pk}"
    assert pre["HX-Reswap"] == "afterend"
    assert "Add a sub-clause" not in pre.content.decode()  # only operative clauses have them

    bad = client.post(url("clause_add", working_paper), {"kind": "x", "text": "y"}, headers=HX)
    assert bad["HX-Retarget"] == "#add-clause-status"
    assert "preambulatory or operative" in bad.content.decode()


def test_in_place_writes_are_for_sponsors_only(role_client, working_paper):
    clause = working_paper.clauses.get(kind="operative")
    for role in ("delegate", "chair"):
        response = role_client(role).post(
            url("clause_save", working_paper, clause_id=clause.pk), {"text": "x"}, headers=HX
        )
        assert response.status_code == 403
