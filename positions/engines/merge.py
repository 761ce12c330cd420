"""Three-way merge and word diff for prose. Pure Python: no Django imports.

The merge works in two passes so that prose merges the way people expect:

1. Sentences. Base, theirs and mine are split into sentence tokens (each keeps its trailing
   whitespace, so joining the tokens gives the text back exactly) and merged with ``merge3``.
   Edits to different sentences merge without looking any closer.
2. Words. Where both sides changed the same run of sentences, that run is merged again over
   word/space/punctuation tokens. Edits to different words of one sentence still merge.

Only when both sides changed the same words differently is the region a conflict. A conflict is
reported at sentence granularity (readable context), and ``MergeResult.text`` then holds a
"union" proposal — mine, then theirs, for each conflicting run — so that an "edit the merge"
box starts with every word both people typed in it.

Invariant (tested with hypothesis): every token a side inserted (relative to base) is in
``MergeResult.text``, clean or not. Nothing typed is silently dropped.
"""

from __future__ import annotations

import difflib
import re
import zlib
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Literal

from merge3 import Merge3

__all__ = [
    "Conflict",
    "DiffOp",
    "MergeResult",
    "diff_words",
    "matching_blocks",
    "merge",
    "split_sentences",
    "split_words",
]

# A sentence ends after . ! or ? (plus closing quotes/brackets) followed by whitespace, or at a
# line break (paragraphs and list items are their own "sentences"). The look-behinds and
# possessive quantifiers keep the scan linear on long runs of "!!!" or spaces.
_SENTENCE_END = re.compile(r"(?<![.!?])[.!?]++[\"'”’)\]]*+[ \t]++|(?<![ \t])[ \t]*+\n\s*+")
# Words (with inner apostrophes/hyphens), runs of whitespace, or single other characters.
_WORD = re.compile(r"\w+(?:['’-]\w+)*|\s+|[^\w\s]", re.UNICODE)
# A word with the whitespace after it (for cutting long sentences into chunks).
_WORD_AND_GAP = re.compile(r"\S+\s*|\s+")

# Long "sentences" (a paragraph without full stops, a pasted list) are cut into chunks so that the
# sentence pass always works on bounded tokens. Cuts are content-defined: after a word whose hash
# picks it, once a chunk has CHUNK_MIN characters (or forced at CHUNK_MAX), so an insertion moves
# the cuts only next to it and the rest of the text still lines up.
LONG_SENTENCE = 400
CHUNK_MIN = 80
CHUNK_MAX = 400
_CHUNK_PICK = 5

# How much comparing the exact matcher (difflib) may do in one merge or diff (all the sequence
# pairs it aligns together), estimated as the number of token pairs that are equal. Past it, only tokens that occur once on each side
# anchor the alignment (as "patience diff" does) and what is left unaligned counts as changed:
# the work stays near-linear for any shape of text, at the price of a coarser diff (and, in a
# merge, a conflict the person settles in the conflict view rather than a wrong merge).
EXACT_BUDGET = 100_000


def _chunks(sentence: str) -> list[str]:
    if len(sentence) <= LONG_SENTENCE:
        return [sentence]
    out: list[str] = []
    start = 0
    for match in _WORD_AND_GAP.finditer(sentence):
        end = match.end()
        while end - start > CHUNK_MAX and match.start() - start < CHUNK_MIN:
            # One enormous "word" (no spaces): cut it at fixed lengths.
            out.append(sentence[start : start + CHUNK_MAX])
            start += CHUNK_MAX
        length = end - start
        word = match.group().rstrip()
        if length >= CHUNK_MAX or (
            length >= CHUNK_MIN
            and zlib.crc32(word.encode("utf-8", "surrogatepass")) % _CHUNK_PICK == 0
        ):
            if end - start > CHUNK_MAX and match.start() > start:
                out.append(sentence[start : match.start()])
                start = match.start()
            out.append(sentence[start:end])
            start = end
    if start < len(sentence):
        out.append(sentence[start:])
    return out


def split_sentences(text: str) -> list[str]:
    """Sentence tokens (long ones cut into bounded chunks); ``"".join(...) == text``."""
    tokens: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.end() > start:
            tokens.extend(_chunks(text[start : match.end()]))
            start = match.end()
    if start < len(text):
        tokens.extend(_chunks(text[start:]))
    return tokens


def split_words(text: str) -> list[str]:
    """Word, whitespace and punctuation tokens; ``"".join(split_words(t)) == t``."""
    return _WORD.findall(text)


def _exact_cost(a: Sequence, b: Sequence) -> int:
    """Roughly how many comparisons difflib makes aligning ``a`` with ``b``."""
    counts = Counter(b)
    cost = len(a) + len(b)
    for token, n in Counter(a).items():
        cost += n * counts.get(token, 0)
    return cost


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of ``pairs`` (sorted by first item) increasing in the second item."""
    tails: list[int] = []  # tails[k]: the smallest second item ending an increasing run of k+1
    tail_at: list[int] = []
    back: list[int] = []
    for index, (_, j) in enumerate(pairs):
        k = bisect_left(tails, j)
        if k == len(tails):
            tails.append(j)
            tail_at.append(index)
        else:
            tails[k] = j
            tail_at[k] = index
        back.append(tail_at[k - 1] if k else -1)
    out: list[tuple[int, int]] = []
    index = tail_at[-1] if tail_at else -1
    while index >= 0:
        out.append(pairs[index])
        index = back[index]
    return out[::-1]


def _align(a: Sequence, alo: int, ahi: int, b: Sequence, blo: int, bhi: int, out, budget, depth):
    """Append matching blocks (i, j, n) of ``a[alo:ahi]`` and ``b[blo:bhi]`` to ``out``."""
    head = 0
    while alo + head < ahi and blo + head < bhi and a[alo + head] == b[blo + head]:
        head += 1
    if head:
        out.append((alo, blo, head))
        alo, blo = alo + head, blo + head
    tail = 0
    while ahi - tail > alo and bhi - tail > blo and a[ahi - tail - 1] == b[bhi - tail - 1]:
        tail += 1
    ahi_inner, bhi_inner = ahi - tail, bhi - tail
    if alo < ahi_inner and blo < bhi_inner:
        A, B = a[alo:ahi_inner], b[blo:bhi_inner]
        cost = _exact_cost(A, B)
        if cost <= budget[0]:
            budget[0] -= cost
            matcher = difflib.SequenceMatcher(None, A, B, autojunk=False)
            out.extend((alo + i, blo + j, n) for i, j, n in matcher.get_matching_blocks() if n)
        elif depth < 4:
            count_a, count_b = Counter(A), Counter(B)
            where_b = {token: j for j, token in enumerate(B) if count_b[token] == 1}
            anchors = _longest_increasing(
                [
                    (i, where_b[token])
                    for i, token in enumerate(A)
                    if count_a[token] == 1 and token in where_b
                ]
            )
            i0, j0 = alo, blo
            for i, j in anchors:
                _align(a, i0, alo + i, b, j0, blo + j, out, budget, depth + 1)
                out.append((alo + i, blo + j, 1))
                i0, j0 = alo + i + 1, blo + j + 1
            if anchors:
                _align(a, i0, ahi_inner, b, j0, bhi_inner, out, budget, depth + 1)
    if tail:
        out.append((ahi_inner, bhi_inner, tail))


def matching_blocks(
    a: Sequence, b: Sequence, budget: list[int] | None = None
) -> list[tuple[int, int, int]]:
    """Like ``difflib.SequenceMatcher.get_matching_blocks`` (sorted, adjacent blocks joined,
    ending with ``(len(a), len(b), 0)``), in bounded time for any input. ``budget`` (a one-item
    list, shared by the calls of one merge) is what is left of ``EXACT_BUDGET``."""
    raw: list[tuple[int, int, int]] = []
    _align(a, 0, len(a), b, 0, len(b), raw, budget or [EXACT_BUDGET], 0)
    blocks: list[tuple[int, int, int]] = []
    for i, j, n in raw:
        if blocks and blocks[-1][0] + blocks[-1][2] == i and blocks[-1][1] + blocks[-1][2] == j:
            blocks[-1] = (blocks[-1][0], blocks[-1][1], blocks[-1][2] + n)
        else:
            blocks.append((i, j, n))
    blocks.append((len(a), len(b), 0))
    return blocks


class _Matcher:
    """The part of difflib's SequenceMatcher that merge3 and the diff use, over
    ``matching_blocks`` (no "popular element" heuristic: in prose, spaces and "the" are common
    but still meaningful anchors)."""

    def __init__(
        self, isjunk=None, a: Sequence = "", b: Sequence = "", autojunk=False, budget=None
    ):
        self.a, self.b = a, b
        self.budget = budget if budget is not None else [EXACT_BUDGET]
        self._blocks: list[tuple[int, int, int]] | None = None

    def get_matching_blocks(self) -> list[tuple[int, int, int]]:
        if self._blocks is None:
            self._blocks = matching_blocks(self.a, self.b, self.budget)
        return self._blocks

    def get_opcodes(self) -> list[tuple[str, int, int, int, int]]:
        i = j = 0
        ops: list[tuple[str, int, int, int, int]] = []
        for ai, bj, size in self.get_matching_blocks():
            if i < ai and j < bj:
                ops.append(("replace", i, ai, j, bj))
            elif i < ai:
                ops.append(("delete", i, ai, j, bj))
            elif j < bj:
                ops.append(("insert", i, ai, j, bj))
            if size:
                ops.append(("equal", ai, ai + size, bj, bj + size))
            i, j = ai + size, bj + size
        return ops


@dataclass(frozen=True)
class Conflict:
    """One run both sides changed differently, as whole sentences."""

    base: str
    theirs: str
    mine: str


@dataclass(frozen=True)
class MergeResult:
    """Outcome of ``merge``.

    ``clean``: no conflicts; ``text`` is the merged text to save.
    Otherwise ``text`` is a proposal holding both versions of each conflicting run (mine first)
    for the person to edit, and ``conflicts`` lists the runs.
    """

    clean: bool
    text: str
    conflicts: list[Conflict] = field(default_factory=list)
    # The merged text as runs: plain strings, and the Conflicts in place.
    regions: list[str | Conflict] = field(default_factory=list)

    def resolved(self, prefer: Literal["mine", "theirs"]) -> str:
        """The merge, taking ``prefer``'s version of every conflicting run."""
        if self.clean:
            return self.text
        return "".join(
            getattr(region, prefer) if isinstance(region, Conflict) else region
            for region in self.regions
        )


def _merge_tokens(
    base: list[str], theirs: list[str], mine: list[str], budget: list[int]
) -> list[tuple[str, list[str], list[str], list[str]]]:
    """merge3 regions as (kind, base, theirs, mine) token lists; kind is "ok" or "conflict".

    For "ok" regions the merged tokens are in the ``mine`` slot (whichever side won)."""
    out: list[tuple[str, list[str], list[str], list[str]]] = []
    m3 = Merge3(base, theirs, mine, sequence_matcher=partial(_Matcher, budget=budget))
    for group in m3.merge_groups():
        kind = group[0]
        if kind == "conflict":
            _, z, t, m = group
            out.append(("conflict", list(z), list(t), list(m)))
        else:
            out.append(("ok", [], [], list(group[1])))
    return out


def merge(base: str, theirs: str, mine: str) -> MergeResult:
    """Three-way merge of ``mine`` onto ``theirs``, both edited from ``base``."""
    if theirs in (mine, base):
        return MergeResult(True, mine, regions=[mine])
    if mine == base:
        return MergeResult(True, theirs, regions=[theirs])

    pieces: list[str] = []
    regions: list[str | Conflict] = []
    conflicts: list[Conflict] = []
    budget = [EXACT_BUDGET]
    for kind, z, t, m in _merge_tokens(
        split_sentences(base), split_sentences(theirs), split_sentences(mine), budget
    ):
        if kind == "ok":
            pieces.append("".join(m))
            regions.append(pieces[-1])
            continue
        z_text, t_text, m_text = "".join(z), "".join(t), "".join(m)
        words = _merge_tokens(split_words(z_text), split_words(t_text), split_words(m_text), budget)
        if all(region[0] == "ok" for region in words):
            pieces.append("".join("".join(region[3]) for region in words))
            regions.append(pieces[-1])
            continue
        fuller = _carries_both(z_text, t_text, m_text)
        if fuller is not None:
            pieces.append(fuller)
            regions.append(fuller)
            continue
        conflicts.append(Conflict(base=z_text, theirs=t_text, mine=m_text))
        regions.append(conflicts[-1])
        pieces.append(_union(m_text, t_text))
    return MergeResult(not conflicts, "".join(pieces), conflicts, regions)


def _words_only(text: str) -> list[str]:
    return [token for token in split_words(text) if not token.isspace()]


def _is_subsequence(short: list[str], long: list[str]) -> bool:
    rest = iter(long)
    return all(token in rest for token in short)


def _carries_both(base: str, theirs: str, mine: str) -> str | None:
    """The one side that already holds the other's whole change, when both only added words.

    Typical case: a save whose answer was lost on bad Wi-Fi reached the server, and the person
    went on typing after it ("A." → theirs "A. B." → mine "A. B. C."). Neither side deleted a
    word of the base, and one side contains every word of the other in order, so taking it
    drops nothing either of them wrote."""
    b, t, m = _words_only(base), _words_only(theirs), _words_only(mine)
    if not (_is_subsequence(b, t) and _is_subsequence(b, m)):
        return None
    if _is_subsequence(t, m):
        return mine
    if _is_subsequence(m, t):
        return theirs
    return None


def _union(first: str, second: str) -> str:
    """Both versions, one after the other, separated the way sentences are."""
    if not first or not second or first[-1].isspace():
        return first + second
    return first + " " + second


@dataclass(frozen=True)
class DiffOp:
    """A run of text in a word diff: ``op`` is "equal", "insert" or "delete"."""

    op: Literal["equal", "insert", "delete"]
    text: str


def diff_words(old: str, new: str) -> list[DiffOp]:
    """Word-level diff. Joining equal+delete runs gives ``old``; equal+insert gives ``new``."""
    ops: list[DiffOp] = []

    def emit(op, tokens):
        text = "".join(tokens)
        if not text:
            return
        if ops and ops[-1].op == op:
            ops[-1] = DiffOp(op, ops[-1].text + text)
        else:
            ops.append(DiffOp(op, text))

    # Sentences first (bounded tokens, few of them), then words inside the changed runs.
    a, b = split_sentences(old), split_sentences(new)
    budget = [EXACT_BUDGET]
    for tag, i1, i2, j1, j2 in _Matcher(None, a, b, budget=budget).get_opcodes():
        if tag == "equal":
            emit("equal", a[i1:i2])
            continue
        words_a, words_b = split_words("".join(a[i1:i2])), split_words("".join(b[j1:j2]))
        matcher = _Matcher(None, words_a, words_b, budget=budget)
        for wtag, k1, k2, l1, l2 in matcher.get_opcodes():
            if wtag == "equal":
                emit("equal", words_a[k1:k2])
            else:
                # Deletions first, then insertions: reads as "was X, now Y".
                emit("delete", words_a[k1:k2])
                emit("insert", words_b[l1:l2])
    return _tidy(_fold_spaces(ops))


def _fold_spaces(ops: list[DiffOp]) -> list[DiffOp]:
    """A lone space between two changes joins them: "[-Version-][+James+] [-3-][+wrote+]"
    reads better as "[-Version 3-][+James wrote+]"."""
    out: list[DiffOp] = []
    deleted, inserted = "", ""
    for index, op in enumerate(ops):
        if op.op == "delete":
            deleted += op.text
        elif op.op == "insert":
            inserted += op.text
        else:
            following = ops[index + 1] if index + 1 < len(ops) else None
            if (
                (deleted or inserted)
                and op.text.isspace()
                and following
                and following.op != "equal"
            ):
                deleted, inserted = deleted + op.text, inserted + op.text
                continue
            out.extend(
                DiffOp(kind, text)
                for kind, text in (("delete", deleted), ("insert", inserted))
                if text
            )
            deleted, inserted = "", ""
            out.append(op)
    out.extend(
        DiffOp(kind, text) for kind, text in (("delete", deleted), ("insert", inserted)) if text
    )
    return out


def _tidy(ops: list[DiffOp]) -> list[DiffOp]:
    """Slide a pure insertion or deletion so it starts at a word, not at a space:
    "use[ generative] AI" reads better as "use [generative ]AI". Joins stay the same."""
    for i in range(1, len(ops) - 1):
        before, run, after = ops[i - 1], ops[i], ops[i + 1]
        if before.op != "equal" or after.op != "equal" or run.op == "equal":
            continue
        text, rest = run.text, after.text
        while text and rest and text[0].isspace() and rest[0] == text[0]:
            before = DiffOp("equal", before.text + text[0])
            text, rest = text[1:] + text[0], rest[1:]
        ops[i - 1], ops[i], ops[i + 1] = before, DiffOp(run.op, text), DiffOp("equal", rest)
    return [op for op in ops if op.text]
