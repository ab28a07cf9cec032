"""Each publish of a quiz is a revision with who and when; an earlier one can be viewed and
restored into the draft, and no attempt is touched on the way."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.authoring.models import QuizDraft, QuizRevision
from assessments.models import Attempt, AttemptChoice, AttemptItem, Quiz
from tests.assessments.factories import QuizFactory, single
from tests.authoring.test_quiz_editor import form_of
from tests.users.factories import UserFactory
from users.models import Organisation, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz() -> Quiz:
    quiz = QuizFactory(title_en="Economics quiz", title_da="Økonomiquiz", pass_mark=60)
    single(quiz, key="churn", right=2)
    return quiz


def edit_url(quiz: Quiz) -> str:
    return reverse("authoring:quiz_edit", args=[quiz.pk])


def revision_url(quiz: Quiz, number: int) -> str:
    return reverse("authoring:quiz_revision", args=[quiz.pk, number])


def restore_url(quiz: Quiz, number: int) -> str:
    return reverse("authoring:quiz_restore", args=[quiz.pk, number])


def save_and_publish(client: Client, quiz: Quiz, **changes: str) -> None:
    data = {**form_of(client, quiz), **changes}
    assert client.post(edit_url(quiz), data).status_code == 302
    version = client.get(edit_url(quiz)).context["version"]
    assert client.post(reverse("authoring:quiz_publish", args=[quiz.pk]), {"version": version})
    assert not QuizDraft.objects.filter(quiz=quiz).exists()


def take(quiz: Quiz, learner: User, *, right: bool) -> Attempt:
    """A submitted attempt at the quiz's live question, with its snapshot and pick."""
    question = quiz.questions.get(is_active=True)
    attempt = Attempt.objects.create(
        quiz=quiz,
        learner=learner,
        number=1,
        quiz_version=quiz.version,
        started_at=timezone.now(),
        submitted_at=timezone.now(),
        score=100 if right else 0,
        passed=right,
    )
    item = AttemptItem.objects.create(
        attempt=attempt,
        question=question,
        position=1,
        shown={"text": question.text_en},
        is_correct=right,
    )
    AttemptChoice.objects.create(item=item, choice=question.choices.get(position=2 if right else 1))
    return attempt


def attempt_state(attempt: Attempt) -> tuple:
    attempt.refresh_from_db()
    items = list(
        AttemptItem.objects.filter(attempt=attempt).values_list(
            "question_id", "shown", "is_correct"
        )
    )
    picks = list(
        AttemptChoice.objects.filter(item__attempt=attempt).values_list("choice_id", flat=True)
    )
    return (attempt.quiz_version, attempt.score, attempt.passed, attempt.submitted_at, items, picks)


def test_publish_twice_view_the_first_restore_it_and_publish_it_again_keeps_every_attempt(
    trainer_client: Client, trainer: User, quiz: Quiz
) -> None:
    # given an attempt before any publish, one between the two publishes, and one after
    before = take(quiz, UserFactory(), right=True)
    save_and_publish(trainer_client, quiz, title_en="Economics quiz, first edit", pass_mark="70")
    quiz.refresh_from_db()
    between = take(quiz, UserFactory(), right=False)
    save_and_publish(trainer_client, quiz, title_en="Economics quiz, second edit", pass_mark="80")
    quiz.refresh_from_db()
    after = take(quiz, UserFactory(), right=True)
    states = {attempt.pk: attempt_state(attempt) for attempt in (before, between, after)}
    live_version = quiz.version
    # then each publish is a revision with who and when, after the quiz as it was loaded
    revisions = list(QuizRevision.objects.filter(quiz=quiz).order_by("number"))
    assert [r.number for r in revisions] == [1, 2, 3]
    assert revisions[0].published_by is None
    assert [r.published_by for r in revisions[1:]] == [trainer, trainer]
    assert revisions[1].data["title"]["en"] == "Economics quiz, first edit"
    assert revisions[1].data["pass_mark"] == 70
    editor = trainer_client.get(edit_url(quiz)).content.decode()
    for number in (1, 2, 3):
        assert f'href="{revision_url(quiz, number)}"' in editor
    assert trainer.display_name in editor

    # when the trainer views the first edit's revision
    page = trainer_client.get(revision_url(quiz, 2))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Economics quiz, first edit" in html
    assert "Pass mark (%): 70" in html
    assert trainer.display_name in html
    # and restores it into the draft
    response = trainer_client.post(restore_url(quiz, 2), {"version": page.context["version"]})
    assert response.status_code == 302
    assert response["Location"] == edit_url(quiz)
    # then the draft holds it, and learners still take the second edit
    draft = QuizDraft.objects.get(quiz=quiz)
    assert draft.data == revisions[1].data
    quiz.refresh_from_db()
    assert quiz.title_en == "Economics quiz, second edit"
    assert quiz.version == live_version
    editor = trainer_client.get(edit_url(quiz))
    assert editor.context["title"].texts[0].value == "Economics quiz, first edit"

    # when it is published
    response = trainer_client.post(
        reverse("authoring:quiz_publish", args=[quiz.pk]), {"version": draft.version}
    )
    assert response.status_code == 302
    # then learners take the first edit again, as revision 4
    quiz.refresh_from_db()
    assert quiz.title_en == "Economics quiz, first edit"
    assert quiz.pass_mark == 70
    assert QuizRevision.objects.filter(quiz=quiz).count() == 4
    # and every attempt, before and after, is as it was
    assert Attempt.objects.count() == 3
    assert {attempt.pk: attempt_state(attempt) for attempt in (before, between, after)} == states
    assert before.score == Decimal(100)


def test_restoring_over_a_draft_someone_saved_since_is_refused(
    trainer_client: Client, quiz: Quiz
) -> None:
    save_and_publish(trainer_client, quiz, title_en="Economics quiz, first edit")
    version = trainer_client.get(revision_url(quiz, 1)).context["version"]
    assert version == 0
    # another trainer saves a draft after the page was opened
    data = {**form_of(trainer_client, quiz), "title_en": "Someone else's draft"}
    trainer_client.post(edit_url(quiz), data)
    response = trainer_client.post(restore_url(quiz, 1), {"version": version}, follow=True)
    assert "Someone changed the draft since you opened it." in response.content.decode()
    assert QuizDraft.objects.get(quiz=quiz).data["title"]["en"] == "Someone else's draft"


def test_an_unknown_revision_is_404(trainer_client: Client, quiz: Quiz) -> None:
    assert trainer_client.get(revision_url(quiz, 1)).status_code == 404
    assert trainer_client.post(restore_url(quiz, 1), {"version": 0}).status_code == 404


def test_a_revision_of_another_quiz_is_not_reached_through_this_one(
    trainer_client: Client, quiz: Quiz
) -> None:
    save_and_publish(trainer_client, quiz, title_en="Economics quiz, first edit")
    other = QuizFactory()
    assert trainer_client.get(revision_url(other, 2)).status_code == 404


@pytest.mark.parametrize("role", [{}, {"is_hr_admin": True}, {"is_staff": True}])
def test_revisions_are_404_for_non_trainers(
    client: Client, trainer_client: Client, organisation: Organisation, quiz: Quiz, role: dict
) -> None:
    save_and_publish(trainer_client, quiz, title_en="Economics quiz, first edit")
    client.force_login(UserFactory(organisation=organisation, **role))
    assert client.get(revision_url(quiz, 1)).status_code == 404
    assert client.post(restore_url(quiz, 1), {"version": 0}).status_code == 404
    assert not QuizDraft.objects.exists()


def test_the_revision_page_runs_a_constant_number_of_queries(
    trainer_client: Client, quiz: Quiz, django_assert_max_num_queries
) -> None:
    for number in range(10):
        single(quiz, key=f"extra-{number}")
    save_and_publish(trainer_client, quiz, title_en="Economics quiz, first edit")
    with django_assert_max_num_queries(8):
        assert trainer_client.get(revision_url(quiz, 2)).status_code == 200
