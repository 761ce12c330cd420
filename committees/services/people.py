"""Writes about people: invites, sign-up with a code, bulk import of delegations."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from committees.countries import resolve_country
from committees.models import ChairSeat, Committee, Country, DelegateSeat, Delegation, Invite

User = get_user_model()


class InviteError(Exception):
    """A code that cannot be used, with a message a person can act on."""


@transaction.atomic
def create_invite(
    *,
    committee: Committee,
    created_by,
    delegation: Delegation | None = None,
    role: str = Invite.Role.DELEGATE,
    max_uses: int = 1,
    email: str = "",
    expires_at=None,
) -> Invite:
    if role == Invite.Role.DELEGATE and delegation is None:
        raise ValueError("A delegate invite needs a delegation.")
    if delegation is not None and delegation.committee_id != committee.pk:
        raise ValueError("The delegation belongs to another committee.")
    return Invite.objects.create(
        committee=committee,
        delegation=delegation if role == Invite.Role.DELEGATE else None,
        role=role,
        max_uses=max_uses,
        email=email,
        expires_at=expires_at,
        created_by=created_by,
    )


def normalize_code(code: str) -> str:
    raw = "".join(ch for ch in code.upper() if ch.isalnum())
    return f"{raw[:5]}-{raw[5:]}" if len(raw) == 10 else code.strip().upper()


def _lock_usable_invite(code: str) -> Invite:
    invite = (
        Invite.objects.select_for_update(of=("self",))
        .select_related("committee", "delegation__country")
        .filter(code=normalize_code(code))
        .first()
    )
    if invite is None:
        raise InviteError(gettext("This invite code does not exist. Check it with your chair."))
    if invite.expires_at and invite.expires_at <= timezone.now():
        raise InviteError(gettext("This invite code has expired. Ask your chair for a new one."))
    if invite.uses >= invite.max_uses:
        raise InviteError(gettext("This invite code has already been used."))
    return invite


def _seat(invite: Invite, user) -> None:
    if invite.role == Invite.Role.CHAIR:
        ChairSeat.objects.get_or_create(committee=invite.committee, user=user)
        return
    taken = DelegateSeat.objects.filter(delegation__committee=invite.committee, user=user).exclude(
        delegation=invite.delegation
    )
    if taken.exists():
        raise InviteError(
            gettext(
                "You already sit in another delegation of this committee; a person represents one country per committee."
            )
        )
    DelegateSeat.objects.get_or_create(delegation=invite.delegation, user=user)


@transaction.atomic
def redeem_invite_as_new_user(
    *,
    code: str,
    username: str,
    email: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
):
    """Create the account and seat it where the invite says, or change nothing."""
    invite = _lock_usable_invite(code)
    if invite.email and invite.email.casefold() != email.casefold():
        raise InviteError(gettext("This invite is for another e-mail address."))
    if User.objects.filter(username__iexact=username).exists():
        raise InviteError(gettext("That username is taken. Choose another one."))
    user = User.objects.create_user(
        username=username,
        email=email,
        password=password,
        first_name=first_name,
        last_name=last_name,
    )
    _seat(invite, user)
    Invite.objects.filter(pk=invite.pk).update(uses=invite.uses + 1)
    return user, invite


@transaction.atomic
def redeem_invite_for_user(*, code: str, user) -> Invite:
    """An existing account takes a seat (e.g. a chair who is also a delegate elsewhere)."""
    invite = _lock_usable_invite(code)
    if invite.email and invite.email.casefold() != (user.email or "").casefold():
        raise InviteError(gettext("This invite is for another e-mail address."))
    _seat(invite, user)
    Invite.objects.filter(pk=invite.pk).update(uses=invite.uses + 1)
    return invite


@transaction.atomic
def revoke_invite(*, invite: Invite) -> None:
    Invite.objects.filter(pk=invite.pk).update(max_uses=invite.uses)


# --- Bulk import -----------------------------------------------------------------------------

REQUIRED_COLUMNS = ("country",)
KNOWN_COLUMNS = ("country", "status", "email", "first_name", "last_name")


@dataclass
class RowProblem:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass
class ImportReport:
    problems: list[RowProblem] = field(default_factory=list)
    delegations_created: list[Delegation] = field(default_factory=list)
    invites: list[Invite] = field(default_factory=list)
    seated_existing: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class _Row:
    line: int
    country: Country
    status: str
    email: str
    first_name: str
    last_name: str


def _parse_rows(text: str, committee: Committee, report: ImportReport) -> list[_Row]:
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    if not header:
        report.problems.append(RowProblem(1, "the file is empty; expected a header row"))
        return []
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        report.problems.append(
            RowProblem(
                1, f"missing column {', '.join(missing)} (columns: {', '.join(KNOWN_COLUMNS)})"
            )
        )
        return []
    reader.fieldnames = header
    countries = {c.iso3: c for c in Country.objects.all()}
    existing_emails = {
        e.casefold()
        for e in DelegateSeat.objects.filter(delegation__committee=committee).values_list(
            "user__email", flat=True
        )
        if e
    }
    seen_emails: dict[str, int] = {}
    status_by_country: dict[str, tuple[str, int]] = {}
    rows: list[_Row] = []
    for number, raw in enumerate(reader, start=2):
        values = {k: (v or "").strip() for k, v in raw.items() if k}
        if not any(values.values()):
            continue
        if None in raw:
            report.problems.append(RowProblem(number, "more values than columns"))
            continue
        name = values.get("country", "")
        iso3 = resolve_country(name) if name else None
        if not name:
            report.problems.append(RowProblem(number, "missing country"))
            continue
        if iso3 is None or iso3 not in countries:
            report.problems.append(RowProblem(number, f'unknown country "{name}"'))
            continue
        status = (values.get("status") or "member").lower()
        if status not in Delegation.Status.values:
            report.problems.append(
                RowProblem(number, f'unknown status "{status}" (member or observer)')
            )
            continue
        earlier = status_by_country.setdefault(iso3, (status, number))
        if earlier[0] != status:
            report.problems.append(
                RowProblem(number, f"{name} is listed as {earlier[0]} on line {earlier[1]}")
            )
            continue
        email = values.get("email", "")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                report.problems.append(RowProblem(number, f'bad e-mail "{email}"'))
                continue
            key = email.casefold()
            if key in seen_emails:
                report.problems.append(
                    RowProblem(
                        number, f"duplicate e-mail {email} (also on line {seen_emails[key]})"
                    )
                )
                continue
            if key in existing_emails:
                report.problems.append(
                    RowProblem(number, f"duplicate: {email} already sits in this committee")
                )
                continue
            seen_emails[key] = number
        rows.append(
            _Row(
                line=number,
                country=countries[iso3],
                status=status,
                email=email,
                first_name=values.get("first_name", ""),
                last_name=values.get("last_name", ""),
            )
        )
    return rows


def import_delegations_csv(*, committee: Committee, text: str, created_by=None) -> ImportReport:
    """Create delegations and personal invites from CSV. Any bad row: nothing is written.

    Columns: country (required; loose names such as "USA" work), status (member/observer),
    email, first_name, last_name. A row with an e-mail gives that person a personal invite
    code (or a seat directly when an account with that e-mail already exists).
    """
    report = ImportReport()
    rows = _parse_rows(text, committee, report)
    if report.problems:
        return report
    if not rows:
        report.problems.append(RowProblem(2, "no rows to import"))
        return report
    with transaction.atomic():
        delegations: dict[int, Delegation] = {}
        for row in rows:
            delegation = delegations.get(row.country.pk)
            if delegation is None:
                delegation, created = Delegation.objects.get_or_create(
                    committee=committee, country=row.country, defaults={"status": row.status}
                )
                if created:
                    report.delegations_created.append(delegation)
                elif delegation.status != row.status:
                    delegation.status = row.status
                    delegation.save(update_fields=["status"])
                delegations[row.country.pk] = delegation
            if not row.email:
                continue
            user = User.objects.filter(email__iexact=row.email).first()
            if user is not None:
                DelegateSeat.objects.get_or_create(delegation=delegation, user=user)
                report.seated_existing.append(row.email)
            else:
                report.invites.append(
                    create_invite(
                        committee=committee,
                        delegation=delegation,
                        created_by=created_by,
                        email=row.email,
                    )
                )
    return report
