"""System checks for deployment (``manage.py check --deploy``)."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def secret_key_is_set(app_configs, **kwargs):
    if not getattr(settings, "SECRET_KEY_FROM_ENVIRONMENT", True):
        return [
            Error(
                "SECRET_KEY is not set: this check ran with a throwaway key, and serving "
                "will refuse to start.",
                hint="Export SECRET_KEY (a long random string, the same for every process).",
                id="unodc_mun.E001",
            )
        ]
    return []


@register(Tags.caches, deploy=True)
def throttles_are_shared(app_configs, **kwargs):
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend.endswith("LocMemCache"):
        return [
            Warning(
                "The cache is per process (local memory): sign-in and invite-code throttling "
                "counts separately in every worker.",
                hint="Use the database cache (CACHE=db, the default without DEBUG) and run "
                "`manage.py createcachetable`.",
                id="unodc_mun.W001",
            )
        ]
    return []
