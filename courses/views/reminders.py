"""The two pages reminder emails link to: "continue where you left off", and switching
off optional reminders (from the link, or a mail program's one-click unsubscribe)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from courses.permissions import get_enrolment_for_learner_or_404
from courses.reminders.messages import user_of_unsubscribe_token
from courses.selectors import get_course_progress
from users.models import User
from users.services import set_optional_reminders
from users.types import AuthenticatedHttpRequest


@login_required
@require_GET
def continue_course(request: AuthenticatedHttpRequest, course_slug: str) -> HttpResponse:
    """Straight to the learner's next unfinished lesson or quiz (the course page once
    everything is done)."""
    enrolment = get_enrolment_for_learner_or_404(request.user, course_slug=course_slug)
    progress = get_course_progress(enrolment)
    step = progress.next_step
    return redirect(step.url if step is not None else progress.url)


# A mail program's one-click unsubscribe (RFC 8058) posts without a CSRF token; the signed
# token in the address is what proves the request came from the email.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    user_id = user_of_unsubscribe_token(token)
    user = User.objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None:
        raise Http404
    if request.method == "POST":
        set_optional_reminders(user=user, enabled=request.POST.get("enable") == "1")
        user.refresh_from_db(fields=["optional_reminders"])
    return render(request, "courses/unsubscribe.html", {"person": user, "token": token})
