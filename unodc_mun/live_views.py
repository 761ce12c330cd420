"""The event stream every live screen holds: ``GET /live/?topics=doc:12,proc:3``.

Server-sent events, served by the ASGI server (see README, deployment). The stream starts with
the current version of each topic (only those that moved since ``Last-Event-ID`` on a
reconnect), then one ``version`` event per change, a comment every ``HEARTBEAT_EVERY`` seconds
while idle, and ``revoked`` (then the end) when the person may no longer follow a topic. Each
event's id lists every topic's version, so a reconnecting browser resumes where it was.

Under a WSGI server a stream cannot be held: the view answers ``204``, which tells the browser's
``EventSource`` to stop, and the page keeps polling.
"""

from __future__ import annotations

import asyncio
import json

from asgiref.sync import sync_to_async
from django.contrib.auth.decorators import login_not_required
from django.core.handlers.asgi import ASGIRequest
from django.db import connections
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse

from . import live

RETRY_MS = 2000


def _encode_id(versions: dict[str, int]) -> str:
    return ",".join(f"{name}={versions[name]}" for name in sorted(versions))


def _decode_id(value: str) -> dict[str, int]:
    result = {}
    for item in (value or "").split(","):
        name, _, version = item.partition("=")
        if version.isdigit() and live.parse_topic(name):
            result[name.strip()] = int(version)
    return result


def _event(kind: str, data: dict, versions: dict[str, int]) -> str:
    return f"id: {_encode_id(versions)}\nevent: {kind}\ndata: {json.dumps(data)}\n\n"


def _check_open(user_id: int, topics: list[tuple[str, int]]) -> bool:
    by_kind: dict[str, set[int]] = {}
    for kind, pk in topics:
        by_kind.setdefault(kind, set()).add(pk)
    for kind, ids in by_kind.items():
        if len(live.allowed_pairs(kind, {user_id}, ids)) != len(ids):
            return False
    return True


def _recheck_and_read(user_id: int, topics: list[tuple[str, int]]):
    if not _check_open(user_id, topics):
        return False, {}
    return True, live.read_versions(topics)


def _plain(status: int, text: str = "") -> HttpResponse:
    response = HttpResponse(text, status=status, content_type="text/plain")
    response["Cache-Control"] = "no-store"
    return response


@login_not_required
async def stream(request: HttpRequest) -> HttpResponse:
    if request.method != "GET":
        return _plain(405, "GET only.")
    if not isinstance(request, ASGIRequest):
        return _plain(204)  # no streams under WSGI: the page polls
    user = await request.auser()
    if not user.is_authenticated:
        return _plain(403, "Log in again.")
    names = [n for n in request.GET.get("topics", "").split(",") if n.strip()]
    topics = [live.parse_topic(n) for n in names]
    if not topics or len(topics) > live.MAX_TOPICS or any(t is None for t in topics):
        return _plain(400, f"Give one to {live.MAX_TOPICS} topics, like doc:12,proc:3.")
    hub = live.hub
    names = sorted({live.topic(kind, pk) for kind, pk in topics})
    # The session was read in this request's own thread; give its database connection back now
    # (to the pool), or every open stream would hold one for as long as it stays open.
    await sync_to_async(connections.close_all)()
    # Subscribe before reading the versions, so a change in between is not missed; check access
    # and read the versions in one go (one trip to the hub's threads).
    subscriber = hub.subscribe(user.pk, names)
    try:
        allowed, current = await hub.run_sync(_recheck_and_read, user.pk, topics)
    except BaseException:
        hub.unsubscribe(subscriber)
        raise
    if not allowed:
        hub.unsubscribe(subscriber)
        return _plain(404, "No such page.")
    seen = _decode_id(request.headers.get("Last-Event-ID", "") or request.GET.get("last", ""))
    response = StreamingHttpResponse(
        _events(subscriber, topics, current, seen), content_type="text/event-stream"
    )
    response["Cache-Control"] = "no-cache, no-store"
    response["X-Accel-Buffering"] = "no"  # nginx: pass each event on at once
    return response


async def _events(subscriber, topics, current: dict[str, int], seen: dict[str, int]):
    hub = live.hub
    sent = {name: seen[name] for name in subscriber.topics if name in seen}
    try:
        yield f"retry: {RETRY_MS}\n\n"
        moved = {name: v for name, v in current.items() if sent.get(name) != v}
        sent.update(current)
        yield _event("versions", moved, sent)
        while True:
            try:
                item = await asyncio.wait_for(subscriber.queue.get(), live.HEARTBEAT_EVERY)
            except TimeoutError:
                yield ": keep-alive\n\n"
                continue
            if item is live.REVOKED:
                yield _event("revoked", {}, sent)
                return
            if item is live.RESYNC:
                still, fresh = await hub.run_sync(_recheck_and_read, subscriber.user_id, topics)
                if not still:
                    yield _event("revoked", {}, sent)
                    return
                moved = {n: v for n, v in fresh.items() if sent.get(n, -1) < v}
                if moved:
                    sent.update(moved)
                    yield _event("versions", moved, sent)
                continue
            name, version = item
            if version > sent.get(name, -1):
                sent[name] = version
                yield _event("version", {"topic": name, "version": version}, sent)
    finally:
        hub.unsubscribe(subscriber)
