"""What the loaded content holds for the demo manager's course, read from the database, so
the browser tests follow the shipped content when it changes instead of restating it."""

from dataclasses import dataclass

from django.urls import reverse

from assessments.models import Quiz
from courses.models import Course, CourseModule, Enrolment
from modules.models import Lesson, Module

DEMO_MANAGER = "manager@example.com"


@dataclass(frozen=True)
class CourseContent:
    course: Course
    modules: list[Module]  # published, in course order
    lessons: list[Lesson]  # published, in course order
    quizzes: list[Quiz]  # the published module quizzes, in course order

    @property
    def steps(self) -> int:
        """What the learner's progress counts: every lesson and every module quiz
        (knowledge checks after a lesson are practice, not steps)."""
        return len(self.lessons) + len(self.quizzes)

    def lesson_url(self, lesson: Lesson) -> str:
        return reverse(
            "courses:lesson",
            kwargs={
                "course_slug": self.course.slug,
                "module_slug": lesson.module.slug,
                "lesson_slug": lesson.slug,
            },
        )


def demo_course(email: str = DEMO_MANAGER) -> CourseContent:
    """The course the demo account is enrolled in, as loaded from modules/content/."""
    enrolment = Enrolment.objects.select_related("cohort__course").get(learner__email=email)
    course = enrolment.cohort.course
    modules = [
        placement.module
        for placement in CourseModule.objects.filter(course=course, module__is_published=True)
        .select_related("module")
        .order_by("position", "pk")
    ]
    lessons = [
        lesson
        for module in modules
        for lesson in Lesson.objects.published()
        .filter(module=module)
        .select_related("module")
        .order_by("position", "pk")
    ]
    quizzes = [
        quiz
        for module in modules
        for quiz in Quiz.objects.published().filter(module=module, lesson__isnull=True)
    ]
    return CourseContent(course=course, modules=modules, lessons=lessons, quizzes=quizzes)
