from decimal import Decimal

import factory

from assessments.models import Choice, Question, Quiz
from tests.modules.factories import ModuleFactory


class QuizFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quiz

    module = factory.SubFactory(ModuleFactory)
    title_en = factory.Sequence(lambda n: f"Quiz {n}")
    title_da = factory.Sequence(lambda n: f"Quiz {n} på dansk")
    pass_mark = 60
    shuffle_questions = False
    shuffle_choices = False
    is_published = True


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    quiz = factory.SubFactory(QuizFactory)
    key = factory.Sequence(lambda n: f"question-{n}")
    position = factory.Sequence(lambda n: n + 1)
    kind = Question.Kind.SINGLE
    text_en = factory.Sequence(lambda n: f"Question text {n}?")
    text_da = factory.Sequence(lambda n: f"Spørgsmål {n}?")
    explanation_en = "Because loyal customers stay longer."
    explanation_da = "Fordi loyale kunder bliver længere."


class ChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Choice

    question = factory.SubFactory(QuestionFactory)
    position = factory.Sequence(lambda n: n + 1)
    text_en = factory.Sequence(lambda n: f"Choice {n}")
    text_da = factory.Sequence(lambda n: f"Svar {n}")


def single(quiz: Quiz, *, right: int = 2, choices: int = 3, **kwargs: object) -> Question:
    """A single-choice question whose choice number ``right`` (1-based) is correct."""
    question = QuestionFactory(quiz=quiz, kind=Question.Kind.SINGLE, **kwargs)
    for position in range(1, choices + 1):
        ChoiceFactory(
            question=question,
            position=position,
            is_correct=position == right,
            text_en=f"{question.key} option {position}",
            feedback_en=f"Feedback on {question.key} option {position}.",
        )
    return question


def multiple(quiz: Quiz, *, right: tuple[int, ...] = (1, 3), **kwargs: object) -> Question:
    question = QuestionFactory(quiz=quiz, kind=Question.Kind.MULTIPLE, **kwargs)
    for position in range(1, 5):
        ChoiceFactory(
            question=question,
            position=position,
            is_correct=position in right,
            text_en=f"{question.key} option {position}",
        )
    return question


def true_false(quiz: Quiz, *, answer: bool = True, **kwargs: object) -> Question:
    question = QuestionFactory(quiz=quiz, kind=Question.Kind.TRUE_FALSE, **kwargs)
    ChoiceFactory(question=question, position=1, text_en="True", text_da="Sandt", is_correct=answer)
    ChoiceFactory(
        question=question, position=2, text_en="False", text_da="Falsk", is_correct=not answer
    )
    return question


def numeric(
    quiz: Quiz,
    *,
    answer: str = "2500000",
    tolerance: str = "1000",
    kind: str = Question.Tolerance.ABSOLUTE,
    **kwargs: object,
) -> Question:
    return QuestionFactory(
        quiz=quiz,
        kind=Question.Kind.NUMERIC,
        answer=Decimal(answer),
        tolerance=Decimal(tolerance),
        tolerance_kind=kind,
        unit_en="DKK",
        unit_da="kr.",
        **kwargs,
    )


def reflection(quiz: Quiz, **kwargs: object) -> Question:
    return QuestionFactory(quiz=quiz, kind=Question.Kind.REFLECTION, explanation_en="", **kwargs)


def full_quiz(quiz: Quiz) -> Quiz:
    """One question of every type, in this order: single (choice 2 right), multiple
    (choices 1 and 3 right), true/false (true), numeric (2,500,000 ± 1,000), reflection."""
    single(quiz, key="single", position=1)
    multiple(quiz, key="multiple", position=2)
    true_false(quiz, key="true-false", position=3)
    numeric(quiz, key="numeric", position=4)
    reflection(quiz, key="reflection", position=5)
    return quiz
