"""The trainer area: who gets in, and the status of each lesson and quiz."""

import pytest
from django.test import Client
from django.urls import reverse

from courses.models import Course
from modules.models import Lesson
from tests.assessments.factories import QuizFactory, single
from tests.modules.factories import BlockFactory, LessonFactory, ModuleFactory
from tests.users.factories import OrganisationFactory, UserFactory
from users.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "role",
    [
        {},  # a manager
        {"is_hr_admin": True},
        {"is_hr_admin": True, "organisation": None},  # HR of another (or no) organisation
        {"is_staff": True},  # platform staff who are not trainers
    ],
)
def test_nobody_but_trainers_gets_in(
    client: Client, organisation: Organisation, course: Course, role: dict
) -> None:
    role.setdefault("organisation", organisation)
    if role["organisation"] is None:
        role["organisation"] = OrganisationFactory()
    client.force_login(UserFactory(**role))
    assert client.get(reverse("authoring:overview")).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client: Client) -> None:
    response = client.get(reverse("authoring:overview"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_an_inactive_trainer_gets_404(client: Client, organisation: Organisation) -> None:
    trainer = UserFactory(organisation=organisation, is_trainer=True)
    client.force_login(trainer)
    trainer.is_active = False
    trainer.save()
    assert client.get(reverse("authoring:overview")).status_code in (302, 404)


def test_the_overview_lists_modules_lessons_and_quizzes_with_their_status(
    trainer_client: Client, course: Course
) -> None:
    # given a draft lesson, a lesson with no Danish text and a quiz
    lesson = Lesson.objects.get(slug="economics-one")
    BlockFactory(lesson=lesson, body_en="English only", body_da="")
    hidden = Lesson.objects.get(slug="economics-two")
    hidden.is_published = False
    hidden.save()
    quiz = QuizFactory(module=lesson.module, title_en="Economics quiz", title_da="")
    single(quiz)
    # when
    response = trainer_client.get(reverse("authoring:overview"))
    # then
    assert response.status_code == 200
    rows = response.context["courses"][0].modules[0]
    assert [row.lesson.slug for row in rows.lessons] == ["economics-one", "economics-two"]
    assert rows.lessons[0].status.published
    assert rows.lessons[0].status.missing == ["block 1: text"]
    assert not rows.lessons[1].status.published
    assert rows.quiz.quiz == quiz
    assert rows.quiz.status.missing[0] == "title"  # (the factory gives feedback in English only)
    html = response.content.decode()
    assert "Translation missing" in html
    assert "Draft" in html
    assert "Economics quiz" in html


def test_modules_in_no_course_are_listed_too(trainer_client: Client) -> None:
    LessonFactory(module=ModuleFactory(title_en="Loose module"))
    response = trainer_client.get(reverse("authoring:overview"))
    assert response.context["courses"][-1].course is None
    assert "Loose module" in response.content.decode()


def test_the_overview_runs_a_constant_number_of_queries(
    trainer_client: Client, course: Course, django_assert_max_num_queries
) -> None:
    trainer_client.get(reverse("authoring:overview"))
    for module in course.course_modules.all():
        for _ in range(3):
            BlockFactory(lesson=LessonFactory(module=module.module))
        single(QuizFactory(module=module.module))
    with django_assert_max_num_queries(12):
        assert trainer_client.get(reverse("authoring:overview")).status_code == 200
