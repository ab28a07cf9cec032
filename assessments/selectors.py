"""Read use cases for quizzes: a learner's standing on each quiz, attempts for their pages,
and item statistics for trainers."""

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.db.models import Count, Q, QuerySet

from assessments.models import Attempt, AttemptItem, Choice, Question, Quiz


@dataclass(frozen=True)
class AttemptSummary:
    pk: int
    number: int
    submitted: bool
    score: Decimal | None
    passed: bool | None
    # Read only where a page shows it (the quiz page's list of attempts).
    submitted_at: datetime.datetime | None = None


@dataclass(frozen=True)
class QuizStanding:
    """Where a learner stands on one quiz, from their attempts at it."""

    quiz: Quiz
    attempts: tuple[AttemptSummary, ...]  # in the order taken

    @cached_property
    def submitted(self) -> tuple[AttemptSummary, ...]:
        return tuple(a for a in self.attempts if a.submitted)

    @cached_property
    def open_attempt(self) -> AttemptSummary | None:
        return next((a for a in self.attempts if not a.submitted), None)

    @cached_property
    def counted(self) -> AttemptSummary | None:
        """The attempt whose score counts, by the quiz's setting: best or latest."""
        if not self.submitted:
            return None
        if self.quiz.score_policy == Quiz.ScorePolicy.LATEST:
            return self.submitted[-1]
        return max(self.submitted, key=lambda a: (a.score or 0, a.number))

    @cached_property
    def passed(self) -> bool:
        return bool(self.counted and self.counted.passed)

    @cached_property
    def attempts_left(self) -> int | None:
        """None when attempts are unlimited. An attempt in progress is already in use."""
        if self.quiz.max_attempts is None:
            return None
        return max(0, self.quiz.max_attempts - len(self.attempts))

    @cached_property
    def can_start(self) -> bool:
        return self.open_attempt is None and self.attempts_left != 0

    @cached_property
    def is_locked_out(self) -> bool:
        """Not passed, and no attempt left to try again."""
        return not self.passed and self.open_attempt is None and self.attempts_left == 0

    @cached_property
    def state_key(self) -> str:
        """Identifies what pages show about this quiz, for their fragment caches."""
        counted = self.counted
        return (
            f"{self.quiz.pk}:{len(self.attempts)}:{int(self.open_attempt is not None)}:"
            f"{counted.score if counted else '-'}:{int(self.passed)}"
        )


def attempt_summaries(*, learner_id: int) -> dict[int, list[AttemptSummary]]:
    """Every attempt of the learner, by quiz, in one query. A learner makes a few attempts
    per quiz, so this is small, and cheaper than narrowing it to one course's quizzes.
    (The learner's pages read the same with their lesson completions in one statement:
    courses.selectors.learner_records.)"""
    found: dict[int, list[AttemptSummary]] = defaultdict(list)
    rows = (
        Attempt.objects.filter(learner_id=learner_id)
        .order_by("quiz_id", "number")
        .values_list("quiz_id", "pk", "number", "submitted_at", "score", "passed")
    )
    for quiz_id, pk, number, submitted_at, score, passed in rows:
        found[quiz_id].append(
            AttemptSummary(pk, number, submitted_at is not None, score, passed, submitted_at)
        )
    return found


def attempt_summaries_of_learners(
    *, learner_ids: Sequence[int], quiz_ids: Sequence[int]
) -> dict[tuple[int, int], list[AttemptSummary]]:
    """The attempts of several learners at these quizzes, by (learner, quiz), in one
    query; for reports over a page of learners."""
    found: dict[tuple[int, int], list[AttemptSummary]] = defaultdict(list)
    rows = (
        Attempt.objects.filter(learner_id__in=learner_ids, quiz_id__in=quiz_ids)
        .order_by("learner_id", "quiz_id", "number")
        .values_list("learner_id", "quiz_id", "pk", "number", "submitted_at", "score", "passed")
    )
    for learner_id, quiz_id, pk, number, submitted_at, score, passed in rows:
        found[learner_id, quiz_id].append(
            AttemptSummary(pk, number, submitted_at is not None, score, passed, submitted_at)
        )
    return found


def standing(quiz: Quiz, summaries: dict[int, list[AttemptSummary]]) -> QuizStanding:
    return QuizStanding(quiz=quiz, attempts=tuple(summaries.get(quiz.pk, ())))


def get_learner_attempt(*, attempt_id: int, learner_id: int) -> Attempt | None:
    """The learner's own attempt with its quiz, or None (also for anybody else's)."""
    return (
        Attempt.objects.select_related("quiz").filter(pk=attempt_id, learner_id=learner_id).first()
    )


def list_attempt_items(attempt: Attempt) -> list[AttemptItem]:
    """The attempt's questions in the order shown, with the choices picked: two queries."""
    return list(attempt.items.prefetch_related("selections").order_by("position"))


def chosen_ids(item: AttemptItem) -> set[int]:
    return {selection.choice_id for selection in item.selections.all()}


# Item statistics -----------------------------------------------------------------------
# Only submitted attempts count. Each function is one aggregate query.


def question_statistics(quiz_id: int) -> QuerySet[Question]:
    """Each question of the quiz with ``answered`` (times asked in submitted attempts)
    and ``correct`` (times answered correctly)."""
    submitted = Q(attempt_items__attempt__submitted_at__isnull=False)
    return (
        Question.objects.filter(quiz_id=quiz_id)
        .annotate(
            answered=Count("attempt_items", filter=submitted),
            correct=Count("attempt_items", filter=submitted & Q(attempt_items__is_correct=True)),
        )
        .order_by("position", "pk")
    )


def choice_statistics(quiz_id: int) -> QuerySet[Choice]:
    """Each choice of the quiz's questions with ``picked``: times chosen in submitted
    attempts."""
    return (
        Choice.objects.filter(question__quiz_id=quiz_id)
        .annotate(
            picked=Count(
                "selections", filter=Q(selections__item__attempt__submitted_at__isnull=False)
            )
        )
        .order_by("question__position", "position", "pk")
    )


def published_quizzes_for_modules(module_ids: Sequence[int]) -> list[Quiz]:
    """Published module quizzes and knowledge checks of these modules: one query."""
    return list(
        Quiz.objects.published().filter(module_id__in=module_ids).order_by("module_id", "pk")
    )
