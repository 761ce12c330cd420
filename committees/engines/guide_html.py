"""HTML for the guide reader: section text and statistics charts (server-side SVG).

Pure Python, no Django. Every piece of guide text is escaped here before it becomes markup, so
callers may mark the result safe.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape

_URL = re.compile(r"https?://[^\s<>\"')\]]+[^\s<>\"')\].,;:]")


def _inline(text: str) -> str:
    out, last = [], 0
    for match in _URL.finditer(text):
        out.append(escape(text[last : match.start()]))
        url = escape(match.group(0))
        out.append(f'<a href="{url}" rel="noopener noreferrer" class="guide-url">{url}</a>')
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)


@lru_cache(maxsize=512)  # a pure function of the text: kept for the next reader
def text_to_html(text: str) -> str:
    """Paragraphs separated by blank lines; "- " lines become (nested) bullet lists."""
    blocks = [block for block in re.split(r"\n\s*\n", text or "") if block.strip()]
    html: list[str] = []
    for block in blocks:
        lines = block.split("\n")
        if all(re.match(r"^\s*- ", line) for line in lines):
            html.append(_bullets(lines))
        else:
            html.append(f"<p>{_inline(' '.join(line.strip() for line in lines))}</p>")
    return "\n".join(html)


def _bullets(lines: list[str]) -> str:
    out = ["<ul>"]
    open_nested = False
    for n, line in enumerate(lines):
        nested = line.startswith(" ")
        item = _inline(line.strip()[2:])
        if nested and not open_nested and n:
            out[-1] = out[-1].removesuffix("</li>") + "<ul>"
            open_nested = True
        elif not nested and open_nested:
            out.append("</ul></li>")
            open_nested = False
        out.append(f"<li>{item}</li>")
    if open_nested:
        out.append("</ul></li>")
    out.append("</ul>")
    return "".join(out)


# --- charts -----------------------------------------------------------------------------------

# Colour-blind-friendly (Okabe–Ito), distinct in greyscale print thanks to marker shapes too.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
MARKERS = ["circle", "square", "diamond", "triangle", "circle", "square", "diamond", "triangle"]


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{colour}"/>'
    if shape == "diamond":
        points = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    if shape == "triangle":
        points = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y + 4:.1f} {x - 5:.1f},{y + 4:.1f}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'


def chart_svg(*, caption: str, columns: list[str], rows: list[dict], chart_id: str) -> str:
    """A line chart (one line per row across the columns); a bar chart for a single column.

    The SVG is decorative for screen readers (aria-hidden): the table next to it carries the
    numbers. Width scales with the container through the viewBox.
    """
    values = [v for row in rows for v in row["values"] if isinstance(v, int | float)]
    if not values or not columns:
        return ""
    width, height = 560, 300
    left, right, top, bottom = 58, 30, 14, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    low = min(0, min(values))
    high = _nice_max(max(values)) if max(values) > 0 else 1
    span = (high - low) or 1

    def y_of(value: float) -> float:
        return top + plot_h - (value - low) / span * plot_h

    parts = [
        f'<svg class="guide-chart__svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title" focusable="false">',
        f'<title id="{escape(chart_id)}-title">{escape(caption)}</title>',
    ]
    for tick in range(5):
        value = low + span * tick / 4
        y = y_of(value)
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end" class="tick">{_fmt(value)}</text>'
        )
    count = len(columns)
    if count == 1:
        bar_w = plot_w / max(len(rows), 1) * 0.6
        for n, row in enumerate(rows):
            value = row["values"][0]
            if not isinstance(value, int | float):
                continue
            x = left + plot_w * (n + 0.2) / len(rows)
            y = y_of(value)
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{y_of(low) - y:.1f}" '
                f'fill="{PALETTE[n % len(PALETTE)]}"/>'
            )
    else:
        step = plot_w / (count - 1)
        for n, row in enumerate(rows):
            colour, shape = PALETTE[n % len(PALETTE)], MARKERS[n % len(MARKERS)]
            points = [
                (left + i * step, y_of(v))
                for i, v in enumerate(row["values"][:count])
                if isinstance(v, int | float)
            ]
            if len(points) > 1:
                path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
                parts.append(
                    f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"/>'
                )
            parts.extend(_marker(shape, x, y, colour) for x, y in points)
    for i, column in enumerate(columns):
        x = left + (plot_w * (i + 0.5) / count if count == 1 else i * plot_w / (count - 1))
        parts.append(
            f'<text x="{x:.1f}" y="{height - 14}" text-anchor="middle" class="tick">'
            f"{escape(str(column))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def legend_html(rows: list[dict]) -> str:
    """A legend with the same colours and markers (SVG swatches: the CSP forbids inline styles)."""
    items = []
    for n, row in enumerate(rows):
        colour, shape = PALETTE[n % len(PALETTE)], MARKERS[n % len(MARKERS)]
        swatch = (
            '<svg class="guide-chart__swatch" viewBox="0 0 24 12" aria-hidden="true">'
            f'<line x1="0" x2="24" y1="6" y2="6" stroke="{colour}" stroke-width="2.5"/>'
            f"{_marker(shape, 12, 6, colour)}</svg>"
        )
        items.append(f"<li>{swatch}{escape(str(row['label']))}</li>")
    return f'<ul class="guide-chart__legend" aria-hidden="true">{"".join(items)}</ul>'
