"""Write use cases for courses, cohorts and enrolments."""

import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from courses.content_files import CourseSpec, course_fingerprint_data, parse_courses
from courses.models import Cohort, Course, CourseModule, Enrolment
from modules.content_files import LANGUAGES, fingerprint, parse_content_tree
from modules.models import Module
from modules.services import LoadReport, bump_content_version, load_modules
from users.models import User

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
            {language: getattr(course, f"title_{language}") or "" for language in LANGUAGES},
            {language: getattr(course, f"summary_{language}") or "" for language in LANGUAGES},
            course.is_published,
            module_slugs,
        )
    )


def _write_course(course: Course, spec: CourseSpec, modules: dict[str, Module]) -> None:
    for language in LANGUAGES:
        setattr(course, f"title_{language}", spec.title.get(language, ""))
        setattr(course, f"summary_{language}", spec.summary.get(language, ""))
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
    course_specs = parse_courses(
        courses_root, known_module_slugs={spec.slug for spec in module_specs}
    )
    report = LoadReport()
    modules = load_modules(specs=module_specs, report=report)
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
    enrolment, _created = Enrolment.objects.get_or_create(
        cohort=cohort, learner=learner, defaults={"enrolled_at": now}
    )
    return enrolment
