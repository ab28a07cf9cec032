"""Load the quizzes shipped as files (see assessments.content_files) into the database.

The same rules as the lessons' loader (modules.services.load_modules): idempotent, and a
quiz a trainer has edited in the platform since the last load is left alone and
reported. Questions are matched by their key and updated in place; nothing that an
attempt points at is ever deleted: a question dropped from the file, or a choice beyond
the file's count, is retired (no longer asked) instead. Every change raises the quiz's
version, which new attempts record.
"""

from decimal import Decimal

from django.db import transaction
from django.db.models import F

from assessments.content_files import ChoiceSpec, QuestionSpec, QuizSpec
from assessments.models import Choice, Question, Quiz
from modules.content_files import set_translations, translations_of
from modules.models import Lesson, Module
from modules.services import LoadReport


def spec_of_quiz(quiz: Quiz) -> QuizSpec:
    """The quiz as stored, in the shape of a file's spec; expects questions and choices
    prefetched (see _quizzes_with_questions)."""
    questions = [question for question in quiz.questions.all() if question.is_active]
    return QuizSpec(
        module_slug="",
        lesson_slug="",
        path="",
        title=translations_of(quiz, "title"),
        introduction=translations_of(quiz, "introduction"),
        pass_mark=quiz.pass_mark,
        max_attempts=quiz.max_attempts,
        pool_size=quiz.pool_size,
        time_limit_minutes=quiz.time_limit_minutes,
        shuffle_questions=quiz.shuffle_questions,
        shuffle_choices=quiz.shuffle_choices,
        score_policy=quiz.score_policy,
        published=quiz.is_published,
        questions=tuple(
            QuestionSpec(
                key=question.key,
                kind=question.kind,
                text=translations_of(question, "text"),
                explanation=translations_of(question, "explanation"),
                choices=tuple(
                    ChoiceSpec(
                        text=translations_of(choice, "text"),
                        correct=choice.is_correct,
                        feedback=translations_of(choice, "feedback"),
                    )
                    for choice in question.choices.all()
                    if choice.is_active
                ),
                partial_credit=question.partial_credit,
                answer=question.answer,
                tolerance=question.tolerance,
                tolerance_kind=question.tolerance_kind,
                unit=translations_of(question, "unit"),
            )
            for question in sorted(questions, key=lambda q: (q.position, q.pk))
        ),
    )


def _write_quiz_fields(quiz: Quiz, spec: QuizSpec) -> None:
    set_translations(quiz, "title", spec.title)
    set_translations(quiz, "introduction", spec.introduction)
    quiz.pass_mark = spec.pass_mark
    quiz.max_attempts = spec.max_attempts
    quiz.pool_size = spec.pool_size
    quiz.time_limit_minutes = spec.time_limit_minutes
    quiz.shuffle_questions = spec.shuffle_questions
    quiz.shuffle_choices = spec.shuffle_choices
    quiz.score_policy = spec.score_policy
    quiz.is_published = spec.published
    quiz.source_checksum = spec.checksum


def _write_question(question: Question, spec: QuestionSpec, position: int) -> None:
    question.position = position
    question.kind = spec.kind
    set_translations(question, "text", spec.text)
    set_translations(question, "explanation", spec.explanation)
    set_translations(question, "unit", spec.unit)
    question.partial_credit = spec.partial_credit
    question.answer = spec.answer
    question.tolerance = spec.tolerance if spec.kind == "numeric" else Decimal(0)
    question.tolerance_kind = spec.tolerance_kind
    question.is_active = True
    question.save()
    existing = sorted(question.choices.all(), key=lambda choice: (choice.position, choice.pk))
    for position_of_choice, choice_spec in enumerate(spec.choices, start=1):
        if position_of_choice <= len(existing):
            choice = existing[position_of_choice - 1]
        else:
            choice = Choice(question=question)
        choice.position = position_of_choice
        set_translations(choice, "text", choice_spec.text)
        set_translations(choice, "feedback", choice_spec.feedback)
        choice.is_correct = choice_spec.correct
        choice.is_active = True
        choice.save()
    Choice.objects.filter(pk__in=[choice.pk for choice in existing[len(spec.choices) :]]).update(
        is_active=False
    )


def _write_questions(quiz: Quiz, spec: QuizSpec) -> None:
    by_key = {question.key: question for question in quiz.questions.all()}
    for position, question_spec in enumerate(spec.questions, start=1):
        question = by_key.pop(question_spec.key, None) or Question(quiz=quiz, key=question_spec.key)
        _write_question(question, question_spec, position)
    Question.objects.filter(pk__in=[question.pk for question in by_key.values()]).update(
        is_active=False
    )


def _quizzes_with_questions() -> list[Quiz]:
    return list(Quiz.objects.prefetch_related("questions__choices"))


@transaction.atomic
def load_quizzes(*, specs: list[QuizSpec], modules: dict[str, Module], report: LoadReport) -> None:
    """Create or update quizzes from parsed files; modules are loaded already."""
    quizzes = _quizzes_with_questions()
    finals = {quiz.module_id: quiz for quiz in quizzes if quiz.lesson_id is None}
    checks = {quiz.lesson_id: quiz for quiz in quizzes if quiz.lesson_id is not None}
    lessons = {
        (lesson.module_id, lesson.slug): lesson
        for lesson in Lesson.objects.filter(module__in=list(modules.values()))
    }
    for spec in specs:
        module = modules[spec.module_slug]
        label = f"{spec.module_slug}/{spec.lesson_slug or 'quiz'} (quiz)"
        lesson = lessons[module.pk, spec.lesson_slug] if spec.lesson_slug else None
        quiz = checks.get(lesson.pk) if lesson else finals.get(module.pk)
        if quiz is None:
            quiz = Quiz(module=module, lesson=lesson)
            _write_quiz_fields(quiz, spec)
            quiz.save()
            _write_questions(quiz, spec)
            report.created.append(label)
        elif quiz.source_checksum != spec_of_quiz(quiz).checksum:
            report.kept_edited.append(label)
        elif quiz.source_checksum == spec.checksum:
            report.unchanged.append(label)
        else:
            _write_quiz_fields(quiz, spec)
            quiz.version = F("version") + 1
            quiz.save()
            _write_questions(quiz, spec)
            report.updated.append(label)
