"""Rubrics: the default, a chair's edits, and the scores typed against them."""

import pytest

from positions.engines.rubric import (
    DEFAULT_RUBRIC,
    RubricError,
    max_total,
    parse_rubric_text,
    parse_scores,
    rubric_as_text,
    total_score,
)


def test_default_rubric_has_the_four_criteria():
    assert [c["label"] for c in DEFAULT_RUBRIC] == [
        "Research",
        "Country policy accuracy",
        "Solutions",
        "Writing",
    ]
    assert max_total(None) == 40


def test_round_trip_keeps_keys_so_existing_scores_stay_attached():
    text = rubric_as_text(DEFAULT_RUBRIC) + "\nOral clarity | 5"
    rubric = parse_rubric_text(
        text.replace("Writing | 10", "Writing | 20"), previous=DEFAULT_RUBRIC
    )
    assert [(c["key"], c["max"]) for c in rubric] == [
        ("research", 10),
        ("country_policy", 10),
        ("solutions", 10),
        ("writing", 20),
        ("oral_clarity", 5),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "at least one criterion"),
        ("Research", "Label | max points"),
        ("Research | ten", "not a whole number"),
        ("Research | 0", "between 1 and 100"),
        (" | 5", "needs a name"),
        ("Research | 5\nresearch | 5", "listed twice"),
    ],
)
def test_bad_rubric_text_is_explained(text, message):
    with pytest.raises(RubricError, match=message):
        parse_rubric_text(text)


def test_scores_are_validated_against_each_maximum():
    assert parse_scores(None, {"research": "8", "writing": " ", "solutions": "10"}) == {
        "research": 8,
        "solutions": 10,
    }
    with pytest.raises(RubricError, match="Writing: give between 0 and 10 points."):
        parse_scores(None, {"writing": "11"})
    with pytest.raises(RubricError, match="Research: “8.5” is not a whole number."):
        parse_scores(None, {"research": "8.5"})


def test_total_counts_only_criteria_of_the_current_rubric():
    assert total_score(None, {}) is None
    assert total_score(None, {"research": 8, "gone": 5, "writing": 7}) == 15
