"""Forms of the secretariat's pages (committees/views/secretariat.py)."""

from __future__ import annotations

import re

from django import forms
from django.conf import settings
from django.utils.translation import gettext, gettext_lazy, ngettext

from committees.countries import resolve_country
from committees.models import Committee, Country, Delegation, RuleProfile

GUIDE_TYPES = ".pdf,.docx,.txt,.md"


class CommitteeForm(forms.Form):
    name = forms.CharField(
        max_length=200, help_text=gettext_lazy("e.g. United Nations Office on Drugs and Crime")
    )
    acronym = forms.CharField(
        label=gettext_lazy("Short name"), max_length=20, help_text=gettext_lazy("e.g. UNODC")
    )
    topic = forms.CharField(max_length=300, required=False)
    rule_profile = forms.ChoiceField(
        label=gettext_lazy("Rules of procedure"),
        choices=RuleProfile.choices,
        initial=RuleProfile.GENERAL_ASSEMBLY,
    )

    @classmethod
    def for_committee(cls, committee: Committee, data=None) -> CommitteeForm:
        return cls(
            data,
            initial={
                "name": committee.name,
                "acronym": committee.acronym,
                "topic": committee.topic,
                "rule_profile": committee.rule_profile,
            },
        )


class GuideCommitteeForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Committee guide"),
        help_text=gettext_lazy(
            "PDF, Word (.docx), Markdown or text, up to 10 MB. Its title page names the committee, its topic and its chairs."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": GUIDE_TYPES}),
    )
    rule_profile = forms.ChoiceField(
        label=gettext_lazy("Rules of procedure"),
        choices=RuleProfile.choices,
        initial=RuleProfile.GENERAL_ASSEMBLY,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(gettext("The file is larger than 10 MB."))
        return upload


class AddDelegationsForm(forms.Form):
    countries = forms.CharField(
        label=gettext_lazy("Countries"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "One per line or separated by commas; loose names work (“USA”, “the United Kingdom”, “México”)."
        ),
    )
    status = forms.ChoiceField(choices=Delegation.Status.choices, initial=Delegation.Status.MEMBER)

    def clean_countries(self):
        names = [
            n.strip() for n in re.split(r"[,;\n]+", self.cleaned_data["countries"]) if n.strip()
        ]
        if not names:
            raise forms.ValidationError(gettext("Name at least one country."))
        unknown = [n for n in names if resolve_country(n) is None]
        if unknown:
            raise forms.ValidationError(
                ngettext(
                    "Unknown country: %(names)s. Check the spelling or use the ISO code (e.g. BRA).",
                    "Unknown countries: %(names)s. Check the spelling or use the ISO code (e.g. BRA).",
                    len(unknown),
                )
                % {"names": ", ".join(unknown)}
            )
        codes = list(dict.fromkeys(resolve_country(n) for n in names))
        by_code = {c.iso3: c for c in Country.objects.filter(iso3__in=codes)}
        return [by_code[code] for code in codes if code in by_code]


class DelegationStatusForm(forms.Form):
    status = forms.ChoiceField(choices=Delegation.Status.choices)


class MoveForm(forms.Form):
    delegation = forms.ModelChoiceField(
        queryset=Delegation.objects.none(), label=gettext_lazy("Move to")
    )

    def __init__(self, *args, committee: Committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegation"].queryset = Delegation.objects.filter(
            committee=committee
        ).select_related("country")
