"""The learner's pages: dashboard, course, lesson, and marking a lesson complete or
reviewed."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from courses.models import content_version_of
from courses.permissions import (
    get_enrolment_for_learner_or_404,
    get_lesson_for_learner_or_404,
    get_review_for_learner_or_404,
)
from courses.selectors import get_course_progress, list_learner_progress
from courses.services import complete_lesson as complete_lesson_service
from modules.selectors import list_lesson_blocks
from modules.services import mark_lesson_reviewed
from users.types import AuthenticatedHttpRequest


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Signed-in people go to their learning; visitors see what the platform is."""
    if request.user.is_authenticated:
        return redirect("courses:dashboard")
    return render(request, "courses/welcome.html")


@login_required
@require_GET
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request, "courses/dashboard.html", {"courses": list_learner_progress(request.user)}
    )


@login_required
@require_GET
def course_detail(request: AuthenticatedHttpRequest, course_slug: str) -> HttpResponse:
    enrolment = get_enrolment_for_learner_or_404(request.user, course_slug=course_slug)
    return render(
        request,
        "courses/course_detail.html",
        {
            "progress": get_course_progress(enrolment),
            "content_version": content_version_of(enrolment),
        },
    )


@login_required
@require_GET
def lesson_detail(
    request: AuthenticatedHttpRequest, course_slug: str, module_slug: str, lesson_slug: str
) -> HttpResponse:
    enrolment, lesson = get_lesson_for_learner_or_404(
        request.user, course_slug=course_slug, module_slug=module_slug, lesson_slug=lesson_slug
    )
    progress = get_course_progress(enrolment)
    previous, following = progress.neighbours(lesson)
    module = progress.module_of(lesson)
    return render(
        request,
        "courses/lesson_detail.html",
        {
            "progress": progress,
            "module": module,
            "lesson": lesson,
            "current": progress.entry_of(lesson),
            # A callable: the template calls it only when the cached body fragment misses.
            "blocks": partial(list_lesson_blocks, lesson.pk),
            "content_version": content_version_of(enrolment),
            "previous": previous,
            "next": following,
        },
    )


@login_required
@require_POST
def complete_lesson(
    request: AuthenticatedHttpRequest, course_slug: str, module_slug: str, lesson_slug: str
) -> HttpResponse:
    enrolment, lesson = get_lesson_for_learner_or_404(
        request.user, course_slug=course_slug, module_slug=module_slug, lesson_slug=lesson_slug
    )
    progress = complete_lesson_service(enrolment=enrolment, lesson=lesson, now=timezone.now())
    following = progress.next_step
    return redirect(following.url if following else progress.url)


@login_required
@require_POST
def mark_reviewed(
    request: AuthenticatedHttpRequest, course_slug: str, review_id: int
) -> HttpResponse:
    """Close a request to read a changed lesson again (a POST, so that only the learner's
    own button closes it: opening the page stays free of writes and of a fourth query)."""
    _enrolment, review, lesson_url = get_review_for_learner_or_404(
        request.user, course_slug=course_slug, review_id=review_id
    )
    mark_lesson_reviewed(review=review, now=timezone.now())
    return redirect(lesson_url)
