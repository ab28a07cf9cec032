"""Read use cases for the learner's pages: what is assigned, and how far they have come.

Every function here runs a fixed number of queries whatever the size of the course, the
organisation or the learner's history: the outline of each course is read in two
queries (modules, then lessons), the learner's completions in one, and the progress is
put together in memory from those. A course has tens of lessons, so that is cheap.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from courses.models import Course, CourseModule, Enrolment
from modules.models import Lesson, Module
from modules.selectors import completed_lesson_ids
from users.models import User


@dataclass(frozen=True)
class LessonProgress:
    lesson: Lesson
    module: Module
    done: bool


@dataclass(frozen=True)
class ModuleProgress:
    position: int
    module: Module
    lessons: tuple[LessonProgress, ...]

    @property
    def done(self) -> int:
        return sum(1 for item in self.lessons if item.done)

    @property
    def total(self) -> int:
        return len(self.lessons)

    @property
    def is_complete(self) -> bool:
        return self.total > 0 and self.done == self.total

    @property
    def is_started(self) -> bool:
        return self.done > 0


@dataclass(frozen=True)
class CourseProgress:
    enrolment: Enrolment
    modules: tuple[ModuleProgress, ...]

    @property
    def course(self) -> Course:
        return self.enrolment.cohort.course

    @property
    def lessons(self) -> list[LessonProgress]:
        return [item for module in self.modules for item in module.lessons]

    @property
    def done(self) -> int:
        return sum(module.done for module in self.modules)

    @property
    def total(self) -> int:
        return sum(module.total for module in self.modules)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def is_complete(self) -> bool:
        return self.total > 0 and self.done == self.total

    @property
    def due_on(self) -> datetime.date | None:
        return self.enrolment.effective_due

    @property
    def next_lesson(self) -> LessonProgress | None:
        """Where to pick up: the first lesson in course order not yet completed."""
        return next((item for item in self.lessons if not item.done), None)

    def neighbours(self, lesson: Lesson) -> tuple[LessonProgress | None, LessonProgress | None]:
        """The lessons before and after ``lesson`` in course order."""
        lessons = self.lessons
        index = next(i for i, item in enumerate(lessons) if item.lesson.pk == lesson.pk)
        previous = lessons[index - 1] if index > 0 else None
        following = lessons[index + 1] if index + 1 < len(lessons) else None
        return previous, following

    def module_of(self, lesson: Lesson) -> ModuleProgress:
        return next(module for module in self.modules if module.module.pk == lesson.module_id)


def _outlines(course_ids: Iterable[int]) -> dict[int, list[tuple[int, Module, list[Lesson]]]]:
    """Published modules and lessons of each course, in order: two queries in all."""
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
    outlines: dict[int, list[tuple[int, Module, list[Lesson]]]] = defaultdict(list)
    for placement in placements:
        outlines[placement.course_id].append(
            (placement.position, placement.module, lessons_by_module[placement.module_id])
        )
    return outlines


def _progress_for(enrolments: Sequence[Enrolment], learner_id: int) -> list[CourseProgress]:
    outlines = _outlines({enrolment.cohort.course_id for enrolment in enrolments})
    lesson_ids = [
        lesson.pk
        for outline in outlines.values()
        for _p, _m, lessons in outline
        for lesson in lessons
    ]
    done = completed_lesson_ids(learner_id=learner_id, lesson_ids=lesson_ids)
    return [
        CourseProgress(
            enrolment=enrolment,
            modules=tuple(
                ModuleProgress(
                    position=position,
                    module=module,
                    lessons=tuple(
                        LessonProgress(lesson=lesson, module=module, done=lesson.pk in done)
                        for lesson in lessons
                    ),
                )
                for position, module, lessons in outlines[enrolment.cohort.course_id]
            ),
        )
        for enrolment in enrolments
    ]


def list_learner_progress(learner: User) -> list[CourseProgress]:
    """The learner's active enrolments in published courses, with their progress."""
    enrolments = list(
        Enrolment.objects.active()
        .filter(learner=learner, cohort__course__is_published=True)
        .select_related("cohort__course")
        .order_by("-enrolled_at", "-pk")
    )
    return _progress_for(enrolments, learner.pk)


def get_course_progress(enrolment: Enrolment) -> CourseProgress:
    """Progress through one enrolment's course, module by module."""
    return _progress_for([enrolment], enrolment.learner_id)[0]
