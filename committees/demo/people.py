"""Demo people: the UNODC committee, its delegations, a chair, an admin and delegates.

The committee's name and topic come from the title page of the committee guide shipped in
committees/demo/data/. Idempotent: running it again changes nothing.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from committees.models import ChairSeat, Committee, Country, DelegateSeat, Delegation

DEMO_COMMITTEE = {
    "slug": "unodc",
    "acronym": "UNODC",
    "name": "United Nations Office on Drugs and Crime",
    "topic": (
        "Measures to Counter the Use of AI by non-state Actors for Border Evasion "
        "and Drug Trafficking"
    ),
}
MAIN_DELEGATIONS = ["USA", "MEX", "CHN"]
OTHER_DELEGATIONS = ["COL", "FRA", "GBR", "IND", "NGA", "PAK", "THA", "DEU", "BRA"]
OBSERVERS = ["VAT"]

# username, first name, last name, country (None for chair/admin)
DEMO_PEOPLE = [
    ("admin", "Sam", "Okafor", None),
    ("chair", "Lena", "Fischer", None),
    ("us1", "Emily", "Carter", "USA"),
    ("us2", "James", "Brooks", "USA"),
    ("mx1", "Ana", "García", "MEX"),
    ("mx2", "Luis", "Hernández", "MEX"),
    ("cn1", "Wei", "Zhang", "CHN"),
    ("cn2", "Mei", "Liu", "CHN"),
]


def _user(username: str, first: str, last: str, *, staff: bool = False):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "email": f"{username}@demo.mun.example",
            "is_staff": staff,
            "is_superuser": staff,
        },
    )
    if created:
        user.set_password(settings.DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def load(*, stdout) -> None:
    committee, _ = Committee.objects.get_or_create(
        slug=DEMO_COMMITTEE["slug"], defaults=DEMO_COMMITTEE
    )
    countries = {c.iso3: c for c in Country.objects.all()}
    delegations = {}
    for iso3 in MAIN_DELEGATIONS + OTHER_DELEGATIONS + OBSERVERS:
        status = Delegation.Status.OBSERVER if iso3 in OBSERVERS else Delegation.Status.MEMBER
        delegations[iso3], _ = Delegation.objects.get_or_create(
            committee=committee, country=countries[iso3], defaults={"status": status}
        )
    for username, first, last, iso3 in DEMO_PEOPLE:
        user = _user(username, first, last, staff=username == "admin")
        if username == "chair":
            ChairSeat.objects.get_or_create(committee=committee, user=user)
        elif iso3:
            DelegateSeat.objects.get_or_create(delegation=delegations[iso3], user=user)
    stdout.write(f"Demo committee {committee.acronym}: {len(delegations)} delegations.")
