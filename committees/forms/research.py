"""Forms for sources and country stances (the research side of a committee)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext, gettext_lazy

from committees.engines.documents import SUPPORTED_EXTENSIONS
from committees.models import GuideSection, Source, Stance, StanceQuestion


class SourceForm(forms.Form):
    title = forms.CharField(max_length=300)
    publisher = forms.CharField(max_length=200, required=False)
    published_on = forms.DateField(
        required=False,
        label=gettext_lazy("Published on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Leave empty if unknown."),
    )
    url = forms.URLField(max_length=500, required=False, label=gettext_lazy("Web address"))
    text = forms.CharField(
        required=False,
        label=gettext_lazy("Text"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=gettext_lazy("Paste the full text, or upload a file below."),
    )
    file = forms.FileField(
        required=False,
        label=gettext_lazy("…or upload a file"),
        help_text=gettext_lazy("A .txt, .md, .docx or text-based .pdf file, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(SUPPORTED_EXTENSIONS)}),
    )

    def __init__(self, *args, committee, source=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.committee = committee
        self.source = source

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        others = Source.objects.filter(committee=self.committee, title__iexact=title)
        if self.source is not None:
            others = others.exclude(pk=self.source.pk)
        if others.exists():
            raise forms.ValidationError(
                gettext("This committee already has a source with this title.")
            )
        return title

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                gettext("“%(name)s” is %(value)s MB; the limit is 10 MB.")
                % {"name": upload.name, "value": format(upload.size / 1048576, ".1f")}
            )
        return upload

    def clean(self):
        data = super().clean()
        has_text = bool((data.get("text") or "").strip())
        has_file = bool(data.get("file"))
        if has_text and has_file:
            raise forms.ValidationError(
                gettext(
                    "Paste the text or upload a file, not both (your pasted text is kept below)."
                )
            )
        if not has_text and not has_file and "file" not in self.errors:
            raise forms.ValidationError(gettext("Paste the source's text or upload a file."))
        return data


class SourceEditForm(SourceForm):
    """Correcting a source: its details and text (the original file stays as uploaded)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["file"]
        self.fields["text"].required = True
        self.fields["text"].help_text = "Search and stance citations use this text."

    def clean(self):
        return forms.Form.clean(self)


class PositionForm(forms.Form):
    stance = forms.ChoiceField(choices=Stance.choices, widget=forms.RadioSelect)
    rationale = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    cited_section = forms.CharField(
        required=False,
        max_length=120,
        label=gettext_lazy("Guide section"),
        help_text=gettext_lazy('Number and title, e.g. "III.2 Mexico".'),
        widget=forms.TextInput(attrs={"list": "guide-sections", "autocomplete": "off"}),
    )
    cited_source = forms.ModelChoiceField(
        queryset=Source.objects.none(), required=False, label=gettext_lazy("…or a source")
    )
    quote = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cited_source"].queryset = Source.objects.filter(committee=committee).only(
            "id", "title"
        )
        # Offered as suggestions (a datalist): the citation stays text, so it survives a
        # re-import of the guide, but nobody has to remember the numbering.
        self.section_options = [
            f"{ref} {title}"
            for ref, title in GuideSection.objects.filter(guide__committee=committee)
            .exclude(ref="")
            .order_by("order")
            .values_list("ref", "title")
        ]


class ProfileForm(forms.Form):
    text = forms.CharField(
        required=False,
        label=gettext_lazy("Profile"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy("What the guide says about this country's role; edit freely."),
    )


class QuestionForm(forms.Form):
    short_label = forms.CharField(max_length=60, label=gettext_lazy("Short label"))
    text = forms.CharField(label=gettext_lazy("Question"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, committee, question=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.committee = committee
        self.question = question

    def clean_short_label(self) -> str:
        label = self.cleaned_data["short_label"].strip()
        others = StanceQuestion.objects.filter(committee=self.committee, short_label=label)
        if self.question is not None:
            others = others.exclude(pk=self.question.pk)
        if others.exists():
            raise forms.ValidationError(gettext("There is already a question with this label."))
        return label


class QuestionEditForm(QuestionForm):
    order = forms.IntegerField(
        min_value=0, max_value=999, help_text=gettext_lazy("Questions are listed by this number.")
    )
