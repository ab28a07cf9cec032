"""Read use cases for authoring quizzes."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet

from assessments.authoring.content import QuizData, missing_translations, quiz_data
from assessments.authoring.models import QuizDraft, QuizRevision
from assessments.models import AttemptItem, Choice, Question, Quiz
from assessments.selectors import choice_statistics, question_statistics
from modules.authoring.selectors import AuthoringStatus, revision_list
from modules.models import Module


def quiz_status(quiz: Quiz) -> AuthoringStatus:
    """Expects questions, choices and the draft prefetched."""
    live = quiz_data(quiz)
    found = quiz_draft_of(quiz)
    draft: QuizData | None = found.data if found is not None else None
    return AuthoringStatus(
        published=quiz.is_published,
        changed=draft is not None and draft != live,
        missing=missing_translations(draft if draft is not None else live),
    )


def list_quizzes_with_questions() -> list[Quiz]:
    """Every quiz with its draft, questions and choices: three queries."""
    return list(Quiz.objects.select_related("draft").prefetch_related("questions__choices"))


def get_quiz_for_editing(quiz_id: int) -> Quiz | None:
    """The quiz with its module, lesson, draft, questions and choices: three queries."""
    return (
        Quiz.objects.select_related("module", "lesson", "draft", "draft__updated_by")
        .prefetch_related("questions__choices")
        .filter(pk=quiz_id)
        .first()
    )


def quiz_draft_of(quiz: Quiz) -> QuizDraft | None:
    # A missing reverse one-to-one raises an error that is also an AttributeError.
    draft = getattr(quiz, "draft", None)
    return draft if isinstance(draft, QuizDraft) else None


def list_quiz_revisions(quiz_id: int) -> QuerySet[QuizRevision]:
    return revision_list(QuizRevision.objects.filter(quiz_id=quiz_id))


def get_quiz_revision(*, quiz_id: int, number: int) -> QuizRevision | None:
    """One revision of the quiz with its content and who published it; one query."""
    return (
        QuizRevision.objects.select_related("quiz", "published_by")
        .filter(quiz_id=quiz_id, number=number)
        .first()
    )


@dataclass(frozen=True)
class QuestionFigures:
    question: Question
    answered: int
    correct: int
    choices: list[tuple[Choice, int, int]]  # choice, times picked, per cent of answers
    reflections: list[str]  # the texts, without names, in no particular order

    @property
    def correct_percent(self) -> int | None:
        return round(self.correct * 100 / self.answered) if self.answered else None


def get_quiz_statistics(quiz_id: int) -> list[QuestionFigures]:
    """Per question the share answered correctly, per choice how often it was picked,
    and the reflections' texts without anybody's name. Three queries, from submitted
    attempts only."""
    questions = list(question_statistics(quiz_id))
    by_question: dict[int, list[Choice]] = defaultdict(list)
    for choice in choice_statistics(quiz_id):
        by_question[choice.question_id].append(choice)
    reflections: dict[int, list[str]] = defaultdict(list)
    rows = (
        AttemptItem.objects.filter(
            question__quiz_id=quiz_id,
            question__kind=Question.Kind.REFLECTION,
            attempt__submitted_at__isnull=False,
        )
        .exclude(text_answer="")
        .order_by("text_answer")
        .values_list("question_id", "text_answer")
    )
    for question_id, text in rows:
        reflections[question_id].append(text)
    return [
        QuestionFigures(
            question=question,
            answered=question.answered,  # type: ignore[attr-defined]
            correct=question.correct,  # type: ignore[attr-defined]
            choices=[
                (
                    choice,
                    choice.picked,  # type: ignore[attr-defined]
                    round(choice.picked * 100 / question.answered) if question.answered else 0,  # type: ignore[attr-defined]
                )
                for choice in by_question[question.pk]
            ],
            reflections=reflections[question.pk],
        )
        for question in questions
    ]


def get_module_for_files(module_id: int) -> Module | None:
    """The module with its lessons (blocks, drafts) and its quizzes (draft, questions,
    choices), as export and import read them: ten queries."""
    return (
        Module.objects.prefetch_related(
            "lessons__blocks",
            "lessons__draft__updated_by",
            "quizzes__draft__updated_by",
            "quizzes__questions__choices",
        )
        .filter(pk=module_id)
        .first()
    )
