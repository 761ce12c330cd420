from django.urls import path

from .views import guides, home, people, procedure, rules, search, sources, stances

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
    path(
        "chair/votes/<int:vote_id>/roll-call/undo/",
        procedure.roll_call_undo,
        name="roll_call_undo",
    ),
    path(
        "chair/votes/<int:vote_id>/enter/",
        procedure.ballot_enter,
        name="ballot_enter",
    ),
    path("rules/", rules.rules_page, name="rules"),
    path("rules/preview/", rules.rules_preview, name="rules_preview"),
    path("rules/save/", rules.rules_save, name="rules_save"),
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
    path("guide/import/<uuid:token>/edit/", guides.guide_preview_edit, name="guide_preview_edit"),
    path("guide/edit/", guides.guide_edit, name="guide_edit"),
    # Sources, search and country stances
    path("sources/", sources.source_list, name="sources"),
    path("sources/add/", sources.source_add, name="source_add"),
    path("sources/<int:source_id>/", sources.source_detail, name="source_detail"),
    path("sources/<int:source_id>/edit/", sources.source_edit, name="source_edit"),
    path("sources/<int:source_id>/file/", sources.source_file, name="source_file"),
    path("sources/<int:source_id>/delete/", sources.source_delete, name="source_delete"),
    path("search/", search.search, name="search"),
    path("stances/", stances.overview, name="stances"),
    path("stances/compare/", stances.matrix, name="stance_matrix"),
    path("stances/alignment/", stances.alignment, name="stance_alignment"),
    path("stances/questions/add/", stances.question_add, name="stance_question_add"),
    path(
        "stances/questions/<int:question_id>/edit/",
        stances.question_edit,
        name="stance_question_edit",
    ),
    path(
        "stances/questions/<int:question_id>/delete/",
        stances.question_delete,
        name="stance_question_delete",
    ),
    path("stances/profiles/add/", stances.profile_add, name="stance_profile_add"),
    path("stances/<str:iso3>/", stances.country_profile, name="country_profile"),
    path("stances/<str:iso3>/edit/", stances.profile_edit, name="stance_profile_edit"),
    path(
        "stances/<str:iso3>/q/<int:question_id>/",
        stances.position_show,
        name="stance_position",
    ),
    path(
        "stances/<str:iso3>/q/<int:question_id>/edit/",
        stances.position_edit,
        name="stance_position_edit",
    ),
]
