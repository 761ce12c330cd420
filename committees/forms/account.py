"""A person's own account: the name others see."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class ProfileForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    language = forms.ChoiceField(
        label=_("Language of the app"),
        required=False,
        choices=[("", _("The browser's language"))] + list(settings.LANGUAGES),
        help_text=_("What committees write (guides, papers, resolutions) stays as written."),
    )

    def clean(self):
        data = super().clean()
        if not (data.get("first_name", "").strip() or data.get("last_name", "").strip()):
            raise forms.ValidationError(
                _("Give at least a first or a last name: it is what your committee sees.")
            )
        return data
