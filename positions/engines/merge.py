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
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from merge3 import Merge3

__all__ = [
    "Conflict",
    "DiffOp",
    "MergeResult",
    "diff_words",
    "merge",
    "split_sentences",
    "split_words",
]

# A sentence ends after . ! or ? (plus closing quotes/brackets) followed by whitespace, or at a
# line break (paragraphs and list items are their own "sentences").
_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*[ \t]+|[ \t]*\n\s*")
# Words (with inner apostrophes/hyphens), runs of whitespace, or single other characters.
_WORD = re.compile(r"\w+(?:['’-]\w+)*|\s+|[^\w\s]", re.UNICODE)


def split_sentences(text: str) -> list[str]:
    """Sentence tokens; ``"".join(split_sentences(t)) == t``."""
    tokens: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.end() > start:
            tokens.append(text[start : match.end()])
            start = match.end()
    if start < len(text):
        tokens.append(text[start:])
    return tokens


def split_words(text: str) -> list[str]:
    """Word, whitespace and punctuation tokens; ``"".join(split_words(t)) == t``."""
    return _WORD.findall(text)


class _Matcher(difflib.SequenceMatcher):
    """difflib without the "popular element" heuristic: in prose, spaces and "the" are common
    but still meaningful anchors, and autojunk would make long texts align badly."""

    def __init__(self, isjunk=None, a: Sequence = "", b: Sequence = "", autojunk=False):
        super().__init__(isjunk, a, b, autojunk=False)


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
    base: list[str], theirs: list[str], mine: list[str]
) -> list[tuple[str, list[str], list[str], list[str]]]:
    """merge3 regions as (kind, base, theirs, mine) token lists; kind is "ok" or "conflict".

    For "ok" regions the merged tokens are in the ``mine`` slot (whichever side won)."""
    out: list[tuple[str, list[str], list[str], list[str]]] = []
    m3 = Merge3(base, theirs, mine, sequence_matcher=_Matcher)
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
    for kind, z, t, m in _merge_tokens(
        split_sentences(base), split_sentences(theirs), split_sentences(mine)
    ):
        if kind == "ok":
            pieces.append("".join(m))
            regions.append(pieces[-1])
            continue
        z_text, t_text, m_text = "".join(z), "".join(t), "".join(m)
        words = _merge_tokens(split_words(z_text), split_words(t_text), split_words(m_text))
        if all(region[0] == "ok" for region in words):
            pieces.append("".join("".join(region[3]) for region in words))
            regions.append(pieces[-1])
            continue
        conflicts.append(Conflict(base=z_text, theirs=t_text, mine=m_text))
        regions.append(conflicts[-1])
        pieces.append(_union(m_text, t_text))
    return MergeResult(not conflicts, "".join(pieces), conflicts, regions)


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
    a, b = split_words(old), split_words(new)
    ops: list[DiffOp] = []

    def emit(op, tokens):
        text = "".join(tokens)
        if not text:
            return
        if ops and ops[-1].op == op:
            ops[-1] = DiffOp(op, ops[-1].text + text)
        else:
            ops.append(DiffOp(op, text))

    for tag, i1, i2, j1, j2 in _Matcher(None, a, b).get_opcodes():
        if tag == "equal":
            emit("equal", a[i1:i2])
        else:
            # Deletions first, then insertions: reads as "was X, now Y".
            emit("delete", a[i1:i2])
            emit("insert", b[j1:j2])
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
