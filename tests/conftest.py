"""Personas for every test: one committee with its people, and outsiders from another."""

import pytest
from django.db import connection
from django.test import Client
from hypothesis import HealthCheck, settings

from tests import factories

# Property tests judge behaviour, not speed: a busy CI machine must not fail them on time.
settings.register_profile("project", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("project")

# The six roles of the access matrix (docs/architecture.md, "Access"): every view is tested against each.
ROLES = ("anonymous", "delegate", "other_delegate", "chair", "other_chair", "admin")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is deliberately slow; tests create many users and never attack their passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_throttles():
    # Sign-in and invite-code throttles count in the cache; each test starts from zero.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_fragments():
    # Rendered fragments are keyed by ids and versions, which a rolled-back test may reuse.
    from unodc_mun import fragments

    fragments.clear()
    yield


@pytest.fixture(autouse=True)
def _live_hub_closes_connections():
    # The live-update hub's threads would keep database connections open past the test.
    from unodc_mun import live

    live.hub.keep_connections = False
    yield


@pytest.fixture
def committee(db):
    return factories.make_committee("unodc")


@pytest.fixture
def other_committee(db):
    return factories.make_committee(
        "ctc", countries=("USA", "GBR"), acronym="CTC", name="Counter-Terrorism Committee"
    )


@pytest.fixture
def delegate(committee):
    user = factories.make_user("ana_usa", first_name="Emily", last_name="Carter")
    factories.seat_delegate(user, committee, "USA")
    return user


@pytest.fixture
def other_delegate(committee):
    user = factories.make_user("luis_mex", first_name="Luis", last_name="Hernández")
    factories.seat_delegate(user, committee, "MEX")
    return user


@pytest.fixture
def chair(committee):
    user = factories.make_user("chair", first_name="Lena", last_name="Fischer")
    factories.seat_chair(user, committee)
    return user


@pytest.fixture
def other_chair(other_committee):
    user = factories.make_user("other_chair")
    factories.seat_chair(user, other_committee)
    return user


@pytest.fixture
def admin_user(db):
    return factories.make_user("secretariat", staff=True)


@pytest.fixture
def role_client(request, db):
    """`role_client("chair")` → a Client logged in as that persona (anonymous: not logged in)."""

    def make(role: str) -> Client:
        client = Client()
        if role != "anonymous":
            fixture = "admin_user" if role == "admin" else role
            client.force_login(request.getfixturevalue(fixture))
        return client

    return make


@pytest.fixture
def on_postgres(db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://...)")
    return True


def pytest_collection_modifyitems(config, items):
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL=postgres://...)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)
