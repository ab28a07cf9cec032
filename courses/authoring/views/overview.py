"""The trainer area's pages. Thin: load through a trainer loader, call one service or
selector, render. Everybody who is not a trainer gets a 404 (modules.authoring.permissions)."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from courses.authoring.selectors import get_authoring_overview
from modules.authoring.permissions import trainer_required
from users.types import AuthenticatedHttpRequest


@trainer_required
@require_GET
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "authoring/overview.html", {"courses": get_authoring_overview()})
