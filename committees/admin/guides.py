from django.contrib import admin

from committees.models import Guide, GuideCountry, GuideSection, StatTable


class GuideSectionInline(admin.TabularInline):
    model = GuideSection
    fields = ["order", "ref", "title", "anchor"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False


class GuideCountryInline(admin.TabularInline):
    model = GuideCountry
    fields = ["country", "text"]
    extra = 0
    autocomplete_fields = ["country"]


class StatTableInline(admin.TabularInline):
    model = StatTable
    fields = ["caption", "columns", "rows"]
    extra = 0


@admin.register(Guide)
class GuideAdmin(admin.ModelAdmin):
    """Guides are imported from the app (Guide → Import); the admin shows and fixes details."""

    list_display = ["committee", "title", "original_name", "imported_at", "imported_by"]
    readonly_fields = ["original", "original_name", "original_sha256", "imported_by", "imported_at"]
    inlines = [GuideSectionInline, StatTableInline, GuideCountryInline]
