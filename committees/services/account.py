"""A person changes their own account: the name others see, the interface language."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from committees.models import AccountSettings

User = get_user_model()


@transaction.atomic
def update_account(*, user, first_name: str, last_name: str, language: str = ""):
    first_name, last_name = first_name.strip()[:150], last_name.strip()[:150]
    if language and language not in {code for code, _ in settings.LANGUAGES}:
        raise ValueError(f"Unknown language {language!r}.")
    User.objects.filter(pk=user.pk).update(first_name=first_name, last_name=last_name)
    AccountSettings.objects.update_or_create(user=user, defaults={"language": language})
    user.first_name, user.last_name = first_name, last_name
    return user
