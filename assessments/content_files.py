"""Read the quizzes shipped beside the lessons in ``modules/content/<NN-module>/``.

``quiz.yaml`` is the module's quiz; ``NN-<lesson slug>.check.yaml`` is an optional short
knowledge check after that lesson. Both languages sit side by side in one file, so the
structure (which answer is right, tolerances) is stated once and cannot disagree::

    title: {en: ..., da: ...}
    introduction: {en: ..., da: ...}     # optional, Markdown
    pass_mark: 80                        # per cent, 0-100 (default 80)
    max_attempts: 3                      # optional; omit for unlimited
    pool_size: 8                         # optional; omit to ask every question
    time_limit_minutes: 20               # optional
    shuffle_questions: true              # default true
    shuffle_choices: true                # default true
    score: best                          # best | latest (default best)
    published: true                      # default true
    questions:
      - key: churn-margin                # a slug, unique in the quiz and kept stable
        lesson: what-a-customer-is-worth # optional: the slug of the lesson it is about
        type: single | multiple | true_false | numeric | reflection
        text: {en: ..., da: ...}         # Markdown
        explanation: {en: ..., da: ...}  # Markdown; required unless a reflection
        choices:                         # single and multiple
          - text: {en: ..., da: ...}
            correct: true                # default false
            feedback: {en: ..., da: ...} # optional
        partial_credit: false            # multiple only
        answer: true                     # true_false: the right answer; numeric: the value
        tolerance: 500                   # numeric: absolute, or "2%" for relative
        unit: {en: DKK, da: kr.}         # numeric, optional

A question's ``lesson`` names one of the module's lessons by its slug (the file name
without the number and language), so that tools and tests can tell which lesson each
question covers; a slug that is not a lesson of the module is an error. It is read into
the parsed spec only: it is not stored in the database and not part of the checksum.

Pure parsing, like modules.content_files: problems raise ContentError naming the file and
the field, before anything is written.
"""

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from modules.content_files import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    ContentError,
    Translated,
    dump_yaml,
    fingerprint,
)

QUIZ_FILE = "quiz.yaml"
CHECK_FILE = re.compile(r"^(?P<position>\d{2})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.check\.yaml$")
KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KINDS = ("single", "multiple", "true_false", "numeric", "reflection")
QUIZ_FIELDS = frozenset(
    {
        "title",
        "introduction",
        "pass_mark",
        "max_attempts",
        "pool_size",
        "time_limit_minutes",
        "shuffle_questions",
        "shuffle_choices",
        "score",
        "published",
        "questions",
    }
)
QUESTION_FIELDS = frozenset(
    {
        "key",
        "lesson",
        "type",
        "text",
        "explanation",
        "choices",
        "partial_credit",
        "answer",
        "tolerance",
        "unit",
    }
)
CHOICE_FIELDS = frozenset({"text", "correct", "feedback"})
MAX_NUMBER = Decimal(10) ** 15
# The words a true/false question offers, in each language.
TRUE_FALSE_TEXTS: tuple[Translated, Translated] = (
    {"en": "True", "da": "Sandt"},
    {"en": "False", "da": "Falsk"},
)


@dataclass(frozen=True)
class ChoiceSpec:
    text: Translated
    correct: bool
    feedback: Translated = field(default_factory=dict)


@dataclass(frozen=True)
class QuestionSpec:
    key: str
    kind: str
    text: Translated
    explanation: Translated
    choices: tuple[ChoiceSpec, ...] = ()
    partial_credit: bool = False
    answer: Decimal | None = None
    tolerance: Decimal = Decimal(0)
    tolerance_kind: str = "absolute"
    unit: Translated = field(default_factory=dict)
    lesson: str = ""  # the slug of the lesson the question is about; empty if not given


@dataclass(frozen=True)
class QuizSpec:
    module_slug: str
    lesson_slug: str  # empty for the module quiz
    path: str
    title: Translated
    introduction: Translated
    pass_mark: int
    max_attempts: int | None
    pool_size: int | None
    time_limit_minutes: int | None
    shuffle_questions: bool
    shuffle_choices: bool
    score_policy: str
    published: bool
    questions: tuple[QuestionSpec, ...]

    @property
    def checksum(self) -> str:
        return fingerprint(quiz_fingerprint_data(self))


def quiz_fingerprint_data(spec: "QuizSpec") -> dict[str, Any]:
    """Plain values of everything a quiz holds, comparable between files and rows."""

    def texts(values: Translated) -> Translated:
        return {language: (values.get(language) or "").strip() for language in LANGUAGES}

    return {
        "title": texts(spec.title),
        "introduction": texts(spec.introduction),
        "settings": [
            spec.pass_mark,
            spec.max_attempts,
            spec.pool_size,
            spec.time_limit_minutes,
            spec.shuffle_questions,
            spec.shuffle_choices,
            spec.score_policy,
            spec.published,
        ],
        "questions": [
            {
                "key": question.key,
                "kind": question.kind,
                "text": texts(question.text),
                "explanation": texts(question.explanation),
                "partial_credit": question.partial_credit,
                "answer": None if question.answer is None else str(question.answer.normalize()),
                "tolerance": str(question.tolerance.normalize()),
                "tolerance_kind": question.tolerance_kind,
                "unit": texts(question.unit),
                "choices": [
                    [texts(choice.text), choice.correct, texts(choice.feedback)]
                    for choice in question.choices
                ],
            }
            for question in spec.questions
        ],
    }


# Parsing -----------------------------------------------------------------------------


def _translated(
    path: Path, data: dict[str, Any], name: str, *, required: bool, max_length: int | None = None
) -> Translated:
    value = data.get(name)
    if value is None:
        if required:
            raise ContentError(path, name, "is missing")
        return {}
    if not isinstance(value, dict):
        raise ContentError(path, name, "must give the text per language, e.g. {en: ..., da: ...}")
    unknown = set(value) - set(LANGUAGES)
    if unknown:
        raise ContentError(path, name, f"unknown language {sorted(unknown)[0]!r}")
    texts: Translated = {}
    for language, text in value.items():
        if text is None:
            continue
        if not isinstance(text, str | int | float) or isinstance(text, bool):
            raise ContentError(path, f"{name}.{language}", "must be a text")
        texts[language] = str(text).strip()
        if max_length and len(texts[language]) > max_length:
            raise ContentError(
                path, f"{name}.{language}", f"is longer than {max_length} characters"
            )
    if required and not texts.get(DEFAULT_LANGUAGE):
        raise ContentError(path, f"{name}.{DEFAULT_LANGUAGE}", "is missing")
    return texts


def _whole_number(
    path: Path, data: dict[str, Any], name: str, *, default: int | None, low: int, high: int
) -> int | None:
    value = data.get(name, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ContentError(path, name, f"must be a whole number from {low} to {high}")
    return value


def _flag(path: Path, data: dict[str, Any], name: str, *, default: bool) -> bool:
    value = data.get(name, default)
    if not isinstance(value, bool):
        raise ContentError(path, name, "must be true or false")
    return value


def _number(path: Path, where: str, value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ContentError(path, where, "must be a number")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ContentError(path, where, "must be a number") from None
    if not number.is_finite() or abs(number) >= MAX_NUMBER:
        raise ContentError(path, where, "must be a finite number below 10^15")
    if number != number.quantize(Decimal("0.000001")):
        raise ContentError(path, where, "may have at most six decimals")
    return number


def _check_known(path: Path, where: str, data: dict[str, Any], known: frozenset[str]) -> None:
    for name in data:
        if name not in known:
            raise ContentError(
                path,
                f"{where}{name}",
                f"is not a known field (known: {', '.join(sorted(known))})",
            )


def _parse_choices(
    path: Path, where: str, data: dict[str, Any], kind: str
) -> tuple[ChoiceSpec, ...]:
    raw = data.get("choices")
    if not isinstance(raw, list) or len(raw) < 2:
        raise ContentError(path, f"{where}.choices", "needs a list of at least two choices")
    choices = []
    for index, item in enumerate(raw, start=1):
        at = f"{where}.choices[{index}]"
        if not isinstance(item, dict):
            raise ContentError(path, at, "must be a choice with text (and correct, feedback)")
        _check_known(path, f"{at}.", item, CHOICE_FIELDS)
        choices.append(
            ChoiceSpec(
                text=_translated(path, item, "text", required=True, max_length=500),
                correct=_flag(path, item, "correct", default=False),
                feedback=_translated(path, item, "feedback", required=False),
            )
        )
    right = sum(1 for choice in choices if choice.correct)
    if kind == "single" and right != 1:
        raise ContentError(
            path, f"{where}.choices", "a single-choice question needs exactly one correct choice"
        )
    if kind == "multiple" and right < 1:
        raise ContentError(path, f"{where}.choices", "needs at least one correct choice")
    return tuple(choices)


def _parse_lesson(
    path: Path, where: str, data: dict[str, Any], lesson_slugs: Collection[str]
) -> str:
    if "lesson" not in data:
        return ""
    lesson = data["lesson"]
    known = ", ".join(sorted(lesson_slugs)) or "none"
    if not isinstance(lesson, str) or not KEY.match(lesson):
        raise ContentError(
            path, f"{where}.lesson", f"must be the slug of one of the module's lessons ({known})"
        )
    if lesson not in lesson_slugs:
        raise ContentError(
            path,
            f"{where}.lesson",
            f"there is no lesson '{lesson}' in the module (its lessons: {known})",
        )
    return lesson


def _parse_question(
    path: Path, index: int, data: Any, lesson_slugs: Collection[str]
) -> QuestionSpec:
    where = f"questions[{index}]"
    if not isinstance(data, dict):
        raise ContentError(path, where, "must be a question with key, type and text")
    key = data.get("key")
    if not isinstance(key, str) or not KEY.match(key) or len(key) > 80:
        raise ContentError(path, f"{where}.key", "must be a short lower-case slug like churn-cost")
    where = f"questions[{key}]"
    _check_known(path, f"{where}.", data, QUESTION_FIELDS)
    lesson = _parse_lesson(path, where, data, lesson_slugs)
    kind = data.get("type")
    if kind not in KINDS:
        raise ContentError(path, f"{where}.type", f"must be one of {', '.join(KINDS)}")
    text = _translated(path, data, "text", required=True)
    explanation = _translated(path, data, "explanation", required=kind != "reflection")
    allowed = {
        "single": {"choices"},
        "multiple": {"choices", "partial_credit"},
        "true_false": {"answer"},
        "numeric": {"answer", "tolerance", "unit"},
        "reflection": set(),
    }[kind]
    for name in ("choices", "partial_credit", "answer", "tolerance", "unit"):
        if name in data and name not in allowed:
            raise ContentError(path, f"{where}.{name}", f"does not apply to a {kind} question")
    if kind in ("single", "multiple"):
        return QuestionSpec(
            key=key,
            lesson=lesson,
            kind=kind,
            text=text,
            explanation=explanation,
            choices=_parse_choices(path, where, data, kind),
            partial_credit=_flag(path, data, "partial_credit", default=False),
        )
    if kind == "true_false":
        answer = data.get("answer")
        if not isinstance(answer, bool):
            raise ContentError(path, f"{where}.answer", "must be true or false")
        return QuestionSpec(
            key=key,
            lesson=lesson,
            kind=kind,
            text=text,
            explanation=explanation,
            choices=tuple(
                ChoiceSpec(text=words, correct=answer is value)
                for words, value in zip(TRUE_FALSE_TEXTS, (True, False), strict=True)
            ),
        )
    if kind == "numeric":
        if "answer" not in data:
            raise ContentError(path, f"{where}.answer", "is missing")
        tolerance_kind = "absolute"
        raw_tolerance = data.get("tolerance", 0)
        if isinstance(raw_tolerance, str) and raw_tolerance.strip().endswith("%"):
            tolerance_kind = "relative"
            raw_tolerance = raw_tolerance.strip()[:-1]
        tolerance = _number(path, f"{where}.tolerance", raw_tolerance)
        if tolerance < 0 or (tolerance_kind == "relative" and tolerance > 100):
            raise ContentError(path, f"{where}.tolerance", "must be from 0 (and at most 100%)")
        return QuestionSpec(
            key=key,
            lesson=lesson,
            kind=kind,
            text=text,
            explanation=explanation,
            answer=_number(path, f"{where}.answer", data["answer"]),
            tolerance=tolerance,
            tolerance_kind=tolerance_kind,
            unit=_translated(path, data, "unit", required=False, max_length=40),
        )
    return QuestionSpec(key=key, lesson=lesson, kind=kind, text=text, explanation=explanation)


def parse_quiz(
    path: Path,
    *,
    module_slug: str,
    lesson_slug: str = "",
    lesson_slugs: Collection[str] = frozenset(),
) -> QuizSpec:
    """One quiz file; ``lesson_slugs`` are the module's lessons, which a question's
    ``lesson`` must name."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as error:
        raise ContentError(path, "file", "is not UTF-8 text") from error
    except yaml.YAMLError as error:
        raise ContentError(path, "file", f"is not valid YAML ({error})") from error
    if not isinstance(data, dict):
        raise ContentError(path, "file", "must be a list of 'field: value' lines")
    _check_known(path, "", data, QUIZ_FIELDS)
    raw_questions = data.get("questions")
    if not isinstance(raw_questions, list) or not raw_questions:
        raise ContentError(path, "questions", "needs a list of at least one question")
    questions = tuple(
        _parse_question(path, index, item, lesson_slugs)
        for index, item in enumerate(raw_questions, start=1)
    )
    keys = [question.key for question in questions]
    for key in {key for key in keys if keys.count(key) > 1}:
        raise ContentError(path, f"questions[{key}]", "the key is used twice")
    score = data.get("score", "best")
    if score not in ("best", "latest"):
        raise ContentError(path, "score", "must be best or latest")
    return QuizSpec(
        module_slug=module_slug,
        lesson_slug=lesson_slug,
        path=str(path),
        title=_translated(path, data, "title", required=True, max_length=200),
        introduction=_translated(path, data, "introduction", required=False),
        pass_mark=_whole_number(path, data, "pass_mark", default=80, low=0, high=100) or 0,
        max_attempts=_whole_number(path, data, "max_attempts", default=None, low=1, high=100),
        pool_size=_whole_number(path, data, "pool_size", default=None, low=1, high=500),
        time_limit_minutes=_whole_number(
            path, data, "time_limit_minutes", default=None, low=1, high=600
        ),
        shuffle_questions=_flag(path, data, "shuffle_questions", default=True),
        shuffle_choices=_flag(path, data, "shuffle_choices", default=True),
        score_policy=score,
        published=_flag(path, data, "published", default=True),
        questions=questions,
    )


def parse_module_quizzes(
    folder: Path, *, module_slug: str, lesson_slugs: set[str]
) -> list[QuizSpec]:
    """The module quiz and knowledge checks in one module folder, if any."""
    specs = []
    quiz_path = folder / QUIZ_FILE
    if quiz_path.is_file():
        specs.append(parse_quiz(quiz_path, module_slug=module_slug, lesson_slugs=lesson_slugs))
    for path in sorted(folder.glob("*.check.yaml")):
        match = CHECK_FILE.match(path.name)
        if not match:
            raise ContentError(path, "file name", "must look like 01-lesson-slug.check.yaml")
        if match["slug"] not in lesson_slugs:
            raise ContentError(
                path, "file name", f"there is no lesson '{match['slug']}' in the module"
            )
        specs.append(
            parse_quiz(
                path,
                module_slug=module_slug,
                lesson_slug=match["slug"],
                lesson_slugs=lesson_slugs,
            )
        )
    return specs


def parse_quiz_tree(root: Path, *, lessons_by_module: dict[str, set[str]]) -> list[QuizSpec]:
    """Every quiz under the modules' content root; module folders as in modules.content_files."""
    specs: list[QuizSpec] = []
    for folder in sorted(root.iterdir()):
        if not folder.is_dir():
            continue
        slug = folder.name.partition("-")[2]
        if slug in lessons_by_module:
            specs.extend(
                parse_module_quizzes(folder, module_slug=slug, lesson_slugs=lessons_by_module[slug])
            )
    return specs


# Writing -----------------------------------------------------------------------------
# The parser's inverse, for exporting quizzes: parse_quiz of what render_quiz_file writes
# gives the same spec back (its path aside). Optional fields are written only when they
# differ from the parser's default, as a person would write the file.


def check_file_name(lesson_position: int, lesson_slug: str) -> str:
    return f"{lesson_position:02d}-{lesson_slug}.check.yaml"


def _number_value(value: Decimal) -> int | float | str:
    """The number as YAML writes it plainly, or as text where a float would round it."""
    if value == value.to_integral_value():
        return int(value)
    as_float = float(value)
    return as_float if Decimal(repr(as_float)) == value else format(value.normalize(), "f")


def _question_file_data(question: QuestionSpec) -> dict[str, Any]:
    data: dict[str, Any] = {"key": question.key}
    if question.lesson:
        data["lesson"] = question.lesson
    data["type"] = question.kind
    data["text"] = dict(question.text)
    if question.kind in ("single", "multiple"):
        choices = []
        for choice in question.choices:
            item: dict[str, Any] = {"text": dict(choice.text)}
            if choice.correct:
                item["correct"] = True
            if choice.feedback:
                item["feedback"] = dict(choice.feedback)
            choices.append(item)
        data["choices"] = choices
        if question.kind == "multiple" and question.partial_credit:
            data["partial_credit"] = True
    elif question.kind == "true_false":
        # The first choice is the "True" one (TRUE_FALSE_TEXTS).
        data["answer"] = bool(question.choices and question.choices[0].correct)
    elif question.kind == "numeric":
        data["answer"] = _number_value(
            question.answer if question.answer is not None else Decimal(0)
        )
        if question.tolerance_kind == "relative":
            data["tolerance"] = f"{format(question.tolerance.normalize(), 'f')}%"
        elif question.tolerance:
            data["tolerance"] = _number_value(question.tolerance)
        if question.unit:
            data["unit"] = dict(question.unit)
    if question.explanation:
        data["explanation"] = dict(question.explanation)
    return data


def quiz_file_data(spec: QuizSpec) -> dict[str, Any]:
    """The quiz as the values of its file, in the file's order of fields."""
    data: dict[str, Any] = {"title": dict(spec.title)}
    if spec.introduction:
        data["introduction"] = dict(spec.introduction)
    data["pass_mark"] = spec.pass_mark
    for name in ("max_attempts", "pool_size", "time_limit_minutes"):
        if getattr(spec, name) is not None:
            data[name] = getattr(spec, name)
    data["shuffle_questions"] = spec.shuffle_questions
    data["shuffle_choices"] = spec.shuffle_choices
    data["score"] = spec.score_policy
    data["published"] = spec.published
    data["questions"] = [_question_file_data(question) for question in spec.questions]
    return data


def render_quiz_file(spec: QuizSpec) -> str:
    """The text of the quiz's file (quiz.yaml or NN-<lesson>.check.yaml)."""
    return dump_yaml(quiz_file_data(spec))
