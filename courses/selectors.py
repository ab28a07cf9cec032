"""Read use cases for the learner's pages: what is assigned, and how far they have come.

Every page runs a fixed, small number of queries whatever the size of the course, the
organisation or the learner's history:

- the learner's enrolments (one query, which also reads the content version);
- the course outline (published modules and lessons in order) comes from a per-process
  cache keyed by course and content version, so it costs no query once warm: every
  learner of a course sees the same outline, and any content change bumps the version
  (modules.services.bump_content_version), so a stale outline is never used;
- the learner's lesson completions, quiz attempts and open review requests (one query
  for all three).

Progress is then put together in memory; a course has tens of lessons.

A module is complete when its lessons are complete and its quiz (if it has one) is
passed; the course when all its modules are. Knowledge checks after a lesson are there to
practise and never hold anyone back.
"""

import datetime
import threading
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.db import connection
from django.urls import reverse

from assessments.models import Attempt, Quiz
from assessments.selectors import (
    AttemptSummary,
    QuizStanding,
    published_quizzes_for_modules,
    standing,
)
from courses.models import Certificate, Course, CourseModule, Enrolment, content_version_of
from modules.authoring.models import LessonReview
from modules.models import CONTENT_VERSION_ID, ContentVersion, Lesson, LessonCompletion, Module
from users.models import User


@dataclass(frozen=True)
class OutlineQuiz:
    quiz: Quiz
    url: str


@dataclass(frozen=True)
class OutlineLesson:
    lesson: Lesson
    # Reversed once when the outline is cached, not on every page.
    url: str
    complete_url: str
    check: OutlineQuiz | None = None  # an optional knowledge check after the lesson


@dataclass(frozen=True)
class OutlineModule:
    position: int
    module: Module
    lessons: tuple[OutlineLesson, ...]
    quiz: OutlineQuiz | None = None  # the module's quiz, which completing it requires


@dataclass(frozen=True)
class Outline:
    """A course with its published modules and lessons, in order."""

    course: Course
    url: str
    certificate_url: str
    modules: tuple[OutlineModule, ...]


@dataclass(frozen=True)
class QuizProgress:
    quiz: Quiz
    module: Module
    url: str
    standing: QuizStanding

    @property
    def title(self) -> str:
        return self.quiz.title

    @property
    def done(self) -> bool:
        return self.standing.passed


@dataclass(frozen=True)
class LessonProgress:
    lesson: Lesson
    module: Module
    url: str
    complete_url: str
    done: bool
    check: QuizProgress | None = None
    # An open request to read the lesson again after a major change (modules.authoring):
    # the lesson stays done; closing the request goes through this review's id.
    review_id: int | None = None

    @property
    def title(self) -> str:
        return self.lesson.title

    @property
    def under_review(self) -> bool:
        return self.review_id is not None


Step = LessonProgress | QuizProgress


# Progress is read many times per page by the templates, so its figures are computed once
# (cached_property) rather than on every access.


@dataclass(frozen=True)
class ModuleProgress:
    position: int
    module: Module
    lessons: tuple[LessonProgress, ...]
    quiz: QuizProgress | None = None
    due_on: datetime.date | None = None  # the cohort's due date for this module, if set

    @cached_property
    def steps(self) -> tuple[Step, ...]:
        """What completing the module takes, in order: its lessons, then its quiz."""
        return (*self.lessons, self.quiz) if self.quiz else self.lessons

    @cached_property
    def done(self) -> int:
        return sum(1 for step in self.steps if step.done)

    @cached_property
    def total(self) -> int:
        return len(self.steps)

    @cached_property
    def is_complete(self) -> bool:
        return self.done == self.total


@dataclass(frozen=True)
class CourseProgress:
    enrolment: Enrolment
    course: Course
    url: str
    certificate_url: str
    modules: tuple[ModuleProgress, ...]

    @cached_property
    def lessons(self) -> list[LessonProgress]:
        return [item for module in self.modules for item in module.lessons]

    @cached_property
    def steps(self) -> list[Step]:
        return [step for module in self.modules for step in module.steps]

    @cached_property
    def done(self) -> int:
        return sum(module.done for module in self.modules)

    @cached_property
    def total(self) -> int:
        return sum(module.total for module in self.modules)

    @cached_property
    def is_complete(self) -> bool:
        return self.total > 0 and self.done == self.total

    @cached_property
    def done_key(self) -> str:
        """Identifies the progress state: the completed lessons and where each quiz stands.
        Parts of a page that depend only on the outline and this state are cached under it
        and shared by every learner at the same point."""
        lessons = ".".join(str(item.lesson.pk) for item in self.lessons if item.done) or "none"
        quizzes = [quiz.standing.state_key for quiz in self.quizzes if quiz.standing.attempts]
        # The cohort's module due dates show in the same parts of the page.
        dues = ",".join(
            f"{key}={day}" for key, day in sorted(self.enrolment.cohort.module_due_dates.items())
        )
        # So do the lessons a major change asks the learner to review.
        reviews = ".".join(str(item.lesson.pk) for item in self.lessons if item.under_review)
        return "|".join([lessons, *quizzes, dues, f"review={reviews}"])

    @cached_property
    def quizzes(self) -> list[QuizProgress]:
        """Module quizzes and knowledge checks."""
        found: list[QuizProgress] = []
        for module in self.modules:
            found.extend(item.check for item in module.lessons if item.check)
            if module.quiz:
                found.append(module.quiz)
        return found

    @cached_property
    def due_on(self) -> datetime.date | None:
        return self.enrolment.effective_due

    @cached_property
    def next_step(self) -> Step | None:
        """Where to pick up: the first lesson or quiz in course order not yet done, passing
        over a quiz that has no attempts left (the learner cannot act on it)."""
        return next(
            (
                step
                for step in self.steps
                if not step.done
                and not (isinstance(step, QuizProgress) and step.standing.is_locked_out)
            ),
            None,
        )

    @cached_property
    def locked_quizzes(self) -> list[QuizProgress]:
        """Module quizzes the learner failed with no attempts left: the course cannot be
        completed until someone allows another attempt."""
        return [m.quiz for m in self.modules if m.quiz and m.quiz.standing.is_locked_out]

    def neighbours(self, lesson: Lesson) -> tuple[LessonProgress | None, LessonProgress | None]:
        """The lessons before and after ``lesson`` in course order."""
        lessons = self.lessons
        index = next(i for i, item in enumerate(lessons) if item.lesson.pk == lesson.pk)
        previous = lessons[index - 1] if index > 0 else None
        following = lessons[index + 1] if index + 1 < len(lessons) else None
        return previous, following

    def module_of(self, lesson: Lesson) -> ModuleProgress:
        return next(module for module in self.modules if module.module.pk == lesson.module_id)

    def entry_of(self, lesson: Lesson) -> LessonProgress:
        return next(item for item in self.lessons if item.lesson.pk == lesson.pk)

    def quiz_of(self, quiz_id: int) -> QuizProgress | None:
        return next((quiz for quiz in self.quizzes if quiz.quiz.pk == quiz_id), None)


# The outline cache ---------------------------------------------------------------------

_outline_cache: dict[tuple[int, int], Outline] = {}
_outline_lock = threading.Lock()
_OUTLINE_CACHE_SIZE = 256


def clear_outline_cache() -> None:
    with _outline_lock:
        _outline_cache.clear()


def _load_outlines(course_ids: Iterable[int]) -> dict[int, Outline]:
    """Each course with its published modules, lessons and quizzes, in order: four queries
    in all."""
    courses = Course.objects.in_bulk(course_ids)
    placements = list(
        CourseModule.objects.filter(course_id__in=course_ids, module__is_published=True)
        .select_related("module")
        .order_by("course_id", "position", "pk")
    )
    lessons_by_module: dict[int, list[Lesson]] = defaultdict(list)
    for lesson in (
        Lesson.objects.published()
        .filter(module_id__in={placement.module_id for placement in placements})
        .order_by("module_id", "position", "pk")
    ):
        lessons_by_module[lesson.module_id].append(lesson)
    finals: dict[int, Quiz] = {}
    checks: dict[int, Quiz] = {}
    for quiz in published_quizzes_for_modules([placement.module_id for placement in placements]):
        if quiz.lesson_id is None:
            finals[quiz.module_id] = quiz
        else:
            checks[quiz.lesson_id] = quiz
    outlines: dict[int, list[OutlineModule]] = defaultdict(list)
    for placement in placements:
        course_slug = courses[placement.course_id].slug

        def outline_quiz(quiz: Quiz | None, course_slug: str = course_slug) -> OutlineQuiz | None:
            if quiz is None:
                return None
            url = reverse("courses:quiz", kwargs={"course_slug": course_slug, "quiz_id": quiz.pk})
            return OutlineQuiz(quiz, url)

        lessons = []
        for lesson in lessons_by_module[placement.module_id]:
            lesson.module = placement.module  # so lesson.module never queries
            kwargs = {
                "course_slug": course_slug,
                "module_slug": placement.module.slug,
                "lesson_slug": lesson.slug,
            }
            lessons.append(
                OutlineLesson(
                    lesson,
                    url=reverse("courses:lesson", kwargs=kwargs),
                    complete_url=reverse("courses:complete_lesson", kwargs=kwargs),
                    check=outline_quiz(checks.get(lesson.pk)),
                )
            )
        outlines[placement.course_id].append(
            OutlineModule(
                placement.position,
                placement.module,
                tuple(lessons),
                quiz=outline_quiz(finals.get(placement.module_id)),
            )
        )
    return {
        course_id: Outline(
            course=course,
            url=reverse("courses:detail", kwargs={"course_slug": course.slug}),
            certificate_url=reverse("courses:certificate", kwargs={"course_slug": course.slug}),
            modules=tuple(outlines[course_id]),
        )
        for course_id, course in courses.items()
    }


def get_outlines(enrolments: Sequence[Enrolment]) -> dict[int, Outline]:
    """The outline of each enrolment's course; enrolments come from a ``with_content_version``
    query. Cached per process under the content version; misses load together."""
    wanted = {(e.cohort.course_id, content_version_of(e)) for e in enrolments}
    with _outline_lock:
        found = {key: _outline_cache[key] for key in wanted if key in _outline_cache}
    missing = wanted - found.keys()
    if missing:
        loaded = _load_outlines({course_id for course_id, _version in missing})
        with _outline_lock:
            if len(_outline_cache) > _OUTLINE_CACHE_SIZE:
                _outline_cache.clear()
            for course_id, version in missing:
                _outline_cache[course_id, version] = found[course_id, version] = loaded[course_id]
    return {course_id: outline for (course_id, _version), outline in found.items()}


def get_course_outline(course_id: int, *, version: int | None = None) -> Outline:
    """The outline of one course, for pages that have no enrolment at hand (HR reports):
    one query for the content version unless the caller read it already (see
    courses.models.content_version_sql), none more once the outline is cached."""
    if version is None:
        version = (
            ContentVersion.objects.filter(pk=CONTENT_VERSION_ID)
            .values_list("version", flat=True)
            .first()
            or 0
        )
    key = (course_id, version)
    with _outline_lock:
        cached = _outline_cache.get(key)
    if cached is not None:
        return cached
    outline = _load_outlines([course_id])[course_id]
    with _outline_lock:
        if len(_outline_cache) > _OUTLINE_CACHE_SIZE:
            _outline_cache.clear()
        _outline_cache[key] = outline
    return outline


def find_quiz(outline: Outline, quiz_id: int) -> Quiz | None:
    """A published quiz of the course: a module's quiz or a lesson's knowledge check."""
    for item in outline.modules:
        if item.quiz and item.quiz.quiz.pk == quiz_id:
            return item.quiz.quiz
        for entry in item.lessons:
            if entry.check and entry.check.quiz.pk == quiz_id:
                return entry.check.quiz
    return None


def find_lesson(outline: Outline, *, module_slug: str, lesson_slug: str) -> Lesson | None:
    for item in outline.modules:
        if item.module.slug == module_slug:
            return next(
                (entry.lesson for entry in item.lessons if entry.lesson.slug == lesson_slug), None
            )
    return None


# Progress ------------------------------------------------------------------------------

# All three tables in one statement: every learner page needs them, and one round trip
# with plain SQL costs a fraction of several ORM queries (measured in make bench). The
# table names come from the models; the learner id is a parameter. The first column tells
# the rows apart: a quiz id for an attempt (ids are positive), 0 for a completion, -1 for
# an open review request (a major change since the learner completed the lesson).
_LEARNER_RECORDS_SQL = (
    "SELECT 0, lesson_id, 0, 0, NULL, NULL FROM {completions} WHERE learner_id = %s "
    "UNION ALL "
    "SELECT quiz_id, id, number, CASE WHEN submitted_at IS NULL THEN 0 ELSE 1 END, score, passed "
    "FROM {attempts} WHERE learner_id = %s "
    "UNION ALL "
    "SELECT -1, lesson_id, id, 0, NULL, NULL FROM {reviews} "
    "WHERE learner_id = %s AND reviewed_at IS NULL"
)


@dataclass(frozen=True)
class LearnerRecords:
    lessons: set[int]  # completed lesson ids
    attempts: dict[int, list[AttemptSummary]]  # by quiz id, in the order taken
    reviews: dict[int, int]  # lesson id -> the earliest open review request's id


def learner_records(learner_id: int) -> LearnerRecords:
    """The learner's completed lessons, quiz attempts and open review requests; one query."""
    sql = _LEARNER_RECORDS_SQL.format(
        completions=LessonCompletion._meta.db_table,
        attempts=Attempt._meta.db_table,
        reviews=LessonReview._meta.db_table,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [learner_id, learner_id, learner_id])
        rows = cursor.fetchall()
    lessons: set[int] = set()
    attempts: dict[int, list[AttemptSummary]] = defaultdict(list)
    reviews: dict[int, int] = {}
    for quiz_id, pk, number, submitted, score, passed in rows:
        if quiz_id == 0:
            lessons.add(pk)
            continue
        if quiz_id < 0:
            # Two major changes in a row leave two open requests; either closes both.
            reviews[pk] = min(number, reviews.get(pk, number))
            continue
        attempts[quiz_id].append(
            AttemptSummary(
                pk=pk,
                number=number,
                submitted=bool(submitted),
                # SQLite hands back numbers as it stored them; PostgreSQL as Decimal.
                score=None if score is None else Decimal(str(score)).quantize(Decimal("0.01")),
                passed=None if passed is None else bool(passed),
            )
        )
    for summaries in attempts.values():
        summaries.sort(key=lambda summary: summary.number)
    return LearnerRecords(lessons, attempts, reviews)


def _progress_for(enrolments: Sequence[Enrolment], learner_id: int) -> list[CourseProgress]:
    outlines = get_outlines(enrolments)
    enrolments = [e for e in enrolments if outlines[e.cohort.course_id].course.is_published]
    if not enrolments:
        return []
    records = learner_records(learner_id)

    def quiz_progress(entry: OutlineQuiz | None, module: Module) -> QuizProgress | None:
        if entry is None:
            return None
        return QuizProgress(entry.quiz, module, entry.url, standing(entry.quiz, records.attempts))

    return [
        CourseProgress(
            enrolment=enrolment,
            course=outlines[enrolment.cohort.course_id].course,
            url=outlines[enrolment.cohort.course_id].url,
            certificate_url=outlines[enrolment.cohort.course_id].certificate_url,
            modules=tuple(
                ModuleProgress(
                    position=item.position,
                    module=item.module,
                    lessons=tuple(
                        LessonProgress(
                            lesson=entry.lesson,
                            module=item.module,
                            url=entry.url,
                            complete_url=entry.complete_url,
                            done=entry.lesson.pk in records.lessons,
                            check=quiz_progress(entry.check, item.module),
                            review_id=records.reviews.get(entry.lesson.pk),
                        )
                        for entry in item.lessons
                    ),
                    quiz=quiz_progress(item.quiz, item.module),
                    due_on=enrolment.cohort.module_due(item.module.pk),
                )
                for item in outlines[enrolment.cohort.course_id].modules
            ),
        )
        for enrolment in enrolments
    ]


def list_learner_progress(learner: User) -> list[CourseProgress]:
    """The learner's active enrolments in published courses, with their progress."""
    enrolments = list(
        Enrolment.objects.active()
        .with_content_version()
        .filter(learner=learner)
        .select_related("cohort")
        .order_by("-enrolled_at", "-pk")
    )
    return _progress_for(enrolments, learner.pk)


def get_course_progress(enrolment: Enrolment) -> CourseProgress:
    """Progress through one enrolment's course, module by module."""
    return _progress_for([enrolment], enrolment.learner_id)[0]


# Certificates --------------------------------------------------------------------------


def normalise_certificate_code(text: str) -> str:
    """A code as a person may type it: any case, with spaces or dashes."""
    return "".join(ch for ch in text.upper() if ch.isascii() and ch.isalnum())[:32]


def find_certificate(code: str) -> Certificate | None:
    """The certificate with this code, with its course, or None."""
    normalised = normalise_certificate_code(code)
    if not normalised:
        return None
    return (
        Certificate.objects.select_related("enrolment__cohort__course")
        .filter(code=normalised)
        .first()
    )


def get_certificate(enrolment: Enrolment) -> Certificate | None:
    return Certificate.objects.filter(enrolment=enrolment).first()
