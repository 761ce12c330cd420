"""Handing out a committee's invite codes: CSV list, printable slips, e-mails (moderators)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_POST

from committees.access import committee_for, require_moderator
from committees.models import Invite
from committees.services.invitations import codes_csv, email_invites, slips
from unodc_mun.http import HtmxHttpRequest


def _join_url(request) -> str:
    return request.build_absolute_uri(reverse("join"))


def _invites(committee):
    return list(
        Invite.objects.filter(committee=committee)
        .select_related("delegation__country", "committee")
        .order_by("delegation__country__name", "role", "created_at")
    )


def invites_csv(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    committee, role = committee_for(request, slug)
    require_moderator(role)
    response = HttpResponse(
        codes_csv(_invites(committee), join_url=_join_url(request)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{committee.slug}-invite-codes.csv"'
    return response


def invite_slips(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    committee, role = committee_for(request, slug)
    require_moderator(role)
    return render(
        request,
        "committees/invite_slips.html",
        {
            "committee": committee,
            "role": role,
            "slips": slips(_invites(committee), join_url=_join_url(request)),
            "join_url": _join_url(request),
        },
    )


@require_POST
def invites_email(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """E-mail one personal code (`invite`), or every usable personal code not yet used."""
    committee, role = committee_for(request, slug)
    require_moderator(role)
    if request.POST.get("invite"):
        chosen = [
            get_object_or_404(
                Invite.objects.select_related("delegation__country", "committee"),
                pk=request.POST.get("invite") if request.POST["invite"].isdigit() else 0,
                committee=committee,
            )
        ]
    else:
        chosen = [i for i in _invites(committee) if i.email and i.is_usable() and i.uses == 0]
    sent, problems = email_invites(
        committee=committee,
        invites=chosen,
        join_url=_join_url(request),
        sender_name=request.user.get_full_name(),
    )
    if sent:
        messages.success(
            request,
            ngettext("E-mailed %(sent)s invitation.", "E-mailed %(sent)s invitations.", sent)
            % {"sent": sent},
        )
    if problems:
        messages.error(
            request, gettext("Not sent: %(problems)s.") % {"problems": "; ".join(problems)}
        )
    if not sent and not problems:
        messages.info(request, gettext("There are no unused personal codes to e-mail."))
    return redirect("committees:invites", slug=committee.slug)
