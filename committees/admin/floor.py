from django.contrib import admin

from committees.models.floor import FloorMotion, FloorSettings, Note


@admin.register(FloorSettings)
class FloorSettingsAdmin(admin.ModelAdmin):
    """How a committee runs its floor: times, yields, note passing (the chair's panel changes
    note passing too)."""

    list_display = ["committee", "speaking_time", "reply_time", "note_mode", "notes_paused"]
    list_filter = ["note_mode"]


@admin.register(FloorMotion)
class FloorMotionAdmin(admin.ModelAdmin):
    list_display = ["title", "session", "raised_by", "status", "raised_at"]
    list_filter = ["status", "kind"]
    readonly_fields = [f.name for f in FloorMotion._meta.fields]

    def has_add_permission(self, request):
        # Motions come from the floor (a delegation or the chair), never from the admin.
        return False


@admin.register(Note)
class NoteAdmin(admin.ModelAdmin):
    list_display = ["sender", "recipient", "status", "sent_at"]
    list_filter = ["status", "committee"]
    readonly_fields = [f.name for f in Note._meta.fields]

    def has_add_permission(self, request):
        return False
