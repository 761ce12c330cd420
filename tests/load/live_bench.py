"""Load benchmark for live updates: ``make bench-load`` (``python -m tests.load.live_bench``).

Starts the app in production mode (DEBUG off, a secret key, PostgreSQL) under the production
servers — gunicorn (WSGI, gthread workers) for pages, partials, polls and saves, and gunicorn
with uvicorn workers (ASGI) for the event streams — plus a bare Django view under the same
servers as the anchor, on loopback ports. Then, bounded in time:

1. throughput (wrk, closed loop): the bare view, polls that find nothing new, partials, pages;
2. polling fallback (open loop, asyncio): a mixed 400 req/s — 60 % paper polls, 30 % procedure
   polls, 8 % partials, 2 % pages — served in full or not;
3. conference: thousands of screens holding event streams across ten committees, a change per
   committee every few seconds (a paper save or a roll-call mark, made over HTTP), plus a steady
   rate of pages, partials and saves; delivery latency = change sent → event received, on every
   screen that follows the changed topic (an upper bound on commit → received);
4. two app servers, one database: changes made through server A, streams held on server B.

Every duration is a parameter (``--help``). The defaults (five minutes of conference) run in about ten minutes.
The database (``--db``, default ``wt_live_bench``) is created, migrated and seeded if needed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
BIN = Path(PY).parent
PG = {"host": "127.0.0.1", "port": 5432, "user": "root"}


# ---------------------------------------------------------------------------- small helpers


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pct(samples: list[float], q: float) -> float:
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    k = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def app_env(args) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{args.db}",
        SECRET_KEY=args.secret_key,
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="unodc_mun.settings",
    )
    return env


def manage(args, *command: str) -> None:
    subprocess.run([PY, "manage.py", *command], cwd=ROOT, env=app_env(args), check=True)


def ensure_database(name: str, fresh: bool) -> None:
    import psycopg

    with psycopg.connect(dbname="postgres", autocommit=True, **PG) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


# ---------------------------------------------------------------------------- servers


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def pids(self) -> list[int]:
        out = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(self.process.pid)], capture_output=True, text=True
        ).stdout.split()
        return [self.process.pid, *(int(p) for p in out)]

    def rss_mib(self) -> float:
        total = 0
        for pid in self.pids():
            with contextlib.suppress(OSError), open(f"/proc/{pid}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        return total / 1024


def start_server(args, name: str, app: str, *, asgi: bool, workers: int, env=None) -> Server:
    port = free_port()
    log = Path(args.workdir) / f"{name}.log"
    command = [str(BIN / "gunicorn"), app, "-b", f"127.0.0.1:{port}", "-w", str(workers)]
    command += ["--graceful-timeout", "3", "--timeout", "60", "--backlog", "4096"]
    if asgi:
        command += ["-k", "uvicorn_worker.UvicornWorker"]
    else:
        command += ["-k", "gthread", "--threads", str(args.wsgi_threads)]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env or app_env(args),
        stdout=open(log, "w"),  # noqa: SIM115
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    server = Server(name, port, process, log)
    deadline = time.monotonic() + 60
    import urllib.request

    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{name} did not start; see {log}:\n{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{server.url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{name} did not answer in time; see {log}")


def stop_server(server: Server) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.process.pid, signal.SIGTERM)
    try:
        server.process.wait(10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.process.pid, signal.SIGKILL)
        server.process.wait(5)


# ---------------------------------------------------------------------------- seeding


def seed(out: str, committees: int, delegations: int, delegates: int) -> None:
    """Runs inside Django (``python -m tests.load.live_bench seed``): the bench committees,
    their people with sessions, papers, drafts, an open session; and the demo's pages."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.urls import reverse

    from committees.live import role_fingerprint
    from committees.models import ChairSeat, Committee, Country, DelegateSeat, Delegation
    from committees.models.procedure import Session
    from committees.services import procedure as proc
    from positions.models import Paper
    from positions.services import resolutions as drafts
    from positions.services.papers import get_or_create_paper
    from tests import factories
    from unodc_mun import fastpoll

    User = get_user_model()
    factories.ensure_countries()
    countries = list(
        Country.objects.filter(un_status=Country.Status.MEMBER).order_by("iso3")[:delegations]
    )
    sessions: dict[int, str] = {}

    def session_for(user) -> str:
        if user.pk not in sessions:
            store = SessionStore()
            store["_auth_user_id"] = str(user.pk)
            store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
            store["_auth_user_hash"] = user.get_session_auth_hash()
            store.set_expiry(24 * 3600)
            store.create()
            sessions[user.pk] = store.session_key
        return sessions[user.pk]

    def user(username: str):
        found = User.objects.filter(username=username).first()
        if found is None:
            found = User.objects.create_user(username=username, first_name=username)
        return found

    result = {"committees": []}
    for c in range(committees):
        slug = f"bench-{c}"
        committee = Committee.objects.filter(slug=slug).first()
        if committee is None:
            committee = Committee.objects.create(slug=slug, name=f"Bench {c}", acronym=f"B{c}")
            Delegation.objects.bulk_create(
                [Delegation(committee=committee, country=country) for country in countries]
            )
        chair = user(f"{slug}-chair")
        ChairSeat.objects.get_or_create(committee=committee, user=chair)
        if not Session.objects.filter(committee=committee, closed_at__isnull=True).exists():
            proc.open_session(committee=committee, by=chair)
        entry = {
            "slug": slug,
            "id": committee.pk,
            "chair": session_for(chair),
            "delegations": [],
            "resolutions": [],
        }
        for delegation in committee.delegations.select_related("country").order_by("pk"):
            people = []
            for k in range(delegates):
                person = user(f"{slug}-{delegation.country.iso3.lower()}-{k}")
                DelegateSeat.objects.get_or_create(delegation=delegation, user=person)
                people.append(person)
            paper = get_or_create_paper(delegation=delegation)
            blocks = list(paper.document.blocks.order_by("order").values_list("pk", flat=True))
            role = role_fingerprint(is_admin=False, is_chair=False, delegation_id=delegation.pk)
            entry["delegations"].append(
                {
                    "id": delegation.pk,
                    "paper": paper.pk,
                    "doc": paper.document_id,
                    "blocks": blocks,
                    "people": [
                        {
                            "session": session_for(p),
                            # The tokens the editor and the ballot box hand out (fastpoll.py).
                            "token": fastpoll.issue(
                                user_id=p.pk,
                                session_key=session_for(p),
                                path=reverse("positions:poll", args=[slug, paper.pk]),
                                topic=f"doc:{paper.document_id}",
                                committee_id=committee.pk,
                                role=role,
                            ),
                            "proc_token": fastpoll.issue(
                                user_id=p.pk,
                                session_key=session_for(p),
                                path=reverse("committees:procedure_poll", args=[slug]),
                                topic=f"proc:{committee.pk}",
                                committee_id=committee.pk,
                                role=role,
                            ),
                        }
                        for p in people
                    ],
                }
            )
        existing = list(committee.draft_resolutions.order_by("pk").values_list("pk", flat=True))
        for i in range(len(existing), 3):
            delegation = committee.delegations.order_by("pk")[i]
            draft = drafts.create_draft(
                committee=committee,
                title=f"Countering AI-enabled trafficking, draft {i + 1}",
                sponsor=delegation,
                by=delegation.delegates.first().user,
            )
            existing.append(draft.pk)
        entry["resolutions"] = existing
        result["committees"].append(entry)

    demo = Committee.objects.get(slug="unodc")
    emily = User.objects.get(username="us1")
    paper = Paper.objects.get(committee=demo, delegation__country__iso3="USA")
    blocks = list(paper.document.blocks.order_by("order").values_list("pk", flat=True))
    result["demo"] = {
        "slug": demo.slug,
        "id": demo.pk,
        "session": session_for(emily),
        # Her teammate writes during the conference, so the pages she reads stay as they are
        # (a save of her own would leave her drafts and conflicts behind, run after run).
        "teammate_session": session_for(User.objects.get(username="us2")),
        "paper": paper.pk,
        "blocks": blocks,
        "resolutions": list(demo.draft_resolutions.values_list("pk", flat=True)[:3]),
    }
    Path(out).write_text(json.dumps(result))


# ---------------------------------------------------------------------------- wrk


WRK_SCRIPT = """
local paths = {%(paths)s}
local i = 0
wrk.headers["Cookie"] = "%(cookie)s"
%(extra)s
request = function()
  i = i + 1
  -- Every 50th request closes its connection, as browsers' connections come and go: a
  -- connection is re-opened to whichever worker process accepts it, so that 16 connections
  -- opened at once cannot all stay on one process (and one core) for the whole run.
  if i %% 50 == 0 then
    local closing = {}
    for name, value in pairs(wrk.headers) do closing[name] = value end
    closing["Connection"] = "close"
    return wrk.format("GET", paths[(i %% #paths) + 1], closing)
  end
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %%d %%d %%.3f %%.3f %%.3f %%d %%d\\n", summary.requests,
    summary.duration, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, e.status, e.connect + e.read + e.write + e.timeout))
end
"""


def wrk(args, base: str, paths: list[str], *, cookie: str = "", htmx=False) -> dict:
    extra = 'wrk.headers["HX-Request"] = "true"' if htmx else ""
    script = Path(args.workdir) / f"wrk-{random.randrange(10**9)}.lua"
    script.write_text(
        WRK_SCRIPT
        % {
            "paths": ", ".join(json.dumps(p) for p in paths),
            "cookie": cookie,
            "extra": extra,
        }
    )
    out = subprocess.run(
        [
            "wrk",
            "-t",
            "2",
            "-c",
            str(args.wrk_connections),
            "-d",
            f"{args.wrk_seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            base,
        ],
        capture_output=True,
        text=True,
    ).stdout
    line = next((row for row in out.splitlines() if row.startswith("RESULT")), None)
    if line is None:
        raise SystemExit(f"wrk failed:\n{out}")
    _, n, micros, p50, p95, p99, status_errors, socket_errors = line.split()
    seconds = int(micros) / 1e6
    return {
        "rps": int(n) / seconds,
        "p50": float(p50),
        "p95": float(p95),
        "p99": float(p99),
        "errors": int(status_errors) + int(socket_errors),
    }


# ---------------------------------------------------------------------------- async clients


@dataclass
class Kind:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)


class Http:
    """Open-loop HTTP load: requests started on a schedule, whatever the answers' speed."""

    def __init__(self, session):
        self.session = session
        self.kinds: dict[str, Kind] = {}
        self.inflight = 0

    async def request(self, kind: str, method: str, url: str, *, cookie: str, **kw) -> dict | None:
        record = self.kinds.setdefault(kind, Kind())
        headers = {"Cookie": cookie, **kw.pop("headers", {})}
        self.inflight += 1
        start = time.perf_counter()
        try:
            async with self.session.request(method, url, headers=headers, **kw) as response:
                body = await response.read()
                elapsed = (time.perf_counter() - start) * 1000
                record.statuses[response.status] = record.statuses.get(response.status, 0) + 1
                if response.status >= 400:
                    record.errors += 1
                    return None
                record.latencies.append(elapsed)
                if response.content_type == "application/json":
                    return json.loads(body)
                return {}
        except Exception:
            record.errors += 1
            return None
        finally:
            self.inflight -= 1


def cookie(session_key: str, csrf: str = "") -> str:
    return f"sessionid={session_key}" + (f"; csrftoken={csrf}" if csrf else "")


class Saver:
    """Saves a section over HTTP, one at a time per section, always on the current revision."""

    def __init__(self, http: Http, base: str, slug: str, paper: int, block: int, session: str):
        self.http, self.base, self.slug = http, base, slug
        self.paper, self.block, self.session = paper, block, session
        self.revision = ""
        self.busy = False
        self.n = 0
        self.csrf = secrets.token_hex(16)

    async def save(self, kind: str = "save") -> bool:
        if self.busy:
            return False
        self.busy = True
        try:
            self.n += 1
            url = f"{self.base}/c/{self.slug}/papers/{self.paper}/sections/{self.block}/save/"
            data = {
                "text": f"Benchmark text, change {self.n} at {time.time():.3f}.",
                "base_revision_id": self.revision,
                "client_op_id": secrets.token_hex(8),
            }
            answer = await self.http.request(
                kind,
                "POST",
                url,
                cookie=cookie(self.session, self.csrf),
                data=data,
                headers={"X-CSRFToken": self.csrf, "Accept": "application/json"},
            )
            if answer and answer.get("revision_id"):
                self.revision = str(answer["revision_id"])
            return answer is not None
        finally:
            self.busy = False


class Streams:
    """Thousands of event-stream clients; delivery latency per change, per screen."""

    def __init__(self, session):
        self.session = session
        self.sent: dict[str, list[list[float]]] = {}  # topic → [sent at, answered at] per change
        self.arrivals: list[tuple[list[float], float]] = []  # (the change, received at)
        self.open = 0
        self.opened = 0
        self.open_errors = 0
        self.open_statuses: dict[int, int] = {}
        self.drops = 0
        self.expected = 0
        self.followers: dict[str, int] = {}
        # Per screen: the topics it follows and the newest version it was told of, per topic.
        self.screens: list[tuple[list[str], dict[str, int]]] = []
        self.stop = False

    def change_sent(self, topic: str) -> list[float]:
        change = [time.monotonic(), float("nan")]
        self.sent.setdefault(topic, []).append(change)
        self.expected += self.followers.get(topic, 0)
        return change

    def received(self, topic: str, at: float) -> None:
        changes = self.sent.get(topic)
        if not changes:
            return
        # The change this event announces: the last one sent before it arrived.
        for change in reversed(changes):
            if change[0] <= at:
                self.arrivals.append((change, at))
                return

    def up_to_date(self, args) -> tuple[int, int]:
        """(screens told the newest version of every topic that changed, screens checked):
        events for two changes of one topic close together are folded into one, so the count
        of deliveries can be below the count of changes while every screen is up to date."""
        import psycopg

        changed = set(self.sent)
        docs = [int(t[4:]) for t in changed if t.startswith("doc:")]
        procs = [int(t[5:]) for t in changed if t.startswith("proc:")]
        with psycopg.connect(dbname=args.db, **PG) as conn:
            now = {
                f"doc:{pk}": v
                for pk, v in conn.execute(
                    "SELECT id, version FROM positions_document WHERE id = ANY(%s)", [docs]
                ).fetchall()
            }
            now |= {
                f"proc:{pk}": v
                for pk, v in conn.execute(
                    "SELECT committee_id, version FROM committees_procedureclock"
                    " WHERE committee_id = ANY(%s)",
                    [procs],
                ).fetchall()
            }
        checked = [(topics, newest) for topics, newest in self.screens if changed & set(topics)]
        current = sum(
            all(newest.get(t, -1) >= now.get(t, 0) for t in topics if t in changed)
            for topics, newest in checked
        )
        return current, len(checked)

    @property
    def latencies(self) -> list[float]:
        """Change sent → event received (ms): an upper bound on commit → received."""
        return [(at - change[0]) * 1000 for change, at in self.arrivals]

    @property
    def after_answer(self) -> list[float]:
        """Save answered (so committed) → event received (ms), 0 when the event came first."""
        return [
            max(0.0, (at - change[1]) * 1000)
            for change, at in self.arrivals
            if change[1] == change[1]
        ]

    async def hold(self, base: str, session_key: str, topics: list[str]) -> None:
        from aiohttp import ClientTimeout

        last_id = ""
        counted = False
        newest: dict[str, int] = {}
        self.screens.append((topics, newest))
        backoff = 5.0
        while not self.stop:
            headers = {"Cookie": cookie(session_key), "Accept": "text/event-stream"}
            if last_id:
                headers["Last-Event-ID"] = last_id
            try:
                async with self.session.get(
                    f"{base}/live/",
                    params={"topics": ",".join(topics)},
                    headers=headers,
                    timeout=ClientTimeout(total=None, sock_connect=30, sock_read=60),
                ) as response:
                    if response.status != 200:
                        self.open_errors += 1
                        self.open_statuses[response.status] = (
                            self.open_statuses.get(response.status, 0) + 1
                        )
                        # As the page does (static/js/live.js): poll, retry later, back off.
                        await asyncio.sleep(backoff)
                        backoff = min(backoff * 2, 60)
                        continue
                    backoff = 5.0
                    self.open += 1
                    self.opened += 1
                    if not counted:
                        for name in topics:
                            self.followers[name] = self.followers.get(name, 0) + 1
                        counted = True
                    event = ""
                    data = ""
                    async for raw in response.content:
                        line = raw.decode().rstrip("\n")
                        if line.startswith("id: "):
                            last_id = line[4:]
                        elif line.startswith("event: "):
                            event = line[7:]
                        elif line.startswith("data: "):
                            data = line[6:]
                        elif line == "":
                            if event == "version":
                                told = json.loads(data)
                                self.received(told["topic"], time.monotonic())
                                newest[told["topic"]] = told["version"]
                            elif event == "versions" and data not in ("", "{}"):
                                # A resync after a reconnect: changes caught up with late.
                                for name, version in json.loads(data).items():
                                    self.received(name, time.monotonic())
                                    newest[name] = version
                            event = data = ""
                    self.open -= 1
                    if not self.stop:
                        self.drops += 1
            except asyncio.CancelledError:
                raise
            except Exception:
                if not self.stop:
                    self.drops += 1
                    self.open = max(0, self.open - 1)
                await asyncio.sleep(1)


def client_session(limit: int = 0):
    import aiohttp

    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=limit, limit_per_host=limit, force_close=False),
        cookie_jar=aiohttp.DummyCookieJar(),
    )


def summarize(kind: Kind, seconds: float) -> dict:
    return {
        "rps": len(kind.latencies) / seconds if seconds else 0,
        "n": len(kind.latencies),
        "p50": pct(kind.latencies, 50),
        "p95": pct(kind.latencies, 95),
        "p99": pct(kind.latencies, 99),
        "errors": kind.errors,
    }


# ---------------------------------------------------------------------------- scenarios


def current_versions(args, data) -> tuple[dict[int, int], dict[int, int]]:
    import psycopg

    docs = [d["doc"] for c in data["committees"] for d in c["delegations"]]
    committees = [c["id"] for c in data["committees"]]
    with psycopg.connect(dbname=args.db, **PG) as conn:
        doc_versions = dict(
            conn.execute(
                "SELECT id, version FROM positions_document WHERE id = ANY(%s)", [docs]
            ).fetchall()
        )
        clocks = dict(
            conn.execute(
                "SELECT committee_id, version FROM committees_procedureclock"
                " WHERE committee_id = ANY(%s)",
                [committees],
            ).fetchall()
        )
    return doc_versions, {c: clocks.get(c, 0) for c in committees}


def poll_urls(args, data) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(path, cookie) for unchanged paper polls and unchanged procedure (ballot) polls."""
    docs, clocks = current_versions(args, data)
    paper_polls, procedure_polls = [], []
    for c in data["committees"]:
        for d in c["delegations"]:
            for person in d["people"][:2]:
                paper_polls.append(
                    (
                        f"/c/{c['slug']}/papers/{d['paper']}/poll/?v={docs[d['doc']]}"
                        f"&t={person['token']}&skip=&editable=1",
                        cookie(person["session"]),
                    )
                )
                procedure_polls.append(
                    (
                        f"/c/{c['slug']}/procedure/poll/?screen=ballot&v={clocks[c['id']]}"
                        f"&t={person['proc_token']}",
                        cookie(person["session"]),
                    )
                )
    return paper_polls, procedure_polls


def demo_paths(data) -> tuple[list[str], list[str]]:
    demo = data["demo"]
    slug = demo["slug"]
    pages = [
        f"/c/{slug}/papers/{demo['paper']}/",
        f"/c/{slug}/guide/",
        f"/c/{slug}/stances/compare/",
        f"/c/{slug}/resolutions/",
    ]
    partials = [f"/c/{slug}/search/?q=cartel", f"/c/{slug}/search/?q=border+AI"]
    partials += [f"/c/{slug}/resolutions/{r}/" for r in demo["resolutions"][:2]]
    return pages, partials


def answered_in_full(server: Server, paths: list[str], cookie_header: str, htmx=False) -> None:
    """Every path answers 200 to this person (wrk counts a redirect to the sign-in page, or a
    404, as a quick answer, not an error)."""
    for path in paths:
        request = urllib.request.Request(server.url + path, headers={"Cookie": cookie_header})
        if htmx:
            request.add_header("HX-Request", "true")
        opener = urllib.request.build_opener(NoRedirect)
        try:
            status = opener.open(request, timeout=30).status
        except urllib.error.HTTPError as error:
            status = error.code
        if status != 200:
            raise SystemExit(f"{path} answered {status}, not 200: the benchmark would be wrong")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def run_throughput(
    args, app: Server, bare: Server, bare_asgi: Server | None, data, stream_server=None
) -> list[dict]:
    rows = []
    bare_row = wrk(args, bare.url, ["/"])
    rows.append({"what": "bare Django view (anchor, gunicorn gthread)", **bare_row})
    if bare_asgi is not None:
        rows.append(
            {"what": "bare Django view, uvicorn worker (ASGI)", **wrk(args, bare_asgi.url, ["/"])}
        )
    rows.append({"what": "app /healthz (all middleware)", **wrk(args, app.url, ["/healthz"])})
    paper_polls, procedure_polls = poll_urls(args, data)
    # One cookie per wrk run: the polls of one person (their token is in the URL).
    rows.append(
        {
            "what": "paper poll, nothing changed (204)",
            **wrk(args, app.url, [paper_polls[0][0]], cookie=paper_polls[0][1].split(";")[0]),
        }
    )
    rows.append(
        {
            "what": "procedure poll, nothing changed (204)",
            **wrk(args, app.url, [procedure_polls[0][0]], cookie=procedure_polls[0][1]),
        }
    )
    if stream_server is not None:
        # The same polls sent to the stream server, answered on its event loop (fastpoll.py);
        # a first poll through Django fills that process's cache.
        for label, (path, ck) in (
            ("paper poll via the stream server (ASGI)", paper_polls[0]),
            ("procedure poll via the stream server (ASGI)", procedure_polls[0]),
        ):
            ck = ck.split(";")[0]
            rows.append({"what": label, **wrk(args, stream_server.url, [path], cookie=ck)})
    pages, partials = demo_paths(data)
    demo_cookie = cookie(data["demo"]["session"])
    answered_in_full(app, pages, demo_cookie)
    answered_in_full(app, partials, demo_cookie, htmx=True)
    rows.append(
        {
            "what": "partials (search, resolution)",
            **wrk(args, app.url, partials, cookie=demo_cookie, htmx=True),
        }
    )
    rows.append(
        {
            "what": "pages (editor, guide, matrix, resolutions)",
            **wrk(args, app.url, pages, cookie=demo_cookie),
        }
    )
    for row in rows:
        row["ratio"] = row["rps"] / bare_row["rps"]
    return rows


async def run_mixed(
    args, app: Server, data, poll_server: Server | None = None
) -> tuple[dict[str, dict], float, int]:
    poll_base = (poll_server or app).url
    paper_polls, procedure_polls = poll_urls(args, data)
    pages, partials = demo_paths(data)
    demo_cookie = cookie(data["demo"]["session"])
    rate, seconds = args.mixed_rate, args.mixed_seconds
    async with client_session(limit=args.http_connections) as session:
        http = Http(session)
        tasks = []
        start = time.monotonic()
        n = 0
        while (now := time.monotonic()) - start < seconds:
            due = start + n / rate
            if due > now:
                await asyncio.sleep(due - now)
            r = random.random()
            if r < 0.60:
                path, ck = random.choice(paper_polls)
                coro = http.request("paper poll", "GET", poll_base + path, cookie=ck)
            elif r < 0.90:
                path, ck = random.choice(procedure_polls)
                coro = http.request("procedure poll", "GET", poll_base + path, cookie=ck)
            elif r < 0.98:
                coro = http.request(
                    "partial",
                    "GET",
                    app.url + random.choice(partials),
                    cookie=demo_cookie,
                    headers={"HX-Request": "true"},
                )
            else:
                coro = http.request(
                    "page", "GET", app.url + random.choice(pages), cookie=demo_cookie
                )
            tasks.append(asyncio.ensure_future(coro))
            n += 1
        offered = n
        _, pending = await asyncio.wait(tasks, timeout=15)
        for task in pending:
            task.cancel()
    result = {name: summarize(kind, seconds) for name, kind in sorted(http.kinds.items())}
    served = sum(len(k.latencies) for k in http.kinds.values())
    return result, served / seconds, offered


async def run_conference(
    args,
    stream_servers: list[Server],
    change_server: Server,
    data,
    *,
    screens: int,
    seconds: float,
    background_rate: float,
    sample_memory=None,
) -> dict:
    committees = data["committees"]
    async with (
        client_session() as stream_session,
        client_session(limit=args.http_connections) as http_session,
    ):
        streams = Streams(stream_session)
        http = Http(http_session)
        # The screens: per committee, the delegates' paper editors, resolution pages, the
        # chairs' dashboards and the projector (each follows its page's topics).
        plan = []
        per_committee = max(1, screens // len(committees))
        for c in committees:
            proc_topic = f"proc:{c['id']}"
            people = [(d, p) for d in c["delegations"] for p in d["people"]]
            for i in range(per_committee):
                if i < 4:
                    plan.append((c["chair"], [proc_topic]))
                elif i % 2 == 0:
                    d, p = people[i % len(people)]
                    plan.append((p["session"], [f"doc:{d['doc']}", proc_topic]))
                else:
                    d, p = people[i % len(people)]
                    res = c["resolutions"][i % len(c["resolutions"])]
                    plan.append((p["session"], [f"res:{res}", proc_topic]))
        holders = []
        ramp = args.ramp_seconds
        for i, (session_key, topics) in enumerate(plan):
            server = stream_servers[i % len(stream_servers)]
            holders.append(asyncio.ensure_future(streams.hold(server.url, session_key, topics)))
            if ramp:
                await asyncio.sleep(ramp / len(plan))
        for _ in range(60):
            if streams.open + streams.open_errors >= len(plan):
                break
            await asyncio.sleep(0.5)
        held_at_start = streams.open

        # Changes: per committee, in turn a paper save (its delegation's editors follow it) and
        # a roll-call mark by the chair (every screen of the committee follows it).
        savers = {}
        for c in committees:
            for d in c["delegations"]:
                savers[d["doc"]] = Saver(
                    http,
                    change_server.url,
                    c["slug"],
                    d["paper"],
                    d["blocks"][0],
                    d["people"][0]["session"],
                )
        demo = data["demo"]
        background_savers = [
            Saver(http, change_server.url, demo["slug"], demo["paper"], b, demo["teammate_session"])
            for b in demo["blocks"][1:4]
        ]
        pages, partials = demo_paths(data)
        demo_cookie = cookie(demo["session"])
        csrf = secrets.token_hex(16)
        memory: list[float] = []
        stop_at = time.monotonic() + seconds
        mins = {"open": streams.open}

        async def committee_changes(index: int, c: dict) -> None:
            await asyncio.sleep(args.change_every * index / len(committees))
            turn = 0
            while time.monotonic() < stop_at:
                started = time.monotonic()
                if turn % 2 == 0:
                    d = c["delegations"][(turn // 2) % len(c["delegations"])]
                    change = streams.change_sent(f"doc:{d['doc']}")
                    await savers[d["doc"]].save("change: paper save")
                    change[1] = time.monotonic()
                else:
                    d = c["delegations"][(turn // 2) % len(c["delegations"])]
                    attendance = "present" if (turn // 2) % 4 < 2 else "present_and_voting"
                    change = streams.change_sent(f"proc:{c['id']}")
                    await http.request(
                        "change: roll-call mark",
                        "POST",
                        f"{change_server.url}/c/{c['slug']}/chair/roll-call/",
                        cookie=cookie(c["chair"], csrf),
                        data={"delegation": d["id"], "attendance": attendance},
                        headers={"X-CSRFToken": csrf, "HX-Request": "true"},
                    )
                    change[1] = time.monotonic()
                turn += 1
                await asyncio.sleep(max(0.0, args.change_every - (time.monotonic() - started)))

        async def background() -> None:
            n = 0
            start = time.monotonic()
            while time.monotonic() < stop_at:
                due = start + n / background_rate
                if due > time.monotonic():
                    await asyncio.sleep(due - time.monotonic())
                r = random.random()
                if r < 0.4:
                    coro = http.request(
                        "page", "GET", change_server.url + random.choice(pages), cookie=demo_cookie
                    )
                elif r < 0.8:
                    coro = http.request(
                        "partial",
                        "GET",
                        change_server.url + random.choice(partials),
                        cookie=demo_cookie,
                        headers={"HX-Request": "true"},
                    )
                else:
                    coro = random.choice(background_savers).save()
                asyncio.ensure_future(coro)
                n += 1

        async def watch() -> None:
            while time.monotonic() < stop_at:
                mins["open"] = min(mins["open"], streams.open)
                if sample_memory:
                    memory.append(sample_memory())
                await asyncio.sleep(1)

        run_start = time.monotonic()
        await asyncio.gather(
            *(committee_changes(i, c) for i, c in enumerate(committees)),
            background() if background_rate else asyncio.sleep(0),
            watch(),
        )
        await asyncio.sleep(3)  # the last events arrive
        elapsed = time.monotonic() - run_start
        streams.stop = True
        for holder in holders:
            holder.cancel()
        await asyncio.gather(*holders, return_exceptions=True)
    return {
        "planned": len(plan),
        "held_at_start": held_at_start,
        "held_min": mins["open"],
        "open_errors": streams.open_errors,
        "open_statuses": streams.open_statuses,
        "drops": streams.drops,
        "deliveries": len(streams.latencies),
        "expected": streams.expected,
        "up_to_date": streams.up_to_date(args),
        "delivery": {
            "p50": pct(streams.latencies, 50),
            "p95": pct(streams.latencies, 95),
            "p99": pct(streams.latencies, 99),
            "max": max(streams.latencies) if streams.latencies else float("nan"),
            "answered_p50": pct(streams.after_answer, 50),
            "answered_p95": pct(streams.after_answer, 95),
        },
        "http": {name: summarize(kind, elapsed) for name, kind in sorted(http.kinds.items())},
        "memory_max_mib": max(memory) if memory else float("nan"),
        "seconds": elapsed,
    }


# ---------------------------------------------------------------------------- report


def fmt_ms(value: float) -> str:
    return "—" if value != value else f"{value:,.1f}"


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows, strict=False)]
    line = "| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=False)) + " |"
    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    body = [
        "| " + " | ".join(str(x).ljust(w) for x, w in zip(row, widths, strict=False)) + " |"
        for row in rows
    ]
    return "\n".join([line, rule, *body])


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    sub = parser.add_subparsers(dest="command")
    seed_cmd = sub.add_parser("seed")
    seed_cmd.add_argument("--out", required=True)
    seed_cmd.add_argument("--committees", type=int, default=10)
    seed_cmd.add_argument("--delegations", type=int, default=30)
    seed_cmd.add_argument("--delegates", type=int, default=5)
    parser.add_argument("--db", default="wt_live_bench")
    parser.add_argument("--fresh", action="store_true", help="drop and re-create the database")
    parser.add_argument("--scenarios", default="throughput,mixed,conference,cross")
    parser.add_argument("--committees", type=int, default=10)
    parser.add_argument("--screens", type=int, default=3000)
    parser.add_argument("--conference-seconds", type=float, default=300)
    parser.add_argument("--ramp-seconds", type=float, default=60)
    parser.add_argument("--change-every", type=float, default=3.0, help="per committee")
    parser.add_argument("--background-rate", type=float, default=50, help="req/s during (3)")
    parser.add_argument("--mixed-rate", type=float, default=400)
    parser.add_argument("--mixed-seconds", type=float, default=60)
    parser.add_argument(
        "--polls-via",
        choices=["wsgi", "asgi"],
        default="wsgi",
        help="mixed scenario: send the polls to the page server or to the stream server",
    )
    parser.add_argument("--cross-screens", type=int, default=500)
    parser.add_argument("--cross-seconds", type=float, default=30)
    parser.add_argument("--wrk-seconds", type=int, default=8)
    parser.add_argument("--wrk-connections", type=int, default=16)
    parser.add_argument("--http-connections", type=int, default=64)
    parser.add_argument("--wsgi-workers", type=int, default=3)
    parser.add_argument("--wsgi-threads", type=int, default=4)
    parser.add_argument("--asgi-workers", type=int, default=2)
    parser.add_argument("--logs", default="", help="keep the servers' logs in this folder")
    args = parser.parse_args(argv)

    if args.command == "seed":
        seed(args.out, args.committees, args.delegations, args.delegates)
        return 0

    scenarios = set(args.scenarios.split(","))
    args.secret_key = "bench-" + secrets.token_urlsafe(40)
    # A stable key would let old sessions live on; sessions are made afresh each run.
    with tempfile.TemporaryDirectory(prefix="live-bench-") as workdir:
        args.workdir = args.logs or workdir
        os.makedirs(args.workdir, exist_ok=True)
        began = time.monotonic()
        print(f"== setting up database {args.db} (migrate, static files, demo, seed)", flush=True)
        ensure_database(args.db, args.fresh)
        manage(args, "migrate", "--noinput", "-v", "0")
        manage(args, "createcachetable")
        manage(args, "collectstatic", "--noinput", "-v", "0")
        manage(args, "load_demo")
        seed_file = Path(workdir) / "seed.json"
        subprocess.run(
            [
                PY,
                "-m",
                "tests.load.live_bench",
                "seed",
                "--out",
                str(seed_file),
                "--committees",
                str(args.committees),
            ],
            cwd=ROOT,
            env=app_env(args),
            check=True,
        )
        data = json.loads(seed_file.read_text())
        servers: list[Server] = []
        try:
            print("== starting servers", flush=True)
            wsgi_a = start_server(
                args, "app-wsgi-a", "unodc_mun.wsgi", asgi=False, workers=args.wsgi_workers
            )
            asgi_a = start_server(
                args, "app-asgi-a", "unodc_mun.asgi", asgi=True, workers=args.asgi_workers
            )
            servers += [wsgi_a, asgi_a]
            bare_env = {k: v for k, v in app_env(args).items() if k != "DJANGO_SETTINGS_MODULE"}
            bare = start_server(
                args,
                "bare-wsgi",
                "tests.load.bare_site:application",
                asgi=False,
                workers=args.wsgi_workers,
                env=bare_env,
            )
            bare_asgi = start_server(
                args,
                "bare-asgi",
                "tests.load.bare_site:asgi_application",
                asgi=True,
                workers=args.wsgi_workers,
                env=bare_env,
            )
            servers += [bare, bare_asgi]
            report = []
            setup_s = time.monotonic() - began
            report.append(
                f"Setup took {setup_s:.0f}s. Machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start."
            )
            report.append(
                f"Servers: gunicorn gthread {args.wsgi_workers}x{args.wsgi_threads} (WSGI: pages, "
                f"partials, polls, saves); gunicorn + uvicorn workers x{args.asgi_workers} (ASGI: "
                f"event streams); PostgreSQL database {args.db}; DEBUG off."
            )

            if "throughput" in scenarios:
                print("== throughput (wrk)", flush=True)
                rows = run_throughput(args, wsgi_a, bare, bare_asgi, data, stream_server=asgi_a)
                report.append(
                    f"\n(1) Throughput, wrk -t2 -c{args.wrk_connections} -d{args.wrk_seconds}s, "
                    "closed loop (ms):\n"
                    + table(
                        ["request", "req/s", "vs bare", "p50", "p95", "p99", "errors"],
                        [
                            [
                                r["what"],
                                f"{r['rps']:,.0f}",
                                f"{r['ratio']:.3f}x",
                                fmt_ms(r["p50"]),
                                fmt_ms(r["p95"]),
                                fmt_ms(r["p99"]),
                                r["errors"],
                            ]
                            for r in rows
                        ],
                    )
                )
                polls = [
                    r for r in rows if "poll" in r["what"] and "stream server" not in r["what"]
                ]
                pages_row = next(r for r in rows if r["what"].startswith("pages"))
                report.append(
                    f"Targets: unchanged polls >= 0.5x bare: {verdict(all(r['ratio'] >= 0.5 for r in polls))} "
                    f"({', '.join(f'{r["ratio"]:.2f}x' for r in polls)}); pages >= 0.04x bare: "
                    f"{verdict(pages_row['ratio'] >= 0.04)} ({pages_row['ratio']:.3f}x)."
                )
                print(report[-2] + "\n" + report[-1], flush=True)

            if "mixed" in scenarios:
                print(
                    f"== polling fallback: mixed {args.mixed_rate:.0f} req/s for {args.mixed_seconds:.0f}s",
                    flush=True,
                )
                result, served, offered = asyncio.run(
                    run_mixed(args, wsgi_a, data, asgi_a if args.polls_via == "asgi" else None)
                )
                report.append(
                    f"\n(2) Polling fallback, open loop, polls sent to the {args.polls_via.upper()} server: "
                    f"offered {offered / args.mixed_seconds:,.0f} req/s, "
                    f"served {served:,.0f} req/s (ms):\n"
                    + table(
                        ["request", "req/s", "p50", "p95", "p99", "errors"],
                        [
                            [
                                name,
                                f"{r['rps']:,.1f}",
                                fmt_ms(r["p50"]),
                                fmt_ms(r["p95"]),
                                fmt_ms(r["p99"]),
                                r["errors"],
                            ]
                            for name, r in result.items()
                        ],
                    )
                )
                poll_p95 = max(
                    result.get(k, {"p95": 0})["p95"] for k in ("paper poll", "procedure poll")
                )
                errors = sum(r["errors"] for r in result.values())
                report.append(
                    f"Targets: served in full: {verdict(served >= 0.98 * offered / args.mixed_seconds and errors == 0)}; "
                    f"poll p95 <= 100 ms: {verdict(poll_p95 <= 100)} ({poll_p95:.1f} ms)."
                )
                print(report[-2] + "\n" + report[-1], flush=True)

            if "conference" in scenarios:
                print(
                    f"== conference: {args.screens} screens, {args.committees} committees, {args.conference_seconds:.0f}s",
                    flush=True,
                )
                app_servers = [wsgi_a, asgi_a]
                result = asyncio.run(
                    run_conference(
                        args,
                        [asgi_a],
                        wsgi_a,
                        data,
                        screens=args.screens,
                        seconds=args.conference_seconds,
                        background_rate=args.background_rate,
                        sample_memory=lambda: sum(s.rss_mib() for s in app_servers),
                    )
                )
                d = result["delivery"]
                report.append(
                    f"\n(3) Conference: {result['planned']} screens planned, {result['held_at_start']} "
                    f"held after the ramp, fewest held during the run {result['held_min']}; "
                    f"{result['open_errors']} refused {result['open_statuses'] or ''}, {result['drops']} dropped; "
                    f"{result['deliveries']:,} deliveries of {result['expected']:,} expected over "
                    f"{result['seconds']:.0f}s (change every {args.change_every:g}s per committee); "
                    f"screens at the newest version of what they follow at the end: "
                    f"{result['up_to_date'][0]:,} of {result['up_to_date'][1]:,}.\n"
                    f"Delivery latency (change sent -> event received, ms): p50 {fmt_ms(d['p50'])}, "
                    f"p95 {fmt_ms(d['p95'])}, p99 {fmt_ms(d['p99'])}, max {fmt_ms(d['max'])}; "
                    f"from the change's answer (after its commit): p50 {fmt_ms(d['answered_p50'])}, "
                    f"p95 {fmt_ms(d['answered_p95'])}.\n"
                    f"App processes' memory (RSS, WSGI + ASGI, max): {result['memory_max_mib']:,.0f} MiB.\n"
                    "HTTP during the run (ms):\n"
                    + table(
                        ["request", "req/s", "p50", "p95", "p99", "errors"],
                        [
                            [
                                name,
                                f"{r['rps']:,.1f}",
                                fmt_ms(r["p50"]),
                                fmt_ms(r["p95"]),
                                fmt_ms(r["p99"]),
                                r["errors"],
                            ]
                            for name, r in result["http"].items()
                        ],
                    )
                )
                http = result["http"]
                page_p95 = http.get("page", {"p95": float("nan")})["p95"]
                save_p95 = http.get("save", {"p95": float("nan")})["p95"]
                errors = (
                    result["open_errors"]
                    + result["drops"]
                    + sum(r["errors"] for r in http.values())
                )
                report.append(
                    "Targets: all streams held, 0 errors: "
                    f"{verdict(result['held_min'] >= result['planned'] and errors == 0)} ({errors} errors); "
                    f"delivery p95 <= 1 s: {verdict(d['p95'] <= 1000)}; pages p95 <= 250 ms: "
                    f"{verdict(page_p95 <= 250)}; saves p95 <= 150 ms: {verdict(save_p95 <= 150)}; "
                    f"memory <= 1.5 GiB: {verdict(result['memory_max_mib'] <= 1536)}."
                )
                print(report[-2] + "\n" + report[-1], flush=True)

            if "cross" in scenarios:
                print("== two app servers, one database", flush=True)
                wsgi_b = start_server(args, "app-wsgi-b", "unodc_mun.wsgi", asgi=False, workers=1)
                asgi_b = start_server(args, "app-asgi-b", "unodc_mun.asgi", asgi=True, workers=1)
                servers += [wsgi_b, asgi_b]
                result = asyncio.run(
                    run_conference(
                        args,
                        [asgi_b],
                        wsgi_a,
                        data,
                        screens=args.cross_screens,
                        seconds=args.cross_seconds,
                        background_rate=0,
                    )
                )
                d = result["delivery"]
                report.append(
                    f"\n(4) Two app servers: changes through server A ({wsgi_a.url}), "
                    f"{result['held_min']} of {result['planned']} streams held on server B "
                    f"({asgi_b.url}); {result['deliveries']:,} deliveries of {result['expected']:,} "
                    f"expected; at the newest version at the end: {result['up_to_date'][0]:,} of "
                    f"{result['up_to_date'][1]:,} screens; latency (change sent -> received) p50 {fmt_ms(d['p50'])}, p95 "
                    f"{fmt_ms(d['p95'])}, p99 {fmt_ms(d['p99'])} ms; from the change's answer p95 "
                    f"{fmt_ms(d['answered_p95'])} ms. Target p95 <= 1 s: {verdict(d['p95'] <= 1000)}."
                )
                print(report[-1], flush=True)
        finally:
            for server in servers:
                stop_server(server)
        report.append(
            f"\nTotal {time.monotonic() - began:.0f}s; load average at the end "
            f"{os.getloadavg()[0]:.1f} (the machine is shared: other work runs alongside)."
        )
        print("\n========== results ==========")
        print("\n".join(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
