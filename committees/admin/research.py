from django.contrib import admin

from committees.models import (
    CountryProfile,
    SearchPassage,
    Source,
    StancePosition,
    StanceQuestion,
)
from committees.services.search import index_source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "committee", "publisher", "published_on", "word_count"]
    list_filter = ["committee"]
    search_fields = ["title", "publisher"]
    readonly_fields = ["word_count", "added_by", "added_at", "original_filename"]

    def save_model(self, request, obj, form, change):
        obj.word_count = len(obj.text.split())
        if not change:
            obj.added_by = request.user
        super().save_model(request, obj, form, change)
        index_source(source=obj)  # an edit in the admin must be searchable at once


@admin.register(SearchPassage)
class SearchPassageAdmin(admin.ModelAdmin):
    list_display = ["title", "committee", "kind", "position"]
    list_filter = ["committee", "kind"]
    search_fields = ["title"]

    # The index is derived data: rebuilt by services, never edited by hand.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(StanceQuestion)
class StanceQuestionAdmin(admin.ModelAdmin):
    list_display = ["short_label", "committee", "order"]
    list_filter = ["committee"]
    list_editable = ["order"]


class StancePositionInline(admin.TabularInline):
    model = StancePosition
    extra = 0
    autocomplete_fields = ["cited_source"]
    fields = ["question", "stance", "rationale", "cited_section", "cited_source", "quote"]


@admin.register(CountryProfile)
class CountryProfileAdmin(admin.ModelAdmin):
    list_display = ["country", "committee", "updated_at"]
    list_filter = ["committee"]
    inlines = [StancePositionInline]
