"""The learner's path through the browser: dashboard, course page, lesson page, completion."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from courses.models import Course
from modules.models import Block, Lesson, LessonCompletion
from modules.services import bump_content_version
from tests.courses.factories import CohortFactory, EnrolmentFactory
from tests.modules.factories import BlockFactory, LessonFactory, ModuleFactory
from tests.users.factories import UserFactory
from users.models import User

pytestmark = pytest.mark.django_db


def complete(learner: User, lesson_slug: str) -> None:
    LessonCompletion.objects.create(
        learner=learner,
        lesson=Lesson.objects.get(slug=lesson_slug),
        completed_at=datetime.datetime(2026, 11, 2, tzinfo=datetime.UTC),
    )


def lesson_url(slug: str, module: str = "economics", course: str = "leadership") -> str:
    return reverse(
        "courses:lesson", kwargs={"course_slug": course, "module_slug": module, "lesson_slug": slug}
    )


def complete_url(slug: str, module: str = "economics", course: str = "leadership") -> str:
    return reverse(
        "courses:complete_lesson",
        kwargs={"course_slug": course, "module_slug": module, "lesson_slug": slug},
    )


class TestDashboard:
    def test_shows_the_assigned_course_with_progress_due_date_and_continue_link(
        self, manager_client: Client, enrolled_manager: User
    ) -> None:
        # given one of four steps done
        complete(enrolled_manager, "economics-one")
        # when
        response = manager_client.get(reverse("courses:dashboard"))
        # then
        html = response.content.decode()
        assert response.status_code == 200
        assert "Customer-focused leadership" in html
        assert 'max="4" value="1"' in html
        assert "1 of 4 steps done" in html
        assert "Due Jan. 31, 2027" in html
        assert f'href="{lesson_url("economics-two")}"' in html
        assert "Continue" in html

    def test_a_manager_with_nothing_assigned_gets_a_helpful_empty_state(
        self, client: Client, manager: User
    ) -> None:
        client.force_login(manager)
        response = client.get(reverse("courses:dashboard"))
        assert response.status_code == 200
        assert "Nothing is assigned to you yet" in response.content.decode()

    def test_a_withdrawn_enrolment_is_not_shown(
        self, manager_client: Client, enrolled_manager: User
    ) -> None:
        enrolled_manager.enrolments.update(
            withdrawn_at=datetime.datetime(2026, 11, 3, tzinfo=datetime.UTC)
        )
        response = manager_client.get(reverse("courses:dashboard"))
        assert "Nothing is assigned to you yet" in response.content.decode()

    def test_anonymous_visitors_are_sent_to_sign_in(self, client: Client) -> None:
        response = client.get(reverse("courses:dashboard"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))

    def test_query_count_does_not_grow_with_enrolments_and_progress(
        self,
        manager_client: Client,
        enrolled_manager: User,
        course: Course,
        django_assert_max_num_queries,
    ) -> None:
        # given more courses, more cohorts, more learners and more progress
        for slug in ("second", "third"):
            other = CourseFactoryWithLessons(slug)
            EnrolmentFactory(
                learner=enrolled_manager,
                cohort=CohortFactory(organisation=enrolled_manager.organisation, course=other),
            )
        for lesson in Lesson.objects.all():
            LessonCompletion.objects.create(
                learner=enrolled_manager, lesson=lesson, completed_at=lesson.created_at
            )
        EnrolmentFactory.create_batch(20, cohort=enrolled_manager.enrolments.first().cohort)
        # then the first request also loads the outlines: user, enrolments, completions
        # with quiz attempts, and courses, modules, lessons, quizzes for all three courses
        with django_assert_max_num_queries(7):
            response = manager_client.get(reverse("courses:dashboard"))
        assert response.content.decode().count('class="card"') == 3
        # and every later one reads only the user, the enrolments, and the completions with
        # the quiz attempts
        with django_assert_max_num_queries(3):
            manager_client.get(reverse("courses:dashboard"))


def CourseFactoryWithLessons(slug: str) -> Course:
    from tests.courses.factories import CourseFactory

    course = CourseFactory(slug=slug)
    module = ModuleFactory(slug=f"{slug}-module")
    course.course_modules.create(module=module, position=1)
    LessonFactory.create_batch(5, module=module)
    return course


class TestCoursePage:
    def test_lists_modules_in_order_with_their_progress(
        self, manager_client: Client, enrolled_manager: User
    ) -> None:
        complete(enrolled_manager, "journeys-one")
        response = manager_client.get(
            reverse("courses:detail", kwargs={"course_slug": "leadership"})
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert html.index("Module 1") < html.index("Module 2")
        assert html.count("0 of 2 steps done") == 1
        assert html.count("1 of 2 steps done") == 1
        assert "1 of 4 steps done" in html

    def test_the_cached_module_list_follows_each_completion_and_each_language(
        self, manager_client: Client, enrolled_manager: User
    ) -> None:
        url = reverse("courses:detail", kwargs={"course_slug": "leadership"})
        assert "0 of 4 steps done" in manager_client.get(url).content.decode()
        manager_client.post(complete_url("economics-one"))
        html = manager_client.get(url).content.decode()
        assert "1 of 2 steps done" in html
        assert html.count("Completed") == 1
        enrolled_manager.language = "da"
        enrolled_manager.save(update_fields=["language"])
        html = manager_client.get(url).content.decode()
        assert "1 af 2 trin gennemført" in html
        assert "Modul 1" in html

    def test_unpublished_modules_and_lessons_are_left_out(
        self, manager_client: Client, course: Course
    ) -> None:
        Lesson.objects.filter(slug="economics-two").update(is_published=False)
        course.modules.filter(slug="journeys").update(is_published=False)
        response = manager_client.get(
            reverse("courses:detail", kwargs={"course_slug": "leadership"})
        )
        html = response.content.decode()
        assert "0 of 1 step done" in html
        assert "economics-two" not in html
        assert "journeys" not in html

    @pytest.mark.parametrize("slug", ["unknown", "second", "a" * 300, "%3Cscript%3E"])
    def test_a_course_the_learner_is_not_enrolled_in_is_404(
        self, manager_client: Client, slug: str
    ) -> None:
        CourseFactoryWithLessons("second")  # exists, but the learner is not enrolled
        response = manager_client.get(f"/learn/{slug}/")
        assert response.status_code == 404

    def test_an_unpublished_course_is_404_even_when_enrolled(
        self, manager_client: Client, course: Course
    ) -> None:
        Course.objects.filter(pk=course.pk).update(is_published=False)
        response = manager_client.get(
            reverse("courses:detail", kwargs={"course_slug": "leadership"})
        )
        assert response.status_code == 404

    def test_query_count_is_constant(
        self, manager_client: Client, course: Course, django_assert_max_num_queries
    ) -> None:
        module = course.modules.first()
        LessonFactory.create_batch(30, module=module)
        url = reverse("courses:detail", kwargs={"course_slug": "leadership"})
        with django_assert_max_num_queries(7):  # the first request also loads the outline
            response = manager_client.get(url)
        assert response.status_code == 200
        with django_assert_max_num_queries(3):
            manager_client.get(url)


class TestLessonPage:
    def test_shows_the_blocks_in_order_with_previous_and_next(self, manager_client: Client) -> None:
        lesson = Lesson.objects.get(slug="economics-two")
        BlockFactory(lesson=lesson, position=2, body_en="Second paragraph.")
        BlockFactory(lesson=lesson, position=1, body_en="First paragraph.")
        BlockFactory(
            lesson=lesson, position=3, kind="callout", style="tip", body_en="Ask a customer today."
        )
        response = manager_client.get(lesson_url("economics-two"))
        html = response.content.decode()
        assert response.status_code == 200
        assert (
            html.index("First paragraph.")
            < html.index("Second paragraph.")
            < html.index("Ask a customer")
        )
        assert 'class="callout callout--tip"' in html
        assert f'rel="prev" href="{lesson_url("economics-one")}"' in html
        assert lesson_url("journeys-one", module="journeys") in html  # next crosses into module 2
        assert "Mark as complete" in html

    def test_the_cached_side_panel_marks_the_current_lesson_and_fresh_progress(
        self, manager_client: Client
    ) -> None:
        html = manager_client.get(lesson_url("economics-two")).content.decode()
        assert f'<a href="{lesson_url("economics-two")}" aria-current="page">' in html
        manager_client.post(complete_url("economics-one"))
        html = manager_client.get(lesson_url("economics-two")).content.decode()
        assert "1 of 2 steps done" in html
        assert "Course: 1 of 4 steps done" in html

    def test_a_completed_lesson_says_so_instead_of_offering_the_button(
        self, manager_client: Client, enrolled_manager: User
    ) -> None:
        complete(enrolled_manager, "economics-one")
        html = manager_client.get(lesson_url("economics-one")).content.decode()
        assert "You have completed this lesson." in html
        assert "Mark as complete" not in html

    def test_markdown_with_script_and_handlers_renders_inert(self, manager_client: Client) -> None:
        BlockFactory(
            lesson=Lesson.objects.get(slug="economics-one"),
            body_en=(
                "<script>alert(1)</script>\n\n[click](javascript:alert(2)) "
                '<a href="javascript:alert(3)">raw</a> <img src=x onerror="alert(4)">'
            ),
        )
        html = manager_client.get(lesson_url("economics-one")).content.decode()
        assert "<script>alert" not in html
        assert 'href="javascript' not in html
        assert "onerror" not in html

    @pytest.mark.parametrize(
        ("module", "lesson"),
        [
            ("economics", "nope"),
            ("journeys", "economics-one"),  # a real lesson under the wrong module
            ("nope", "economics-one"),
            ("economics", "../../admin"),
        ],
    )
    def test_unknown_paths_are_404(self, manager_client: Client, module: str, lesson: str) -> None:
        response = manager_client.get(f"/learn/leadership/{module}/{lesson}/")
        assert response.status_code == 404

    def test_an_unpublished_lesson_is_404(self, manager_client: Client) -> None:
        Lesson.objects.filter(slug="economics-one").update(is_published=False)
        assert manager_client.get(lesson_url("economics-one")).status_code == 404

    def test_a_lesson_of_a_module_outside_the_course_is_404(self, manager_client: Client) -> None:
        stray = LessonFactory(module=ModuleFactory(slug="stray"), slug="stray-lesson")
        assert manager_client.get(lesson_url(stray.slug, module="stray")).status_code == 404

    def test_danish_content_with_fallback_to_english(
        self, manager_client: Client, enrolled_manager: User
    ) -> None:
        lesson = Lesson.objects.get(slug="economics-one")
        BlockFactory(
            lesson=lesson, position=1, body_en="Loyal customers.", body_da="Loyale kunder."
        )
        BlockFactory(lesson=lesson, position=2, body_en="Only in English.", body_da="")
        enrolled_manager.language = "da"
        enrolled_manager.save(update_fields=["language"])
        html = manager_client.get(lesson_url("economics-one")).content.decode()
        assert '<html lang="da">' in html
        assert "Loyale kunder." in html
        assert "Loyal customers." not in html
        assert "Only in English." in html
        assert "Markér som gennemført" in html

    def test_a_content_change_shows_at_once_because_it_bumps_the_content_version(
        self, manager_client: Client
    ) -> None:
        block = BlockFactory(lesson=Lesson.objects.get(slug="economics-one"), body_en="Old text.")
        assert "Old text." in manager_client.get(lesson_url("economics-one")).content.decode()
        # a write past the services is not seen: the page comes from the cache
        Block.objects.filter(pk=block.pk).update(body_en="New text.")
        assert "Old text." in manager_client.get(lesson_url("economics-one")).content.decode()
        # the services bump the version with every change, and the next request sees it
        bump_content_version()
        assert "New text." in manager_client.get(lesson_url("economics-one")).content.decode()

    def test_query_count_is_constant(
        self, manager_client: Client, django_assert_max_num_queries
    ) -> None:
        lesson = Lesson.objects.get(slug="economics-one")
        BlockFactory.create_batch(25, lesson=lesson)
        with django_assert_max_num_queries(8):  # the first request loads outline and blocks
            response = manager_client.get(lesson_url("economics-one"))
        assert response.status_code == 200
        with django_assert_max_num_queries(3):
            manager_client.get(lesson_url("economics-one"))


class TestCompleteLesson:
    def test_marks_the_lesson_done_and_goes_to_the_next_unfinished_one(
        self, manager_client: Client, enrolled_manager: User
    ) -> None:
        response = manager_client.post(complete_url("economics-one"))
        assert response.status_code == 302
        assert response["Location"] == lesson_url("economics-two")
        assert enrolled_manager.lesson_completions.filter(lesson__slug="economics-one").exists()

    def test_twice_counts_once(self, manager_client: Client, enrolled_manager: User) -> None:
        manager_client.post(complete_url("economics-one"))
        manager_client.post(complete_url("economics-one"))
        assert enrolled_manager.lesson_completions.count() == 1

    def test_the_last_lesson_returns_to_the_course_page(
        self, manager_client: Client, enrolled_manager: User
    ) -> None:
        for slug, module in [
            ("economics-one", "economics"),
            ("economics-two", "economics"),
            ("journeys-one", "journeys"),
        ]:
            manager_client.post(complete_url(slug, module=module))
        response = manager_client.post(complete_url("journeys-two", module="journeys"))
        assert response["Location"] == reverse(
            "courses:detail", kwargs={"course_slug": "leadership"}
        )
        dashboard = manager_client.get(reverse("courses:dashboard")).content.decode()
        assert "Course completed" in dashboard

    def test_get_is_not_allowed(self, manager_client: Client) -> None:
        assert manager_client.get(complete_url("economics-one")).status_code == 405

    def test_a_post_without_csrf_token_is_refused(self, enrolled_manager: User) -> None:
        client = Client(enforce_csrf_checks=True)
        client.force_login(enrolled_manager)
        response = client.post(complete_url("economics-one"))
        assert response.status_code == 403
        assert not enrolled_manager.lesson_completions.exists()

    def test_a_learner_of_another_organisation_cannot_complete_it(
        self, client: Client, enrolled_manager: User
    ) -> None:
        outsider = UserFactory()
        client.force_login(outsider)
        response = client.post(complete_url("economics-one"))
        assert response.status_code == 404
        assert not LessonCompletion.objects.exists()

    def test_an_unpublished_lesson_cannot_be_completed(
        self, manager_client: Client, enrolled_manager: User
    ) -> None:
        Lesson.objects.filter(slug="economics-one").update(is_published=False)
        assert manager_client.post(complete_url("economics-one")).status_code == 404
        assert not enrolled_manager.lesson_completions.exists()


def test_the_course_page_shows_the_cohorts_module_due_dates_without_a_query_more(
    manager_client: Client, enrolled_manager: User, course: Course, django_assert_max_num_queries
) -> None:
    from courses.hr.services import save_cohort
    from courses.models import Enrolment

    cohort = Enrolment.objects.get(learner=enrolled_manager).cohort
    first = course.course_modules.get(position=1).module
    url = reverse("courses:detail", kwargs={"course_slug": "leadership"})
    assert "Module due" not in manager_client.get(url).content.decode()
    save_cohort(cohort=cohort, module_dues={first.pk: datetime.date(2026, 12, 15)})
    with django_assert_max_num_queries(3):
        html = manager_client.get(url).content.decode()
    assert html.count("Module due") == 1
    assert "15 December 2026" in html or "Dec. 15, 2026" in html or "December 15, 2026" in html
