"""The quiz editor's form, read into quiz data (the content file's shape). Adding and
removing questions and choices are buttons of the same form that show it again
without saving, as in the lesson editor."""

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from assessments.authoring.content import QuizData
from modules.content_files import LANGUAGES

MAX_QUESTIONS = 200
MAX_CHOICES = 20


def _texts(post: QueryDict, name: str) -> dict[str, str]:
    found = {language: post.get(f"{name}_{language}", "").strip() for language in LANGUAGES}
    return {language: text for language, text in found.items() if text}


def _count(post: QueryDict, name: str, limit: int) -> int:
    try:
        return max(0, min(int(post.get(name, "0")), limit))
    except ValueError:
        return 0


def _optional(post: QueryDict, name: str) -> Any:
    value = post.get(name, "").strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        return value  # kept as typed: the checks report it at its field


def _question(post: QueryDict, number: int) -> dict[str, Any]:
    prefix = f"q-{number}-"
    kind = post.get(f"{prefix}type", "single")
    question: dict[str, Any] = {
        "key": post.get(f"{prefix}key", "").strip(),
        "type": kind,
        "text": _texts(post, f"{prefix}text"),
    }
    explanation = _texts(post, f"{prefix}explanation")
    if explanation:
        question["explanation"] = explanation
    if kind in ("single", "multiple"):
        choices = []
        for index in range(1, _count(post, f"{prefix}choice-count", MAX_CHOICES) + 1):
            at = f"{prefix}c-{index}-"
            choice: dict[str, Any] = {"text": _texts(post, f"{at}text")}
            if post.get(f"{at}correct") == "on":
                choice["correct"] = True
            feedback = _texts(post, f"{at}feedback")
            if feedback:
                choice["feedback"] = feedback
            choices.append(choice)
        question["choices"] = choices
        if kind == "multiple" and post.get(f"{prefix}partial_credit") == "on":
            question["partial_credit"] = True
    elif kind == "true_false":
        question["answer"] = post.get(f"{prefix}true") == "true"
    elif kind == "numeric":
        question["answer"] = post.get(f"{prefix}answer", "").strip()
        tolerance = post.get(f"{prefix}tolerance", "").strip() or "0"
        if post.get(f"{prefix}tolerance_kind") == "relative":
            tolerance = f"{tolerance.rstrip('%')}%"
        question["tolerance"] = tolerance
        unit = _texts(post, f"{prefix}unit")
        if unit:
            question["unit"] = unit
    return question


def quiz_data_from_post(post: QueryDict) -> QuizData:
    data: QuizData = {"title": _texts(post, "title")}
    introduction = _texts(post, "introduction")
    if introduction:
        data["introduction"] = introduction
    data["pass_mark"] = _optional(post, "pass_mark")
    if data["pass_mark"] is None:
        data["pass_mark"] = 0
    for name in ("max_attempts", "pool_size", "time_limit_minutes"):
        value = _optional(post, name)
        if value is not None:
            data[name] = value
    data["shuffle_questions"] = post.get("shuffle_questions") == "on"
    data["shuffle_choices"] = post.get("shuffle_choices") == "on"
    data["score"] = "latest" if post.get("score") == "latest" else "best"
    data["published"] = post.get("published") == "on"
    data["questions"] = [
        _question(post, number)
        for number in range(1, _count(post, "question-count", MAX_QUESTIONS) + 1)
    ]
    return data


def apply_quiz_action(data: QuizData, action: str, *, new_type: str) -> QuizData:
    """The quiz after adding or removing a question or a choice (a copy)."""
    questions = [dict(question) for question in data.get("questions", [])]
    name, *numbers = action.split(":")
    try:
        indexes = [int(number) - 1 for number in numbers]
    except ValueError:
        return data
    if name == "add-question":
        question: dict[str, Any] = {
            "key": f"question-{len(questions) + 1}",
            "type": new_type,
            "text": {},
        }
        if new_type in ("single", "multiple"):
            question["choices"] = [{"text": {}}, {"text": {}}]
        elif new_type == "true_false":
            question["answer"] = True
        elif new_type == "numeric":
            question["answer"] = ""
        questions.append(question)
    elif name == "delete-question" and indexes and 0 <= indexes[0] < len(questions):
        del questions[indexes[0]]
    elif name == "add-choice" and indexes and 0 <= indexes[0] < len(questions):
        questions[indexes[0]]["choices"] = [*questions[indexes[0]].get("choices", []), {"text": {}}]
    elif name == "delete-choice" and len(indexes) == 2 and 0 <= indexes[0] < len(questions):
        choices = list(questions[indexes[0]].get("choices", []))
        if 0 <= indexes[1] < len(choices):
            del choices[indexes[1]]
        questions[indexes[0]]["choices"] = choices
    return {**data, "questions": questions}


class ModuleArchiveForm(forms.Form):
    """The upload of a module's files as a .zip (read by assessments.authoring.module_files)."""

    file = forms.FileField(label=_("Module files (.zip)"))
