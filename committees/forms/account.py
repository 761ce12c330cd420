"""A person's own account: the name others see."""

from django import forms


class ProfileForm(forms.Form):
    first_name = forms.CharField(label="First name", max_length=150, required=False)
    last_name = forms.CharField(label="Last name", max_length=150, required=False)

    def clean(self):
        data = super().clean()
        if not (data.get("first_name", "").strip() or data.get("last_name", "").strip()):
            raise forms.ValidationError(
                "Give at least a first or a last name: it is what your committee sees."
            )
        return data
