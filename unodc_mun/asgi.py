"""ASGI entry point: the server for event streams (see README, deployment).

Under ASGI each request runs in a thread of its own, so the database connections come from a
small pool per process instead of one persistent connection per thread.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unodc_mun.settings")
os.environ.setdefault("DB_POOL", "12")
django_application = get_asgi_application()

from unodc_mun.fastpoll import wrap_asgi  # noqa: E402 (needs the settings)

# Unchanged polls whose every fact is in memory are answered on the event loop (fastpoll.py).
application = wrap_asgi(django_application)
