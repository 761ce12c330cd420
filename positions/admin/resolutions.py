from django.contrib import admin

from positions.models import Amendment, AmendmentSupport, Clause, DraftResolution, Sponsorship


class SponsorshipInline(admin.TabularInline):
    model = Sponsorship
    extra = 0
    raw_id_fields = ("delegation", "signed_by")


@admin.register(DraftResolution)
class DraftResolutionAdmin(admin.ModelAdmin):
    list_display = ("display_symbol", "title", "committee", "status", "created_at")
    list_filter = ("committee", "status")
    search_fields = ("title", "symbol")
    readonly_fields = ("version", "symbol", "number", "motion")
    inlines = [SponsorshipInline]


@admin.register(Clause)
class ClauseAdmin(admin.ModelAdmin):
    list_display = ("resolution", "kind", "depth", "order", "struck", "text")
    list_filter = ("resolution__committee", "kind", "struck")
    search_fields = ("text",)
    raw_id_fields = ("resolution", "parent")


class AmendmentSupportInline(admin.TabularInline):
    model = AmendmentSupport
    extra = 0
    raw_id_fields = ("delegation", "by")


@admin.register(Amendment)
class AmendmentAdmin(admin.ModelAdmin):
    list_display = ("pk", "resolution", "delegation", "kind", "friendly", "status", "stale")
    list_filter = ("status", "kind", "friendly", "stale")
    raw_id_fields = ("resolution", "clause", "delegation", "block", "motion", "created_by")
    inlines = [AmendmentSupportInline]
