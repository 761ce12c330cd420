"""Clause numbering: the one place that knows letters, roman numerals and levels.

A resolution numbers its operative clauses 1, 2, 3 …; sub-clauses go up to three levels
below a clause, as in UN documents: a), i., A. Preambulatory clauses carry no number.
Everything that shows or exports a label (the linter, the clause tree of a page, the DOCX
export) asks this module, so a label is computed the same way everywhere.
"""

from __future__ import annotations

import re

MAX_SUB_DEPTH = 3  # a), i., A. below a clause: four levels counting the clause itself

_ROMAN = (
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
)
_ROMAN_RE = re.compile(r"^m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
_ALPHABET = "abcdefghijklmnopqrstuvwxyz"

LETTER = "letter"  # a, b, … z, aa, bb, …
ROMAN = "roman"  # i, ii, iii, …
UPPER = "upper"  # A, B, … (the third sub-level)

# The style of each sub-level: depth 1 a), depth 2 i., depth 3 A.
LEVEL_STYLES = {1: LETTER, 2: ROMAN, 3: UPPER}


def to_roman(number: int) -> str:
    """1 -> "i", 4 -> "iv", 1994 -> "mcmxciv" (lower case, as UN sub-clauses are)."""
    if number < 1:
        raise ValueError("roman numerals start at 1")
    out = []
    for value, numeral in _ROMAN:
        count, number = divmod(number, value)
        out.append(numeral * count)
    return "".join(out)


def from_roman(text: str) -> int | None:
    """ "iv" -> 4; None when the text is not a well-formed roman numeral."""
    text = text.lower()
    if not text or not _ROMAN_RE.match(text):
        return None
    total, previous = 0, 0
    for char in reversed(text):
        value = next(v for v, n in _ROMAN if n == char)
        total += -value if value < previous else value
        previous = max(previous, value)
    return total


def to_letters(index: int) -> str:
    """0 -> "a", 25 -> "z", 26 -> "aa", 27 -> "bb" (UN documents double the letter)."""
    if index < 0:
        raise ValueError("letters start at index 0")
    return _ALPHABET[index % 26] * (index // 26 + 1)


def from_letters(text: str) -> int | None:
    """ "a" -> 0, "aa" -> 26; None when the text is not a letter label."""
    text = text.lower()
    if not text or not text.isalpha() or len(set(text)) != 1 or not text.isascii():
        return None
    return (len(text) - 1) * 26 + _ALPHABET.index(text[0])


def value_in_style(label: str, style: str) -> int | None:
    """The 0-based position a label stands for in a style, or None if it cannot be one."""
    if style == LETTER:
        return from_letters(label) if label.islower() else None
    if style == UPPER:
        return from_letters(label) if label.isupper() else None
    if style == ROMAN:
        value = from_roman(label) if label.islower() else None
        return None if value is None else value - 1
    raise ValueError(style)


def label_in_style(index: int, style: str) -> str:
    if style == LETTER:
        return to_letters(index)
    if style == UPPER:
        return to_letters(index).upper()
    if style == ROMAN:
        return to_roman(index + 1)
    raise ValueError(style)


def sub_label(depth: int, index: int) -> str:
    """Label of the ``index``-th (0-based) sub-clause at ``depth`` 1..3: "b)", "ii.", "C."."""
    if depth not in LEVEL_STYLES:
        raise ValueError(f"sub-clauses go {MAX_SUB_DEPTH} levels deep, not {depth}")
    own = label_in_style(index, LEVEL_STYLES[depth])
    return f"{own})" if depth == 1 else f"{own}."


def operative_number(index: int) -> str:
    """Number of the ``index``-th (0-based) operative clause."""
    return str(index + 1)


def full_label(prefix: str, depth: int, index: int) -> str:
    """ "3" + (depth 2, index 1) -> "3 b) ii." style labels, built level by level."""
    return f"{prefix} {sub_label(depth, index)}".strip()


def number_tree(nodes, *, kind_of, children_of, operative: str = "operative"):
    """Walk a clause tree and yield (node, number, label) for every node.

    ``number`` is the node's own part ("3", "b)"), ``label`` the full one ("3 b)").
    Preambulatory clauses get "" (and so do their sub-clauses' prefixes). The accessors make
    this work for the linter's dataclasses and for page nodes alike."""
    count = 0
    for node in nodes:
        if kind_of(node) == operative:
            number = operative_number(count)
            count += 1
        else:
            number = ""
        yield node, number, number
        yield from _number_children(children_of(node), number, 1, children_of)


def _number_children(children, prefix: str, depth: int, children_of):
    for i, child in enumerate(children):
        number = sub_label(min(depth, MAX_SUB_DEPTH), i)
        label = f"{prefix} {number}".strip()
        yield child, number, label
        yield from _number_children(children_of(child), label, depth + 1, children_of)
