"""The clause engine: numbering, opening phrases, the graded linter and the paste reader."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from positions.engines.clauses import (
    OPERATIVE,
    PREAMBULATORY,
    Clause,
    Organ,
    Severity,
    lint,
    numbering,
    opening_phrase,
    parse,
    parse_text,
    split_opening,
    sub_label,
)
from positions.engines.clauses.lint import names as _all_names

CORPUS = Path(__file__).resolve().parent.parent / "data" / "resolutions"

PRE, OP = PREAMBULATORY, OPERATIVE


def errors_and_warnings(findings):
    return [f for f in findings if f.severity in (Severity.ERROR, Severity.WARNING)]


def codes(findings):
    return sorted(f.code for f in findings)


# --- numbering ------------------------------------------------------------------------------


def test_labels_by_level():
    assert [sub_label(1, 0), sub_label(1, 2), sub_label(1, 27)] == ["a)", "c)", "bb)"]
    assert [sub_label(2, 0), sub_label(2, 3), sub_label(2, 8)] == ["i.", "iv.", "ix."]
    assert [sub_label(3, 0), sub_label(3, 1)] == ["A.", "B."]
    with pytest.raises(ValueError):
        sub_label(4, 0)


@given(st.integers(min_value=1, max_value=3999))
def test_roman_numerals_round_trip(number):
    assert numbering.from_roman(numbering.to_roman(number)) == number


@given(st.integers(min_value=0, max_value=200))
def test_letters_round_trip(index):
    assert numbering.from_letters(numbering.to_letters(index)) == index


def test_malformed_labels_are_not_numbers():
    assert numbering.from_roman("iiii") is None
    assert numbering.from_roman("") is None
    assert numbering.from_letters("ab") is None


def test_number_tree_numbers_operative_clauses_only():
    tree = [
        Clause(PRE, "Recalling,"),
        Clause(OP, "Urges:", (Clause(OP, "x;", (Clause(OP, "y;"), Clause(OP, "z;"))),)),
        Clause(OP, "Requests."),
    ]
    got = [
        (n.text, number, label)
        for n, number, label in numbering.number_tree(
            tree, kind_of=lambda c: c.kind, children_of=lambda c: c.children
        )
    ]
    assert got == [
        ("Recalling,", "", ""),
        ("Urges:", "1", "1"),
        ("x;", "a)", "1 a)"),
        ("y;", "i.", "1 a) i."),
        ("z;", "ii.", "1 a) ii."),
        ("Requests.", "2", "2"),
    ]


# --- opening phrases ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind,text",
    [
        (PRE, "Acting under Chapter VII of the Charter of the United Nations,"),
        (PRE, "Determining that the situation continues to constitute a threat,"),
        (PRE, "Having taken note of the report of the Secretary-General,"),
        (PRE, "Expressing again its appreciation to the host Government,"),
        (PRE, "Conscious that trafficking harms all societies,"),
        (PRE, "Being appalled at the level of violence,"),
        (PRE, "Deeply disturbed by the reports,"),
        (PRE, "Recalling also its resolution 70/1,"),
        (PRE, "Noting further the efforts of the Office,"),
        (PRE, "Warning against attempts to weaken the controls,"),
        (OP, "Continues to welcome the efforts of the Office;"),
        (OP, "Once again urges Member States to ratify the Convention;"),
        (OP, "Strongly condemns all attacks;"),
        (OP, "Emphasises the need for cooperation;"),
        (OP, "Pending the entry into force of the Convention, urges States to apply it;"),
        (OP, "Recalling its resolution 1502 (2003), reaffirms the obligation of all parties;"),
        (OP, "Undertakes to promote bilateral, regional and international cooperation;"),
    ],
)
def test_real_openings_are_recognised(kind, text):
    assert opening_phrase(text, kind).phrase, text
    findings = lint([Clause(kind, text)], organ=Organ.SECURITY_COUNCIL, complete=False)
    assert errors_and_warnings(findings) == []


def test_delayed_verb_is_found_after_the_opening_clause():
    found = opening_phrase("Pending the review, further urges States to act;", OP)
    assert (found.phrase, found.how) == ("Urges", "delayed")
    assert found.delayed_after == "Pending the review"


@pytest.mark.parametrize(
    "kind,text",
    [
        (OP, "Wants all States to act;"),
        (OP, "We ask Member States to cooperate;"),
        (PRE, "It is important that States cooperate,"),
        (PRE, "Because trafficking is growing,"),
    ],
)
def test_invented_openings_are_warned_about(kind, text):
    assert codes(lint([Clause(kind, text)], complete=False)) == ["unknown-phrase"]


def test_unknown_phrase_suggests_a_standard_one():
    (finding,) = lint([Clause(OP, "Wants States to cooperate;")], complete=False)
    assert finding.suggestion == "Requests"
    assert "Requests" in finding.message


def test_the_other_kind_is_an_error_with_the_counterpart():
    (finding,) = lint([Clause(OP, "Recalling its resolution 70/1;")], complete=False)
    assert (finding.code, finding.severity, finding.suggestion) == (
        "wrong-kind",
        Severity.ERROR,
        "Recalls",
    )


@given(st.text(max_size=80), st.sampled_from([PRE, OP]))
def test_split_opening_is_lossless(text, kind):
    opening, rest = split_opening(text, kind)
    assert opening + rest == text.lstrip()


def test_split_opening_keeps_modifiers_with_the_phrase():
    assert split_opening("Further requests the Office to report;", OP) == (
        "Further requests",
        " the Office to report;",
    )
    assert split_opening("Recalling also its resolution,", PRE)[0] == "Recalling also"


# --- punctuation and structure -------------------------------------------------------------


def test_endings_by_kind_and_position():
    clauses = [
        Clause(PRE, "Recalling its resolution;"),
        Clause(OP, "Urges States to act,"),
        Clause(OP, "Requests a report;"),
    ]
    findings = lint(clauses)
    assert [(f.code, f.label) for f in findings] == [
        ("punctuation", "preambulatory clause 1"),
        ("punctuation", "operative clause 1"),
        ("punctuation", "operative clause 2"),
    ]
    assert "period" in findings[2].message


def test_an_extract_may_end_with_a_semicolon():
    assert lint([Clause(OP, "Requests a report;")], complete=False) == []


def test_a_clause_with_sub_clauses_needs_a_colon():
    clause = Clause(OP, "Urges States to;", (Clause(OP, "act;"), Clause(OP, "report.")))
    (finding,) = lint([clause])
    assert (finding.code, finding.severity) == ("colon", Severity.ERROR)


def test_sub_clauses_may_end_with_semicolons_or_commas_but_not_mixed():
    commas = Clause(OP, "Decides that the mission will:", (Clause(OP, "a,"), Clause(OP, "b.")))
    assert lint([commas]) == []
    mixed = Clause(
        OP, "Decides that the mission will:", (Clause(OP, "a;"), Clause(OP, "b,"), Clause(OP, "c."))
    )
    assert [(f.code, f.severity) for f in lint([mixed])] == [("punctuation", Severity.ADVICE)]


def test_a_preamble_after_an_operative_clause_is_an_order_error():
    clauses = [
        Clause(OP, "Urges States to act;"),
        Clause(PRE, "Recalling its work,"),
        Clause(OP, "Requests a report."),
    ]
    assert codes(lint(clauses)) == ["order"]


def test_depth_beyond_three_levels_is_an_error():
    deep = Clause(OP, "d;")
    for _ in range(4):
        deep = Clause(OP, "x:", (deep, Clause(OP, "y;")))
    assert "depth" in codes(lint([Clause(OP, "z:", deep.children)]))


def test_repeated_verbs_paragraphs_apart_are_fine_consecutive_get_advice():
    apart = [Clause(OP, "Requests a;"), Clause(OP, "Urges b;"), Clause(OP, "Requests c.")]
    assert lint(apart) == []
    together = [Clause(OP, "Requests a;"), Clause(OP, "Requests b.")]
    (finding,) = lint(together)
    assert (finding.code, finding.severity) == ("repeated-phrase", Severity.ADVICE)
    assert lint([Clause(OP, "Requests a;"), Clause(OP, "Also requests b.")]) == []


def test_duplicates_are_warned():
    text = "Urges all Member States to ratify and implement the Convention against Corruption;"
    findings = lint([Clause(OP, text), Clause(OP, text.replace(";", "."))])
    assert codes(errors_and_warnings(findings)) == ["duplicate"]


# --- competence ----------------------------------------------------------------------------


def test_the_assembly_decides_on_its_own_work_and_may_demand():
    own_work = [
        "Decides, in that regard, to convene the ninth Biennial Meeting of States;",
        "Decides that the President of the General Assembly will circulate the list;",
        "Further decides that these procedures shall apply to its future sessions;",
        "Decides to include in the provisional agenda of its next session the item;",
        "Demands that all parties immediately cease hostilities;",
    ]
    for text in own_work:
        assert lint([Clause(OP, text)], organ=Organ.GENERAL_ASSEMBLY, complete=False) == []


@pytest.mark.parametrize("organ", [Organ.GENERAL_ASSEMBLY, Organ.ECOSOC, Organ.SUBSIDIARY])
@pytest.mark.parametrize(
    "kind,text",
    [
        (OP, "Decides that all States shall freeze the assets of traffickers;"),
        (OP, "Decides to impose an arms embargo on the armed groups;"),
        (OP, "Authorizes Member States to use all necessary means to stop the traffic;"),
        (PRE, "Acting under Chapter VII of the Charter of the United Nations,"),
    ],
)
def test_binding_measures_are_for_the_council_only(organ, kind, text):
    (finding,) = lint([Clause(kind, text)], organ=organ, complete=False)
    assert (finding.code, finding.severity) == ("competence", Severity.ERROR)
    assert "Security Council" in finding.message and "Article" in finding.message
    assert lint([Clause(kind, text)], organ=Organ.SECURITY_COUNCIL, complete=False) == []


def test_a_commission_does_not_demand():
    findings = lint(
        [Clause(OP, "Demands that States act;")], organ=Organ.SUBSIDIARY, complete=False
    )
    assert [(f.code, f.severity) for f in findings] == [("competence", Severity.WARNING)]


def test_referring_measures_to_the_council_is_fine():
    text = "Recommends that the Security Council consider imposing an arms embargo;"
    assert lint([Clause(OP, text)], organ=Organ.GENERAL_ASSEMBLY, complete=False) == []


def test_the_embargo_mentioned_is_not_an_embargo_imposed():
    text = "Urges States to repeal laws that extend the embargo imposed on a Member State;"
    assert lint([Clause(OP, text)], organ=Organ.GENERAL_ASSEMBLY, complete=False) == []


# --- the paste reader -----------------------------------------------------------------------


def shape(clauses):
    return [(c.kind, c.text[:12], shape(c.children)) for c in clauses]


def test_letters_continue_a_letter_list_c_after_b_and_i_after_h():
    letters = "abcdefghijk"
    text = "1. Urges States to:\n" + "\n".join(f"({x}) act {x};" for x in letters) + "\n2. Ends."
    (first, second) = parse_text(text)
    assert [c.text for c in first.children] == [f"act {x};" for x in letters]
    assert all(not c.children for c in first.children)
    assert second.text == "Ends."


def test_roman_items_under_a_letter_and_four_levels():
    text = """1. Requests the Office:
(a) to study:
(i) the routes;
(ii) the means:
a. by land;
b. by sea;
(b) to report;
(c) to publish.
"""
    (clause,) = parse_text(text)
    a, b, c = clause.children
    assert [x.text for x in (a, b, c)] == ["to study:", "to report;", "to publish."]
    assert [x.text for x in a.children] == ["the routes;", "the means:"]
    assert [x.text for x in a.children[1].children] == ["by land;", "by sea;"]
    assert lint([clause], complete=False) == []


def test_roman_list_directly_under_a_paragraph():
    text = "12. Affirms that the following steps are needed:\n(i) The first;\n(ii) The second;\n(v) Late;"
    result = parse(text)
    (clause,) = result.clauses
    assert [c.text for c in clause.children] == ["The first;", "The second;", "Late;"]
    assert [f.code for f in result.findings] == ["numbering"]


def test_pdf_line_breaks_hyphenation_and_footnotes():
    text = """A/RES/99/1
International cooperation against the world drug problem
The General Assembly,
Recalling the Single Convention on Narcotic Drugs of 1961 as amended by the 1972 Protocol, 13 the
Convention on Psychotropic Substances of 1971 and its resolution 70/1,
Noting with concern the develop-
ment of new synthetic drugs,
A/RES/99/1
International cooperation against the world drug problem
1.
Urges Member States to strengthen border management; 9
2. Requests the Secretary-General to report to the General Assembly at its next
session. 99th plenary meeting
"""
    result = parse(text)
    assert result.subject == "General Assembly"
    pre1, pre2, op1, op2 = result.clauses
    assert pre1.text == (
        "Recalling the Single Convention on Narcotic Drugs of 1961 as amended by the 1972 "
        "Protocol, the Convention on Psychotropic Substances of 1971 and its resolution 70/1,"
    )
    assert pre2.text == "Noting with concern the development of new synthetic drugs,"
    assert (op1.kind, op1.text) == (OP, "Urges Member States to strengthen border management;")
    assert op2.text.endswith("at its next session.")
    assert result.findings == []


def test_a_web_page_that_ran_the_clauses_together():
    text = (
        "The Economic and Social Council, Noting with concern that the problem remains serious, "
        "Recognizing that vigilance is required, 1. Decides that special sessions may be "
        "convened; 2. Further decides that the Commission should consider,**/ at its next "
        "session, the question;***/ 3. Suggests a shorter session. 1896th plenary meeting, */ "
        "Adopted as recommended by the Commission."
    )
    clauses = parse_text(text)
    assert [c.kind for c in clauses] == [PRE, PRE, OP, OP, OP]
    assert clauses[3].text == (
        "Further decides that the Commission should consider, at its next session, the question;"
    )
    assert clauses[-1].text == "Suggests a shorter session."


def test_a_single_unnumbered_operative_paragraph():
    text = "The Council,\n\nRecalling its resolution,\n\nDecides to enlarge the Commission."
    assert [c.kind for c in parse_text(text)] == [PRE, OP]


def test_numbering_jumps_are_reported():
    result = parse("1. Urges a;\n\n3. Requests b;\n\n3. Invites c.")
    assert [f.message.split(":")[0] for f in result.findings] == [
        "The pasted numbering jumps from 1 to 3",
        "The pasted numbering repeats from 3 to 3",
    ]


def test_the_preamble_is_kept_where_it_was_pasted_for_the_linter_to_see():
    clauses = parse_text("1. Urges a;\n\nRecalling its work,\n\n2. Requests b.")
    assert [c.kind for c in clauses] == [OP, PRE, OP]
    assert codes(lint(clauses)) == ["order"]


@given(st.text(max_size=400))
def test_parse_never_crashes(text):
    for clause in parse_text(text):
        assert clause.kind in (PRE, OP)


op_text = st.from_regex(r"[a-z]{2,8}( [a-z]{2,8}){0,5}", fullmatch=True)


@given(
    st.lists(
        st.tuples(op_text, st.lists(st.tuples(op_text, st.lists(op_text, max_size=3)), max_size=4)),
        min_size=1,
        max_size=5,
    )
)
def test_rendered_resolutions_read_back_the_same(paragraphs):
    lines = ["The General Assembly,", "Recalling its resolution 1/1,"]
    for n, (text, subs) in enumerate(paragraphs, 1):
        lines.append(f"{n}. Requests the Office to {text}" + (":" if subs else ";"))
        for i, (sub, subsubs) in enumerate(subs):
            lines.append(f"({numbering.to_letters(i)}) {sub}" + (":" if subsubs else ";"))
            for j, subsub in enumerate(subsubs):
                lines.append(f"({numbering.to_roman(j + 1)}) {subsub};")
    clauses = parse_text("\n".join(lines))
    assert clauses[0].kind == PRE
    ops = clauses[1:]
    assert len(ops) == len(paragraphs)
    for clause, (_text, subs) in zip(ops, paragraphs, strict=True):
        assert [len(c.children) for c in clause.children] == [len(s[1]) for s in subs]


# --- the corpus of real resolutions ---------------------------------------------------------


def test_the_corpus_reads_with_the_documented_counts_and_no_false_errors():
    from tests.load.clause_benchmark import load, precision

    documents = load(CORPUS)
    assert len(documents) >= 20
    clauses, false, parse_ok, parse_total, _rows = precision(documents)
    assert clauses >= 500
    assert parse_ok == parse_total
    assert false / clauses <= 0.02


def test_names_label_sub_clauses():
    clauses = [
        Clause(PRE, "Recalling,"),
        Clause(OP, "Urges:", (Clause(OP, "a;"), Clause(OP, "b."))),
    ]
    names = _all_names(clauses)
    assert [names[id(c)] for c in (clauses[0], clauses[1], *clauses[1].children)] == [
        "preambulatory clause 1",
        "operative clause 1",
        "operative clause 1 a)",
        "operative clause 1 b)",
    ]
