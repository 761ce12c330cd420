"""Getting people in: codes by default for one delegate, CSV, printable slips, e-mails,
password reset by e-mail, and a person's own name."""

import csv
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from committees.models import Invite
from committees.services.invitations import join_link, qr_svg
from committees.services.people import create_invite
from tests import factories

User = get_user_model()

URLS = ("invites/codes.csv", "invites/slips/")
# Moderators only; people of another committee never learn it exists.
EXPECTED = {
    "anonymous": 302,
    "delegate": 403,
    "other_delegate": 403,
    "chair": 200,
    "other_chair": 404,
    "admin": 200,
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_code_lists_per_role(role_client, role, committee, delegate, other_delegate, chair):
    client = role_client(role)
    for url in URLS:
        assert client.get(f"/c/{committee.slug}/{url}").status_code == EXPECTED[role], url
    email_status = client.post(f"/c/{committee.slug}/invites/email/").status_code
    assert email_status == (302 if EXPECTED[role] == 200 else EXPECTED[role])


def test_a_new_code_is_for_one_delegate_by_default(client, chair, committee):
    client.force_login(chair)
    page = client.get(f"/c/{committee.slug}/invites/")
    form = page.context["form"]
    assert form["max_uses"].initial == 1
    first_choice = form.fields["seat"].choices[0]
    assert first_choice[1].startswith("Delegation of ")
    body = page.content.decode()
    assert 'value="1"' in body and re.search(r"<option value=\"\d+\"[^>]*>Delegation of", body)


def test_a_personal_code_is_e_mailed_at_once(client, chair, committee):
    client.force_login(chair)
    mex = factories.delegation(committee, "MEX")
    response = client.post(
        f"/c/{committee.slug}/invites/",
        {"seat": str(mex.pk), "max_uses": 1, "email": "ana@example.org"},
        follow=True,
    )
    invite = Invite.objects.get()
    assert invite.email == "ana@example.org" and invite.max_uses == 1
    assert "E-mailed it to ana@example.org" in response.content.decode()
    (message,) = mail.outbox
    assert message.to == ["ana@example.org"]
    assert invite.code in message.subject
    assert f"http://testserver/join/?code={invite.code}" in message.body
    assert "Delegate of Mexico in UNODC" in message.body


def test_a_personal_code_for_several_people_is_refused(client, chair, committee):
    client.force_login(chair)
    mex = factories.delegation(committee, "MEX")
    response = client.post(
        f"/c/{committee.slug}/invites/",
        {"seat": str(mex.pk), "max_uses": 3, "email": "ana@example.org"},
    )
    assert "is for one person" in response.content.decode()
    assert not Invite.objects.exists() and not mail.outbox


def test_e_mail_every_unused_personal_code(client, chair, committee, admin_user):
    usa, mex = factories.delegation(committee, "USA"), factories.delegation(committee, "MEX")
    fresh = create_invite(
        committee=committee, delegation=usa, created_by=admin_user, email="a@x.org"
    )
    used = create_invite(
        committee=committee, delegation=usa, created_by=admin_user, email="b@x.org"
    )
    Invite.objects.filter(pk=used.pk).update(uses=1)
    create_invite(committee=committee, delegation=mex, created_by=admin_user)  # no e-mail
    client.force_login(chair)
    response = client.post(f"/c/{committee.slug}/invites/email/", follow=True)
    assert [m.to for m in mail.outbox] == [["a@x.org"]]
    assert fresh.code in mail.outbox[0].body
    assert "E-mailed 1 invitation." in response.content.decode()


def test_e_mailing_another_committees_code_is_404(client, chair, committee, other_committee):
    foreign = create_invite(
        committee=other_committee,
        delegation=factories.delegation(other_committee, "GBR"),
        created_by=chair,
        email="x@y.org",
    )
    client.force_login(chair)
    response = client.post(f"/c/{committee.slug}/invites/email/", {"invite": foreign.pk})
    assert response.status_code == 404 and not mail.outbox


def test_a_mail_server_failure_is_reported_and_nothing_breaks(client, chair, committee, settings):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
    invite = create_invite(
        committee=committee,
        delegation=factories.delegation(committee, "USA"),
        created_by=chair,
        email="a@x.org",
    )
    client.force_login(chair)
    response = client.post(
        f"/c/{committee.slug}/invites/email/", {"invite": invite.pk}, follow=True
    )
    assert response.status_code == 200
    assert "the mail server did not take the messages" in response.content.decode()


def test_csv_lists_every_code_with_its_join_link(client, chair, committee, admin_user):
    usa = factories.delegation(committee, "USA")
    invite = create_invite(committee=committee, delegation=usa, created_by=admin_user)
    create_invite(committee=committee, role=Invite.Role.CHAIR, created_by=admin_user)
    client.force_login(chair)
    response = client.get(f"/c/{committee.slug}/invites/codes.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 2
    usa_row = next(r for r in rows if r["code"] == invite.code)
    assert usa_row["country"] == "United States of America" or usa_row["country"]
    assert usa_row["join_link"] == f"http://testserver/join/?code={invite.code}"
    assert usa_row["usable"] == "yes"


def test_slips_one_per_person_with_a_qr_code_to_the_join_page(
    client, chair, committee, admin_user, django_assert_max_num_queries
):
    usa = factories.delegation(committee, "USA")
    shared = create_invite(committee=committee, delegation=usa, created_by=admin_user, max_uses=3)
    Invite.objects.filter(pk=shared.pk).update(uses=1)
    personal = create_invite(
        committee=committee, delegation=usa, created_by=admin_user, email="p@x.org"
    )
    revoked = create_invite(committee=committee, delegation=usa, created_by=admin_user)
    Invite.objects.filter(pk=revoked.pk).update(max_uses=0)
    client.force_login(chair)
    body = client.get(f"/c/{committee.slug}/invites/slips/").content.decode()
    assert body.count('class="slip"') == 3  # 2 uses left of the shared code + the personal one
    assert body.count(shared.code) >= 2 and personal.code in body and revoked.code not in body
    assert "For p@x.org" in body
    expected_qr = str(qr_svg(join_link("http://testserver/join/", personal.code)))
    assert expected_qr in body
    for _ in range(5):
        create_invite(committee=committee, delegation=usa, created_by=admin_user)
    with django_assert_max_num_queries(8):
        client.get(f"/c/{committee.slug}/invites/slips/")


def test_the_qr_link_opens_the_join_page_with_the_code_filled_in(committee, admin_user):
    invite = create_invite(
        committee=committee,
        delegation=factories.delegation(committee, "USA"),
        created_by=admin_user,
    )
    link = join_link("http://testserver/join/", invite.code)
    response = Client().get(link.removeprefix("http://testserver"))
    assert response.status_code == 200
    assert f'value="{invite.code}"' in response.content.decode()


def test_password_reset_by_e_mail(db, delegate):
    anonymous = Client()
    assert "Forgot your password?" in anonymous.get("/accounts/login/").content.decode()
    response = anonymous.post("/accounts/password/reset/", {"email": delegate.email})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == [delegate.email]
    link = re.search(r"http://testserver(/accounts/reset/\S+)", message.body).group(1)
    form = anonymous.get(link, follow=True)
    set_url = form.redirect_chain[-1][0]
    anonymous.post(
        set_url, {"new_password1": "brand-new-passphrase", "new_password2": "brand-new-passphrase"}
    )
    assert User.objects.get(pk=delegate.pk).check_password("brand-new-passphrase")


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(db):
    response = Client().post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302 and not mail.outbox


def test_the_secretariat_can_e_mail_a_reset_link(client, admin_user, committee, delegate):
    client.force_login(admin_user)
    response = client.post(
        f"/secretariat/c/{committee.slug}/people/{delegate.pk}/reset/", {"email": "1"}
    )
    assert "We e-mailed the link" in response.content.decode()
    (message,) = mail.outbox
    assert message.to == [delegate.email] and response.context["link"] in message.body


def test_a_person_changes_their_display_name(client, delegate):
    client.force_login(delegate)
    assert client.get("/accounts/profile/").status_code == 200
    response = client.post(
        "/accounts/profile/", {"first_name": " Emily Rose ", "last_name": "Carter"}, follow=True
    )
    assert "Your name is shown as Emily Rose Carter" in response.content.decode()
    assert User.objects.get(pk=delegate.pk).get_full_name() == "Emily Rose Carter"
    bad = client.post("/accounts/profile/", {"first_name": " ", "last_name": ""})
    assert bad.status_code == 400
    assert User.objects.get(pk=delegate.pk).first_name == "Emily Rose"


def test_profile_needs_a_login(db):
    assert Client().get("/accounts/profile/").status_code == 302
