"""Resolution clauses: numbering, opening phrases, the linter and the paste reader.

Pure Python, no Django. ``numbering`` labels clauses (1, a), i., A.); ``phrases`` knows the
opening phrases of real UN texts; ``lint`` grades what is wrong; ``paste`` reads a text
copied from a PDF, a web page or a word processor into clauses.
"""

from .lint import ORGAN_NAMES, Clause, Finding, Organ, Severity, labels, lint
from .numbering import MAX_SUB_DEPTH, sub_label
from .paste import Parsed, parse, parse_text
from .phrases import OPERATIVE, PREAMBULATORY, closest_phrases, opening_phrase, split_opening

__all__ = [
    "MAX_SUB_DEPTH",
    "OPERATIVE",
    "ORGAN_NAMES",
    "PREAMBULATORY",
    "Clause",
    "Finding",
    "Organ",
    "Parsed",
    "Severity",
    "closest_phrases",
    "labels",
    "lint",
    "opening_phrase",
    "parse",
    "parse_text",
    "split_opening",
    "sub_label",
]
