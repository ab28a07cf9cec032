"""Enrolment and completion services."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from courses.models import Course, Enrolment
from courses.services import enrol_learner
from modules.models import Lesson
from modules.services import mark_lesson_complete
from tests.courses.factories import CohortFactory
from tests.users.factories import UserFactory
from users.models import User

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 11, 26, 9, 0, tzinfo=datetime.UTC)


def test_enrolling_twice_keeps_one_enrolment_with_its_first_date(
    manager: User, course: Course
) -> None:
    cohort = CohortFactory(organisation=manager.organisation, course=course)
    first = enrol_learner(cohort=cohort, learner=manager, now=NOW)
    again = enrol_learner(cohort=cohort, learner=manager, now=NOW + datetime.timedelta(days=3))
    assert first.pk == again.pk
    assert Enrolment.objects.get().enrolled_at == NOW


def test_a_person_of_another_organisation_is_never_enrolled(course: Course) -> None:
    cohort = CohortFactory(course=course)
    outsider = UserFactory()  # a member of some other organisation
    with pytest.raises(ValidationError, match="cannot be enrolled"):
        enrol_learner(cohort=cohort, learner=outsider, now=NOW)
    assert not Enrolment.objects.exists()


def test_completing_a_lesson_twice_keeps_the_first_time(enrolled_manager: User) -> None:
    lesson = Lesson.objects.get(slug="economics-one")
    first = mark_lesson_complete(lesson=lesson, learner=enrolled_manager, now=NOW)
    again = mark_lesson_complete(
        lesson=lesson, learner=enrolled_manager, now=NOW + datetime.timedelta(hours=1)
    )
    assert first.pk == again.pk
    assert again.completed_at == NOW
    assert enrolled_manager.lesson_completions.count() == 1
