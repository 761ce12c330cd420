from django.contrib import admin

from committees.models import Ballot, Motion, RollCallEntry, Session, Vote


class RollCallInline(admin.TabularInline):
    model = RollCallEntry
    extra = 0
    fields = ["delegation", "attendance", "recorded_at"]
    readonly_fields = ["recorded_at"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["committee", "number", "opened_at", "closed_at"]
    list_filter = ["committee"]
    inlines = [RollCallInline]


@admin.register(Motion)
class MotionAdmin(admin.ModelAdmin):
    list_display = ["title", "committee", "kind", "status", "created_at"]
    list_filter = ["committee", "kind", "status"]
    search_fields = ["title", "text"]


class BallotInline(admin.TabularInline):
    model = Ballot
    extra = 0
    fields = ["delegation", "choice", "source", "passed_first", "passes", "cast_at", "cast_by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        # Ballots come only from delegations and the roll call, never from the admin.
        return False


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin):
    list_display = ["motion", "committee", "method", "status", "passed", "closed_at"]
    list_filter = ["committee", "method", "status"]
    readonly_fields = ["electorate", "yes", "no", "abstain", "passed", "explanation"]
    inlines = [BallotInline]
