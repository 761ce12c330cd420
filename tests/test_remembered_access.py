"""Pages remember who is asking (``live.PollCache.remember``): the session row
(``unodc_mun/sessions.py``), the signed-in person's row (``unodc_mun/signed_in.py``), their committee and role (``committees.access.committee_for``) and
the committee menu, per process, while the process listens for announcements.

What is remembered must never outlive the change it depends on: an announcement about the
person (``acl:<id>``) or about any committee or delegation (``room:<id>``) drops it, and so do a
lost connection and ``ACCESS_TTL``. Writes never use it."""

import time

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import Client

from committees.models import DelegateSeat
from committees.services import secretariat
from unodc_mun import live

# --- the memo itself (no database, no listening thread) ---------------------------------------


@pytest.fixture
def memo(monkeypatch):
    cache = live.PollCache()
    monkeypatch.setattr(cache, "enabled", lambda: True)
    monkeypatch.setattr(cache, "_ensure_thread", lambda: None)
    cache.epoch = 1
    return cache


def counting_read(value):
    reads = []

    def read():
        reads.append(1)
        return value

    return read, reads


def test_an_answer_is_read_once_then_remembered(memo):
    read, reads = counting_read({"role": "delegate"})
    assert memo.remember(("k",), ("acl:1", "room"), read) == {"role": "delegate"}
    assert memo.remember(("k",), ("acl:1", "room"), read) == {"role": "delegate"}
    assert len(reads) == 1


def test_every_caller_gets_a_copy_of_its_own(memo):
    read, _ = counting_read({"name": "UNODC"})
    first = memo.remember(("k",), ("room",), read)
    first["name"] = "changed by a form that did not validate"
    assert memo.remember(("k",), ("room",), read) == {"name": "UNODC"}


def test_an_announcement_about_the_person_drops_only_their_answers(memo):
    read, reads = counting_read("x")
    memo.remember(("a",), ("acl:1",), read)
    memo.remember(("b",), ("acl:2",), read)
    memo.heard("acl:1:0")
    memo.remember(("a",), ("acl:1",), read)
    memo.remember(("b",), ("acl:2",), read)
    assert len(reads) == 3  # a, b, a again


def test_a_room_announcement_drops_every_committee_answer(memo):
    read, reads = counting_read("x")
    memo.remember(("a",), ("acl:1", "room"), read)
    memo.remember(("b",), ("acl:2", "room"), read)
    memo.remember(("user",), ("acl:1",), read)
    memo.heard("room:7:0")
    for key, tags in ((("a",), ("acl:1", "room")), (("b",), ("acl:2", "room"))):
        memo.remember(key, tags, read)
    memo.remember(("user",), ("acl:1",), read)
    assert len(reads) == 5  # the committee answers read again, the person's row not


def test_an_announcement_heard_during_the_read_keeps_the_answer_out(memo):
    reads = []

    def read():
        reads.append(1)
        memo.heard("acl:1:0")  # the seat changed while it was being read
        return "stale"

    memo.remember(("k",), ("acl:1",), read)
    memo.remember(("k",), ("acl:1",), read)
    assert len(reads) == 2


def test_nothing_is_remembered_without_a_listening_connection(memo):
    memo.epoch = 0
    read, reads = counting_read("x")
    memo.remember(("k",), ("room",), read)
    memo.remember(("k",), ("room",), read)
    assert len(reads) == 2


def test_an_answer_older_than_the_ttl_is_read_again(memo, monkeypatch):
    read, reads = counting_read("x")
    memo.remember(("k",), ("room",), read)
    later = time.monotonic() + live.ACCESS_TTL + 1
    monkeypatch.setattr(live.time, "monotonic", lambda: later)
    memo.remember(("k",), ("room",), read)
    assert len(reads) == 2


def test_a_failed_read_is_not_remembered(memo):
    calls = []

    def read():
        calls.append(1)
        raise LookupError("no such committee")

    for _ in range(2):
        with pytest.raises(LookupError):
            memo.remember(("k",), ("room",), read)
    assert len(calls) == 2


def test_the_memo_starts_over_when_full(memo, monkeypatch):
    monkeypatch.setattr(live, "MEMO_LIMIT", 3)
    read, _ = counting_read("x")
    for n in range(5):
        memo.remember((n,), ("room",), read)
    assert len(memo.memos) <= 3


# --- through the pages, on PostgreSQL with the listening thread -------------------------------


@pytest.fixture
def listening(settings):
    settings.LIVE_POLL_CACHE = True
    live.poll_cache.stop()
    yield
    live.poll_cache.stop()


def queries_of(client: Client, address: str) -> tuple[int, int]:
    sql = []

    def count(execute, query, params, many, context):
        sql.append(query)
        return execute(query, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(address)
    return response.status_code, len(sql)


def until(check, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return check()


def rename_to_cnd(committee) -> None:
    secretariat.update_committee(
        committee=committee,
        name="Commission on Narcotic Drugs",
        acronym="CND",
        topic=committee.topic,
        rule_profile=committee.rule_profile,
    )


def remembered_client(user, address: str, settings) -> Client:
    """A signed-in client whose second page view came from memory."""
    client = Client()
    client.force_login(user)
    assert until(lambda: client.get(address) and live.poll_cache.epoch)
    client.get(address)
    return client


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_page_reads_only_the_session_and_its_own_rows(listening, settings, delegate):
    client = Client()
    client.force_login(delegate)
    _, first = queries_of(client, "/c/unodc/guide/")
    assert until(lambda: live.poll_cache.epoch)
    client.get("/c/unodc/guide/")
    status, remembered = queries_of(client, "/c/unodc/guide/")
    assert status == 200
    # The guide alone: the session, the person, the committee, the seat and the menu remembered.
    assert remembered == 1
    assert remembered < first


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_delegate_removed_from_the_committee_is_refused_within_seconds(
    listening, settings, committee, delegate
):
    client = remembered_client(delegate, "/c/unodc/guide/", settings)
    assert client.get("/c/unodc/guide/").status_code == 200
    secretariat.remove_from_committee(committee=committee, user=delegate)
    assert until(lambda: client.get("/c/unodc/guide/").status_code == 404)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_renamed_committee_shows_its_new_name_within_seconds(
    listening, settings, committee, delegate, admin_user
):
    client = remembered_client(delegate, "/c/unodc/", settings)
    rename_to_cnd(committee)  # an update(), which sends no post_save: the service announces it
    assert until(lambda: "CND" in client.get("/c/unodc/").content.decode())


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_changed_password_signs_the_old_session_out_at_once(listening, settings, delegate):
    client = remembered_client(delegate, "/c/unodc/guide/", settings)
    delegate.set_password("a-new-and-long-passphrase")
    delegate.save()
    # The session's hash no longer matches the row (read again after the announcement, and
    # even a remembered row would fail the check): the page asks to sign in.
    assert until(lambda: client.get("/c/unodc/guide/").status_code == 302)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_write_never_trusts_what_a_page_remembered(listening, settings, committee, delegate):
    client = remembered_client(delegate, "/c/unodc/floor/", settings)
    assert (
        client.post("/c/unodc/floor/do/notes_read/").status_code == 302
    )  # done, back to the floor
    # The seat goes without any announcement (raw SQL, as from a database shell): a page may
    # still be served from memory for up to ACCESS_TTL, but a write reads the seat and is
    # refused.
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {DelegateSeat._meta.db_table} WHERE user_id = %s", [delegate.pk]
        )
    assert client.get("/c/unodc/floor/").status_code == 200
    assert client.post("/c/unodc/floor/do/notes_read/").status_code == 404


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_signing_out_ends_the_same_session_in_every_browser_at_once(listening, settings, delegate):
    client = remembered_client(delegate, "/c/unodc/guide/", settings)
    copy = Client()
    copy.cookies["sessionid"] = client.cookies["sessionid"].value
    assert until(lambda: copy.get("/c/unodc/guide/").status_code == 200)
    client.post("/accounts/logout/")
    # The session row was deleted through the store, which announced it.
    assert until(lambda: copy.get("/c/unodc/guide/").status_code == 302)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_expired_session_is_never_taken_from_memory(listening, delegate):
    store = SessionStore()
    store["_auth_user_id"] = str(delegate.pk)
    store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    store["_auth_user_hash"] = delegate.get_session_auth_hash()
    store.set_expiry(2)
    store.create()
    client = Client()
    client.cookies["sessionid"] = store.session_key
    assert until(lambda: client.get("/c/unodc/guide/").status_code == 200 and live.poll_cache.epoch)
    assert client.get("/c/unodc/guide/").status_code == 200
    time.sleep(2.2)
    assert client.get("/c/unodc/guide/").status_code == 302


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_declared_stance_shows_in_the_matrix_within_seconds(
    listening, settings, committee, delegate
):
    from committees.models import Country
    from committees.services import stances

    question = stances.add_question(
        committee=committee, short_label="Data sharing", text="Share border data?"
    )
    profile = stances.ensure_profile(committee=committee, country=Country.objects.get(iso3="USA"))
    stances.set_position(
        profile=profile,
        question=question,
        stance="supports",
        rationale="Shared data stops cartels.",
        cited_section="III.1",
        user=delegate,
    )
    client = remembered_client(delegate, "/c/unodc/stances/compare/", settings)
    assert "Data sharing" in client.get("/c/unodc/stances/compare/").content.decode()
    stances.add_question(committee=committee, short_label="Drone patrols", text="Fund drones?")
    assert until(
        lambda: "Drone patrols" in client.get("/c/unodc/stances/compare/").content.decode()
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_new_draft_resolution_shows_in_the_list_within_seconds(
    listening, settings, committee, delegate
):
    from positions.services import resolutions as drafts
    from tests import factories

    client = remembered_client(delegate, "/c/unodc/resolutions/", settings)
    assert "Drone corridors" not in client.get("/c/unodc/resolutions/").content.decode()
    drafts.create_draft(
        committee=committee,
        title="Drone corridors at borders",
        sponsor=factories.delegation(committee, "USA"),
        by=delegate,
    )
    assert until(lambda: "Drone corridors" in client.get("/c/unodc/resolutions/").content.decode())


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_new_seat_shows_in_the_menu_and_the_delegate_list_within_seconds(
    listening, settings, committee, delegate, other_committee
):
    from positions.services.papers import get_or_create_paper
    from tests import factories

    paper = get_or_create_paper(delegation=factories.delegation(committee, "USA"))
    editor = f"/c/unodc/papers/{paper.pk}/"
    client = remembered_client(delegate, editor, settings)
    page = client.get(editor).content.decode()
    assert "James Brooks" not in page and ">CTC<" not in page
    teammate = factories.make_user("james", first_name="James", last_name="Brooks")
    factories.seat_delegate(teammate, committee, "USA")
    assert until(lambda: "James Brooks" in client.get(editor).content.decode())
    factories.seat_delegate(delegate, other_committee, "GBR")
    assert until(lambda: ">CTC<" in client.get(editor).content.decode())


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_renamed_author_shows_under_the_section_within_seconds(
    listening, settings, committee, delegate
):
    from positions.services.papers import get_or_create_paper, save_section
    from tests import factories

    paper = get_or_create_paper(delegation=factories.delegation(committee, "USA"))
    section = paper.document.blocks.get(key="country-policy")
    save_section(paper=paper, block=section, user=delegate, text="Policy.", base_revision_id=None)
    editor = f"/c/unodc/papers/{paper.pk}/"
    client = remembered_client(delegate, editor, settings)
    assert "last change by Emily Carter" in client.get(editor).content.decode()
    delegate.first_name = "Emilia"
    delegate.save()
    assert until(lambda: "last change by Emilia Carter" in client.get(editor).content.decode())


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_next_page_after_a_change_made_here_shows_it_at_once(
    listening, settings, monkeypatch, committee, delegate, other_committee
):
    import threading

    from tests import factories

    client = remembered_client(delegate, "/c/unodc/", settings)
    heard = live.poll_cache.heard

    def announcements_still_on_their_way(payload, **kwargs):
        if threading.current_thread().name != "live-poll":
            heard(payload, **kwargs)

    monkeypatch.setattr(live.poll_cache, "heard", announcements_still_on_their_way)
    # Made by this process: forgotten here on commit, without waiting for the announcement to
    # come back over the listening connection (the redirect after a write may come sooner).
    factories.seat_delegate(delegate, other_committee, "GBR")
    assert ">CTC<" in client.get("/c/unodc/").content.decode()
    rename_to_cnd(committee)
    assert ">CND<" in client.get("/c/unodc/").content.decode()
