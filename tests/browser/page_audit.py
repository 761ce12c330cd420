"""Visit every page a person can reach and audit it: axe-core and horizontal page scroll.

Used by tests/browser/test_every_page.py, and runnable by hand against a running server:

    DEBUG=1 .venv/bin/python -m tests.browser.page_audit http://127.0.0.1:8000 us1 chair admin

(the demo accounts; the password is DEMO_PASSWORD). Pages are found by following links from
the home page; one page per URL pattern is audited (the same template with other ids adds
nothing but time).
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit

AXE_JS = os.path.join(os.path.dirname(__file__), "vendor", "axe.min.js")
WIDTHS = (360, 1280)
IMPACTS = ("critical", "serious", "moderate", "minor")

# Never followed: they change state on GET-less flows, leave the app, or are files.
SKIP_PREFIXES = ("/admin/", "/accounts/logout/", "/static/", "/media/")
SKIP_SUFFIXES = (".csv", ".docx", ".pdf", ".txt", ".ics", ".svg", ".png")
SKIP_PARTS = ("/file/", "/original/", "/download", "/export")


@dataclass
class PageResult:
    path: str
    width: int
    page_width: int = 0
    viewport: int = 0
    violations: list[dict] = field(default_factory=list)

    @property
    def counts(self) -> Counter:
        return Counter(v["impact"] for v in self.violations)

    @property
    def scrolls_sideways(self) -> bool:
        return self.page_width > self.viewport

    def describe(self) -> str:
        lines = [f"{self.path} @ {self.width}px"]
        if self.scrolls_sideways:
            lines.append(f"  page is {self.page_width}px wide in a {self.viewport}px viewport")
        for v in self.violations:
            targets = ", ".join(" ".join(n["target"]) for n in v["nodes"][:4])
            lines.append(f"  {v['impact']}: {v['id']} ({len(v['nodes'])}) {targets}")
        return "\n".join(lines)


def url_key(resolver_path: str) -> str:
    """One key per URL pattern: digits and UUID-ish segments stand for any id."""
    from django.urls import Resolver404, resolve

    try:
        match = resolve(resolver_path)
    except Resolver404:
        return resolver_path
    return f"{match.namespace}:{match.url_name}" if match.namespace else str(match.url_name)


def should_follow(path: str) -> bool:
    if not path.startswith("/"):
        return False
    if any(path.startswith(p) for p in SKIP_PREFIXES):
        return False
    if any(path.endswith(s) for s in SKIP_SUFFIXES):
        return False
    return not any(part in path for part in SKIP_PARTS)


def page_links(page, origin: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    paths = []
    for href in hrefs:
        href, _ = urldefrag(href)
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != origin:
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if should_follow(parts.path):
            paths.append(path)
    return paths


def discover(page, origin: str, start: str = "/", limit: int = 80) -> list[str]:
    """Breadth-first over links, one path per URL pattern, in the order found."""
    seen_keys: set[str] = set()
    found: list[str] = []
    queue = [start]
    while queue and len(found) < limit:
        path = queue.pop(0)
        key = url_key(path.split("?")[0])
        if key in seen_keys:
            continue
        seen_keys.add(key)
        response = page.goto(origin + path)
        if response is None or response.status != 200:
            continue
        if "text/html" not in (response.headers.get("content-type") or ""):
            continue
        found.append(path)
        queue.extend(
            p for p in page_links(page, origin) if url_key(p.split("?")[0]) not in seen_keys
        )
    return found


_AXE_SOURCE: list[str] = []


def _axe_source() -> str:
    if not _AXE_SOURCE:
        with open(AXE_JS, encoding="utf-8") as handle:
            _AXE_SOURCE.append(handle.read() + "\n;true")
    return _AXE_SOURCE[0]


def audit(page, origin: str, path: str, width: int) -> PageResult:
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(origin + path)
    page.wait_for_load_state("load")
    result = PageResult(path=path, width=width)
    result.page_width, result.viewport = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    # Evaluated through the DevTools protocol, so the page's CSP does not stop it.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    report = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.map(n => ({target: n.target.map(String)}))}));
        }"""
    )
    result.violations = report
    return result


def audit_everything(page, origin: str, widths=WIDTHS) -> list[PageResult]:
    paths = discover(page, origin)
    return [audit(page, origin, path, width) for path in paths for width in widths]


def table(results_by_role: dict[str, list[PageResult]]) -> str:
    rows = ["| role | page | width | critical | serious | moderate | minor | sideways |"]
    rows.append("|---|---|---|---|---|---|---|---|")
    for role, results in results_by_role.items():
        for r in results:
            c = r.counts
            rows.append(
                f"| {role} | {r.path} | {r.width} | {c['critical']} | {c['serious']} | "
                f"{c['moderate']} | {c['minor']} | "
                f"{f'{r.page_width}px' if r.scrolls_sideways else 'no'} |"
            )
    return "\n".join(rows)


def _main(argv: list[str]) -> None:  # pragma: no cover - a tool for people
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unodc_mun.settings")
    django.setup()
    from django.conf import settings
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, login

    origin, usernames = argv[0].rstrip("/"), argv[1:]
    results: dict[str, list[PageResult]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for username in usernames:
            context = browser.new_context()
            page = context.new_page()
            login(page, origin, username, settings.DEMO_PASSWORD)
            results[username] = audit_everything(page, origin)
            for r in results[username]:
                if r.violations or r.scrolls_sideways:
                    print(r.describe())
            context.close()
        browser.close()
    print(table(results))


if __name__ == "__main__":  # pragma: no cover
    _main(sys.argv[1:])
