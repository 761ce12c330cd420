"""Clause checker benchmark (``make bench``): precision on real adopted resolutions and recall
on injected student mistakes, printed as a table. ``python -m tests.load.clause_benchmark DIR``
runs it on another corpus laid out like ``tests/data/resolutions``."""

from __future__ import annotations

import pytest

from tests.load import clause_benchmark

pytestmark = pytest.mark.load


def test_clause_checker_precision_and_recall():
    result = clause_benchmark.main([])
    assert result["resolutions"] >= 20 and result["clauses"] >= 500
    assert result["false_rate"] <= 0.02
    assert result["recall"] >= 0.95
