"""Real-browser tests: Playwright for Python driving Debian's Chromium.

They skip, saying why, where Chromium or Playwright is missing; CI sets REQUIRE_BROWSER=1
so that there they must run.
"""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# around it are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREENSHOTS = os.path.join(os.path.dirname(__file__), "screenshots")


def _missing_reason() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -e '.[dev]')"
    if not os.path.exists(CHROMIUM):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    return None


@pytest.fixture(scope="session")
def browser():
    reason = _missing_reason()
    if reason:
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"browser tests are required here but cannot run: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """`new_page(user=None, width=1280)` → a page in a fresh context, logged in as `user`
    (`service_workers="allow"` to run the app's service worker)."""
    contexts = []

    def make(user=None, *, width: int = 1280, height: int = 900, service_workers: str = "block"):
        # The app's service worker only where a test is about it (offline): requests it passes
        # on are not seen by Playwright's routes, which other tests use to cut the network.
        context = browser.new_context(
            viewport={"width": width, "height": height}, service_workers=service_workers
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        if user is not None:
            login(page, live_server.url, user.username)
        return page

    yield make
    for context in contexts:
        context.close()


def login(page, base_url: str, username: str, password: str | None = None) -> None:
    from tests.factories import PASSWORD

    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password or PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state("networkidle")


def screenshot(page, name: str) -> str:
    os.makedirs(SCREENSHOTS, exist_ok=True)
    path = os.path.join(SCREENSHOTS, f"{name}.png")
    page.screenshot(path=path, full_page=True)
    return path


@pytest.fixture
def asgi_server(transactional_db):
    """The app under uvicorn (ASGI, as in production for event streams), on a free port, in a
    thread of the test process: same database, same in-process live-update hub."""
    import socket
    import threading
    import time
    from types import SimpleNamespace

    import uvicorn
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
    from django.core.asgi import get_asgi_application

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    app = ASGIStaticFilesHandler(get_asgi_application())
    config = uvicorn.Config(app, log_level="warning", lifespan="off", loop="asyncio")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    yield SimpleNamespace(url=f"http://127.0.0.1:{port}")
    server.should_exit = True
    thread.join(10)
    sock.close()


@pytest.fixture
def new_asgi_page(browser, asgi_server):
    """Like ``new_page``, on the ASGI server."""
    contexts = []

    def make(user=None, *, width: int = 1280, height: int = 900, service_workers: str = "block"):
        # The app's service worker only where a test is about it (offline): requests it passes
        # on are not seen by Playwright's routes, which other tests use to cut the network.
        context = browser.new_context(
            viewport={"width": width, "height": height}, service_workers=service_workers
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        if user is not None:
            login(page, asgi_server.url, user.username)
        return page

    yield make
    for context in contexts:
        context.close()
