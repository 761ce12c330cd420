"""Live-update topics of the committee's procedure (see ``unodc_mun.live``).

``proc:<committee id>``: the procedure clock that the chair's dashboard, the projector, the
ballot box and the floor screens show. Anyone with a role in the committee may follow it.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from unodc_mun import live

from .models import ChairSeat, Committee, DelegateSeat
from .models.procedure import ProcedureClock


def committee_members(user_ids: set[int], committee_ids: set[int]) -> set[tuple[int, int]]:
    """(user id, committee id) for every person with a role there: admins (staff), chairs and
    delegates. Four queries, whatever the numbers."""
    if not user_ids or not committee_ids:
        return set()
    existing = set(Committee.objects.filter(pk__in=committee_ids).values_list("pk", flat=True))
    staff = get_user_model().objects.filter(pk__in=user_ids, is_staff=True, is_active=True)
    pairs = {(u, c) for u in staff.values_list("pk", flat=True) for c in existing}
    pairs |= set(
        ChairSeat.objects.filter(user_id__in=user_ids, committee_id__in=existing).values_list(
            "user_id", "committee_id"
        )
    )
    pairs |= set(
        DelegateSeat.objects.filter(
            user_id__in=user_ids, delegation__committee_id__in=existing
        ).values_list("user_id", "delegation__committee_id")
    )
    return pairs


def clock_versions(committee_ids: set[int]) -> dict[int, int]:
    found = dict(
        ProcedureClock.objects.filter(committee_id__in=committee_ids).values_list(
            "committee_id", "version"
        )
    )
    # A committee whose clock was never bumped is at 0.
    for pk in Committee.objects.filter(pk__in=committee_ids).values_list("pk", flat=True):
        found.setdefault(pk, 0)
    return found


def register() -> None:
    live.register_kind("proc", versions=clock_versions, allowed=committee_members)
    connect_access_announcements()


# --- the poll fast path (unodc_mun/fastpoll.py) ----------------------------------------------


def role_fingerprint(*, is_admin: bool, is_chair: bool, delegation_id: int | None) -> str:
    """What access in a committee depends on, in a few characters: an unchanged fingerprint
    means the person may still see what they saw (papers: own delegation or moderator)."""
    return f"{int(is_admin)}{int(is_chair)}.{delegation_id or 0}"


def fingerprint_of(role) -> str:
    """The fingerprint of a ``CommitteeRole`` the page was rendered with."""
    return role_fingerprint(
        is_admin=role.is_admin,
        is_chair=role.is_chair,
        delegation_id=role.delegation.pk if role.delegation is not None else None,
    )


def role_in(user, committee_id: int) -> str | None:
    """The person's role fingerprint in a committee now, None without a role (two queries;
    the same rules as ``committees.access.committee_role``)."""
    is_chair = ChairSeat.objects.filter(committee_id=committee_id, user=user).exists()
    delegation_id = (
        DelegateSeat.objects.filter(delegation__committee_id=committee_id, user=user)
        .values_list("delegation_id", flat=True)
        .first()
    )
    if not (user.is_staff or is_chair or delegation_id):
        return None
    return role_fingerprint(is_admin=user.is_staff, is_chair=is_chair, delegation_id=delegation_id)


def poll_token(request, role, *, path: str, topic: str) -> str:
    """The token a page hands its poller: an unchanged poll is then answered before the
    middleware stack, while this person keeps this role (``unodc_mun.fastpoll``)."""
    from unodc_mun import fastpoll

    user = request.user
    if not user.is_authenticated:
        return ""
    return fastpoll.issue(
        user_id=user.pk,
        session_key=request.session.session_key,
        path=path,
        topic=topic,
        committee_id=role.committee.pk,
        role=fingerprint_of(role),
    )


def announce_access_change(user_id: int | None) -> None:
    """Tell every process that this person's seats or account changed (``acl:<user id>``):
    the poll fast path forgets what it knew of them and their streams are re-checked now; and
    that some seat or name changed (``people:<user id>``): lists of a delegation's delegates
    that pages remembered are read again. Inside the changing transaction, like every
    announcement."""
    if user_id:
        live.announce(f"acl:{int(user_id)}", 0)
        live.announce(f"people:{int(user_id)}", 0)


# Seats and accounts change through the services, the admin site, cascades of deletions: the
# announcement follows the rows themselves. These are this app's own models and Django's user
# (plumbing for access, nothing that reaches another app).
def _seat_changed(sender, instance, created=False, **kwargs):
    # A new seat too: the person's menu and role, and the delegation's list of delegates, that
    # pages remembered must be read again.
    announce_access_change(instance.user_id)


def _user_saved(sender, instance, created=False, update_fields=None, **kwargs):
    if created or (update_fields is not None and set(update_fields) <= {"last_login"}):
        return
    announce_access_change(instance.pk)


def _user_deleted(sender, instance, **kwargs):
    announce_access_change(instance.pk)


def announce_room_change(committee_id: int | None) -> None:
    """Tell every process that a committee's or a delegation's row changed (``room:<id>``):
    what pages remembered of committees and seats (``committees.access``) is read again."""
    live.announce(f"room:{int(committee_id or 0)}", 0)


def _committee_changed(sender, instance, **kwargs):
    announce_room_change(instance.pk)


def _delegation_changed(sender, instance, **kwargs):
    announce_room_change(instance.committee_id)


def _country_changed(sender, instance, **kwargs):
    announce_room_change(0)


def _stances_changed(sender, instance, **kwargs):
    """A stance question, country profile, position or source changed (``stances:<id>``):
    the stance table pages remembered is read again (``selectors.stances.shown_stance_table``)."""
    live.announce(f"stances:{int(getattr(instance, 'committee_id', 0) or 0)}", 0)


def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        announce_access_change(user.pk)


def connect_access_announcements() -> None:
    from django.contrib.auth.signals import user_logged_out
    from django.db.models.signals import post_delete, post_save

    from unodc_mun import fastpoll

    fastpoll.register_role_reader(role_in)
    for model in (DelegateSeat, ChairSeat):
        post_save.connect(_seat_changed, sender=model, dispatch_uid=f"live.acl.{model.__name__}")
        post_delete.connect(
            _seat_changed, sender=model, dispatch_uid=f"live.acl.del.{model.__name__}"
        )
    from .models import Country, CountryProfile, Delegation, Source, StancePosition, StanceQuestion

    for model in (StanceQuestion, CountryProfile, StancePosition, Source):
        post_save.connect(
            _stances_changed, sender=model, dispatch_uid=f"live.stances.{model.__name__}"
        )
        post_delete.connect(
            _stances_changed, sender=model, dispatch_uid=f"live.stances.del.{model.__name__}"
        )

    for model, receiver in (
        (Committee, _committee_changed),
        (Delegation, _delegation_changed),
        (Country, _country_changed),
    ):
        post_save.connect(receiver, sender=model, dispatch_uid=f"live.room.{model.__name__}")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"live.room.del.{model.__name__}")
    User = get_user_model()
    post_save.connect(_user_saved, sender=User, dispatch_uid="live.acl.user")
    post_delete.connect(_user_deleted, sender=User, dispatch_uid="live.acl.user.del")
    user_logged_out.connect(_logged_out, dispatch_uid="live.acl.logout")
