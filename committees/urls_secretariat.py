"""The secretariat's pages, under /secretariat/ (staff only)."""

from django.urls import path

from .views import secretariat as views

app_name = "secretariat"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("committees/new/", views.committee_new, name="committee_new"),
    path("c/<slug:slug>/", views.setup, name="setup"),
    path("c/<slug:slug>/details/", views.details, name="details"),
    path("c/<slug:slug>/delegations/add/", views.delegations_add, name="delegations_add"),
    path(
        "c/<slug:slug>/delegations/<int:delegation_id>/status/",
        views.delegation_status,
        name="delegation_status",
    ),
    path(
        "c/<slug:slug>/delegations/<int:delegation_id>/remove/",
        views.delegation_remove,
        name="delegation_remove",
    ),
    path("c/<slug:slug>/people/<int:user_id>/move/", views.person_move, name="person_move"),
    path("c/<slug:slug>/people/<int:user_id>/remove/", views.person_remove, name="person_remove"),
    path("c/<slug:slug>/people/<int:user_id>/reset/", views.person_reset, name="person_reset"),
]
