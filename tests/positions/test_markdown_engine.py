"""The Markdown subset: what delegates type is rendered safely and counted as a reader would."""

import re

from hypothesis import given
from hypothesis import strategies as st

from positions.engines.markdown import count_words, links, parse, plain_text, to_html


def test_paragraphs_bold_italic_and_lists():
    text = "Intro with **bold** and *italic* and _also italic_.\nSame paragraph.\n\n- one\n- two\n\n1. first\n2) second"
    assert to_html(text) == (
        "<p>Intro with <strong>bold</strong> and <em>italic</em> and <em>also italic</em>."
        " Same paragraph.</p>"
        "<ul><li>one</li><li>two</li></ul>"
        "<ol><li>first</li><li>second</li></ol>"
    )


def test_links_get_noopener_nofollow_and_relative_links_are_kept():
    html = to_html("See [UNODC](https://www.unodc.org) and [the guide](/c/unodc/guide/).")
    assert '<a href="https://www.unodc.org" rel="noopener nofollow">UNODC</a>' in html
    assert '<a href="/c/unodc/guide/" rel="noopener nofollow">the guide</a>' in html


def test_raw_html_and_script_links_never_render():
    html = to_html(
        "<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1))"
    )
    assert (
        "<script" not in html
        and "<img" not in html
        and "javascript:" not in html.replace("[x](javascript:alert(1))", "")
    )
    assert "&lt;script&gt;" in html
    assert "href" not in html


def test_protocol_relative_link_is_not_a_link():
    assert "href" not in to_html("[x](//evil.example/)")


def test_underscores_inside_words_are_not_italic():
    assert to_html("snake_case_name") == "<p>snake_case_name</p>"


def test_indented_line_continues_the_list_item():
    blocks = parse("- first item\n  continues here\n- second")
    assert [plain for plain in blocks[0].text.split("\n")] == [
        "first item continues here",
        "second",
    ]


def test_word_count_ignores_markup_markers_and_link_targets():
    assert count_words("") == 0
    assert count_words("**Two words**") == 2
    assert count_words("- U.S. policy — 2,000 seizures") == 4
    assert count_words("[Three word link](https://example.org/very/long/url)") == 3
    assert count_words("1. one\n2. two\n\nthree") == 3


def test_links_are_listed_in_reading_order_and_partly_bold_links_stay_one():
    found = links(
        "A [**UN** report](https://un.org/r) then [guide](/c/x/guide/#s-2).\n\n- [b](https://b.org)"
    )
    assert [(link.text, link.href) for link in found] == [
        ("UN report", "https://un.org/r"),
        ("guide", "/c/x/guide/#s-2"),
        ("b", "https://b.org"),
    ]


TAG = re.compile(r"</?([a-zA-Z0-9]+)")


@given(
    st.text(
        alphabet=st.sampled_from(list("ab *_-[]()<>/:\n1.#\"'&=")) | st.characters(), max_size=200
    )
)
def test_any_input_renders_only_allowed_tags(text):
    html = to_html(text)
    assert {tag.lower() for tag in TAG.findall(html)} <= {
        "p",
        "strong",
        "em",
        "ul",
        "ol",
        "li",
        "a",
        "br",
    }
    assert "javascript:" not in re.findall(r'href="([^"]*)"', html)


@given(st.lists(st.from_regex(r"[A-Za-z]{1,8}", fullmatch=True), max_size=40))
def test_plain_words_are_counted_exactly(words):
    assert count_words(" ".join(words)) == len(words)
    assert plain_text(" ".join(words)) == " ".join(words)
