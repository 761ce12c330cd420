"""Draft resolutions and amendments, under /c/<slug>/resolutions/ (namespace "resolutions")."""

from django.urls import path

from positions.views import merging
from positions.views import resolutions as views

app_name = "resolutions"

urlpatterns = [
    path("", views.resolution_list, name="list"),
    path("<int:pk>/", views.resolution_detail, name="detail"),
    path("<int:pk>/support/", views.support, name="support"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/chair/", views.chair_action, name="chair"),
    path("<int:pk>/waive/", views.waive_signatures, name="waive_signatures"),
    path("<int:pk>/checks/", views.decision_checks, name="checks"),
    path("<int:pk>/draft/", views.draft_view, name="draft"),
    path("<int:pk>/merge/", merging.merge_view, name="merge"),
    path("<int:pk>/merge/<int:proposal_id>/", merging.merge_answer, name="merge_answer"),
    path("<int:pk>/draft/title/", views.draft_rename, name="rename"),
    path("<int:pk>/clauses/add/", views.clause_add, name="clause_add"),
    path("<int:pk>/clauses/reorder/", views.clause_reorder, name="clause_reorder"),
    path("<int:pk>/clauses/paste/", views.clause_paste, name="clause_paste"),
    path("<int:pk>/clauses/<int:clause_id>/save/", views.clause_save, name="clause_save"),
    path("<int:pk>/clauses/<int:clause_id>/resolve/", views.clause_resolve, name="clause_resolve"),
    path("<int:pk>/clauses/<int:clause_id>/move/", views.clause_move, name="clause_move"),
    path("<int:pk>/clauses/<int:clause_id>/kind/", views.clause_kind, name="clause_kind"),
    path("<int:pk>/clauses/<int:clause_id>/delete/", views.clause_delete, name="clause_delete"),
    path("<int:pk>/amendments/new/", views.amendment_new, name="amendment_new"),
    path(
        "<int:pk>/amendments/<int:amendment_id>/",
        views.amendment_action,
        name="amendment_action",
    ),
    path("<int:pk>/export.docx", views.export_docx, name="docx"),
    path("<int:pk>/print/", views.print_view, name="print"),
]
