"""Two submissions of one attempt at the same moment, on two real PostgreSQL connections
(two browser tabs, or two app servers): graded once, one attempt counted, and both get
the same graded attempt back."""

import threading
import time
from decimal import Decimal

import pytest
from django.db import connection

from assessments import services
from assessments.models import Attempt, AttemptChoice, Quiz
from assessments.services import Answer, start_attempt, submit_attempt
from tests.assessments.conftest import NOW
from users.models import User

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_simultaneous_submissions_grade_once(
    quiz: Quiz, manager: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempt = start_attempt(quiz=quiz, learner=manager, now=NOW)
    gradings: list[int] = []
    apply_answers = services._apply_answers

    def slow_apply(*args: object, **kwargs: object) -> object:
        # Whoever claimed the attempt holds its row a moment, so the other submission
        # is certainly waiting on it rather than arriving after the commit.
        gradings.append(threading.get_ident())
        time.sleep(0.3)
        return apply_answers(*args, **kwargs)

    monkeypatch.setattr(services, "_apply_answers", slow_apply)
    answers = {
        "right": {1: Answer(chosen_tokens=("2",)), 3: Answer(chosen_tokens=("1",))},
        "wrong": {1: Answer(chosen_tokens=("1",)), 3: Answer(chosen_tokens=("2",))},
    }
    results: dict[str, Attempt] = {}
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def submit(name: str) -> None:
        try:
            barrier.wait()
            results[name] = submit_attempt(
                attempt=Attempt.objects.get(pk=attempt.pk), answers=answers[name], now=NOW
            )
        except BaseException as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(name,)) for name in answers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    assert len(gradings) == 1  # only one of the two got to grade
    stored = Attempt.objects.get(pk=attempt.pk)
    assert results["right"].score == results["wrong"].score == stored.score
    assert stored.score in (Decimal("50.00"), Decimal(0))
    assert Attempt.objects.filter(quiz=quiz, learner=manager).count() == 1
    # the stored answers are exactly one submission's, never a mix of both
    chosen = sorted(
        AttemptChoice.objects.filter(item__attempt=attempt).values_list(
            "item__position", "choice__is_correct"
        )
    )
    assert chosen in ([(1, True), (3, True)], [(1, False), (3, False)])
