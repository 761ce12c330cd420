"""The pure search-text engine: passages, safe queries, escaped highlights."""

from hypothesis import given
from hypothesis import strategies as st

from committees.engines.search_text import (
    MARK_START,
    MARK_STOP,
    ParsedQuery,
    highlight_html,
    parse_query,
    plain_excerpt,
    reflow_layout_text,
    split_paragraphs,
    split_passages,
    to_fts5_match,
    to_tsquery_text,
)


def test_query_words_are_lowercased_and_the_last_is_a_prefix_while_typing():
    assert parse_query("Darknet Traffi") == ParsedQuery(("darknet", "traffi"), True)
    assert parse_query("darknet trafficking ") == ParsedQuery(("darknet", "trafficking"), False)


def test_operators_and_punctuation_never_reach_the_engine():
    query = parse_query('AI" OR NOT -drug* (NEAR) & !:*')
    assert query.terms == ("ai", "or", "not", "drug", "near")
    assert not query.prefix_last  # the text ended in punctuation: the last word is complete
    assert to_fts5_match(query) == '"ai" "or" "not" "drug" "near"'
    assert to_tsquery_text(query) == "ai & or & not & drug & near"


def test_a_single_trailing_letter_waits_for_the_next_key():
    assert parse_query("border e") == ParsedQuery(("border",), False)
    assert not parse_query("e")
    assert not parse_query("   ")


def test_prefix_query_syntax_for_both_engines():
    query = parse_query("crypto wal")
    assert to_fts5_match(query) == '"crypto" "wal"*'
    assert to_tsquery_text(query) == "crypto & wal:*"


def test_underscores_split_words_as_postgres_does():
    assert parse_query("foo_bar ").terms == ("foo", "bar")


@given(st.text())
def test_any_text_gives_a_safe_query(raw):
    query = parse_query(raw)
    assert len(query.terms) <= 12
    for term in query.terms:
        assert term and all(ch.isalnum() for ch in term)
    match = to_fts5_match(query)
    assert match.count('"') == 2 * len(query.terms)


def test_highlight_escapes_everything_but_the_marks():
    snippet = f"<script>x</script> the {MARK_START}cartel{MARK_STOP} & co"
    assert highlight_html(snippet) == (
        "&lt;script&gt;x&lt;/script&gt; the <mark>cartel</mark> &amp; co"
    )


def test_highlight_closes_an_unbalanced_mark():
    assert highlight_html(f"a {MARK_START}b") == "a <mark>b</mark>"
    assert highlight_html(f"a{MARK_STOP} b") == "a b"


@given(st.text())
def test_highlight_never_lets_markup_through(text):
    out = highlight_html(text)
    stripped = out.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in stripped and ">" not in stripped


def test_passages_start_at_headings_and_link_to_their_first_paragraph():
    text = (
        "Intro paragraph about drones.\n\n"
        "2.5 Artificial Intelligence\n\n"
        "AI is used by cartels.\nAnother paragraph here.\n"
        "Types of Use Detected\n"
        "Automated extortion: bots.\n"
    )
    passages = split_passages(text)
    assert [(p.first_paragraph, p.heading) for p in passages] == [
        (1, ""),
        (3, "2.5 Artificial Intelligence"),
        (6, "Types of Use Detected"),
    ]
    assert passages[1].text == "AI is used by cartels.\nAnother paragraph here."


def test_long_runs_of_paragraphs_are_cut_into_several_passages():
    text = "\n".join(f"Paragraph {i} " + "word " * 60 + "." for i in range(20))
    passages = split_passages(text, max_chars=1000)
    assert len(passages) > 3
    assert all(len(p.text) <= 1000 for p in passages)
    assert sum(p.text.count("\n") + 1 for p in passages) == 20


def test_paragraph_numbers_match_non_empty_lines():
    paragraphs = split_paragraphs("a.\n\n\nb.\r\nc.")
    assert [(p.number, p.text) for p in paragraphs] == [(1, "a."), (2, "b."), (3, "c.")]


def test_control_characters_cannot_forge_highlights():
    (passage,) = split_passages(f"Some {MARK_START}fake{MARK_STOP} mark.")
    assert MARK_START not in passage.text


def test_pdf_lines_are_rejoined_into_paragraphs():
    text = "The training focused\non opioids.\n\nSecond   paragraph\f Third"
    assert reflow_layout_text(text) == (
        "The training focused on opioids.\n\nSecond paragraph\n\nThird"
    )


def test_plain_excerpt_cuts_at_a_word():
    assert plain_excerpt("alpha beta gamma", max_chars=12) == "alpha beta…"
    assert plain_excerpt("short") == "short"


def test_marking_terms_on_a_page_is_escaped_and_loose():
    from committees.engines.search_text import mark_terms_html

    html = mark_terms_html("<b>Cryptocurrency</b> wallets & traffickers", ("cryptocurrencies",))
    assert html == "&lt;b&gt;<mark>Cryptocurrency</mark>&lt;/b&gt; wallets &amp; traffickers"
    assert mark_terms_html("Trafficking networks", ("traffi",)) == (
        "<mark>Trafficking</mark> networks"
    )
    assert mark_terms_html("a < b", ()) == "a &lt; b"


@given(st.text(), st.lists(st.text(min_size=2, max_size=8), max_size=3))
def test_marking_never_lets_markup_through(text, terms):
    from committees.engines.search_text import mark_terms_html

    out = mark_terms_html(text, tuple(terms)).replace("<mark>", "").replace("</mark>", "")
    assert "<" not in out and ">" not in out
