"""The users admin, with the secretariat's "unlock sign-in" action."""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from unodc_mun import throttle

User = get_user_model()


@admin.action(description="Unlock sign-in (after too many failed attempts)")
def unlock_sign_in(modeladmin, request, queryset):
    names = []
    for user in queryset:
        throttle.unlock_account(user.get_username())
        names.append(user.get_username())
    modeladmin.message_user(request, f"Sign-in unlocked for {', '.join(names)}.", messages.SUCCESS)


if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class PeopleUserAdmin(UserAdmin):
    actions = [unlock_sign_in]
