"""What an attempt shows: the snapshot of each question, and the views pages render.

The snapshot (``AttemptItem.shown``) is taken when the attempt starts::

    {"kind": "single", "text": {"en": ..., "da": ...}, "explanation": {...},
     "unit": {...}, "partial_credit": false,
     "choices": [{"id": 12, "text": {...}, "feedback": {...}, "correct": true}, ...],
     "answer": "312500.000000", "tolerance": "1000.000000", "tolerance_kind": "absolute"}

Choices are stored in the order shown. In the page a choice is named by its place in that
order (its token: "1", "2", ...), never by its database id, so neither the values nor
their order say anything about which is right.

Two views are built from a snapshot. ``OpenQuestion`` (for an attempt in progress) has
no field that could tell a right answer from a wrong one: no correctness, no feedback,
no explanation, no numeric answer. ``ReviewedQuestion`` (after submission) has them all.
Templates only ever receive these views, never the snapshot.
"""

import random
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from babel.numbers import format_decimal

from assessments.models import AttemptItem, Choice, Question
from modules.content_files import DEFAULT_LANGUAGE, translations_of


def snapshot_question(
    question: Question, choices: list[Choice], *, shuffle: bool, rng: random.Random
) -> dict[str, Any]:
    """Freeze the question as this attempt will show it; shuffles a copy of ``choices``."""
    shown_choices = list(choices)
    if shuffle and question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        rng.shuffle(shown_choices)
    return {
        "kind": question.kind,
        "text": translations_of(question, "text"),
        "explanation": translations_of(question, "explanation"),
        "unit": translations_of(question, "unit"),
        "partial_credit": question.partial_credit,
        "choices": [
            {
                "id": choice.pk,
                "text": translations_of(choice, "text"),
                "feedback": translations_of(choice, "feedback"),
                "correct": choice.is_correct,
            }
            for choice in shown_choices
        ],
        "answer": None if question.answer is None else str(question.answer),
        "tolerance": str(question.tolerance),
        "tolerance_kind": question.tolerance_kind,
    }


def in_language(texts: Mapping[str, str], language: str) -> str:
    """The text in ``language``, falling back to English as the rest of the content does."""
    return texts.get(language) or texts.get(DEFAULT_LANGUAGE) or ""


def token_to_choice_id(shown: Mapping[str, Any]) -> dict[str, int]:
    return {str(index): choice["id"] for index, choice in enumerate(shown["choices"], start=1)}


def choice_id_to_token(shown: Mapping[str, Any]) -> dict[int, str]:
    return {choice_id: token for token, choice_id in token_to_choice_id(shown).items()}


def format_number(value: Decimal, language: str) -> str:
    """A number as the learner's language writes it, without trailing zeros."""
    return format_decimal(value.normalize(), locale=language, decimal_quantization=False)


@dataclass(frozen=True)
class ShownChoice:
    token: str
    text: str


@dataclass(frozen=True)
class OpenQuestion:
    """A question of an attempt in progress: only what the learner needs to answer it."""

    position: int
    kind: str
    text: str
    unit: str
    choices: tuple[ShownChoice, ...]

    @property
    def field_name(self) -> str:
        return f"q{self.position}"


def open_question(item: AttemptItem, language: str) -> OpenQuestion:
    shown = item.shown
    return OpenQuestion(
        position=item.position,
        kind=shown["kind"],
        text=in_language(shown["text"], language),
        unit=in_language(shown["unit"], language),
        choices=tuple(
            ShownChoice(token=str(index), text=in_language(choice["text"], language))
            for index, choice in enumerate(shown["choices"], start=1)
        ),
    )


@dataclass(frozen=True)
class ReviewedChoice:
    text: str
    chosen: bool
    correct: bool
    feedback: str  # only for a chosen choice


@dataclass(frozen=True)
class ReviewedQuestion:
    """A question of a submitted attempt, with the learner's answer and the teaching."""

    position: int
    kind: str
    text: str
    unit: str
    explanation: str
    choices: tuple[ReviewedChoice, ...]
    your_number: str
    correct_number: str
    tolerance: str
    reflection: str
    is_shared: bool
    is_correct: bool | None
    credit: Decimal | None

    @property
    def is_partly_right(self) -> bool:
        return not self.is_correct and bool(self.credit)


def reviewed_question(
    item: AttemptItem, chosen_ids: Collection[int], language: str
) -> ReviewedQuestion:
    shown = item.shown
    correct_number = tolerance = ""
    if shown["kind"] == Question.Kind.NUMERIC:
        correct_number = format_number(Decimal(shown["answer"]), language)
        allowed = Decimal(shown["tolerance"])
        if allowed:
            tolerance = format_number(allowed, language)
            if shown["tolerance_kind"] == Question.Tolerance.RELATIVE:
                tolerance += " %"
    return ReviewedQuestion(
        position=item.position,
        kind=shown["kind"],
        text=in_language(shown["text"], language),
        unit=in_language(shown["unit"], language),
        explanation=in_language(shown["explanation"], language),
        choices=tuple(
            ReviewedChoice(
                text=in_language(choice["text"], language),
                chosen=choice["id"] in chosen_ids,
                correct=choice["correct"],
                feedback=in_language(choice["feedback"], language)
                if choice["id"] in chosen_ids
                else "",
            )
            for choice in shown["choices"]
        ),
        your_number=item.number_text,
        correct_number=correct_number,
        tolerance=tolerance,
        reflection=item.text_answer,
        is_shared=item.is_shared,
        is_correct=item.is_correct,
        credit=item.credit,
    )
