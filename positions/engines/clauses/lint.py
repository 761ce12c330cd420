"""The clause linter: graded findings that explain themselves. Pure Python.

Grades:
- error: the text breaks the format of a resolution or the powers of the body adopting it
  (wrong ending punctuation, a preambulatory clause among operative ones, a missing colon
  before sub-clauses, a binding decision only the Security Council may take);
- warning: probably wrong (an opening phrase no resolution uses, a duplicated clause, a
  numbering jump in pasted text);
- advice: style a chair would point out (a capital letter, the same verb twice in a row).

The repeated-verb advice follows what the UN really does: adopted texts repeat "Decides",
"Requests" or "Urges" paragraphs apart without "Also" or "Further", so only two consecutive
paragraphs opening with the same verb get the advice.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from . import numbering, phrases
from .phrases import OPERATIVE, PREAMBULATORY


class Organ(StrEnum):
    """What kind of body adopts the resolution; it decides what the text may say."""

    SECURITY_COUNCIL = "security_council"
    GENERAL_ASSEMBLY = "general_assembly"
    ECOSOC = "ecosoc"
    SUBSIDIARY = "subsidiary"  # a functional commission or an office: CND, CCPCJ, UNODC


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    ADVICE = "advice"


ORGAN_NAMES = {
    Organ.SECURITY_COUNCIL: "the Security Council",
    Organ.GENERAL_ASSEMBLY: "a General Assembly committee",
    Organ.ECOSOC: "the Economic and Social Council",
    Organ.SUBSIDIARY: "this body",
}

# Why an organ may only recommend, in the words of the Charter.
_RECOMMENDS_BECAUSE = {
    Organ.GENERAL_ASSEMBLY: "the General Assembly makes recommendations to States "
    "(Articles 10 to 14 of the Charter)",
    Organ.ECOSOC: "the Economic and Social Council makes recommendations (Article 62 of the "
    "Charter)",
    Organ.SUBSIDIARY: "a subsidiary body such as a functional commission or UNODC recommends "
    "to the Economic and Social Council and to States (Article 68 of the Charter)",
}


@dataclass(frozen=True)
class Clause:
    """One clause (or sub-clause) to lint. ``ref`` is whatever the caller uses to find it
    again (a primary key, a position); ``children`` are its sub-clauses in order."""

    kind: str
    text: str
    children: tuple[Clause, ...] = ()
    ref: object = None


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    ref: object = None
    label: str = ""  # "preambulatory clause 2", "operative clause 3 b) ii."
    suggestion: str = ""

    def __str__(self) -> str:
        return f"{self.label}: {self.message}" if self.label else self.message


@dataclass
class _Context:
    organ: Organ
    organ_name: str
    complete: bool
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


_TYPED_NUMBER = re.compile(
    r"^\s*(?:\(?(?P<num>\d{1,3})\)?[.)]|\((?P<letter>[a-z]{1,2})\)|(?P<letter2>[a-z])\)|"
    r"\(?(?P<roman>[ivx]{1,5})[.)])\s+",
    re.IGNORECASE,
)


def labels(clauses: Sequence[Clause]) -> dict[int, str]:
    """Map ``id(clause)`` of every clause and sub-clause to its label, e.g. "3", "3 b) ii."."""
    return {
        id(node): label
        for node, _number, label in numbering.number_tree(
            clauses, kind_of=lambda c: c.kind, children_of=lambda c: c.children
        )
    }


def names(clauses: Sequence[Clause]) -> dict[int, str]:
    """Human names: "preambulatory clause 2", "operative clause 3", "operative clause 3 b)"."""
    own = labels(clauses)
    out: dict[int, str] = {}
    pre = 0
    for clause in clauses:
        if clause.kind == OPERATIVE:
            base = f"operative clause {own[id(clause)]}"
        else:
            pre += 1
            base = f"preambulatory clause {pre}"
        out[id(clause)] = base
        _name_children(clause.children, base, 1, out)
    return out


def _name_children(children, base: str, depth: int, out) -> None:
    for i, child in enumerate(children):
        name = f"{base} {numbering.sub_label(min(depth, numbering.MAX_SUB_DEPTH), i)}"
        out[id(child)] = name
        _name_children(child.children, name, depth + 1, out)


def lint(
    clauses: Sequence[Clause],
    *,
    organ: Organ = Organ.GENERAL_ASSEMBLY,
    organ_name: str = "",
    complete: bool = True,
) -> list[Finding]:
    """The findings for these clauses (see ``_lint``). Clauses and findings are immutable
    values, so the result for the same clauses is kept: pages ask for it on every view."""
    key = tuple(clauses)
    try:
        return list(_lint_kept(key, organ, organ_name, complete))
    except TypeError:  # a ref that cannot be a key: lint without keeping
        return _lint(key, organ=organ, organ_name=organ_name, complete=complete)


@lru_cache(maxsize=512)
def _lint_kept(
    clauses: tuple[Clause, ...], organ: Organ, organ_name: str, complete: bool
) -> tuple[Finding, ...]:
    return tuple(_lint(clauses, organ=organ, organ_name=organ_name, complete=complete))


def _lint(
    clauses: Sequence[Clause],
    *,
    organ: Organ = Organ.GENERAL_ASSEMBLY,
    organ_name: str = "",
    complete: bool = True,
) -> list[Finding]:
    """Lint a resolution: its top-level clauses in order, with their sub-clauses.

    ``complete=False`` lints an extract (pages of a longer text): the checks that need the
    whole resolution (an operative part exists, the last clause ends with a period) are off.
    """
    organ = Organ(organ)
    ctx = _Context(organ, organ_name or ORGAN_NAMES[organ], complete)
    clause_names = names(clauses)
    operatives = [c for c in clauses if c.kind == OPERATIVE]
    if complete and clauses and not operatives:
        ctx.add(
            "no-operative",
            Severity.WARNING,
            "The resolution has no operative clause yet: it says what the committee thinks "
            "but not what it asks anyone to do.",
        )
    seen_operative = False
    for clause in clauses:
        name = clause_names[id(clause)]
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
        _check_typed_number(ctx, clause, name)
        _check_phrase(ctx, clause, name)
        _check_competence(ctx, clause, name)
        ending = _ending_for(ctx, clause, operatives)
        _check_punctuation(ctx, clause, name, ending)
        _check_children(ctx, clause, clause_names, depth=1, ending=ending)
    _check_duplicates(ctx, clauses, clause_names)
    _check_consecutive_verbs(ctx, operatives, clause_names)
    return ctx.findings


def _ending_for(ctx: _Context, clause: Clause, operatives: Sequence[Clause]) -> str:
    if clause.kind == PREAMBULATORY:
        return ","
    if clause is operatives[-1]:
        return "." if ctx.complete else ".;"
    return ";"


def _strip_typed_number(text: str) -> str:
    return _TYPED_NUMBER.sub("", text, count=1)


def _check_typed_number(ctx: _Context, clause: Clause, name: str) -> None:
    match = _TYPED_NUMBER.match(clause.text)
    if not match:
        return
    typed = match.group(0).strip()
    if clause.kind == PREAMBULATORY:
        message = f"Preambulatory clauses are not numbered: remove “{typed}” from the text."
    else:
        message = (
            f"The text starts with a typed number “{typed}”. Clauses are numbered "
            f"automatically from their order: remove it."
        )
    ctx.add("numbering", Severity.WARNING, message, clause, name)


def _check_phrase(ctx: _Context, clause: Clause, name: str) -> None:
    text = _strip_typed_number(phrases.normalise(clause.text))
    if not text:
        ctx.add("empty", Severity.ERROR, "The clause is empty.", clause, name)
        return
    found = phrases.opening_phrase(text, clause.kind)
    if found.phrase:
        if text[0].islower():
            ctx.add(
                "capital",
                Severity.ADVICE,
                f"The opening phrase starts with a capital letter: “{found.phrase}”.",
                clause,
                name,
                suggestion=found.phrase,
            )
        return
    other_kind = OPERATIVE if clause.kind == PREAMBULATORY else PREAMBULATORY
    other = phrases.opening_phrase(text, other_kind)
    if other.phrase and other.how != "delayed":
        suggestion = phrases.counterpart(other.phrase, clause.kind)
        if clause.kind == PREAMBULATORY:
            message = (
                f"“{other.matched_text}” is an operative phrase (a verb saying what the "
                f"committee does). A preambulatory clause opens with a participle or an "
                f"adjective such as “Recalling” or “Noting”; or make this an operative clause."
            )
        else:
            message = (
                f"“{other.matched_text}” is a preambulatory phrase. An operative clause opens "
                f"with a verb in the present tense such as “Requests” or “Urges”; or make "
                f"this a preambulatory clause."
            )
        if suggestion:
            message += f" Did you mean “{suggestion}”?"
        ctx.add("wrong-kind", Severity.ERROR, message, clause, name, suggestion=suggestion)
        return
    close = phrases.closest_phrases(found.first_words, clause.kind)
    kind_word = "preambulatory" if clause.kind == PREAMBULATORY else "operative"
    message = f"“{found.first_words}” is not an opening a {kind_word} clause uses."
    if clause.kind == PREAMBULATORY:
        message += " Preambulatory clauses open with a participle or an adjective (“Recalling”, "
        message += "“Deeply concerned by”)."
    else:
        message += " Operative clauses open with a verb in the present tense (“Requests”, "
        message += "“Calls upon”)."
    if close:
        message += " Closest standard phrase" + ("s" if len(close) > 1 else "") + ": "
        message += ", ".join(f"“{c}”" for c in close) + "."
    ctx.add(
        "unknown-phrase",
        Severity.WARNING,
        message,
        clause,
        name,
        suggestion=close[0] if close else "",
    )


# --- competence ------------------------------------------------------------------------------

_CHAPTER_VII = re.compile(r"\bunder\s+chapter\s+vii\b", re.I)
_MENTIONS_COUNCIL = re.compile(r"\bsecurity\s+council\b", re.I)
_BINDING_ON_STATES = re.compile(
    r"\bdecides\s*,?\s+(?:also\s+|further\s+|therefore\s+)?that\s+(?:all\s+|the\s+)?"
    r"(?:member\s+states|states|governments|parties|all\s+parties|the\s+parties)\b"
    r"[^;.]{0,160}?\b(?:shall|must|are\s+(?:required|obliged|bound)\s+to)\b",
    re.I,
)
_COERCIVE_DECISION = re.compile(
    r"\bdecides\s*,?\s+(?:also\s+|further\s+|therefore\s+)?to\s+(?:ban|prohibit|outlaw|"
    r"criminali[sz]e|require\s+(?:all\s+)?(?:member\s+)?states|oblige|compel|force|sanction)\b",
    re.I,
)
_SANCTION_TERMS = (
    r"sanctions?|arms\s+embargo(?:es)?|embargo(?:es)?|assets?\s+freezes?|"
    r"freez\w*\s+(?:without\s+delay\s+)?(?:the\s+)?(?:funds|assets|financial)|travel\s+bans?|"
    r"no-fly\s+zones?|blockade|all\s+necessary\s+(?:means|measures)|use\s+of\s+(?:armed\s+)?force"
)
_IMPOSING = re.compile(
    r"^(?:(?:also|further|hereby)\s+)?(?:decides|authorizes|authorises|imposes|establishes)\b"
    r"[^;]{0,240}?\b(?:impos\w*\s+(?:\w+\s+){0,4}(?:" + _SANCTION_TERMS + r")|"
    r"(?:to\s+)?(?:use|take)\s+all\s+necessary\s+(?:means|measures)|" + r"(?:"
    r"arms\s+embargo|travel\s+ban|asset\s+freeze|no-fly\s+zone))",
    re.I,
)
_BUDGET = re.compile(
    r"\b(?:assessed\s+contributions?|scale\s+of\s+assessments?|assessments?|arrears|"
    r"budget\w*|expenses\s+of\s+the\s+Organization|apportion\w*)\b",
    re.I,
)
_OPENS_WITH_IMPOSES = re.compile(r"^(?:(?:also|further|hereby)\s+)?imposes\b", re.I)


def _check_competence(ctx: _Context, clause: Clause, name: str) -> None:
    if ctx.organ == Organ.SECURITY_COUNCIL:
        return
    who = ctx.organ_name
    text = _strip_typed_number(phrases.normalise(_clause_text(clause)))
    because = _RECOMMENDS_BECAUSE[ctx.organ]
    if _CHAPTER_VII.search(text) and not (
        clause.kind == OPERATIVE and _MENTIONS_COUNCIL.search(text)
    ):
        opening = re.match(r"\s*acting\b", text, re.I)
        if opening or clause.kind == OPERATIVE:
            ctx.add(
                "competence",
                Severity.ERROR,
                f"Only the Security Council acts under Chapter VII of the Charter (Articles 39 "
                f"to 42: measures to maintain or restore peace); {because}. Remove the "
                f"reference, or recommend that the Security Council consider the matter.",
                clause,
                name,
            )
            return
    if clause.kind != OPERATIVE:
        return
    binding = _BINDING_ON_STATES.search(text) or _COERCIVE_DECISION.search(text)
    if (
        binding
        and ctx.organ == Organ.GENERAL_ASSEMBLY
        and _BUDGET.search(text[binding.start() : binding.end() + 60])
    ):
        # The Assembly apportions the Organization's expenses, and Members shall bear them
        # (Article 17 of the Charter): "Decides that Member States shall pay their assessed
        # contributions …" is its own power, not the Council's.
        binding = None
    if binding:
        ctx.add(
            "competence",
            Severity.ERROR,
            f"“{binding.group(0)}…”: a decision that binds States is for the Security Council "
            f"(Article 25 of the Charter); {because}. Write “Calls upon all States to …” or "
            f"“Recommends that States …” instead. {who[0].upper() + who[1:]} may still decide "
            f"about its own work: its meetings, agenda, procedures and subsidiary bodies.",
            clause,
            name,
            suggestion="Calls upon all States to",
        )
        return
    imposing = _IMPOSING.search(text) or _OPENS_WITH_IMPOSES.search(text)
    if imposing and not _MENTIONS_COUNCIL.search(text[: imposing.end()]):
        ctx.add(
            "competence",
            Severity.ERROR,
            f"Imposing sanctions or embargoes, or authorizing “all necessary means”, is for the "
            f"Security Council alone (Articles 41 and 42 of the Charter); {because}. Write "
            f"instead that it “Recommends that the Security Council consider” such measures, "
            f"or call upon States to cooperate.",
            clause,
            name,
        )
        return
    found = phrases.opening_phrase(text, OPERATIVE)
    if found.phrase == "Demands" and ctx.organ in (Organ.ECOSOC, Organ.SUBSIDIARY):
        ctx.add(
            "competence",
            Severity.WARNING,
            f"“Demands” is the language of the Security Council and of the General Assembly; "
            f"{because}. Use “Urges” or “Calls upon” instead.",
            clause,
            name,
            suggestion="Urges",
        )


# --- punctuation -----------------------------------------------------------------------------

_ENDING_WORD = {",": "a comma", ";": "a semicolon", ".": "a period", ":": "a colon"}
_TRAILING_CONJUNCTION = re.compile(r"[;,]\s*(?:and|or)\s*$", re.I)


def _ends_with(text: str) -> str:
    stripped = text.rstrip()
    if _TRAILING_CONJUNCTION.search(stripped):
        return ";" if ";" in stripped[-6:] else ","
    stripped = stripped.rstrip("\"'”’)]»")
    return stripped[-1:] if stripped else ""


def _describe(actual: str) -> str:
    if actual in _ENDING_WORD:
        return _ENDING_WORD[actual]
    if not actual or actual.isalnum():
        return "no punctuation mark"
    return f"“{actual}”"


def _check_punctuation(ctx: _Context, clause: Clause, name: str, ending: str) -> None:
    text = clause.text
    if not text.strip():
        return
    actual = _ends_with(text)
    if clause.children:
        if actual != ":":
            ctx.add(
                "colon",
                Severity.ERROR,
                "A clause that introduces sub-clauses ends with a colon"
                + (f", not {_describe(actual)}" if actual in _ENDING_WORD else "")
                + ".",
                clause,
                name,
                suggestion=":",
            )
        return
    if actual in ending:
        return
    if clause.kind == PREAMBULATORY:
        rule = "A preambulatory clause ends with a comma"
    elif ending == ".":
        rule = "The last operative clause ends the resolution with a period"
    else:
        rule = "An operative clause ends with a semicolon (only the last one with a period)"
    ctx.add(
        "punctuation",
        Severity.ERROR,
        f"{rule}; this one ends with {_describe(actual)}.",
        clause,
        name,
        suggestion=ending[0],
    )


def _check_children(ctx: _Context, parent: Clause, clause_names, *, depth: int, ending: str):
    children = parent.children
    if not children:
        return
    if depth > numbering.MAX_SUB_DEPTH:
        ctx.add(
            "depth",
            Severity.ERROR,
            f"Sub-clauses go at most {numbering.MAX_SUB_DEPTH} levels deep (a), i., A.); "
            f"split this one into separate clauses.",
            children[0],
            clause_names[id(children[0])],
        )
        return
    if len(children) == 1:
        ctx.add(
            "numbering",
            Severity.WARNING,
            "A list of sub-clauses needs at least two items; merge this lone sub-clause into "
            "the clause above it.",
            children[0],
            clause_names[id(children[0])],
        )
    marks = {_ends_with(c.text) for c in children[:-1] if not c.children}
    if {";", ","} <= marks:
        ctx.add(
            "punctuation",
            Severity.ADVICE,
            "The items of this list end partly with semicolons, partly with commas; use one "
            "mark for all of them (semicolons, as most UN texts do).",
            children[0],
            clause_names[id(children[0])],
        )
    for i, child in enumerate(children):
        name = clause_names[id(child)]
        if not child.text.strip():
            ctx.add("empty", Severity.ERROR, "The sub-clause is empty.", child, name)
            continue
        last = i == len(children) - 1
        wanted = ending if last else ";"
        actual = _ends_with(child.text)
        if child.children:
            if actual != ":":
                ctx.add(
                    "colon",
                    Severity.ERROR,
                    "A sub-clause that introduces further sub-clauses ends with a colon.",
                    child,
                    name,
                    suggestion=":",
                )
        else:
            # UN texts end the items of a list with semicolons, or (Security Council
            # mandates) with commas; the last item carries the clause's own ending.
            accepted = set(wanted) | ({";", ","} if not last else set())
            if parent.kind == PREAMBULATORY:
                accepted |= {",", ";"}
            if actual not in accepted:
                if last:
                    rule = (
                        "The last sub-clause carries the ending of the clause it belongs to, "
                        + " or ".join(_ENDING_WORD[e] for e in wanted)
                    )
                else:
                    rule = (
                        "A sub-clause ends with a semicolon (or, in a list of tasks, a comma); "
                        "the last one carries the clause's ending"
                    )
                ctx.add(
                    "punctuation",
                    Severity.ERROR,
                    f"{rule}; this one ends with {_describe(actual)}.",
                    child,
                    name,
                    suggestion=wanted[0],
                )
        _check_children(ctx, child, clause_names, depth=depth + 1, ending=wanted)


# --- repetition ------------------------------------------------------------------------------


def _clause_text(clause: Clause) -> str:
    return " ".join([clause.text, *(_clause_text(c) for c in clause.children)])


def _signature(text: str) -> str:
    text = _strip_typed_number(phrases.normalise(text)).lower()
    return re.sub(r"[^a-z0-9 ]+", "", text).strip()


def _shingles(signature: str) -> frozenset[tuple[str, ...]]:
    words = signature.split()
    return frozenset(tuple(words[i : i + 3]) for i in range(max(1, len(words) - 2)))


def _overlap(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _check_duplicates(ctx: _Context, clauses: Sequence[Clause], clause_names) -> None:
    seen: list[tuple[str, frozenset, Clause]] = []
    for clause in clauses:
        sig = _signature(_clause_text(clause))
        if not sig:
            continue
        shingles = _shingles(sig)
        for earlier_sig, earlier_shingles, earlier in seen:
            if earlier.kind != clause.kind:
                continue
            if sig == earlier_sig:
                ctx.add(
                    "duplicate",
                    Severity.WARNING,
                    f"This clause repeats {clause_names[id(earlier)]} word for word; delete one.",
                    clause,
                    clause_names[id(clause)],
                )
                break
            if min(len(sig), len(earlier_sig)) > 40:
                # Near-duplicates share almost all their runs of three words. Comparing those
                # sets is linear in the clause length; a character-by-character comparison
                # was quadratic and made a long resolution take seconds to lint.
                ratio = _overlap(shingles, earlier_shingles)
                if ratio >= 0.8:
                    ctx.add(
                        "duplicate",
                        Severity.WARNING,
                        f"This clause is nearly identical to {clause_names[id(earlier)]} "
                        f"({round(ratio * 100)} % of the wording the same); merge them.",
                        clause,
                        clause_names[id(clause)],
                    )
                    break
        seen.append((sig, shingles, clause))


def _check_consecutive_verbs(ctx: _Context, operatives: Sequence[Clause], clause_names) -> None:
    previous: tuple[str, Clause] | None = None
    for clause in operatives:
        text = _strip_typed_number(phrases.normalise(clause.text))
        found = phrases.opening_phrase(text, OPERATIVE)
        if not found.phrase or found.how == "delayed":
            previous = None
            continue
        key = found.phrase.split()[0].lower()
        varied = found.matched_text.lower() != found.phrase.lower()
        closing = bool(re.match(r"^decides\s+to\s+remain\b", text, re.I))
        if previous and previous[0] == key and not varied and not closing:
            ctx.add(
                "repeated-phrase",
                Severity.ADVICE,
                f"“{found.phrase}” also opens the clause just before "
                f"({clause_names[id(previous[1])]}); UN style often writes “Also "
                f"{found.phrase.lower()}” or “Further {found.phrase.lower()}” the second time.",
                clause,
                clause_names[id(clause)],
                suggestion=f"Also {found.phrase.lower()}",
            )
        previous = (key, clause)
