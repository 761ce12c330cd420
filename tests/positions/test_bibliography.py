"""The Bibliography gathers the sources a paper cites."""

from positions.selectors.papers import (
    missing_bibliography_lines,
    paper_citations,
    uncited_in_bibliography,
)

SECTIONS = [
    ("Background", "A [UNODC note](https://www.unodc.org) and [WDR](https://unodc.org/wdr)."),
    (
        "Country policy",
        "Again the [UNODC note](https://www.unodc.org), and [guide](/c/unodc/guide/#s-2).",
    ),
    (
        "Bibliography",
        "- UNODC, World Drug Report (https://unodc.org/wdr/full)\n- [WDR](https://unodc.org/wdr)",
    ),
]


def test_citations_are_listed_once_in_order_of_first_use():
    assert [(c.title, c.url) for c in paper_citations(SECTIONS)] == [
        ("UNODC note", "https://www.unodc.org"),
        ("WDR", "https://unodc.org/wdr"),
        ("guide", "/c/unodc/guide/#s-2"),
    ]


def test_a_source_is_listed_only_by_its_exact_url_or_title():
    # "https://www.unodc.org" is not listed just because a longer URL starts the same way.
    assert [c.url for c in uncited_in_bibliography(SECTIONS)] == [
        "https://www.unodc.org",
        "/c/unodc/guide/#s-2",
    ]
    assert missing_bibliography_lines(SECTIONS) == [
        "- [UNODC note](https://www.unodc.org)",
        "- [guide](/c/unodc/guide/#s-2)",
    ]
