from django.contrib import admin

from committees.models import ChairSeat, Committee, Country, DelegateSeat, Delegation, Invite


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "iso3", "un_status", "permanent_member"]
    list_filter = ["un_status", "permanent_member"]
    search_fields = ["name", "iso3", "aliases"]


class DelegationInline(admin.TabularInline):
    model = Delegation
    extra = 0
    autocomplete_fields = ["country"]


class ChairInline(admin.TabularInline):
    model = ChairSeat
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["acronym", "name", "topic", "rule_profile"]
    prepopulated_fields = {"slug": ["acronym"]}
    # Rules are changed in the app's rules editor (in words, with a preview), not as JSON here.
    readonly_fields = ["rule_overrides", "rules_updated_at", "rules_updated_by"]
    search_fields = ["name", "acronym", "topic"]
    inlines = [ChairInline, DelegationInline]


class DelegateSeatInline(admin.TabularInline):
    model = DelegateSeat
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    list_display = ["country", "committee", "status"]
    list_filter = ["committee", "status"]
    list_select_related = ["country", "committee"]
    search_fields = ["country__name", "committee__acronym"]
    autocomplete_fields = ["country", "committee"]
    inlines = [DelegateSeatInline]


@admin.register(Invite)
class InviteAdmin(admin.ModelAdmin):
    list_display = ["code", "committee", "role", "delegation", "email", "uses", "max_uses"]
    list_filter = ["committee", "role"]
    list_select_related = ["committee", "delegation__country"]
    search_fields = ["code", "email"]
    readonly_fields = ["uses", "created_at", "created_by"]
    autocomplete_fields = ["committee", "delegation"]
