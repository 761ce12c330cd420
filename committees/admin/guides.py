from django.contrib import admin

from committees.models import Guide, GuideCountry, GuideSection, StatTable
from committees.services.search import reindex_guide


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

    def delete_model(self, request, obj):
        committee = obj.committee
        super().delete_model(request, obj)
        # Search must not keep offering sections of a guide that no longer exists.
        reindex_guide(committee=committee)

    def delete_queryset(self, request, queryset):
        committees = [guide.committee for guide in queryset.select_related("committee")]
        super().delete_queryset(request, queryset)
        for committee in committees:
            reindex_guide(committee=committee)
