"""Checks on a quiz's content as data: field errors named like the editor's inputs
(``pass_mark``, ``q-2-choices``), then the quiz file parser itself, so a draft that
passes can be published and exported exactly as a shipped quiz file is loaded."""

import tempfile
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext as _

from assessments.content_files import KEY, KINDS, QuizSpec, parse_quiz
from modules.content_files import DEFAULT_LANGUAGE, ContentError

Errors = dict[str, list[str]]


def _whole(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError
    return int(value)


def _number(value: Any) -> Decimal:
    number = Decimal(str(value).strip().rstrip("%").strip())
    if not number.is_finite():
        raise InvalidOperation
    return number


def field_errors(data: dict[str, Any]) -> Errors:
    errors: Errors = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not str((data.get("title") or {}).get(DEFAULT_LANGUAGE) or "").strip():
        add(f"title_{DEFAULT_LANGUAGE}", _("A quiz needs a title in English."))
    limits = {
        "pass_mark": (0, 100),
        "max_attempts": (1, 100),
        "pool_size": (1, 500),
        "time_limit_minutes": (1, 600),
    }
    for name, (low, high) in limits.items():
        try:
            value = _whole(data.get(name))
        except (TypeError, ValueError):
            add(name, _("A whole number from %(low)s to %(high)s.") % {"low": low, "high": high})
            continue
        if value is not None and not low <= value <= high:
            add(name, _("A whole number from %(low)s to %(high)s.") % {"low": low, "high": high})
    questions = data.get("questions") or []
    if not questions:
        add("questions", _("A quiz needs at least one question."))
    keys: list[str] = []
    for number, question in enumerate(questions, start=1):
        prefix = f"q-{number}-"
        key = str(question.get("key") or "")
        if not KEY.match(key) or len(key) > 80:
            add(f"{prefix}key", _("A short lower-case name like churn-cost."))
        elif key in keys:
            add(f"{prefix}key", _("Another question has this name."))
        keys.append(key)
        kind = question.get("type")
        if kind not in KINDS:
            add(f"{prefix}type", _("Choose the type of question."))
            continue
        if not str((question.get("text") or {}).get(DEFAULT_LANGUAGE) or "").strip():
            add(f"{prefix}text_{DEFAULT_LANGUAGE}", _("Write the question in English."))
        explanation = question.get("explanation") or {}
        if kind != "reflection" and not str(explanation.get(DEFAULT_LANGUAGE) or "").strip():
            add(f"{prefix}explanation_{DEFAULT_LANGUAGE}", _("Explain the answer in English."))
        if kind in ("single", "multiple"):
            choices = question.get("choices") or []
            right = sum(1 for choice in choices if choice.get("correct"))
            if len(choices) < 2:
                add(f"{prefix}choices", _("Give at least two choices."))
            if kind == "single" and right != 1:
                add(f"{prefix}choices", _("Mark exactly one choice as correct."))
            if kind == "multiple" and right < 1:
                add(f"{prefix}choices", _("Mark at least one choice as correct."))
            for index, choice in enumerate(choices, start=1):
                if not str((choice.get("text") or {}).get(DEFAULT_LANGUAGE) or "").strip():
                    add(
                        f"{prefix}c-{index}-text_{DEFAULT_LANGUAGE}",
                        _("Write the choice in English."),
                    )
        if kind == "numeric":
            try:
                _number(question.get("answer", ""))
            except (InvalidOperation, ValueError):
                add(f"{prefix}answer", _("The correct value must be a number."))
            try:
                if _number(question.get("tolerance", 0) or 0) < 0:
                    add(f"{prefix}tolerance", _("The tolerance cannot be negative."))
            except (InvalidOperation, ValueError):
                add(f"{prefix}tolerance", _("The tolerance must be a number."))
    return errors


def parse_quiz_data(
    data: dict[str, Any], *, module_slug: str = "", lesson_slug: str = ""
) -> QuizSpec:
    """The quiz through the content file parser (it reads files, so the data goes
    through a temporary one). Raises ContentError."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "quiz.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        try:
            return parse_quiz(path, module_slug=module_slug, lesson_slug=lesson_slug)
        except ContentError as error:
            raise ContentError("quiz", error.field, error.message) from None


def validate_quiz_data(data: dict[str, Any]) -> Errors:
    errors = field_errors(data)
    if errors:
        return errors
    try:
        parse_quiz_data(data)
    except ContentError as error:
        return {"quiz": [f"{error.field}: {error.message}"]}
    return {}
