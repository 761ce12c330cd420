"""The request type views are written against: Django's request with django-htmx's details
(``request.htmx``, set by ``django_htmx.middleware.HtmxMiddleware``)."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails
