"""The live-update stream: who may open it, what it sends, revocation, resume, and NOTIFY."""

from __future__ import annotations

import asyncio
import json
import threading
import time

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.db import connection, transaction
from django.db import connections as db_connections
from django.test import AsyncClient, Client

from committees.models import DelegateSeat
from committees.services import procedure as proc
from positions.models import Document
from positions.services import coedit
from positions.services.papers import get_or_create_paper
from tests import factories
from unodc_mun import live

pytestmark = pytest.mark.django_db(transaction=True)

ROLE_STATUS_PAPER = {
    "anonymous": 403,
    "delegate": 200,
    "other_delegate": 404,
    "chair": 200,
    "other_chair": 404,
    "admin": 200,
}
ROLE_STATUS_PROCEDURE = {**ROLE_STATUS_PAPER, "other_delegate": 200}


@pytest.fixture
def teammate(committee):
    user = factories.make_user("james_usa", first_name="James", last_name="Brooks")
    factories.seat_delegate(user, committee, "USA")
    return user


@pytest.fixture
def paper(committee):
    return get_or_create_paper(delegation=factories.delegation(committee, "USA"))


def change_paper(paper) -> int:
    """A teammate's save through the co-editing service; returns the new version."""
    block = paper.document.blocks.order_by("order").first()
    user = block.document.paper.delegation.delegates.first().user
    coedit.save_block(
        block=block,
        user=user,
        text=f"{block.text} More text {time.monotonic()}.",
        base_revision_id=block.current_revision_id,
    )
    return Document.objects.get(pk=paper.document_id).version


class Stream:
    """Reads server-sent events from a streaming response of the test client."""

    def __init__(self, response):
        self.response = response
        self.chunks = response.streaming_content.__aiter__()
        self.buffer = ""

    async def event(self, timeout: float = 5.0) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            while "\n\n" in self.buffer:
                raw, self.buffer = self.buffer.split("\n\n", 1)
                fields: dict[str, str] = {}
                for line in raw.split("\n"):
                    if line.startswith(":") or not line:
                        continue
                    name, _, value = line.partition(": ")
                    fields[name] = value
                if "event" in fields:
                    fields["data"] = json.loads(fields.get("data") or "{}")
                    return fields
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("no event")
            chunk = await asyncio.wait_for(self.chunks.__anext__(), remaining)
            self.buffer += chunk.decode()

    async def close(self) -> None:
        await self.chunks.aclose()
        await self.response._iterator.aclose()


async def open_stream(user, topics: str, **headers) -> tuple[int, Stream | None]:
    client = AsyncClient()
    if user is not None:
        await client.aforce_login(user)
    response = await client.get("/live/", {"topics": topics}, headers=headers)
    if response.status_code != 200:
        return response.status_code, None
    return 200, Stream(response)


async def wait_listening() -> None:
    """On PostgreSQL the hub's LISTEN connection must be up before a change is made."""
    if connection.vendor != "postgresql":
        return
    for _ in range(100):
        if live.hub.listening:
            await asyncio.sleep(0.05)
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the LISTEN connection did not come up")


def version_in(event: dict, name: str) -> int | None:
    """The version an event gives for a topic (a single change, or the versions listed)."""
    if event["event"] == "version":
        return event["data"]["version"] if event["data"]["topic"] == name else None
    return event["data"].get(name)


def in_thread(call):
    """Run ``call`` in a thread of its own, with no event loop around (the browser tests'
    Playwright keeps one running in the main thread), closing that thread's connections."""
    outcome = {}

    def target():
        try:
            outcome["value"] = call()
        except BaseException as error:  # handed back to the test's thread
            outcome["error"] = error
        finally:
            db_connections.close_all()

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def run(scenario):
    async def wrapped():
        try:
            return await scenario()
        finally:
            await live.hub.stop()

    return in_thread(async_to_sync(wrapped))


@pytest.mark.parametrize("role", list(ROLE_STATUS_PAPER))
def test_who_may_follow_a_paper(role, request, paper, committee):
    user = (
        None
        if role == "anonymous"
        else request.getfixturevalue("admin_user" if role == "admin" else role)
    )

    async def scenario():
        status, stream = await open_stream(user, f"doc:{paper.document_id}")
        if stream:
            assert stream.response["Content-Type"] == "text/event-stream"
            assert stream.response["X-Accel-Buffering"] == "no"
            first = await stream.event()
            assert first["event"] == "versions"
            await stream.close()
        return status

    assert run(scenario) == ROLE_STATUS_PAPER[role]


@pytest.mark.parametrize("role", list(ROLE_STATUS_PROCEDURE))
def test_who_may_follow_the_procedure_clock(role, request, committee):
    user = (
        None
        if role == "anonymous"
        else request.getfixturevalue("admin_user" if role == "admin" else role)
    )

    async def scenario():
        status, stream = await open_stream(user, f"proc:{committee.pk}")
        if stream:
            await stream.close()
        return status

    assert run(scenario) == ROLE_STATUS_PROCEDURE[role]


def test_a_foreign_topic_among_allowed_ones_refuses_the_whole_stream(
    delegate, committee, other_committee
):
    async def scenario():
        return (await open_stream(delegate, f"proc:{committee.pk},proc:{other_committee.pk}"))[0]

    assert run(scenario) == 404


@pytest.mark.parametrize("topics", ["", "doc:x", "nope:1", ",".join(f"proc:{i}" for i in range(9))])
def test_bad_topics_are_refused_with_a_message(delegate, topics):
    async def scenario():
        client = AsyncClient()
        await client.aforce_login(delegate)
        response = await client.get("/live/", {"topics": topics})
        return response.status_code, response.content.decode()

    status, body = run(scenario)
    assert status == 400
    assert "topics" in body


def test_a_wsgi_server_answers_no_content_so_the_page_polls(delegate, committee):
    client = Client()
    client.force_login(delegate)
    response = in_thread(lambda: client.get("/live/", {"topics": f"proc:{committee.pk}"}))
    assert response.status_code == 204


def test_the_stream_starts_with_the_current_versions_then_sends_each_change(
    delegate, teammate, paper, committee
):
    start = change_paper(paper)

    async def scenario():
        status, stream = await open_stream(delegate, f"doc:{paper.document_id},proc:{committee.pk}")
        first = await stream.event()
        await wait_listening()
        version = await sync_to_async(change_paper)(paper)
        second = await stream.event()
        await sync_to_async(proc.bump_clock)(committee.pk)
        third = await stream.event()
        await stream.close()
        return first, version, second, third

    first, version, second, third = run(scenario)
    assert first["event"] == "versions"
    assert first["data"] == {f"doc:{paper.document_id}": start, f"proc:{committee.pk}": 0}
    assert version_in(second, f"doc:{paper.document_id}") == version
    assert second["id"] == f"doc:{paper.document_id}={version},proc:{committee.pk}=0"
    assert version_in(third, f"proc:{committee.pk}") == 1


def test_a_rolled_back_change_is_never_announced(delegate, paper):
    def failed_change():
        with pytest.raises(RuntimeError), transaction.atomic():
            change_paper(paper)
            raise RuntimeError("the save failed after the bump")

    async def scenario():
        status, stream = await open_stream(delegate, f"doc:{paper.document_id}")
        await stream.event()
        await wait_listening()
        await sync_to_async(failed_change)()
        version = await sync_to_async(change_paper)(paper)
        event = await stream.event()
        await stream.close()
        return version, event

    version, event = run(scenario)
    assert version_in(event, f"doc:{paper.document_id}") == version == 1


def test_a_removed_delegate_stops_receiving_at_the_next_change(delegate, teammate, paper):
    async def scenario():
        status, stream = await open_stream(delegate, f"doc:{paper.document_id}")
        await stream.event()
        await wait_listening()
        await sync_to_async(DelegateSeat.objects.filter(user=delegate).delete)()
        await sync_to_async(change_paper)(paper)
        event = await stream.event()
        # The stream has ended: nothing more comes.
        with pytest.raises(StopAsyncIteration):
            await stream.event(timeout=2)
        return event

    event = run(scenario)
    assert event["event"] == "revoked"


def test_the_periodic_check_ends_the_stream_of_someone_removed_while_nothing_changes(
    delegate, committee
):
    async def scenario():
        status, stream = await open_stream(delegate, f"proc:{committee.pk}")
        await stream.event()
        await sync_to_async(DelegateSeat.objects.filter(user=delegate).delete)()
        await live.hub.recheck()
        return await stream.event()

    assert run(scenario)["event"] == "revoked"


def test_a_reconnect_resumes_from_the_last_event_id(delegate, paper, committee):
    doc = f"doc:{paper.document_id}"
    proc_topic = f"proc:{committee.pk}"
    change_paper(paper)

    async def scenario():
        # Seen everything: the opening event lists nothing.
        _, stream = await open_stream(
            delegate, f"{doc},{proc_topic}", **{"Last-Event-ID": f"{doc}=1,{proc_topic}=0"}
        )
        up_to_date = await stream.event()
        await stream.close()
        # Missed a change while away: only that topic is sent.
        await sync_to_async(change_paper)(paper)
        _, stream = await open_stream(
            delegate, f"{doc},{proc_topic}", **{"Last-Event-ID": f"{doc}=1,{proc_topic}=0"}
        )
        missed = await stream.event()
        await stream.close()
        return up_to_date, missed

    up_to_date, missed = run(scenario)
    assert up_to_date["data"] == {}
    assert missed["data"] == {doc: 2}
    assert missed["id"] == f"{doc}=2,{proc_topic}=0"


@pytest.mark.postgres
def test_notify_is_sent_by_the_bumping_transaction_and_only_on_commit(delegate, paper):
    import psycopg

    with psycopg.connect(**live.listen_params(), autocommit=True) as listener:
        listener.execute(f"LISTEN {live.CHANNEL}")
        with transaction.atomic():
            version = change_paper(paper)
            # Inside the transaction: nothing is delivered yet.
            assert list(listener.notifies(timeout=0.3, stop_after=1)) == []
        delivered = [n.payload for n in listener.notifies(timeout=2, stop_after=1)]
    assert delivered == [f"doc:{paper.document_id}:{version}"]


# --- polls that find nothing new ------------------------------------------------------------


def _paper_poll_url(client, paper) -> str:
    page = client.get(f"/c/{paper.committee.slug}/papers/{paper.pk}/").content.decode()
    token = page.split('data-token="', 1)[1].split('"', 1)[0]
    version = Document.objects.get(pk=paper.document_id).version
    return f"/c/{paper.committee.slug}/papers/{paper.pk}/poll/?v={version}&t={token}&editable=1"


def _ballot_poll_url(client, committee) -> str:
    page = client.get(f"/c/{committee.slug}/votes/").content.decode()
    return (
        page.split('id="ballot-box"', 1)[1]
        .split('hx-get="', 1)[1]
        .split('"', 1)[0]
        .replace("&amp;", "&")
    )


def test_an_unchanged_procedure_poll_with_its_token_is_fast_only_with_its_session(
    role_client, committee, django_assert_max_num_queries
):
    client = role_client("delegate")
    address = _ballot_poll_url(client, committee)
    assert "t=" in address
    # Without the LISTEN cache (SQLite): session, account, two seats, the clock (two).
    with django_assert_max_num_queries(6):
        fast = client.get(address)
    assert fast.status_code == 204 and "Vary" not in fast
    anonymous = Client()  # no session: the token alone opens nothing
    assert anonymous.get(address)["Location"].startswith("/accounts/login/")
    proc.bump_clock(committee.pk)
    # Something changed: now the person must be logged in, and is checked in full.
    assert anonymous.get(address)["Location"].startswith("/accounts/login/")
    assert client.get(address).status_code == 200


def test_a_procedure_token_for_another_committee_is_ignored(
    role_client, committee, other_committee
):
    client = role_client("delegate")
    address = _ballot_poll_url(client, committee)
    foreign = address.replace(f"/c/{committee.slug}/", f"/c/{other_committee.slug}/")
    # Not a 204 from this committee's clock: checked in full, and this delegate has no role there.
    assert client.get(foreign).status_code == 404


@pytest.mark.postgres
def test_the_poll_cache_answers_unchanged_polls_without_a_query_and_hears_changes(
    settings, role_client, delegate, paper, django_assert_num_queries
):
    settings.LIVE_POLL_CACHE = True
    try:
        poller = role_client("delegate")
        address = _paper_poll_url(poller, paper)
        deadline = time.monotonic() + 5
        while not live.poll_cache.epoch and time.monotonic() < deadline:
            poller.get(address)
            time.sleep(0.05)
        poller.get(address)  # read once after listening began: now cached
        with django_assert_num_queries(0):
            assert poller.get(address).status_code == 204
        change_paper(paper)
        deadline = time.monotonic() + 5
        while poller.get(address).status_code == 204 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert poller.get(address).status_code == 200
    finally:
        live.poll_cache.stop()


def test_a_draft_resolution_change_reaches_everyone_in_the_committee(
    delegate, other_delegate, committee
):
    from positions.services import resolutions as drafts

    draft = drafts.create_draft(
        committee=committee,
        title="Countering AI-enabled trafficking",
        sponsor=factories.delegation(committee, "MEX"),
        by=other_delegate,
    )
    usa = factories.delegation(committee, "USA")

    async def scenario():
        _, stream = await open_stream(delegate, f"res:{draft.pk}")
        first = await stream.event()
        await wait_listening()
        await sync_to_async(drafts.support)(
            resolution=draft,
            delegation=usa,
            role="signatory",
            by=delegate,
        )
        second = await stream.event()
        await stream.close()
        return first, second

    first, second = run(scenario)
    before = first["data"][f"res:{draft.pk}"]
    assert version_in(second, f"res:{draft.pk}") > before
