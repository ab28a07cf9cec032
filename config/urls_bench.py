"""The project's URLs plus the benchmark's baseline page (config.settings.bench only)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def minimal(request: HttpRequest) -> HttpResponse:
    """No sign-in required, no query, no template: what the middleware stack alone costs."""
    return HttpResponse("ok")


urlpatterns = [*project_urlpatterns, path("bench/minimal/", minimal, name="bench_minimal")]
