"""Checks beside the editor and the derived paper state (late is computed, never scheduled)."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from positions.engines.paper_checks import PaperState, check_paper, citation_count, paper_state

SECTIONS = [
    ("Background", "One two three."),
    ("Country policy", ""),
    ("Proposed solutions", "See [report](https://unodc.org/r) for four."),
    ("Bibliography", "- UNODC World Drug Report\n- Guide"),
]


def test_counts_words_per_section_and_excludes_the_bibliography_from_the_total():
    check = check_paper(SECTIONS, word_limit=1000)
    assert [(s.title, s.words, s.counted) for s in check.sections] == [
        ("Background", 3, True),
        ("Country policy", 0, True),
        ("Proposed solutions", 4, True),
        ("Bibliography", 5, False),
    ]
    assert check.total_words == 7
    assert not check.over_limit


def test_empty_section_is_warned_about_by_name():
    check = check_paper(SECTIONS, word_limit=1000)
    assert [f.message for f in check.findings] == ["“Country policy” is empty."]
    assert check.findings[0].section == "Country policy"


def test_over_the_limit_is_an_error_with_the_numbers():
    check = check_paper([("Background", "word " * 12)], word_limit=10)
    assert check.over_limit
    assert check.findings[0].level == "error"
    assert check.findings[0].message == "12 words: 2 over the committee's limit of 10."


def test_near_the_limit_is_flagged_before_it_is_exceeded():
    check = check_paper([("Background", "word " * 9), ("Bibliography", "x")], word_limit=10)
    assert check.near_limit and not check.over_limit and check.limit_percent == 90


def test_paper_without_citations_is_warned():
    check = check_paper([("Background", "Text."), ("Bibliography", "")], word_limit=None)
    assert [f.message for f in check.findings] == [
        "The paper cites no sources. Insert a quotation from Research, or list your sources "
        "under Bibliography."
    ]


def test_citations_are_body_links_plus_bibliography_entries():
    assert citation_count(SECTIONS) == 3
    assert citation_count([("Bibliography", "Book one\n\nBook two")]) == 2


def test_no_limit_means_no_limit_finding():
    check = check_paper([("Background", "word " * 5000), ("Bibliography", "x")], word_limit=None)
    assert check.ok and check.limit_percent == 0


NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("status", "has_text", "deadline_offset", "expected"),
    [
        (None, False, None, PaperState.NOT_STARTED),
        ("draft", False, 60, PaperState.NOT_STARTED),
        ("draft", True, 60, PaperState.DRAFT),
        ("draft", True, -10, PaperState.DRAFT),  # within the 15 minutes of grace
        ("draft", True, -16, PaperState.LATE),
        (None, False, -16, PaperState.LATE),
        ("submitted", True, -600, PaperState.SUBMITTED),
        ("changes_requested", True, -600, PaperState.CHANGES_REQUESTED),
        ("accepted", True, -600, PaperState.ACCEPTED),
    ],
)
def test_paper_state(status, has_text, deadline_offset, expected):
    deadline = None if deadline_offset is None else NOW + timedelta(minutes=deadline_offset)
    state = paper_state(
        status=status, has_text=has_text, deadline=deadline, grace_minutes=15, now=NOW
    )
    assert state is expected


@given(st.integers(min_value=-10_000, max_value=10_000), st.integers(min_value=0, max_value=600))
def test_a_draft_is_late_exactly_when_deadline_plus_grace_has_passed(offset, grace):
    deadline = NOW + timedelta(minutes=offset)
    state = paper_state(
        status="draft", has_text=True, deadline=deadline, grace_minutes=grace, now=NOW
    )
    assert (state is PaperState.LATE) == (offset + grace < 0)
