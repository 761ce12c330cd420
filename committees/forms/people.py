from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext, gettext_lazy

from committees.models import Delegation, Invite

User = get_user_model()


class JoinForm(forms.Form):
    """Sign up with an invite code (new account)."""

    code = forms.CharField(
        label=gettext_lazy("Invite code"),
        max_length=20,
        help_text=gettext_lazy("For example ABCDE-23456."),
    )
    username = forms.CharField(
        max_length=150,
        min_length=2,
        validators=[UnicodeUsernameValidator()],
        help_text=gettext_lazy("Letters, digits and @ . + - _ only (no spaces)."),
    )
    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)
    email = forms.EmailField(label=gettext_lazy("E-mail"))
    password1 = forms.CharField(
        label=gettext_lazy("Password"), widget=forms.PasswordInput, strip=False
    )
    password2 = forms.CharField(
        label=gettext_lazy("Password again"), widget=forms.PasswordInput, strip=False
    )

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(gettext("That username is taken. Choose another one."))
        return username

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", gettext("The two passwords differ."))
        elif p1:
            probe = User(username=data.get("username", ""), email=data.get("email", ""))
            try:
                password_validation.validate_password(p1, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class RedeemForm(forms.Form):
    """An existing account takes the seat an invite code gives."""

    code = forms.CharField(label=gettext_lazy("Invite code"), max_length=20)


class InviteForm(forms.Form):
    """A new code: by default for one delegate, used once; with an e-mail, sent to that person."""

    seat = forms.ChoiceField(label=gettext_lazy("Seat"))
    max_uses = forms.IntegerField(
        label=gettext_lazy("How many people may use it"), min_value=1, max_value=50, initial=1
    )
    email = forms.EmailField(
        label=gettext_lazy("E-mail (optional)"),
        required=False,
        help_text=gettext_lazy("A personal code, only for this address; we e-mail it to them."),
    )

    def __init__(self, *args, delegations, **kwargs):
        super().__init__(*args, **kwargs)
        self.delegations = {str(d.pk): d for d in delegations}
        self.fields["seat"].choices = [
            (str(d.pk), f"Delegation of {d.country.name}") for d in delegations
        ] + [("chair", "Chair of this committee")]

    def clean(self):
        data = super().clean()
        if data.get("email") and (data.get("max_uses") or 1) > 1:
            self.add_error(
                "max_uses", gettext("A personal code (with an e-mail) is for one person.")
            )
        return data

    def seat_role_and_delegation(self) -> tuple[str, Delegation | None]:
        seat = self.cleaned_data["seat"]
        if seat == "chair":
            return Invite.Role.CHAIR, None
        return Invite.Role.DELEGATE, self.delegations[seat]


class DelegationsCsvForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy(
            "Columns: country, status (member/observer), email, first_name, last_name."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 1024 * 1024:
            raise forms.ValidationError(gettext("The file is larger than 1 MB; split it."))
        data = upload.read()
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise forms.ValidationError(gettext("This is not a text CSV file."))
