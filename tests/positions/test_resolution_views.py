"""Resolution pages: who may see and do what, what they show, and constant query counts."""

import io

import docx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from positions.models import Amendment, Clause, DraftResolution, Sponsorship
from positions.services import amendments as service
from positions.services import resolutions as drafts
from tests import factories
from tests.conftest import ROLES
from tests.positions.resolution_factory import introduced_draft


def d(committee, iso3):
    return factories.delegation(committee, iso3)


@pytest.fixture
def working_paper(committee):
    """Sponsored by Mexico (``other_delegate``); ``delegate`` sits for the United States."""
    resolution = drafts.create_draft(
        committee=committee, title="AI and borders", sponsor=d(committee, "MEX"), by=None
    )
    drafts.add_clause(resolution=resolution, kind="preambulatory", text="Recalling its work,")
    drafts.add_clause(resolution=resolution, kind="operative", text="Decides to ban drones.")
    return resolution


def url(name, resolution, **extra):
    return reverse(
        f"resolutions:{name}",
        kwargs={"slug": resolution.committee.slug, "pk": resolution.pk, **extra},
    )


READ = {
    "anonymous": 302,
    "delegate": 200,
    "other_delegate": 200,
    "chair": 200,
    "other_chair": 404,
    "admin": 200,
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["detail", "docx", "print"])
def test_reading_a_draft(role_client, working_paper, role, name):
    assert role_client(role).get(url(name, working_paper)).status_code == READ[role]


@pytest.mark.parametrize("role", ROLES)
def test_the_list(role_client, committee, working_paper, role):
    response = role_client(role).get(reverse("resolutions:list", kwargs={"slug": committee.slug}))
    assert response.status_code == READ[role]


DRAFTING = {**READ, "delegate": 403, "chair": 403}  # only sponsors (and admins) draft


@pytest.mark.parametrize("role", ROLES)
def test_the_drafting_view(role_client, working_paper, role):
    assert role_client(role).get(url("draft", working_paper)).status_code == DRAFTING[role]


@pytest.mark.parametrize("role", ROLES)
def test_adding_a_clause(role_client, working_paper, role):
    response = role_client(role).post(
        url("clause_add", working_paper), {"kind": "operative", "text": "Urges States to act;"}
    )
    expected = {**DRAFTING, "other_delegate": 302, "admin": 302}[role]
    assert response.status_code == expected
    added = working_paper.clauses.filter(text="Urges States to act;").exists()
    assert added == (expected == 302 and role != "anonymous")


@pytest.mark.parametrize("role", ROLES)
def test_signing_is_for_ones_own_delegation(role_client, working_paper, role):
    response = role_client(role).post(url("support", working_paper), {"action": "signatory"})
    expected = {**READ, "delegate": 302, "other_delegate": 302, "chair": 403, "admin": 403}[role]
    assert response.status_code == expected
    rows = {s.delegation.country.iso3: s.role for s in working_paper.sponsorships.all()}
    if role == "delegate":
        assert rows == {"MEX": "sponsor", "USA": "signatory"}
    elif role == "other_delegate":
        # Mexico is the only sponsor: it cannot step down to signatory.
        assert rows == {"MEX": "sponsor"}
    else:
        assert rows == {"MEX": "sponsor"}


@pytest.mark.parametrize("role", ROLES)
def test_only_this_committees_chair_approves(role_client, working_paper, role):
    drafts.submit(resolution=working_paper)
    # Confirmed past the clause check (its own tests: test_decision_checks.py).
    response = role_client(role).post(
        url("chair", working_paper), {"action": "approve", "confirm": "1"}
    )
    expected = {**READ, "delegate": 403, "other_delegate": 403, "chair": 302, "admin": 302}[role]
    assert response.status_code == expected
    working_paper.refresh_from_db()
    assert (working_paper.status == "approved") == (expected == 302 and role != "anonymous")


@pytest.mark.parametrize("role", ROLES)
def test_proposing_an_amendment(role_client, committee, role):
    resolution = introduced_draft(committee, signatories=("CHN",))
    clause = resolution.clauses.filter(kind="operative").first()
    client = role_client(role)
    form = client.get(url("amendment_new", resolution) + f"?clause={clause.pk}&kind=modify")
    expected = {**READ, "chair": 403, "admin": 403}[role]
    assert form.status_code == expected
    response = client.post(
        url("amendment_new", resolution),
        {
            "kind": "modify",
            "clause": clause.pk,
            "text": "Calls upon all States to act;",
            "friendly": "0",
        },
    )
    assert response.status_code == (302 if expected == 200 else expected)
    amendment = Amendment.objects.first()
    if role == "delegate":
        assert amendment.delegation.country.iso3 == "USA"  # always the person's own delegation
    elif role == "other_delegate":
        assert amendment.delegation.country.iso3 == "MEX"
    else:
        assert amendment is None


@pytest.mark.parametrize("role", ROLES)
def test_amendment_actions(role_client, committee, role):
    resolution = introduced_draft(committee, signatories=("CHN",))
    clause = resolution.clauses.filter(kind="operative").first()
    amendment = service.propose(
        resolution=resolution,
        delegation=d(committee, "FRA"),
        kind="modify",
        clause=clause,
        text="Calls upon all States to act;",
        friendly=False,
        by=None,
    )
    client = role_client(role)
    action = url("amendment_action", resolution, amendment_id=amendment.pk)
    sign = client.post(action, {"action": "sign"})
    assert (
        sign.status_code
        == {**READ, "delegate": 302, "other_delegate": 302, "chair": 403, "admin": 403}[role]
    )
    approve = client.post(action, {"action": "approve"})
    expected = {**READ, "delegate": 403, "other_delegate": 403, "chair": 302, "admin": 302}[role]
    assert approve.status_code == expected
    withdraw = client.post(action, {"action": "withdraw"})  # only France may withdraw it
    refused = {**READ, "delegate": 403, "other_delegate": 403, "chair": 403, "admin": 403}[role]
    assert withdraw.status_code == refused
    if role == "anonymous":
        assert withdraw["Location"].startswith(reverse("login"))
    amendment.refresh_from_db()
    assert amendment.status != "withdrawn"


def test_other_committees_ids_are_404(role_client, committee, other_committee, working_paper):
    foreign = drafts.create_draft(
        committee=other_committee, title="Theirs", sponsor=d(other_committee, "USA"), by=None
    )
    client = role_client("delegate")
    wrong = reverse("resolutions:detail", kwargs={"slug": committee.slug, "pk": foreign.pk})
    assert client.get(wrong).status_code == 404
    assert (
        client.post(
            wrong.replace("/" + str(foreign.pk) + "/", f"/{foreign.pk}/support/"),
            {"action": "signatory"},
        ).status_code
        == 404
    )
    assert not Sponsorship.objects.filter(resolution=foreign, role="signatory").exists()


def test_the_page_shows_lint_support_and_tracked_changes(role_client, committee):
    resolution = introduced_draft(committee, signatories=("CHN",))
    clause = resolution.clauses.filter(kind="operative").first()
    service.propose(
        resolution=resolution,
        delegation=d(committee, "USA"),
        kind="modify",
        clause=clause,
        text=clause.text.replace("share information", "exchange intelligence"),
        friendly=True,
        by=None,
    )
    page = role_client("delegate").get(url("detail", resolution)).content.decode()
    assert "UNODC/1/DR.1" in page
    assert "The United Nations Office on Drugs and Crime," in page
    assert "<del>" in page and "share" in page
    assert "<ins>" in page and "exchange" in page
    assert "Waiting for sponsors: Mexico" in page
    assert "Threshold" not in page  # support matters before approval only


def test_lint_findings_are_explained_on_the_page(role_client, working_paper):
    page = role_client("other_delegate").get(url("detail", working_paper)).content.decode()
    assert "is for the Security Council" in page
    assert "enough support: 1 sponsor + 0 signatories" in page


def test_htmx_writes_answer_with_the_live_partial(role_client, working_paper):
    client = role_client("delegate")
    response = client.post(
        url("support", working_paper), {"action": "signatory"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="resolution-live"')
    assert "<html" not in body
    assert response["HX-Trigger"] == "resolution-changed"
    # Polling with the current version: nothing new.
    working_paper.refresh_from_db()
    poll = client.get(
        url("detail", working_paper) + f"?v={working_paper.version}", HTTP_HX_REQUEST="true"
    )
    assert poll.status_code == 204


def test_bad_input_gets_a_message_not_a_500(role_client, working_paper):
    client = role_client("other_delegate")
    response = client.post(
        url("clause_add", working_paper), {"kind": "bogus", "text": "x"}, follow=True
    )
    assert response.status_code == 200
    assert "Choose preambulatory or operative" in response.content.decode()
    response = client.post(url("clause_save", working_paper, clause_id=999999), {"text": "x"})
    assert response.status_code == 404
    response = client.post(
        reverse("resolutions:list", kwargs={"slug": working_paper.committee.slug}), {"title": ""}
    )
    assert response.status_code == 400


def test_drafting_saves_through_the_coediting_engine(role_client, working_paper):
    client = role_client("other_delegate")
    clause = working_paper.clauses.get(kind="operative")
    # Two sponsors edit from the same base: the second save merges.
    client.get(url("draft", working_paper))
    first = client.post(
        url("clause_save", working_paper, clause_id=clause.pk),
        {"text": "Recommends a ban on drones.", "base_revision": ""},
    )
    assert first.status_code == 302
    from positions.services import clause_text

    block = clause_text.block_for(clause)
    root = block.revisions.order_by("id").first()
    client.post(
        url("clause_save", working_paper, clause_id=clause.pk),
        {"text": "Decides to ban drones at borders.", "base_revision": root.pk},
    )
    clause.refresh_from_db()
    assert clause.text == "Recommends a ban on drones at borders." or "borders" in clause.text


def test_docx_export(role_client, committee):
    resolution = introduced_draft(committee, signatories=("CHN", "FRA"))
    response = role_client("chair").get(url("docx", resolution))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "unodc-1-dr1.docx" in response["Content-Disposition"]
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Sponsors: Mexico" in text and "Signatories: China, France" in text
    assert "1.\tCalls upon" in text


def _page_queries(client, resolution) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url("detail", resolution)).status_code == 200
    return len(ctx.captured_queries)


def test_resolution_page_queries_do_not_grow(role_client, committee, django_assert_max_num_queries):
    small = introduced_draft(committee, signatories=("CHN",))
    one_clause = small.clauses.filter(kind="operative").first()
    service.propose(
        resolution=small,
        delegation=d(committee, "FRA"),
        kind="modify",
        clause=one_clause,
        text="Urges all States;",
        friendly=False,
        by=None,
    )
    client = role_client("delegate")
    few = _page_queries(client, small)

    big = introduced_draft(committee, signatories=("CHN",))
    parents = []
    for i in range(37):
        kind = "preambulatory" if i < 10 else "operative"
        parents.append(
            Clause.objects.create(
                resolution=big, kind=kind, order=10 + i, text=f"Urges States {i};"
            )
        )
    operatives = list(big.clauses.filter(kind="operative", parent=None))
    assert big.clauses.count() == 40
    delegations = [d(committee, iso3) for iso3 in ("USA", "MEX", "CHN", "FRA")]
    for i in range(60):
        amendment = Amendment.objects.create(
            resolution=big,
            clause=operatives[i % len(operatives)],
            delegation=delegations[i % 4],
            kind="modify",
            friendly=i % 2 == 0,
            text=f"Urges all States {i};",
            base_text=operatives[i % len(operatives)].text,
        )
        amendment.supports.create(delegation=delegations[(i + 1) % 4], role="signature")
    many = _page_queries(client, big)
    assert many == few
    with django_assert_max_num_queries(few):
        client.get(url("detail", big))


def test_list_queries_do_not_grow(role_client, committee):
    client = role_client("chair")
    list_url = reverse("resolutions:list", kwargs={"slug": committee.slug})
    introduced_draft(committee, signatories=("CHN",))
    with CaptureQueriesContext(connection) as one:
        client.get(list_url)
    for _ in range(5):
        introduced_draft(committee, signatories=("CHN",))
    with CaptureQueriesContext(connection) as six:
        client.get(list_url)
    assert len(six.captured_queries) == len(one.captured_queries)
    assert DraftResolution.objects.count() == 6


def test_overlapping_clause_edits_keep_the_second_persons_text(committee, working_paper, client):
    from positions.services import clause_text

    ana, luis = factories.make_user("ana_mex"), factories.make_user("luis2_mex")
    for user in (ana, luis):
        factories.seat_delegate(user, committee, "MEX")
    clause = working_paper.clauses.get(kind="operative")
    block = clause_text.block_for(clause)
    base = block.current_revision_id
    client.force_login(ana)
    client.post(
        url("clause_save", working_paper, clause_id=clause.pk),
        {"text": "Recommends a ban on drones.", "base_revision": base},
    )
    client.force_login(luis)
    client.post(
        url("clause_save", working_paper, clause_id=clause.pk),
        {"text": "Urges a ban on drones.", "base_revision": base},
    )
    clause.refresh_from_db()
    assert clause.text == "Recommends a ban on drones."
    page = client.get(url("draft", working_paper)).content.decode()
    assert "overlaps a co-sponsor" in page and "Urges a ban on drones." in page
    client.post(url("clause_resolve", working_paper, clause_id=clause.pk), {"choice": "mine"})
    clause.refresh_from_db()
    assert clause.text == "Urges a ban on drones."
    assert "overlaps" not in client.get(url("draft", working_paper)).content.decode()


def test_amendment_text_is_linted_on_the_page(role_client, committee):
    resolution = introduced_draft(committee, signatories=("CHN",))
    clause = resolution.clauses.filter(kind="operative").first()
    service.propose(
        resolution=resolution,
        delegation=d(committee, "USA"),
        kind="modify",
        clause=clause,
        text="Demands that Member States share information on drones;",
        friendly=False,
        by=None,
    )
    page = role_client("other_delegate").get(url("detail", resolution)).content.decode()
    assert "the language of the Security Council" in page


def test_the_drafting_view_tells_when_a_cosponsor_changed_the_draft(role_client, working_paper):
    client = role_client("other_delegate")
    version = DraftResolution.objects.get(pk=working_paper.pk).version
    poll = url("draft", working_paper) + f"?v={version}"
    quiet = client.get(poll, HTTP_HX_REQUEST="true")
    assert quiet.status_code == 200 and "changed the draft" not in quiet.content.decode()
    drafts.add_clause(resolution=working_paper, kind="operative", text="Urges States.")
    response = client.get(poll, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "A co-sponsor changed the draft" in response.content.decode()
    assert "<textarea" not in response.content.decode()


def test_the_chair_dashboard_lists_what_waits_for_the_chair(role_client, committee):
    resolution = introduced_draft(committee, signatories=("CHN",))
    clause = resolution.clauses.filter(kind="operative").first()
    amendment = service.propose(
        resolution=resolution,
        delegation=d(committee, "USA"),
        kind="modify",
        clause=clause,
        text="Calls upon all States to act;",
        friendly=False,
        by=None,
    )
    client = role_client("chair")
    dashboard = reverse("committees:chair", kwargs={"slug": committee.slug})
    page = client.get(dashboard).content.decode()
    assert "UNODC/1/DR.1" in page
    assert "approve it for debate" not in page  # no signature yet
    service.sign(amendment=amendment, delegation=d(committee, "FRA"), by=None)
    page = client.get(dashboard).content.decode()
    assert "United States on UNODC/1/DR.1" in page and "approve it for debate" in page


SPONSOR_WRITE = {**DRAFTING, "other_delegate": 302, "admin": 302}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "name,data",
    [
        ("clause_save", {"text": "Recommends a ban on drones.", "base_revision": ""}),
        ("clause_move", {"direction": "up"}),
        ("clause_kind", {"kind": "preambulatory"}),
        ("clause_resolve", {"choice": "mine"}),
        ("clause_delete", {}),
    ],
)
def test_clause_writes_are_for_sponsors(role_client, working_paper, role, name, data):
    clause = working_paper.clauses.get(kind="operative")
    before = (clause.text, clause.kind, clause.order)
    response = role_client(role).post(url(name, working_paper, clause_id=clause.pk), data)
    assert response.status_code == SPONSOR_WRITE[role]
    if SPONSOR_WRITE[role] != 302 or role == "anonymous":
        clause.refresh_from_db()
        assert (clause.text, clause.kind, clause.order) == before


@pytest.mark.parametrize("role", ROLES)
def test_renaming_and_submitting_are_for_sponsors(role_client, working_paper, role):
    client = role_client(role)
    assert (
        client.post(url("rename", working_paper), {"title": "New title"}).status_code
        == (SPONSOR_WRITE[role])
    )
    assert client.post(url("submit", working_paper)).status_code == SPONSOR_WRITE[role]
    working_paper.refresh_from_db()
    changed = SPONSOR_WRITE[role] == 302 and role != "anonymous"
    assert (working_paper.title == "New title") == changed
    assert (working_paper.status == "submitted") == changed


@pytest.mark.parametrize("role", ROLES)
def test_withdrawing_a_draft(role_client, working_paper, role):
    response = role_client(role).post(url("chair", working_paper), {"action": "withdraw"})
    expected = {**READ, "delegate": 403, "other_delegate": 302, "chair": 302, "admin": 302}[role]
    assert response.status_code == expected
    working_paper.refresh_from_db()
    assert (working_paper.status == "withdrawn") == (expected == 302 and role != "anonymous")


def test_sponsors_paste_clauses_from_a_word_processor(role_client, working_paper):
    client = role_client("other_delegate")
    text = (
        "Noting the rise of AI-planned smuggling routes,\n\n"
        "1. Urges Member States to cooperate:\n"
        "(a) by sharing information;\n"
        "(b) by training officers;\n\n"
        "2. Requests a report."
    )
    response = client.post(url("clause_paste", working_paper), {"text": text}, follow=True)
    assert "5 clauses added" in response.content.decode()
    top = [c for c in working_paper.clauses.filter(parent=None).order_by("order")]
    # The pasted preamble joins the preamble, before the operative clauses already there.
    assert [c.kind for c in top] == ["preambulatory"] * 2 + ["operative"] * 3
    assert top[1].text == "Noting the rise of AI-planned smuggling routes,"
    urges = working_paper.clauses.get(text="Urges Member States to cooperate:")
    assert [c.text for c in urges.children.order_by("order")] == [
        "by sharing information;",
        "by training officers;",
    ]
    empty = client.post(url("clause_paste", working_paper), {"text": "   "}, follow=True)
    assert "No clause found" in empty.content.decode()
    assert (
        role_client("delegate").post(url("clause_paste", working_paper), {"text": text}).status_code
        == 403
    )


def test_the_secretariat_sees_drafts_and_amendments_in_the_admin(role_client, committee):
    introduced_draft(committee, signatories=("CHN",))
    client = role_client("admin")
    for name in (
        "admin:positions_draftresolution_changelist",
        "admin:positions_clause_changelist",
        "admin:positions_amendment_changelist",
    ):
        assert client.get(reverse(name)).status_code == 200


def test_sponsors_see_who_is_editing_which_clause(committee, working_paper, client):
    from positions.services import clause_text

    ana, luis = (
        factories.make_user("ana_mx", first_name="Ana", last_name="García"),
        (factories.make_user("luis_mx")),
    )
    for user in (ana, luis):
        factories.seat_delegate(user, committee, "MEX")
    clause = working_paper.clauses.get(kind="operative")
    clause_text.block_for(clause)
    version = DraftResolution.objects.get(pk=working_paper.pk).version
    poll = url("draft", working_paper) + f"?v={version}"
    client.force_login(ana)
    client.get(poll + f"&editing={clause.pk}", HTTP_HX_REQUEST="true")
    client.force_login(luis)
    page = client.get(poll, HTTP_HX_REQUEST="true").content.decode()
    assert "Ana García (Mexico) is editing clause 1." in page


def test_amending_an_amendment_from_the_page(committee, role_client):
    committee.rule_overrides = {"second_degree_amendments": True}
    committee.save(update_fields=["rule_overrides"])
    resolution = introduced_draft(committee, signatories=("CHN",))
    parent = service.propose(
        resolution=resolution,
        delegation=d(committee, "FRA"),
        kind="modify",
        clause=resolution.clauses.filter(kind="operative").first(),
        text="Calls upon all States to act;",
        friendly=False,
        by=None,
    )
    client = role_client("delegate")
    page = client.get(url("detail", resolution)).content.decode()
    assert "Amend this amendment" in page
    form = client.get(url("amendment_new", resolution) + f"?amends={parent.pk}")
    assert "Calls upon all States to act;" in form.content.decode()
    response = client.post(
        url("amendment_new", resolution),
        {"amends": parent.pk, "text": "Calls upon all States to act at once;"},
    )
    assert response.status_code == 302
    page = client.get(url("detail", resolution)).content.decode()
    assert f"Amend amendment {parent.pk}" in page and "<ins>" in page
    assert client.get(url("amendment_new", resolution) + "?amends=999999").status_code == 404


def test_the_chair_dashboard_lists_drafts_waiting_for_the_chair(client, chair, committee):
    """positions adds its queue to the chair's board through committees' extension point."""
    draft = introduced_draft(committee)
    waiting = drafts.create_draft(
        committee=committee, title="Submitted draft", sponsor=d(committee, "USA"), by=None
    )
    drafts.add_clause(resolution=waiting, kind="operative", text="Urges States to act.")
    for iso3 in ("MEX", "CHN"):
        drafts.support(resolution=waiting, delegation=d(committee, iso3), role="signatory", by=None)
    drafts.submit(resolution=waiting)
    client.force_login(chair)
    page = client.get(reverse("committees:chair", kwargs={"slug": committee.slug}))
    html = page.content.decode()
    assert 'id="resolution-queue"' in html
    assert "Submitted draft" in html and "waiting for your approval" in html
    assert draft.display_symbol in html
    # The board the chair's actions swap in carries the queue too.
    board = client.post(
        reverse("committees:session_open", kwargs={"slug": committee.slug}), HTTP_HX_REQUEST="true"
    )
    assert "Submitted draft" in board.content.decode()


def test_the_committee_home_counts_the_drafts(client, chair, committee, working_paper):
    client.force_login(chair)
    page = client.get(reverse("committees:home", kwargs={"slug": committee.slug}))
    assert "1 draft ·" in " ".join(page.content.decode().split())
