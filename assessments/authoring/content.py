"""A quiz as plain data in the shape of its content file (see assessments.content_files):
what drafts and revisions store and what export writes. Pure functions over instances
already loaded (questions and choices prefetched)."""

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from assessments.models import Question, Quiz
from modules.content_files import DEFAULT_LANGUAGE, LANGUAGES, translations_of

QuizData = dict[str, Any]
SECOND_LANGUAGES = tuple(language for language in LANGUAGES if language != DEFAULT_LANGUAGE)


def _number_text(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _compact(values: dict[str, str]) -> dict[str, str]:
    return {language: text for language, text in values.items() if text}


def question_data(question: Question) -> dict[str, Any]:
    choices = sorted(
        (choice for choice in question.choices.all() if choice.is_active),
        key=lambda choice: (choice.position, choice.pk),
    )
    data: dict[str, Any] = {
        "key": question.key,
        "type": question.kind,
        "text": _compact(translations_of(question, "text")),
    }
    explanation = _compact(translations_of(question, "explanation"))
    if explanation:
        data["explanation"] = explanation
    if question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        data["choices"] = []
        for choice in choices:
            item: dict[str, Any] = {"text": _compact(translations_of(choice, "text"))}
            if choice.is_correct:
                item["correct"] = True
            feedback = _compact(translations_of(choice, "feedback"))
            if feedback:
                item["feedback"] = feedback
            data["choices"].append(item)
        if question.kind == Question.Kind.MULTIPLE and question.partial_credit:
            data["partial_credit"] = True
    elif question.kind == Question.Kind.TRUE_FALSE:
        # The first choice is "True" (see assessments.content_files.TRUE_FALSE_TEXTS).
        data["answer"] = bool(choices and choices[0].is_correct)
    elif question.kind == Question.Kind.NUMERIC:
        data["answer"] = _number_text(question.answer or Decimal(0))
        tolerance = _number_text(question.tolerance)
        if question.tolerance_kind == Question.Tolerance.RELATIVE:
            data["tolerance"] = f"{tolerance}%"
        elif question.tolerance:
            data["tolerance"] = tolerance
        unit = _compact(translations_of(question, "unit"))
        if unit:
            data["unit"] = unit
    return data


def quiz_data(quiz: Quiz) -> QuizData:
    """The live quiz (its questions in use, in order) as a content file's data."""
    questions = sorted(
        (question for question in quiz.questions.all() if question.is_active),
        key=lambda question: (question.position, question.pk),
    )
    data: QuizData = {"title": _compact(translations_of(quiz, "title"))}
    introduction = _compact(translations_of(quiz, "introduction"))
    if introduction:
        data["introduction"] = introduction
    data["pass_mark"] = quiz.pass_mark
    for name in ("max_attempts", "pool_size", "time_limit_minutes"):
        if getattr(quiz, name) is not None:
            data[name] = getattr(quiz, name)
    data["shuffle_questions"] = quiz.shuffle_questions
    data["shuffle_choices"] = quiz.shuffle_choices
    data["score"] = quiz.score_policy
    data["published"] = quiz.is_published
    data["questions"] = [question_data(question) for question in questions]
    return data


def _missing(values: Any) -> bool:
    if not isinstance(values, dict):
        return False
    english = str(values.get(DEFAULT_LANGUAGE) or "").strip()
    return bool(english) and any(
        not str(values.get(language) or "").strip() for language in SECOND_LANGUAGES
    )


def missing_translations(data: QuizData) -> list[str]:
    """Which texts have English but no Danish: "title", "question churn-cost: text", ..."""
    missing = [
        label
        for label, name in ((_("title"), "title"), (_("introduction"), "introduction"))
        if _missing(data.get(name))
    ]
    for question in data.get("questions") or []:
        if not isinstance(question, dict):
            continue
        key = question.get("key", "?")
        for name, label in (
            ("text", _("text")),
            ("explanation", _("explanation")),
            ("unit", _("unit")),
        ):
            if _missing(question.get(name)):
                missing.append(_("question %(key)s: %(field)s") % {"key": key, "field": label})
        for number, choice in enumerate(question.get("choices") or [], start=1):
            if isinstance(choice, dict) and (
                _missing(choice.get("text")) or _missing(choice.get("feedback"))
            ):
                missing.append(
                    _("question %(key)s: choice %(number)s") % {"key": key, "number": number}
                )
    return missing
