"""The poll fast path (unodc_mun/fastpoll.py): an unchanged poll is answered ``204`` before the
middleware stack only for the person, session, page and role its token was issued for.

A fast answer is recognisable: it carries ``Cache-Control: no-store`` and none of the headers the
rest of the stack adds (``Vary: Cookie`` from the session, the CSP header)."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.core import signing
from django.test import Client

from committees.models import DelegateSeat
from committees.services import procedure as proc
from committees.services import secretariat
from positions.models import Document
from positions.services import coedit
from positions.services.papers import get_or_create_paper
from tests import factories
from unodc_mun import fastpoll, live


@pytest.fixture
def paper(committee, delegate):
    return get_or_create_paper(delegation=factories.delegation(committee, "USA"))


def paper_poll(client: Client, paper) -> str:
    page = client.get(f"/c/{paper.committee.slug}/papers/{paper.pk}/").content.decode()
    token = page.split('data-token="', 1)[1].split('"', 1)[0]
    version = Document.objects.get(pk=paper.document_id).version
    return f"/c/{paper.committee.slug}/papers/{paper.pk}/poll/?v={version}&t={token}&editable=1"


def ballot_poll(client: Client, committee) -> str:
    page = client.get(f"/c/{committee.slug}/votes/").content.decode()
    return (
        page.split('id="ballot-box"', 1)[1]
        .split('hx-get="', 1)[1]
        .split('"', 1)[0]
        .replace("&amp;", "&")
    )


def fast(response) -> bool:
    return (
        response.status_code == 204
        and response.get("Cache-Control") == "no-store"
        and "Vary" not in response
        and "Content-Security-Policy" not in response
    )


def token_of(address: str) -> str:
    return address.split("&t=", 1)[1].split("&", 1)[0]


# --- who gets the fast answer ----------------------------------------------------------------


@pytest.mark.parametrize("role", ["delegate", "chair", "admin"])
def test_everyone_who_reads_the_paper_gets_the_fast_204(role_client, paper, role):
    client = role_client(role)
    address = paper_poll(client, paper)
    assert "t=" in address and token_of(address)
    assert fast(client.get(address))


@pytest.mark.parametrize("role", ["delegate", "other_delegate", "chair", "admin"])
def test_everyone_in_the_committee_gets_the_fast_procedure_204(role_client, committee, role):
    client = role_client(role)
    address = ballot_poll(client, committee)
    assert fast(client.get(address))


@pytest.mark.parametrize("role", ["anonymous", "other_delegate", "other_chair"])
def test_a_token_used_by_anyone_else_is_checked_in_full(role_client, paper, role):
    address = paper_poll(role_client("delegate"), paper)
    response = role_client(role).get(address)
    # Someone else's browser (another session, or none): the view decides, and refuses.
    assert not fast(response)
    assert response.status_code == (403 if role == "anonymous" else 404)


def test_the_same_person_in_another_browser_is_checked_in_full(paper, delegate):
    first, second = Client(), Client()
    first.force_login(delegate)
    second.force_login(delegate)
    address = paper_poll(first, paper)
    # The token is bound to the first browser's session; the second is served, but slowly.
    response = second.get(address)
    assert response.status_code == 204 and not fast(response)


def test_an_unchanged_fast_poll_needs_no_view_and_a_change_is_seen(role_client, paper, delegate):
    client = role_client("delegate")
    address = paper_poll(client, paper)
    assert fast(client.get(address))
    coedit.save_block(
        block=paper.document.blocks.first(), user=delegate, text="New.", base_revision_id=None
    )
    assert client.get(address).status_code == 200


# --- revoked access ---------------------------------------------------------------------------


def test_a_delegate_removed_from_the_committee_gets_no_204(role_client, paper, delegate):
    client = role_client("delegate")
    address = paper_poll(client, paper)
    assert fast(client.get(address))
    secretariat.remove_from_committee(committee=paper.committee, user=delegate)
    assert client.get(address).status_code == 404


def test_a_delegate_moved_to_another_delegation_gets_no_204(
    role_client, paper, delegate, committee
):
    client = role_client("delegate")
    address = paper_poll(client, paper)
    assert fast(client.get(address))
    seat = DelegateSeat.objects.get(user=delegate, delegation__committee=committee)
    secretariat.move_delegate(seat=seat, to=factories.delegation(committee, "MEX"))
    assert client.get(address).status_code == 404


def test_a_seat_deleted_in_the_admin_site_ends_the_fast_path(role_client, committee, delegate):
    client = role_client("delegate")
    address = ballot_poll(client, committee)
    assert fast(client.get(address))
    DelegateSeat.objects.filter(user=delegate).delete()
    assert client.get(address).status_code == 404


def test_a_chair_whose_seat_is_taken_gets_no_204(role_client, committee, chair):
    client = role_client("chair")
    address = ballot_poll(client, committee)
    assert fast(client.get(address))
    secretariat.remove_from_committee(committee=committee, user=chair)
    assert client.get(address).status_code == 404


def test_an_admin_no_longer_staff_gets_no_204(role_client, paper, admin_user):
    client = role_client("admin")
    address = paper_poll(client, paper)
    assert fast(client.get(address))
    admin_user.is_staff = False
    admin_user.save()
    assert client.get(address).status_code == 404


def test_after_logout_the_old_cookie_and_token_get_no_204(paper, delegate):
    client = Client()
    client.force_login(delegate)
    address = paper_poll(client, paper)
    cookie = client.cookies["sessionid"].value
    assert fast(client.get(address))
    client.post("/accounts/logout/")
    thief = Client()
    thief.cookies["sessionid"] = cookie
    response = thief.get(address)
    assert response.status_code == 403 and not fast(response)


def test_reset_access_ends_the_fast_path_at_once(paper, delegate, admin_user):
    client = Client()
    client.force_login(delegate)
    address = paper_poll(client, paper)
    assert fast(client.get(address))
    secretariat.reset_access(user=delegate, by=admin_user)
    assert client.get(address).status_code == 403


def test_a_deactivated_account_gets_no_204(paper, delegate):
    client = Client()
    client.force_login(delegate)
    address = paper_poll(client, paper)
    assert fast(client.get(address))
    get_user_model().objects.filter(pk=delegate.pk).update(is_active=False)
    assert client.get(address).status_code == 403


# --- stale and forged tokens -----------------------------------------------------------------


def test_an_expired_token_is_checked_in_full(role_client, paper, monkeypatch):
    client = role_client("delegate")
    address = paper_poll(client, paper)
    monkeypatch.setattr(fastpoll, "MAX_AGE", -1)
    response = client.get(address)
    assert response.status_code == 204 and not fast(response)


def test_a_forged_or_altered_token_is_checked_in_full(role_client, paper, committee, delegate):
    client = role_client("delegate")
    address = paper_poll(client, paper)
    token = token_of(address)
    tampered = address.replace(token, token[:-2] + ("AA" if token[-2:] != "AA" else "BB"))
    response = client.get(tampered)
    assert response.status_code == 204 and not fast(response)
    # Signed with another key: the same.
    payload = signing.loads(token, salt=fastpoll.SALT)
    forged = signing.dumps(payload, key="not-the-secret-key", salt=fastpoll.SALT)
    assert not fast(client.get(address.replace(token, forged)))
    # A role the person does not have (say, chair): refused on the fast path.
    claimed = signing.dumps({**payload, "r": "01.0"}, salt=fastpoll.SALT)
    assert not fast(client.get(address.replace(token, claimed)))


def test_a_token_for_one_page_does_not_open_another(role_client, paper, committee, delegate):
    client = role_client("delegate")
    address = paper_poll(client, paper)
    other = get_or_create_paper(delegation=factories.delegation(committee, "MEX"))
    foreign = address.replace(f"/papers/{paper.pk}/", f"/papers/{other.pk}/")
    response = client.get(foreign)
    assert response.status_code == 404
    # Nor the procedure poll of the committee.
    proc_address = f"/c/{committee.slug}/procedure/poll/?screen=ballot&v=0&t={token_of(address)}"
    assert not fast(client.get(proc_address))


def test_a_bad_version_or_token_never_breaks_the_poll(role_client, paper):
    client = role_client("delegate")
    address = paper_poll(client, paper)
    for broken in (
        address.replace("?v=", "?v=x"),
        address.replace("?v=", "?v=%C2%B2"),
        address.replace("&t=", "&t=%00"),
        address + "&t=junk",
    ):
        response = client.get(broken)
        assert response.status_code in (200, 204, 400) and not fast(response)


# --- the WSGI level, from memory only (PostgreSQL: the LISTEN cache) --------------------------


def _environ(client: Client, address: str) -> dict:
    path, _, query = address.partition("?")
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": query,
        "HTTP_HOST": "testserver",
        "HTTP_COOKIE": f"sessionid={client.cookies['sessionid'].value}",
        "wsgi.url_scheme": "http",
    }


def _call(application, environ) -> str:
    status = []
    application(environ, lambda s, headers: status.append(s))
    return status[0] if status else "django"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_wsgi_wrapper_answers_from_memory_until_access_changes(
    settings, delegate, committee, django_assert_num_queries
):
    settings.LIVE_POLL_CACHE = True
    settings.ALLOWED_HOSTS = ["testserver"]
    proc.bump_clock(committee.pk)
    passed = []
    wrapped = fastpoll.wrap_wsgi(lambda environ, start: passed.append(environ) or [])
    try:
        client = Client()
        client.force_login(delegate)
        address = ballot_poll(client, committee)
        deadline = time.monotonic() + 5
        while not live.poll_cache.epoch and time.monotonic() < deadline:
            client.get(address)
            time.sleep(0.05)
        assert fast(client.get(address))  # read once while listening: now in memory
        with django_assert_num_queries(0):
            assert _call(wrapped, _environ(client, address)) == "204 No Content"
        assert not passed
        # Another browser's cookie, or none: Django answers.
        stranger = _environ(client, address) | {"HTTP_COOKIE": "sessionid=abc"}
        assert _call(wrapped, stranger) == "django"
        assert _call(wrapped, _environ(client, address) | {"HTTP_HOST": "evil.example"}) == (
            "django"
        )
        # The seat goes (committed elsewhere): the announcement reaches the cache, and the
        # wrapper no longer answers.
        secretariat.remove_from_committee(committee=committee, user=delegate)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            if _call(wrapped, _environ(client, address)) == "django":
                break
            time.sleep(0.05)
        assert _call(wrapped, _environ(client, address)) == "django"
        assert client.get(address).status_code == 404
    finally:
        live.poll_cache.stop()


def _run_on_its_own_loop(coroutine, queries: list[str]) -> None:
    """Run ``coroutine`` on a new event loop in a thread of its own (a browser test earlier in
    the run may have left an event loop running on this one), noting the queries made there."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    def note(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    def work():
        try:
            with connection.execute_wrapper(note):
                asyncio.run(coroutine)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(work).result()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_asgi_wrapper_answers_on_the_event_loop_until_access_changes(
    settings, delegate, committee, django_assert_num_queries
):
    settings.LIVE_POLL_CACHE = True
    settings.ALLOWED_HOSTS = ["testserver"]
    proc.bump_clock(committee.pk)
    passed = []

    async def django_app(scope, receive, send):
        passed.append(scope["path"])

    wrapped = fastpoll.wrap_asgi(django_app)

    def call(address: str, cookie: str, host: str = "testserver") -> int | str:
        path, _, query = address.partition("?")
        scope = {
            "type": "http",
            "method": "GET",
            "path": path,
            "root_path": "",
            "scheme": "http",
            "query_string": query.encode(),
            "headers": [(b"host", host.encode()), (b"cookie", f"sessionid={cookie}".encode())],
        }
        sent = []

        async def send(message):
            sent.append(message)

        async def receive():
            return {"type": "http.request"}

        before = len(passed)
        _run_on_its_own_loop(wrapped(scope, receive, send), queries)
        return "django" if len(passed) > before else sent[0]["status"]

    queries: list[str] = []

    try:
        client = Client()
        client.force_login(delegate)
        cookie = client.cookies["sessionid"].value
        address = ballot_poll(client, committee)
        deadline = time.monotonic() + 5
        while not live.poll_cache.epoch and time.monotonic() < deadline:
            client.get(address)
            time.sleep(0.05)
        assert fast(client.get(address))
        with django_assert_num_queries(0):
            assert call(address, cookie) == 204
        assert queries == []  # none on the event loop's thread either
        assert call(address, "abc") == "django"
        assert call(address, cookie, host="evil.example") == "django"
        secretariat.remove_from_committee(committee=committee, user=delegate)
        deadline = time.monotonic() + 5
        while call(address, cookie) == 204 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert call(address, cookie) == "django"
    finally:
        live.poll_cache.stop()
