"""The one way to load what a learner may open. Missing and not-yours both answer 404,
so ids and slugs cannot be probed."""

from django.http import Http404

from assessments.models import Attempt, Quiz
from assessments.selectors import get_learner_attempt
from courses.models import Enrolment
from courses.selectors import find_lesson, find_quiz, get_outlines
from modules.models import Lesson
from users.models import User


def get_enrolment_for_learner_or_404(learner: User, *, course_slug: str) -> Enrolment:
    """The learner's current enrolment in a published course; the newest if re-enrolled."""
    enrolment = (
        Enrolment.objects.active()
        .with_content_version()
        .filter(learner=learner, cohort__course__slug=course_slug)
        .select_related("cohort")
        .order_by("-enrolled_at", "-pk")
        .first()
    )
    if (
        enrolment is None
        or not get_outlines([enrolment])[enrolment.cohort.course_id].course.is_published
    ):
        raise Http404
    enrolment.learner = learner  # known already: saves a query wherever it is read
    return enrolment


def get_lesson_for_learner_or_404(
    learner: User, *, course_slug: str, module_slug: str, lesson_slug: str
) -> tuple[Enrolment, Lesson]:
    """A published lesson of a published module in a course the learner is enrolled in."""
    enrolment = get_enrolment_for_learner_or_404(learner, course_slug=course_slug)
    outline = get_outlines([enrolment])[enrolment.cohort.course_id]
    lesson = find_lesson(outline, module_slug=module_slug, lesson_slug=lesson_slug)
    if lesson is None:
        raise Http404
    return enrolment, lesson


def get_quiz_for_learner_or_404(
    learner: User, *, course_slug: str, quiz_id: int
) -> tuple[Enrolment, Quiz]:
    """A published quiz (module quiz or knowledge check) of a course the learner takes."""
    enrolment = get_enrolment_for_learner_or_404(learner, course_slug=course_slug)
    quiz = find_quiz(get_outlines([enrolment])[enrolment.cohort.course_id], quiz_id)
    if quiz is None:
        raise Http404
    return enrolment, quiz


def get_attempt_for_learner_or_404(
    learner: User, *, course_slug: str, attempt_id: int
) -> tuple[Enrolment, Attempt]:
    """The learner's own attempt at a quiz of one of the course's modules. Anybody else's
    attempt is a 404, exactly like one that does not exist."""
    enrolment = get_enrolment_for_learner_or_404(learner, course_slug=course_slug)
    attempt = get_learner_attempt(attempt_id=attempt_id, learner_id=learner.pk)
    outline = get_outlines([enrolment])[enrolment.cohort.course_id]
    if attempt is None or not any(
        item.module.pk == attempt.quiz.module_id for item in outline.modules
    ):
        raise Http404
    attempt.learner = learner
    return enrolment, attempt
