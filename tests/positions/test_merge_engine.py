"""The prose merge: what two people typed at once either merges or is reported, never lost."""

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from positions.engines import merge as merge_engine
from positions.engines.merge import diff_words, merge, split_sentences, split_words

VOCAB = ["the", "UNODC", "drones", "border", "AI", "cartels", "shall", "data", "and", "of"]

word = st.sampled_from(VOCAB)
separator = st.sampled_from([" ", " ", " ", ". ", ".\n", ", ", "\n\n"])


@st.composite
def prose(draw, min_words=0, max_words=30):
    words = draw(st.lists(word, min_size=min_words, max_size=max_words))
    seps = draw(st.lists(separator, min_size=len(words), max_size=len(words)))
    return "".join(w + s for w, s in zip(words, seps, strict=True))


def words_only(text: str) -> Counter:
    return Counter(t for t in split_words(text) if not t.isspace())


@settings(deadline=None)  # timing varies on a busy machine; the property does not
@given(st.text())
def test_tokenisers_keep_every_character(text):
    assert "".join(split_sentences(text)) == text
    assert "".join(split_words(text)) == text


def test_sentences_split_after_terminators_and_line_breaks():
    assert split_sentences("One. Two? Three!\nFour") == ["One. ", "Two? ", "Three!\n", "Four"]
    assert split_sentences('He said "no." Then left.') == ['He said "no." ', "Then left."]


@settings(deadline=None)  # timing varies on a busy machine; the property does not
@given(prose(), prose())
def test_an_edit_by_one_side_only_comes_through_unchanged(base, edited):
    assert merge(base, base, edited) == merge(base, base, edited)
    mine_only = merge(base, base, edited)
    assert mine_only.clean and mine_only.text == edited
    theirs_only = merge(base, edited, base)
    assert theirs_only.clean and theirs_only.text == edited


@settings(deadline=None)  # timing varies on a busy machine; the property does not
@given(prose(), prose())
def test_identical_edits_merge(base, edited):
    result = merge(base, edited, edited)
    assert result.clean and result.text == edited


@st.composite
def two_separated_edits(draw):
    """A base of distinct words and one edit per side at positions at least two words apart."""
    n = draw(st.integers(min_value=3, max_value=40))
    words = [f"w{i}" for i in range(n)]
    seps = draw(st.lists(separator, min_size=n, max_size=n))
    positions = draw(
        st.lists(st.integers(0, n - 1), min_size=2, max_size=6, unique=True).filter(
            lambda ps: all(abs(a - b) >= 2 for i, a in enumerate(ps) for b in ps[i + 1 :])
        )
    )
    split = draw(st.integers(1, len(positions) - 1))
    theirs_at, mine_at = positions[:split], positions[split:]
    replacement = st.lists(st.integers(0, 99), max_size=3)
    theirs_new = {p: " ".join(f"t{k}" for k in draw(replacement)) for p in theirs_at}
    mine_new = {p: " ".join(f"m{k}" for k in draw(replacement)) for p in mine_at}

    def render(changes):
        return "".join(
            changes.get(i, w) + s for i, (w, s) in enumerate(zip(words, seps, strict=True))
        )

    return render({}), render(theirs_new), render(mine_new), render(theirs_new | mine_new)


@settings(max_examples=300, deadline=None)
@given(two_separated_edits())
def test_non_overlapping_edits_both_survive(case):
    base, theirs, mine, both = case
    result = merge(base, theirs, mine)
    assert result.clean, result.conflicts
    assert result.text == both


@settings(deadline=None)  # timing varies on a busy machine; the property does not
@given(st.integers(0, 20), st.data())
def test_overlapping_edits_are_reported_as_conflicts(n, data):
    words = [f"w{i}" for i in range(n + 1)]
    at = data.draw(st.integers(0, n))
    base = " ".join(words) + "."
    theirs = " ".join("THEIRS" if i == at else w for i, w in enumerate(words)) + "."
    mine = " ".join("MINE" if i == at else w for i, w in enumerate(words)) + "."
    result = merge(base, theirs, mine)
    assert not result.clean
    assert len(result.conflicts) == 1
    conflict = result.conflicts[0]
    assert "THEIRS" in conflict.theirs and "MINE" in conflict.mine
    assert "THEIRS" in result.text and "MINE" in result.text


def test_a_conflict_is_shown_as_whole_sentences():
    base = "Drones cross the border. Cartels use AI. Data is shared."
    theirs = "Drones cross the border. Cartels misuse AI. Data is shared."
    mine = "Drones cross the border. Cartels exploit AI. Data is shared."
    result = merge(base, theirs, mine)
    assert not result.clean
    assert result.conflicts[0].mine == "Cartels exploit AI. "
    assert result.conflicts[0].theirs == "Cartels misuse AI. "
    assert result.text == (
        "Drones cross the border. Cartels exploit AI. Cartels misuse AI. Data is shared."
    )


def test_edits_to_different_words_of_one_sentence_merge():
    base = "States should share border data with UNODC."
    theirs = "States should promptly share border data with UNODC."
    mine = "States should share biometric border data with UNODC."
    result = merge(base, theirs, mine)
    assert result.clean
    assert result.text == "States should promptly share biometric border data with UNODC."


@settings(max_examples=500, deadline=None)
@given(prose(), prose(), prose())
def test_no_inserted_word_is_silently_dropped(base, theirs, mine):
    result = merge(base, theirs, mine)
    got = words_only(result.text)
    for side in (theirs, mine):
        inserted = words_only(side) - words_only(base)
        assert not (inserted - got), (inserted - got, result)
    if result.clean:
        assert not result.conflicts
    else:
        assert result.conflicts


@settings(deadline=None)  # timing varies on a busy machine; the property does not
@given(prose(), prose())
def test_word_diff_rebuilds_both_versions(old, new):
    ops = diff_words(old, new)
    assert "".join(op.text for op in ops if op.op != "insert") == old
    assert "".join(op.text for op in ops if op.op != "delete") == new


def test_word_diff_marks_whole_inserted_words():
    ops = diff_words("Cartels use AI.", "Cartels use generative AI.")
    assert [(op.op, op.text) for op in ops] == [
        ("equal", "Cartels use "),
        ("insert", "generative "),
        ("equal", "AI."),
    ]


def test_word_diff_marks_changed_words():
    ops = diff_words("Cartels use AI.", "Cartels exploit AI.")
    assert [(op.op, op.text) for op in ops] == [
        ("equal", "Cartels "),
        ("delete", "use"),
        ("insert", "exploit"),
        ("equal", " AI."),
    ]


def test_a_conflict_can_be_settled_for_either_side_keeping_the_other_changes():
    base = "Cartels use AI. Drones cross borders. Data is shared."
    theirs = "Cartels misuse AI. Drones cross borders. Data is shared."
    mine = "Cartels exploit AI. Drones cross borders. Data is shared widely."
    result = merge(base, theirs, mine)
    assert not result.clean
    assert (
        result.resolved("mine")
        == "Cartels exploit AI. Drones cross borders. Data is shared widely."
    )
    assert (
        result.resolved("theirs")
        == "Cartels misuse AI. Drones cross borders. Data is shared widely."
    )


# ---------------------------------------------------------------- bounded work for any shape


def _long_unpunctuated(words: int, seed: int = 7) -> str:
    import random

    rng = random.Random(seed)
    return " ".join(rng.choice(VOCAB) for _ in range(words))


def _insert_after_word(text: str, index: int, word: str) -> str:
    tokens = text.split(" ")
    tokens.insert(index, word)
    return " ".join(tokens)


def test_a_long_paragraph_without_full_stops_is_cut_into_bounded_chunks():
    text = _long_unpunctuated(20_000)
    tokens = split_sentences(text)
    assert "".join(tokens) == text
    assert len(tokens) > len(text) // merge_engine.CHUNK_MAX
    assert max(len(token) for token in tokens) <= merge_engine.CHUNK_MAX


def test_a_huge_word_without_spaces_is_cut_too():
    text = "x" * 50_000 + " tail"
    tokens = split_sentences(text)
    assert "".join(tokens) == text
    assert max(len(token) for token in tokens) <= merge_engine.CHUNK_MAX


def test_chunk_cuts_line_up_again_right_after_an_insertion():
    base = _long_unpunctuated(5_000)
    edited = _insert_after_word(base, 100, "INSERTED")
    before, after = split_sentences(base), split_sentences(edited)
    # Only the chunks around the insertion differ.
    assert len(set(before) ^ set(after)) <= 6


def test_separate_edits_to_a_long_unpunctuated_paragraph_merge_cleanly():
    base = _long_unpunctuated(15_000)
    theirs = _insert_after_word(_insert_after_word(base, 11_000, "THEIRSB"), 1_000, "THEIRSA")
    mine = _insert_after_word(_insert_after_word(base, 14_000, "MINEB"), 6_000, "MINEA")
    both = _insert_after_word(_insert_after_word(theirs, 14_002, "MINEB"), 6_001, "MINEA")
    result = merge(base, theirs, mine)
    assert result.clean
    assert result.text == both


@settings(deadline=None)
@given(
    st.lists(st.sampled_from("ab \n."), max_size=40),
    st.lists(st.sampled_from("ab \n."), max_size=40),
)
def test_matching_blocks_agree_with_difflib_while_within_budget(a, b):
    import difflib

    blocks = merge_engine.matching_blocks(a, b)
    assert blocks[-1] == (len(a), len(b), 0)
    i = j = 0
    for ai, bj, n in blocks:
        assert ai >= i and bj >= j
        assert a[ai : ai + n] == b[bj : bj + n]
        i, j = ai + n, bj + n
    # Neither alignment is optimal (difflib is greedy, the engine first takes the common ends),
    # so they are compared where both start from the same place: no common first or last token.
    if a and b and a[0] != b[0] and a[-1] != b[-1]:
        expected = difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
        assert blocks == [tuple(m) for m in expected]


@settings(deadline=None)
@given(
    st.lists(st.sampled_from("abcdef"), max_size=60),
    st.lists(st.sampled_from("abcdef"), max_size=60),
)
def test_matching_blocks_past_the_budget_are_still_a_valid_alignment(a, b):
    blocks = merge_engine.matching_blocks(a, b, budget=[0])
    assert blocks[-1] == (len(a), len(b), 0)
    i = j = 0
    for ai, bj, n in blocks:
        assert ai >= i and bj >= j
        assert a[ai : ai + n] == b[bj : bj + n]
        i, j = ai + n, bj + n


@settings(max_examples=300, deadline=None)
@given(prose(), prose(), prose())
def test_no_inserted_word_is_dropped_when_the_work_budget_runs_out(base, theirs, mine):
    original = merge_engine.EXACT_BUDGET
    merge_engine.EXACT_BUDGET = 0
    try:
        result = merge(base, theirs, mine)
        ops = diff_words(base, theirs)
    finally:
        merge_engine.EXACT_BUDGET = original
    got = words_only(result.text)
    for side in (theirs, mine):
        assert not ((words_only(side) - words_only(base)) - got)
    assert "".join(op.text for op in ops if op.op != "insert") == base
    assert "".join(op.text for op in ops if op.op != "delete") == theirs


def test_text_that_already_holds_the_other_sides_additions_merges_cleanly():
    # A save reached the server but its answer was lost; the person typed on from there.
    landed = "Fund border scanners for transit states."
    typed_on = "Fund border scanners for transit states. And train officers."
    result = merge("", landed, typed_on)
    assert result.clean and result.text == typed_on
    result = merge("Intro.", "Intro. Fund scanners now.", "Intro. Fund more scanners now, soon.")
    assert result.clean and result.text == "Intro. Fund more scanners now, soon."
    # ...and the other way round: the server holds more than the stale save.
    result = merge("", typed_on, landed)
    assert result.clean and result.text == typed_on


def test_a_deletion_by_either_side_is_never_undone_by_taking_the_fuller_text():
    base = "Ban drones. Fund scanners."
    theirs = "Fund scanners."  # a teammate deleted the first sentence
    mine = "Ban drones now. Fund scanners."  # written before seeing that
    result = merge(base, theirs, mine)
    assert not result.clean
