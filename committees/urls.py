from django.urls import path

from .views import home, people

app_name = "committees"

urlpatterns = [
    path("", home.committee_home, name="home"),
    path("delegations/", people.delegations, name="delegations"),
    path("invites/", people.invites, name="invites"),
    path("invites/<int:invite_id>/revoke/", people.revoke_invite_view, name="revoke_invite"),
    path("import-delegations/", people.import_delegations, name="import_delegations"),
]
