"""Read use cases for the learner's pages: what is assigned, and how far they have come.

Every page runs a fixed, small number of queries whatever the size of the course, the
organisation or the learner's history:

- the learner's enrolments (one query, which also reads the content version);
- the course outline (published modules and lessons in order) comes from a per-process
  cache keyed by course and content version, so it costs no query once warm: every
  learner of a course sees the same outline, and any content change bumps the version
  (modules.services.bump_content_version), so a stale outline is never used;
- the learner's completions among the outline's lessons (one query).

Progress is then put together in memory; a course has tens of lessons.
"""

import datetime
import threading
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from django.urls import reverse

from courses.models import Course, CourseModule, Enrolment, content_version_of
from modules.models import Lesson, Module
from modules.selectors import completed_lesson_ids
from users.models import User


@dataclass(frozen=True)
class OutlineLesson:
    lesson: Lesson
    # Reversed once when the outline is cached, not on every page.
    url: str
    complete_url: str


@dataclass(frozen=True)
class OutlineModule:
    position: int
    module: Module
    lessons: tuple[OutlineLesson, ...]


@dataclass(frozen=True)
class Outline:
    """A course with its published modules and lessons, in order."""

    course: Course
    url: str
    modules: tuple[OutlineModule, ...]


@dataclass(frozen=True)
class LessonProgress:
    lesson: Lesson
    module: Module
    url: str
    complete_url: str
    done: bool


# Progress is read many times per page by the templates, so its figures are computed once
# (cached_property) rather than on every access.


@dataclass(frozen=True)
class ModuleProgress:
    position: int
    module: Module
    lessons: tuple[LessonProgress, ...]

    @cached_property
    def done(self) -> int:
        return sum(1 for item in self.lessons if item.done)

    @cached_property
    def total(self) -> int:
        return len(self.lessons)


@dataclass(frozen=True)
class CourseProgress:
    enrolment: Enrolment
    course: Course
    url: str
    modules: tuple[ModuleProgress, ...]

    @cached_property
    def lessons(self) -> list[LessonProgress]:
        return [item for module in self.modules for item in module.lessons]

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
        """Identifies the progress state: the completed lessons. Parts of a page that depend
        only on the outline and this state are cached under it and shared by every
        learner at the same point."""
        return ".".join(str(item.lesson.pk) for item in self.lessons if item.done) or "none"

    @cached_property
    def due_on(self) -> datetime.date | None:
        return self.enrolment.effective_due

    @cached_property
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

    def entry_of(self, lesson: Lesson) -> LessonProgress:
        return next(item for item in self.lessons if item.lesson.pk == lesson.pk)


# The outline cache ---------------------------------------------------------------------

_outline_cache: dict[tuple[int, int], Outline] = {}
_outline_lock = threading.Lock()
_OUTLINE_CACHE_SIZE = 256


def clear_outline_cache() -> None:
    with _outline_lock:
        _outline_cache.clear()


def _load_outlines(course_ids: Iterable[int]) -> dict[int, Outline]:
    """Each course with its published modules and lessons, in order: three queries in all."""
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
    outlines: dict[int, list[OutlineModule]] = defaultdict(list)
    for placement in placements:
        lessons = []
        for lesson in lessons_by_module[placement.module_id]:
            lesson.module = placement.module  # so lesson.module never queries
            kwargs = {
                "course_slug": courses[placement.course_id].slug,
                "module_slug": placement.module.slug,
                "lesson_slug": lesson.slug,
            }
            lessons.append(
                OutlineLesson(
                    lesson,
                    url=reverse("courses:lesson", kwargs=kwargs),
                    complete_url=reverse("courses:complete_lesson", kwargs=kwargs),
                )
            )
        outlines[placement.course_id].append(
            OutlineModule(placement.position, placement.module, tuple(lessons))
        )
    return {
        course_id: Outline(
            course=course,
            url=reverse("courses:detail", kwargs={"course_slug": course.slug}),
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


def find_lesson(outline: Outline, *, module_slug: str, lesson_slug: str) -> Lesson | None:
    for item in outline.modules:
        if item.module.slug == module_slug:
            return next(
                (entry.lesson for entry in item.lessons if entry.lesson.slug == lesson_slug), None
            )
    return None


# Progress ------------------------------------------------------------------------------


def _progress_for(enrolments: Sequence[Enrolment], learner_id: int) -> list[CourseProgress]:
    outlines = get_outlines(enrolments)
    enrolments = [e for e in enrolments if outlines[e.cohort.course_id].course.is_published]
    done = completed_lesson_ids(learner_id=learner_id)
    return [
        CourseProgress(
            enrolment=enrolment,
            course=outlines[enrolment.cohort.course_id].course,
            url=outlines[enrolment.cohort.course_id].url,
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
                            done=entry.lesson.pk in done,
                        )
                        for entry in item.lessons
                    ),
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
