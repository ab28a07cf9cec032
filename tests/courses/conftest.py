"""Fixtures of the HR area's tests."""

import datetime

import pytest
from django.test import Client

from courses.models import Cohort, Course
from tests.courses.factories import CohortFactory
from tests.users.factories import UserFactory
from users.models import Organisation, User


@pytest.fixture
def hr(organisation: Organisation) -> User:
    return UserFactory(organisation=organisation, is_hr_admin=True, language="en")


@pytest.fixture
def hr_client(client: Client, hr: User) -> Client:
    client.force_login(hr)
    return client


@pytest.fixture
def cohort(organisation: Organisation, course: Course) -> Cohort:
    return CohortFactory(
        organisation=organisation,
        course=course,
        name="Store managers",
        starts_on=datetime.date(2026, 11, 1),
        due_on=datetime.date(2027, 1, 31),
    )
