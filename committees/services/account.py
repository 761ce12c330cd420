"""A person changes their own account."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

User = get_user_model()


@transaction.atomic
def update_display_name(*, user, first_name: str, last_name: str):
    first_name, last_name = first_name.strip()[:150], last_name.strip()[:150]
    User.objects.filter(pk=user.pk).update(first_name=first_name, last_name=last_name)
    user.first_name, user.last_name = first_name, last_name
    return user
