"""Taking a quiz: its page, starting an attempt, answering (saved as given), submitting,
and the result with its feedback.

An attempt has one address. While it is open it shows the questions; once submitted (or
once its time is up) the same address shows the result, so a second submission, a reload
or a back button all land on the result page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from assessments.attempts import open_question, reviewed_question
from assessments.forms import AttemptForm
from assessments.models import Attempt
from assessments.selectors import attempt_summaries, chosen_ids, list_attempt_items
from assessments.services import (
    AttemptClosed,
    AttemptLimitReached,
    QuizUnavailable,
    is_expired,
    save_answers,
)
from courses.models import Enrolment
from courses.permissions import get_attempt_for_learner_or_404, get_quiz_for_learner_or_404
from courses.selectors import get_course_progress, get_outlines
from courses.services import start_quiz_attempt, submit_quiz_attempt
from users.types import AuthenticatedHttpRequest


def _attempt_url(course_slug: str, attempt: Attempt) -> str:
    return reverse("courses:attempt", kwargs={"course_slug": course_slug, "attempt_id": attempt.pk})


@login_required
@require_GET
def quiz_detail(request: AuthenticatedHttpRequest, course_slug: str, quiz_id: int) -> HttpResponse:
    enrolment, quiz = get_quiz_for_learner_or_404(
        request.user, course_slug=course_slug, quiz_id=quiz_id
    )
    progress = get_course_progress(enrolment)
    entry = progress.quiz_of(quiz.pk)
    return render(
        request,
        "courses/quiz_detail.html",
        {
            "progress": progress,
            "entry": entry,
            "quiz": quiz,
            "question_count": quiz.questions.filter(is_active=True).count(),
            "history": [
                summary
                for summary in attempt_summaries(learner_id=request.user.pk).get(quiz.pk, [])
                if summary.submitted
            ],
        },
    )


@login_required
@require_POST
def start(request: AuthenticatedHttpRequest, course_slug: str, quiz_id: int) -> HttpResponse:
    _enrolment, quiz = get_quiz_for_learner_or_404(
        request.user, course_slug=course_slug, quiz_id=quiz_id
    )
    try:
        attempt = start_quiz_attempt(learner=request.user, quiz=quiz, now=timezone.now())
    except AttemptLimitReached:
        messages.error(
            request,
            _("You have used all your attempts at this quiz. Ask your HR contact for another."),
        )
        return redirect("courses:quiz", course_slug=course_slug, quiz_id=quiz_id)
    except QuizUnavailable:
        messages.error(request, _("This quiz has no questions yet. Please try again later."))
        return redirect("courses:quiz", course_slug=course_slug, quiz_id=quiz_id)
    return redirect(_attempt_url(course_slug, attempt))


def _render_open_attempt(
    request: AuthenticatedHttpRequest,
    enrolment: Enrolment,
    attempt: Attempt,
    form: AttemptForm,
    *,
    status: int = 200,
) -> HttpResponse:
    outline = get_outlines([enrolment])[enrolment.cohort.course_id]
    return render(
        request,
        "courses/attempt_form.html",
        {
            "outline": outline,
            "quiz": attempt.quiz,
            "attempt": attempt,
            "form": form,
            "entries": form.entries(),
        },
        status=status,
    )


def _form_for(attempt: Attempt, data: object = None) -> AttemptForm:
    items = list_attempt_items(attempt)
    language = get_language() or "en"
    return AttemptForm([open_question(item, language) for item in items], items, data=data)


@login_required
@require_GET
def attempt_detail(
    request: AuthenticatedHttpRequest, course_slug: str, attempt_id: int
) -> HttpResponse:
    enrolment, attempt = get_attempt_for_learner_or_404(
        request.user, course_slug=course_slug, attempt_id=attempt_id
    )
    if not attempt.is_submitted and is_expired(attempt, timezone.now()):
        attempt = submit_quiz_attempt(
            enrolment=enrolment, attempt=attempt, answers=None, now=timezone.now()
        )
        messages.info(request, _("Time is up. Your answers up to the time limit were graded."))
    if not attempt.is_submitted:
        return _render_open_attempt(request, enrolment, attempt, _form_for(attempt))
    return _render_result(request, enrolment, attempt)


def _render_result(
    request: AuthenticatedHttpRequest, enrolment: Enrolment, attempt: Attempt
) -> HttpResponse:
    language = get_language() or "en"
    progress = get_course_progress(enrolment)
    questions = [
        reviewed_question(item, chosen_ids(item), language) for item in list_attempt_items(attempt)
    ]
    return render(
        request,
        "courses/attempt_result.html",
        {
            "progress": progress,
            "entry": progress.quiz_of(attempt.quiz_id),
            "quiz": attempt.quiz,
            "attempt": attempt,
            "questions": questions,
            "correct": sum(1 for question in questions if question.is_correct),
            "scored": sum(1 for question in questions if question.is_correct is not None),
        },
    )


@login_required
@require_POST
def save(request: AuthenticatedHttpRequest, course_slug: str, attempt_id: int) -> HttpResponse:
    """Store the answers given so far. From htmx (as the learner answers) this returns a
    short status; without JavaScript it returns to the attempt with a confirmation."""
    enrolment, attempt = get_attempt_for_learner_or_404(
        request.user, course_slug=course_slug, attempt_id=attempt_id
    )
    form = _form_for(attempt, request.POST)
    form.is_valid()
    try:
        save_answers(attempt=attempt, answers=form.answers(), now=timezone.now())
    except AttemptClosed:
        if request.htmx:
            return HttpResponseClientRedirect(_attempt_url(course_slug, attempt))
        messages.error(request, _("This attempt is closed, so your answers can no longer change."))
        return redirect(_attempt_url(course_slug, attempt))
    if request.htmx:
        return render(
            request,
            "courses/includes/save_status.html",
            {"form": form, "saved_at": timezone.localtime()},
        )
    if form.errors:
        return _render_open_attempt(request, enrolment, attempt, form)
    messages.success(request, _("Your answers are saved. You can come back to them at any time."))
    return redirect(_attempt_url(course_slug, attempt))


@login_required
@require_POST
def submit(request: AuthenticatedHttpRequest, course_slug: str, attempt_id: int) -> HttpResponse:
    enrolment, attempt = get_attempt_for_learner_or_404(
        request.user, course_slug=course_slug, attempt_id=attempt_id
    )
    now = timezone.now()
    if attempt.is_submitted:
        return redirect(_attempt_url(course_slug, attempt))
    if is_expired(attempt, now):
        submit_quiz_attempt(enrolment=enrolment, attempt=attempt, answers=None, now=now)
        messages.info(request, _("Time is up. Your answers up to the time limit were graded."))
        return redirect(_attempt_url(course_slug, attempt))
    form = _form_for(attempt, request.POST)
    if not form.is_valid():
        # Keep what is valid, and show the rest with its errors and the text as typed.
        try:
            save_answers(attempt=attempt, answers=form.answers(), now=now)
        except AttemptClosed:
            return redirect(_attempt_url(course_slug, attempt))
        messages.error(request, _("Please correct the answers marked below, then submit again."))
        return _render_open_attempt(request, enrolment, attempt, form, status=422)
    submit_quiz_attempt(enrolment=enrolment, attempt=attempt, answers=form.answers(), now=now)
    return redirect(_attempt_url(course_slug, attempt))
