from django.urls import path

from .views import guides, home, people, procedure

app_name = "committees"

urlpatterns = [
    path("", home.committee_home, name="home"),
    path("delegations/", people.delegations, name="delegations"),
    path("invites/", people.invites, name="invites"),
    path("invites/<int:invite_id>/revoke/", people.revoke_invite_view, name="revoke_invite"),
    path("import-delegations/", people.import_delegations, name="import_delegations"),
    # Procedure: sessions, roll call, motions, votes (chair), projector, ballots, records.
    path("chair/", procedure.chair_dashboard, name="chair"),
    path("chair/session/open/", procedure.session_open, name="session_open"),
    path("chair/session/close/", procedure.session_close, name="session_close"),
    path("chair/roll-call/", procedure.roll_call, name="roll_call"),
    path("chair/motions/", procedure.motion_create, name="motion_create"),
    path(
        "chair/motions/<int:motion_id>/withdraw/",
        procedure.motion_withdraw,
        name="motion_withdraw",
    ),
    path("chair/motions/<int:motion_id>/vote/", procedure.vote_open, name="vote_open"),
    path("chair/votes/<int:vote_id>/close/", procedure.vote_close, name="vote_close"),
    path("chair/votes/<int:vote_id>/cancel/", procedure.vote_cancel, name="vote_cancel"),
    path(
        "chair/votes/<int:vote_id>/roll-call/",
        procedure.roll_call_answer,
        name="roll_call_answer",
    ),
    path("projector/", procedure.projector, name="projector"),
    path("procedure/poll/", procedure.poll, name="procedure_poll"),
    path("votes/", procedure.votes, name="votes"),
    path("votes/<int:vote_id>/", procedure.vote_record, name="vote_record"),
    path("votes/<int:vote_id>/record.csv", procedure.vote_record_csv, name="vote_record_csv"),
    path("votes/<int:vote_id>/ballot/", procedure.cast_ballot, name="cast_ballot"),
    path("guide/", guides.guide, name="guide"),
    path("guide/original/", guides.guide_original, name="guide_original"),
    path("guide/import/", guides.guide_import, name="guide_import"),
    path("guide/import/<uuid:token>/", guides.guide_preview, name="guide_preview"),
]
