"""The clause linter on clauses taken from real resolutions, and its edge cases."""

from hypothesis import given
from hypothesis import strategies as st

from committees.engines.clause_linter import (
    OPERATIVE,
    OPERATIVE_PHRASES,
    PREAMBULATORY,
    PREAMBULATORY_PHRASES,
    Clause,
    Organ,
    Severity,
    labels,
    lint,
    parse_text,
    split_opening,
    sub_label,
)


def pre(text, *children):
    return Clause(PREAMBULATORY, text, tuple(children))


def op(text, *children):
    return Clause(OPERATIVE, text, tuple(children))


def codes(findings):
    return [f.code for f in findings]


# General Assembly resolution 73/192 ("Preventing and combating corrupt practices ..."),
# Commission on Narcotic Drugs and Security Council wording, shortened but punctuated as
# published.
GA_RESOLUTION = """The General Assembly,

Recalling its resolution 58/4 of 31 October 2003, by which it adopted the United Nations Convention against Corruption,

Concerned about the seriousness of problems and threats posed by corruption to the stability and security of societies,

Reaffirming that the prevention and eradication of corruption is a responsibility of all States,

1. Urges all Member States that have not yet done so to consider ratifying or acceding to the Convention as a matter of priority;

2. Calls upon States parties to the Convention to make full use of it:
(a) By strengthening their legal frameworks;
(b) By sharing good practices, in particular on:
(i) The recovery of assets;
(ii) The protection of reporting persons;

3. Requests the Secretary-General to continue to provide the United Nations Office on Drugs and Crime with the resources necessary;

4. Also requests the Secretary-General to submit to the General Assembly at its seventy-fourth session a report on the implementation of the present resolution;

5. Decides to include in the provisional agenda of its seventy-fourth session the item entitled "Preventing and combating corrupt practices and the transfer of proceeds of corruption".
"""

SC_RESOLUTION_2482 = """The Security Council,

Recalling its resolutions 1373 (2001) and 2195 (2014),

Expressing concern that terrorists can benefit from organized crime,

1. Calls upon Member States to strengthen border management to effectively prevent the movement of terrorists and organized criminal groups;

2. Decides to impose an asset freeze on the individuals designated by the Committee;

3. Decides to remain actively seized of the matter.
"""


def test_a_real_general_assembly_resolution_is_clean():
    clauses = parse_text(GA_RESOLUTION)
    assert [c.kind for c in clauses] == [PREAMBULATORY] * 3 + [OPERATIVE] * 5
    assert len(clauses[4].children) == 2
    assert len(clauses[4].children[1].children) == 2
    assert lint(clauses, organ=Organ.GENERAL_ASSEMBLY) == []


def test_the_security_council_may_decide_and_freeze_assets():
    assert lint(parse_text(SC_RESOLUTION_2482), organ=Organ.SECURITY_COUNCIL) == []


def test_the_same_decisions_overstep_a_unodc_body():
    findings = lint(parse_text(SC_RESOLUTION_2482), organ=Organ.SUBSIDIARY, organ_name="UNODC")
    competence = [f for f in findings if f.code == "competence"]
    assert [f.label for f in competence] == ["operative clause 2"]
    assert "Security Council" in competence[0].message
    assert "UNODC can only recommend" in competence[0].message
    assert competence[0].suggestion == "Recommends"
    # "Decides to remain actively seized of the matter" concerns the body's own work.


def test_demands_is_reserved_to_the_council():
    findings = lint(
        [op("Demands that all parties cease trafficking immediately.")],
        organ=Organ.GENERAL_ASSEMBLY,
    )
    assert codes(findings) == ["competence"]
    assert "Urges" in findings[0].message


def test_sanctions_are_for_the_council_unless_the_text_refers_them_there():
    imposing = lint([op("Imposes sanctions on cartels using drones at borders.")])
    assert "competence" in codes(imposing)
    referring = lint(
        [op("Recommends that the Security Council consider targeted sanctions against cartels.")]
    )
    assert referring == []


def test_unknown_phrase_suggests_the_closest_standard_one():
    findings = lint([pre("Recalls its resolution 75/1,"), op("Encourage Member States to act.")])
    wrong_kind, unknown = findings
    assert wrong_kind.code == "wrong-kind"
    assert "operative phrase" in wrong_kind.message
    assert wrong_kind.suggestion == "Recalling"
    assert unknown.code == "unknown-phrase"
    assert unknown.suggestion == "Encourages"
    assert "Closest standard phrase" in unknown.message


def test_preambulatory_phrase_in_an_operative_clause():
    (finding,) = lint([op("Noting the report of the Executive Director.")])
    assert finding.code == "wrong-kind"
    assert finding.suggestion == "Notes"


def test_punctuation_is_explained_for_each_kind():
    findings = lint(
        [
            pre("Recalling the Single Convention on Narcotic Drugs of 1961;"),
            op("Urges Member States to share information."),
            op("Requests the Office to report;"),
        ]
    )
    messages = [f.message for f in findings]
    assert codes(findings) == ["punctuation"] * 3
    assert "ends with a comma; this one ends with a semicolon" in messages[0]
    assert "ends with a semicolon" in messages[1] and "a period" in messages[1]
    assert "last operative clause ends the resolution with a period" in messages[2]


def test_sub_clause_punctuation_and_lead_in_colon():
    findings = lint(
        [
            op(
                "Encourages Member States,",
                op("to train customs officers in detecting drones;"),
                op("to share data on AI-enabled smuggling;"),
            )
        ]
    )
    assert [(f.code, f.label) for f in findings] == [
        ("punctuation", "operative clause 1"),
        ("punctuation", "operative clause 1 b)"),
    ]
    assert "colon" in findings[0].message
    assert "a period" in findings[1].message


def test_numbering_findings():
    findings = lint(
        [
            pre("1. Recalling its earlier work,"),
            op("2. Urges Member States to cooperate;"),
            pre("Noting the guide,"),
            op("Requests the Office to report:", op("a) on drones.")),
        ]
    )
    by_code = [(f.code, f.label) for f in findings]
    assert ("numbering", "preambulatory clause 1") in by_code
    assert ("numbering", "operative clause 1") in by_code  # typed "2." but it is clause 1
    assert ("order", "preambulatory clause 2") in by_code
    assert ("numbering", "operative clause 2 a)") in by_code  # typed "a)" and a lone item


def test_depth_beyond_three_levels():
    deep = op(
        "Requests:",
        op("a:", op("b:", op("c:", op("too deep;"), op("x.")), op("y.")), op("z.")),
        op("w."),
    )
    assert "depth" in codes(lint([deep]))


def test_duplicates_and_near_duplicates():
    text = "Urges Member States to regulate the sale of commercial drones to non-state actors;"
    findings = lint(
        [
            op(text),
            op(text),
            op("Urges Member States to regulate the sale of commercial drones to non-state actor;"),
            op("Requests a report."),
        ]
    )
    dups = [f for f in findings if f.code == "duplicate"]
    assert len(dups) == 2
    assert "word for word" in dups[0].message
    assert "nearly identical" in dups[1].message


def test_repeated_operative_verb_advises_also_or_further():
    findings = lint(
        [op("Requests the Office to report;"), op("Requests the Secretary-General to assist.")]
    )
    assert codes(findings) == ["repeated-phrase"]
    assert findings[0].severity == Severity.ADVICE
    assert lint([op("Requests the Office to report;"), op("Further requests a study.")]) == []


def test_modifiers_and_british_spelling_are_accepted():
    clauses = [
        pre("Recalling also its resolution 77/1,"),
        pre("Emphasising the role of regional cooperation,"),
        pre("Noting with deep concern the rise of AI-planned smuggling routes,"),
        op("Strongly urges Member States to act;"),
        op("Once again calls upon Member States to cooperate."),
    ]
    assert lint(clauses) == []


def test_no_operative_clause_is_reported():
    assert codes(lint([pre("Recalling its work,")])) == ["no-operative"]


def test_split_opening_keeps_the_text():
    assert split_opening("Further requests the Secretary-General;", OPERATIVE) == (
        "Further requests",
        " the Secretary-General;",
    )
    assert split_opening("Noting with deep concern that", PREAMBULATORY)[0] == (
        "Noting with deep concern"
    )
    assert split_opening("Whatever this is,", PREAMBULATORY) == ("", "Whatever this is,")


def test_labels():
    clauses = [pre("Noting,"), op("A:", op("x;", op("p;"), op("q;")), op("y;")), op("B.")]
    got = labels(clauses)
    assert got[id(clauses[1])] == "1"
    assert got[id(clauses[1].children[0].children[1])] == "1 a) ii."
    assert got[id(clauses[2])] == "2"
    assert [sub_label(1, 0), sub_label(1, 27), sub_label(2, 3), sub_label(3, 1)] == [
        "a)",
        "bb)",
        "iv.",
        "B.",
    ]


def test_the_lists_are_full_and_distinct():
    assert len(PREAMBULATORY_PHRASES) >= 80
    assert len(OPERATIVE_PHRASES) >= 60
    assert not {p.lower() for p in PREAMBULATORY_PHRASES} & {p.lower() for p in OPERATIVE_PHRASES}
    for phrase in ("Bearing in mind", "Guided by", "Expressing its appreciation", "Aware of"):
        assert phrase in PREAMBULATORY_PHRASES
    for phrase in ("Calls upon", "Designates", "Decides", "Demands", "Supports"):
        assert phrase in OPERATIVE_PHRASES


def test_every_standard_phrase_is_recognised():
    for phrase in PREAMBULATORY_PHRASES:
        assert lint([pre(f"{phrase} the report,"), op("Requests a report.")]) == [], phrase
    for phrase in OPERATIVE_PHRASES:
        findings = lint([op(f"{phrase} the report.")], organ=Organ.SECURITY_COUNCIL)
        assert findings == [], phrase


clause_text = st.text(min_size=0, max_size=60)
leaf = st.builds(Clause, st.sampled_from([PREAMBULATORY, OPERATIVE, "bogus"]), clause_text)
tree = st.recursive(
    leaf,
    lambda children: st.builds(
        Clause,
        st.sampled_from([PREAMBULATORY, OPERATIVE]),
        clause_text,
        st.lists(children, max_size=3).map(tuple),
    ),
    max_leaves=12,
)


@given(st.lists(tree, max_size=6), st.sampled_from(list(Organ)))
def test_lint_never_crashes_and_always_explains(clauses, organ):
    for finding in lint(clauses, organ=organ):
        assert finding.message.strip()
        assert finding.severity in set(Severity)


@given(st.text(max_size=400))
def test_parse_text_never_crashes(text):
    for clause in parse_text(text):
        assert clause.kind in (PREAMBULATORY, OPERATIVE)


@given(st.text(max_size=80), st.sampled_from([PREAMBULATORY, OPERATIVE]))
def test_split_opening_is_lossless(text, kind):
    opening, rest = split_opening(text, kind)
    assert opening + rest == text.lstrip()
