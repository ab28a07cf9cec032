"""The quiz editor, publishing, the preview that records nothing, and the statistics."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.authoring.models import QuizDraft, QuizRevision
from assessments.models import Attempt, AttemptChoice, AttemptItem, Question, Quiz
from modules.models import ContentVersion
from tests.assessments.factories import QuizFactory, single
from tests.users.factories import UserFactory
from users.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz() -> Quiz:
    quiz = QuizFactory(title_en="Economics quiz", title_da="Økonomiquiz", pass_mark=60)
    single(quiz, key="churn", right=2)
    return quiz


def form_of(client: Client, quiz: Quiz) -> dict[str, str]:
    context = client.get(reverse("authoring:quiz_edit", args=[quiz.pk])).context
    data = {
        "version": str(context["version"]),
        "question-count": str(context["question_count"]),
        "action": "save",
        "pass_mark": str(context["settings"]["pass_mark"]),
        "score": "best",
        "published": "on",
    }
    for pair in (context["title"], context["introduction"]):
        for text in pair.texts:
            data[text.name] = text.value
    for question in context["questions"]:
        data[f"{question.prefix}key"] = question.key
        data[f"{question.prefix}type"] = question.kind
        data[f"{question.prefix}choice-count"] = str(len(question.choices))
        for pair in question.pairs:
            for text in pair.texts:
                data[text.name] = text.value
        for choice in question.choices:
            if choice.correct:
                data[f"{choice.prefix}correct"] = "on"
            for pair in choice.pairs:
                for text in pair.texts:
                    data[text.name] = text.value
    return data


def quiz_urls(quiz: Quiz) -> list[tuple[str, str]]:
    return [
        ("get", reverse("authoring:quiz_edit", args=[quiz.pk])),
        ("post", reverse("authoring:quiz_edit", args=[quiz.pk])),
        ("post", reverse("authoring:quiz_publish", args=[quiz.pk])),
        ("post", reverse("authoring:quiz_discard", args=[quiz.pk])),
        ("get", reverse("authoring:quiz_preview", args=[quiz.pk])),
        ("post", reverse("authoring:quiz_preview", args=[quiz.pk])),
        ("get", reverse("authoring:quiz_statistics", args=[quiz.pk])),
    ]


@pytest.mark.parametrize("role", [{}, {"is_hr_admin": True}, {"is_staff": True}])
def test_every_quiz_address_is_404_for_non_trainers(
    client: Client, organisation: Organisation, quiz: Quiz, role: dict
) -> None:
    client.force_login(UserFactory(organisation=organisation, **role))
    for method, url in quiz_urls(quiz):
        assert getattr(client, method)(url).status_code == 404, url


def test_a_quiz_with_no_correct_answer_is_refused_with_a_field_error(
    trainer_client: Client, quiz: Quiz
) -> None:
    data = form_of(trainer_client, quiz)
    del data["q-1-c-2-correct"]
    response = trainer_client.post(reverse("authoring:quiz_edit", args=[quiz.pk]), data)
    assert response.status_code == 400
    assert response.context["questions"][0].errors["choices"] == [
        "Mark exactly one choice as correct."
    ]
    assert not QuizDraft.objects.exists()


def test_a_pass_mark_over_100_is_refused_with_a_field_error(
    trainer_client: Client, quiz: Quiz
) -> None:
    data = {**form_of(trainer_client, quiz), "pass_mark": "101"}
    response = trainer_client.post(reverse("authoring:quiz_edit", args=[quiz.pk]), data)
    assert response.status_code == 400
    assert response.context["setting_errors"]["pass_mark"]
    assert not QuizDraft.objects.exists()


def test_questions_of_every_type_are_added_saved_and_published(
    trainer_client: Client, quiz: Quiz, trainer
) -> None:
    url = reverse("authoring:quiz_edit", args=[quiz.pk])
    data = form_of(trainer_client, quiz)
    response = trainer_client.post(url, {**data, "action": "add-question", "new-type": "numeric"})
    assert [q.kind for q in response.context["questions"]] == ["single", "numeric"]
    data.update(
        {
            "question-count": "4",
            "pool_size": "2",
            "max_attempts": "3",
            "q-2-key": "lifetime-value",
            "q-2-type": "numeric",
            "q-2-text_en": "What is the value?",
            "q-2-text_da": "Hvad er værdien?",
            "q-2-explanation_en": "Margin times years.",
            "q-2-answer": "12500",
            "q-2-tolerance": "2",
            "q-2-tolerance_kind": "relative",
            "q-3-key": "loyalty",
            "q-3-type": "true_false",
            "q-3-text_en": "Loyal customers cost less to serve.",
            "q-3-explanation_en": "They know the way.",
            "q-3-true": "true",
            "q-4-key": "reflect",
            "q-4-type": "reflection",
            "q-4-text_en": "What will you change?",
        }
    )
    assert trainer_client.post(url, data).status_code == 302
    version = ContentVersion.objects.get_or_create(pk=1)[0].version
    response = trainer_client.post(
        reverse("authoring:quiz_publish", args=[quiz.pk]), {"version": "1"}
    )
    assert response.status_code == 302
    quiz.refresh_from_db()
    assert quiz.version == 2
    assert quiz.pool_size == 2
    assert quiz.max_attempts == 3
    numeric = quiz.questions.get(key="lifetime-value")
    assert numeric.tolerance_kind == Question.Tolerance.RELATIVE
    assert numeric.answer == 12500
    assert quiz.questions.get(key="loyalty").choices.get(position=1).is_correct
    assert QuizRevision.objects.filter(quiz=quiz).count() == 2  # as loaded, and this one
    assert ContentVersion.objects.get(pk=1).version == version + 1
    assert not QuizDraft.objects.exists()


def test_publishing_keeps_attempts_already_taken(trainer_client: Client, quiz: Quiz) -> None:
    learner = UserFactory()
    question = quiz.questions.get()
    attempt = Attempt.objects.create(
        quiz=quiz,
        learner=learner,
        number=1,
        quiz_version=1,
        started_at=timezone.now(),
        submitted_at=timezone.now(),
        score=100,
        passed=True,
    )
    item = AttemptItem.objects.create(
        attempt=attempt, question=question, position=1, shown={}, is_correct=True
    )
    AttemptChoice.objects.create(item=item, choice=question.choices.get(position=2))
    data = form_of(trainer_client, quiz)
    data["question-count"] = "1"
    data["q-1-key"] = "another"  # the old question is retired, not deleted
    trainer_client.post(reverse("authoring:quiz_edit", args=[quiz.pk]), data)
    trainer_client.post(reverse("authoring:quiz_publish", args=[quiz.pk]), {"version": "1"})
    attempt.refresh_from_db()
    assert attempt.passed
    assert attempt.score == 100
    question.refresh_from_db()
    assert not question.is_active
    assert AttemptItem.objects.filter(attempt=attempt, question=question).exists()


def test_the_preview_grades_in_memory_and_records_nothing(
    trainer_client: Client, quiz: Quiz
) -> None:
    url = reverse("authoring:quiz_preview", args=[quiz.pk])
    page = trainer_client.get(url)
    assert "Nothing you answer here is recorded" in page.content.decode()
    response = trainer_client.post(url, {"q-1": "2"})
    assert response.context["score"] == 100
    assert response.context["questions"][0].is_correct is True
    assert trainer_client.post(url, {"q-1": "1"}).context["score"] == 0
    assert not Attempt.objects.exists()


def test_statistics_show_shares_and_reflections_without_names(
    trainer_client: Client, quiz: Quiz
) -> None:
    reflection = Question.objects.create(
        quiz=quiz, key="reflect", position=999, kind="reflection", text_en="What now?"
    )
    question = quiz.questions.get(key="churn")
    for number, (position, text) in enumerate([(2, "Call lost customers"), (1, "Ask why")]):
        learner = UserFactory(first_name=f"Secret{number}")
        attempt = Attempt.objects.create(
            quiz=quiz,
            learner=learner,
            number=1,
            quiz_version=1,
            started_at=timezone.now(),
            submitted_at=timezone.now(),
        )
        item = AttemptItem.objects.create(
            attempt=attempt, question=question, position=1, shown={}, is_correct=position == 2
        )
        AttemptChoice.objects.create(item=item, choice=question.choices.get(position=position))
        AttemptItem.objects.create(
            attempt=attempt, question=reflection, position=2, shown={}, text_answer=text
        )
    response = trainer_client.get(reverse("authoring:quiz_statistics", args=[quiz.pk]))
    figures = response.context["figures"]
    assert figures[0].correct_percent == 50
    assert [picked for _choice, picked, _percent in figures[0].choices] == [1, 1, 0]
    assert figures[1].reflections == ["Ask why", "Call lost customers"]
    assert "Secret" not in response.content.decode()


def test_quiz_pages_run_a_constant_number_of_queries(
    trainer_client: Client, quiz: Quiz, django_assert_max_num_queries
) -> None:
    for number in range(10):
        single(quiz, key=f"extra-{number}")
    for url in (
        reverse("authoring:quiz_edit", args=[quiz.pk]),
        reverse("authoring:quiz_preview", args=[quiz.pk]),
        reverse("authoring:quiz_statistics", args=[quiz.pk]),
    ):
        with django_assert_max_num_queries(15):
            assert trainer_client.get(url).status_code == 200
