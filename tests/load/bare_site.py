"""The benchmark's anchor: a bare Django view ("ok"), no apps, no middleware, no database.

Served by the same servers as the app (``tests.load.bare_site:application`` under gunicorn,
``tests.load.bare_site:asgi_application`` under the uvicorn worker) so that the app's numbers
can be read as a ratio of what Django itself costs on this machine, in the same run.
"""

from django.conf import settings

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="bare-anchor-for-the-benchmark-only-serves-ok",
        ALLOWED_HOSTS=["127.0.0.1", "localhost"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
        DATABASES={},
    )

from django.core.asgi import get_asgi_application  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402


def ok(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("", ok), path("healthz", ok)]

application = get_wsgi_application()
asgi_application = get_asgi_application()
