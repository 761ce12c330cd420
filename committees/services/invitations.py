"""Handing out invite codes: e-mails, printable slips with a QR code, and a CSV list.

Mail goes through Django's mail framework (the default mailer of settings.MAILERS: the
console in development, SMTP from the environment in production).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.core import mail
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from committees.models import Committee, Invite


def join_link(join_url: str, code: str) -> str:
    """The join page with the code filled in (what the QR code opens)."""
    return f"{join_url}?{urlencode({'code': code})}"


def qr_svg(text: str) -> SafeString:
    """An inline SVG QR code (segno writes only its own markup: safe to embed)."""
    out = io.BytesIO()
    segno.make(text, error="m").save(
        out, kind="svg", scale=4, border=2, xmldecl=False, svgns=True, svgclass="qr", lineclass=None
    )
    return mark_safe(out.getvalue().decode())  # noqa: S308 (generated, contains no input markup)


@dataclass
class Slip:
    invite: Invite
    link: str
    qr: SafeString


def slips(invites: list[Invite], *, join_url: str) -> list[Slip]:
    """One slip per person: a code that several people may use prints once per remaining use."""
    out = []
    for invite in invites:
        if not invite.is_usable():
            continue
        link = join_link(join_url, invite.code)
        qr = qr_svg(link)
        out.extend(Slip(invite, link, qr) for _ in range(invite.max_uses - invite.uses))
    return out


def codes_csv(invites: list[Invite], *, join_url: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["code", "seat", "country", "email", "uses", "max_uses", "usable", "join_link"])
    for invite in invites:
        writer.writerow(
            [
                invite.code,
                invite.seat_label,
                invite.delegation.country.name if invite.delegation_id else "",
                invite.email,
                invite.uses,
                invite.max_uses,
                "yes" if invite.is_usable() else "no",
                join_link(join_url, invite.code),
            ]
        )
    return buffer.getvalue()


def _invite_message(invite: Invite, *, join_url: str, sender_name: str) -> mail.EmailMessage:
    context = {
        "invite": invite,
        "committee": invite.committee,
        "link": join_link(join_url, invite.code),
        "join_url": join_url,
        "sender_name": sender_name,
    }
    subject = render_to_string("committees/email/invite_subject.txt", context).strip()
    body = render_to_string("committees/email/invite_body.txt", context)
    return mail.EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [invite.email])


def email_invites(
    *, committee: Committee, invites: list[Invite], join_url: str, sender_name: str = ""
) -> tuple[int, list[str]]:
    """E-mail each usable personal code to its address. Returns (sent, problems)."""
    problems: list[str] = []
    messages = []
    for invite in invites:
        if invite.committee_id != committee.pk:
            continue
        if not invite.email:
            problems.append(f"{invite.code} has no e-mail address")
        elif not invite.is_usable():
            problems.append(f"{invite.code} ({invite.email}) is used up or revoked")
        else:
            messages.append(_invite_message(invite, join_url=join_url, sender_name=sender_name))
    sent = 0
    if messages:
        try:
            with mail.mailers.default as connection:
                sent = connection.send_messages(messages) or 0
        except OSError as error:  # SMTP server unreachable, refused, timed out...
            problems.append(f"the mail server did not take the messages ({error})")
    return sent, problems


def email_reset_link(*, user, link: str, committee: Committee) -> None:
    """Send a person the new-password link the secretariat made for them."""
    context = {"person": user, "link": link, "committee": committee}
    subject = render_to_string("committees/email/reset_subject.txt", context).strip()
    body = render_to_string("committees/email/reset_body.txt", context)
    mail.EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]).send()
