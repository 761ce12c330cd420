"""Opening phrases of resolution clauses, as real UN texts and the MUN lists use them.

The lists hold what adopted resolutions of the General Assembly, the Security Council, the
Economic and Social Council and the Commission on Narcotic Drugs really open their paragraphs
with (see ``tests/data/resolutions``), together with the standard MUN lists (UNA-USA, THIMUN).
On top of the lists, an opening is recognised by its shape:

- adverbs in front ("Also requests", "Further decides", "Once again urges", "Strongly
  condemns") or behind ("Recalling also", "Noting further") change nothing;
- a preambulatory participle is recognised from its operative verb and back ("Warns" makes
  "Warning" standard), "Having" + a past participle ("Having taken note") and "Being" +
  an adjective ("Being appalled") are standard, and so are adjectives of concern and
  conviction with their usual preposition ("Conscious that", "Deeply disturbed by");
- an operative paragraph may put its verb after an opening clause ("Pending …, urges";
  "Acting under Chapter VII of the Charter, decides"): the verb is then found after the comma.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass

PREAMBULATORY = "preambulatory"
OPERATIVE = "operative"

# Operative verbs: third person singular, present tense. Multi-word entries are phrases whose
# first word alone would be odd ("Takes note", "Draws the attention", "Pays tribute").
OPERATIVE_PHRASES: tuple[str, ...] = (
    "Accepts",
    "Acknowledges",
    "Adopts",
    "Affirms",
    "Agrees",
    "Amends",
    "Appeals",
    "Applauds",
    "Appoints",
    "Appreciates",
    "Approves",
    "Asks",
    "Assures",
    "Attaches great importance",
    "Bears in mind",
    "Authorizes",
    "Believes",
    "Calls",
    "Calls for",
    "Calls on",
    "Calls upon",
    "Clarifies",
    "Commends",
    "Commits",
    "Concurs",
    "Concludes",
    "Condemns",
    "Confirms",
    "Congratulates",
    "Convenes",
    "Considers",
    "Continues",
    "Decides",
    "Declares",
    "Declares accordingly",
    "Decries",
    "Deems",
    "Defers",
    "Demands",
    "Denounces",
    "Deplores",
    "Deprecates",
    "Designates",
    "Determines",
    "Directs",
    "Draws attention",
    "Draws the attention",
    "Elects",
    "Emphasizes",
    "Encourages",
    "Endorses",
    "Entrusts",
    "Envisages",
    "Establishes",
    "Exhorts",
    "Expects",
    "Expresses",
    "Expresses its appreciation",
    "Expresses its concern",
    "Expresses its hope",
    "Expresses its regret",
    "Extends",
    "Highlights",
    "Hopes",
    "Implores",
    "Insists",
    "Instructs",
    "Intends",
    "Invites",
    "Keeps under review",
    "Launches",
    "Lifts",
    "Looks forward",
    "Mandates",
    "Notes",
    "Notes with appreciation",
    "Notes with concern",
    "Notes with satisfaction",
    "Observes",
    "Offers",
    "Pays tribute",
    "Pledges",
    "Proclaims",
    "Reaffirms",
    "Recalls",
    "Receives",
    "Recognizes",
    "Recommends",
    "Reconfirms",
    "Refers",
    "Regards",
    "Regrets",
    "Reiterates",
    "Rejects",
    "Remains",
    "Reminds",
    "Renews",
    "Reports",
    "Requests",
    "Requires",
    "Reserves",
    "Resolves",
    "Salutes",
    "Seeks",
    "Shares",
    "Specifies",
    "Stands ready",
    "Stresses",
    "Submits",
    "Suggests",
    "Supports",
    "Takes note",
    "Takes note of",
    "Takes into account",
    "Takes into consideration",
    "Tasks",
    "Terminates",
    "Thanks",
    "Transmits",
    "Trusts",
    "Underlines",
    "Underscores",
    "Undertakes",
    "Urges",
    "Warns",
    "Welcomes",
    "Wishes",
)

# Preambulatory openings that the rules below would not derive from an operative verb.
PREAMBULATORY_PHRASES: tuple[str, ...] = (
    "Acting",
    "Acting under Chapter VII",
    "In view of",
    "Alarmed",
    "Appalled",
    "Aware",
    "Bearing in mind",
    "Believing",
    "Cognizant",
    "Concerned",
    "Confident",
    "Conscious",
    "Contemplating",
    "Convinced",
    "Desiring",
    "Desirous",
    "Determined",
    "Determining",
    "Disturbed",
    "Encouraged",
    "Expressing",
    "Fulfilling",
    "Guided",
    "Keeping in mind",
    "Mindful",
    "Noting",
    "Observing",
    "Realizing",
    "Reaffirming",
    "Recalling",
    "Recognizing",
    "Referring",
    "Seeking",
    "Seized",
    "Stressing",
    "Taking into account",
    "Taking into consideration",
    "Taking note",
    "Underlining",
    "Viewing",
    "Warning",
    "Welcoming",
    "Emphasizing",
    "Acknowledging",
    "Affirming",
    "Appreciating",
    "Approving",
    "Calling",
    "Commending",
    "Condemning",
    "Considering",
    "Declaring",
    "Deploring",
    "Endorsing",
    "Expecting",
    "Highlighting",
    "Reiterating",
    "Reminding",
    "Regretting",
    "Underscoring",
    "Committed",
    "Resolved",
    "Satisfied",
    "Pleased",
    "Grateful",
    "Dismayed",
    "Shocked",
    "Troubled",
    "Outraged",
    "Saddened",
    "Distressed",
    "Encouraging",
)

# Adjectives and participles of state that open preambulatory clauses with a complement.
_STATE_WORDS = {
    "alarmed",
    "appalled",
    "aware",
    "cognizant",
    "cognisant",
    "committed",
    "concerned",
    "confident",
    "conscious",
    "convinced",
    "desirous",
    "determined",
    "dismayed",
    "disturbed",
    "distressed",
    "encouraged",
    "grateful",
    "gratified",
    "guided",
    "mindful",
    "outraged",
    "pleased",
    "resolved",
    "saddened",
    "satisfied",
    "seized",
    "shocked",
    "troubled",
    "heartened",
    "inspired",
    "persuaded",
    "reassured",
    "united",
    "unanimous",
    "apprehensive",
    "appreciative",
    "hopeful",
    "thankful",
    "anxious",
    "indignant",
    "horrified",
}
_STATE_COMPLEMENTS = {"of", "by", "that", "about", "at", "with", "to", "over", "in", "for"}

# Adverbs that go in front of any opening, and after it; they do not change the phrase.
LEADING_MODIFIERS: tuple[str, ...] = (
    "once again",
    "once more",
    "also",
    "again",
    "further",
    "furthermore",
    "moreover",
    "likewise",
    "similarly",
    "additionally",
    "finally",
    "lastly",
    "strongly",
    "firmly",
    "fully",
    "deeply",
    "gravely",
    "seriously",
    "profoundly",
    "most",
    "emphatically",
    "solemnly",
    "hereby",
    "respectfully",
    "earnestly",
    "warmly",
    "urgently",
    "categorically",
    "unequivocally",
    "resolutely",
    "vigorously",
    "sincerely",
    "duly",
    "therefore",
    "accordingly",
    "consequently",
    "in addition",
)
TRAILING_MODIFIERS: tuple[str, ...] = (
    "also",
    "further",
    "furthermore",
    "moreover",
    "again",
    "in this regard",
    "in that regard",
    "in particular",
    "accordingly",
    "consequently",
    "therefore",
)

# Words that introduce an opening clause before a delayed operative verb ("Pending …, urges").
_DELAY_INTRODUCERS = {
    "pending",
    "in",
    "with",
    "acting",
    "bearing",
    "taking",
    "mindful",
    "noting",
    "recognizing",
    "recalling",
    "emphasizing",
    "stressing",
    "for",
    "at",
    "as",
    "on",
    "upon",
    "following",
    "without",
    "subject",
    "having",
    "consistent",
    "while",
    "given",
    "within",
    "through",
    "based",
    "after",
    "before",
    "until",
    "to",
    "by",
    "under",
    "since",
    "when",
    "where",
    "if",
    "unless",
    "regarding",
    "concerning",
    "further",
    "also",
    "determined",
    "conscious",
    "aware",
    "convinced",
    "concerned",
    "welcoming",
    "reaffirming",
    "expressing",
    "underlining",
    "reiterating",
}

# British spellings are not errors.
_SPELLINGS = {"ise": "ize", "ising": "izing", "ised": "ized", "ises": "izes"}

# Students' phrases that are not resolution language at all, with the standard one to use.
_NOT_STANDARD = {
    "wants": "Requests",
    "thinks": "Considers",
    "hopes that": "Expresses its hope that",
    "would like": "Requests",
    "asks for": "Calls for",
    "tells": "Requests",
    "makes": "Decides to make",
    "gives": "Provides",
    "says": "Declares",
}


@dataclass(frozen=True)
class Opening:
    """What opens a clause: the standard phrase (None when not recognised), the words of the
    text that make it up (with modifiers), and how it was recognised."""

    phrase: str | None
    matched_text: str
    first_words: str
    how: str = ""  # "list", "derived", "having", "state", "delayed", ""
    delayed_after: str = ""  # the opening clause in front of a delayed verb


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u00ad", "")
    return re.sub(r"\s+", " ", text).strip()


def words_of(text: str) -> list[str]:
    return re.findall(r"[A-Za-z][A-Za-z'\-]*", text)


def _american(word: str) -> str:
    lower = word.lower()
    for british, american in _SPELLINGS.items():
        if lower.endswith(british) and len(lower) > len(british) + 3:
            stem = lower[: -len(british)]
            if stem.endswith(("s", "l", "r", "n", "g", "t", "h", "c", "m", "p")):
                return stem + american
    if lower in {"cognisant", "cognisance"}:
        return lower.replace("s", "z", 1)
    return lower


def _index(phrases) -> dict[str, str]:
    return {" ".join(_american(w) for w in p.split()): p for p in phrases}


_OP_INDEX = _index(OPERATIVE_PHRASES)
_OP_FIRST = {key.split()[0] for key in _OP_INDEX}
_PRE_INDEX = _index(PREAMBULATORY_PHRASES)


def participle_of(verb: str) -> set[str]:
    """ "requests" -> {"requesting"}; "urges" -> {"urging"}; "applies" -> {"applying"}."""
    verb = verb.lower()
    out = set()
    if verb.endswith("ies") and len(verb) > 4:
        out.add(verb[:-3] + "ying")
    if verb.endswith("es"):
        out.add(verb[:-2] + "ing")
    if verb.endswith("s"):
        out.add(verb[:-1] + "ing")
    return out


_PARTICIPLES_FROM_VERBS = {p for verb in _OP_FIRST for p in participle_of(verb)}
_VERBS_FROM_PARTICIPLES: dict[str, str] = {}
for _verb in _OP_FIRST:
    for _p in participle_of(_verb):
        _VERBS_FROM_PARTICIPLES.setdefault(_p, _verb)


_MODIFIERS_LONGEST_FIRST = [m.split() for m in sorted(LEADING_MODIFIERS, key=len, reverse=True)]
# Words ending in -ly that are not adverbs of manner in front of a verb.
_NOT_ADVERBS = {
    "only",
    "early",
    "family",
    "supply",
    "apply",
    "rely",
    "reply",
    "ally",
    "italy",
    "assembly",
    "july",
    "anomaly",
    "monopoly",
    "rally",
    "comply",
    "multiply",
    "imply",
}


def _strip_leading(words: list[str]) -> tuple[list[str], int]:
    """Drop leading adverbs such as "Also", "Once again" or any adverb of manner ("Strongly",
    "Unreservedly", "Categorically"); return the rest and how many words were dropped."""
    dropped = 0
    changed = True
    while changed and len(words) > 1:
        changed = False
        lowered = [w.lower() for w in words[:3]]
        for parts in _MODIFIERS_LONGEST_FIRST:
            if lowered[: len(parts)] == parts and len(words) > len(parts):
                words = words[len(parts) :]
                dropped += len(parts)
                changed = True
                break
        else:
            first = lowered[0]
            if first.endswith("ly") and len(first) > 5 and first not in _NOT_ADVERBS:
                words = words[1:]
                dropped += 1
                changed = True
    return words, dropped


def _match_list(words: list[str], index: dict[str, str]) -> tuple[str | None, int]:
    lowered = [_american(w) for w in words]
    longest = max(len(k.split()) for k in index)
    for size in range(min(longest, len(lowered)), 0, -1):
        candidate = " ".join(lowered[:size])
        if candidate in index:
            return index[candidate], size
    return None, 0


def _unprefixed(word: str) -> str:
    """ "Re-emphasizes" / "Reemphasizes" -> "emphasizes": a known verb said again."""
    lower = word.lower()
    for prefix in ("re-", "re"):
        rest = lower[len(prefix) :]
        if lower.startswith(prefix) and len(rest) > 4 and not lower.startswith(("rea", "rei")):
            return rest
    return ""


def _operative_head(words: list[str]) -> tuple[str | None, int, str]:
    phrase, size = _match_list(words, _OP_INDEX)
    if phrase:
        return phrase, size, "list"
    again = _unprefixed(words[0]) if words else ""
    if again and _american(again) in _OP_FIRST:
        return words[0][:1].upper() + words[0][1:].lower(), 1, "derived"
    return None, 0, ""


def _preambulatory_head(words: list[str]) -> tuple[str | None, int, str]:
    if not words:
        return None, 0, ""
    first = _american(words[0])
    nxt = words[1].lower() if len(words) > 1 else ""
    phrase, size = _match_list(words, _PRE_INDEX)
    if phrase:
        return phrase, size, "list"
    if first == "having" and len(words) > 1 and re.search(r"(ed|en|wn|ne|ard|ght|id)$", nxt):
        return f"Having {nxt}", 2, "having"
    if first == "being" and nxt in _STATE_WORDS:
        return f"Being {nxt}", 2, "state"
    if first in _PARTICIPLES_FROM_VERBS or _american(_unprefixed(first)) in _PARTICIPLES_FROM_VERBS:
        return words[0][:1].upper() + words[0][1:].lower(), 1, "derived"
    if first in _STATE_WORDS and (nxt in _STATE_COMPLEMENTS or not nxt):
        return words[0].capitalize(), 1, "state"
    return None, 0, ""


@functools.lru_cache(maxsize=4096)  # the linter and the paste reader ask about the same texts
def opening_phrase(text: str, kind: str) -> Opening:
    """Find the opening phrase of a clause of ``kind``, allowing modifiers in front."""
    text = normalise(text)
    words = words_of(text)
    first_words = " ".join(words[:3])
    if not words:
        return Opening(None, "", "")
    rest, dropped = _strip_leading(words)
    head = _operative_head if kind == OPERATIVE else _preambulatory_head
    phrase, size, how = head(rest)
    if phrase is None and dropped:
        # "Strongly condemns", "Deeply concerned": the adverb may be part of the phrase.
        phrase, size, how = head(words)
        if phrase:
            dropped = 0
    if phrase is None and dropped and kind == PREAMBULATORY:
        # "Deeply alarmed", "Gravely concerned", "Fully aware": adverb + state word.
        phrase, size, how = _preambulatory_head(rest)
    if phrase:
        return Opening(phrase, " ".join(words[: dropped + size]), first_words, how)
    if kind == OPERATIVE:
        delayed = _delayed_verb(text)
        if delayed:
            return delayed
    return Opening(None, "", first_words)


_COMMA_VERB = re.compile(
    r",\s+((?:(?:also|further|again|once again|once more|hereby|therefore|[a-z]{3,}ly)\s+)?"
    r"([a-z]+))\b"
)


def _introduces(words: list[str], text: str) -> bool:
    """Whether the text opens with what goes in front of a delayed verb: a preposition
    ("Pending", "In this regard"), an adverb ("Consequently"), or a phrase that would open a
    preambulatory clause ("Recognising the importance of …, emphasises")."""
    first = _american(words[0])
    if first in _DELAY_INTRODUCERS or first in {
        "furthermore",
        "moreover",
        "consequently",
        "accordingly",
        "therefore",
        "thus",
        "hence",
        "finally",
        "lastly",
        "additionally",
    }:
        return True
    if first.endswith("ly") and first not in _NOT_ADVERBS:
        return True
    return bool(_preambulatory_head(_strip_leading(words)[0])[0])


def _delayed_verb(text: str) -> Opening | None:
    """ "Pending …, urges": an operative verb after an opening clause and a comma."""
    words = words_of(text)
    if not words or not _introduces(words, text):
        return None
    for match in _COMMA_VERB.finditer(text[:600]):
        verb = _american(match.group(2))
        if verb in _OP_FIRST:
            lead = text[: match.start()].strip()
            phrase = _OP_INDEX.get(verb, verb.capitalize())
            return Opening(
                phrase,
                match.group(1),
                " ".join(words[:3]),
                how="delayed",
                delayed_after=lead,
            )
    return None


def looks_operative(text: str) -> bool:
    """Whether an unnumbered paragraph opens like an operative clause (a finite verb)."""
    found = opening_phrase(text, OPERATIVE)
    if not found.phrase or found.how == "delayed":
        return False
    return not opening_phrase(text, PREAMBULATORY).phrase


def looks_preambulatory(text: str) -> bool:
    return bool(opening_phrase(text, PREAMBULATORY).phrase) and not looks_operative(text)


def starts_clause(text: str) -> bool:
    """Whether a line of pasted text can begin a clause (of either kind)."""
    words = words_of(text)
    if not words or not words[0][:1].isupper():
        return False
    return bool(
        opening_phrase(text, PREAMBULATORY).phrase or opening_phrase(text, OPERATIVE).phrase
    )


def split_opening(text: str, kind: str) -> tuple[str, str]:
    """Split a clause into (opening as typed, rest) for italics / underlining.

    The opening is the phrase with its modifiers ("Further requests"); for an operative
    clause whose phrase is unknown, the first word. A delayed verb is not split out (the
    clause opens with its introductory clause). Spacing and capitals of the text survive."""
    stripped = text.lstrip()
    found = opening_phrase(stripped, kind)
    if found.how == "delayed" or (kind == PREAMBULATORY and not found.phrase):
        return "", stripped
    target = found.matched_text.split() if found.phrase else words_of(stripped)[:1]
    if not target:
        return "", stripped
    pos = 0
    for word in target:
        match = re.compile(re.escape(word)).search(stripped, pos)
        if match is None:
            return "", stripped
        pos = match.end()
    tail = re.match(r"(\s+(?:" + "|".join(TRAILING_MODIFIERS) + r"))\b", stripped[pos:], re.I)
    if tail:
        pos += tail.end()
    return stripped[:pos], stripped[pos:]


def closest_phrases(words: str, kind: str, n: int = 3) -> list[str]:
    """Standard phrases that look like what was typed, for "did you mean …"."""
    lowered = words.lower().split()
    if lowered and " ".join(lowered[:2]) in _NOT_STANDARD:
        return [_NOT_STANDARD[" ".join(lowered[:2])]]
    if lowered and lowered[0] in _NOT_STANDARD:
        return [_NOT_STANDARD[lowered[0]]]
    pool = OPERATIVE_PHRASES if kind == OPERATIVE else PREAMBULATORY_PHRASES
    index = {p.lower(): p for p in pool}
    found: list[str] = []
    for size in (3, 2, 1):
        if len(lowered) >= size:
            for c in difflib.get_close_matches(" ".join(lowered[:size]), index, n=n, cutoff=0.6):
                if index[c] not in found:
                    found.append(index[c])
    return found[:n]


def counterpart(phrase: str, wanted_kind: str) -> str:
    """ "Recalls" (operative) -> "Recalling" (preambulatory) and back."""
    first, _, rest = phrase.partition(" ")
    stem = _american(first)
    if wanted_kind == PREAMBULATORY:
        for participle in sorted(participle_of(stem)):
            if participle in _PARTICIPLES_FROM_VERBS:
                return f"{participle.capitalize()} {rest}".strip()
        return ""
    verb = _VERBS_FROM_PARTICIPLES.get(stem)
    if verb:
        return _OP_INDEX.get(f"{verb} {rest}".strip(), verb.capitalize())
    return ""


def normalise_keep_lines(text: str) -> str:
    """Like ``normalise`` but keeps line breaks (for pasted text)."""
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u00ad", "")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = text.replace("\u00a0", " ").replace("\u2028", "\n").replace("\u2029", "\n\n")
    return "\n".join(re.sub(r"[ \f\v]+", " ", line).strip() for line in text.split("\n"))
