"""Clause linter for draft resolutions, in UN style. Pure Python: no Django imports.

A resolution is an ordered list of clauses, each preambulatory or operative, with sub-clauses
nested up to three levels (a), i., A.). The linter explains every finding in words a delegate
understands, and where it can it suggests the fix:

- the opening phrase is not in the standard lists (closest standard phrase suggested), or
  belongs to the other kind (an operative verb opening a preambulatory clause);
- punctuation: a preambulatory clause ends with a comma, an operative clause with a semicolon,
  the last operative clause with a period; a clause introducing sub-clauses ends with a colon,
  sub-clauses end with a semicolon and the last one carries the clause's own ending;
- numbering: preambulatory clauses come before operative ones, numbers typed by hand that do
  not match the position, too deep nesting, a lone sub-clause;
- competence: only the Security Council takes binding decisions ("Decides", "Demands") or
  imposes sanctions; a General Assembly committee or a UNODC body recommends, calls upon,
  requests, urges instead;
- duplicate clauses (identical or nearly identical wording), and the UN habit of writing
  "Also requests" / "Further requests" when the same operative verb is used again.

Numbers and letters are computed from the order of the clauses (see ``labels``), so the
linter only complains about numbers that people typed into the text themselves.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

PREAMBULATORY = "preambulatory"
OPERATIVE = "operative"
MAX_SUB_DEPTH = 3


class Organ(StrEnum):
    """What kind of body adopts the resolution; decides what it may say."""

    SECURITY_COUNCIL = "security_council"
    GENERAL_ASSEMBLY = "general_assembly"
    SUBSIDIARY = "subsidiary"  # a commission or office such as UNODC, CND or CCPCJ


class Severity(StrEnum):
    ERROR = "error"  # the clause is wrong as written (competence, wrong kind, punctuation)
    WARNING = "warning"  # probably wrong: unknown phrase, duplicate, numbering
    ADVICE = "advice"  # UN style that a chair would point out


# Standard preambulatory phrases: participles and adjectives, as in the UN editorial manual
# and the usual MUN lists (UNA-USA, THIMUN). Stored in their canonical capitalisation.
PREAMBULATORY_PHRASES: tuple[str, ...] = (
    "Acknowledging",
    "Acknowledging with appreciation",
    "Acknowledging with satisfaction",
    "Affirming",
    "Alarmed",
    "Alarmed by",
    "Appalled by",
    "Appreciating",
    "Approving",
    "Aware of",
    "Bearing in mind",
    "Believing",
    "Cognizant of",
    "Commending",
    "Concerned",
    "Concerned about",
    "Concerned by",
    "Concerned that",
    "Condemning",
    "Confident",
    "Conscious of",
    "Considering",
    "Considering also",
    "Contemplating",
    "Convinced",
    "Convinced that",
    "Declaring",
    "Deeply alarmed",
    "Deeply concerned",
    "Deeply conscious",
    "Deeply convinced",
    "Deeply disturbed",
    "Deeply regretting",
    "Deploring",
    "Desiring",
    "Desirous of",
    "Determined",
    "Disturbed by",
    "Emphasizing",
    "Encouraged by",
    "Endorsing",
    "Expecting",
    "Expressing concern",
    "Expressing deep concern",
    "Expressing its appreciation",
    "Expressing its concern",
    "Expressing its deep concern",
    "Expressing its gratitude",
    "Expressing its satisfaction",
    "Fulfilling",
    "Fully alarmed",
    "Fully aware",
    "Fully believing",
    "Gravely concerned",
    "Guided by",
    "Having adopted",
    "Having considered",
    "Having devoted attention",
    "Having examined",
    "Having heard",
    "Having received",
    "Having reviewed",
    "Having studied",
    "Highlighting",
    "Keeping in mind",
    "Mindful",
    "Mindful of",
    "Noting",
    "Noting with alarm",
    "Noting with appreciation",
    "Noting with concern",
    "Noting with deep concern",
    "Noting with grave concern",
    "Noting with regret",
    "Noting with satisfaction",
    "Observing",
    "Reaffirming",
    "Realizing",
    "Recalling",
    "Recognizing",
    "Referring",
    "Regretting",
    "Reiterating",
    "Reminding",
    "Seeking",
    "Seized of",
    "Stressing",
    "Strongly condemning",
    "Taking into account",
    "Taking into consideration",
    "Taking note",
    "Taking note of",
    "Taking note with appreciation",
    "Underlining",
    "Underscoring",
    "Viewing with appreciation",
    "Viewing with concern",
    "Welcoming",
)

# Standard operative phrases: verbs in the present tense, third person singular.
OPERATIVE_PHRASES: tuple[str, ...] = (
    "Accepts",
    "Acknowledges",
    "Adopts",
    "Affirms",
    "Agrees",
    "Appeals",
    "Appeals to",
    "Applauds",
    "Appreciates",
    "Approves",
    "Asks",
    "Authorizes",
    "Calls",
    "Calls for",
    "Calls on",
    "Calls upon",
    "Commends",
    "Condemns",
    "Confirms",
    "Congratulates",
    "Considers",
    "Decides",
    "Declares",
    "Declares accordingly",
    "Demands",
    "Deplores",
    "Designates",
    "Directs",
    "Draws the attention",
    "Draws attention",
    "Emphasizes",
    "Encourages",
    "Endorses",
    "Establishes",
    "Expresses",
    "Expresses its appreciation",
    "Expresses its concern",
    "Expresses its deep concern",
    "Expresses its gratitude",
    "Expresses its hope",
    "Expresses its regret",
    "Expresses its satisfaction",
    "Has resolved",
    "Highlights",
    "Instructs",
    "Invites",
    "Notes",
    "Notes with appreciation",
    "Notes with concern",
    "Notes with satisfaction",
    "Proclaims",
    "Reaffirms",
    "Recalls",
    "Recognizes",
    "Recommends",
    "Regrets",
    "Reiterates",
    "Reminds",
    "Renews",
    "Requests",
    "Resolves",
    "Solemnly affirms",
    "Stresses",
    "Strongly condemns",
    "Strongly encourages",
    "Strongly urges",
    "Suggests",
    "Supports",
    "Takes note",
    "Takes note of",
    "Transmits",
    "Trusts",
    "Underlines",
    "Underscores",
    "Urges",
    "Welcomes",
)

# Adverbs that may precede any standard phrase ("Also requests", "Further recalling") or, in
# UN style, follow it ("Recalling also", "Noting further"). They do not change the phrase.
LEADING_MODIFIERS = (
    "also",
    "again",
    "further",
    "furthermore",
    "firmly",
    "fully",
    "once again",
    "strongly",
    "emphatically",
    "solemnly",
    "hereby",
    "respectfully",
    "earnestly",
    "welcoming also",
)
TRAILING_MODIFIERS = ("also", "further", "moreover", "in this regard", "in particular")

# British spellings are not errors: they are mapped onto the list's -ize spelling.
_BRITISH = {
    "emphasising": "emphasizing",
    "recognising": "recognizing",
    "realising": "realizing",
    "emphasises": "emphasizes",
    "recognises": "recognizes",
    "authorises": "authorizes",
    "cognisant": "cognizant",
}

# Operative verbs that only the Security Council may use when addressing States (binding
# decisions under Article 25 of the Charter). Other organs recommend.
SECURITY_COUNCIL_ONLY_VERBS = {"decides": "Recommends", "demands": "Urges"}

# What a General Assembly committee or a commission may still "decide": its own work.
_OWN_WORK_DECISION = re.compile(
    r"^decides\s+(?:also\s+|further\s+)?to\s+(?:include|remain|continue|consider|"
    r"convene|hold|review|keep|defer|postpone|take\s+up|revert|establish\s+an?\s+"
    r"(?:open-ended\s+)?(?:working\s+group|ad\s+hoc\s+committee))",
    re.IGNORECASE,
)
_SANCTIONS = re.compile(
    r"\b(?:impos\w*\s+(?:\w+\s+){0,3}sanctions?|sanctions?\s+(?:regime|committee)|"
    r"arms\s+embargo|embargo(?:es)?\s+on|asset\s+freezes?|freez\w+\s+(?:the\s+)?assets|"
    r"travel\s+bans?|all\s+necessary\s+(?:means|measures)|use\s+of\s+force|"
    r"blockade)\b",
    re.IGNORECASE,
)
_REFERS_TO_COUNCIL = re.compile(r"\bsecurity\s+council\b", re.IGNORECASE)

_TYPED_NUMBER = re.compile(
    r"^\s*(?:\(?(?P<num>\d{1,3})\)?[.)]|\(?(?P<letter>[a-z])\)|\(?(?P<roman>[ivxlc]{1,6})[.)])\s+",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Clause:
    """One clause (or sub-clause) to lint. ``ref`` is whatever the caller uses to find it again
    (a primary key, a position); ``children`` are its sub-clauses in order."""

    kind: str
    text: str
    children: tuple[Clause, ...] = ()
    ref: object = None


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    ref: object = None  # the ``ref`` of the clause concerned (None: the whole resolution)
    label: str = ""  # "preambulatory clause 2", "operative clause 3 b) ii."
    suggestion: str = ""

    def __str__(self) -> str:
        where = f"{self.label}: " if self.label else ""
        return f"{where}{self.message}"


@dataclass
class _Phrase:
    phrase: str | None  # canonical standard phrase, or None when not found
    matched_text: str  # the words of the text that make up the opening (with modifiers)
    first_words: str  # the first words of the text, for messages


@dataclass
class _Context:
    organ: Organ
    organ_name: str
    findings: list[Finding] = field(default_factory=list)

    def add(self, code, severity, message, clause=None, label="", suggestion=""):
        self.findings.append(
            Finding(
                code=code,
                severity=severity,
                message=message,
                ref=clause.ref if clause is not None else None,
                label=label,
                suggestion=suggestion,
            )
        )


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'")
    return re.sub(r"\s+", " ", text).strip()


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z][A-Za-z'\-]*", text)


_PRE_INDEX = {p.lower(): p for p in PREAMBULATORY_PHRASES}
_OP_INDEX = {p.lower(): p for p in OPERATIVE_PHRASES}
_MAX_PHRASE_WORDS = max(len(p.split()) for p in PREAMBULATORY_PHRASES + OPERATIVE_PHRASES)


def _strip_modifiers(words: list[str]) -> tuple[list[str], int]:
    """Drop leading adverbs such as "Also" or "Once again"; return the rest and how many
    words were dropped."""
    dropped = 0
    changed = True
    while changed and words:
        changed = False
        for modifier in sorted(LEADING_MODIFIERS, key=len, reverse=True):
            parts = modifier.split()
            if [w.lower() for w in words[: len(parts)]] == parts and len(words) > len(parts):
                words = words[len(parts) :]
                dropped += len(parts)
                changed = True
                break
    return words, dropped


def _longest_match(words: list[str], index: dict[str, str]) -> tuple[str | None, int]:
    lowered = [_BRITISH.get(w.lower(), w.lower()) for w in words]
    for size in range(min(_MAX_PHRASE_WORDS, len(lowered)), 0, -1):
        candidate = " ".join(lowered[:size])
        if candidate in index:
            return index[candidate], size
    return None, 0


def opening_phrase(text: str, kind: str) -> _Phrase:
    """Find the standard opening phrase of a clause (for its kind), allowing modifiers."""
    words = _words(_strip_typed_number(_norm(text)))
    first_words = " ".join(words[:3])
    rest, dropped = _strip_modifiers(words)
    index = _PRE_INDEX if kind == PREAMBULATORY else _OP_INDEX
    phrase, size = _longest_match(rest, index)
    if phrase is None and dropped:
        # "Strongly condemns" is itself a standard phrase: try again with the modifiers kept.
        phrase, size = _longest_match(words, index)
        dropped = 0
    matched = " ".join(words[: dropped + size]) if phrase else ""
    return _Phrase(phrase=phrase, matched_text=matched, first_words=first_words)


def split_opening(text: str, kind: str) -> tuple[str, str]:
    """Split a clause into (opening phrase as typed, rest), for italics / underlining.

    The opening is the standard phrase with its modifiers ("Further requests"), or, when the
    phrase is unknown, the first word. Whitespace and punctuation of the rest are kept."""
    stripped = text.lstrip()
    found = opening_phrase(stripped, kind)
    if kind == PREAMBULATORY and not found.phrase:
        return "", stripped
    target_words = found.matched_text.split() if found.phrase else _words(stripped)[:1]
    if not target_words:
        return "", stripped
    # Walk the original text so that its own spacing and capitalisation survive.
    pos = 0
    for word in target_words:
        match = re.compile(re.escape(word)).search(stripped, pos)
        if match is None:
            return "", stripped
        pos = match.end()
    # "Aware of" / "Expressing its appreciation" may be followed by a trailing modifier.
    tail = re.match(r"(\s+(?:" + "|".join(TRAILING_MODIFIERS) + r"))\b", stripped[pos:], re.I)
    if tail:
        pos += tail.end()
    return stripped[:pos], stripped[pos:]


def _strip_typed_number(text: str) -> str:
    return _TYPED_NUMBER.sub("", text, count=1)


def closest_phrases(words: str, kind: str, n: int = 3) -> list[str]:
    pool = PREAMBULATORY_PHRASES if kind == PREAMBULATORY else OPERATIVE_PHRASES
    lowered = {p.lower(): p for p in pool}
    candidates = []
    tokens = words.split()
    for size in (3, 2, 1):
        if len(tokens) >= size:
            candidates += difflib.get_close_matches(
                " ".join(tokens[:size]).lower(), lowered, n=n, cutoff=0.6
            )
    seen: list[str] = []
    for c in candidates:
        if lowered[c] not in seen:
            seen.append(lowered[c])
    return seen[:n]


# ---------------------------------------------------------------------------------------------
# Labels: the numbers and letters a clause gets from its position.


def sub_label(depth: int, index: int) -> str:
    """Label of the ``index``-th (0-based) sub-clause at ``depth`` 1..3: a), i., A."""
    if depth == 1:
        return f"{_letters(index)})"
    if depth == 2:
        return f"{_roman(index + 1)}."
    return f"{_letters(index).upper()}."


def _letters(index: int) -> str:
    # a..z, then aa, bb, ... as in UN documents.
    letter = "abcdefghijklmnopqrstuvwxyz"[index % 26]
    return letter * (index // 26 + 1)


def _roman(number: int) -> str:
    numerals = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ]
    out = ""
    for value, numeral in numerals:
        while number >= value:
            out += numeral
            number -= value
    return out


def labels(clauses: Sequence[Clause]) -> dict[int, str]:
    """Map ``id(clause)`` of every clause and sub-clause to its label, e.g. "3", "3 b) ii."."""
    out: dict[int, str] = {}
    number = 0
    for clause in clauses:
        if clause.kind == OPERATIVE:
            number += 1
            own = str(number)
        else:
            own = ""
        out[id(clause)] = own
        _label_children(clause.children, own, 1, out)
    return out


def _label_children(children, prefix: str, depth: int, out: dict[int, str]) -> None:
    for i, child in enumerate(children):
        own = f"{prefix} {sub_label(depth, i)}".strip()
        out[id(child)] = own
        _label_children(child.children, own, depth + 1, out)


# ---------------------------------------------------------------------------------------------
# The linter.


def lint(
    clauses: Sequence[Clause],
    *,
    organ: Organ = Organ.GENERAL_ASSEMBLY,
    organ_name: str = "",
) -> list[Finding]:
    """Lint a resolution: top-level clauses in order, with their sub-clauses."""
    ctx = _Context(organ=organ, organ_name=organ_name or _default_organ_name(organ))
    names = _names(clauses)
    operatives = [c for c in clauses if c.kind == OPERATIVE]
    if clauses and not operatives:
        ctx.add(
            "no-operative",
            Severity.WARNING,
            "The resolution has no operative clause yet: it says what the committee thinks "
            "but not what it asks anyone to do.",
        )

    seen_operative = False
    for clause in clauses:
        name = names[id(clause)]
        if clause.kind not in (PREAMBULATORY, OPERATIVE):
            ctx.add("kind", Severity.ERROR, f"Unknown clause kind {clause.kind!r}.", clause, name)
            continue
        if clause.kind == PREAMBULATORY and seen_operative:
            ctx.add(
                "order",
                Severity.ERROR,
                "This preambulatory clause comes after an operative clause. All preambulatory "
                "clauses come first, then the numbered operative clauses; move it up.",
                clause,
                name,
            )
        seen_operative = seen_operative or clause.kind == OPERATIVE
        _check_typed_number(ctx, clause, name, expected=_own_number(name))
        _check_phrase(ctx, clause, name)
        if clause.kind == OPERATIVE:
            _check_competence(ctx, clause, name)
        ending = _ending_for(clause, operatives)
        _check_punctuation(ctx, clause, name, ending)
        _check_children(ctx, clause.kind, clause.children, names, depth=1, ending=ending)

    _check_duplicates(ctx, clauses, names)
    _check_repeated_verbs(ctx, operatives, names)
    return ctx.findings


def _ending_for(clause: Clause, operatives: Sequence[Clause]) -> str:
    if clause.kind == PREAMBULATORY:
        return ","
    return "." if clause is operatives[-1] else ";"


def _default_organ_name(organ: Organ) -> str:
    return {
        Organ.SECURITY_COUNCIL: "the Security Council",
        Organ.GENERAL_ASSEMBLY: "a General Assembly committee",
        Organ.SUBSIDIARY: "this body",
    }[organ]


def _names(clauses: Sequence[Clause]) -> dict[int, str]:
    """Human names: "preambulatory clause 2", "operative clause 3", "operative clause 3 b)"."""
    out: dict[int, str] = {}
    pre = 0
    for clause, label in zip(clauses, (labels(clauses)[id(c)] for c in clauses), strict=True):
        if clause.kind == OPERATIVE:
            base = f"operative clause {label}"
            own = label
        else:
            pre += 1
            base = f"preambulatory clause {pre}"
            own = ""
        out[id(clause)] = base
        _name_children(clause.children, base, own, 1, out)
    return out


def _name_children(children, base: str, prefix: str, depth: int, out) -> None:
    for i, child in enumerate(children):
        label = sub_label(depth, i)
        name = f"{base} {label}"
        out[id(child)] = name
        _name_children(child.children, name, prefix, depth + 1, out)


def _own_number(name: str) -> str:
    match = re.match(r"operative clause (\d+)$", name)
    return match.group(1) if match else ""


def _check_typed_number(ctx: _Context, clause: Clause, name: str, *, expected: str) -> None:
    match = _TYPED_NUMBER.match(clause.text)
    if not match:
        return
    typed = match.group(0).strip()
    if clause.kind == PREAMBULATORY:
        ctx.add(
            "numbering",
            Severity.WARNING,
            f"Preambulatory clauses are not numbered: remove “{typed}” from the text.",
            clause,
            name,
        )
        return
    if match.group("num") and expected and match.group("num") != expected:
        msg = (
            f"The text starts with “{typed}” but this is clause {expected}. Clauses are "
            f"numbered automatically from their order: remove the typed number."
        )
    else:
        msg = (
            f"The text starts with a typed number “{typed}”. Numbers and letters are added "
            f"automatically from the order of the clauses: remove it."
        )
    ctx.add("numbering", Severity.WARNING, msg, clause, name)


def _check_phrase(ctx: _Context, clause: Clause, name: str) -> None:
    text = _strip_typed_number(_norm(clause.text))
    if not text:
        ctx.add("empty", Severity.ERROR, "The clause is empty.", clause, name)
        return
    found = opening_phrase(text, clause.kind)
    other_kind = OPERATIVE if clause.kind == PREAMBULATORY else PREAMBULATORY
    if found.phrase is None:
        other = opening_phrase(text, other_kind)
        if other.phrase:
            if clause.kind == PREAMBULATORY:
                msg = (
                    f"“{other.matched_text}” is an operative phrase (a verb saying what the "
                    f"committee does). A preambulatory clause opens with a participle or "
                    f"adjective such as “Recalling” or “Noting”; or make this an operative "
                    f"clause."
                )
            else:
                msg = (
                    f"“{other.matched_text}” is a preambulatory phrase. An operative clause "
                    f"opens with a verb in the present tense such as “Requests” or “Urges”; "
                    f"or make this a preambulatory clause."
                )
            suggestion = _counterpart(other.phrase, clause.kind)
            ctx.add(
                "wrong-kind",
                Severity.ERROR,
                msg + (f" Did you mean “{suggestion}”?" if suggestion else ""),
                clause,
                name,
                suggestion=suggestion,
            )
            return
        close = closest_phrases(found.first_words, clause.kind)
        kind_word = "preambulatory" if clause.kind == PREAMBULATORY else "operative"
        msg = f"“{found.first_words}” does not start with a standard {kind_word} phrase."
        if close:
            msg += " Closest standard phrase" + ("s" if len(close) > 1 else "") + ": "
            msg += ", ".join(f"“{c}”" for c in close) + "."
        ctx.add(
            "unknown-phrase",
            Severity.WARNING,
            msg,
            clause,
            name,
            suggestion=close[0] if close else "",
        )
        return
    if text[0].islower():
        ctx.add(
            "capital",
            Severity.ADVICE,
            f"The opening phrase starts with a capital letter: “{found.phrase}”.",
            clause,
            name,
            suggestion=found.phrase,
        )


def _counterpart(phrase: str, wanted_kind: str) -> str:
    """ "Recalls" (operative) -> "Recalling" (preambulatory) and back, when the list has it."""
    first, _, rest = phrase.partition(" ")
    stem = first.lower()
    candidates = []
    if wanted_kind == PREAMBULATORY:
        for ending in ("s", "es"):
            if stem.endswith(ending):
                base = stem[: -len(ending)]
                candidates += [base + "ing", base.rstrip("e") + "ing", base + "eing"]
        if stem.endswith("ies"):
            candidates.append(stem[:-3] + "ying")
        index = _PRE_INDEX
    else:
        if stem.endswith("ing"):
            base = stem[:-3]
            candidates += [base + "s", base + "es", base + "es".lstrip("e"), base + "e" + "s"]
            if base.endswith("y"):
                candidates.append(base[:-1] + "ies")
        index = _OP_INDEX
    for candidate in candidates:
        full = f"{candidate} {rest}".strip()
        if full in index:
            return index[full]
        if candidate in index:
            return index[candidate]
    return ""


def _ends_with(text: str) -> str:
    stripped = text.rstrip()
    # Closing quotes and brackets do not change which punctuation ends the clause.
    stripped = stripped.rstrip("\"'”’)]")
    return stripped[-1:] if stripped else ""


_ENDING_WORD = {",": "a comma", ";": "a semicolon", ".": "a period", ":": "a colon"}


def _check_punctuation(ctx: _Context, clause: Clause, name: str, ending: str) -> None:
    text = clause.text
    if not text.strip():
        return
    actual = _ends_with(text)
    if clause.children:
        if actual != ":":
            what = {",": "a comma", ";": "a semicolon", ".": "a period"}.get(actual, "")
            ctx.add(
                "punctuation",
                Severity.WARNING,
                "A clause that introduces sub-clauses ends with a colon"
                + (f", not {what}" if what else "")
                + ".",
                clause,
                name,
            )
        return
    if actual == ending:
        return
    ctx.add(
        "punctuation",
        Severity.ERROR,
        _punctuation_message(clause.kind, ending, actual),
        clause,
        name,
    )


def _describe_ending(actual: str) -> str:
    if actual in _ENDING_WORD:
        return _ENDING_WORD[actual]
    if not actual or actual.isalnum():
        return "no punctuation mark"
    return f"“{actual}”"


def _punctuation_message(kind: str, ending: str, actual: str) -> str:
    have = _describe_ending(actual)
    if kind == PREAMBULATORY:
        rule = "A preambulatory clause ends with a comma"
    elif ending == ".":
        rule = "The last operative clause ends the resolution with a period"
    else:
        rule = "An operative clause ends with a semicolon (only the last one with a period)"
    return f"{rule}; this one ends with {have}."


def _check_children(
    ctx: _Context, kind: str, children: Sequence[Clause], names, *, depth: int, ending: str
) -> None:
    """Check a list of sub-clauses. ``ending`` is the punctuation the enclosing clause owes:
    its last sub-clause carries it, the others end with a semicolon."""
    if not children:
        return
    if depth > MAX_SUB_DEPTH:
        ctx.add(
            "depth",
            Severity.ERROR,
            f"Sub-clauses go at most {MAX_SUB_DEPTH} levels deep (a), i., A.); "
            f"split this one into separate clauses.",
            children[0],
            names[id(children[0])],
        )
        return
    if len(children) == 1:
        ctx.add(
            "numbering",
            Severity.WARNING,
            "A list of sub-clauses needs at least two items; merge this lone sub-clause into "
            "the clause above it.",
            children[0],
            names[id(children[0])],
        )
    for i, child in enumerate(children):
        name = names[id(child)]
        _check_typed_number(ctx, child, name, expected="")
        if not child.text.strip():
            ctx.add("empty", Severity.ERROR, "The sub-clause is empty.", child, name)
            continue
        last = i == len(children) - 1
        wanted = ending if last else ";"
        actual = _ends_with(child.text)
        if child.children:
            if actual != ":":
                ctx.add(
                    "punctuation",
                    Severity.WARNING,
                    "A sub-clause that introduces further sub-clauses ends with a colon.",
                    child,
                    name,
                )
        else:
            # Preambulatory lists are often written with commas; both are fine there.
            accepted = {wanted} | ({","} if kind == PREAMBULATORY and not last else set())
            if actual not in accepted:
                have = _describe_ending(actual)
                if last:
                    rule = (
                        "The last sub-clause carries the ending of the clause it belongs to, "
                        + _ENDING_WORD[wanted]
                    )
                else:
                    rule = (
                        "A sub-clause ends with a semicolon (the last one with the clause's ending)"
                    )
                ctx.add(
                    "punctuation",
                    Severity.ERROR,
                    f"{rule}; this one ends with {have}.",
                    child,
                    name,
                )
        _check_children(ctx, kind, child.children, names, depth=depth + 1, ending=wanted)


def _clause_text(clause: Clause) -> str:
    return " ".join([clause.text, *(_clause_text(c) for c in clause.children)])


def _check_competence(ctx: _Context, clause: Clause, name: str) -> None:
    if ctx.organ == Organ.SECURITY_COUNCIL:
        return
    text = _strip_typed_number(_norm(clause.text))
    words, _dropped = _strip_modifiers(_words(text))
    verb = words[0].lower() if words else ""
    who = ctx.organ_name
    if verb in SECURITY_COUNCIL_ONLY_VERBS:
        own_work = _OWN_WORK_DECISION.match(" ".join(words))
        if verb == "decides" and own_work:
            return  # deciding about its own agenda or working methods is within any organ's power
        instead = SECURITY_COUNCIL_ONLY_VERBS[verb]
        ctx.add(
            "competence",
            Severity.ERROR,
            f"“{words[0]}” is for the Security Council: only it takes decisions binding on "
            f"States (Article 25 of the Charter); {who} can only recommend. Use “{instead}”, "
            f"“Calls upon” or “Requests” instead"
            + (
                " (it may still decide about its own work, e.g. “Decides to include the item "
                "in the agenda of its next session”)."
                if verb == "decides"
                else "."
            ),
            clause,
            name,
            suggestion=instead,
        )
        return
    full = _clause_text(clause)
    match = _SANCTIONS.search(full)
    if match and not _REFERS_TO_COUNCIL.search(full):
        ctx.add(
            "competence",
            Severity.ERROR,
            f"“{match.group(0)}”: imposing sanctions, embargoes or the use of force is for the "
            f"Security Council alone; {who} cannot do it. Write instead that it “Recommends "
            f"that the Security Council consider” such measures, or call for cooperation.",
            clause,
            name,
        )


def _signature(text: str) -> str:
    text = _strip_typed_number(_norm(text)).lower()
    return re.sub(r"[^a-z0-9 ]+", "", re.sub(r"\s+", " ", text)).strip()


def _check_duplicates(ctx: _Context, clauses: Sequence[Clause], names) -> None:
    seen: list[tuple[str, Clause]] = []
    for clause in clauses:
        sig = _signature(_clause_text(clause))
        if not sig:
            continue
        for earlier_sig, earlier in seen:
            if sig == earlier_sig:
                ctx.add(
                    "duplicate",
                    Severity.WARNING,
                    f"This clause repeats {names[id(earlier)]} word for word; delete one.",
                    clause,
                    names[id(clause)],
                )
                break
            ratio = difflib.SequenceMatcher(None, sig, earlier_sig, autojunk=False).ratio()
            if ratio >= 0.9 and min(len(sig), len(earlier_sig)) > 40:
                ctx.add(
                    "duplicate",
                    Severity.WARNING,
                    f"This clause is nearly identical to {names[id(earlier)]} "
                    f"({round(ratio * 100)} % the same words); merge them.",
                    clause,
                    names[id(clause)],
                )
                break
        seen.append((sig, clause))


def _check_repeated_verbs(ctx: _Context, operatives: Sequence[Clause], names) -> None:
    used: dict[str, Clause] = {}
    for clause in operatives:
        text = _strip_typed_number(_norm(clause.text))
        words = _words(text)
        found = opening_phrase(text, OPERATIVE)
        if not found.phrase:
            continue
        modified = bool(words) and words[0].lower() in {"also", "further", "again", "once"}
        modified = modified or bool(
            re.match(r"^\S+(?:\s+\S+)*?\s+(?:also|further)\b", found.matched_text, re.I)
        )
        key = found.phrase.lower()
        # The closing formulas ("Decides to remain seized of the matter") are never varied.
        closing = bool(re.match(r"^decides\s+to\s+remain\b", text, re.IGNORECASE))
        if key in used and not modified and not closing:
            ctx.add(
                "repeated-phrase",
                Severity.ADVICE,
                f"“{found.phrase}” already opens {names[id(used[key])]}; UN style writes "
                f"“Also {found.phrase.lower()}” or “Further {found.phrase.lower()}” the second "
                f"time.",
                clause,
                names[id(clause)],
                suggestion=f"Further {found.phrase.lower()}",
            )
        used.setdefault(key, clause)


# ---------------------------------------------------------------------------------------------
# Reading a pasted resolution.

_OPERATIVE_LINE = re.compile(r"^\s*(?P<num>\d{1,3})\s*[.)]\s+(?P<text>.+)$")
_SUB_LINE = re.compile(
    r"^\s*\(?(?P<label>[a-z]{1,2}|[ivxlc]{1,6}|[A-Z]|\d{1,2})\)?[.)]\s+(?P<text>.+)$"
)
_ROMAN_LINE = re.compile(r"^[ivxlc]{1,6}$")


def parse_text(text: str) -> list[Clause]:
    """Read a resolution pasted as text, one clause per paragraph.

    Numbered paragraphs ("3. Urges ...") are operative, lettered ones ("(a) ...", "b)") are
    sub-clauses, roman ones ("(ii) ...", "iv.") sub-sub-clauses, capital letters the third level;
    unnumbered paragraphs before the first operative clause are preambulatory. Headings such as
    "The General Assembly," are skipped."""
    top: list[dict] = []
    stack: list[dict] = []  # open clauses by depth: [top, a), i.]
    for raw in re.split(r"\n\s*\n|\n(?=\s*(?:\(?[a-zA-Z0-9]{1,6}[.)])\s)", text):
        line = _norm(raw)
        if not line:
            continue
        op = _OPERATIVE_LINE.match(line)
        sub = _SUB_LINE.match(line) if not op else None
        if op:
            node = {"kind": OPERATIVE, "text": op.group("text"), "children": []}
            top.append(node)
            stack = [node]
            continue
        if sub and stack:
            label = sub.group("label")
            depth = _depth_of(label, stack)
            node = {"kind": stack[0]["kind"], "text": sub.group("text"), "children": []}
            parent = stack[min(depth, len(stack)) - 1]
            parent["children"].append(node)
            stack = stack[: min(depth, len(stack))] + [node]
            continue
        if top and top[-1]["kind"] == OPERATIVE:
            # An unnumbered paragraph after operative clauses continues the last one.
            stack[-1]["text"] += " " + line
            continue
        if _is_heading(line):
            continue
        node = {"kind": PREAMBULATORY, "text": line, "children": []}
        top.append(node)
        stack = [node]
    return [_freeze(n) for n in top]


def _depth_of(label: str, stack: list[dict]) -> int:
    if label.isdigit() or (len(label) == 1 and label.isupper()):
        return 3
    if _ROMAN_LINE.match(label) and not (label in {"i", "v", "x"} and _expects_letter(stack)):
        return 2
    return 1


def _expects_letter(stack: list[dict]) -> bool:
    # "i)" after "h)" is a letter, not a roman numeral.
    if len(stack) >= 2 and stack[0]["children"]:
        return len(stack[0]["children"]) >= 8 and len(stack) == 2
    return False


def _is_heading(line: str) -> bool:
    return bool(
        re.match(
            r"^(?:The\s+)?[A-Z][\w ,'()-]{0,80}(?:Assembly|Council|Commission|Committee|"
            r"Office on Drugs and Crime)\s*,?$",
            line,
        )
    )


def _freeze(node: dict) -> Clause:
    return Clause(
        kind=node["kind"],
        text=node["text"],
        children=tuple(_freeze(c) for c in node["children"]),
    )
