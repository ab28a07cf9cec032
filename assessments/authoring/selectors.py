"""Read use cases for authoring quizzes."""

from assessments.authoring.content import QuizData, missing_translations, quiz_data
from assessments.models import Quiz
from modules.authoring.selectors import AuthoringStatus


def quiz_status(quiz: Quiz, *, draft: QuizData | None = None) -> AuthoringStatus:
    """Expects questions and choices prefetched."""
    live = quiz_data(quiz)
    return AuthoringStatus(
        published=quiz.is_published,
        changed=draft is not None and draft != live,
        missing=missing_translations(draft if draft is not None else live),
    )


def list_quizzes_with_questions() -> list[Quiz]:
    """Every quiz with its questions and choices: three queries."""
    return list(Quiz.objects.prefetch_related("questions__choices"))
