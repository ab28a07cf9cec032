"""Write use cases for courses, cohorts and enrolments, and for progress through them."""

import datetime
import secrets
from collections.abc import Mapping
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.content_files import parse_quiz_tree
from assessments.loading import load_quizzes
from assessments.models import Attempt, Quiz
from assessments.services import Answer, start_attempt, submit_attempt
from courses.content_files import CourseSpec, course_fingerprint_data, parse_courses
from courses.models import Certificate, Cohort, Course, CourseModule, Enrolment
from courses.report_cache import touch_cohorts, touch_learner_cohorts
from courses.selectors import CourseProgress, get_course_progress
from modules.content_files import (
    fingerprint,
    parse_content_tree,
    set_translations,
    translations_of,
)
from modules.models import Lesson, Module
from modules.services import LoadReport, bump_content_version, load_modules, mark_lesson_complete
from users.models import User

# 32 letters and digits without 0/O and 1/I/L, which are easy to misread: 5 bits each.
CERTIFICATE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CERTIFICATE_CODE_LENGTH = 12

MODULES_CONTENT = Path(__file__).resolve().parent.parent / "modules" / "content"
COURSES_CONTENT = Path(__file__).resolve().parent / "content"


def _course_db_checksum(course: Course) -> str:
    module_slugs = tuple(
        placement.module.slug
        for placement in sorted(
            course.course_modules.all(), key=lambda placement: placement.position
        )
    )
    return fingerprint(
        course_fingerprint_data(
            translations_of(course, "title"),
            translations_of(course, "summary"),
            course.is_published,
            module_slugs,
        )
    )


def _write_course(course: Course, spec: CourseSpec, modules: dict[str, Module]) -> None:
    set_translations(course, "title", spec.title)
    set_translations(course, "summary", spec.summary)
    course.is_published = spec.published
    course.source_checksum = spec.checksum
    course.save()
    course.course_modules.all().delete()
    CourseModule.objects.bulk_create(
        CourseModule(course=course, module=modules[slug], position=position)
        for position, slug in enumerate(spec.module_slugs, start=1)
    )


@transaction.atomic
def load_content(
    *, modules_root: Path = MODULES_CONTENT, courses_root: Path = COURSES_CONTENT
) -> LoadReport:
    """Load the shipped modules and courses into the database, all or nothing.

    Every file is parsed before anything is written, so a missing or malformed field
    raises ContentError (naming the file and the field) with the database untouched.
    Idempotent, and never overwrites what a trainer has edited since the last load; see
    modules.services.load_modules.
    """
    module_specs = parse_content_tree(modules_root)
    quiz_specs = parse_quiz_tree(
        modules_root,
        lessons_by_module={
            spec.slug: {lesson.slug for lesson in spec.lessons} for spec in module_specs
        },
    )
    course_specs = parse_courses(
        courses_root, known_module_slugs={spec.slug for spec in module_specs}
    )
    report = LoadReport()
    modules = load_modules(specs=module_specs, report=report)
    load_quizzes(specs=quiz_specs, modules=modules, report=report)
    existing = {
        course.slug: course
        for course in Course.objects.filter(
            slug__in=[spec.slug for spec in course_specs]
        ).prefetch_related("course_modules__module")
    }
    for spec in course_specs:
        course = existing.get(spec.slug)
        if course is None:
            _write_course(Course(slug=spec.slug), spec, modules)
            report.created.append(f"course {spec.slug}")
        elif course.source_checksum != _course_db_checksum(course):
            report.kept_edited.append(f"course {spec.slug}")
        elif course.source_checksum != spec.checksum:
            _write_course(course, spec, modules)
            report.updated.append(f"course {spec.slug}")
        else:
            report.unchanged.append(f"course {spec.slug}")
    if report.created or report.updated:
        bump_content_version()
    return report


@transaction.atomic
def enrol_learner(*, cohort: Cohort, learner: User, now: datetime.datetime) -> Enrolment:
    """Enrol a member of the cohort's organisation; idempotent for an existing enrolment.

    Raises ValidationError for someone outside the organisation: people are never
    enrolled across organisations.
    """
    if learner.organisation_id != cohort.organisation_id:
        raise ValidationError(_("This person cannot be enrolled in this cohort."))
    enrolment, created = Enrolment.objects.get_or_create(
        cohort=cohort, learner=learner, defaults={"enrolled_at": now}
    )
    if created:
        touch_cohorts([cohort.pk])
    return enrolment


# Progress ------------------------------------------------------------------------------
# Completing a lesson or submitting a quiz may complete the course; these services do the
# one and check the other in the same transaction.


@transaction.atomic
def complete_lesson(
    *, enrolment: Enrolment, lesson: Lesson, now: datetime.datetime
) -> CourseProgress:
    """Mark the lesson complete for the enrolment's learner; returns the new progress."""
    mark_lesson_complete(lesson=lesson, learner=enrolment.learner, now=now)
    touch_learner_cohorts(enrolment.learner_id)
    return record_course_completion(enrolment=enrolment, now=now)


@transaction.atomic
def submit_quiz_attempt(
    *,
    enrolment: Enrolment,
    attempt: Attempt,
    answers: Mapping[int, Answer] | None,
    now: datetime.datetime,
) -> Attempt:
    """Submit and grade the attempt (once, however often it is called), then record the
    course as complete if this was the last step."""
    graded = submit_attempt(attempt=attempt, answers=answers, now=now)
    touch_learner_cohorts(enrolment.learner_id)
    record_course_completion(enrolment=enrolment, now=now)
    return graded


@transaction.atomic
def start_quiz_attempt(*, learner: User, quiz: Quiz, now: datetime.datetime) -> Attempt:
    """Start (or resume) the learner's attempt at a quiz of their course; see
    assessments.services.start_attempt for what it raises."""
    attempt = start_attempt(quiz=quiz, learner=learner, now=now)
    touch_learner_cohorts(learner.pk)
    return attempt


@transaction.atomic
def record_course_completion(*, enrolment: Enrolment, now: datetime.datetime) -> CourseProgress:
    """If every module is complete, stamp the enrolment complete and issue its
    certificate, once. ``enrolment`` comes from a ``with_content_version`` query."""
    progress = get_course_progress(enrolment)
    if progress.is_complete:
        Enrolment.objects.filter(pk=enrolment.pk, completed_at__isnull=True).update(
            completed_at=now
        )
        issue_certificate(enrolment=enrolment, now=now)
    return progress


def _new_certificate_code() -> str:
    return "".join(secrets.choice(CERTIFICATE_ALPHABET) for _ in range(CERTIFICATE_CODE_LENGTH))


@transaction.atomic
def issue_certificate(*, enrolment: Enrolment, now: datetime.datetime) -> Certificate:
    """The enrolment's certificate, issued now if it has none. Idempotent."""
    existing = Certificate.objects.filter(enrolment=enrolment).first()
    if existing is not None:
        return existing
    learner = User.objects.get(pk=enrolment.learner_id)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Certificate.objects.create(
                    enrolment=enrolment,
                    code=_new_certificate_code(),
                    learner_name=learner.display_name,
                    issued_on=timezone.localdate(now),
                )
        except IntegrityError:
            # Issued by a concurrent request, or (vanishingly rarely) a code collision.
            existing = Certificate.objects.filter(enrolment=enrolment).first()
            if existing is not None:
                return existing
    raise RuntimeError("Could not find a free certificate code.")  # pragma: no cover
