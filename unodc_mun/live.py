"""Live updates: version counters announced when they change, pushed to open pages.

Every live screen shows one or more *topics*, each a version counter: ``doc:<id>`` (a co-edited
document: a position paper, an amendment's text), ``res:<id>`` (a draft resolution) and
``proc:<committee id>`` (the committee's procedure clock). The service that bumps a counter calls
``announce(topic, version)`` inside its transaction:

- on PostgreSQL that is ``pg_notify('mun_live', 'topic:version')``, which PostgreSQL delivers
  only if and when the transaction commits, to every process listening, on every machine;
- elsewhere (SQLite, development) the announcement is handed to this process's hub on commit.

Each app process runs one ``Hub``: one ``LISTEN`` connection (psycopg 3, async) and the open
streams, each with an asyncio queue. An announcement is checked once per topic against the people
holding streams on it (one query), then delivered; a person who lost access gets ``revoked`` and
their stream ends. Streams are re-checked every ``RECHECK_EVERY`` seconds as well, and after the
``LISTEN`` connection comes back every topic is re-read, so nothing announced while it was down
is missed.

The apps say what a topic kind is (how to read versions, who may follow it) with
``register_kind`` in their ``AppConfig.ready()``; this module knows no app.
"""

from __future__ import annotations

import asyncio
import logging
import pickle
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, close_old_connections, connections, transaction

logger = logging.getLogger(__name__)

CHANNEL = "mun_live"
HEARTBEAT_EVERY = 15.0  # seconds between keep-alive comments on an idle stream
RECHECK_EVERY = 20.0  # seconds between access re-checks of every open stream
MAX_TOPICS = 8  # per stream
QUEUE_SIZE = 64  # per stream; a stream that falls this far behind is told to resync
# seconds a person's role, as the poll fast path read it, is trusted without an announcement
# (a safety net for writes that announce nothing: raw SQL, a shell)
ACCESS_TTL = 30.0
# Announcements that drop what pages remembered under a tag (``PollCache.remember``): kind of
# the announced name → tag. ``res:<id>`` is also a version (a draft changed).
MEMO_TAGS = {
    "room": "room",
    "people": "people",
    "stances": "stances",
    "resolutions": "resolutions",
    "res": "resolutions",
}
MEMO_LIMIT = 20_000  # facts remembered per process (``PollCache.remember``) before starting over


@dataclass(frozen=True)
class Kind:
    """A topic kind. ``versions(ids)`` → {id: version} for the ids that exist;
    ``allowed(user_ids, ids)`` → the (user id, id) pairs where that person may follow that id.
    Both are plain synchronous ORM code with a fixed number of queries."""

    name: str
    versions: Callable[[set[int]], dict[int, int]]
    allowed: Callable[[set[int], set[int]], set[tuple[int, int]]]


KINDS: dict[str, Kind] = {}


def register_kind(
    name: str,
    *,
    versions: Callable[[set[int]], dict[int, int]],
    allowed: Callable[[set[int], set[int]], set[tuple[int, int]]],
) -> None:
    KINDS[name] = Kind(name, versions, allowed)


def topic(kind: str, pk: int) -> str:
    return f"{kind}:{pk}"


def parse_topic(value: str) -> tuple[str, int] | None:
    kind, _, pk = value.strip().partition(":")
    if kind not in KINDS or not pk.isdigit():
        return None
    return kind, int(pk)


# ---------------------------------------------------------------------------- announcing


def announce(topic_name: str, version: int, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Tell open pages that ``topic_name`` is now at ``version``. Call it inside the
    transaction that made the change: nothing is announced if that transaction rolls back."""
    connection = connections[using]
    payload = f"{topic_name}:{int(version)}"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_notify(%s, %s)", [CHANNEL, payload])
        # This process forgets at once, on commit, what the change makes stale: the person's
        # next page (often the redirect after this very write) must not beat the announcement
        # coming back over the LISTEN connection.
        transaction.on_commit(lambda: poll_cache.forget_for(payload), using=using)
    else:
        transaction.on_commit(lambda: hub.publish_threadsafe(payload), using=using)


def read_versions(topics: Iterable[tuple[str, int]]) -> dict[str, int]:
    """Current versions of the given topics, one query per kind (synchronous)."""
    by_kind: dict[str, set[int]] = defaultdict(set)
    for kind, pk in topics:
        by_kind[kind].add(pk)
    result: dict[str, int] = {}
    for kind, ids in by_kind.items():
        for pk, version in KINDS[kind].versions(ids).items():
            result[topic(kind, pk)] = int(version)
    return result


def allowed_pairs(kind: str, user_ids: set[int], ids: set[int]) -> set[tuple[int, int]]:
    if not user_ids or not ids:
        return set()
    return KINDS[kind].allowed(user_ids, ids)


# ---------------------------------------------------------------------------- the hub


REVOKED = object()
RESYNC = object()


@dataclass(eq=False)
class Subscriber:
    """One open stream: who holds it, what it follows, and its queue of (topic, version)."""

    user_id: int
    topics: frozenset[str]
    queue: asyncio.Queue = field(default_factory=lambda: asyncio.Queue(QUEUE_SIZE))

    def put(self, item) -> None:
        try:
            self.queue.put_nowait(item)
        except asyncio.QueueFull:
            # Far behind (a stalled client): drop what is queued and ask it to re-read.
            while not self.queue.empty():
                self.queue.get_nowait()
            self.queue.put_nowait(RESYNC)


class Hub:
    """This process's fan-out: topic → streams. Lives on the server's event loop."""

    def __init__(self) -> None:
        self.loop: asyncio.AbstractEventLoop | None = None
        self.topics: dict[str, set[Subscriber]] = defaultdict(set)
        self.executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="live-db")
        self.listening = False  # the LISTEN connection is up (PostgreSQL)
        # The hub's threads keep their database connections (tests turn this off, so that
        # the test database can be dropped at the end).
        self.keep_connections = True
        self._tasks: list[asyncio.Task] = []
        self._pending: dict[str, int] = {}  # topic → newest version waiting for its check
        self._dispatching: set[str] = set()

    # -- lifecycle ------------------------------------------------------------------------

    def bind(self) -> None:
        """Attach to the running event loop (first stream of this process, or a new loop)."""
        loop = asyncio.get_running_loop()
        if self.loop is loop:
            return
        self.loop = loop
        self.listening = False
        self.topics = defaultdict(set)
        self._pending = {}
        self._dispatching = set()
        self._tasks = [loop.create_task(self._recheck_forever())]
        if connections[DEFAULT_DB_ALIAS].vendor == "postgresql":
            self._tasks.append(loop.create_task(self._listen_forever()))

    async def stop(self) -> None:
        """Cancel the background work of this loop (tests; a server simply exits)."""
        tasks, self._tasks = self._tasks, []
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self.loop = None
        self.listening = False

    async def run_sync(self, func, *args):
        """Run ORM code in the hub's threads (never on the event loop)."""

        def call():
            close_old_connections()
            try:
                return func(*args)
            finally:
                if self.keep_connections:
                    close_old_connections()
                else:
                    connections.close_all()

        return await asyncio.get_running_loop().run_in_executor(self.executor, call)

    # -- subscriptions --------------------------------------------------------------------

    def subscribe(self, user_id: int, topics: Iterable[str]) -> Subscriber:
        self.bind()
        subscriber = Subscriber(user_id=user_id, topics=frozenset(topics))
        for name in subscriber.topics:
            self.topics[name].add(subscriber)
        return subscriber

    def unsubscribe(self, subscriber: Subscriber) -> None:
        for name in subscriber.topics:
            holders = self.topics.get(name)
            if holders is not None:
                holders.discard(subscriber)
                if not holders:
                    del self.topics[name]

    @property
    def stream_count(self) -> int:
        return len({s for holders in self.topics.values() for s in holders})

    # -- delivery -------------------------------------------------------------------------

    def publish_threadsafe(self, payload: str) -> None:
        """From any thread (an on_commit callback in a request thread)."""
        loop = self.loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self.publish, payload)

    def publish(self, payload: str) -> None:
        """An announcement arrived (``topic:version``): check access, then deliver."""
        name, _, raw_version = payload.rpartition(":")
        try:
            version = int(raw_version)
        except ValueError:
            return
        if name.startswith("acl:"):
            # A person's seats or account changed: re-check their streams now, not in 20 s.
            user = name[4:]
            if user.isdigit() and any(
                s.user_id == int(user) for holders in self.topics.values() for s in holders
            ):
                asyncio.get_running_loop().create_task(self._recheck_quietly(int(user)))
            return
        if name not in self.topics:
            return
        if version <= self._pending.get(name, -1):
            return
        self._pending[name] = version
        if name not in self._dispatching:
            self._dispatching.add(name)
            asyncio.get_running_loop().create_task(self._dispatch(name))

    async def _dispatch(self, name: str) -> None:
        """Deliver the newest pending version of one topic; announcements that arrive while
        the access check runs are folded into the next round (one check per round)."""
        try:
            while name in self._pending:
                version = self._pending.pop(name)
                holders = list(self.topics.get(name, ()))
                if not holders:
                    continue
                kind, pk = parse_topic(name) or (None, None)
                if kind is None:
                    continue
                users = {s.user_id for s in holders}
                try:
                    ok = await self.run_sync(allowed_pairs, kind, users, {pk})
                except Exception:
                    logger.exception("live: access check failed for %s", name)
                    ok = {(u, pk) for u in users}  # the pages re-check on fetch anyway
                for subscriber in holders:
                    if (subscriber.user_id, pk) in ok:
                        subscriber.put((name, version))
                    else:
                        subscriber.put(REVOKED)
        finally:
            self._dispatching.discard(name)

    def resync_all(self) -> None:
        for holders in list(self.topics.values()):
            for subscriber in holders:
                subscriber.put(RESYNC)

    # -- background work ------------------------------------------------------------------

    async def _recheck_forever(self) -> None:
        while True:
            await asyncio.sleep(RECHECK_EVERY)
            try:
                await self.recheck()
            except Exception:
                logger.exception("live: periodic access check failed")

    async def _recheck_quietly(self, user_id: int) -> None:
        try:
            await self.recheck(user_id=user_id)
        except Exception:
            logger.exception("live: access check after an access change failed")

    async def recheck(self, user_id: int | None = None) -> None:
        """Revoke every stream whose holder lost access to one of its topics (one query per
        kind for the whole process, or for one person's streams)."""
        subscribers = {
            s
            for holders in self.topics.values()
            for s in holders
            if user_id is None or s.user_id == user_id
        }
        if not subscribers:
            return
        wanted: dict[str, tuple[set[int], set[int]]] = defaultdict(lambda: (set(), set()))
        for subscriber in subscribers:
            for name in subscriber.topics:
                kind, pk = parse_topic(name) or (None, None)
                if kind is not None:
                    wanted[kind][0].add(subscriber.user_id)
                    wanted[kind][1].add(pk)

        def check():
            return {kind: allowed_pairs(kind, users, ids) for kind, (users, ids) in wanted.items()}

        ok = await self.run_sync(check)
        for subscriber in subscribers:
            for name in subscriber.topics:
                kind, pk = parse_topic(name) or (None, None)
                if kind is not None and (subscriber.user_id, pk) not in ok.get(kind, set()):
                    subscriber.put(REVOKED)
                    break

    async def _listen_forever(self) -> None:
        import psycopg

        delay = 0.5
        while True:
            try:
                params = listen_params()
                async with await psycopg.AsyncConnection.connect(**params, autocommit=True) as conn:
                    await conn.execute(f"LISTEN {CHANNEL}")
                    was_down = not self.listening
                    self.listening = True
                    delay = 0.5
                    logger.info("live: listening on %s", CHANNEL)
                    if was_down:
                        # Anything announced while we were not listening: re-read it.
                        self.resync_all()
                    async for notify in conn.notifies():
                        self.publish(notify.payload)
            except asyncio.CancelledError:
                self.listening = False
                raise
            except Exception:
                self.listening = False
                logger.warning("live: LISTEN connection lost; retrying in %.1fs", delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10.0)


def listen_params() -> dict:
    """psycopg connection keywords for the LISTEN connection, from the default database."""
    s = connections[DEFAULT_DB_ALIAS].settings_dict
    params = {
        "dbname": s["NAME"],
        "user": s.get("USER") or None,
        "password": s.get("PASSWORD") or None,
        "host": s.get("HOST") or None,
        "port": s.get("PORT") or None,
    }
    for key in ("sslmode", "sslrootcert", "sslcert", "sslkey", "options", "application_name"):
        if key in (s.get("OPTIONS") or {}):
            params[key] = s["OPTIONS"][key]
    return {k: v for k, v in params.items() if v is not None}


hub = Hub()


# ---------------------------------------------------------------------------- poll cache


class PollCache:
    """Versions heard on the ``LISTEN`` channel, so that a poll finding nothing new needs no
    query. For the threaded (WSGI) server: one listening thread per process, started on first
    use, on PostgreSQL and when ``settings.LIVE_POLL_CACHE`` is on.

    A version is only ever replaced by a newer one. Whatever is cached is dropped when the
    connection is lost; a version read from the database is kept only if the connection has
    stayed up since before the read (``epoch``), so no announcement can have been missed.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.versions: dict[str, int] = {}
        # Poll fast path (unodc_mun/fastpoll.py): user id → {(session fingerprint, committee
        # id): (role fingerprint or None, monotonic time read)}; dropped on ``acl:<user id>``.
        self.roles: dict[int, dict[tuple[str, int], tuple[str | None, float]]] = {}
        self._acl_seen: dict[int, int] = {}  # user id → announcements heard about them
        # ``remember``: key → (pickled answer, monotonic time read, tags); tag → keys; and how
        # many announcements each tag has had (``acl:<user id>``, ``room``).
        self.memos: dict[tuple, tuple[bytes, float, tuple[str, ...]]] = {}
        self._memo_keys: dict[str, set[tuple]] = defaultdict(set)
        self._tag_seen: dict[str, int] = defaultdict(int)
        self.epoch = 0  # 0: not listening
        self._epochs = 0
        self.thread: threading.Thread | None = None
        self._stop = threading.Event()

    def enabled(self) -> bool:
        from django.conf import settings

        return (
            getattr(settings, "LIVE_POLL_CACHE", False)
            and connections[DEFAULT_DB_ALIAS].vendor == "postgresql"
        )

    def current(self, name: str, read: Callable[[], int | None]) -> int | None:
        """The version of ``name``: from the cache, or ``read()`` from the database."""
        if not self.enabled():
            return read()
        self._ensure_thread()
        with self.lock:
            epoch = self.epoch
            cached = self.versions.get(name)
        if cached is not None:
            return cached
        value = read()
        if value is not None and epoch:
            with self.lock:
                if self.epoch == epoch and value > self.versions.get(name, -1):
                    self.versions[name] = value
        return value

    def cached(self, name: str) -> int | None:
        """The version of ``name`` if it is known without a query (else None)."""
        if not self.enabled():
            return None
        self._ensure_thread()
        with self.lock:
            return self.versions.get(name) if self.epoch else None

    def cached_role(self, user_id: int, session: str, committee_id: int):
        """A person's role fingerprint in a committee if known without a query, else
        ``fastpoll.MISS``."""
        from unodc_mun.fastpoll import MISS

        if not self.enabled():
            return MISS
        self._ensure_thread()
        with self.lock:
            if not self.epoch:
                return MISS
            found = self.roles.get(user_id, {}).get((session, committee_id))
        if found is None or time.monotonic() - found[1] > ACCESS_TTL:
            return MISS
        return found[0]

    def role(self, user_id: int, session: str, committee_id: int, read: Callable[[], str | None]):
        """A person's role fingerprint in a committee: from the cache, or ``read()``."""
        from unodc_mun.fastpoll import MISS

        found = self.cached_role(user_id, session, committee_id)
        if found is not MISS:
            return found
        with self.lock:
            epoch = self.epoch
            mark = self._acl_seen.get(user_id, 0)
        value = read()
        if epoch:
            with self.lock:
                # Kept only if no announcement can have been missed since before the read and
                # none about this person arrived meanwhile (one arriving later drops it).
                if self.epoch == epoch and self._acl_seen.get(user_id, 0) == mark:
                    self.roles.setdefault(user_id, {})[(session, committee_id)] = (
                        value,
                        time.monotonic(),
                    )
        return value

    def remember[T](self, key: tuple, tags: tuple[str, ...], read: Callable[[], T]) -> T:
        """``read()``'s answer, kept in this process until an announcement about one of
        ``tags`` is heard (``acl:<user id>``: that person's seats or account; ``room``: any
        committee's or delegation's row; ``stances``: any stance row; ``resolutions``: any draft
        resolution, sponsorship or amendment; ``people``: any seat or account;
        ``session:<digest>``: one session), the ``LISTEN`` connection drops, or
        ``ACCESS_TTL`` passes. Without a listening connection every call reads.

        What is kept is pickled, so every caller gets a copy of its own to change at will (a
        form bound to a remembered committee cannot alter the next request's). An exception
        from ``read()`` is not remembered."""
        if not self.enabled():
            return read()
        self._ensure_thread()
        with self.lock:
            epoch = self.epoch
            found = self.memos.get(key) if epoch else None
            marks = tuple(self._tag_seen[tag] for tag in tags)
        if found is not None and time.monotonic() - found[1] <= ACCESS_TTL:
            return pickle.loads(found[0])
        value = read()
        if epoch:
            blob = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
            with self.lock:
                # Kept only if no announcement can have been missed since before the read and
                # none about these tags arrived meanwhile (one arriving later drops it).
                if self.epoch == epoch and marks == tuple(self._tag_seen[t] for t in tags):
                    if len(self.memos) >= MEMO_LIMIT:
                        self._forget_all_memos()
                    self.memos[key] = (blob, time.monotonic(), tags)
                    for tag in tags:
                        self._memo_keys[tag].add(key)
        return value

    def _forget(self, tag: str) -> None:
        """Drop what was remembered under ``tag`` (the caller holds the lock)."""
        self._tag_seen[tag] += 1
        for key in self._memo_keys.pop(tag, ()):
            entry = self.memos.pop(key, None)
            if entry is not None:
                for other in entry[2]:
                    if other != tag:
                        self._memo_keys.get(other, set()).discard(key)

    def _forget_all_memos(self) -> None:
        self.memos.clear()
        self._memo_keys.clear()

    def forget_for(self, payload: str) -> None:
        """An announcement made by this process, on commit: drop what it makes stale, as
        ``heard`` does, but keep no version (only the listening connection may say a version
        is current: one stored while it is down could hide another process's change)."""
        self.heard(payload, versions=False)

    def heard(self, payload: str, *, versions: bool = True) -> None:
        """One announcement from the channel (the listening thread, or tests)."""
        name, _, raw = payload.rpartition(":")
        if name.startswith("acl:"):
            user = name[4:]
            if user.isdigit():
                with self.lock:
                    self.roles.pop(int(user), None)
                    self._acl_seen[int(user)] = self._acl_seen.get(int(user), 0) + 1
                    self._forget(name)
            return
        kind = name.partition(":")[0]
        if kind in MEMO_TAGS:
            with self.lock:
                self._forget(MEMO_TAGS[kind])
            if kind != "res":  # a draft's version is kept below, as every version is
                return
        if name.startswith("session:"):
            with self.lock:
                self._forget(name)
            return
        if versions and raw.isdigit():
            with self.lock:
                if int(raw) > self.versions.get(name, -1):
                    self.versions[name] = int(raw)

    def _ensure_thread(self) -> None:
        if self.thread is not None and self.thread.is_alive():
            return
        with self.lock:
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, name="live-poll", daemon=True)
                self.thread.start()

    def _run(self) -> None:
        import psycopg

        delay = 0.5
        while not self._stop.is_set():
            try:
                with psycopg.connect(**listen_params(), autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    with self.lock:
                        self._epochs += 1
                        self.epoch = self._epochs
                        self.versions.clear()
                        self.roles.clear()
                        self._forget_all_memos()
                    delay = 0.5
                    while not self._stop.is_set():
                        for notify in conn.notifies(timeout=1.0):
                            self.heard(notify.payload)
            except Exception:
                logger.warning("live: poll cache lost its LISTEN connection; retrying")
            finally:
                with self.lock:
                    self.epoch = 0
                    self.versions.clear()
                    self.roles.clear()
                    self._forget_all_memos()
            if self._stop.wait(delay):
                return
            delay = min(delay * 2, 10.0)

    def stop(self) -> None:
        """End the listening thread (tests)."""
        self._stop.set()
        if self.thread is not None:
            self.thread.join(5)
        self.thread = None
        self._stop = threading.Event()


poll_cache = PollCache()
