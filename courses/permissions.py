"""The one way to load what a learner may open. Missing and not-yours both answer 404,
so ids and slugs cannot be probed."""

from django.http import Http404

from assessments.models import Attempt, Quiz
from assessments.selectors import get_learner_attempt
from courses.models import Enrolment
from courses.selectors import find_lesson, find_quiz, get_outlines
from modules.authoring.models import LessonReview
from modules.models import ActionPlan, Block, Commitment, ExerciseAnswer, Lesson
from modules.selectors import get_exercise_block, get_learner_answer_by_id, get_plan_with_owner
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


def get_review_for_learner_or_404(
    learner: User, *, course_slug: str, review_id: int
) -> tuple[Enrolment, LessonReview, str]:
    """The learner's own request to review a published lesson of the course, with the
    lesson page's address. Anybody else's request is a 404, like one that does not exist."""
    enrolment = get_enrolment_for_learner_or_404(learner, course_slug=course_slug)
    review = LessonReview.objects.filter(pk=review_id, learner=learner).first()
    if review is None:
        raise Http404
    outline = get_outlines([enrolment])[enrolment.cohort.course_id]
    url = next(
        (
            entry.url
            for item in outline.modules
            for entry in item.lessons
            if entry.lesson.pk == review.lesson_id
        ),
        None,
    )
    if url is None:
        raise Http404
    return enrolment, review, url


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


# Exercises and the action plan ---------------------------------------------------------


def get_exercise_for_learner_or_404(
    learner: User, *, course_slug: str, block_id: int
) -> tuple[Enrolment, Lesson, Block]:
    """An exercise block of a published lesson in a course the learner is enrolled in."""
    enrolment = get_enrolment_for_learner_or_404(learner, course_slug=course_slug)
    block = get_exercise_block(block_id)
    if block is None:
        raise Http404
    outline = get_outlines([enrolment])[enrolment.cohort.course_id]
    lesson = next(
        (
            entry.lesson
            for item in outline.modules
            for entry in item.lessons
            if entry.lesson.pk == block.lesson_id
        ),
        None,
    )
    if lesson is None:
        raise Http404
    block.lesson = lesson  # from the outline: no query
    return enrolment, lesson, block


def get_answer_for_learner_or_404(
    learner: User, *, course_slug: str, answer_id: int
) -> tuple[Enrolment, ExerciseAnswer]:
    """The learner's own exercise answer; another person's is a 404 like a missing one."""
    enrolment = get_enrolment_for_learner_or_404(learner, course_slug=course_slug)
    answer = get_learner_answer_by_id(learner_id=learner.pk, answer_id=answer_id)
    if answer is None:
        raise Http404
    return enrolment, answer


def get_commitment_for_learner_or_404(
    learner: User, *, course_slug: str, commitment_id: int
) -> tuple[Enrolment, Commitment]:
    """A commitment in the learner's own action plan; anyone else's is a 404."""
    enrolment = get_enrolment_for_learner_or_404(learner, course_slug=course_slug)
    commitment = Commitment.objects.filter(pk=commitment_id, plan__learner=learner).first()
    if commitment is None:
        raise Http404
    return enrolment, commitment


def can_view_shared_plan(viewer: User, plan: ActionPlan) -> bool:
    """Someone else may read a plan only if its owner shared it with them: their line
    manager, or an HR admin of the owner's organisation. Nobody sees exercise answers."""
    owner = plan.learner
    if viewer.pk == owner.pk:
        return True
    if plan.shared_with_line_manager and owner.line_manager_id == viewer.pk:
        return True
    return bool(
        plan.shared_with_hr
        and viewer.is_hr_admin
        and viewer.organisation_id is not None
        and viewer.organisation_id == owner.organisation_id
    )


def get_shared_plan_for_viewer_or_404(viewer: User, *, plan_id: int) -> ActionPlan:
    plan = get_plan_with_owner(plan_id)
    if plan is None or not can_view_shared_plan(viewer, plan):
        raise Http404
    return plan
