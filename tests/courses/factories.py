import datetime

import factory
from django.utils import timezone

from courses.models import Cohort, Course, Enrolment
from tests.users.factories import OrganisationFactory, UserFactory


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"course-{n}")
    title_en = "Customer-focused leadership"
    title_da = "Kundefokuseret ledelse"
    is_published = True


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    organisation = factory.SubFactory(OrganisationFactory)
    course = factory.SubFactory(CourseFactory)
    name = factory.Sequence(lambda n: f"Cohort {n}")
    starts_on = datetime.date(2026, 11, 1)
    due_on = datetime.date(2027, 1, 31)


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    cohort = factory.SubFactory(CohortFactory)
    learner = factory.SubFactory(
        UserFactory, organisation=factory.SelfAttribute("..cohort.organisation")
    )
    enrolled_at = factory.LazyFunction(timezone.now)
