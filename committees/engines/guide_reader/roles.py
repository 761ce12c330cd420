"""The people who run a committee, under whatever title the conference gives them.

Guides name their chairs in many ways: a cover row of names over a row of titles, “Name – Role”
lines, “Student Officer: Name / Position: Deputy President” blocks, letters that end with
“Sincerely, Name, Role”, or prose (“I am Ana Ruiz, your head chair”; “our two Vice Chairs: Lucia
Zhang and Haochen Zhou”). ``find_people`` reads all of these from the lines of the front pages
and the letters, and returns each person once, with their role when the guide gives it.
"""

from __future__ import annotations

import re
import unicodedata

_PREFIX = (
    r"(?:head\s+|co[-\s]?|vice[-\s]?|deputy\s+|assistant\s+|associate\s+|senior\s+|junior\s+)?"
)
_TITLE = (
    r"(?:chair(?:person|man|woman)?s?|presidents?|directors?(?:[-\s]general)?|moderators?"
    r"|rapporteurs?|student\s+officers?|executive\s+board(?:\s+members?)?|crisis\s+(?:director|manager|staff)s?"
    r"|head\s+of\s+(?:crisis|committee|the\s+committee)|under[-\s]secretar(?:y|ies)[-\s]general"
    r"|usgs?|committee\s+directors?|dais|secretar(?:y|ies)|vice[-\s]chairs?)"
)
ROLE = rf"(?i:{_PREFIX}{_TITLE}(?:\s+and\s+{_PREFIX}{_TITLE})?)"
# A role standing alone, maybe "of the UNSC" / "for DISEC" after it.
ROLE_LINE = re.compile(
    rf"^(?:your\s+|the\s+)?(?P<role>{ROLE})(?:\s+(?:of|for|at)\s+(?:the\s+)?[\w&().'’ -]{{1,60}})?\s*[,.;]?$",
    re.IGNORECASE,
)
SIGN_OFF = re.compile(
    r"^(?:(?:yours\s+)?(?:sincerely|faithfully|truly)|(?:(?:best|kind|warm|warmest|sincere|with\s+(?:my\s+)?best)\s+)?regards"
    r"|best(?:\s+wishes)?|cheers|warmly|(?:best\s+of\s+luck)|respectfully|cordially|with\s+love|godspeed"
    r"|see\s+you\s+(?:soon|in\s+\w+|at\s+.*))\b.*$",
    re.IGNORECASE,
)
_LABEL_NAMES = re.compile(
    rf"^(?:your\s+|our\s+|the\s+)?(?:\w+\s+)?(?P<role>{ROLE})(?:\s*\(s\))?\s*[:–—-]\s*(?P<names>\S.*)$",
    re.IGNORECASE,
)
# "Student Officer & Role: Lena Vogel – Deputy President"
_LABEL_NAME_ROLE = re.compile(
    rf"^(?:{ROLE})\s*(?:&|and|/)\s*(?:role|position|title)\s*:\s*(?P<name>[^–—:]{{3,60}}?)\s*(?:[–—]|\s-\s)\s*(?P<role>.+)$",
    re.IGNORECASE,
)
_POSITION = re.compile(r"^(?:position|role|title)\s*[:–—-]\s*(?P<role>.+)$", re.IGNORECASE)
_NAME_ROLE = re.compile(
    rf"^(?P<name>[^,:()–—]{{3,60}}?)\s*(?:,|\(|[–—]|\s-\s|:)\s*(?:the\s+|your\s+)?(?P<role>{ROLE}(?:\s+(?:of|for)\s+[\w&().'’ -]{{1,40}})?)\s*\)?\.?$",
    re.IGNORECASE,
)
_ROLE_NAME = re.compile(
    rf"^(?P<role>{ROLE})(?:\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w&]*)?\s*(?:[–—:]|\s-\s)\s*(?P<name>[^,:()]{{3,60}})$",
    re.IGNORECASE,
)
_PROSE = [
    # "I am Albert Wang, your head chair" / "My name is Ana Ruiz and I will be your director"
    re.compile(
        rf"\b(?:I\s+am|I'm|my\s+name\s+is)\s+(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){{0,3}})"
        rf"(?:\s*\([^)]*\))?(?:,|\s+and)\s+(?:I\s+(?:am|will\s+be)\s+)?(?:serving\s+as\s+)?(?:your|the)\s+(?P<role>{ROLE})\b",
    ),
    # "Bahar Shah, the co-chair for the UNSC"
    re.compile(
        rf"(?:^|[.!?]\s+)(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){{1,3}}),\s+(?:the|your|our)\s+(?P<role>{ROLE})\b",
    ),
    # "our committee has two Vice Chairs: Lucia Zhang and Haochen Zhou"
    re.compile(
        rf"\b(?P<role>{ROLE})\s*:\s*(?P<names>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){{1,3}}"
        rf"(?:\s*(?:,|and|&)\s*[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){{1,3}})*)",
    ),
]

_PARTICLES = {"de", "van", "von", "da", "del", "la", "le", "bin", "al", "el", "di", "du", "dos"}
_NOT_NAME = re.compile(
    r"\b(?:united|nations|committee|council|assembly|guide|conference|model|mun|dear|delegates?"
    r"|letter|welcome|regards|sincerely|introduction|topic|agenda|security|general|background"
    r"|table|contents|page|school|university|college|email|the|of|and|for|from|with|session"
    r"|position|role|title|name|contact|forum|issue|phone)\b",
    re.IGNORECASE,
)


def looks_like_name(text: str) -> bool:
    text = text.strip()
    words = text.split()
    if not 1 <= len(words) <= 5 or len(text) > 50 or len(text) < 3:
        return False
    if any(ch.isdigit() for ch in text) or "@" in text or _NOT_NAME.search(text):
        return False
    if ROLE_LINE.match(text) or re.search(rf"\b{ROLE}\b", text):
        return False
    for word in words:
        if word.lower() in _PARTICLES:
            continue
        if not (word[0].isupper() and re.fullmatch(r"[\w'’.-]+", word)):
            return False
    return len(words) >= 2 or (len(words) == 1 and len(text) >= 4)


def _tidy_role(role: str) -> str:
    role = re.sub(r"\s+", " ", role.strip(" ,.;:()")).strip()
    if role.isupper() and len(role) > 4:
        role = role.title()
    return role[:1].upper() + role[1:]


def _tidy_name(name: str) -> str:
    name = re.sub(r"\s+", " ", name.strip(" ,.;:–—-")).strip()
    return unicodedata.normalize("NFC", name)


def _key(name: str) -> str:
    return re.sub(r"[^a-z]+", " ", unicodedata.normalize("NFKD", name).lower()).strip()


def _split_names(names: str) -> list[str]:
    parts = re.split(r"\s*(?:,|;|&|\band\b|/|\.\s)\s*", names.strip(" .;"))
    return [_tidy_name(p) for p in parts if looks_like_name(_tidy_name(p))]


def find_people(lines: list[str]) -> list[dict]:
    """[{name, role}] in the order the guide names them, each person once."""
    people: list[dict] = []
    seen: dict[str, dict] = {}

    def add(name: str, role: str = "") -> None:
        name = _tidy_name(name)
        if not looks_like_name(name):
            return
        key = _key(name)
        if key in seen:
            old = seen[key]["role"]
            if role and (not old or (len(role) > len(old) and old.lower() in role.lower())):
                seen[key]["role"] = _tidy_role(role)
            return
        # "Ana" after "Ana Ruiz" (or the other way round) is the same person.
        for other_key, other in seen.items():
            if key in other_key.split() or other_key in key.split():
                if role and not other["role"]:
                    other["role"] = _tidy_role(role)
                return
        entry = {"name": name, "role": _tidy_role(role) if role else ""}
        seen[key] = entry
        people.append(entry)

    texts = [re.sub(r"\s+", " ", t).strip().strip("-–—*_[]").strip() for t in lines]
    texts = [t for t in texts if t]
    used: set[int] = set()
    for i, text in enumerate(texts):
        if match := _LABEL_NAME_ROLE.match(text):
            add(match.group("name"), match.group("role"))
            used.add(i)
            continue
        if match := _LABEL_NAMES.match(text):
            names = _split_names(match.group("names"))
            role = match.group("role")
            if names:
                # "Student Officer: Ana Ruiz" then "Position: Deputy President"
                nxt = texts[i + 1] if i + 1 < len(texts) else ""
                if position := _POSITION.match(nxt):
                    role = position.group("role")
                    used.add(i + 1)
                for name in names:
                    add(name, role)
                used.add(i)
                continue
        if (match := _NAME_ROLE.match(text)) and looks_like_name(_tidy_name(match.group("name"))):
            add(match.group("name"), match.group("role"))
            used.add(i)
            continue
        if (match := _ROLE_NAME.match(text)) and looks_like_name(_tidy_name(match.group("name"))):
            add(match.group("name"), match.group("role"))
            used.add(i)
            continue
    for i, text in enumerate(texts):
        if i in used or not ROLE_LINE.match(text) or len(text) > 70:
            continue
        role = ROLE_LINE.match(text).group(0)
        # The name is on the line before the role (after a sign-off), or on the line after it.
        for j in (i - 1, i + 1):
            if 0 <= j < len(texts) and j not in used and looks_like_name(texts[j]):
                add(texts[j], role)
                used.update({i, j})
                break
    # Letters: the lines right after a sign-off are the signatures.
    for i, text in enumerate(texts):
        if not SIGN_OFF.match(text) or len(text) > 60:
            continue
        for j in range(i + 1, min(len(texts), i + 4)):
            if j in used:
                continue
            candidate = texts[j]
            if looks_like_name(candidate):
                add(candidate)
                used.add(j)
            elif not ROLE_LINE.match(candidate) and "@" not in candidate:
                break
    # Prose runs over line ends: read it as paragraphs.
    paragraphs, current = [], []
    for line in lines:
        if line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    for text in paragraphs:
        for pattern in _PROSE:
            for match in pattern.finditer(text):
                if "names" in match.groupdict() and match.group("names"):
                    for name in _split_names(match.group("names")):
                        add(name, match.group("role"))
                else:
                    add(match.group("name"), match.group("role"))
    return people
