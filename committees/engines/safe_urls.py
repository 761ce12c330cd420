"""Which link targets stay on this site, judged the way browsers parse URLs. Pure Python.

Browsers (the WHATWG URL standard) drop leading and trailing control characters and spaces,
remove tabs and line breaks from anywhere in a URL, and treat a backslash like a slash. So
``/\\evil.example/p``, ``/\\t/evil.example`` and ``//evil.example`` all leave the site, although
each "starts with one slash" to a naive check.
"""

from __future__ import annotations

_EDGE = "".join(chr(c) for c in range(0x21))  # C0 controls and space
_REMOVED = str.maketrans("", "", "\t\n\r")


def browser_view(url: str) -> str:
    """``url`` as a browser starts parsing it."""
    return url.strip(_EDGE).translate(_REMOVED)


def is_site_relative(url: str) -> bool:
    """A path on this site (``/papers/1``), not another host, scheme or protocol-relative URL."""
    seen = browser_view(url)
    return seen.startswith("/") and seen[1:2] not in ("/", "\\")
