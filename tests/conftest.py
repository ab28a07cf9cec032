"""Shared fixtures, and the rule for tests that need a real service.

Without PostgreSQL, Redis or Chromium the tests that need them skip with the reason;
with CI=true set such a skip is a failure, so CI always exercises the real services.
"""

import os
import shutil
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.utils import translation

from courses.models import Course
from courses.selectors import clear_outline_cache
from tests.courses.factories import CohortFactory, CourseFactory, EnrolmentFactory
from tests.modules.factories import LessonFactory, ModuleFactory
from tests.users.factories import OrganisationFactory, UserFactory
from users.models import Organisation, User

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def require_service(available: bool, reason: str) -> None:
    """Skip a test whose service is missing on a developer's machine; fail it in CI."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: the real service must be available)")
    pytest.skip(reason)


def pytest_configure(config: pytest.Config) -> None:
    if IN_CI and not os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgresql")):
        raise pytest.UsageError("CI=true needs DATABASE_URL pointing at PostgreSQL.")


@pytest.fixture(autouse=True)
def _services_for_markers(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("postgres"):
        require_service(connection.vendor == "postgresql", "needs PostgreSQL: set DATABASE_URL")
    if request.node.get_closest_marker("redis"):
        require_service(bool(os.environ.get("REDIS_URL")), "needs Redis: set REDIS_URL")
    if request.node.get_closest_marker("browser"):
        require_service(CHROMIUM is not None, "needs Chromium: apt-get install chromium")


@pytest.fixture(autouse=True)
def _fresh_content_caches() -> None:
    """Tests write content straight to the database, past the services that bump the
    content version, so each test starts with empty per-process content caches."""
    clear_outline_cache()
    cache.clear()


@pytest.fixture(autouse=True)
def _english_by_default() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def organisation(db: None) -> Organisation:
    return OrganisationFactory()


@pytest.fixture
def manager(organisation: Organisation) -> User:
    return UserFactory(organisation=organisation)


@pytest.fixture
def course(db: None) -> Course:
    """A published course of two modules with two published lessons each."""
    course = CourseFactory(slug="leadership")
    for position, slug in enumerate(["economics", "journeys"], start=1):
        module = ModuleFactory(slug=slug)
        course.course_modules.create(module=module, position=position)
        LessonFactory(module=module, slug=f"{slug}-one", position=1)
        LessonFactory(module=module, slug=f"{slug}-two", position=2)
    return course


@pytest.fixture
def enrolled_manager(manager: User, course: Course) -> User:
    EnrolmentFactory(
        learner=manager, cohort=CohortFactory(organisation=manager.organisation, course=course)
    )
    return manager


@pytest.fixture
def manager_client(client: Client, enrolled_manager: User) -> Client:
    client.force_login(enrolled_manager)
    return client
