"""The paper editor's pages and endpoints: who may do what, and what each costs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from positions.models import Draft, DraftVersion, Paper, Revision
from positions.services import coedit
from positions.services.papers import get_or_create_paper
from tests import factories
from tests.conftest import ROLES


def url(name, paper, block=None, **params):
    kwargs = {"slug": paper.committee.slug, "paper_id": paper.pk}
    if block is not None:
        kwargs["block_id"] = block.pk
    target = reverse(f"positions:{name}", kwargs=kwargs)
    if params:
        target += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    return target


EDITOR_STATUS = {
    "anonymous": 302,
    "delegate": 200,
    "other_delegate": 404,
    "chair": 200,
    "other_chair": 404,
    "admin": 200,
}
SAVE_STATUS = {
    "anonymous": 302,
    "delegate": 200,
    "other_delegate": 404,
    "chair": 403,
    "other_chair": 404,
    "admin": 403,
}


@pytest.mark.parametrize("role", ROLES)
def test_editor_access(role, role_client, paper, section):
    client = role_client(role)
    assert client.get(url("editor", paper)).status_code == EDITOR_STATUS[role]
    assert client.get(url("history", paper, section)).status_code == EDITOR_STATUS[role]


@pytest.mark.parametrize("role", ROLES)
def test_write_access(role, role_client, paper, section):
    client = role_client(role)
    response = client.post(
        url("save", paper, section), {"text": "Text.", "base_revision_id": "", "client_op_id": "a"}
    )
    assert response.status_code == SAVE_STATUS[role]
    for name in ("draft", "discard", "resolve"):
        response = client.post(url(name, paper, section), {"text": "x", "choice": "mine"})
        expected = SAVE_STATUS[role]
        if role == "delegate":
            expected = 400 if name == "resolve" else 200  # nothing to resolve: a clear message
        assert response.status_code == expected, name
    restored = client.post(url("restore", paper, section), {"revision_id": "1"})
    assert restored.status_code == (302 if role == "delegate" else SAVE_STATUS[role])
    if role != "delegate":
        assert not Revision.objects.filter(block=section).exists()


@pytest.mark.parametrize("role", ROLES)
def test_paper_list_access(role, role_client, committee):
    response = role_client(role).get(reverse("positions:list", kwargs={"slug": committee.slug}))
    expected = {"anonymous": 302, "delegate": 302, "other_delegate": 302, "chair": 200}
    assert response.status_code == expected.get(role, 404 if role == "other_chair" else 200)


def test_a_delegate_is_taken_to_their_own_paper(role_client, committee):
    response = role_client("other_delegate").get(reverse("positions:list", args=[committee.slug]))
    mexico = Paper.objects.get(delegation__country__iso3="MEX")
    assert response.url == reverse("positions:editor", args=[committee.slug, mexico.pk])


def test_the_chair_sees_every_delegation(role_client, committee, paper):
    response = role_client("chair").get(reverse("positions:list", args=[committee.slug]))
    page = response.content.decode()
    for name in ("United States", "Mexico", "China", "France"):
        assert name in page
    assert "Not started" in page


def test_a_foreign_committee_paper_id_is_404(role_client, other_committee, other_chair, committee):
    foreign = get_or_create_paper(delegation=factories.delegation(other_committee, "USA"))
    client = role_client("delegate")
    wrong = reverse("positions:editor", kwargs={"slug": committee.slug, "paper_id": foreign.pk})
    assert client.get(wrong).status_code == 404


def test_nobody_edits_a_submitted_paper(role_client, paper, section):
    Paper.objects.filter(pk=paper.pk).update(status=Paper.Status.SUBMITTED)
    client = role_client("delegate")
    response = client.post(url("save", paper, section), {"text": "Late.", "base_revision_id": ""})
    assert response.status_code == 403
    page = client.get(url("editor", paper)).content.decode()
    assert "cannot be edited now" in page
    assert 'data-role="input"' not in page
    assert not Revision.objects.filter(block=section).exists()


def test_saving_through_the_endpoint(role_client, paper, section, delegate):
    client = role_client("delegate")
    first = client.post(
        url("save", paper, section),
        {"text": "We **support** UNODC.", "base_revision_id": "", "client_op_id": "k1"},
    ).json()
    assert first["status"] == "saved"
    assert "<strong>support</strong>" in first["html"]
    retry = client.post(
        url("save", paper, section),
        {"text": "We **support** UNODC.", "base_revision_id": "", "client_op_id": "k1"},
    ).json()
    assert retry["replayed"] and retry["revision_id"] == first["revision_id"]
    bad = client.post(url("save", paper, section), {"text": "x", "base_revision_id": "nope"})
    assert bad.status_code == 400 and "not valid" in bad.json()["message"]
    assert Revision.objects.filter(block=section).count() == 1


def test_markdown_is_rendered_through_the_sanitiser(role_client, paper, section, delegate):
    coedit.save_block(
        block=section,
        user=delegate,
        text="<script>alert(1)</script> [x](javascript:alert(1)) *fine*",
        base_revision_id=None,
    )
    page = role_client("chair").get(url("editor", paper)).content.decode()
    assert "<script>alert(1)" not in page
    assert 'href="javascript' not in page
    assert "<em>fine</em>" in page


def test_a_conflict_is_shown_with_both_texts(role_client, paper, section, delegate, committee):
    teammate = factories.make_user("james")
    factories.seat_delegate(teammate, committee, "USA")
    base = coedit.save_block(block=section, user=delegate, text="We use AI.", base_revision_id=None)
    coedit.save_block(
        block=section, user=teammate, text="We ban AI.", base_revision_id=base.revision.pk
    )
    response = (
        role_client("delegate")
        .post(
            url("save", paper, section),
            {"text": "We study AI.", "base_revision_id": base.revision.pk, "client_op_id": "c"},
        )
        .json()
    )
    assert response["status"] == "conflict"
    assert "Take mine" in response["section_html"] and "We ban AI." in response["section_html"]
    page = role_client("delegate").get(url("editor", paper)).content.decode()
    assert "Take theirs" in page and "We study AI." in page
    assert Draft.objects.get(block=section, user=delegate).is_conflict


def test_every_conflicted_text_is_listed_and_an_earlier_one_can_be_taken(
    role_client, paper, section, delegate, committee, django_assert_max_num_queries
):
    teammate = factories.make_user("james")
    factories.seat_delegate(teammate, committee, "USA")
    base = coedit.save_block(block=section, user=delegate, text="We use AI.", base_revision_id=None)
    coedit.save_block(
        block=section, user=teammate, text="We ban AI.", base_revision_id=base.revision.pk
    )
    client = role_client("delegate")
    for n, text in enumerate(["We study AI.", "We track AI.", "We fund AI."]):
        data = {"text": text, "base_revision_id": base.revision.pk, "client_op_id": f"c{n}"}
        assert client.post(url("save", paper, section), data).json()["status"] == "conflict"
    page = client.get(url("editor", paper)).content.decode()
    assert "Your earlier texts for this section (2)" in page
    assert "We study AI." in page and "We track AI." in page and "We fund AI." in page
    # More conflicts do not cost more queries.
    with CaptureQueriesContext(connection) as before:
        client.get(url("editor", paper))
    queries = len(before.captured_queries)
    assert queries > 5
    for n in range(10):
        data = {"text": f"We map AI {n}.", "base_revision_id": base.revision.pk}
        client.post(url("save", paper, section), data)
    with django_assert_max_num_queries(queries):
        client.get(url("editor", paper))
    earliest = DraftVersion.objects.filter(block=section, user=delegate).earliest("id")
    taken = client.post(
        url("resolve", paper, section), {"choice": "mine", "version_id": earliest.pk}
    ).json()
    assert taken["status"] == "saved" and taken["text"] == "We study AI."
    assert "Your earlier texts" not in client.get(url("editor", paper)).content.decode()
    # Somebody else's earlier text is not theirs to take.
    other = role_client("other_delegate").post(
        url("resolve", paper, section), {"choice": "mine", "version_id": earliest.pk}
    )
    assert other.status_code in (403, 404)


def _history(paper, section, user, n):
    revision = None
    for i in range(n):
        revision = coedit.save_block(
            block=section,
            user=user,
            text=f"Version {i} of the policy.",
            base_revision_id=revision.revision.pk if revision else None,
        )
    return revision.revision


def test_history_shows_a_word_diff_and_restores(role_client, paper, section, delegate):
    _history(paper, section, delegate, 3)
    first, _, third = Revision.objects.filter(block=section).order_by("id")
    client = role_client("delegate")
    page = client.get(url("history", paper, section, a=first.pk, b=third.pk)).content.decode()
    assert "<del>0</del><ins>2</ins>" in page
    response = client.post(url("restore", paper, section), {"revision_id": first.pk})
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.text == "Version 0 of the policy."
    assert section.current_revision.kind == Revision.Kind.RESTORE


def test_the_unchanged_poll_skips_the_middleware_and_has_no_body(
    client, paper, delegate, django_assert_max_num_queries
):
    client.force_login(delegate)
    page = client.get(url("editor", paper)).content.decode()
    token = page.split('data-token="')[1].split('"')[0]
    # Without the LISTEN cache (SQLite): the session, the account, the two seats and the
    # version are read on each poll; with it, none (tests/test_fast_poll.py).
    with django_assert_max_num_queries(5):
        response = client.get(url("poll", paper, v=paper.document.version, t=token))
    assert response.status_code == 204 and response.content == b""
    assert "Vary" not in response  # answered before the session middleware


def test_the_poll_sends_changed_sections_except_the_ones_being_edited(
    role_client, paper, delegate, committee
):
    background = paper.document.blocks.get(key="background")
    policy = paper.document.blocks.get(key="country-policy")
    coedit.save_block(
        block=background, user=delegate, text="New background.", base_revision_id=None
    )
    teammate = factories.make_user("james")
    factories.seat_delegate(teammate, committee, "USA")
    coedit.save_block(block=policy, user=teammate, text="New policy.", base_revision_id=None)
    client = role_client("delegate")
    response = client.get(url("poll", paper, v=0, skip=policy.pk), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="block-background"' in body and "New background." in body
    assert 'id="block-country-policy"' not in body
    assert f'id="notice-{policy.pk}"' in body and "your save will merge" in body
    assert 'data-version="2"' in body
    # Your own save needs no notice: its answer already brought you the text.
    mine = client.get(url("poll", paper, v=0, skip=background.pk)).content.decode()
    assert f'id="notice-{background.pk}"' not in mine


def test_a_poll_for_someone_elses_paper_is_404(role_client, paper):
    response = role_client("other_delegate").get(url("poll", paper, v=-1))
    assert response.status_code == 404
    assert role_client("anonymous").get(url("poll", paper, v=-1)).status_code == 403


def test_a_bad_poll_is_a_clear_400(role_client, paper):
    assert role_client("delegate").get(url("poll", paper, v="x")).status_code == 400


def _count(client, target) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(target).status_code in (200, 204)
    return len(queries)


def test_query_counts_do_not_grow_with_revisions(role_client, paper, section, delegate):
    client = role_client("delegate")
    _history(paper, section, delegate, 2)
    # A save from no base: the section is in conflict for this person (its earlier texts are
    # read), as it is below after the second round of saves.
    _history(paper, section, delegate, 1)
    small = (
        _count(client, url("editor", paper)),
        _count(client, url("poll", paper, v=0)),
        _count(client, url("history", paper, section)),
    )
    for block in paper.document.blocks.all():
        _history(paper, block, delegate, 15)
    coedit.autosave_draft(block=section, user=delegate, text="typing", base_revision_id=None)
    big = (
        _count(client, url("editor", paper)),
        _count(client, url("poll", paper, v=0)),
        _count(client, url("history", paper, section)),
    )
    assert big == small
    assert max(big) <= 12


def test_presence_says_who_is_editing_what(role_client, paper, section, committee):
    teammate = factories.make_user("james", first_name="James", last_name="Brooks")
    factories.seat_delegate(teammate, committee, "USA")
    coedit.heartbeat(document=paper.document, user=teammate, block=section)
    people = role_client("delegate").post(url("presence", paper), {"block_id": ""}).json()["people"]
    assert people == [
        {
            "name": "James Brooks",
            "country": "United States",
            "block_id": section.pk,
            "block_title": "Country policy",
        }
    ]


def test_open_editors_reload_when_the_paper_is_submitted_or_reopened(role_client, paper):
    client = role_client("delegate")
    version = paper.document.version
    paper.status = Paper.Status.SUBMITTED
    paper.save(update_fields=["status"])
    response = client.get(url("poll", paper, v=version, editable=1))
    assert response.status_code == 204 and response["HX-Refresh"] == "true"
    paper.refresh_from_db()
    paper.status = Paper.Status.CHANGES_REQUESTED
    paper.save(update_fields=["status"])
    response = client.get(url("poll", paper, v=version + 1, editable=0))
    assert response["HX-Refresh"] == "true"
    chair = role_client("chair").get(url("poll", paper, v=version, editable=0))
    assert chair.status_code == 200 and "HX-Refresh" not in chair


def test_history_groups_a_writing_session_into_one_row(
    role_client, paper, section, delegate, committee
):
    teammate = factories.make_user("james", first_name="James", last_name="Brooks")
    factories.seat_delegate(teammate, committee, "USA")
    last = _history(paper, section, delegate, 4)
    coedit.save_block(
        block=section, user=teammate, text="James rewrote it.", base_revision_id=last.pk
    )
    page = role_client("chair").get(url("history", paper, section)).content.decode()
    assert page.count('name="b"') == 2
    assert "(4 saves)" in page
    # By default B is James's change and A the end of the session before it.
    assert "<del>Version 3 of the policy</del><ins>James rewrote it</ins>." in page
