"""The installable web app: favicon, manifest, service worker and the offline fallback page.

The service worker is `static/sw.js`, served from the site root (`/sw.js`) so that its scope is
the whole app. It gets the list of files to keep for offline use (the app shell) from this
view, with the real (hashed, in production) static URLs, and a version that changes with them.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

SHELL_SUFFIXES = (".css", ".js", ".png", ".svg", ".ico")
# Shipped by django-htmx and loaded by every page (`{% htmx_script %}`).
EXTRA_SHELL = ("django_htmx/htmx-2.min.js", "django_htmx/django-htmx.js")
MANIFEST_ICONS = (
    ("icons/icon-192.png", "192x192", "any"),
    ("icons/icon-512.png", "512x512", "any"),
    ("icons/icon-maskable-512.png", "512x512", "maskable"),
)


def _static_file(name: str) -> Path:
    found = finders.find(name)
    if not found:
        raise Http404(f"{name} is missing from the static files.")
    return Path(found)


@cache
def _own_static_names() -> tuple[str, ...]:
    root = Path(settings.BASE_DIR) / "static"
    names = sorted(
        str(path.relative_to(root)).replace("\\", "/")
        for path in root.rglob("*")
        if path.is_file() and path.suffix in SHELL_SUFFIXES and path.name != "sw.js"
    )
    return tuple(names) + EXTRA_SHELL


def shell_urls() -> list[str]:
    """What a phone keeps so that any page it opened before still works offline."""
    return [reverse("offline"), *(static(name) for name in _own_static_names())]


@login_not_required
@require_safe
@cache_control(max_age=86400, public=True)
def favicon(request):
    data = _static_file("favicon.ico").read_bytes()
    return HttpResponse(data, content_type="image/x-icon")


@login_not_required
@require_safe
@cache_control(max_age=3600, public=True)
def manifest(request):
    return JsonResponse(
        {
            "name": "MUN Delegate Assistant",
            "short_name": "MUN",
            "description": "Committee guides, country stances, position papers, resolutions and votes.",
            "start_url": reverse("home"),
            "scope": "/",
            "display": "standalone",
            "background_color": "#f6f8fb",
            "theme_color": "#083f78",
            "icons": [
                {"src": static(name), "sizes": sizes, "type": "image/png", "purpose": purpose}
                for name, sizes, purpose in MANIFEST_ICONS
            ],
        },
        content_type="application/manifest+json",
    )


@login_not_required
@require_safe
def service_worker(request):
    source = _static_file("sw.js").read_text(encoding="utf-8")
    shell = shell_urls()
    version = hashlib.sha256((source + json.dumps(shell)).encode()).hexdigest()[:12]
    config = json.dumps({"version": version, "shell": shell, "offline": reverse("offline")})
    body = f"self.APP_CONFIG = {config};\n{source}"
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    # Browsers check for a new worker on navigation; never serve them a stale one.
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@login_not_required
@require_safe
def offline(request):
    """Shown by the service worker for a page this device never opened while online."""
    return render(request, "offline.html")
