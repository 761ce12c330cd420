"""Delegations, invite codes and bulk import for a committee (chairs and the secretariat)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from committees.access import committee_for, require_moderator
from committees.forms.people import DelegationsCsvForm, InviteForm
from committees.models import Invite
from committees.services.invitations import email_invites
from committees.services.people import create_invite, import_delegations_csv, revoke_invite
from unodc_mun.http import HtmxHttpRequest


def delegations(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    committee, role = committee_for(request, slug)
    rows = list(committee.delegations.with_people())
    return render(
        request,
        "committees/delegations.html",
        {"committee": committee, "role": role, "delegations": rows},
    )


@require_http_methods(["GET", "POST"])
def invites(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    committee, role = committee_for(request, slug)
    require_moderator(role)
    delegation_list = list(committee.delegations.select_related("country"))
    form = InviteForm(request.POST or None, delegations=delegation_list)
    if request.method == "POST" and form.is_valid():
        seat_role, delegation = form.seat_role_and_delegation()
        invite = create_invite(
            committee=committee,
            delegation=delegation,
            role=seat_role,
            max_uses=form.cleaned_data["max_uses"],
            email=form.cleaned_data["email"],
            created_by=request.user,
        )
        messages.success(
            request,
            gettext("New code %(code)s for %(seat_label)s.")
            % {"code": invite.code, "seat_label": invite.seat_label},
        )
        if invite.email:
            sent, problems = email_invites(
                committee=committee,
                invites=[invite],
                join_url=request.build_absolute_uri(reverse("join")),
                sender_name=request.user.get_full_name(),
            )
            if sent:
                messages.success(
                    request, gettext("E-mailed it to %(email)s.") % {"email": invite.email}
                )
            else:
                messages.error(request, "Not e-mailed: " + "; ".join(problems) + ".")
        return redirect("committees:invites", slug=committee.slug)
    invite_list = list(
        committee.invites.select_related("delegation__country", "committee").order_by("-created_at")
    )
    return render(
        request,
        "committees/invites.html",
        {"committee": committee, "role": role, "form": form, "invites": invite_list},
    )


@require_POST
def revoke_invite_view(request: HtmxHttpRequest, slug: str, invite_id: int) -> HttpResponse:
    committee, role = committee_for(request, slug)
    require_moderator(role)
    invite = get_object_or_404(Invite, pk=invite_id, committee=committee)
    revoke_invite(invite=invite)
    messages.success(
        request, gettext("Code %(code)s can no longer be used.") % {"code": invite.code}
    )
    return redirect("committees:invites", slug=committee.slug)


@require_http_methods(["GET", "POST"])
def import_delegations(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    committee, role = committee_for(request, slug)
    require_moderator(role)
    form = DelegationsCsvForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = import_delegations_csv(
            committee=committee, text=form.cleaned_data["file"], created_by=request.user
        )
        if report.ok:
            messages.success(
                request,
                gettext(
                    "Imported: %(delegations_created_count)s new delegations, %(invites_count)s personal invite codes, %(seated_existing_count)s existing accounts seated."
                )
                % {
                    "delegations_created_count": len(report.delegations_created),
                    "invites_count": len(report.invites),
                    "seated_existing_count": len(report.seated_existing),
                },
            )
    return render(
        request,
        "committees/import_delegations.html",
        {"committee": committee, "role": role, "form": form, "report": report},
    )
