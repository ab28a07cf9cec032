"""A major change asks the learners who completed a lesson to review it: the course page
and the lesson page say so, and the learner closes the request from the lesson page."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from courses.models import Course
from modules.authoring.models import LessonReview
from modules.authoring.services import publish_lesson
from modules.models import Lesson, LessonCompletion
from tests.courses.factories import CohortFactory, EnrolmentFactory
from tests.modules.factories import BlockFactory
from tests.users.factories import UserFactory
from users.models import User

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC)
MARKER = "Changed since you completed it: please review"
COURSE_URL = reverse("courses:detail", kwargs={"course_slug": "leadership"})
LESSON_URL = reverse(
    "courses:lesson",
    kwargs={
        "course_slug": "leadership",
        "module_slug": "economics",
        "lesson_slug": "economics-one",
    },
)


def complete(learner: User, slug: str = "economics-one") -> None:
    LessonCompletion.objects.create(
        learner=learner,
        lesson=Lesson.objects.get(slug=slug),
        completed_at=datetime.datetime(2026, 11, 2, tzinfo=datetime.UTC),
    )


def publish(slug: str = "economics-one", *, is_major: bool = True) -> None:
    lesson = Lesson.objects.get(slug=slug)
    if not lesson.blocks.exists():
        BlockFactory(lesson=lesson)  # a lesson is published with at least one block
    publish_lesson(
        lesson=lesson,
        expected_version=0,
        user=UserFactory(is_trainer=True),
        now=NOW,
        is_major=is_major,
    )


def reviewed_url(review: LessonReview) -> str:
    return reverse(
        "courses:mark_reviewed", kwargs={"course_slug": "leadership", "review_id": review.pk}
    )


@pytest.fixture
def classmate(enrolled_manager: User) -> User:
    """A learner of the same cohort who had not completed the lesson."""
    other = UserFactory(organisation=enrolled_manager.organisation)
    EnrolmentFactory(learner=other, cohort=enrolled_manager.enrolments.get().cohort)
    return other


class TestTheMarker:
    def test_shows_on_both_pages_for_the_learner_who_completed_the_lesson(
        self, manager_client: Client, enrolled_manager: User
    ) -> None:
        # given a completed lesson, both pages rendered (their fragments cached) before
        complete(enrolled_manager)
        assert MARKER not in manager_client.get(COURSE_URL).content.decode()
        assert MARKER not in manager_client.get(LESSON_URL).content.decode()
        # when a trainer publishes a major change
        publish()
        # then the course page marks that lesson, and it is still complete
        html = manager_client.get(COURSE_URL).content.decode()
        assert html.count(MARKER) == 1
        assert "1 of 4 steps done" in html
        # and the lesson page says so, with the button, in the footer and the side panel
        html = manager_client.get(LESSON_URL).content.decode()
        assert html.count(MARKER) == 2
        assert "You have completed this lesson." in html
        assert "Mark as reviewed" in html
        review = LessonReview.objects.get(learner=enrolled_manager)
        assert f'action="{reviewed_url(review)}"' in html

    def test_does_not_show_for_a_learner_who_had_not_completed_it(
        self, client: Client, enrolled_manager: User, classmate: User
    ) -> None:
        complete(enrolled_manager)
        publish()
        client.force_login(classmate)
        assert MARKER not in client.get(COURSE_URL).content.decode()
        html = client.get(LESSON_URL).content.decode()
        assert MARKER not in html
        assert "Mark as reviewed" not in html

    def test_a_minor_change_asks_for_nothing(
        self, manager_client: Client, enrolled_manager: User
    ) -> None:
        complete(enrolled_manager)
        publish(is_major=False)
        assert MARKER not in manager_client.get(LESSON_URL).content.decode()

    def test_is_translated_into_danish(
        self, manager_client: Client, enrolled_manager: User
    ) -> None:
        complete(enrolled_manager)
        publish()
        enrolled_manager.language = "da"
        enrolled_manager.save(update_fields=["language"])
        assert "Ændret, siden du gennemførte den" in manager_client.get(COURSE_URL).content.decode()
        html = manager_client.get(LESSON_URL).content.decode()
        assert "Markér som gennemgået" in html

    @pytest.mark.parametrize("url", [COURSE_URL, LESSON_URL], ids=["course", "lesson"])
    def test_costs_no_query_more(
        self,
        manager_client: Client,
        enrolled_manager: User,
        url: str,
        django_assert_max_num_queries,
    ) -> None:
        complete(enrolled_manager)
        complete(enrolled_manager, "economics-two")
        publish()
        publish("economics-two")
        manager_client.get(url)  # loads the outline and the blocks
        with django_assert_max_num_queries(3):
            html = manager_client.get(url).content.decode()
        assert MARKER in html
        with django_assert_max_num_queries(3):
            manager_client.get(reverse("courses:dashboard"))


class TestMarkReviewed:
    def test_closes_the_request_and_keeps_the_completion(
        self, manager_client: Client, enrolled_manager: User
    ) -> None:
        complete(enrolled_manager)
        publish()
        manager_client.get(COURSE_URL)  # the cached fragment holds the marker
        review = LessonReview.objects.get(learner=enrolled_manager)
        # when
        response = manager_client.post(reviewed_url(review))
        # then
        assert response.status_code == 302
        assert response["Location"] == LESSON_URL
        review.refresh_from_db()
        assert review.reviewed_at is not None
        assert enrolled_manager.lesson_completions.filter(lesson__slug="economics-one").exists()
        assert MARKER not in manager_client.get(COURSE_URL).content.decode()
        html = manager_client.get(LESSON_URL).content.decode()
        assert MARKER not in html
        assert "You have completed this lesson." in html

    def test_twice_is_the_same_as_once(
        self, manager_client: Client, enrolled_manager: User
    ) -> None:
        complete(enrolled_manager)
        publish()
        review = LessonReview.objects.get(learner=enrolled_manager)
        manager_client.post(reviewed_url(review))
        review.refresh_from_db()
        first = review.reviewed_at
        response = manager_client.post(reviewed_url(review))
        assert response.status_code == 302
        review.refresh_from_db()
        assert review.reviewed_at == first

    def test_closes_every_open_request_of_the_lesson(
        self, manager_client: Client, enrolled_manager: User
    ) -> None:
        complete(enrolled_manager)
        publish()
        publish()
        first = LessonReview.objects.filter(learner=enrolled_manager).order_by("pk").first()
        assert first is not None
        manager_client.post(reviewed_url(first))
        assert not LessonReview.objects.filter(reviewed_at__isnull=True).exists()
        assert MARKER not in manager_client.get(LESSON_URL).content.decode()

    def test_another_learners_request_is_404(
        self, client: Client, enrolled_manager: User, classmate: User
    ) -> None:
        complete(enrolled_manager)
        publish()
        review = LessonReview.objects.get(learner=enrolled_manager)
        client.force_login(classmate)
        assert client.post(reviewed_url(review)).status_code == 404
        review.refresh_from_db()
        assert review.reviewed_at is None

    def test_a_request_through_a_course_the_learner_does_not_take_is_404(
        self, manager_client: Client, enrolled_manager: User, course: Course
    ) -> None:
        complete(enrolled_manager)
        publish()
        review = LessonReview.objects.get(learner=enrolled_manager)
        other = CohortFactory(organisation=enrolled_manager.organisation).course
        url = reverse(
            "courses:mark_reviewed", kwargs={"course_slug": other.slug, "review_id": review.pk}
        )
        assert manager_client.post(url).status_code == 404

    def test_get_is_not_allowed_and_csrf_is_required(self, enrolled_manager: User) -> None:
        complete(enrolled_manager)
        publish()
        review = LessonReview.objects.get(learner=enrolled_manager)
        client = Client(enforce_csrf_checks=True)
        client.force_login(enrolled_manager)
        assert client.get(reviewed_url(review)).status_code == 405
        assert client.post(reviewed_url(review)).status_code == 403
        review.refresh_from_db()
        assert review.reviewed_at is None
