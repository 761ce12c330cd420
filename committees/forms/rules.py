"""The rules editor: every setting of a rule profile as a question in words (no JSON).

The form starts from a profile (a preset, or the committee's rules) and turns its answers back
into the rule names the voting engine reads (`RulesForm.rules()`); the engine validates them,
so a value the form lets through but the rules refuse still gets a clear message.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from django import forms
from django.utils.translation import gettext, gettext_lazy

from committees.engines import motions, voting
from committees.engines.voting import Majority, VoteKind

SHARES = [
    ("0", gettext_lazy("none")),
    ("1/10", gettext_lazy("one tenth")),
    ("1/5", gettext_lazy("one fifth")),
    ("1/4", gettext_lazy("one quarter")),
    ("1/3", gettext_lazy("one third")),
    ("1/2", gettext_lazy("a majority (more than half)")),
    ("3/5", gettext_lazy("three fifths")),
    ("2/3", gettext_lazy("two thirds")),
]
SIGNATURE_SHARES = [(v, gettext_lazy("a majority") if v == "1/2" else w) for v, w in SHARES]
KIND_WORDS = {
    VoteKind.PROCEDURAL: gettext_lazy("Procedural votes (motions)"),
    VoteKind.AMENDMENT: gettext_lazy("Votes on amendments"),
    VoteKind.RESOLUTION: gettext_lazy("Votes on draft resolutions"),
}
YES_NO = [("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))]
# A floor motion's rules besides its majority: (form suffix, MotionRule field).
MOTION_FLAGS = (("second", "needs_second"), ("debatable", "debatable"), ("ends", "ends_others"))
MOTION_COUNTS = (("for", "speakers_for"), ("against", "speakers_against"))
FLAG_WORDS = {
    "second": gettext_lazy("Needs a second"),
    "debatable": gettext_lazy("Debatable"),
    "ends": gettext_lazy("When it passes, the other motions on the floor lapse"),
    "for": gettext_lazy("Speakers for (when debatable)"),
    "against": gettext_lazy("Speakers against (when debatable)"),
}


def _flag_choices(usual: bool) -> list[tuple[str, str]]:
    usual_words = gettext("The usual: yes") if usual else gettext("The usual: no")
    return [("", usual_words), ("yes", gettext("Yes")), ("no", gettext("No"))]


def _majorities() -> list[tuple[str, str]]:
    """The majorities in the request's language (the engine words them when asked)."""
    return [(m.value, m.label[0].upper() + m.label[1:]) for m in Majority]


def _fraction_value(value: Fraction) -> str:
    return f"{value.numerator}/{value.denominator}" if value else "0"


def _with_current(choices: list[tuple[str, str]], current: str) -> list[tuple[str, str]]:
    if current in {v for v, _ in choices}:
        return choices
    return [*choices, (current, current)]


class RulesForm(forms.Form):
    preset = forms.ChoiceField(
        label=gettext_lazy("Start from"),
        choices=[(p.key, gettext_lazy(p.label)) for p in voting.PRESETS.values()],
        help_text=gettext_lazy(
            "Choosing another preset loads its rules; change any of them below."
        ),
    )
    label = forms.CharField(label=gettext_lazy("Name of these rules"), max_length=200)

    # Documents
    signatory_fraction = forms.ChoiceField(
        label=gettext_lazy("Sponsors and signatories a draft needs")
    )
    signature_comparison = forms.ChoiceField(
        label=gettext_lazy("Compared with that share of the members"),
        choices=[("more_than", gettext_lazy("more than")), ("at_least", gettext_lazy("at least"))],
    )
    max_sponsors = forms.IntegerField(
        label=gettext_lazy("Most sponsors a draft may have"),
        min_value=1,
        max_value=200,
        required=False,
        help_text=gettext_lazy("Leave empty for no limit."),
    )
    amendment_signatory_fraction = forms.ChoiceField(
        label=gettext_lazy("Signatures an unfriendly amendment needs")
    )
    amendable_clauses = forms.MultipleChoiceField(
        label=gettext_lazy("Clauses that may be amended"),
        choices=[
            ("operative", gettext_lazy("Operative clauses")),
            ("preambulatory", gettext_lazy("Preambulatory clauses")),
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    second_degree_amendments = forms.BooleanField(
        label=gettext_lazy("Amendments to amendments are in order"), required=False
    )
    chair_may_waive_signatures = forms.BooleanField(
        label=gettext_lazy("The chair may waive a signature threshold, giving a reason"),
        required=False,
    )

    # Votes (three kinds: fields added in __init__) and important questions
    chair_may_mark_important = forms.BooleanField(
        label=gettext_lazy("The chair may mark a draft or an amendment as an important question"),
        required=False,
    )
    important_majority = forms.ChoiceField(
        label=gettext_lazy("An important question needs"), choices=_majorities
    )
    fixed_count = forms.IntegerField(
        label=gettext_lazy("Affirmative votes a Council-style majority needs"),
        min_value=1,
        max_value=500,
    )
    present_rights = forms.ChoiceField(
        label=gettext_lazy("A delegation that answered “present” may, on substance"),
        choices=[
            ("vote", gettext_lazy("vote yes, no or abstain")),
            ("abstain_only", gettext_lazy("only abstain")),
        ],
    )
    present_and_voting_may_abstain = forms.BooleanField(
        label=gettext_lazy("A delegation “present and voting” may abstain on substance"),
        required=False,
    )

    # Observers
    observers_vote_procedural = forms.BooleanField(
        label=gettext_lazy("Observers vote on procedural matters"), required=False
    )
    observers_vote_substantive = forms.BooleanField(
        label=gettext_lazy("Observers vote on amendments and drafts"), required=False
    )
    observers_may_sponsor = forms.BooleanField(
        label=gettext_lazy("Observers may sponsor drafts"), required=False
    )
    observers_may_sign = forms.BooleanField(
        label=gettext_lazy("Observers may sign drafts"), required=False
    )

    # Quorum
    quorum_debate_fraction = forms.ChoiceField(
        label=gettext_lazy("Members present needed to debate")
    )
    quorum_vote_fraction = forms.ChoiceField(label=gettext_lazy("Members present needed to vote"))

    # Roll call and electronic votes
    roll_call_start = forms.ChoiceField(
        label=gettext_lazy("A roll call goes in alphabetical order"),
        choices=[
            ("drawn", gettext_lazy("from a delegation drawn by lot")),
            ("top", gettext_lazy("from the top")),
        ],
    )
    roll_call_passes = forms.TypedChoiceField(
        label=gettext_lazy("A delegation may pass"),
        coerce=int,
        choices=[
            (0, gettext_lazy("never")),
            (1, gettext_lazy("once")),
            (2, gettext_lazy("twice")),
            (3, gettext_lazy("three times")),
        ],
    )
    passed_must_vote_yes_or_no = forms.BooleanField(
        label=gettext_lazy("After passing, a delegation must vote yes or no"), required=False
    )
    silence = forms.ChoiceField(
        label=gettext_lazy(
            "When an electronic vote closes, delegations present that have not voted"
        ),
        choices=[
            ("not_voting", gettext_lazy("are recorded as not voting")),
            ("must_vote", gettext_lazy("must first be recorded by the chair")),
        ],
    )
    division_allowed = forms.BooleanField(
        label=gettext_lazy("Division of the question (parts of a draft voted on separately)"),
        required=False,
    )
    split_house_allowed = forms.BooleanField(
        label=gettext_lazy("Split the house (a vote with no abstentions)"), required=False
    )

    preview_members = forms.IntegerField(
        label=gettext_lazy("Members for the sample votes"),
        min_value=3,
        max_value=500,
        required=False,
    )

    def __init__(self, *args, profile: voting.RuleProfile, members: int = 15, **kwargs):
        self.profile = profile
        initial = self.initial_for(profile)
        initial["preview_members"] = members
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        for name, shares in (
            ("signatory_fraction", SIGNATURE_SHARES),
            ("amendment_signatory_fraction", SIGNATURE_SHARES),
            ("quorum_debate_fraction", SHARES),
            ("quorum_vote_fraction", SHARES),
        ):
            self.fields[name].choices = _with_current(
                shares, _fraction_value(getattr(profile, name))
            )
        self.kind_fields = []
        for kind in VoteKind:
            majority, abstain = f"majority_{kind.value}", f"abstentions_{kind.value}"
            self.fields[majority] = forms.ChoiceField(
                label=gettext("%(value)s need") % {"value": KIND_WORDS[kind]}, choices=_majorities
            )
            self.fields[abstain] = forms.BooleanField(
                label=gettext("%(value)s: delegations may abstain") % {"value": KIND_WORDS[kind]},
                required=False,
            )
            self.kind_fields.append((KIND_WORDS[kind], self[majority], self[abstain]))
        self.motion_fields = []
        self.motion_rows = []
        for kind in motions.MotionKind:
            usual = motions.DEFAULT_MOTION_RULES[kind]
            name = f"motion_{kind.value}"
            self.fields[name] = forms.ChoiceField(
                label=kind.label,
                choices=[
                    (
                        "",
                        gettext("The usual: %(majority)s")
                        % {"majority": Majority(usual.majority).label},
                    ),
                    *_majorities(),
                ],
                required=False,
            )
            self.motion_fields.append(self[name])
            row = [self[name]]
            for suffix, rule in MOTION_FLAGS:
                flag = f"{name}_{suffix}"
                self.fields[flag] = forms.ChoiceField(
                    label=FLAG_WORDS[suffix],
                    choices=_flag_choices(getattr(usual, rule)),
                    required=False,
                )
                row.append(self[flag])
            for suffix, rule in MOTION_COUNTS:
                count = f"{name}_{suffix}"
                self.fields[count] = forms.IntegerField(
                    label=FLAG_WORDS[suffix],
                    min_value=0,
                    max_value=20,
                    required=False,
                    help_text=gettext("Empty: the usual (%(count)s).")
                    % {"count": getattr(usual, rule)},
                )
                row.append(self[count])
            self.motion_rows.append((kind.label, row))

    @staticmethod
    def initial_for(profile: voting.RuleProfile) -> dict[str, Any]:
        data = profile.to_data()
        initial: dict[str, Any] = {"preset": profile.key}
        for name, value in data.items():
            if name in ("majorities", "abstentions", "motion_overrides", "citations", "source"):
                continue
            initial[name] = "" if value is None else value
        for name in voting.FRACTION_FIELDS:
            initial[name] = _fraction_value(getattr(profile, name))
        for kind in VoteKind:
            initial[f"majority_{kind.value}"] = profile.majorities[kind].value
            initial[f"abstentions_{kind.value}"] = profile.abstentions[kind]
        for kind, fields in profile.motion_overrides.items():
            if "majority" in fields:
                initial[f"motion_{kind}"] = fields["majority"]
            for suffix, rule in MOTION_FLAGS:
                if rule in fields:
                    initial[f"motion_{kind}_{suffix}"] = "yes" if fields[rule] else "no"
            for suffix, rule in MOTION_COUNTS:
                if rule in fields:
                    initial[f"motion_{kind}_{suffix}"] = fields[rule]
        return initial

    def rules(self) -> dict[str, Any]:
        """The answers as rule names and values, ready for the engine (call after is_valid)."""
        data = self.cleaned_data
        rules: dict[str, Any] = {
            name: data[name]
            for name in (
                "label",
                "signatory_fraction",
                "signature_comparison",
                "amendment_signatory_fraction",
                "second_degree_amendments",
                "chair_may_waive_signatures",
                "chair_may_mark_important",
                "important_majority",
                "fixed_count",
                "present_rights",
                "present_and_voting_may_abstain",
                "observers_vote_procedural",
                "observers_vote_substantive",
                "observers_may_sponsor",
                "observers_may_sign",
                "quorum_debate_fraction",
                "quorum_vote_fraction",
                "roll_call_start",
                "roll_call_passes",
                "passed_must_vote_yes_or_no",
                "silence",
                "division_allowed",
                "split_house_allowed",
            )
        }
        rules["max_sponsors"] = data["max_sponsors"]
        rules["amendable_clauses"] = list(data["amendable_clauses"])
        rules["majorities"] = {k.value: data[f"majority_{k.value}"] for k in VoteKind}
        rules["abstentions"] = {k.value: data[f"abstentions_{k.value}"] for k in VoteKind}
        # Motion rules: each answer left at "the usual" clears that rule; the rules the editor
        # does not show (precedence) are kept as the profile had them.
        overrides = {k: dict(v) for k, v in self.profile.motion_overrides.items()}
        for kind in motions.MotionKind:
            name = f"motion_{kind.value}"
            fields = overrides.setdefault(kind.value, {})
            answers: dict[str, Any] = {"majority": data.get(name) or None}
            for suffix, rule in MOTION_FLAGS:
                answer = data.get(f"{name}_{suffix}") or ""
                answers[rule] = None if not answer else answer == "yes"
            for suffix, rule in MOTION_COUNTS:
                answers[rule] = data.get(f"{name}_{suffix}")
            for rule, value in answers.items():
                if value is None:
                    fields.pop(rule, None)
                else:
                    fields[rule] = value
            if not fields:
                overrides.pop(kind.value)
        rules["motion_overrides"] = overrides
        return rules
