"""Taking a quiz in the browser: the pages, what they reveal, hostile input, completion."""

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import Attempt, AttemptChoice, Choice, Quiz
from courses.models import Certificate, Course, Enrolment
from modules.models import Lesson, LessonCompletion, Module
from tests.assessments.factories import QuizFactory, full_quiz, single
from tests.courses.factories import CohortFactory, EnrolmentFactory
from tests.users.factories import OrganisationFactory, UserFactory
from users.models import User

pytestmark = pytest.mark.django_db

RIGHT_ANSWERS = {"q1": "2", "q2": ["1", "3"], "q3": "1", "q4": "2,500,400", "q5": "Notes."}


@pytest.fixture
def quiz(course: Course) -> Quiz:
    """The quiz of the course's first module ("economics"): one question of every type,
    pass mark 60 %, two attempts."""
    return full_quiz(QuizFactory(module=Module.objects.get(slug="economics"), max_attempts=2))


def quiz_url(quiz: Quiz, action: str = "quiz") -> str:
    return reverse(f"courses:{action}", kwargs={"course_slug": "leadership", "quiz_id": quiz.pk})


def attempt_url(attempt: Attempt, action: str = "attempt") -> str:
    return reverse(
        f"courses:{action}", kwargs={"course_slug": "leadership", "attempt_id": attempt.pk}
    )


def start(client: Client, quiz: Quiz) -> Attempt:
    response = client.post(quiz_url(quiz, "start_attempt"))
    assert response.status_code == 302
    attempt = Attempt.objects.order_by("-pk").first()
    assert response["Location"] == attempt_url(attempt)
    return attempt


def complete_lessons(learner: User, module_slug: str) -> None:
    for lesson in Lesson.objects.filter(module__slug=module_slug):
        LessonCompletion.objects.create(
            learner=learner, lesson=lesson, completed_at="2026-11-20T10:00:00Z"
        )


class TestQuizPage:
    def test_shows_the_settings_and_a_start_button(
        self, manager_client: Client, quiz: Quiz
    ) -> None:
        html = manager_client.get(quiz_url(quiz)).content.decode()
        assert quiz.title_en in html
        assert "60&nbsp;%" in html
        assert "0 of 2 used" in html
        assert "Start the quiz" in html

    def test_a_quiz_of_a_course_the_learner_does_not_take_is_404(
        self, manager_client: Client
    ) -> None:
        elsewhere = full_quiz(QuizFactory())
        assert manager_client.get(quiz_url(elsewhere)).status_code == 404
        assert manager_client.post(quiz_url(elsewhere, "start_attempt")).status_code == 404
        assert manager_client.get(quiz_url(QuizFactory.build(pk=999999))).status_code == 404

    def test_an_unpublished_quiz_is_404(self, manager_client: Client, quiz: Quiz) -> None:
        Quiz.objects.filter(pk=quiz.pk).update(is_published=False)
        assert manager_client.get(quiz_url(quiz)).status_code == 404


class TestTakingTheQuiz:
    def test_the_page_reveals_nothing_about_the_right_answers(
        self, manager_client: Client, quiz: Quiz
    ) -> None:
        attempt = start(manager_client, quiz)
        before = manager_client.get(attempt_url(attempt)).content.decode()
        # nothing that is only for after submission appears
        for question in quiz.questions.all():
            if question.explanation_en:
                assert question.explanation_en not in before
        for choice in Choice.objects.filter(question__quiz=quiz):
            if choice.feedback_en:
                assert choice.feedback_en not in before
        assert "2500000" not in before
        assert "2,500,000" not in before
        assert "correct" not in before.lower()
        # and the page is the same, byte for byte, whichever answers are right
        for item in attempt.items.all():
            for choice in item.shown["choices"]:
                choice["correct"] = not choice["correct"]
            item.shown["answer"] = "17"
            item.save()
        after = manager_client.get(attempt_url(attempt)).content.decode()
        strip_csrf = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
        assert strip_csrf.sub("", before) == strip_csrf.sub("", after)

    def test_an_answer_is_saved_as_given_and_shown_again_on_reload(
        self, manager_client: Client, quiz: Quiz
    ) -> None:
        attempt = start(manager_client, quiz)
        response = manager_client.post(
            attempt_url(attempt, "save_attempt"), {"q1": "3", "q4": "1.234"}, HTTP_HX_REQUEST="true"
        )
        assert response.status_code == 200
        assert "All answers saved" in response.content.decode()
        html = manager_client.get(attempt_url(attempt)).content.decode()
        assert re.search(r'value="3"[^>]*checked|checked[^>]*value="3"', html)
        assert 'value="1.234"' in html

    def test_saving_without_javascript_returns_to_the_attempt(
        self, manager_client: Client, quiz: Quiz
    ) -> None:
        attempt = start(manager_client, quiz)
        response = manager_client.post(attempt_url(attempt, "save_attempt"), {"q1": "1"})
        assert response["Location"] == attempt_url(attempt)
        assert AttemptChoice.objects.filter(item__attempt=attempt).count() == 1

    @pytest.mark.parametrize("typed", ["two million", "1e400", "9" * 40, "=SUM(A1:A9)", "<b>5</b>"])
    def test_a_bad_number_is_a_field_error_and_the_text_is_kept(
        self, manager_client: Client, quiz: Quiz, typed: str
    ) -> None:
        attempt = start(manager_client, quiz)
        response = manager_client.post(attempt_url(attempt, "submit_attempt"), {"q4": typed})
        html = response.content.decode()
        assert response.status_code == 422
        assert "Please correct the answers marked below" in html
        assert 'class="errorlist' in html
        assert "<b>5</b>" not in html  # shown escaped, as text
        assert Attempt.objects.get(pk=attempt.pk).submitted_at is None
        assert attempt.items.get(position=4).number_text == typed[:100]

    def test_a_choice_from_another_question_or_quiz_is_refused(
        self, manager_client: Client, quiz: Quiz
    ) -> None:
        attempt = start(manager_client, quiz)
        other_question_choice = Choice.objects.filter(question__quiz=quiz).last()
        foreign = single(QuizFactory(), key="foreign").choices.first()
        for value in (str(other_question_choice.pk), str(foreign.pk), "9", "-1", "1 OR 1=1"):
            response = manager_client.post(attempt_url(attempt, "submit_attempt"), {"q1": value})
            assert response.status_code == 422
            assert "Select a valid choice" in response.content.decode()
        assert not AttemptChoice.objects.filter(item__position=1).exists()
        assert Attempt.objects.get(pk=attempt.pk).submitted_at is None

    def test_tampered_fields_have_no_effect_on_the_grade(
        self, manager_client: Client, quiz: Quiz
    ) -> None:
        attempt = start(manager_client, quiz)
        manager_client.post(
            attempt_url(attempt, "submit_attempt"),
            {
                "q1": "1",
                "score": "100",
                "passed": "on",
                "q99": "1",
                "attempt": "1",
                "q1-share": "x",
            },
        )
        graded = Attempt.objects.get(pk=attempt.pk)
        assert graded.submitted_at is not None
        assert graded.score == Decimal(0)
        assert graded.passed is False


class TestSubmitting:
    def test_passing_shows_the_score_and_every_explanation(
        self, manager_client: Client, quiz: Quiz
    ) -> None:
        attempt = start(manager_client, quiz)
        response = manager_client.post(attempt_url(attempt, "submit_attempt"), RIGHT_ANSWERS)
        assert response["Location"] == attempt_url(attempt)
        html = manager_client.get(attempt_url(attempt)).content.decode()
        assert "You scored 100 %" in html
        assert "Passed" in html
        assert html.count(quiz.questions.first().explanation_en) == 4  # scored questions
        assert "Feedback on single option 2." in html  # feedback on the chosen choice
        assert "Feedback on single option 1." not in html
        assert "Notes." in html

    def test_failing_shows_the_right_answers_and_the_attempts_left(
        self, manager_client: Client, quiz: Quiz
    ) -> None:
        attempt = start(manager_client, quiz)
        manager_client.post(attempt_url(attempt, "submit_attempt"), {"q1": "1", "q4": "12"})
        html = manager_client.get(attempt_url(attempt)).content.decode()
        assert "Not passed this time" in html
        assert "2,500,000" in html  # the right numeric answer, now that it is submitted
        assert "Quiz not passed yet: 1 attempt left" in html
        assert "Take the quiz again" in html

    def test_two_submissions_count_once_and_both_see_the_result(
        self, manager_client: Client, quiz: Quiz
    ) -> None:
        attempt = start(manager_client, quiz)
        first = manager_client.post(attempt_url(attempt, "submit_attempt"), RIGHT_ANSWERS)
        second = manager_client.post(attempt_url(attempt, "submit_attempt"), {"q1": "1"})
        assert first["Location"] == second["Location"] == attempt_url(attempt)
        assert Attempt.objects.filter(quiz=quiz).count() == 1
        assert Attempt.objects.get().score == Decimal(100)

    def test_answers_posted_after_submission_change_nothing(
        self, manager_client: Client, quiz: Quiz
    ) -> None:
        attempt = start(manager_client, quiz)
        manager_client.post(attempt_url(attempt, "submit_attempt"), RIGHT_ANSWERS)
        response = manager_client.post(attempt_url(attempt, "save_attempt"), {"q1": "1"})
        assert response["Location"] == attempt_url(attempt)
        htmx = manager_client.post(
            attempt_url(attempt, "save_attempt"), {"q1": "1"}, HTTP_HX_REQUEST="true"
        )
        assert htmx["HX-Redirect"] == attempt_url(attempt)
        assert attempt.items.get(position=1).selections.get().choice.is_correct

    def test_beyond_the_attempt_limit_a_new_attempt_is_refused(
        self, manager_client: Client, quiz: Quiz
    ) -> None:
        for _ in range(2):
            attempt = start(manager_client, quiz)
            manager_client.post(attempt_url(attempt, "submit_attempt"), {"q1": "1"})
        response = manager_client.post(quiz_url(quiz, "start_attempt"), follow=True)
        html = response.content.decode()
        assert "You have used all your attempts" in html
        assert Attempt.objects.count() == 2
        assert "Not passed: no attempts left" in html

    def test_a_submission_after_the_time_limit_is_graded_at_the_limit(
        self, manager_client: Client, quiz: Quiz, time_machine
    ) -> None:
        Quiz.objects.filter(pk=quiz.pk).update(time_limit_minutes=10)
        time_machine.move_to("2026-11-26T09:00:00Z", tick=False)
        attempt = start(manager_client, quiz)
        manager_client.post(attempt_url(attempt, "save_attempt"), {"q1": "2"})
        time_machine.move_to("2026-11-26T09:30:00Z", tick=False)
        response = manager_client.post(attempt_url(attempt, "submit_attempt"), RIGHT_ANSWERS)
        assert response["Location"] == attempt_url(attempt)
        graded = Attempt.objects.get(pk=attempt.pk)
        assert graded.submitted_at == graded.deadline
        assert graded.score == Decimal(25)  # only the answer saved in time counts


class TestOwnership:
    def test_another_learners_attempt_is_404_everywhere(
        self, client: Client, manager_client: Client, quiz: Quiz, course: Course
    ) -> None:
        attempt = start(manager_client, quiz)
        colleague = UserFactory(organisation=attempt.learner.organisation)
        EnrolmentFactory(
            learner=colleague,
            cohort=CohortFactory(organisation=colleague.organisation, course=course),
        )
        outsider = UserFactory(organisation=OrganisationFactory())
        EnrolmentFactory(
            learner=outsider,
            cohort=CohortFactory(organisation=outsider.organisation, course=course),
        )
        for person in (colleague, outsider):
            client.force_login(person)
            assert client.get(attempt_url(attempt)).status_code == 404
            assert client.post(attempt_url(attempt, "save_attempt"), {"q1": "1"}).status_code == 404
            assert (
                client.post(attempt_url(attempt, "submit_attempt"), {"q1": "1"}).status_code == 404
            )
        assert Attempt.objects.get(pk=attempt.pk).submitted_at is None
        assert not AttemptChoice.objects.exists()

    def test_an_attempt_under_another_course_address_is_404(
        self, manager_client: Client, quiz: Quiz
    ) -> None:
        attempt = start(manager_client, quiz)
        url = reverse("courses:attempt", kwargs={"course_slug": "other", "attempt_id": attempt.pk})
        assert manager_client.get(url).status_code == 404


class TestQueryCounts:
    @pytest.mark.parametrize("size", [5, 20])
    def test_quiz_attempt_and_result_pages_are_constant(
        self, manager_client: Client, course: Course, size: int, django_assert_max_num_queries
    ) -> None:
        quiz = QuizFactory(module=Module.objects.get(slug="economics"))
        for position in range(1, size + 1):
            single(quiz, key=f"q{position}", position=position)
        manager_client.get(quiz_url(quiz))  # warm the outline cache
        with django_assert_max_num_queries(6):
            manager_client.get(quiz_url(quiz))
        attempt = start(manager_client, quiz)
        with django_assert_max_num_queries(6):
            assert manager_client.get(attempt_url(attempt)).status_code == 200
        manager_client.post(attempt_url(attempt, "submit_attempt"), {"q1": "2"})
        with django_assert_max_num_queries(8):
            assert manager_client.get(attempt_url(attempt)).status_code == 200


class TestCompletion:
    def test_a_module_needs_its_quiz_passed_and_continue_leads_there(
        self, manager_client: Client, enrolled_manager: User, quiz: Quiz
    ) -> None:
        complete_lessons(enrolled_manager, "economics")
        page = manager_client.get(reverse("courses:detail", args=["leadership"])).content.decode()
        assert 'max="3" value="2"' in page  # two lessons done, the quiz not yet passed
        assert "Not started" in page
        dashboard = manager_client.get(reverse("courses:dashboard")).content.decode()
        assert f'href="{quiz_url(quiz)}"' in dashboard
        assert f"Next: {quiz.title_en}" in dashboard

    def test_passing_the_last_quiz_completes_the_course_and_issues_a_certificate(
        self, manager_client: Client, enrolled_manager: User, quiz: Quiz
    ) -> None:
        complete_lessons(enrolled_manager, "economics")
        complete_lessons(enrolled_manager, "journeys")
        assert (
            manager_client.get(reverse("courses:certificate", args=["leadership"])).status_code
            == 404
        )
        attempt = start(manager_client, quiz)
        manager_client.post(attempt_url(attempt, "submit_attempt"), RIGHT_ANSWERS)
        enrolment = Enrolment.objects.get(learner=enrolled_manager)
        assert enrolment.completed_at is not None
        certificate = Certificate.objects.get(enrolment=enrolment)
        result = manager_client.get(attempt_url(attempt)).content.decode()
        assert "Download your certificate" in result
        response = manager_client.get(reverse("courses:certificate", args=["leadership"]))
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        assert certificate.display_code in response["Content-Disposition"]

    def test_a_failed_quiz_with_no_attempts_left_blocks_completion_with_a_message(
        self, manager_client: Client, enrolled_manager: User, quiz: Quiz
    ) -> None:
        complete_lessons(enrolled_manager, "economics")
        complete_lessons(enrolled_manager, "journeys")
        for _ in range(2):
            attempt = start(manager_client, quiz)
            manager_client.post(attempt_url(attempt, "submit_attempt"), {"q1": "1"})
        dashboard = manager_client.get(reverse("courses:dashboard")).content.decode()
        assert "no attempts left. Ask your HR contact" in dashboard
        assert not Certificate.objects.exists()


class TestCertificateVerification:
    @pytest.fixture
    def certificate(self, enrolled_manager: User) -> Certificate:
        return Certificate.objects.create(
            enrolment=Enrolment.objects.get(learner=enrolled_manager),
            code="ABCDEFGHJKMN",
            learner_name="Mette Lund",
            issued_on="2026-11-20",
        )

    @pytest.mark.parametrize("typed", ["ABCD-EFGH-JKMN", "abcd efgh jkmn", " abcdefghjkmn "])
    def test_anyone_with_the_code_sees_name_course_and_date_only(
        self, client: Client, certificate: Certificate, typed: str
    ) -> None:
        response = client.get(reverse("verify_certificate"), {"code": typed})
        html = response.content.decode()
        assert response.status_code == 200
        assert "This certificate is genuine" in html
        assert "Mette Lund" in html
        assert "Customer-focused leadership" in html
        assert "Nov. 20, 2026" in html
        assert certificate.enrolment.learner.email not in html
        assert certificate.enrolment.cohort.organisation.name not in html

    @pytest.mark.parametrize(
        "typed", ["ABCD-EFGH-JKMX", "<script>alert(1)</script>", "=HYPERLINK(1)", "Z" * 39]
    )
    def test_an_unknown_or_hostile_code_finds_nothing(
        self, client: Client, certificate: Certificate, typed: str
    ) -> None:
        response = client.get(reverse("verify_certificate"), {"code": typed})
        html = response.content.decode()
        assert response.status_code == 404
        assert "No certificate has this code" in html
        assert "Mette Lund" not in html
        assert "<script>alert(1)</script>" not in html

    def test_an_overlong_code_is_a_form_error(self, client: Client) -> None:
        response = client.get(reverse("verify_certificate"), {"code": "A" * 500})
        assert response.status_code == 200
        assert "Ensure this value has at most 40 characters" in response.content.decode()


class TestKnowledgeCheck:
    @pytest.fixture
    def check(self, course: Course) -> Quiz:
        lesson = Lesson.objects.get(slug="economics-one")
        quiz = QuizFactory(module=lesson.module, lesson=lesson, title_en="Quick check")
        single(quiz, key="check-one", position=1)
        return quiz

    def test_is_offered_after_its_lesson_and_can_be_taken(
        self, manager_client: Client, check: Quiz
    ) -> None:
        url = reverse(
            "courses:lesson",
            kwargs={
                "course_slug": "leadership",
                "module_slug": "economics",
                "lesson_slug": "economics-one",
            },
        )
        html = manager_client.get(url).content.decode()
        assert "Check your understanding" in html
        assert f'href="{quiz_url(check)}"' in html
        assert "Knowledge check" in manager_client.get(quiz_url(check)).content.decode()
        attempt = start(manager_client, check)
        manager_client.post(attempt_url(attempt, "submit_attempt"), {"q1": "2"})
        assert Attempt.objects.get(pk=attempt.pk).passed

    def test_never_holds_back_the_module(
        self, manager_client: Client, enrolled_manager: User, check: Quiz
    ) -> None:
        complete_lessons(enrolled_manager, "economics")
        complete_lessons(enrolled_manager, "journeys")
        dashboard = manager_client.get(reverse("courses:dashboard")).content.decode()
        assert "Course completed" in dashboard
        assert Certificate.objects.filter(enrolment__learner=enrolled_manager).exists() is False
        response = manager_client.get(reverse("courses:certificate", args=["leadership"]))
        assert response.status_code == 200
        assert Certificate.objects.filter(enrolment__learner=enrolled_manager).exists()
