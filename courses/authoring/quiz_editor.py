"""What the quiz editor and the quiz preview show, built from quiz data; no queries."""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from assessments.content_files import KINDS
from assessments.grading import within_tolerance
from assessments.models import Question
from courses.authoring.editor import TextPair, _pair, in_active_language
from modules.authoring.validation import Errors


@dataclass(frozen=True)
class ChoiceRow:
    number: int
    prefix: str
    correct: bool
    pairs: list[TextPair]


@dataclass(frozen=True)
class QuestionRow:
    number: int
    prefix: str
    key: str
    kind: str
    kind_label: str
    pairs: list[TextPair]
    choices: list[ChoiceRow]
    answer: Any
    tolerance: str
    tolerance_relative: bool
    partial_credit: bool
    errors: dict[str, list[str]] = field(default_factory=dict)


def _texts(value: Any) -> dict[str, str]:
    return {key: str(text) for key, text in (value or {}).items()}


def quiz_editor_rows(data: dict[str, Any], errors: Errors) -> dict[str, Any]:
    labels = dict(Question.Kind.choices)
    questions = []
    for number, question in enumerate(data.get("questions") or [], start=1):
        prefix = f"q-{number}-"
        kind = question.get("type", "single")
        pairs = [
            _pair(
                f"{prefix}text",
                _("Question (Markdown)"),
                _texts(question.get("text")),
                errors,
                multiline=True,
            ),
            _pair(
                f"{prefix}explanation",
                _("Explanation, shown after submission (Markdown)"),
                _texts(question.get("explanation")),
                errors,
                multiline=True,
            ),
        ]
        if kind == "numeric":
            pairs.append(
                _pair(
                    f"{prefix}unit",
                    _("Unit"),
                    _texts(question.get("unit")),
                    errors,
                    multiline=False,
                )
            )
        choices = [
            ChoiceRow(
                number=index,
                prefix=f"{prefix}c-{index}-",
                correct=bool(choice.get("correct")),
                pairs=[
                    _pair(
                        f"{prefix}c-{index}-text",
                        _("Choice"),
                        _texts(choice.get("text")),
                        errors,
                        multiline=False,
                    ),
                    _pair(
                        f"{prefix}c-{index}-feedback",
                        _("Feedback to those who pick it"),
                        _texts(choice.get("feedback")),
                        errors,
                        multiline=False,
                    ),
                ],
            )
            for index, choice in enumerate(question.get("choices") or [], start=1)
        ]
        tolerance = str(question.get("tolerance", "0"))
        questions.append(
            QuestionRow(
                number=number,
                prefix=prefix,
                key=str(question.get("key", "")),
                kind=kind,
                kind_label=str(labels.get(kind, kind)),
                pairs=pairs,
                choices=choices,
                answer=question.get("answer", ""),
                tolerance=tolerance.rstrip("%"),
                tolerance_relative=tolerance.endswith("%"),
                partial_credit=bool(question.get("partial_credit")),
                errors={
                    k.removeprefix(prefix): v for k, v in errors.items() if k.startswith(prefix)
                },
            )
        )
    return {
        "title": _pair("title", _("Title"), _texts(data.get("title")), errors, multiline=False),
        "introduction": _pair(
            "introduction",
            _("Introduction (Markdown)"),
            _texts(data.get("introduction")),
            errors,
            multiline=True,
        ),
        "settings": {
            name: data.get(name)
            for name in (
                "pass_mark",
                "max_attempts",
                "pool_size",
                "time_limit_minutes",
                "shuffle_questions",
                "shuffle_choices",
                "score",
            )
        },
        "setting_errors": {
            name: errors.get(name, [])
            for name in ("pass_mark", "max_attempts", "pool_size", "time_limit_minutes")
        },
        "general_errors": errors.get("quiz", []) + errors.get("questions", []),
        "questions": questions,
        "question_count": len(questions),
        "types": [(kind, labels.get(kind, kind)) for kind in KINDS],
    }


@dataclass(frozen=True)
class PreviewChoice:
    token: str
    text: str
    correct: bool
    chosen: bool
    feedback: str


@dataclass(frozen=True)
class PreviewQuestion:
    number: int
    kind: str
    text: str
    explanation: str
    unit: str
    choices: list[PreviewChoice]
    typed: str
    is_correct: bool | None  # None: not checked yet, or a reflection


def preview_questions(
    data: dict[str, Any], answers: QueryDict | None
) -> tuple[list[PreviewQuestion], Decimal | None]:
    """The quiz as a learner sees it, graded in memory when ``answers`` are given. Nothing
    is stored: the trainer's preview records no attempt."""
    found = []
    scored = right = 0
    for number, question in enumerate(data.get("questions") or [], start=1):
        kind = question.get("type")
        raw_choices = question.get("choices") or []
        if kind == "true_false":
            raw_choices = [
                {"text": {"en": str(_("True"))}, "correct": bool(question.get("answer"))},
                {"text": {"en": str(_("False"))}, "correct": not question.get("answer")},
            ]
        picked = set(answers.getlist(f"q-{number}")) if answers is not None else set()
        choices = [
            PreviewChoice(
                token=str(index),
                text=in_active_language(_texts(choice.get("text"))),
                correct=bool(choice.get("correct")),
                chosen=str(index) in picked,
                feedback=in_active_language(_texts(choice.get("feedback"))),
            )
            for index, choice in enumerate(raw_choices, start=1)
        ]
        typed = answers.get(f"q-{number}", "") if answers is not None else ""
        is_correct: bool | None = None
        if answers is not None and kind != "reflection":
            if kind == "numeric":
                try:
                    tolerance = str(question.get("tolerance", "0"))
                    is_correct = within_tolerance(
                        Decimal(typed.replace(",", ".").strip()),
                        Decimal(str(question.get("answer"))),
                        Decimal(tolerance.rstrip("%") or "0"),
                        "relative" if tolerance.endswith("%") else "absolute",
                    )
                except (InvalidOperation, ValueError):
                    is_correct = False
            else:
                is_correct = {c.token for c in choices if c.correct} == {
                    c.token for c in choices if c.chosen
                }
            scored += 1
            right += int(is_correct)
        found.append(
            PreviewQuestion(
                number=number,
                kind=str(kind),
                text=in_active_language(_texts(question.get("text"))),
                explanation=in_active_language(_texts(question.get("explanation"))),
                unit=in_active_language(_texts(question.get("unit"))),
                choices=choices,
                typed=typed if kind in ("numeric", "reflection") else "",
                is_correct=is_correct,
            )
        )
    score = None
    if answers is not None:
        score = (
            Decimal(100) if not scored else (Decimal(right * 100) / scored).quantize(Decimal("0.1"))
        )
    return found, score
