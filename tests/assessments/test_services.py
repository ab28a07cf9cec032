"""Attempts from start to grade: snapshots, pools, saving, submitting once, time limits."""

import datetime
import random
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments import services
from assessments.models import Attempt, AttemptChoice, AttemptItem, Choice, Quiz
from assessments.selectors import (
    attempt_summaries,
    choice_statistics,
    question_statistics,
    standing,
)
from assessments.services import (
    Answer,
    AttemptClosed,
    AttemptLimitReached,
    QuizUnavailable,
    save_answers,
    start_attempt,
    submit_attempt,
)
from tests.assessments.conftest import NOW
from tests.assessments.factories import QuizFactory, single, true_false
from tests.users.factories import UserFactory
from users.models import User

RIGHT = {
    1: Answer(chosen_tokens=("2",)),
    2: Answer(chosen_tokens=("1", "3")),
    3: Answer(chosen_tokens=("1",)),
    4: Answer(number_text="2,500,400", number_value=Decimal(2500400)),
    5: Answer(text="I would start with the complaints desk.", shared=True),
}
WRONG = {
    1: Answer(chosen_tokens=("1",)),
    2: Answer(chosen_tokens=("1",)),
    3: Answer(chosen_tokens=("2",)),
    4: Answer(number_text="250000", number_value=Decimal(250000)),
}


def start(quiz: Quiz, learner: User, now: datetime.datetime = NOW, seed: int = 1) -> Attempt:
    return start_attempt(quiz=quiz, learner=learner, now=now, rng=random.Random(seed))


class TestStart:
    def test_records_what_the_learner_is_shown(self, quiz: Quiz, manager: User) -> None:
        attempt = start(quiz, manager)
        items = list(attempt.items.order_by("position"))
        assert [item.shown["kind"] for item in items] == [
            "single",
            "multiple",
            "true_false",
            "numeric",
            "reflection",
        ]
        assert attempt.number == 1
        assert attempt.quiz_version == quiz.version
        first = items[0].shown
        assert first["text"]["en"] == quiz.questions.get(key="single").text_en
        assert [choice["correct"] for choice in first["choices"]] == [False, True, False]

    def test_a_second_start_resumes_the_open_attempt(self, quiz: Quiz, manager: User) -> None:
        assert start(quiz, manager) == start(quiz, manager)
        assert Attempt.objects.count() == 1

    def test_refuses_beyond_the_attempt_limit(self, quiz: Quiz, manager: User) -> None:
        for _ in range(2):
            submit_attempt(attempt=start(quiz, manager), answers=WRONG, now=NOW)
        with pytest.raises(AttemptLimitReached):
            start(quiz, manager)
        assert Attempt.objects.count() == 2

    def test_a_quiz_without_questions_cannot_be_started(self, manager: User) -> None:
        with pytest.raises(QuizUnavailable):
            start(QuizFactory(), manager)

    def test_shuffles_choices_per_attempt_but_keeps_true_false_in_order(
        self, manager: User
    ) -> None:
        quiz = QuizFactory(shuffle_choices=True)
        single(quiz, key="many", choices=5)
        true_false(quiz, key="tf")
        orders = set()
        for seed in range(6):
            attempt = start(quiz, manager, seed=seed)
            shown = {item.shown["kind"]: item.shown for item in attempt.items.all()}
            orders.add(tuple(choice["id"] for choice in shown["single"]["choices"]))
            assert [c["text"]["en"] for c in shown["true_false"]["choices"]] == ["True", "False"]
            submit_attempt(attempt=attempt, answers={}, now=NOW)
        assert len(orders) > 1


class TestPool:
    def test_draws_the_pool_size_and_then_the_questions_not_yet_seen(self, manager: User) -> None:
        quiz = QuizFactory(pool_size=3, shuffle_questions=True)
        for position in range(1, 7):
            single(quiz, key=f"q{position}", position=position)
        first = start(quiz, manager, seed=3)
        first_ids = set(first.items.values_list("question_id", flat=True))
        submit_attempt(attempt=first, answers={}, now=NOW)
        second = start(quiz, manager, seed=3)
        second_ids = set(second.items.values_list("question_id", flat=True))
        assert len(first_ids) == len(second_ids) == 3
        assert first_ids.isdisjoint(second_ids)

    def test_a_pool_larger_than_the_quiz_asks_every_question_once(self, manager: User) -> None:
        quiz = QuizFactory(pool_size=50)
        for position in range(1, 4):
            single(quiz, key=f"q{position}", position=position)
        attempt = start(quiz, manager)
        assert attempt.items.count() == 3

    def test_retired_questions_are_not_drawn(self, quiz: Quiz, manager: User) -> None:
        quiz.questions.filter(key="reflection").update(is_active=False)
        attempt = start(quiz, manager)
        assert attempt.items.count() == 4


class TestSaveAnswers:
    def test_stores_each_answer_as_given(self, quiz: Quiz, manager: User) -> None:
        attempt = start(quiz, manager)
        changed = save_answers(attempt=attempt, answers=RIGHT, now=NOW)
        assert changed == 5
        numeric = attempt.items.get(position=4)
        assert (numeric.number_text, numeric.number_value) == ("2,500,400", Decimal(2500400))
        assert AttemptChoice.objects.filter(item__attempt=attempt).count() == 4
        # saving the same again changes nothing; changing one answer changes one
        assert save_answers(attempt=attempt, answers=RIGHT, now=NOW) == 0
        assert (
            save_answers(attempt=attempt, answers={1: Answer(chosen_tokens=("3",))}, now=NOW) == 1
        )
        assert attempt.items.get(position=1).selections.get().choice.text_en.endswith("option 3")

    def test_keeps_a_numeric_answer_that_is_not_a_number_as_typed(
        self, quiz: Quiz, manager: User
    ) -> None:
        attempt = start(quiz, manager)
        save_answers(attempt=attempt, answers={4: Answer(number_text="two million")}, now=NOW)
        item = attempt.items.get(position=4)
        assert (item.number_text, item.number_value) == ("two million", None)

    def test_ignores_tokens_and_positions_that_were_not_shown(
        self, quiz: Quiz, manager: User
    ) -> None:
        attempt = start(quiz, manager)
        save_answers(
            attempt=attempt,
            answers={1: Answer(chosen_tokens=("9", "x")), 42: Answer(chosen_tokens=("1",))},
            now=NOW,
        )
        assert not AttemptChoice.objects.exists()

    def test_refused_after_submission_and_nothing_changes(self, quiz: Quiz, manager: User) -> None:
        attempt = start(quiz, manager)
        submit_attempt(attempt=attempt, answers=WRONG, now=NOW)
        with pytest.raises(AttemptClosed):
            save_answers(attempt=attempt, answers=RIGHT, now=NOW)
        assert attempt.items.get(position=4).number_text == "250000"


class TestSubmit:
    def test_grades_every_type_and_passes(self, quiz: Quiz, manager: User) -> None:
        attempt = submit_attempt(attempt=start(quiz, manager), answers=RIGHT, now=NOW)
        assert (attempt.score, attempt.passed) == (Decimal(100), True)
        graded = dict(attempt.items.values_list("position", "is_correct"))
        assert graded == {1: True, 2: True, 3: True, 4: True, 5: None}

    def test_wrong_answers_fail(self, quiz: Quiz, manager: User) -> None:
        attempt = submit_attempt(attempt=start(quiz, manager), answers=WRONG, now=NOW)
        assert (attempt.score, attempt.passed) == (Decimal(0), False)

    def test_a_second_submission_changes_nothing(self, quiz: Quiz, manager: User) -> None:
        attempt = start(quiz, manager)
        first = submit_attempt(attempt=attempt, answers=WRONG, now=NOW)
        again = submit_attempt(
            attempt=Attempt.objects.get(pk=attempt.pk),
            answers=RIGHT,
            now=NOW + datetime.timedelta(minutes=1),
        )
        assert (again.score, again.submitted_at) == (first.score, NOW)
        assert attempt.items.get(position=4).number_text == "250000"

    def test_grading_is_one_transaction(
        self, quiz: Quiz, manager: User, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        attempt = start(quiz, manager)

        def fail(*_args: object) -> None:
            raise RuntimeError("lost the database half way")

        monkeypatch.setattr(services, "score_percent", fail)
        with pytest.raises(RuntimeError):
            submit_attempt(attempt=attempt, answers=RIGHT, now=NOW)
        attempt.refresh_from_db()
        assert attempt.submitted_at is None
        assert not AttemptItem.objects.filter(attempt=attempt, is_correct__isnull=False).exists()
        assert not AttemptChoice.objects.exists()

    def test_grading_twenty_questions_takes_as_many_queries_as_five(
        self, quiz: Quiz, manager: User
    ) -> None:
        big = QuizFactory()
        for position in range(1, 21):
            single(big, key=f"q{position}", position=position)
        small_answers = {p: Answer(chosen_tokens=("2",)) for p in range(1, 6)}
        big_answers = {p: Answer(chosen_tokens=("2",)) for p in range(1, 21)}
        counts = []
        for target, answers in ((quiz, small_answers), (big, big_answers)):
            attempt = start(target, manager)
            with CaptureQueriesContext(connection) as queries:
                graded = submit_attempt(attempt=attempt, answers=answers, now=NOW)
            counts.append(len(queries))
        assert counts[0] == counts[1]
        assert graded.score == Decimal(100)

    def test_the_result_survives_an_edit_of_the_quiz(self, quiz: Quiz, manager: User) -> None:
        attempt = submit_attempt(attempt=start(quiz, manager), answers=RIGHT, now=NOW)
        question = quiz.questions.get(key="single")
        question.text_en = "A rewritten question"
        question.save()
        Choice.objects.filter(question=question).update(is_correct=True)
        shown = attempt.items.get(position=1).shown
        assert shown["text"]["en"] != "A rewritten question"
        assert [choice["correct"] for choice in shown["choices"]] == [False, True, False]
        assert Attempt.objects.get(pk=attempt.pk).score == Decimal(100)


class TestTimeLimit:
    def test_a_late_submission_is_graded_as_submitted_at_the_limit(self, manager: User) -> None:
        quiz = QuizFactory(time_limit_minutes=10)
        single(quiz, key="one", position=1)
        single(quiz, key="two", position=2)
        attempt = start(quiz, manager)
        assert attempt.deadline == NOW + datetime.timedelta(minutes=10)
        save_answers(
            attempt=attempt,
            answers={1: Answer(chosen_tokens=("2",))},
            now=NOW + datetime.timedelta(minutes=9),
        )
        late = NOW + datetime.timedelta(minutes=25)
        with pytest.raises(AttemptClosed):
            save_answers(attempt=attempt, answers={2: Answer(chosen_tokens=("2",))}, now=late)
        graded = submit_attempt(
            attempt=attempt, answers={2: Answer(chosen_tokens=("2",))}, now=late
        )
        assert graded.submitted_at == attempt.deadline
        assert graded.score == Decimal(50)  # the answer sent after the limit does not count

    def test_starting_again_after_the_limit_grades_the_expired_attempt(self, manager: User) -> None:
        quiz = QuizFactory(time_limit_minutes=5)
        single(quiz, key="one", position=1)
        first = start(quiz, manager)
        second = start(quiz, manager, now=NOW + datetime.timedelta(hours=1))
        first.refresh_from_db()
        assert first.submitted_at == first.deadline
        assert second.number == 2


class TestStanding:
    def test_best_or_latest_score_counts(self, quiz: Quiz, manager: User) -> None:
        submit_attempt(attempt=start(quiz, manager), answers=RIGHT, now=NOW)
        submit_attempt(attempt=start(quiz, manager), answers=WRONG, now=NOW)
        best = standing(quiz, attempt_summaries(learner_id=manager.pk))
        assert best.passed
        assert best.counted.number == 1
        assert best.attempts_left == 0
        assert not best.is_locked_out
        quiz.score_policy = Quiz.ScorePolicy.LATEST
        latest = standing(quiz, attempt_summaries(learner_id=manager.pk))
        assert not latest.passed
        assert latest.counted.number == 2
        assert latest.is_locked_out


class TestItemStatistics:
    def test_one_aggregate_query_each(
        self, quiz: Quiz, manager: User, django_assert_num_queries
    ) -> None:
        submit_attempt(attempt=start(quiz, manager), answers=RIGHT, now=NOW)
        submit_attempt(attempt=start(quiz, UserFactory()), answers=WRONG, now=NOW)
        start(quiz, UserFactory())  # open attempts do not count
        with django_assert_num_queries(1):
            questions = {q.key: (q.answered, q.correct) for q in question_statistics(quiz.pk)}
        assert questions["single"] == (2, 1)
        assert questions["numeric"] == (2, 1)
        with django_assert_num_queries(1):
            picks = {(c.question_id, c.position): c.picked for c in choice_statistics(quiz.pk)}
        single_id = quiz.questions.get(key="single").pk
        assert [picks[single_id, position] for position in (1, 2, 3)] == [1, 1, 0]
