"""Fuzz and abuse suite: every form and JSON endpoint × malformed input, upload bombs, and
concurrent stale saves. Run on demand (not in `make test`):

    make fuzz                                   # SQLite
    DATABASE_URL=postgres://... make fuzz       # PostgreSQL, as in production

It loads the demo committee, enumerates every URL pattern of the app (the Django admin aside),
fills its ids with real, foreign (another committee's), zero and huge values, and sends each
as every role malformed requests: random Unicode, NUL and other control characters, 1–5 MB
strings, wrong types, missing and duplicated fields, invalid JSON, unreadable bodies, stale
revisions and replayed keys. Each refused request (4xx, a JSON error, or a form shown again with
its errors) must leave every table exactly as it was (row counts and checksums). It prints
the counts and fails on any 5xx, any state changed by a refused request, or any text lost.
"""

from __future__ import annotations

import io
import os
import random
import resource
import threading
import time
import traceback
import uuid
import zipfile
from collections import Counter
from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.signals import got_request_exception
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from committees.models import Committee, Delegation
from positions.models import Block, Paper, Revision
from tests import factories
from tests.positions.test_no_text_lost import findable
from tests.snapshot import changed, snapshot

pytestmark = [pytest.mark.fuzz]

SEED = 20261201
PER_ENDPOINT = 2  # malformed requests per POST endpoint, id variant and role
HUGE_IDS = ["9223372036854775808", "99999999999999999999999999", "0"]


@pytest.fixture
def only_when_asked(request):
    if "fuzz" not in (request.config.option.markexpr or ""):
        pytest.skip("fuzz suite: run with -m fuzz (make fuzz)")


# ---------------------------------------------------------------------------- the URL map


@dataclass
class Route:
    name: str
    route: str
    params: list[str]


def routes() -> list[Route]:
    out: list[Route] = []

    def walk(patterns, prefix="", namespace=None, outer=()):
        for pattern in patterns:
            params = [*outer, *getattr(pattern.pattern, "converters", {})]
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace
                full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
                walk(pattern.url_patterns, prefix + str(pattern.pattern), full, params)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                out.append(Route(name, prefix + str(pattern.pattern), params))

    walk(get_resolver().url_patterns)
    return [r for r in out if not r.route.startswith("admin/")]


@dataclass
class World:
    """Real ids in the demo committee, and foreign ones from another committee."""

    own: dict[str, str]
    foreign: dict[str, str]
    block: Block
    old_revision_id: int
    users: dict[str, object]


def build_world() -> World:
    call_command("load_demo", stdout=io.StringIO())
    committee = Committee.objects.get(slug="unodc")
    other = factories.make_committee(
        "fz", countries=("USA", "MEX"), acronym="FZ", name="Fuzz Committee"
    )
    from positions.services import coedit
    from positions.services.papers import get_or_create_paper

    foreign_paper = get_or_create_paper(delegation=factories.delegation(other, "USA"))
    foreign_block = foreign_paper.document.blocks.first()
    coedit.save_block(block=foreign_block, user=None, text="Foreign text.", base_revision_id=None)
    other_chair = factories.make_user("fz_chair")
    factories.seat_chair(other_chair, other)

    usa = Delegation.objects.get(committee=committee, country__iso3="USA")
    paper = Paper.objects.filter(delegation=usa).first()
    block = (
        Block.objects.filter(document=paper.document, current_revision__isnull=False).first()
        or paper.document.blocks.first()
    )
    first_revision = Revision.objects.filter(block=block).order_by("id").first()

    def first_id(model_path, **filters):
        from django.apps import apps

        model = apps.get_model(model_path)
        row = model.objects.filter(**filters).order_by("pk").first()
        return str(row.pk) if row else "1"

    def ids(c, paper_obj, block_obj):
        from django.contrib.auth import get_user_model

        seat_user = get_user_model().objects.filter(delegate_seats__delegation__committee=c)
        return {
            "slug": c.slug,
            "paper_id": str(paper_obj.pk),
            "block_id": str(block_obj.pk),
            "pk": first_id("positions.DraftResolution", committee=c),
            "clause_id": first_id("positions.Clause", resolution__committee=c),
            "amendment_id": first_id("positions.Amendment", resolution__committee=c),
            "vote_id": first_id("committees.Vote", committee=c),
            "motion_id": first_id("committees.Motion", committee=c),
            "source_id": first_id("committees.Source", committee=c),
            "question_id": first_id("committees.StanceQuestion", committee=c),
            "invite_id": first_id("committees.Invite", committee=c),
            "delegation_id": first_id("committees.Delegation", committee=c),
            "user_id": str(seat_user.first().pk) if seat_user.exists() else "1",
            "iso3": "USA",
            "token": str(uuid.uuid4()),
            "uidb64": "MQ",
        }

    from django.contrib.auth import get_user_model

    User = get_user_model()
    users = {
        "anonymous": None,
        "delegate": User.objects.get(username="us1"),
        "other_delegate": User.objects.get(username="mx1"),
        "chair": User.objects.get(username="chair"),
        "other_chair": other_chair,
        "admin": User.objects.get(username="admin"),
    }
    return World(
        own=ids(committee, paper, block),
        foreign=ids(other, foreign_paper, foreign_block),
        block=block,
        old_revision_id=first_revision.pk if first_revision else 0,
        users=users,
    )


def url_for(route: Route, values: dict[str, str]) -> str | None:
    kwargs = {p: values.get(p, "1") for p in route.params}
    if "token" in route.params and "<uuid:" not in route.route:
        kwargs["token"] = "set-password"
    try:
        return reverse(route.name, kwargs=kwargs)
    except Exception:  # noqa: BLE001 - a value the converter refuses: not a URL at all
        return None


# ---------------------------------------------------------------------------- payloads


def base_payload(world: World) -> dict[str, str]:
    own = world.own
    return {
        "text": "Calls upon Member States to share information on drones;",
        "title": "Countering AI-enabled trafficking",
        "kind": "operative",
        "choice": "yes",
        "how": "guide",
        "action": "approve",
        "country": "BRA",
        "client_op_id": "fuzz-op",
        "op": "fuzz-op",
        "delegation": own["delegation_id"],
        "base_revision_id": str(world.block.current_revision_id or ""),
        "base_revision": str(world.block.current_revision_id or ""),
        "version_id": "",
        "revision_id": str(world.old_revision_id),
        "block_id": own["block_id"],
        "vote": "yes",
        "method": "electronic",
        "mark": f"{own['delegation_id']}:present",
        "attendance": "present",
        "direction": "up",
        "code": "ABCDE-23456",
        "next": "/",
        "comment": "Well argued.",
        "rationale": "Clearer wording.",
        "deadline": "2026-12-31T12:00",
        "email": "fuzz@example.org",
        "first_name": "Fuzz",
        "last_name": "Tester",
        "username": "fuzz_user",
        "password1": "a long unusual passphrase 42",
        "password2": "a long unusual passphrase 42",
        "grace_minutes": "5",
        "max_uses": "2",
        "word_limit": "1500",
        "order": "1",
        "seat": "chair",
        "stance": "supports",
        "short_label": "Drones",
        "quote": "A quote.",
        "url": "https://example.org/report",
        "publisher": "UNODC",
        "published_on": "2025-01-01",
    }


ID_FIELDS = {"delegation", "base_revision_id", "base_revision", "version_id", "revision_id"}


def random_unicode(rng: random.Random, n: int) -> str:
    pools = [
        (0x20, 0x7E),
        (0xA0, 0x24F),
        (0x590, 0x6FF),  # Hebrew, Arabic (right to left)
        (0x300, 0x36F),  # combining marks
        (0x4E00, 0x4FFF),
        (0x1F300, 0x1F64F),  # emoji
        (0x200B, 0x200F),  # zero-width and direction marks
        (0xFFF0, 0xFFFD),
    ]
    chars = []
    for _ in range(n):
        lo, hi = rng.choice(pools)
        chars.append(chr(rng.randint(lo, hi)))
    return "".join(chars)


def mutate(rng: random.Random, payload: dict, world: World, big_left: list[int]):
    """One malformed variant of ``payload``: (kind, data, raw_body, content_type)."""
    data = dict(payload)
    key = rng.choice(sorted(data))
    kinds = [
        "unicode",
        "nul",
        "control",
        "wrong-type",
        "missing",
        "duplicated",
        "huge-id",
        "foreign-id",
        "stale-revision",
        "replayed-key",
        "invalid-json",
        "no-boundary",
        "bad-utf8",
        "empty",
    ]
    if big_left[0] > 0:
        kinds.append("megabytes")
    kind = rng.choice(kinds)
    if kind == "unicode":
        data[key] = random_unicode(rng, rng.randint(1, 300))
    elif kind == "nul":
        data[key] = data[key][:5] + "\x00" + data[key][5:]
    elif kind == "control":
        data[key] = "x" + chr(rng.choice([1, 2, 7, 8, 27, 31, 127])) + "y"
    elif kind == "wrong-type":
        data[key] = rng.choice(["[]", "{}", "null", "true", "-1", "1e309", "NaN", "9" * 40, " "])
    elif kind == "missing":
        del data[key]
    elif kind == "duplicated":
        data[key] = [data[key], random_unicode(rng, 5)]
    elif kind == "huge-id":
        key = rng.choice(sorted(ID_FIELDS))
        data[key] = rng.choice(HUGE_IDS + ["-9223372036854775809"])
    elif kind == "foreign-id":
        key = rng.choice(["delegation", "block_id", "revision_id", "base_revision_id"])
        data[key] = world.foreign.get("delegation_id" if key == "delegation" else "block_id")
    elif kind == "stale-revision":
        data["base_revision_id"] = str(world.old_revision_id)
        data["text"] = f"Stale save {rng.randint(0, 10**6)} about drones."
    elif kind == "replayed-key":
        data["client_op_id"] = data["op"] = "fuzz-op"
        data["text"] = rng.choice(["Replayed text one.", "Replayed text two."])
    elif kind == "megabytes":
        big_left[0] -= 1
        data[key] = "A" * rng.randint(1, 5) * 1024 * 1024
    elif kind == "empty":
        data = {}
    if kind == "invalid-json":
        return (
            kind,
            None,
            rng.choice([b"{", b'{"text": "\\ud800"}', b"\xff\xfe"]),
            "application/json",
        )
    if kind == "no-boundary":
        return kind, None, b"--x\r\nContent-Disposition: form-data\r\n", "multipart/form-data"
    if kind == "bad-utf8":
        return kind, None, b"text=%ff%fe%00&title=\xff", "application/x-www-form-urlencoded"
    return kind, data, None, None


# ---------------------------------------------------------------------------- running


@dataclass
class Tally:
    requests: int = 0
    malformed: int = 0
    refused: int = 0
    errors_5xx: int = 0
    state_changed: int = 0
    statuses: Counter = field(default_factory=Counter)
    redirects: Counter = field(default_factory=Counter)
    kinds: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    saved_texts: list[tuple] = field(default_factory=list)


_last_exception: list[str] = []
_USERS: dict[str, object] = {}


def _remember(sender, request, **kwargs):
    _last_exception.append(traceback.format_exc(limit=-3))


def refused(response) -> bool:
    if response.status_code >= 400:
        return True
    if getattr(response, "streaming", False):
        for _ in response.streaming_content:  # read it; closing would end the test's DB
            pass
        return False
    content_type = response.get("Content-Type", "")
    body = response.content[:200_000]
    if "json" in content_type and b'"status": "error"' in body:
        return True
    return response.status_code == 200 and any(
        marker in body for marker in (b"errorlist", b"form-errors", b"field--error")
    )


def send(client, method, url, data=None, raw=None, content_type=None, headers=None):
    headers = headers or {}
    if raw is not None:
        return client.generic(method, url, raw, content_type=content_type, headers=headers)
    if method == "GET":
        return client.get(url, data or {}, headers=headers)
    return client.post(url, data or {}, headers=headers)


def run_one(tally, client, method, url, kind, data, raw, content_type, role, before, headers=None):
    user = _USERS.get(role)
    if user is not None and client.session.get("_auth_user_id") != str(user.pk):
        # Logout or a password reset ended the session: sign in again (outside the count).
        client.force_login(user)
        before = snapshot()
    tally.requests += 1
    tally.malformed += 1
    tally.kinds[kind] += 1
    _last_exception.clear()
    response = send(client, method, url, data, raw, content_type, headers)
    tally.statuses[response.status_code] += 1
    if response.status_code in (301, 302):
        tally.redirects[response["Location"].split("?")[0][:40]] += 1
    if response.status_code >= 500:
        tally.errors_5xx += 1
        tally.failures.append(
            f"{response.status_code} {method} {url} as {role} ({kind}):\n"
            + "".join(_last_exception[-1:])
        )
        return snapshot()
    if refused(response):
        tally.refused += 1
        after = snapshot()
        diff = changed(before, after)
        if diff:
            tally.state_changed += 1
            tally.failures.append(f"refused {method} {url} as {role} ({kind}) changed {diff}")
        return after
    if (
        "/sections/" in url
        and url.endswith("/save/")
        and data
        and isinstance(data.get("text"), str)
        and not getattr(response, "streaming", False)
    ):
        body = response.json() if "json" in response.get("Content-Type", "") else {}
        tally.kinds["save:" + str(body.get("status"))] += 1
        if body.get("status") in ("saved", "merged", "conflict", "unchanged"):
            tally.saved_texts.append((role, data["text"]))
    return snapshot()


def clients(world: World) -> dict[str, Client]:
    out = {}
    for role, user in world.users.items():
        client = Client(raise_request_exception=False)
        if user is not None:
            client.force_login(user)
        out[role] = client
    return out


@pytest.mark.django_db
def test_every_endpoint_refuses_malformed_input_cleanly(only_when_asked, settings):
    settings.THROTTLE_RULES = {
        "login-address-account": (10_000, 60),
        "login-address": (10_000, 60),
        "invite-address": (10_000, 60),
        "invite-account": (10_000, 60),
    }
    got_request_exception.connect(_remember)
    rng = random.Random(SEED)
    world = build_world()
    people = clients(world)
    _USERS.clear()
    _USERS.update(world.users)
    tally = Tally()
    big_left = [12]
    payload = base_payload(world)
    state = snapshot()
    started = time.perf_counter()
    everything = routes()
    only = os.environ.get("FUZZ_ONLY")
    if only:
        everything = [r for r in everything if only in r.name]
    for route in everything:
        variants = [("own", world.own), ("foreign", world.foreign)]
        if any(p.endswith("_id") or p == "pk" for p in route.params):
            variants.append(
                (
                    "huge",
                    {
                        **world.own,
                        **{p: HUGE_IDS[0] for p in route.params if p.endswith("_id") or p == "pk"},
                    },
                )
            )
            variants.append(
                (
                    "zero",
                    {
                        **world.own,
                        **{p: "0" for p in route.params if p.endswith("_id") or p == "pk"},
                    },
                )
            )
        for variant, values in variants:
            url = url_for(route, values)
            if url is None:
                continue
            roles = people if variant == "own" else ("delegate", "admin")
            for role in roles:
                client = people[role]
                # GET with a malformed query string.
                query = {
                    rng.choice(
                        ["q", "v", "t", "a", "b", "before", "skip", "code", "next", "editable"]
                    ): rng.choice(["\x00", random_unicode(rng, 40), "9" * 30, "-1", "", "b"])
                    for _ in range(3)
                }
                state = run_one(tally, client, "GET", url, "query", query, None, None, role, state)
                # POSTs with malformed bodies.
                for _ in range(PER_ENDPOINT if role in ("delegate", "chair", "admin") else 1):
                    kind, data, raw, content_type = mutate(rng, payload, world, big_left)
                    headers = {"HX-Request": "true"} if rng.random() < 0.3 else {}
                    state = run_one(
                        tally,
                        client,
                        "POST",
                        url,
                        kind,
                        data,
                        raw,
                        content_type,
                        role,
                        state,
                        headers,
                    )
    # The co-editing endpoints once more, as the paper's own delegates, with only the fields
    # they read malformed: stale bases, replayed and reused keys, foreign and huge revisions.
    block_ids = {"block_id": world.own["block_id"]}
    coedit_urls = [
        reverse(
            name, kwargs={"slug": world.own["slug"], "paper_id": world.own["paper_id"], **block_ids}
        )
        for name in ("positions:save", "positions:draft", "positions:resolve")
    ]
    revision_ids = list(
        Revision.objects.filter(block=world.block).values_list("pk", flat=True)
    ) or [0]
    for n in range(450):
        role = rng.choice(["delegate", "delegate", "delegate_two"])
        if role == "delegate_two" and "delegate_two" not in people:
            from django.contrib.auth import get_user_model

            _USERS["delegate_two"] = get_user_model().objects.get(username="us2")
            people["delegate_two"] = Client(raise_request_exception=False)
        url = coedit_urls[0] if n % 3 else rng.choice(coedit_urls)
        data = {
            "text": rng.choice(
                [
                    f"Save {n}: drones and data, written by {role}.",
                    random_unicode(rng, rng.randint(1, 400)),
                    "Replayed text.",
                    "A" * rng.randint(1, 120_000),
                ]
            ),
            "base_revision_id": str(
                rng.choice(
                    revision_ids
                    + [world.block.current_revision_id or 0, HUGE_IDS[0], "-1", "x", ""]
                    + [world.foreign["block_id"]]
                )
            ),
            "client_op_id": rng.choice(["k1", "k2", f"k{n}", "", "\u00e9" * 70, "k1 "]),
            "choice": rng.choice(["mine", "theirs", "edit", "", "both"]),
            "version_id": rng.choice(["", "1", HUGE_IDS[0], "x"]),
        }
        if rng.random() < 0.1:
            data["text"] = [data["text"], "second value"]
        state = run_one(tally, people[role], "POST", url, "coedit", data, None, None, role, state)
        revision_ids = list(
            Revision.objects.filter(block=world.block).values_list("pk", flat=True)
        ) or [0]
    elapsed = time.perf_counter() - started
    lost = [
        text for role, text in tally.saved_texts if not findable(world.block, _USERS[role], text)
    ]
    got_request_exception.disconnect(_remember)
    print(f"\nFuzz: {len(everything)} URL patterns, roles {', '.join(people)}, seed {SEED}")
    print(f"  requests                         {tally.requests}")
    print(f"  malformed requests               {tally.malformed}")
    print(f"  by status                        {dict(sorted(tally.statuses.items()))}")
    print(f"  redirects to                     {dict(tally.redirects.most_common(6))}")
    print(f"  refused (4xx, JSON error, form)  {tally.refused}")
    print(f"  5xx                              {tally.errors_5xx}")
    print(f"  state changed by a refusal       {tally.state_changed}")
    print(f"  texts saved through the fuzz     {len(tally.saved_texts)}, lost {len(lost)}")
    print(f"  by kind                          {dict(sorted(tally.kinds.items()))}")
    print(f"  time                             {elapsed:.0f} s")
    for failure in tally.failures[:30]:
        print("  FAIL", failure)
    assert tally.malformed >= 2000
    assert tally.errors_5xx == 0, tally.failures[:5]
    assert tally.state_changed == 0, tally.failures[:5]
    assert lost == []


# ---------------------------------------------------------------------------- upload bombs


def docx_bomb(unpacked_mb: int) -> bytes:
    paragraph = b"<w:p><w:r><w:t>" + b"a" * 1000 + b"</w:t></w:r></w:p>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", b'<?xml version="1.0"?><Types/>')
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(b'<?xml version="1.0"?><w:document xmlns:w="x"><w:body>')
            chunk = paragraph * 1024
            for _ in range(unpacked_mb):
                member.write(chunk)
            member.write(b"</w:body></w:document>")
    return buffer.getvalue()


def markdown_bomb() -> bytes:
    lines = [f"# Heading {n}\n\nText.\n" for n in range(190_000)]
    return "".join(lines).encode()[:9_900_000]


def pdf_bomb(pages: int) -> bytes:
    import pypdf

    writer = pypdf.PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.mark.django_db
def test_upload_bombs_get_a_clear_message_quickly(only_when_asked):
    got_request_exception.connect(_remember)
    world = build_world()
    admin = Client(raise_request_exception=False)
    admin.force_login(world.users["admin"])
    slug = world.own["slug"]
    bombs = [
        ("DOCX unzipping to 300 MB", "guide.docx", docx_bomb(300)),
        ("DOCX unzipping to 1 GB", "guide.docx", docx_bomb(1024)),
        ("Markdown guide, 9.9 MB, 190k headings", "guide.md", markdown_bomb()),
        ("PDF of 60,000 pages", "guide.pdf", pdf_bomb(60_000)),
    ]
    rows = []
    failures = []
    for name, filename, data in bombs:
        for target, extra in (
            (reverse("committees:guide_import", args=[slug]), {}),
            (
                reverse("committees:source_add", args=[slug]),
                {"title": "Bomb", "publisher": "x", "url": "", "published_on": ""},
            ),
        ):
            before = snapshot()
            base_rss = peak_mb()
            _last_exception.clear()
            start = time.perf_counter()
            response = admin.post(target, {**extra, "file": SimpleUploadedFile(filename, data)})
            seconds = time.perf_counter() - start
            grew = max(0.0, peak_mb() - base_rss)
            body = response.content.decode(errors="replace")
            refusal = refused(response)
            message = ""
            if refusal:
                for marker in ("form-errors", 'class="error"', "errorlist", 'role="alert"'):
                    at = body.find(marker)
                    if at >= 0:
                        message = " ".join(body[at : at + 400].split())[:160]
                        break
            diff = changed(before, snapshot()) if refusal else []
            rows.append((name, target.split("/")[-2], response.status_code, seconds, grew, message))
            if response.status_code >= 500:
                failures.append(f"{name} → {target}: {response.status_code} {_last_exception[-1:]}")
            if diff:
                failures.append(f"{name} → {target}: refused but changed {diff}")
    got_request_exception.disconnect(_remember)
    print(f"\n{'upload':<40} {'to':<8} {'status':>6} {'seconds':>8} {'peak +MB':>9}  message")
    for name, target, status, seconds, grew, message in rows:
        print(f"{name:<40} {target:<8} {status:>6} {seconds:8.1f} {grew:9.0f}  {message}")
    for failure in failures:
        print("  FAIL", failure)
    assert not failures


# ---------------------------------------------------------------------------- concurrency


@pytest.mark.django_db(transaction=True)
def test_sixteen_people_saving_one_section_over_http_lose_nothing(only_when_asked, committee):
    from positions.services.papers import get_or_create_paper

    paper = get_or_create_paper(delegation=factories.delegation(committee, "USA"))
    block = paper.document.blocks.first()
    users = []
    for i in range(16):
        user = factories.make_user(f"fz_writer{i}")
        factories.seat_delegate(user, committee, "USA")
        users.append(user)
    url = reverse("positions:save", args=[committee.slug, paper.pk, block.pk])
    first = Client()
    first.force_login(users[0])
    base = first.post(url, {"text": "The committee shall act.", "client_op_id": "start"}).json()
    submitted, errors, statuses = [], [], Counter()
    lock = threading.Lock()
    parallel = connection.vendor == "postgresql"

    def writer(i):
        try:
            client = Client(raise_request_exception=False)
            client.force_login(users[i])
            for k in range(25):
                text = f"The committee shall act, says writer {i} in save {k}."
                data = {
                    "text": text,
                    "base_revision_id": base["revision_id"],
                    "client_op_id": f"{i}-{k}",
                }
                response = client.post(url, data)
                if k % 5 == 0:  # a retry of the same save
                    client.post(url, data)
                with lock:
                    statuses[response.status_code] += 1
                    submitted.append((users[i], text))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(repr(exc))
        finally:
            if parallel:
                connection.close()

    if parallel:
        threads = [threading.Thread(target=writer, args=(i,)) for i in range(16)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    else:
        for i in range(16):
            writer(i)
    lost = [text for user, text in submitted if not findable(block, user, text)]
    mode = "in parallel" if parallel else "one after another (SQLite)"
    print(f"\n16 people × 25 distinct saves from one stale base over HTTP, {mode}:")
    print(f"  statuses {dict(statuses)}; texts lost {len(lost)} of {len(submitted)}")
    assert not errors and not lost and set(statuses) == {200}
