"""Request types for views that only signed-in people reach."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from users.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """An HttpRequest behind ``login_required``: ``user`` is a real User."""

    user: User
    htmx: HtmxDetails  # set by django_htmx's middleware
