"""Countries, invites, sign-up with a code, CSV import, the demo and settings safety."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from committees.countries import resolve_country
from committees.models import ChairSeat, Country, DelegateSeat, Delegation, Invite
from committees.services.people import create_invite, import_delegations_csv
from tests.factories import delegation

User = get_user_model()
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "written,iso3",
    [
        ("US", "USA"),
        ("USA", "USA"),
        ("United States of America", "USA"),
        ("the United States", "USA"),
        ("México", "MEX"),
        ("People's Republic of China", "CHN"),
        ("UK", "GBR"),
        ("Côte d'Ivoire", "CIV"),
        ("cote d ivoire", "CIV"),
        ("Holy See", "VAT"),
        ("Atlantis", None),
    ],
)
def test_loose_country_names(written, iso3):
    assert resolve_country(written) == iso3


def test_all_member_and_observer_states_are_shipped(db):
    from tests.factories import ensure_countries

    ensure_countries()
    assert Country.objects.filter(un_status="member").count() == 193
    assert set(Country.objects.filter(un_status="observer").values_list("iso3", flat=True)) == {
        "VAT",
        "PSE",
    }
    assert set(Country.objects.filter(permanent_member=True).values_list("iso3", flat=True)) == {
        "CHN",
        "FRA",
        "GBR",
        "RUS",
        "USA",
    }


# --- Invites --------------------------------------------------------------------------------


def signup(
    client, code, username="newbie", email="newbie@example.org", password="a-long-pass-phrase-42"
):
    return client.post(
        reverse("join"),
        {
            "code": code,
            "username": username,
            "email": email,
            "first_name": "New",
            "last_name": "Bie",
            "password1": password,
            "password2": password,
        },
    )


def test_signup_with_code_lands_in_the_delegation(client, committee, chair):
    invite = create_invite(
        committee=committee, delegation=delegation(committee, "MEX"), created_by=chair, max_uses=2
    )
    response = signup(client, invite.code.lower().replace("-", " "))
    assert response.status_code == 302 and response["Location"] == reverse("home")
    user = User.objects.get(username="newbie")
    assert DelegateSeat.objects.get(user=user).delegation.country.iso3 == "MEX"
    home = client.get(reverse("home"))
    assert "Mexico" in home.text
    invite.refresh_from_db()
    assert invite.uses == 1


def test_chair_code_makes_a_chair(client, committee, admin_user):
    invite = create_invite(committee=committee, role=Invite.Role.CHAIR, created_by=admin_user)
    signup(client, invite.code)
    assert ChairSeat.objects.filter(committee=committee, user__username="newbie").exists()


@pytest.mark.parametrize("problem", ["unknown", "used", "expired"])
def test_bad_codes_are_refused_and_nothing_is_created(client, committee, chair, problem):
    from django.utils import timezone

    code = "ZZZZZ-99999"
    if problem != "unknown":
        invite = create_invite(
            committee=committee, delegation=delegation(committee, "USA"), created_by=chair
        )
        code = invite.code
        if problem == "used":
            Invite.objects.filter(pk=invite.pk).update(uses=1)
        else:
            Invite.objects.filter(pk=invite.pk).update(expires_at=timezone.now())
    response = signup(client, code)
    assert response.status_code == 200
    assert {"unknown": "does not exist", "used": "already been used", "expired": "expired"}[
        problem
    ] in response.text
    assert not User.objects.filter(username="newbie").exists()
    # What the person typed is still in the form.
    assert 'value="newbie@example.org"' in response.text


def test_signed_in_person_takes_a_second_seat_in_another_committee(
    client, committee, other_committee, delegate, admin_user
):
    invite = create_invite(committee=other_committee, role=Invite.Role.CHAIR, created_by=admin_user)
    client.force_login(delegate)
    response = client.post(reverse("join"), {"code": invite.code})
    assert response.status_code == 302
    assert ChairSeat.objects.filter(committee=other_committee, user=delegate).exists()
    assert DelegateSeat.objects.filter(user=delegate).count() == 1


def test_one_country_per_person_per_committee(client, committee, delegate, chair):
    invite = create_invite(
        committee=committee, delegation=delegation(committee, "CHN"), created_by=chair
    )
    client.force_login(delegate)
    response = client.post(reverse("join"), {"code": invite.code})
    assert "one country per committee" in response.text
    assert DelegateSeat.objects.filter(user=delegate).count() == 1


def test_chair_creates_and_revokes_a_code(role_client, committee, chair):
    client = role_client("chair")
    mex = delegation(committee, "MEX")
    response = client.post(
        reverse("committees:invites", args=["unodc"]),
        {"seat": str(mex.pk), "max_uses": 3},
        follow=True,
    )
    invite = Invite.objects.get()
    assert invite.delegation == mex and invite.max_uses == 3
    assert invite.code in response.text
    client.post(reverse("committees:revoke_invite", args=["unodc", invite.pk]))
    invite.refresh_from_db()
    assert not invite.is_usable()


def test_chair_cannot_revoke_another_committees_code(
    role_client, committee, other_committee, chair, admin_user
):
    foreign = create_invite(
        committee=other_committee, role=Invite.Role.CHAIR, created_by=admin_user
    )
    response = role_client("chair").post(
        reverse("committees:revoke_invite", args=["unodc", foreign.pk])
    )
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.is_usable()


# --- CSV import -----------------------------------------------------------------------------

GOOD_CSV = """country,status,email,first_name,last_name
Germany,member,hans@example.org,Hans,Becker
Germany,member,greta@example.org,Greta,Vogel
the United States,,,,
Holy See,observer,,,
"""


def test_csv_import_creates_delegations_and_personal_codes(committee):
    report = import_delegations_csv(committee=committee, text=GOOD_CSV)
    assert report.ok, report.problems
    assert {d.country.iso3 for d in report.delegations_created} == {"DEU", "VAT"}
    assert Delegation.objects.get(committee=committee, country__iso3="VAT").status == "observer"
    assert sorted(i.email for i in report.invites) == ["greta@example.org", "hans@example.org"]
    assert all(i.delegation.country.iso3 == "DEU" for i in report.invites)


BAD_CSV = """country,status,email,first_name,last_name
Germany,member,hans@example.org,Hans,Becker
Atlantis,member,,,
Germany,member,hans@example.org,Hans,Again
Brazil,member,not-an-email,,
,member,x@example.org,,
Brazil,observer,,,
"""


def test_csv_import_with_bad_rows_reports_every_line_and_writes_nothing(committee):
    delegations_before = Delegation.objects.count()
    report = import_delegations_csv(committee=committee, text=BAD_CSV)
    lines = {p.line: p.reason for p in report.problems}
    assert set(lines) == {3, 4, 5, 6, 7}
    assert "unknown country" in lines[3]
    assert "duplicate" in lines[4]
    assert "bad e-mail" in lines[5]
    assert "missing country" in lines[6]
    assert "listed as member on line 5" in lines[7]
    assert Delegation.objects.count() == delegations_before
    assert not Invite.objects.exists()


def test_csv_import_conflicting_status_is_reported(committee):
    report = import_delegations_csv(
        committee=committee, text="country,status\nBrazil,member\nBrazil,observer\n"
    )
    assert [str(p) for p in report.problems] == ["line 3: Brazil is listed as member on line 2"]


def test_csv_missing_column(committee):
    report = import_delegations_csv(committee=committee, text="nation,email\nFrance,a@b.org\n")
    assert report.problems[0].line == 1 and "missing column country" in report.problems[0].reason


def test_csv_email_already_seated_is_a_duplicate(committee, delegate):
    report = import_delegations_csv(
        committee=committee, text=f"country,email\nFrance,{delegate.email}\n"
    )
    assert "already sits in this committee" in report.problems[0].reason


def test_csv_import_page_shows_problems_and_writes_nothing(role_client, committee, chair):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("people.csv", BAD_CSV.encode(), content_type="text/csv")
    response = role_client("chair").post(
        reverse("committees:import_delegations", args=["unodc"]), {"file": upload}
    )
    assert response.status_code == 200
    assert "Nothing was imported: 5 problems" in response.text
    assert "Line 3: unknown country" in response.text
    assert not Invite.objects.exists()


def test_csv_import_command(tmp_path, committee, capsys):
    path = tmp_path / "people.csv"
    path.write_text(BAD_CSV)
    with pytest.raises(CommandError, match="5 bad row"):
        call_command("import_delegations", str(path), "--committee", "unodc")
    assert "people.csv:3: unknown country" in capsys.readouterr().err
    path.write_text(GOOD_CSV)
    call_command("import_delegations", str(path), "--committee", "unodc")
    out = capsys.readouterr().out
    assert "hans@example.org" in out and "Import complete" in out


# --- Demo and settings ----------------------------------------------------------------------


def test_demo_loads_and_running_twice_changes_nothing(db):
    call_command("load_demo", stdout=io.StringIO())
    counts = (
        User.objects.count(),
        Delegation.objects.count(),
        DelegateSeat.objects.count(),
        ChairSeat.objects.count(),
    )
    call_command("load_demo", stdout=io.StringIO())
    assert counts == (
        User.objects.count(),
        Delegation.objects.count(),
        DelegateSeat.objects.count(),
        ChairSeat.objects.count(),
    )
    assert (
        DelegateSeat.objects.filter(delegation__country__iso3__in=["USA", "MEX", "CHN"]).count()
        == 6
    )
    assert User.objects.get(username="admin").is_staff


def test_demo_accounts_log_in_and_land_on_their_home(client, db):
    from django.conf import settings

    call_command("load_demo", stdout=io.StringIO())
    expectations = {"admin": "All committees", "chair": "You chair UNODC", "mx1": "Your delegation"}
    for username, heading in expectations.items():
        assert client.login(username=username, password=settings.DEMO_PASSWORD)
        assert heading in client.get(reverse("home")).text
        client.logout()


def _run_settings(env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY")}
    env.update(env_overrides)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; from django.conf import settings; django.setup(); print(settings.SESSION_COOKIE_SECURE, settings.PASSWORD_HASHERS[0])",
        ],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "unodc_mun.settings"},
        capture_output=True,
        text=True,
    )


def test_settings_refuse_to_start_without_secret_key_outside_debug():
    result = _run_settings({"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_are_safe_by_default():
    result = _run_settings({"DEBUG": "0", "SECRET_KEY": "x" * 50})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "django.contrib.auth.hashers.Argon2PasswordHasher"]


def _manage(*args):
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**env, "DEBUG": "0"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_offline_commands_run_without_secret_key_but_serving_refuses():
    assert _manage("check").returncode == 0
    served = _manage("runserver", "--noreload", "127.0.0.1:0")
    assert served.returncode != 0
    assert "SECRET_KEY must be set" in served.stderr
