import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unodc_mun.settings")
django_application = get_wsgi_application()

from unodc_mun.fastpoll import wrap_wsgi  # noqa: E402 (needs the settings)

# Unchanged polls whose every fact is in memory are answered before Django (fastpoll.py).
application = wrap_wsgi(django_application)
