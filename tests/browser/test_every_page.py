"""Every page, as a delegate, a chair and the secretariat, on a phone (360 px) and a desktop.

On the demo committee (the same content `make run` shows, plus a source whose title and
address are one long unbroken word), the test follows every link from the home page, one
page per URL pattern, and on each page at both widths:
- the page itself does not scroll sideways (wide tables scroll inside their own region);
- axe-core (vendored, tests/browser/vendor/) finds nothing critical or serious.
The table of results is printed (`-s`), and the failure message lists every finding.
"""

import io

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from committees.models import Committee
from committees.services.sources import add_source
from positions.models import Paper
from tests.browser.conftest import login
from tests.browser.page_audit import audit, discover, table
from tests.factories import ensure_countries

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_WORD = "Transnational" + "Cryptocurrency" * 6 + "Trafficking"
LONG_URL = "https://example.org/" + "very-long-path-segment-without-spaces" * 5 + "?q=" + "x" * 80


@pytest.fixture
def demo(transactional_db):
    ensure_countries()
    call_command("load_demo", stdout=io.StringIO())
    committee = Committee.objects.get(slug="unodc")
    add_source(
        committee=committee,
        title=f"Report on {LONG_WORD}",
        text=f"See {LONG_URL} and {LONG_WORD}.",
        url=LONG_URL,
        publisher=LONG_WORD,
    )
    return committee


def _extra_paths(committee, username: str) -> list[str]:
    """Pages reached by buttons or scripts rather than links."""
    user = get_user_model().objects.get(username=username)
    paths = [f"/c/{committee.slug}/papers/research/", "/offline/"]
    paper = Paper.objects.filter(
        delegation__committee=committee, delegation__delegates__user=user
    ).first()
    if paper is not None:
        base = f"/c/{committee.slug}/papers/{paper.pk}"
        paths += [f"{base}/checks/", f"{base}/submission/"]
    return paths


def _audit_role(browser, live_server, committee, username: str | None):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(15_000)
    page = context.new_page()
    origin = live_server.url
    if username is None:
        paths = [
            "/accounts/login/",
            "/accounts/password/reset/",
            "/join/",
            "/join/?code=ABCDE-FGHJK",
        ]
        paths = [p for p in paths if page.goto(origin + p).status == 200]
    else:
        login(page, origin, username, settings.DEMO_PASSWORD)
        paths = discover(page, origin)
        for extra in _extra_paths(committee, username):
            response = page.goto(origin + extra)
            if response.status == 200 and extra not in paths:
                paths.append(extra)
    results = [audit(page, origin, path, width) for path in paths for width in (360, 1280)]
    context.close()
    return results


def test_every_page_is_usable_on_a_phone_and_passes_axe(browser, live_server, demo):
    results = {
        "anonymous": _audit_role(browser, live_server, demo, None),
        "delegate": _audit_role(browser, live_server, demo, "us1"),
        "chair": _audit_role(browser, live_server, demo, "chair"),
        "admin": _audit_role(browser, live_server, demo, "admin"),
    }
    print("\n" + table(results))
    visited = {role: {r.path for r in rs} for role, rs in results.items()}
    # The crawl really reached the pages people use (a broken login would visit nothing).
    for role, must in {
        "delegate": ["/c/unodc/guide/", "/c/unodc/stances/compare/", "/c/unodc/votes/"],
        "chair": ["/c/unodc/chair/", "/c/unodc/invites/", "/c/unodc/papers/review/"],
        "admin": ["/c/unodc/guide/import/", "/c/unodc/sources/add/"],
    }.items():
        missing = [p for p in must if p not in visited[role]]
        assert not missing, f"{role} never reached {missing}"
    assert sum(len(v) for v in visited.values()) >= 60

    problems = [
        r.describe()
        for rs in results.values()
        for r in rs
        if r.scrolls_sideways or r.counts["critical"] or r.counts["serious"]
    ]
    assert not problems, "\n".join(problems)
    moderate = [r.describe() for rs in results.values() for r in rs if r.counts["moderate"]]
    assert not moderate, "\n".join(moderate)


def test_delegates_do_not_see_import_notes(new_page, live_server, demo):
    from committees.models import Guide

    guide = Guide.objects.get(committee=demo)
    guide.warnings = ["A table on page 3 could not be read."]
    guide.save(update_fields=["warnings"])
    page = new_page(None, width=360)
    login(page, live_server.url, "us1", settings.DEMO_PASSWORD)
    page.goto(f"{live_server.url}/c/unodc/guide/")
    assert "import note" not in page.content()
    login(page, live_server.url, "admin", settings.DEMO_PASSWORD)
    page.goto(f"{live_server.url}/c/unodc/guide/")
    assert "1 import note" in page.content()
