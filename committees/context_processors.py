from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict:
    """Committees the person takes part in, for the top navigation (one query, lazily)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    from .models import Committee

    def committees():
        return list(Committee.objects.visible_to(user).only("slug", "acronym", "name"))

    return {"nav_committees": committees}
