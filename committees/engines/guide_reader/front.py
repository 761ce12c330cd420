"""Front matter: title, committee, topic and the chairs with their roles."""

from __future__ import annotations

import re

from .clean import _heading_text
from .rules import (
    _ACRONYM,
    _CHAIR_INLINE,
    _CHAIR_ROLE,
    _COMMITTEE_LABEL,
    _COMMITTEE_WORDS,
    _GUIDE_LABEL,
    _KEYWORD_HEADING,
    _TOC_TITLE,
    _TOPIC_LABEL,
    BREAK,
    LETTER_TITLE,
    _strip_markup,
)
from .structure import _classify_heading

# --- front matter -----------------------------------------------------------------------------


def _body_start(lines: list[str], toc_end: int | None, *, markdown_mode: bool) -> int:
    """Index of the first body heading: after the TOC, or the first numbered/keyword heading."""
    start = toc_end or 0
    for i in range(start, len(lines)):
        line = lines[i]
        if line == BREAK or not line.strip():
            continue
        prev_blank = i == 0 or not lines[i - 1].strip() or lines[i - 1] == BREAK
        heading = _classify_heading(line, markdown_mode=markdown_mode, prev_blank=prev_blank)
        if not heading:
            continue
        md_level, number, _style, title = heading
        if (
            toc_end is not None
            or number
            or _KEYWORD_HEADING.match(title)
            or LETTER_TITLE.search(title)
        ):
            return i
    # No recognisable body heading: treat the first Markdown heading after two lines as the start.
    return toc_end or 0


def _front_matter(lines: list[str], warnings: list[str]) -> dict:
    texts = []
    for line in lines:
        if line == BREAK or not line.strip():
            continue
        text = _strip_markup(_heading_text(line)).strip()
        text = re.sub(r"^[-–—\s]+|[-–—\s]+$", "", text).strip()
        if text and not _TOC_TITLE.match(text):
            texts.append(text)
    chairs: list[str] = []
    used: set[int] = set()
    for i, text in enumerate(texts):
        if _CHAIR_ROLE.match(text.strip("()[]")):
            used.add(i)
            # The name is usually right before the role, sometimes right after it.
            for j in (i - 1, i + 1):
                if 0 <= j < len(texts) and j not in used and _looks_like_name(texts[j]):
                    chairs.append(texts[j])
                    used.add(j)
                    break
        elif match := _CHAIR_INLINE.match(text):
            used.add(i)
            chairs.extend(_split_names(match.group("names")))
        elif (match := _NAME_THEN_ROLE.match(text)) and _looks_like_name(match.group("name")):
            used.add(i)
            chairs.append(match.group("name").strip())
    from .roles import ROLE_LINE, find_people

    for person in find_people(texts):
        if not any(_same_person(person["name"], c) for c in chairs):
            chairs.append(person["name"])
    for i, text in enumerate(texts):
        if i not in used and (
            ROLE_LINE.match(text) or any(_same_person(c, text) or c in text for c in chairs)
        ):
            used.add(i)
    committee = topic = title = ""
    acronym = ""
    label = ""
    for i, text in enumerate(texts[:-1]):
        # A label on a line of its own ("AGENDA") over its value.
        bare = text.strip(" :").lower()
        if i in used or i + 1 in used:
            continue
        if re.fullmatch(r"(?:the\s+)?(?:agenda(?:\s+item)?|topic|issue|theme)", bare):
            topic = texts[i + 1]
            used.update({i, i + 1})
        elif re.fullmatch(r"(?:committee|forum|organ|council)", bare):
            committee = texts[i + 1]
            used.update({i, i + 1})
    for i, text in enumerate(texts):
        if i in used:
            continue
        if topic and committee:
            break
        if (match := _TOPIC_LABEL.match(text)) and not topic:
            topic, _ = match.group(1).strip(), used.add(i)
            # "Issue: Reinforcing treaties … in order" / "to limit the threat …": one topic.
            nxt = texts[i + 1] if i + 1 < len(texts) else ""
            if nxt[:1].islower() and i + 1 not in used and len(nxt) <= 160:
                topic = f"{topic} {nxt}"
                used.add(i + 1)
        elif (match := _COMMITTEE_LABEL.match(text)) and not committee:
            committee, _ = match.group(1).strip(), used.add(i)
        elif _GUIDE_LABEL.search(text) and len(text) <= 60:
            label, _ = text, used.add(i)
        elif _ACRONYM.match(text) and not acronym:
            acronym, _ = text, used.add(i)
    rest = [(i, t) for i, t in enumerate(texts) if i not in used]
    if not committee:
        candidates = [
            (i, text)
            for i, text in rest
            if _COMMITTEE_WORDS.search(text) and len(text.split()) <= 12
        ]
        # "Model United Nations 2026" names the conference, not the committee.
        candidates.sort(key=lambda item: bool(re.search(r"\d|\bmodel\b|\bmun\b", item[1], re.I)))
        if candidates:
            i, text = candidates[0]
            committee = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
            used.add(i)
    rest = [(i, t) for i, t in enumerate(texts) if i not in used]
    if not topic and rest:
        i, topic = max(rest, key=lambda item: (len(item[1].split()) >= 4, len(item[1])))
        used.add(i)
    if committee and acronym and acronym not in committee:
        committee = f"{committee} ({acronym})"
    elif not committee:
        committee = acronym
    short = acronym or committee
    if label:
        title = f"{short} {label}".strip() if short and short not in label else label
    else:
        title = topic or committee
    leftover = [t for i, t in enumerate(texts) if i not in used]
    if leftover:
        warnings.append(
            "Front page lines not recognised as title, committee, topic or chairs: "
            + "; ".join(f"“{t[:60]}”" for t in leftover[:5])
        )
    return {"title": title, "committee": committee, "topic": topic, "chairs": chairs}


_NAME_PARTICLES = {"de", "van", "von", "da", "del", "la", "le", "of", "the", "and", "bin", "al"}
_NAME_THEN_ROLE = re.compile(
    r"^(?P<name>[^,(–—-]{3,60}?)\s*(?:,|\(|[–—-])\s*(?:co-?)?chair(?:person)?\)?$", re.IGNORECASE
)


def _same_person(a: str, b: str) -> bool:
    return re.sub(r"\W+", " ", a).strip().lower() == re.sub(r"\W+", " ", b).strip().lower()


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return (
        1 <= len(words) <= 6
        and len(text) <= 60
        and not any(ch.isdigit() for ch in text)
        and all(w[0].isupper() or w.lower() in _NAME_PARTICLES for w in words)
        and words[0][0].isupper()
        and not _GUIDE_LABEL.search(text)
        and not _COMMITTEE_WORDS.search(text)
    )


def _split_names(names: str) -> list[str]:
    parts = re.split(r"\s*(?:,|;|&|\band\b|\bund\b|/)\s*", names)
    return [part.strip() for part in parts if _looks_like_name(part.strip())]
