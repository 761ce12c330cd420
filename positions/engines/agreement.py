"""Which of the committee's questions a text mentions, and what a delegation's record says.

Pure Python (no Django). Deciding automatically whether a clause *agrees* with a position is
not reliable: "Calls upon States to share intelligence" and "Rejects any obligation to share
intelligence" use the same words. So this module decides only what it can show: which
questions a text *mentions*, by the question's own distinctive words, and names the words it
found. Whether the text agrees or disagrees with the delegation's declared position is said
by the delegation (its marks); a mention is never shown as agreement.

A question's terms are the words of its short label and its text, reduced to a stem, minus
- words every question of a committee asks about (a word in half the questions or more, e.g.
  "AI" in a committee on AI) and the committee's own topic words, which every text of the
  committee shares and so tell one question from another not at all;
- common English and UN boilerplate ("should", "states", "international").
A text mentions a question when it contains at least ``MIN_TERMS`` different terms of it.
Measured by ``python -m tests.load.agreement_benchmark`` (README, "Benchmark").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

MIN_TERMS = 2

_WORD = re.compile(r"[^\W\d_]+(?:[’'][^\W\d_]+)*")

# Written out in one place and abbreviated in another: both count as the abbreviation.
_PHRASES = (
    (re.compile(r"\bartificial[\s-]+intelligence\b", re.I), " ai "),
    (re.compile(r"\bunited\s+nations\s+office\s+on\s+drugs\s+and\s+crime\b", re.I), " unodc "),
    (re.compile(r"\bnon[\s-]+state\b", re.I), " nonstate "),
    (re.compile(r"\bpublic[\s–—-]+private\b", re.I), " publicprivate "),
    (re.compile(r"\breal[\s-]+time\b", re.I), " realtime "),
    # UN texts share "information" where conferences say "intelligence".
    (
        re.compile(
            r"\binformation(?=[\s-]+shar)|(?:(?<=share )|(?<=sharing )|(?<=sharing of ))"
            r"information\b",
            re.I,
        ),
        "intelligence",
    ),
    (re.compile(r"\bcyber[\s-]*(?=secur)", re.I), " cyber "),
)


def _list(text: str) -> list[str]:
    return text.split()


STOPWORDS = frozenset(
    _list(
        """
    a about above after again against all also an and any are as at be been before being
    between both but by can could did do does doing during each few for from further had has
    have having he her here hers him his how i if in into is it its itself just may me might
    more most must my no nor not now of off on once only or other our ours out over own same
    shall she should so some such than that the their theirs them then there these they this
    those through to too under until up upon very was we were what when where which while who
    whom why will with would you your yours
    state states government governments country countries member members nation nations
    united international global world use used using new more greater heavily closely better
    measure measures issue issues question questions include including need needs way ways
    other others receive make take give support strengthen ensure promote develop level
    based assisted
    """
    )
)


_INFLECTIONS = ("ings", "ing", "ies", "ied", "ed", "es", "s")
_DERIVATIONS = (
    "ational", "ation", "ition", "ator", "ate", "ion", "ments", "ment", "ities", "ity",
    "ical", "ic", "ness", "ous", "ive", "al", "er", "ly", "y",
)  # fmt: skip


def _strip(word: str) -> str:
    """A light stemmer: inflections, then one derivational suffix, so the forms of a word
    reach one stem ("monitoring", "monitors" -> "monitor"; "regulation", "regulating",
    "regulate" -> "regul"; "technological", "technologies" -> "technolog")."""
    w = word
    if w.endswith("isation") or w.endswith("ise") or w.endswith("ised") or w.endswith("ising"):
        w = w.replace("is", "iz")  # British spelling: organisation -> organization
    inflected = False
    for suffix in _INFLECTIONS:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3 and not w.endswith("ss"):
            w = w[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
            inflected = True
            break
    if inflected and w.endswith("at") and len(w) > 6:  # regulat(ing), cooperat(ed)
        return w[:-2]
    for suffix in _DERIVATIONS:
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            w = w[: -len(suffix)]
            break
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    return w


def words(text: str) -> list[tuple[str, str]]:
    """(stem, the word as written) for every word of ``text`` that is not a stopword."""
    for pattern, replacement in _PHRASES:
        text = pattern.sub(replacement, text)
    out = []
    for match in _WORD.finditer(text):
        written = match.group(0)
        lower = written.lower().replace("’", "'")
        if lower.endswith("'s"):
            lower = lower[:-2]
        if len(lower) < 2 or lower in STOPWORDS:
            continue
        stem = _strip(lower)
        if stem in STOPWORDS or len(stem) < 2:
            continue
        out.append((stem, written))
    return out


def stems(text: str) -> set[str]:
    return {stem for stem, _ in words(text)}


# Words nearly every UN resolution uses, whatever it is about. Alone they say nothing about
# which question a text addresses; next to another word of the question ("border security",
# "capacity building", "technology companies") they do, so they count only in pairs.
BOILERPLATE = frozenset(
    _strip(w)
    for w in _list(
        """
    activity activities system systems organization organizations organisation cooperation
    cooperate threat threats security operation operations operational identify identifying
    movement framework frameworks capacity capacities development programme programmes
    effort efforts implementation assistance coordination relevant national regional local
    law laws legal crime crimes criminal prevent prevention standard standards action actions
    technical financial emerging expert experts building infrastructure transaction
    transactions investment investments detection pattern patterns misuse sharing share
    """
    )
)
WINDOW = 4  # a pair's two words within this many words of each other, in either order


@dataclass(frozen=True)
class Terms:
    """What marks a question: single words specific to it, and pairs of its words."""

    words: frozenset[str]
    pairs: frozenset[tuple[str, str]]
    support: frozenset[str] = frozenset()  # the question's everyday words (BOILERPLATE)

    def __bool__(self) -> bool:
        return bool(self.words or self.pairs)


def question_terms(questions: Iterable[tuple[object, str]], topic: str = "") -> dict[object, Terms]:
    """``{key: Terms}`` for ``(key, "label and text")`` pairs of one committee's questions."""
    questions = list(questions)
    sequences = {key: [stem for stem, _ in words(text)] for key, text in questions}
    spread = Counter(stem for seq in sequences.values() for stem in set(seq))
    common = {stem for stem, n in spread.items() if len(questions) > 2 and n * 2 >= len(questions)}
    generic = common | stems(topic)
    out = {}
    for key, seq in sequences.items():
        single = frozenset(set(seq) - generic - BOILERPLATE)
        pairs = set()
        weak = generic | BOILERPLATE
        # Neighbours and next-but-one ("detect suspicious drone": detect ~ drone).
        for gap in (1, 2):
            for a, b in zip(seq, seq[gap:], strict=False):
                if a != b and not (a in weak and b in weak):
                    pairs.add(tuple(sorted((a, b))))
        out[key] = Terms(single, frozenset(pairs), frozenset(set(seq) & BOILERPLATE - generic))
    return out


def mentions(text: str, terms: Terms, *, min_terms: int = MIN_TERMS) -> list[str]:
    """The words of ``text`` that show it is about the question, in the order they appear:
    a pair of the question's words side by side ("intelligence-sharing", "share
    intelligence"), or at least ``min_terms`` different words specific to the question.
    Empty when neither is there."""
    if not terms:
        return []
    found = words(text)
    shown: dict[str, str] = {}
    for i, (stem, written) in enumerate(found):
        for other, other_written in found[i + 1 : i + 1 + WINDOW]:
            if tuple(sorted((stem, other))) in terms.pairs:
                shown.setdefault(stem, _display(written))
                shown.setdefault(other, _display(other_written))
    single = {}
    for stem, written in found:
        if stem in terms.words:
            single.setdefault(stem, _display(written))
    backing = {}
    for stem, written in found:
        if stem in terms.support:
            backing.setdefault(stem, _display(written))
    # Two words specific to the question, or one with two of its everyday words.
    if len(single) >= min_terms or (single and len(backing) >= min_terms):
        for stem, written in {**single, **(backing if len(single) < min_terms else {})}.items():
            shown.setdefault(stem, written)
    if not shown:
        return []
    order = {stem: i for i, (stem, _) in reversed(list(enumerate(found)))}
    return [shown[s] for s in sorted(shown, key=lambda s: order.get(s, 0))]


def describe(terms: Terms) -> list[str]:
    """What the matcher looks for, for people: "drone", "border + security" (stems, which is
    how it compares words)."""
    return sorted(terms.words) + sorted(f"{a} + {b}" for a, b in terms.pairs)


def _display(written: str) -> str:
    return {
        "ai": "artificial intelligence",
        "nonstate": "non-state",
        "realtime": "real-time",
        "publicprivate": "public-private",
    }.get(written.lower(), written)


def match_all(
    texts: Mapping[object, str], terms: Mapping[object, Terms]
) -> dict[tuple[object, object], list[str]]:
    """``{(text key, question key): words}`` for every text that mentions a question."""
    out = {}
    for text_key, text in texts.items():
        for question_key, question in terms.items():
            found = mentions(text, question)
            if found:
                out[(text_key, question_key)] = found
    return out


# --- what the record says, question by question ---------------------------------------------

AGREES = "agrees"
DISAGREES = "disagrees"
UNRELATED = "unrelated"
VERDICTS = (AGREES, DISAGREES, UNRELATED)


def summary(marks: Iterable[str], mentioned: int) -> str:
    """One word for a question's row: what the delegation marked, else whether anything it
    wrote or voted on mentions the question at all.

    - "disagrees": at least one piece of the record marked as going against the position;
    - "agrees": marked as agreeing, none against;
    - "mentioned": mentioned but not judged yet (the page asks the delegation to judge);
    - "not addressed": nothing mentions it and nothing is marked.
    """
    marks = [m for m in marks if m != UNRELATED]
    if DISAGREES in marks:
        return DISAGREES
    if AGREES in marks:
        return AGREES
    return "mentioned" if mentioned else "not addressed"
