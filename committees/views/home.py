"""Landing pages: the home page per role, a committee's overview, joining with a code."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.db.models import Count, Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from committees import dashboard
from committees.access import committee_for
from committees.forms.people import JoinForm, RedeemForm
from committees.models import ChairSeat, Committee, DelegateSeat, Delegation, Guide, Vote
from committees.services.people import (
    InviteError,
    redeem_invite_as_new_user,
    redeem_invite_for_user,
)
from unodc_mun import throttle
from unodc_mun.http import HtmxHttpRequest


def home(request: HtmxHttpRequest) -> HttpResponse:
    user = request.user
    seats = list(
        DelegateSeat.objects.filter(user=user)
        .select_related("delegation__country", "delegation__committee")
        .order_by("delegation__committee__name")
    )
    delegations_with_people = Delegation.objects.select_related("country").prefetch_related(
        "delegates__user"
    )
    chaired = list(
        Committee.objects.filter(chairs__user=user).prefetch_related(
            Prefetch("delegations", queryset=delegations_with_people)
        )
    )
    all_committees = (
        list(
            Committee.objects.annotate(
                delegation_count=Count("delegations", distinct=True),
                chair_count=Count("chairs", distinct=True),
            )
        )
        if user.is_staff
        else []
    )
    return render(
        request,
        "committees/home.html",
        {
            "seats": seats,
            "chaired": chaired,
            "all_committees": all_committees,
            "has_role": bool(seats or chaired or user.is_staff),
            "redeem_form": RedeemForm(),
        },
    )


def _invite_wait(request: HtmxHttpRequest) -> int:
    """Seconds this address (and account, when signed in) must wait before trying codes."""
    wait = throttle.wait_seconds(throttle.invite_per_address(), throttle.client_address(request))
    if request.user.is_authenticated:
        wait = max(wait, throttle.wait_seconds(throttle.invite_per_account(), str(request.user.pk)))
    return wait


def _wrong_code(request: HtmxHttpRequest) -> None:
    throttle.hit(throttle.invite_per_address(), throttle.client_address(request))
    if request.user.is_authenticated:
        throttle.hit(throttle.invite_per_account(), str(request.user.pk))


def _throttled(form, wait: int, what: str) -> None:
    form.add_error(
        None,
        gettext("%(what)s Try again in %(describe_wait)s.")
        % {"what": what, "describe_wait": throttle.describe_wait(wait)},
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def join(request: HtmxHttpRequest) -> HttpResponse:
    """Sign up with an invite code; a signed-in person uses it to take another seat.

    Wrong codes are throttled per address and per account, and new accounts per address
    (``unodc_mun.throttle``): a clear message with the wait, and a 429."""
    wait = _invite_wait(request) if request.method == "POST" else 0
    status = 429 if wait else 200
    if request.user.is_authenticated:
        form = RedeemForm(request.POST or None)
        if wait:
            form.is_valid()
            _throttled(form, wait, "Too many wrong invite codes.")
        elif request.method == "POST" and form.is_valid():
            try:
                invite = redeem_invite_for_user(code=form.cleaned_data["code"], user=request.user)
            except InviteError as error:
                _wrong_code(request)
                form.add_error("code", str(error))
            else:
                messages.success(
                    request,
                    gettext("Welcome: you are now %(seat_label)s.")
                    % {"seat_label": invite.seat_label},
                )
                return redirect("home")
        return render(
            request, "committees/join.html", {"form": form, "signed_in": True}, status=status
        )

    address = throttle.client_address(request)
    if request.method == "POST" and not wait:
        wait = throttle.wait_seconds(throttle.signup_per_address(), address)
        status = 429 if wait else 200
        signup_wait = wait
    else:
        signup_wait = 0
    form = JoinForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    if wait:
        form.is_valid()
        if signup_wait:
            _throttled(form, wait, "Too many new accounts from this network.")
        else:
            _throttled(form, wait, "Too many wrong invite codes from this network.")
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, invite = redeem_invite_as_new_user(
                code=data["code"],
                username=data["username"],
                email=data["email"],
                password=data["password1"],
                first_name=data["first_name"],
                last_name=data["last_name"],
            )
        except InviteError as error:
            _wrong_code(request)
            form.add_error("code", str(error))
        else:
            throttle.hit(throttle.signup_per_address(), address)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                gettext("Welcome, %(value)s: you are %(seat_label)s.")
                % {
                    "value": user.get_short_name() or user.username,
                    "seat_label": invite.seat_label,
                },
            )
            return redirect("home")
    return render(
        request, "committees/join.html", {"form": form, "signed_in": False}, status=status
    )


def committee_home(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The committee's hub: where to read, what to write, what is being decided now."""
    committee, role = committee_for(request, slug)
    chairs = list(ChairSeat.objects.filter(committee=committee).select_related("user"))
    guide = (
        Guide.objects.filter(committee=committee).annotate(section_count=Count("sections")).first()
    )
    open_vote = Vote.objects.open().filter(committee=committee).select_related("motion").first()
    return render(
        request,
        "committees/committee_home.html",
        {
            "committee": committee,
            "role": role,
            "chairs": chairs,
            "delegation_count": committee.delegations.count(),
            "guide": guide,
            "source_count": committee.sources.count(),
            "open_vote": open_vote,
            # What the apps built on committees add (committees.dashboard).
            **dashboard.home_facts(committee),
        },
    )
