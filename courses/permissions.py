"""The one way to load what a learner may open. Missing and not-yours both answer 404,
so ids and slugs cannot be probed."""

from django.http import Http404

from courses.models import Enrolment
from courses.selectors import find_lesson, get_outlines
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
