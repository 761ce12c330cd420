"""Input hygiene at the boundary: bad characters, unreadable bodies, unsafe ``next`` and link
targets, weak new accounts, quiet refusals in the log and a deploy check for the secret key."""

import json
import logging

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client
from django.urls import reverse

from committees.engines.safe_urls import is_site_relative
from committees.models import Invite
from committees.services import procedure as proc
from committees.services.people import create_invite
from positions.engines.markdown import to_html
from positions.models import Revision
from positions.services.papers import get_or_create_paper
from tests import factories
from tests.positions.resolution_factory import introduced_draft
from tests.snapshot import changed, snapshot
from unodc_mun.logs import RefusalsWithoutTraceback

pytestmark = pytest.mark.django_db


@pytest.fixture
def paper(committee):
    return get_or_create_paper(delegation=factories.delegation(committee, "USA"))


def save_url(committee, paper, block):
    return reverse("positions:save", args=[committee.slug, paper.pk, block.pk])


@pytest.mark.parametrize(
    "field,value",
    [("text", "Cartels use\x00 AI."), ("client_op_id", "op\x00"), ("base_revision_id", "1\x00")],
)
def test_a_nul_in_a_section_save_is_a_clear_400_that_changes_nothing(
    committee, paper, delegate, field, value
):
    client = Client()
    client.force_login(delegate)
    block = paper.document.blocks.first()
    data = {"text": "Cartels use AI.", "client_op_id": "op", field: value}
    before = snapshot()
    response = client.post(save_url(committee, paper, block), data, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert f"“{field}” contains a NUL character (U+0000)" in response.json()["message"]
    assert changed(before, snapshot()) == []


def test_page_breaks_pasted_from_a_word_processor_become_line_breaks(committee, paper, delegate):
    client = Client()
    client.force_login(delegate)
    block = paper.document.blocks.first()
    response = client.post(save_url(committee, paper, block), {"text": "One.\x0bTwo.\x0cThree."})
    assert response.status_code == 200
    assert Revision.objects.get(block=block).text == "One.\nTwo.\nThree."


def test_nul_in_a_resolution_title_clause_and_amendment_is_refused(committee, chair, delegate):
    resolution = introduced_draft(committee)
    clause = resolution.clauses.filter(kind="operative").first()
    client = Client()
    client.force_login(delegate)
    targets = [
        (reverse("resolutions:rename", args=[committee.slug, resolution.pk]), {"title": "A\x00"}),
        (
            reverse("resolutions:clause_save", args=[committee.slug, resolution.pk, clause.pk]),
            {"text": "Calls upon\x00 States;", "base_revision_id": ""},
        ),
        (
            reverse("resolutions:amendment_new", args=[committee.slug, resolution.pk]),
            {"kind": "modify", "clause": clause.pk, "text": "Urges\x00 States;"},
        ),
    ]
    for target, data in targets:
        before = snapshot()
        response = client.post(target, data)
        assert response.status_code == 400, target
        assert "NUL character" in response.content.decode()
        assert changed(before, snapshot()) == []


def test_nul_in_a_stance_country_or_url_is_refused(committee, chair):
    client = Client()
    client.force_login(chair)
    for data in ({"country": "MEX\x00"}, {"url": "https://example.org/\x00"}):
        before = snapshot()
        response = client.post(
            reverse("committees:stance_profile_add", args=[committee.slug]), data
        )
        assert response.status_code == 400
        assert changed(before, snapshot()) == []


def test_json_bodies_are_checked_too(delegate):
    client = Client()
    client.force_login(delegate)
    broken = client.post("/", data="{not json", content_type="application/json")
    assert broken.status_code == 400
    assert broken.json()["message"] == "The request body is not valid JSON."
    surrogate = client.post("/", data='{"text": "\\ud800"}', content_type="application/json")
    assert surrogate.status_code == 400
    assert "not valid Unicode" in surrogate.json()["message"]
    nul = client.post("/", data=json.dumps({"t": "a\x00"}), content_type="application/json")
    assert nul.status_code == 400


@pytest.mark.parametrize("signed_in", [False, True])
def test_a_multipart_post_without_a_boundary_is_a_400(delegate, signed_in):
    client = Client()
    if signed_in:
        client.force_login(delegate)
    response = client.generic(
        "POST", "/no/such/page/", b"--x\r\n", content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert "could not be read" in response.content.decode()


def test_a_ballots_next_must_be_a_path_on_this_site(committee, chair, delegate):
    session = proc.open_session(committee=committee, by=chair)
    for delegation in committee.delegations.all():
        proc.record_attendance(
            session=session, delegation=delegation, attendance="present", by=chair
        )
    motion = proc.create_motion(committee=committee, kind="procedural", title="Close", by=chair)
    vote = proc.open_vote(motion=motion, method="electronic", by=chair)
    client = Client()
    client.force_login(delegate)
    target = reverse("committees:cast_ballot", args=[committee.slug, vote.pk])
    votes = reverse("committees:votes", args=[committee.slug])
    for unsafe in ("b", "//evil.example/", "/\\evil.example/", "https://evil.example/", "/\t/x"):
        response = client.post(target, {"choice": "zzz", "next": unsafe})
        assert response.status_code == 302
        assert response["Location"] == votes, unsafe
    fine = client.post(target, {"choice": "zzz", "next": f"/c/{committee.slug}/"})
    assert fine["Location"] == f"/c/{committee.slug}/"


@pytest.mark.parametrize(
    "href,site",
    [
        ("/c/unodc/papers/", True),
        ("/", True),
        ("//evil.example/p", False),
        ("/\\evil.example/p", False),
        ("/\t/evil.example/p", False),
        (" //evil.example", False),
        ("\\\\evil.example", False),
        ("https://evil.example", False),
    ],
)
def test_site_relative_links_are_judged_as_browsers_do(href, site):
    assert is_site_relative(href) is site


def test_markdown_does_not_link_a_backslash_path_off_site():
    assert "href" not in to_html("[x](/\\evil.example/p)")
    assert 'href="/c/unodc/papers/"' in to_html("[x](/c/unodc/papers/)")


@pytest.fixture
def code(committee, admin_user):
    invite = create_invite(
        committee=committee,
        delegation=factories.delegation(committee, "MEX"),
        role=Invite.Role.DELEGATE,
        max_uses=5,
        created_by=admin_user,
    )
    return invite.code


def sign_up(code, username, password):
    return Client().post(
        reverse("join"),
        {
            "code": code,
            "username": username,
            "email": "new@example.org",
            "password1": password,
            "password2": password,
        },
    )


@pytest.mark.parametrize("username", ["<b>x</b>", 'a"b', "o'brien", "two words", "x"])
def test_usernames_with_markup_quotes_or_spaces_are_refused(code, username):
    response = sign_up(code, username, "a long unusual passphrase 42")
    assert response.status_code == 200
    assert not Invite.objects.get(code=code).uses


@pytest.mark.parametrize("password", ["mun-demo-2026", "MUN-DEMO-2026", "password123"])
def test_the_demo_password_and_common_passwords_are_refused(code, password, settings):
    settings.DEMO_PASSWORD = "mun-demo-2026"
    response = sign_up(code, "newperson", password)
    assert response.status_code == 200
    page = response.content.decode()
    assert "demo accounts use it" in page or "too common" in page
    assert not Invite.objects.get(code=code).uses


def test_a_403_is_logged_as_one_line_without_a_traceback(committee, chair, caplog):
    paper = get_or_create_paper(delegation=factories.delegation(committee, "USA"))
    client = Client()
    client.force_login(chair)  # may read the paper, not write it
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.post(
            reverse(
                "positions:save",
                args=[committee.slug, paper.pk, paper.document.blocks.first().pk],
            ),
            {"text": "x"},
        )
    assert response.status_code == 403
    records = [r for r in caplog.records if getattr(r, "status_code", None) == 403]
    assert records
    handler_filters = [
        f
        for h in logging.getLogger().handlers
        for f in h.filters
        if isinstance(f, RefusalsWithoutTraceback)
    ]
    assert handler_filters, "the console handler drops refusal tracebacks"
    for record in records:
        handler_filters[0].filter(record)
        assert record.exc_info is None
        assert "Traceback" not in logging.Formatter().format(record)


def test_check_deploy_reports_a_missing_secret_key(settings):
    settings.SECRET_KEY_FROM_ENVIRONMENT = False
    with pytest.raises(SystemCheckError, match="unodc_mun.E001"):
        call_command("check", "--deploy", "--fail-level", "ERROR")
    settings.SECRET_KEY_FROM_ENVIRONMENT = True
