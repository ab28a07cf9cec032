"""The trainer area's overview: every course's modules in order, each with its lessons,
knowledge checks and final quiz, and what state each is in. A constant number of
queries, whatever the amount of content."""

from dataclasses import dataclass, field

from assessments.authoring.selectors import list_quizzes_with_questions, quiz_status
from assessments.models import Quiz
from courses.models import Course, CourseModule
from modules.authoring.selectors import AuthoringStatus, lesson_status, list_modules_with_lessons
from modules.models import Lesson, Module


@dataclass(frozen=True)
class QuizRow:
    quiz: Quiz
    status: AuthoringStatus


@dataclass(frozen=True)
class LessonRow:
    lesson: Lesson
    status: AuthoringStatus
    check: QuizRow | None


@dataclass(frozen=True)
class ModuleRow:
    module: Module
    lessons: list[LessonRow]
    quiz: QuizRow | None


@dataclass
class CourseRow:
    course: Course | None  # None: modules in no course
    modules: list[ModuleRow] = field(default_factory=list)


def get_authoring_overview() -> list[CourseRow]:
    modules = list_modules_with_lessons()
    quizzes = list_quizzes_with_questions()
    finals = {quiz.module_id: quiz for quiz in quizzes if quiz.lesson_id is None}
    checks = {quiz.lesson_id: quiz for quiz in quizzes if quiz.lesson_id is not None}

    def quiz_row(quiz: Quiz | None) -> QuizRow | None:
        return None if quiz is None else QuizRow(quiz, quiz_status(quiz))

    def module_row(module: Module) -> ModuleRow:
        lessons = sorted(module.lessons.all(), key=lambda lesson: (lesson.position, lesson.pk))
        return ModuleRow(
            module=module,
            lessons=[
                LessonRow(lesson, lesson_status(lesson), quiz_row(checks.get(lesson.pk)))
                for lesson in lessons
            ],
            quiz=quiz_row(finals.get(module.pk)),
        )

    rows_by_module = {module.pk: module_row(module) for module in modules}
    courses: dict[int, CourseRow] = {}
    placed: set[int] = set()
    for link in CourseModule.objects.select_related("course").order_by("course__slug", "position"):
        row = courses.setdefault(link.course_id, CourseRow(link.course))
        row.modules.append(rows_by_module[link.module_id])
        placed.add(link.module_id)
    found = list(courses.values())
    loose = [row for pk, row in rows_by_module.items() if pk not in placed]
    if loose:
        found.append(CourseRow(None, loose))
    return found


def module_folder_position(module: Module) -> int:
    """The number of the module's folder in an export: its place in the first course
    that has it (by the course's short name), else its place among all modules by short
    name, which is how the shipped folders are numbered. One query."""
    link = (
        CourseModule.objects.filter(module=module).order_by("course__slug").only("position").first()
    )
    if link is not None:
        return link.position
    return Module.objects.filter(slug__lt=module.slug).count() + 1
