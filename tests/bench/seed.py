"""A large organisation on the shipped course: thousands of managers part-way through.

Everything is written with bulk_create in batches inside one transaction, so seeding
takes seconds. Progress is a random prefix of the course's lessons per manager, from a
seeded generator, so every run builds the same data.
"""

import datetime
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import TypeVar

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.utils import timezone

from assessments.models import Attempt, AttemptItem, Quiz
from assessments.services import Answer, save_answers, start_attempt, submit_attempt
from courses.models import Cohort, Course, Enrolment
from modules.models import Lesson, LessonCompletion
from users.models import Organisation, User

COURSE_SLUG = "customer-focused-leadership"
BATCH_SIZE = 2_000
MEASURED_EMAIL = "measured.manager@bench.example.com"
MEASURED_COMPLETIONS = 4

ModelT = TypeVar("ModelT", bound=models.Model)


@dataclass(frozen=True)
class SeedResult:
    measured_user: User
    managers: int
    cohorts: int
    enrolments: int
    completions: int
    attempts: int
    quiz: Quiz
    submitted_attempt: Attempt
    open_attempt: Attempt
    cohort: Cohort  # the measured manager's, with a third of the managers


@transaction.atomic
def seed(*, managers: int, cohorts: int, rng_seed: int) -> SeedResult:
    """Create the organisation, its cohorts, managers, enrolments and progress."""
    now = timezone.now()
    course = Course.objects.get(slug=COURSE_SLUG)
    lesson_ids = _course_lesson_ids(course)
    organisation = Organisation.objects.create(name="Bench Retail A/S", slug="bench-retail")
    cohort_list = _create_cohorts(organisation, course, cohorts, now.date())
    learner_ids = _create_managers(organisation, managers)
    _bulk_create(
        Enrolment,
        (
            Enrolment(cohort=cohort_list[i % cohorts], learner_id=learner_id, enrolled_at=now)
            for i, learner_id in enumerate(learner_ids)
        ),
    )
    rng = random.Random(rng_seed)
    _bulk_create(
        LessonCompletion,
        (
            LessonCompletion(learner_id=learner_id, lesson_id=lesson_id, completed_at=now)
            for learner_id in learner_ids
            for lesson_id in lesson_ids[: rng.randint(0, len(lesson_ids))]
        ),
    )
    measured = _create_measured_user(organisation, cohort_list[0], lesson_ids, now)
    # The first module's quiz: the measured quiz pages are those of module 1.
    quiz = Quiz.objects.get(
        module__course_modules__course=course,
        module__course_modules__position=1,
        lesson__isnull=True,
    )
    submitted, opened = _measured_attempts(quiz, measured, now, rng)
    _copy_attempts(submitted, learner_ids[: len(learner_ids) // 3], rng)
    return SeedResult(
        measured_user=measured,
        managers=User.objects.filter(organisation=organisation).count(),
        cohorts=Cohort.objects.filter(organisation=organisation).count(),
        enrolments=Enrolment.objects.count(),
        completions=LessonCompletion.objects.count(),
        attempts=Attempt.objects.count(),
        quiz=quiz,
        submitted_attempt=submitted,
        open_attempt=opened,
        cohort=cohort_list[0],
    )


def _measured_attempts(
    quiz: Quiz, learner: User, now: datetime.datetime, rng: random.Random
) -> tuple[Attempt, Attempt]:
    """The measured manager's attempts at module 1's quiz, made through the services: one
    submitted with every question answered (the result page), and one in progress with
    half of them answered (the quiz as it is being taken)."""
    submitted = start_attempt(quiz=quiz, learner=learner, now=now, rng=rng)
    submit_attempt(attempt=submitted, answers=_some_answers(submitted, every=1), now=now)
    opened = start_attempt(quiz=quiz, learner=learner, now=now, rng=rng)
    save_answers(attempt=opened, answers=_some_answers(opened, every=2), now=now)
    return submitted, opened


def _some_answers(attempt: Attempt, *, every: int) -> dict[int, Answer]:
    """The first choice, a number or a sentence for every ``every``-th question."""
    answers = {}
    for item in attempt.items.all():
        if item.position % every:
            continue
        kind = item.shown["kind"]
        if kind == "numeric":
            answers[item.position] = Answer(number_text="1000", number_value=1000)
        elif kind == "reflection":
            answers[item.position] = Answer(text="Our biggest leak is the first invoice.")
        else:
            answers[item.position] = Answer(chosen_tokens=("1",))
    return answers


def _copy_attempts(template: Attempt, learner_ids: list[int], rng: random.Random) -> None:
    """A submitted attempt for each of these managers, shaped like ``template``, so the
    attempt tables hold realistic numbers of rows."""
    items = list(template.items.all())
    attempts = [
        Attempt(
            quiz_id=template.quiz_id,
            learner_id=learner_id,
            number=1,
            quiz_version=template.quiz_version,
            started_at=template.started_at,
            submitted_at=template.submitted_at,
            score=rng.choice([50, 62.5, 75, 87.5, 100]),
            passed=rng.random() < 0.6,
        )
        for learner_id in learner_ids
    ]
    for batch in _batches(iter(attempts), BATCH_SIZE):
        created = Attempt.objects.bulk_create(batch)
        AttemptItem.objects.bulk_create(
            (
                AttemptItem(
                    attempt=attempt,
                    question_id=item.question_id,
                    position=item.position,
                    shown=item.shown,
                    is_correct=rng.random() < 0.7,
                    credit=1,
                )
                for attempt in created
                for item in items
            ),
            batch_size=BATCH_SIZE,
        )


def _course_lesson_ids(course: Course) -> list[int]:
    """The course's published lessons in reading order."""
    return list(
        Lesson.objects.published()
        .filter(module__is_published=True, module__course_modules__course=course)
        .order_by("module__course_modules__position", "position", "pk")
        .values_list("pk", flat=True)
    )


def _create_cohorts(
    organisation: Organisation, course: Course, count: int, today: datetime.date
) -> list[Cohort]:
    return [
        Cohort.objects.create(
            organisation=organisation,
            course=course,
            name=f"Store managers, wave {number}",
            starts_on=today - datetime.timedelta(days=30 * number),
            due_on=today + datetime.timedelta(days=60),
        )
        for number in range(1, count + 1)
    ]


def _create_managers(organisation: Organisation, count: int) -> list[int]:
    """Bulk-create the managers with one shared password hash; return their ids."""
    password = make_password("bench-password")
    _bulk_create(
        User,
        (
            User(
                email=f"manager{number:05d}@bench.example.com",
                first_name="Manager",
                last_name=f"{number:05d}",
                organisation=organisation,
                department=f"Store {number % 50:02d}",
                password=password,
            )
            for number in range(count)
        ),
    )
    return list(
        User.objects.filter(organisation=organisation).order_by("pk").values_list("pk", flat=True)
    )


def _create_measured_user(
    organisation: Organisation, cohort: Cohort, lesson_ids: list[int], now: datetime.datetime
) -> User:
    """The manager whose pages are measured: enrolled, a few steps done, can sign in. Also
    the organisation's HR admin, so that one session measures the HR pages too."""
    user = User.objects.create_user(
        email=MEASURED_EMAIL,
        password="bench-password",
        first_name="Mette",
        last_name="Measured",
        organisation=organisation,
        department="Stores",
        is_hr_admin=True,
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    Enrolment.objects.create(cohort=cohort, learner=user, enrolled_at=now)
    LessonCompletion.objects.bulk_create(
        LessonCompletion(learner=user, lesson_id=lesson_id, completed_at=now)
        for lesson_id in lesson_ids[:MEASURED_COMPLETIONS]
    )
    return user


def _bulk_create(model: type[ModelT], rows: Iterable[ModelT]) -> None:
    """bulk_create without holding every row in memory at once."""
    for batch in _batches(rows, BATCH_SIZE):
        model._default_manager.bulk_create(batch, batch_size=BATCH_SIZE)


def _batches(rows: Iterable[ModelT], size: int) -> Iterator[list[ModelT]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch
