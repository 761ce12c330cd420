"""Throttling of sign-in, sign-up and invite codes: per address first, then per account, with
a clear wait; nobody can lock a chair out of a session from somewhere else."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from committees.models import Invite
from committees.services.people import create_invite
from tests import factories
from unodc_mun import throttle

LOGIN = reverse("login")


def attempt(client, username, password, address="203.0.113.5"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_wrong_passwords_from_one_address_are_throttled_with_the_wait(chair):
    client = Client()
    for _ in range(5):
        assert attempt(client, "chair", "wrong").status_code == 200
    blocked = attempt(client, "chair", factories.PASSWORD)
    assert blocked.status_code == 429
    assert int(blocked["Retry-After"]) > 0
    assert "Too many failed sign-ins from this network. Try again in 15 minutes." in (
        blocked.content.decode()
    )
    assert "_auth_user_id" not in client.session  # even the right password waits


def test_the_same_chair_signs_in_from_their_own_address_meanwhile(chair):
    attacker = Client()
    for _ in range(8):
        attempt(attacker, "chair", "wrong", address="198.51.100.66")
    own = Client()
    response = attempt(own, "chair", factories.PASSWORD, address="192.0.2.10")
    assert response.status_code == 302
    assert own.session["_auth_user_id"] == str(chair.pk)


def test_a_whole_network_is_throttled_after_many_failures_across_accounts(chair, delegate):
    client = Client()
    for n in range(throttle.login_per_address().limit):
        attempt(client, f"guess{n}", "wrong")
    assert attempt(client, "ana_usa", factories.PASSWORD).status_code == 429


def test_an_account_attacked_from_many_addresses_locks_but_not_for_a_known_browser(chair, settings):
    settings.THROTTLE_RULES = {"login-account": (10, 3600)}
    chairs_browser = Client()
    assert attempt(chairs_browser, "chair", factories.PASSWORD, "192.0.2.10").status_code == 302
    chairs_browser.post(reverse("logout"))
    for n in range(10):
        attempt(Client(), "chair", "wrong", address=f"198.51.100.{n}")
    stranger = attempt(Client(), "chair", factories.PASSWORD, "192.0.2.99")
    assert stranger.status_code == 429
    assert "This account is locked" in stranger.content.decode()
    # The chair's own browser (signed in there before) still gets in.
    again = attempt(chairs_browser, "chair", factories.PASSWORD, "192.0.2.10")
    assert again.status_code == 302
    # And the secretariat can lift the lock for everyone.
    call_command("unlock_sign_in", "chair")
    assert attempt(Client(), "chair", factories.PASSWORD, "192.0.2.99").status_code == 302


def test_a_signed_in_chair_keeps_their_session_whatever_others_try(chair, settings, committee):
    settings.THROTTLE_RULES = {"login-account": (3, 3600)}
    session = Client()
    session.force_login(chair)
    for n in range(10):
        attempt(Client(), "chair", "wrong", address=f"198.51.100.{n}")
    page = session.get(reverse("committees:chair", args=[committee.slug]))
    assert page.status_code == 200


def test_the_users_admin_unlocks_sign_in(chair, admin_user, settings):
    settings.THROTTLE_RULES = {"login-account": (3, 3600)}
    for n in range(3):
        attempt(Client(), "chair", "wrong", address=f"198.51.100.{n}")
    assert throttle.account_locked_for("chair")
    admin = Client()
    admin.force_login(admin_user)
    response = admin.post(
        reverse("admin:auth_user_changelist"),
        {"action": "unlock_sign_in", "_selected_action": [chair.pk]},
        follow=True,
    )
    assert "Sign-in unlocked for chair." in response.content.decode()
    assert not throttle.account_locked_for("chair")


@pytest.fixture
def code(committee, admin_user):
    invite = create_invite(
        committee=committee,
        delegation=factories.delegation(committee, "MEX"),
        role=Invite.Role.DELEGATE,
        max_uses=5,
        created_by=admin_user,
    )
    return invite.code


def join(client, code, username="newdelegate", address="203.0.113.7"):
    return client.post(
        reverse("join"),
        {
            "code": code,
            "username": username,
            "email": f"{username}@example.org",
            "password1": "a long unusual passphrase 42",
            "password2": "a long unusual passphrase 42",
        },
        REMOTE_ADDR=address,
    )


def test_guessing_invite_codes_is_throttled_per_address(code):
    client = Client()
    for n in range(throttle.invite_per_address().limit):
        response = join(client, f"AAAAA-{n:05d}")
        assert response.status_code == 200 and "does not exist" in response.content.decode()
    blocked = join(client, code)
    assert blocked.status_code == 429
    assert "Too many wrong invite codes from this network. Try again in" in (
        blocked.content.decode()
    )
    assert not Invite.objects.get(code=code).uses
    # Another address is not affected.
    assert join(Client(), code, address="192.0.2.50").status_code == 302


def test_guessing_codes_while_signed_in_is_throttled_per_account(code, delegate):
    client = Client()
    client.force_login(delegate)
    for n in range(throttle.invite_per_account().limit):
        client.post(reverse("join"), {"code": f"BBBBB-{n:05d}"}, REMOTE_ADDR=f"192.0.2.{n}")
    blocked = client.post(reverse("join"), {"code": code}, REMOTE_ADDR="192.0.2.200")
    assert blocked.status_code == 429
    assert "Too many wrong invite codes." in blocked.content.decode()
