"""Input hygiene at the boundary, in one place: every request's form fields, query string and
JSON body are checked before any view sees them.

- NUL and the other C0 control characters (except tab and line breaks) cannot be typed and
  PostgreSQL text cannot hold NUL: a request carrying one is refused with 400 and a message
  naming the field; nothing runs, so nothing changes. Vertical tab and form feed (what word
  processors paste for line and page breaks) become line breaks instead.
- A body that cannot be read (a multipart POST without a boundary, broken JSON, text that is
  not UTF-8, lone surrogates in JSON) is a 400 with a message, not a 500.
- ``safe_next`` is the one rule for ``next`` parameters: a path on this site, or the fallback.

Answers are JSON for JSON and htmx requests (``{"status": "error", "message": ...}``), a small
page otherwise.
"""

from __future__ import annotations

import json
import logging
import re

from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
    QueryDict,
)
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from committees.engines.safe_urls import browser_view, is_site_relative

logger = logging.getLogger("unodc_mun.hygiene")

# C0 controls other than tab, line feed and carriage return; DEL; lone surrogates.
_FORBIDDEN = re.compile("[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff]")
_PAGE_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})


class BadInput(ValueError):
    pass


def _describe(char: str) -> str:
    if char == "\x00":
        return "a NUL character (U+0000)"
    if "\ud800" <= char <= "\udfff":
        return "text that is not valid Unicode"
    return f"a control character (U+{ord(char):04X})"


def check_text(name: str, value: str) -> str:
    """``value`` with page breaks as line breaks; ``BadInput`` if it holds a forbidden
    character."""
    if not isinstance(value, str):
        return value
    found = _FORBIDDEN.search(value)
    if found:
        label = name if name.isprintable() and len(name) <= 40 else "a field"
        raise BadInput(
            f"“{label}” contains {_describe(found.group())}, which cannot be saved. "
            "Remove it (it often comes from pasting) and try again."
        )
    return value.translate(_PAGE_BREAKS)


def _check_query(name: str, query: QueryDict) -> QueryDict | None:
    """A cleaned copy of ``query`` if anything changed, else None."""
    changed = False
    cleaned = QueryDict(mutable=True)
    for key, values in query.lists():
        check_text("a field name" if _FORBIDDEN.search(key) else key, key)
        new = [check_text(key, value) for value in values]
        changed = changed or new != values
        cleaned.setlist(key, new)
    if not changed:
        return None
    cleaned._mutable = False
    return cleaned


def _check_json(value, path: str = "") -> None:
    if isinstance(value, str):
        check_text(path or "the body", value)
    elif isinstance(value, dict):
        for key, item in value.items():
            check_text("a field name", key)
            _check_json(item, key)
    elif isinstance(value, list):
        for item in value:
            _check_json(item, path)


def wants_json(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    content_type = request.content_type or ""
    return (
        "application/json" in accept
        or content_type == "application/json"
        or bool(request.headers.get("HX-Request"))
    )


def bad_request(request: HttpRequest, message: str) -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"status": "error", "message": message}, status=400)
    try:
        return render(request, "bad_input.html", {"message": message}, status=400)
    except Exception:  # noqa: BLE001 - the page itself must never turn a 400 into a 500
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


class InputHygieneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            self._check(request)
        except BadInput as error:
            logger.info("Refused input on %s: %s", request.path, error)
            return bad_request(request, str(error))
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # An id in the address beyond what the database can store names nothing: 404, not an
        # overflow deep in a query.
        for value in (*view_args, *view_kwargs.values()):
            if isinstance(value, int) and not 0 <= value < 2**63:
                raise Http404("No such page.")
        return None

    def _check(self, request: HttpRequest) -> None:
        if _FORBIDDEN.search(request.path):
            raise BadInput("The address contains a control character.")
        cleaned = _check_query("a parameter", request.GET)
        if cleaned is not None:
            request.GET = cleaned
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return
        content_type = request.content_type or ""
        if content_type == "application/json":
            try:
                body = request.body.decode("utf-8")
                _check_json(json.loads(body))
            except (UnicodeDecodeError, ValueError) as error:
                if isinstance(error, BadInput):
                    raise
                raise BadInput("The request body is not valid JSON.") from None
            return
        try:
            post = request.POST
            files = request.FILES
        except MultiPartParserError:
            raise BadInput(
                "The form data could not be read (a file upload without its boundary)."
            ) from None
        except UnicodeDecodeError:
            raise BadInput("The form data is not valid UTF-8 text.") from None
        cleaned = _check_query("a field", post)
        if cleaned is not None:
            request.POST = cleaned
        for upload in files.values():
            check_text("the file name", upload.name or "")


def safe_next(request: HttpRequest, target: str | None) -> str:
    """``target`` if it is a path on this site, else ""."""
    target = target or ""
    if not target or not is_site_relative(target):
        return ""
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    return browser_view(target)


def redirect_next(request: HttpRequest, target: str | None, fallback: str) -> HttpResponse:
    """Redirect to ``target`` when it is safe (see ``safe_next``), else to ``fallback``."""
    return HttpResponseRedirect(safe_next(request, target) or fallback)
