"""Test data made through the real services and models (no JSON fixtures)."""

from __future__ import annotations

import itertools

from django.contrib.auth import get_user_model

from committees.models import ChairSeat, Committee, Country, DelegateSeat, Delegation
from committees.services.countries import sync_countries

PASSWORD = "correct-horse-battery-staple"
_counter = itertools.count(1)


def make_user(username: str | None = None, *, staff: bool = False, **extra):
    username = username or f"user{next(_counter)}"
    return get_user_model().objects.create_user(
        username=username,
        password=PASSWORD,
        email=extra.pop("email", f"{username}@example.org"),
        is_staff=staff,
        is_superuser=staff,
        **extra,
    )


def ensure_countries() -> None:
    """Transactional tests (browser, concurrency) flush the tables the data migration filled."""
    if not Country.objects.exists():
        sync_countries(Country)


def make_committee(slug: str = "unodc", *, countries=("USA", "MEX", "CHN", "FRA"), **extra):
    ensure_countries()
    defaults = {
        "name": "United Nations Office on Drugs and Crime",
        "acronym": slug.upper()[:20],
        "topic": "Countering the use of AI by non-state actors for border evasion",
    }
    defaults.update(extra)
    committee = Committee.objects.create(slug=slug, **defaults)
    for iso3 in countries:
        Delegation.objects.create(committee=committee, country=Country.objects.get(iso3=iso3))
    return committee


def delegation(committee: Committee, iso3: str) -> Delegation:
    return Delegation.objects.get(committee=committee, country__iso3=iso3)


def seat_delegate(user, committee: Committee, iso3: str) -> DelegateSeat:
    return DelegateSeat.objects.create(delegation=delegation(committee, iso3), user=user)


def seat_chair(user, committee: Committee) -> ChairSeat:
    return ChairSeat.objects.create(committee=committee, user=user)
