"""Password rules on top of Django's: no password that is printed somewhere public."""

from django.conf import settings
from django.core.exceptions import ValidationError

# Passwords a conference crowd would try first (Django's CommonPasswordValidator has the
# general list); the demo accounts' password is in the README for anyone to read.
CONFERENCE_GUESSES = {
    "mun-demo-2026",
    "mun2026",
    "mun12345",
    "unodc2026",
    "unodc123",
    "modelun2026",
    "modelun123",
    "delegate123",
    "delegate2026",
    "chair2026",
    "changeme123",
}


class NotAPublicPassword:
    def _public(self) -> set[str]:
        return {p.casefold() for p in (*CONFERENCE_GUESSES, settings.DEMO_PASSWORD) if p}

    def validate(self, password, user=None):
        if password.strip().casefold() in self._public():
            raise ValidationError(
                "This password is published (the demo accounts use it) or is a common "
                "conference password. Choose another one.",
                code="password_public",
            )

    def get_help_text(self):
        return "Your password can’t be the demo password or a common conference password."
