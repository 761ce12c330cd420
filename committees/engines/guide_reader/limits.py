"""Bounds on what an upload may unpack into, checked while reading so a bomb costs little.

A real guide has tens of pages, a few hundred headings and well under a megabyte of text; these
limits sit far above that and far below what would tie up a worker.
"""

from __future__ import annotations

MAX_PAGES = 300  # PDF pages (read from the page tree before any page is parsed)
MAX_TEXT_CHARS = 2_000_000  # text of the whole guide, about a thousand pages
MAX_HEADINGS = 3_000  # headings (sections) in one guide
MAX_DOCX_PART_BYTES = 40 * 1024 * 1024  # one unpacked part of a DOCX (word/document.xml …)
MAX_DOCX_TOTAL_BYTES = 120 * 1024 * 1024  # all unpacked parts of a DOCX together
MAX_DOCX_RATIO = 200  # unpacked size / packed size of one part; zip bombs reach thousands
