from django.conf import settings
from django.http import HttpRequest

# How often a delegate's page asks whether a vote waits, when no event stream is open.
VOTE_ALERT_POLL_MS = 8000


def navigation(request: HttpRequest) -> dict:
    """Committees the person takes part in, for the top navigation (one query, lazily)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    from .models import Committee

    def committees():
        from unodc_mun import live

        # Remembered per process like the person's role (committees.access.committee_for).
        return live.poll_cache.remember(
            ("nav", user.pk),
            (f"acl:{user.pk}", "room"),
            lambda: list(Committee.objects.visible_to(user).only("slug", "acronym", "name")),
        )

    return {
        "nav_committees": committees,
        "vote_alert_poll_ms": getattr(settings, "VOTE_ALERT_POLL_MS", VOTE_ALERT_POLL_MS),
    }
