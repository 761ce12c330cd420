"""Items found in sections: links, facts, guiding questions and statistics tables."""

from __future__ import annotations

import re

from .rules import (
    _LINKS_TITLE,
    _QUESTIONS_TITLE,
    _SENTENCE_END,
    _URL,
    _YEARISH,
    _is_number,
    _to_number,
)
from .structure import Block, _Section, _walk, _where


def _url_title(url: str) -> str:
    host = re.sub(r"^(?:https?://)?(?:www\.)?", "", url, flags=re.IGNORECASE).split("/")[0]
    path = [p for p in re.sub(r"^(?:https?://)?[^/]+", "", url).split("/") if p]
    last = ""
    while path and not last:
        candidate = re.sub(r"\.(?:html?|php|aspx?|pdf)$", "", path.pop(), flags=re.IGNORECASE)
        candidate = re.sub(r"^\d+-", "", candidate)
        if candidate.lower() not in {"index", "en", "default", "home", ""}:
            last = candidate
    words = re.sub(r"[-_+]+", " ", last).strip()
    return f"{host} — {words}" if words else host


def _links(sections: list[_Section], preamble: list[Block]) -> list[dict]:
    links: list[dict] = []
    seen: set[str] = set()

    def add(text: str, section: _Section | None):
        for match in _URL.finditer(text):
            url = match.group(0).rstrip(".,;:")
            if url.count("(") < url.count(")"):
                url = url.rstrip(")")
            if url.lower().startswith("www."):
                url = "https://" + url
            if url in seen:
                continue
            seen.add(url)
            before = text[: match.start()].strip()
            before = re.sub(r"[\s:–—(\-]+$", "", before)
            title = before if 3 <= len(before) <= 160 and not _URL.search(before) else ""
            links.append({"url": url, "title": title or _url_title(url), **_where(section)})

    for block in preamble:
        add(block.text, None)
    for section in _walk(sections):
        for block in section.blocks:
            if block.kind in ("para", "bullet"):
                add(block.text, section)
    return links


def _facts(sections: list[_Section]) -> list[dict]:
    facts: list[dict] = []
    for section in _walk(sections):
        if _LINKS_TITLE.search(section.title) or _QUESTIONS_TITLE.search(section.title):
            continue
        base: int | None = None
        for block in section.blocks:
            if block.kind != "bullet":
                base = None
                continue
            if _URL.fullmatch(block.text.strip()):
                continue
            if base is None:
                base = block.indent
            if block.indent > base and facts and facts[-1]["section_index"] == section.index:
                facts[-1]["details"].append(block.text)
            else:
                facts.append({"text": block.text, "details": [], **_where(section)})
    return facts


def _questions(sections: list[_Section]) -> list[dict]:
    out = []
    for section in _walk(sections):
        if not _QUESTIONS_TITLE.search(section.title):
            continue
        for block in section.blocks:
            if block.kind in ("bullet", "para") and block.text.strip().endswith("?"):
                out.append({"text": block.text.strip(), **_where(section)})
    return out


def _tables(sections: list[_Section], warnings: list[str]) -> list[dict]:
    tables = []
    for section in _walk(sections):
        blocks = section.blocks
        for n, block in enumerate(blocks):
            if block.kind != "table":
                continue
            table = _table_from_rows(block.rows)
            if table is None:
                warnings.append(
                    f"A table in “{section.title}” has no numeric rows and was kept as text."
                )
                continue
            caption = ""
            after = blocks[n + 1] if n + 1 < len(blocks) else None
            before = blocks[n - 1] if n else None
            if after and after.kind == "para" and _caption_like(after.text, after_position=True):
                caption = after.text
                after.kind = "caption"
            elif (
                before
                and before.kind == "para"
                and _caption_like(before.text, after_position=False)
            ):
                caption = before.text.rstrip(":")
                before.kind = "caption"
            if not caption:
                caption = section.title
                warnings.append(
                    f"A table in “{section.title}” has no caption; it is titled after the section."
                )
            table["caption"] = caption
            table.update(_where(section))
            tables.append(table)
    return tables


def _caption_like(text: str, *, after_position: bool) -> bool:
    if len(text) > 160:
        return False
    if re.match(r"^(table|figure|fig\.|chart|graph|source|abbildung|tabelle)\b", text, re.I):
        return True
    if after_position:
        return not text.endswith(".") or len(text.split()) <= 12
    return text.endswith(":") or not _SENTENCE_END.search(text)


def _table_from_rows(rows: list[list[str]]) -> dict | None:
    rows = [row for row in rows if any(cell for cell in row)]
    if len(rows) < 2:
        return None
    header = rows[0]
    header_numeric = [c for c in header if c and _is_number(c) and not _YEARISH.match(c)]
    body = rows[1:] if not header_numeric else rows
    columns = [c for c in header if c] if not header_numeric else []
    out_rows = []
    for row in body:
        cells = [c for c in row]
        label_parts = []
        values: list[float | int | None] = []
        for cell in cells:
            if not values and not _is_number(cell):
                if cell:
                    label_parts.append(cell)
            else:
                values.append(_to_number(cell) if cell else None)
        if values and any(v is not None for v in values):
            out_rows.append({"label": " ".join(label_parts), "values": values})
    if not out_rows:
        return None
    width = max(len(r["values"]) for r in out_rows)
    if (
        columns
        and len(columns) == width
        and all(not r["label"] for r in out_rows)
        and all(_YEARISH.match(row[0]) for row in body if row and row[0])
        and not _YEARISH.match(columns[0])
    ):
        # "Year | Incidents | Deaths" over rows that start with a year: the year is the label.
        for r in out_rows:
            first = r["values"].pop(0)
            r["label"] = str(first) if first is not None else ""
        columns = columns[1:]
        width -= 1
    if len(columns) > width:
        columns = columns[-width:]  # a label header such as "Drug type" sits over the labels
    while len(columns) < width:
        columns.append(f"Column {len(columns) + 1}")
    for row in out_rows:
        row["values"] += [None] * (width - len(row["values"]))
    return {"caption": "", "columns": columns, "rows": out_rows}
