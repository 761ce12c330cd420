from django.contrib import admin

from positions.models import Amendment, AmendmentSupport


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
