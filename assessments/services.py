"""Write use cases for quiz attempts: start, save answers, submit and grade.

Each function is one transaction. Grading happens here and nowhere else; see
assessments.grading for the rules and assessments.attempts for what pages may show.

Concurrency: an attempt is submitted by the conditional update "set submitted_at where it
is still empty". Of two submissions at once (double click, two tabs, two servers) exactly
one updates the row and grades; the other finds it submitted and returns the graded
attempt. Saving answers first locks the open attempt's row, so a save and a submit never
interleave; a save that arrives after the submission is refused.
"""

import datetime
import random
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Max, Prefetch

from assessments.attempts import snapshot_question, token_to_choice_id
from assessments.grading import grade_item, score_percent
from assessments.models import Attempt, AttemptChoice, AttemptItem, Choice, Quiz
from assessments.pools import draw_questions
from users.models import User


class AttemptError(Exception):
    """An attempt cannot be started or changed; the message is for the learner."""


class AttemptLimitReached(AttemptError):
    pass


class AttemptClosed(AttemptError):
    """The attempt is submitted, or its time is up."""


class QuizUnavailable(AttemptError):
    pass


@dataclass(frozen=True)
class Answer:
    """One question's answer as the form read it."""

    chosen_tokens: tuple[str, ...] = ()
    number_text: str = ""
    number_value: Decimal | None = None
    text: str = ""
    shared: bool = False


def _open_attempt(quiz: Quiz, learner: User) -> Attempt | None:
    return Attempt.objects.filter(quiz=quiz, learner=learner, submitted_at__isnull=True).first()


@transaction.atomic
def start_attempt(
    *, quiz: Quiz, learner: User, now: datetime.datetime, rng: random.Random | None = None
) -> Attempt:
    """Start a new attempt, or return the one already in progress.

    Raises AttemptLimitReached when every allowed attempt is used, QuizUnavailable when
    the quiz has no questions. The caller checks that the learner may take the quiz.
    """
    rng = rng or random.SystemRandom()
    current = _open_attempt(quiz, learner)
    if current is not None:
        if not is_expired(current, now):
            return current
        submit_attempt(attempt=current, answers=None, now=now)
    previous = Attempt.objects.filter(quiz=quiz, learner=learner).aggregate(last=Max("number"))
    used = previous["last"] or 0
    if quiz.max_attempts is not None and used >= quiz.max_attempts:
        raise AttemptLimitReached
    questions = {
        question.pk: question
        for question in quiz.questions.filter(is_active=True)
        .order_by("position", "pk")
        .prefetch_related(
            Prefetch(
                "choices",
                queryset=Choice.objects.filter(is_active=True).order_by("position", "pk"),
            )
        )
    }
    if not questions:
        raise QuizUnavailable
    times_seen = Counter(
        AttemptItem.objects.filter(attempt__quiz=quiz, attempt__learner=learner).values_list(
            "question_id", flat=True
        )
    )
    drawn = draw_questions(
        list(questions),
        times_seen=times_seen,
        pool_size=quiz.pool_size,
        shuffle=quiz.shuffle_questions,
        rng=rng,
    )
    deadline = (
        now + datetime.timedelta(minutes=quiz.time_limit_minutes)
        if quiz.time_limit_minutes
        else None
    )
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                quiz=quiz,
                learner=learner,
                number=used + 1,
                quiz_version=quiz.version,
                started_at=now,
                deadline=deadline,
            )
    except IntegrityError:
        # Another request (a second tab) started one at the same moment: use that one.
        concurrent = _open_attempt(quiz, learner)
        if concurrent is None:  # pragma: no cover - it was submitted in the same instant
            raise AttemptLimitReached from None
        return concurrent
    AttemptItem.objects.bulk_create(
        AttemptItem(
            attempt=attempt,
            question_id=question_id,
            position=position,
            shown=snapshot_question(
                questions[question_id],
                list(questions[question_id].choices.all()),
                shuffle=quiz.shuffle_choices,
                rng=rng,
            ),
        )
        for position, question_id in enumerate(drawn, start=1)
    )
    return attempt


def is_expired(attempt: Attempt, now: datetime.datetime) -> bool:
    return attempt.deadline is not None and now > attempt.deadline


def _apply_answers(
    attempt: Attempt, answers: Mapping[int, Answer], now: datetime.datetime
) -> tuple[list[AttemptItem], int]:
    """Store answers by question position; unknown positions and tokens are ignored
    (the form refuses them first). Returns every item of the attempt, with selections,
    and how many answers changed."""
    items = list(attempt.items.prefetch_related("selections").order_by("position"))
    changed: list[AttemptItem] = []
    remove: list[int] = []
    add: list[AttemptChoice] = []
    for item in items:
        answer = answers.get(item.position)
        if answer is None:
            continue
        tokens = token_to_choice_id(item.shown)
        wanted = {tokens[token] for token in answer.chosen_tokens if token in tokens}
        current = {selection.choice_id for selection in item.selections.all()}
        if wanted != current:
            remove.extend(s.pk for s in item.selections.all() if s.choice_id not in wanted)
            add.extend(AttemptChoice(item=item, choice_id=pk) for pk in wanted - current)
        fields = (answer.number_text, answer.number_value, answer.text, answer.shared)
        if wanted != current or fields != (
            item.number_text,
            item.number_value,
            item.text_answer,
            item.is_shared,
        ):
            item.number_text, item.number_value, item.text_answer, item.is_shared = fields
            item.answered_at = now
            changed.append(item)
    if remove:
        AttemptChoice.objects.filter(pk__in=remove).delete()
    if add:
        AttemptChoice.objects.bulk_create(add)
    if changed:
        AttemptItem.objects.bulk_update(
            changed, ["number_text", "number_value", "text_answer", "is_shared", "answered_at"]
        )
    if remove or add:
        # Read the selections again so that grading sees exactly what was stored.
        items = list(attempt.items.prefetch_related("selections").order_by("position"))
    return items, len(changed)


@transaction.atomic
def save_answers(*, attempt: Attempt, answers: Mapping[int, Answer], now: datetime.datetime) -> int:
    """Store answers while the attempt is open; returns how many changed.

    Raises AttemptClosed after submission or past the time limit: nothing is stored then.
    """
    locked = (
        Attempt.objects.select_for_update()
        .filter(pk=attempt.pk, submitted_at__isnull=True)
        .order_by("pk")
        .first()
    )
    if locked is None or is_expired(locked, now):
        raise AttemptClosed
    _items, changed = _apply_answers(locked, answers, now)
    return changed


@transaction.atomic
def submit_attempt(
    *, attempt: Attempt, answers: Mapping[int, Answer] | None, now: datetime.datetime
) -> Attempt:
    """Submit and grade the attempt, once; return it graded.

    ``answers`` (the final form) are stored first, unless the time limit has passed: a
    late submission is graded on what was saved up to the limit and counts as submitted
    at the limit. A second submission changes nothing and returns the graded attempt.
    """
    late = is_expired(attempt, now)
    submitted_at = attempt.deadline if late and attempt.deadline else now
    claimed = Attempt.objects.filter(pk=attempt.pk, submitted_at__isnull=True).update(
        submitted_at=submitted_at
    )
    if not claimed:
        return Attempt.objects.select_related("quiz").get(pk=attempt.pk)
    items, _changed = _apply_answers(attempt, {} if late or answers is None else answers, now)
    for item in items:
        number = item.number_value if item.number_text else None
        grade = grade_item(
            item.shown,
            chosen_ids=[selection.choice_id for selection in item.selections.all()],
            number=number,
        )
        item.is_correct, item.credit = grade.is_correct, grade.credit
    AttemptItem.objects.bulk_update(items, ["is_correct", "credit"])
    score = score_percent([item.credit for item in items])
    passed = score >= attempt.quiz.pass_mark
    Attempt.objects.filter(pk=attempt.pk).update(score=score, passed=passed)
    attempt.submitted_at, attempt.score, attempt.passed = submitted_at, score, passed
    return attempt
