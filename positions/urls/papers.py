from django.urls import path

from positions.views import agreement, editor, paper_tools, review

app_name = "positions"

urlpatterns = [
    path("review/", review.review_overview, name="review_overview"),
    path("review/settings/", review.review_settings, name="review_settings"),
    path("research/", paper_tools.paper_research, name="paper_research"),
    path("agreement/", agreement.agreement, name="stance_record"),
    path("agreement/mark/", agreement.agreement_mark, name="stance_record_mark"),
    path("<int:paper_id>/review/", review.review_paper, name="review_paper"),
    path("<int:paper_id>/review/decision/", review.review_decision, name="review_decision"),
    path("<int:paper_id>/submit/", review.submit_paper, name="submit_paper"),
    path("<int:paper_id>/submission/", review.paper_submission, name="paper_submission"),
    path("<int:paper_id>/checks/", paper_tools.paper_checks, name="paper_checks"),
    path("<int:paper_id>/export.docx", paper_tools.paper_docx, name="paper_docx"),
    path("<int:paper_id>/print/", paper_tools.paper_print, name="paper_print"),
    path("", editor.paper_list, name="list"),
    path("<int:paper_id>/", editor.paper_editor, name="editor"),
    path("<int:paper_id>/poll/", editor.poll, name="poll"),
    path("<int:paper_id>/presence/", editor.presence, name="presence"),
    path("<int:paper_id>/sections/<int:block_id>/save/", editor.block_save, name="save"),
    path("<int:paper_id>/sections/<int:block_id>/draft/", editor.draft_save, name="draft"),
    path(
        "<int:paper_id>/sections/<int:block_id>/draft/discard/",
        editor.draft_discard,
        name="discard",
    ),
    path(
        "<int:paper_id>/sections/<int:block_id>/resolve/", editor.conflict_resolve, name="resolve"
    ),
    path("<int:paper_id>/sections/<int:block_id>/history/", editor.history, name="history"),
    path("<int:paper_id>/sections/<int:block_id>/restore/", editor.restore, name="restore"),
]
