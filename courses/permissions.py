"""The one way to load what a learner may open. Missing and not-yours both answer 404,
so ids and slugs cannot be probed."""

from django.http import Http404

from courses.models import Enrolment
from modules.models import Lesson
from users.models import User


def get_enrolment_for_learner_or_404(learner: User, *, course_slug: str) -> Enrolment:
    """The learner's current enrolment in a published course; the newest if re-enrolled."""
    enrolment = (
        Enrolment.objects.active()
        .filter(
            learner=learner, cohort__course__slug=course_slug, cohort__course__is_published=True
        )
        .select_related("cohort__course")
        .order_by("-enrolled_at", "-pk")
        .first()
    )
    if enrolment is None:
        raise Http404
    return enrolment


def get_lesson_for_learner_or_404(
    learner: User, *, course_slug: str, module_slug: str, lesson_slug: str
) -> tuple[Enrolment, Lesson]:
    """A published lesson of a published module in a course the learner is enrolled in."""
    enrolment = get_enrolment_for_learner_or_404(learner, course_slug=course_slug)
    lesson = (
        Lesson.objects.published()
        .filter(
            slug=lesson_slug,
            module__slug=module_slug,
            module__is_published=True,
            module__course_modules__course_id=enrolment.cohort.course_id,
        )
        .select_related("module")
        .first()
    )
    if lesson is None:
        raise Http404
    return enrolment, lesson
