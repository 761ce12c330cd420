from django.contrib import admin

from positions.models import Paper, PaperSettings, Revision


@admin.register(PaperSettings)
class PaperSettingsAdmin(admin.ModelAdmin):
    list_display = ("committee", "word_limit", "deadline", "grace_minutes")


@admin.register(Paper)
class PaperAdmin(admin.ModelAdmin):
    list_display = ("delegation", "committee", "topic", "status", "created_at")
    list_filter = ("committee", "status")
    raw_id_fields = ("delegation", "document")
    readonly_fields = ("committee", "delegation", "document", "created_at")


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    """History is append-only: the secretariat may read it, never change it."""

    list_display = ("pk", "block", "kind", "author", "created_at")
    list_filter = ("kind",)
    search_fields = ("text", "author__username")
    list_select_related = ("block", "author")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
