"""The secretariat's writes: committees, their delegations, and the people in them.

Each function validates first, then changes everything or nothing (one transaction), and
raises SetupError with a message a person can act on.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from django.utils.translation import gettext, ngettext

from committees.live import announce_access_change, announce_room_change
from committees.models import (
    ChairSeat,
    Committee,
    Country,
    DelegateSeat,
    Delegation,
    Invite,
    RuleProfile,
)
from committees.services.guides import ImportResult, import_guide, parse_upload, safe_filename

User = get_user_model()


class SetupError(Exception):
    """A change the secretariat asked for that cannot be made, and why."""


def _free_slug(base: str) -> str:
    base = slugify(base)[:50] or "committee"
    slug, n = base, 2
    while Committee.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def _check_details(name: str, acronym: str, rule_profile: str) -> tuple[str, str]:
    name, acronym = (name or "").strip(), (acronym or "").strip()
    if not name:
        raise SetupError(gettext("A committee needs a name."))
    if not acronym:
        raise SetupError(gettext("A committee needs a short name (acronym), e.g. UNODC."))
    if len(acronym) > 20:
        raise SetupError(gettext("The short name can have at most 20 characters."))
    if rule_profile not in RuleProfile.values:
        raise SetupError(gettext("Unknown rules of procedure."))
    return name, acronym


@transaction.atomic
def create_committee(
    *,
    name: str,
    acronym: str,
    topic: str = "",
    rule_profile: str = RuleProfile.GENERAL_ASSEMBLY,
    slug: str = "",
) -> Committee:
    name, acronym = _check_details(name, acronym, rule_profile)
    if slug and Committee.objects.filter(slug=slug).exists():
        raise SetupError(
            gettext("The address /c/%(slug)s/ is taken by another committee.") % {"slug": slug}
        )
    return Committee.objects.create(
        slug=slug or _free_slug(acronym),
        name=name[:200],
        acronym=acronym,
        topic=(topic or "").strip()[:300],
        rule_profile=rule_profile,
    )


@dataclass
class GuideDetails:
    """What a guide's title page says about its committee."""

    name: str
    acronym: str
    topic: str
    chairs: list[str]
    countries: list[str]  # ISO3 codes of the countries the guide discusses


def details_from_structure(structure: dict) -> GuideDetails:
    committee = (structure.get("committee") or "").strip()
    acronym = ""
    if committee.endswith(")") and "(" in committee:
        committee, _, rest = committee.rpartition("(")
        acronym, committee = rest.rstrip(")").strip(), committee.strip()
    if not acronym:
        words = committee.split()
        acronym = committee if len(words) == 1 else "".join(w[0] for w in words if w[0].isupper())
    return GuideDetails(
        name=committee or structure.get("title", "").strip() or acronym,
        acronym=acronym[:20],
        topic=(structure.get("topic") or "").strip(),
        chairs=list(structure.get("chairs") or []),
        countries=[c["iso3"] for c in structure.get("countries", []) if c.get("iso3")],
    )


def read_guide_details(*, filename: str, data: bytes) -> GuideDetails:
    """Parse an uploaded guide (nothing is stored). GuideImportError if it is unreadable."""
    return details_from_structure(parse_upload(filename=safe_filename(filename), data=data))


@transaction.atomic
def create_committee_from_guide(
    *, filename: str, data: bytes, user, rule_profile: str = RuleProfile.GENERAL_ASSEMBLY
) -> tuple[Committee, ImportResult, GuideDetails]:
    """A new committee named as its guide's title page says, with the guide imported."""
    structure = parse_upload(filename=safe_filename(filename), data=data)
    details = details_from_structure(structure)
    if not details.acronym:
        raise SetupError(
            gettext(
                "The guide's title page does not name the committee; create it by hand instead."
            )
        )
    committee = create_committee(
        name=details.name,
        acronym=details.acronym,
        topic=details.topic,
        rule_profile=rule_profile,
    )
    result = import_guide(committee=committee, filename=filename, data=data, user=user)
    return committee, result, details


@transaction.atomic
def update_committee(
    *, committee: Committee, name: str, acronym: str, topic: str, rule_profile: str
) -> Committee:
    name, acronym = _check_details(name, acronym, rule_profile)
    Committee.objects.filter(pk=committee.pk).update(
        name=name[:200],
        acronym=acronym,
        topic=(topic or "").strip()[:300],
        rule_profile=rule_profile,
    )
    announce_room_change(committee.pk)  # an update() sends no post_save
    committee.refresh_from_db()
    return committee


@transaction.atomic
def add_delegations(
    *, committee: Committee, countries: list[Country], status: str = Delegation.Status.MEMBER
) -> list[Delegation]:
    if status not in Delegation.Status.values:
        raise SetupError(gettext("A delegation is a member or an observer."))
    Committee.objects.select_for_update().filter(pk=committee.pk).first()
    seated = set(committee.delegations.values_list("country_id", flat=True))
    new = [c for c in countries if c.pk not in seated]
    return Delegation.objects.bulk_create(
        [Delegation(committee=committee, country=c, status=status) for c in new]
    )


@transaction.atomic
def set_delegation_status(*, delegation: Delegation, status: str) -> Delegation:
    if status not in Delegation.Status.values:
        raise SetupError(gettext("A delegation is a member or an observer."))
    Delegation.objects.filter(pk=delegation.pk).update(status=status)
    announce_room_change(delegation.committee_id)  # an update() sends no post_save
    delegation.status = status
    return delegation


def _written_by(delegation: Delegation) -> list[str]:
    """What other parts of the app keep for this delegation (papers, ballots, stances...).

    Read from the model relations, so this stays true whichever app adds them.
    """
    found = []
    for relation in Delegation._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete):
            continue  # only reverse relations: rows elsewhere pointing at this delegation
        if not (relation.one_to_many or relation.one_to_one):
            continue
        model = relation.related_model
        if model in (DelegateSeat, Invite):
            continue
        if model._default_manager.filter(**{relation.field.name: delegation}).exists():
            found.append(str(model._meta.verbose_name_plural))
    return found


@transaction.atomic
def remove_delegation(*, delegation: Delegation) -> None:
    """Only a delegation with nobody seated and nothing written can go (typed text is kept)."""
    delegation = Delegation.objects.select_for_update().get(pk=delegation.pk)
    people = delegation.delegates.count()
    if people:
        raise SetupError(
            ngettext(
                "%(name)s has %(people)s delegate: move or remove them first.",
                "%(name)s has %(people)s delegates: move or remove them first.",
                people,
            )
            % {"name": delegation.country.name, "people": people}
        )
    written = _written_by(delegation)
    if written:
        raise SetupError(
            gettext("%(name)s cannot be removed: it has %(join)s. Make it an observer instead.")
            % {"name": delegation.country.name, "join": ", ".join(written)}
        )
    delegation.invites.all().delete()
    delegation.delete()


@transaction.atomic
def move_delegate(*, seat: DelegateSeat, to: Delegation) -> DelegateSeat:
    seat = DelegateSeat.objects.select_for_update().select_related("delegation").get(pk=seat.pk)
    if to.committee_id != seat.delegation.committee_id:
        raise SetupError(gettext("A person moves between delegations of the same committee only."))
    if to.pk == seat.delegation_id:
        return seat
    DelegateSeat.objects.filter(pk=seat.pk).update(delegation=to)
    # An update sends no signal: the seat's holder is announced here (committees/live.py).
    announce_access_change(seat.user_id)
    seat.delegation = to
    return seat


@transaction.atomic
def remove_from_committee(*, committee: Committee, user) -> int:
    """Take a person's seats (delegate and chair) in this committee; their account stays."""
    removed, _ = DelegateSeat.objects.filter(delegation__committee=committee, user=user).delete()
    chairs, _ = ChairSeat.objects.filter(committee=committee, user=user).delete()
    if not removed and not chairs:
        raise SetupError(gettext("This person has no seat in this committee."))
    return removed + chairs


def reset_link(user) -> str:
    """A one-time link that lets the person choose a new password (until they use it)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})


@transaction.atomic
def reset_access(*, user, by) -> str:
    """Sign the person out everywhere and give a link to choose a new password.

    The old password stops working at once (and with it every open session, whose check
    depends on the password); the link works once.
    """
    if user.pk == by.pk:
        raise SetupError(gettext("Change your own password from the Password page."))
    user = User.objects.select_for_update().get(pk=user.pk)
    user.set_unusable_password()
    user.save(update_fields=["password"])
    return reset_link(user)
