"""The installable app's files: favicon, manifest and service worker, for anyone."""

import json
import re

from django.contrib.staticfiles import finders
from django.test import Client

from unodc_mun.pwa import shell_urls


def test_favicon_is_served_at_the_root(db):
    response = Client().get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO file


def test_manifest_names_the_app_and_icons_that_exist(db):
    response = Client().get("/manifest.webmanifest")
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["start_url"] == "/" and data["display"] == "standalone"
    sizes = {icon["sizes"] for icon in data["icons"]}
    assert {"192x192", "512x512"} <= sizes
    assert any(icon["purpose"] == "maskable" for icon in data["icons"])
    for icon in data["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]


def test_service_worker_is_served_from_the_root_with_its_shell(db):
    response = Client().get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    config = json.loads(re.match(r"self\.APP_CONFIG = (.*);\n", body).group(1))
    assert config["offline"] == "/offline/"
    assert "/static/css/app.css" in config["shell"] and "/static/js/app.js" in config["shell"]
    assert 'self.addEventListener("fetch"' in body


def test_every_shell_file_exists():
    for url in shell_urls():
        if url.startswith("/static/"):
            assert finders.find(url.removeprefix("/static/")), url


def test_offline_page_needs_no_login(db):
    response = Client().get("/offline/")
    assert response.status_code == 200
    assert b"You are offline" in response.content


def test_every_page_links_the_manifest_and_phone_styles(client, delegate, committee):
    client.force_login(delegate)
    body = client.get(f"/c/{committee.slug}/").content.decode()
    assert 'rel="manifest" href="/manifest.webmanifest"' in body
    assert "css/phone.css" in body
    assert 'data-service-worker="/sw.js"' in body
