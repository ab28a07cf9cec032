"""A line manager's view of their direct reports' progress: read-only, and only their
own reports (the manager's-email column of the enrolment file sets who they are)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from courses.hr.selectors import team_progress
from courses.selectors import get_course_outline
from users.types import AuthenticatedHttpRequest


@login_required
@require_GET
def team(request: AuthenticatedHttpRequest) -> HttpResponse:
    courses = team_progress(request.user, today=timezone.localdate(), outline_of=get_course_outline)
    if not courses:
        raise Http404
    return render(request, "courses/team.html", {"courses": courses})
