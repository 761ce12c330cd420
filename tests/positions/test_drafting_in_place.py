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


# --- the clause list swapped in place: sub-clauses, moves, kinds, deletions, drag and drop ---

from positions.models import Clause  # noqa: E402
from tests.conftest import ROLES  # noqa: E402


def _order(resolution, parent=None):
    return list(
        resolution.clauses.filter(parent=parent)
        .order_by("order", "pk")
        .values_list("text", flat=True)
    )


def _list_html(response):
    html = response.content.decode()
    assert response["HX-Retarget"] == "#draft-clauses"
    assert response["HX-Reswap"] == "outerHTML"
    assert html.startswith("\n<ol") or html.lstrip().startswith(
        '<ol class="draft-clauses plain" id="draft-clauses"'
    )
    # The findings and the poll's version come along; the announcement is read out in place.
    assert 'id="draft-findings" hx-swap-oob="true"' in html
    assert 'id="draft-updates" class="draft-updates" hx-swap-oob="true"' in html
    assert 'id="draft-announce"' in html and 'hx-swap-oob="innerHTML"' in html
    return html


def test_a_sub_clause_arrives_in_the_list_with_the_focus_on_it(role_client, working_paper):
    client = role_client("other_delegate")
    op = working_paper.clauses.get(kind="operative")
    response = client.post(
        url("clause_add", working_paper),
        {"parent": op.pk, "kind": "operative", "text": "by sharing information;"},
        headers=HX,
    )
    html = _list_html(response)
    sub = working_paper.clauses.get(parent=op)
    assert sub.depth == 1
    assert f'data-focus="clause-text-{sub.pk}"' in html
    assert "Sub-clause added: clause 1 a)." in html
    assert f'id="clause-form-{sub.pk}"' in html


def test_sub_clauses_only_under_operative_clauses_to_four_levels(role_client, working_paper):
    client = role_client("other_delegate")
    pre = working_paper.clauses.get(kind="preambulatory")
    response = client.post(
        url("clause_add", working_paper),
        {"parent": pre.pk, "kind": "preambulatory", "text": "a) nested,"},
        headers=HX,
    )
    assert response["HX-Reswap"] == "none"  # nothing replaced: the typed text stays in its box
    assert "Sub-clauses belong to operative clauses" in response.content.decode()
    assert not working_paper.clauses.filter(parent=pre).exists()

    parent = working_paper.clauses.get(kind="operative")
    for depth in (1, 2, 3):
        parent = drafts.add_clause(
            resolution=working_paper, kind="operative", text=f"level {depth};", parent=parent
        )
    page = client.get(url("draft", working_paper)).content.decode()
    assert f'id="sub-box-{parent.pk}"' not in page  # A. is the fourth level: no box under it
    response = client.post(
        url("clause_add", working_paper),
        {"parent": parent.pk, "kind": "operative", "text": "too deep;"},
        headers=HX,
    )
    assert "three levels deep at most" in response.content.decode()
    assert not working_paper.clauses.filter(text="too deep;").exists()


def test_a_moved_clause_keeps_the_focus_and_is_announced(role_client, working_paper):
    client = role_client("other_delegate")
    second = drafts.add_clause(resolution=working_paper, kind="operative", text="Urges States;")
    response = client.post(
        url("clause_move", working_paper, clause_id=second.pk), {"direction": "up"}, headers=HX
    )
    html = _list_html(response)
    assert f'data-focus="move-up-{second.pk}"' in html
    assert "Moved up: now clause 1." in html
    assert _order(working_paper) == ["Recalling its work,", "Urges States;", "Requests a report."]
    # At the top of the operative part it cannot pass the preamble: said, nothing changed.
    again = client.post(
        url("clause_move", working_paper, clause_id=second.pk), {"direction": "up"}, headers=HX
    )
    assert again["HX-Reswap"] == "none"
    assert "The preamble comes first" in again.content.decode()
    assert _order(working_paper) == ["Recalling its work,", "Urges States;", "Requests a report."]
    pre = working_paper.clauses.get(kind="preambulatory")
    first = client.post(
        url("clause_move", working_paper, clause_id=pre.pk), {"direction": "up"}, headers=HX
    )
    assert "Already the first in its list: preambulatory paragraph 1." in first.content.decode()


def test_a_clause_changing_kind_joins_its_part_with_the_focus_on_it(role_client, working_paper):
    client = role_client("other_delegate")
    drafts.add_clause(resolution=working_paper, kind="operative", text="Urges States;")
    last = working_paper.clauses.get(text="Urges States;")
    response = client.post(
        url("clause_kind", working_paper, clause_id=last.pk),
        {"kind": "preambulatory"},
        headers=HX,
    )
    html = _list_html(response)
    assert f'data-focus="kind-{last.pk}"' in html
    assert "Now preambulatory: preambulatory paragraph 2." in html
    assert _order(working_paper) == ["Recalling its work,", "Urges States;", "Requests a report."]


def test_a_deleted_clause_hands_the_focus_to_the_next(role_client, working_paper):
    client = role_client("other_delegate")
    pre = working_paper.clauses.get(kind="preambulatory")
    op = working_paper.clauses.get(kind="operative")
    response = client.post(url("clause_delete", working_paper, clause_id=pre.pk), headers=HX)
    html = _list_html(response)
    assert f'data-focus="clause-text-{op.pk}"' in html and "Clause deleted." in html
    assert _order(working_paper) == ["Requests a report."]


def test_dragging_reorders_a_list_of_siblings(role_client, working_paper):
    client = role_client("other_delegate")
    op = working_paper.clauses.get(kind="operative")
    pre = working_paper.clauses.get(kind="preambulatory")
    second = drafts.add_clause(resolution=working_paper, kind="operative", text="Urges States;")
    response = client.post(
        url("clause_reorder", working_paper),
        {"order": f"{pre.pk},{second.pk},{op.pk}", "moved": second.pk},
        headers=HX,
    )
    html = _list_html(response)
    assert "Moved: now clause 1." in html and f'data-focus="clause-text-{second.pk}"' in html
    assert _order(working_paper) == ["Recalling its work,", "Urges States;", "Requests a report."]
    # A drop that would put the preamble after an operative clause: the list comes back as the
    # server has it, with the reason; nothing changed.
    refused = client.post(
        url("clause_reorder", working_paper),
        {"order": f"{second.pk},{pre.pk},{op.pk}", "moved": pre.pk},
        headers=HX,
    )
    assert "preamble comes first" in _list_html(refused)
    assert _order(working_paper) == ["Recalling its work,", "Urges States;", "Requests a report."]
    # A list that is not the whole list of siblings (a co-sponsor added one meanwhile).
    stale = client.post(
        url("clause_reorder", working_paper), {"order": f"{op.pk},{second.pk}"}, headers=HX
    )
    assert "changed while you were reordering" in stale.content.decode()
    # Sub-clauses reorder within their clause.
    a = drafts.add_clause(resolution=working_paper, kind="operative", text="a;", parent=op)
    b = drafts.add_clause(resolution=working_paper, kind="operative", text="b.", parent=op)
    client.post(
        url("clause_reorder", working_paper),
        {"parent": op.pk, "order": f"{b.pk},{a.pk}", "moved": b.pk},
        headers=HX,
    )
    assert _order(working_paper, parent=op) == ["b.", "a;"]
    assert (
        client.post(
            url("clause_reorder", working_paper), {"parent": 999999, "order": ""}, headers=HX
        ).status_code
        == 404
    )


REORDER = {
    "anonymous": 302,
    "delegate": 403,
    "other_delegate": 200,
    "chair": 403,
    "other_chair": 404,
    "admin": 200,
}


@pytest.mark.parametrize("role", ROLES)
def test_reordering_is_for_sponsors(role_client, working_paper, role):
    op = working_paper.clauses.get(kind="operative")
    second = drafts.add_clause(resolution=working_paper, kind="operative", text="Urges States;")
    pre = working_paper.clauses.get(kind="preambulatory")
    response = role_client(role).post(
        url("clause_reorder", working_paper),
        {"order": f"{pre.pk},{second.pk},{op.pk}"},
        headers=HX,
    )
    assert response.status_code == REORDER[role]
    moved = _order(working_paper)[1] == "Urges States;"
    assert moved == (REORDER[role] == 200)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["clause_move", "clause_kind", "clause_delete"])
def test_in_place_list_changes_are_for_sponsors(role_client, working_paper, role, name):
    op = working_paper.clauses.get(kind="operative")
    before = [(c.pk, c.kind, c.order) for c in working_paper.clauses.order_by("pk")]
    data = {"direction": "up", "kind": "preambulatory"}
    response = role_client(role).post(url(name, working_paper, clause_id=op.pk), data, headers=HX)
    assert response.status_code == REORDER[role]
    after = [(c.pk, c.kind, c.order) for c in working_paper.clauses.order_by("pk")]
    assert (after != before) == (REORDER[role] == 200 and name != "clause_move")


def test_a_save_refreshes_the_document_wide_findings(role_client, working_paper):
    client = role_client("other_delegate")
    op = working_paper.clauses.get(kind="operative")
    drafts.add_clause(resolution=working_paper, kind="preambulatory", text="Noting X,")
    pre = working_paper.clauses.get(text="Recalling its work,")
    response = client.post(
        url("clause_save", working_paper, clause_id=pre.pk),
        {"text": "Recalling its work", "base_revision": ""},
        headers=HX,
    )
    html = response.content.decode()
    findings = html[html.index('id="draft-findings"') :]
    assert "error" in findings and "comma" in findings
    fixed = client.post(
        url("clause_save", working_paper, clause_id=pre.pk),
        {
            "text": "Recalling its work,",
            "base_revision": clause_text.block_for(pre).current_revision_id,
        },
        headers=HX,
    ).content.decode()
    assert "comma" not in fixed[fixed.index('id="draft-findings"') :]
    assert op.pk


def _list_queries(client, resolution, clause):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.post(
            url("clause_move", resolution, clause_id=clause.pk), {"direction": "down"}, headers=HX
        )
        assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_list_swap_queries_do_not_grow(role_client, committee, django_assert_max_num_queries):
    client = role_client("other_delegate")
    small = drafts.create_draft(
        committee=committee, title="Small", sponsor=factories.delegation(committee, "MEX"), by=None
    )
    first = drafts.add_clause(resolution=small, kind="operative", text="Urges States;")
    drafts.add_clause(resolution=small, kind="operative", text="Requests a report.")
    few = _list_queries(client, small, first)

    big = drafts.create_draft(
        committee=committee, title="Big", sponsor=factories.delegation(committee, "MEX"), by=None
    )
    first_big = None
    for i in range(30):
        kind = "preambulatory" if i < 8 else "operative"
        clause = drafts.add_clause(resolution=big, kind=kind, text=f"Urges States {i};")
        if i == 8:
            first_big = clause
        if kind == "operative" and i % 3 == 0:
            sub = drafts.add_clause(resolution=big, kind=kind, text="a;", parent=clause)
            clause_text.save_clause(clause=sub, user=None, text="a) changed;", base_revision_id="")
    assert Clause.objects.filter(resolution=big).count() > 30
    with django_assert_max_num_queries(few):
        _list_queries(client, big, first_big)
