"""Forms of paper submission and review: the chair's settings and the scoring sheet."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext, gettext_lazy

from positions.engines.rubric import criteria, rubric_as_text


class PaperSettingsForm(forms.Form):
    deadline = forms.DateTimeField(
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=gettext_lazy(
            "Leave empty for no deadline. Unsubmitted papers show as late afterwards."
        ),
    )
    grace_minutes = forms.IntegerField(
        min_value=0, max_value=7 * 24 * 60, initial=0, label=gettext_lazy("Grace (minutes)")
    )
    word_limit = forms.IntegerField(
        required=False,
        min_value=50,
        max_value=20_000,
        help_text=gettext_lazy(
            "Words in the whole paper, bibliography not counted. Empty: no limit."
        ),
    )
    rubric = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("One criterion a line: “Label | max points”."),
    )

    @classmethod
    def for_settings(cls, paper_settings, data=None) -> PaperSettingsForm:
        return cls(
            data,
            initial={
                "deadline": paper_settings.deadline,
                "grace_minutes": paper_settings.grace_minutes,
                "word_limit": paper_settings.word_limit or None,
                "rubric": rubric_as_text(paper_settings.rubric),
            },
        )


class ReviewForm(forms.Form):
    """One number field per rubric criterion, plus the chair's comment."""

    comment = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("Shown to the delegation once you release feedback."),
    )

    def __init__(self, *args, rubric=None, section_titles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria(rubric)
        self.section_titles = list(section_titles)
        for index, title in enumerate(self.section_titles):
            self.fields[f"note_{index}"] = forms.CharField(
                label=gettext("On “%(title)s”") % {"title": title},
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        for criterion in self.criteria:
            self.fields[criterion.key] = forms.IntegerField(
                label=gettext("%(label)s (max %(max)s)")
                % {"label": criterion.label, "max": criterion.max},
                min_value=0,
                max_value=criterion.max,
                required=False,
            )
        # The scores come first, then the overall comment, then notes per section.
        self.order_fields([c.key for c in self.criteria] + ["comment"])

    def score_fields(self):
        return [self[c.key] for c in self.criteria]

    def note_fields(self):
        return [self[f"note_{index}"] for index in range(len(self.section_titles))]

    def section_notes(self) -> dict[str, str]:
        return {
            title: self.cleaned_data.get(f"note_{index}", "")
            for index, title in enumerate(self.section_titles)
        }

    @staticmethod
    def initial_notes(section_titles, notes: dict[str, str]) -> dict[str, str]:
        return {f"note_{i}": notes.get(title, "") for i, title in enumerate(section_titles)}

    def score_inputs(self) -> dict[str, str]:
        return {
            c.key: "" if self.cleaned_data.get(c.key) is None else str(self.cleaned_data[c.key])
            for c in self.criteria
        }
