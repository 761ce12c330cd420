"""The clause engine on texts it was not written from: PDF copies, press releases, openings
formed by rule (adverbs, "re-" verbs, delayed verbs), and the cost of linting a long text."""

from __future__ import annotations

import random
import time

import pytest

from positions.engines.clauses import OPERATIVE, PREAMBULATORY, Clause, Severity, lint, parse
from positions.engines.clauses.phrases import opening_phrase

PRE, OP = PREAMBULATORY, OPERATIVE


def serious(findings):
    return [f for f in findings if f.severity in (Severity.ERROR, Severity.WARNING)]


# --- PDF copies ------------------------------------------------------------------------------

PDF = """United Nations A/RES/77/123
General Assembly Distr.: General
20 December 2022
22-29772 (E) 201222
*2229772*
Seventy-seventh session
Agenda item 110
Resolution adopted by the General Assembly on 15 December 2022
77/123. Effective promotion of the Declaration on the Rights of Persons Belonging
to Minorities
The General Assembly,
Recalling its resolution 47/135 of 18 December 1992, by which it adopted the
Declaration,1 and its resolution 76/165,
Reaffirming that 2.5 million persons belonging to minorities, including in
2.5 million households, are affected,
__________________
1 See A/77/196.
22-29772 2/3
A/RES/77/123 Effective promotion of the Declaration on the Rights of Persons Belonging
to Minorities
Urging States to strengthen intelligence-
and information-sharing and the implement-
ation of the Declaration,

Strengthening of the coordination of assistance

1. Urges States to take all necessary measures to give effect to the
Declaration;
2. Requests the Secretary-General to report to the General Assembly at its
seventy-ninth session.
80th plenary meeting
15 December 2022
Annex
Declaration on the Rights of Persons Belonging to Minorities
1. States shall protect the existence of minorities;
"""


def test_a_pdf_copy_reads_back_clause_for_clause():
    parsed = parse(PDF)
    assert parsed.subject == "General Assembly"
    assert [c.kind for c in parsed.clauses] == [PRE, PRE, PRE, OP, OP]
    texts = [c.text for c in parsed.clauses]
    assert texts[0] == (
        "Recalling its resolution 47/135 of 18 December 1992, by which it adopted the "
        "Declaration, and its resolution 76/165,"
    )
    # "2.5 million" at the start of a line is not paragraph 2.
    assert (
        texts[1].startswith("Reaffirming that 2.5 million") and "2.5 million households" in texts[1]
    )
    # Page furniture, the running title, a section heading and the hyphenation are gone.
    assert texts[2] == (
        "Urging States to strengthen intelligence- and information-sharing and the "
        "implementation of the Declaration,"
    )
    assert texts[4].endswith("at its seventy-ninth session.")
    # The annex after the resolution is not read as more operative clauses.
    assert serious(lint(parsed.clauses, organ="general_assembly")) == []


def test_a_footnote_block_without_a_rule_and_a_vienna_job_number_are_dropped():
    text = (
        "The Commission on Narcotic Drugs,\n\n"
        "Recalling the Political Declaration adopted at its twentieth special session,1 the\n"
        "Declaration on the Guiding Principles of Drug Demand Reduction2 and the measures,3\n"
        "Aware of the role of civil society,\n\n"
        "* E/CN.7/2011/1.\n1 General Assembly resolution S-20/2, annex.\n"
        "2 General Assembly resolution S-20/3, annex.\n\nV.11-81283 (E)\n"
    )
    clauses = parse(text).clauses
    assert [c.text for c in clauses] == [
        "Recalling the Political Declaration adopted at its twentieth special session, the "
        "Declaration on the Guiding Principles of Drug Demand Reduction and the measures,",
        "Aware of the role of civil society,",
    ]


def test_a_press_release_quoting_the_text():
    text = (
        "The full text of resolution 2425 (2018) reads as follows:\n\n"
        "“The Security Council,\n\n“Recalling all its previous resolutions,\n\n"
        "“Determining that the situation continues to constitute a threat,\n\n"
        "“1. Decides to extend the mandate of UNAMID;\n\n"
        "“2. Decides to remain seized of the matter.”\n"
    )
    parsed = parse(text)
    assert [(c.kind, c.text) for c in parsed.clauses] == [
        (PRE, "Recalling all its previous resolutions,"),
        (PRE, "Determining that the situation continues to constitute a threat,"),
        (OP, "Decides to extend the mandate of UNAMID;"),
        (OP, "Decides to remain seized of the matter."),
    ]
    assert serious(lint(parsed.clauses, organ="security_council")) == []


def test_bracketed_footnote_markers_of_a_web_copy():
    text = (
        "The General Assembly, Recalling the Single Convention on Narcotic Drugs, 1961,[1] "
        "as well as the 1971 Convention,[2] Bearing in mind its resolution 31/1,"
    )
    assert [c.text for c in parse(text).clauses] == [
        "Recalling the Single Convention on Narcotic Drugs, 1961, as well as the 1971 Convention,",
        "Bearing in mind its resolution 31/1,",
    ]


def test_a_wrapped_line_that_repeats_is_text_not_a_running_header():
    line = "constitutes one of the most serious threats to international peace and"
    text = (
        "The Security Council,\n"
        f"Reaffirming that terrorism in all forms and manifestations\n{line}\nsecurity,\n"
        f"Reaffirming also that the proliferation of such weapons\n{line}\nsecurity,\n"
        "1. Decides to remain seized of the matter.\n"
    )
    clauses = parse(text).clauses
    assert all(line in c.text for c in clauses[:2])


def test_a_word_at_the_start_of_a_line_is_not_a_sub_clause_label():
    text = (
        "The General Assembly,\n1. Decides to enlarge the Commission, taking into account "
        "the principle of equitable geographical represent-\nation.\n"
    )
    (clause,) = parse(text).clauses
    assert clause.text.endswith("equitable geographical representation.")


# --- openings formed by rule -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Unreservedly condemns the attacks;",
        "Categorically rejects any attempt to change the status;",
        "Re-emphasizes the need for cooperation;",
        "Reemphasizes the need for cooperation;",
        "Re-establishes the Panel of Experts;",
        "Terminates the mandate of the Mission;",
        "Lifts the measures imposed by paragraph 2;",
        "Takes into account the views of States;",
        "Recognising the importance of the issue, emphasises the need to act;",
        "Acknowledging the efforts made, invites Member States to continue them;",
        "Consequently, calls upon States to act;",
        "Furthermore, requests the Secretary-General to report;",
    ],
)
def test_operative_openings_formed_by_rule(text):
    assert opening_phrase(text, OP).phrase, text
    assert serious(lint([Clause(OP, text.rstrip(";") + ".")], complete=True)) == []


@pytest.mark.parametrize(
    "text",
    [
        "Deeply appreciative of the work of the Office,",
        "Unequivocally condemning all acts of terrorism,",
        "Re-emphasizing the need for cooperation,",
        "In view of the gravity of the situation,",
    ],
)
def test_preambulatory_openings_formed_by_rule(text):
    assert opening_phrase(text, PRE).phrase, text


@pytest.mark.parametrize(
    "text", ["Wants States to act;", "Thinks that States should act;", "Tells States to act;"]
)
def test_invented_openings_stay_invented(text):
    assert opening_phrase(text, OP).phrase is None
    (finding,) = serious(lint([Clause(OP, text)], complete=False))
    assert finding.code == "unknown-phrase"


def test_an_adjective_in_ly_is_not_an_adverb():
    assert opening_phrase("Assembly decides to act;", OP).phrase is None


# --- cost ------------------------------------------------------------------------------------


def test_a_long_resolution_is_linted_quickly():
    rng = random.Random(3)
    vocabulary = [
        "States",
        "cooperation",
        "drug",
        "problem",
        "Office",
        "support",
        "report",
        "national",
        "measures",
    ]
    clauses = [
        Clause(OP, "Requests " + " ".join(rng.choice(vocabulary) for _ in range(120)) + ";")
        for _ in range(80)
    ]
    started = time.perf_counter()
    lint(clauses, complete=False)
    assert time.perf_counter() - started < 2.0


# --- the benchmark ---------------------------------------------------------------------------


def test_every_corpus_text_reads_back_from_a_pdf_copy():
    from tests.load.clause_benchmark import CORPUS, load, pdf_check

    problems = pdf_check(load(CORPUS))
    assert {name: p for name, p in problems.items() if p} == {}


def test_the_newest_additions_are_reported_on_their_own(capsys):
    from tests.load.clause_benchmark import main

    result = main([])
    out = capsys.readouterr().out
    assert "By organ" in out and "Added on or after" in out
    assert result["false_rate"] <= 0.02 and result["recall"] >= 0.95
    newest = result["newest"]
    assert newest is not None and newest["texts"] >= 20
    assert newest["false_rate"] <= 0.02 and newest["recall"] >= 0.95


def test_a_near_duplicate_is_still_found():
    text = (
        "Urges all Member States to ratify and implement the United Nations Convention against "
        "Corruption and to cooperate in the recovery of assets of illicit origin;"
    )
    twin = text.replace("all Member States", "all States")
    findings = lint([Clause(OP, text), Clause(OP, twin)], complete=False)
    assert [f.code for f in serious(findings)] == ["duplicate"]


def test_a_paragraph_number_the_pdf_put_after_the_first_line():
    text = (
        "A/RES/63/174\n"
        "Acknowledging that the United Nations has an important role to play regarding\n"
        "the protection of minorities,\n"
        "Reaffirms the obligation of States to ensure that persons belonging to\n"
        "1.\n"
        "national or ethnic, religious and linguistic minorities may exercise fully all human\n"
        "rights;\n"
        "2. Requests the Secretary-General to report.\n"
    )
    clauses = parse(text).clauses
    assert [c.kind for c in clauses] == [PRE, OP, OP]
    assert clauses[1].text == (
        "Reaffirms the obligation of States to ensure that persons belonging to national or "
        "ethnic, religious and linguistic minorities may exercise fully all human rights;"
    )
    assert serious(lint(clauses, organ="general_assembly")) == []


def test_a_footnote_on_two_lines_a_recycle_mark_and_a_part_heading():
    text = (
        "The General Assembly,\n"
        "Recalling the report of the International Law Commission,1 and its resolution\n"
        "__________________\n"
        "1 See Official Records of the General Assembly, Eightieth Session, Supplement No. 10\n"
        "(A/80/10), chap. IV.\n"
        "Please recycle\n"
        "25-16680 (E) 211025\n"
        "A/RES/80/9 2/3\n"
        "79/125 of 4 December 2024,\n"
        "I\n"
        "Strengthening of the coordination of emergency humanitarian assistance\n"
        "1. Takes note of the report;\n"
        "2. Decides to continue its consideration of the question.\n"
    )
    clauses = parse(text).clauses
    assert [c.text for c in clauses] == [
        "Recalling the report of the International Law Commission, and its resolution "
        "79/125 of 4 December 2024,",
        "Takes note of the report;",
        "Decides to continue its consideration of the question.",
    ]


def test_the_assembly_may_bind_members_on_the_budget_article_17():
    text = (
        "Decides that Member States shall pay their assessed contributions to the regular "
        "budget in full and on time;"
    )
    assert serious(lint([Clause(OP, text)], organ="general_assembly", complete=False)) == []
    (finding,) = serious(lint([Clause(OP, text)], organ="ecosoc", complete=False))
    assert finding.code == "competence" and "Article" in finding.message
    other = "Decides that all States shall criminalize the possession of drugs;"
    (finding,) = serious(lint([Clause(OP, other)], organ="general_assembly", complete=False))
    assert "Article 25" in finding.message
