"""Grading, as pure functions of what the learner was shown and what they answered.

Nothing here touches the database, so every rule can be tested on its own (including the
numeric tolerance boundaries, with property-based tests).
"""

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from babel.numbers import NumberFormatError, parse_decimal
from django.utils.translation import gettext as _

# Larger than any sensible answer in this course (amounts, counts, percentages), small
# enough to fit the database column with its six decimals.
MAX_ABS_NUMBER = Decimal(10) ** 15
NUMBER_PLACES = Decimal("0.000001")
SCORE_PLACES = Decimal("0.01")
MAX_NUMBER_TEXT = 100

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")
# A currency or percent sign the learner may type before or after the figure.
_UNIT = re.compile(r"^(?:kr\.?|dkk|eur|sek|nok|usd|€|\$|%)|(?:kr\.?|dkk|eur|sek|nok|usd|€|\$|%)$")
_NUMBER_SHAPE = re.compile(r"^[+-]?[0-9][0-9.,]*$")
_PLAIN_NUMBER = re.compile(r"^[+-]?[0-9]+(?:\.[0-9]+)?$")


class NumberError(ValueError):
    """The text is not a number we can take, with a message for the learner."""


def parse_number(text: str, *, language: str) -> Decimal:
    """Read a number as a learner types it in their language.

    "1.250.000" and "12,5" in Danish, "1,250,000" and "12.5" in English; spaces between
    digit groups, a leading or trailing currency or % sign, and the minus sign are
    accepted. A plain "12.5" is also read in Danish. Raises NumberError otherwise.
    """
    if len(text) > MAX_NUMBER_TEXT:
        raise NumberError(_("That answer is too long to be a number."))
    cleaned = _SPACES.sub("", text.strip().replace("\u2212", "-")).lower()
    cleaned = _UNIT.sub("", cleaned)
    if not cleaned:
        raise NumberError(_("Enter a number."))
    if not _NUMBER_SHAPE.match(cleaned):
        raise NumberError(_("Enter a number using digits only, for example 12500 or 12,500.50."))
    try:
        value = parse_decimal(cleaned, locale=language, strict=True)
    except NumberFormatError:
        if not _PLAIN_NUMBER.match(cleaned):
            raise NumberError(
                _("Enter a number using digits only, for example 12500 or 12,500.50.")
            ) from None
        value = Decimal(cleaned)
    if not value.is_finite() or abs(value) >= MAX_ABS_NUMBER:
        raise NumberError(_("That number is too large. Check the digits and try again."))
    try:
        return value.quantize(NUMBER_PLACES, rounding=ROUND_HALF_UP)
    except InvalidOperation:  # pragma: no cover - guarded by the size check above
        raise NumberError(_("Enter a number.")) from None


def within_tolerance(value: Decimal, answer: Decimal, tolerance: Decimal, kind: str) -> bool:
    """Is ``value`` close enough to ``answer``? Boundaries count as correct.

    Absolute: at most ``tolerance`` away, in the answer's unit. Relative: at most
    ``tolerance`` per cent of the answer away.
    """
    allowed = tolerance if kind == "absolute" else abs(answer) * tolerance / 100
    return abs(value - answer) <= allowed


@dataclass(frozen=True)
class Grade:
    is_correct: bool | None  # None: not scored (a reflection)
    credit: Decimal | None


NOT_SCORED = Grade(is_correct=None, credit=None)


def grade_item(
    shown: Mapping[str, Any], *, chosen_ids: Collection[int], number: Decimal | None
) -> Grade:
    """Grade one answer against the question as shown (see attempts.snapshot_question)."""
    kind = shown["kind"]
    if kind == "reflection":
        return NOT_SCORED
    if kind == "numeric":
        right = number is not None and within_tolerance(
            number, Decimal(shown["answer"]), Decimal(shown["tolerance"]), shown["tolerance_kind"]
        )
        return Grade(right, Decimal(int(right)))
    correct = {choice["id"] for choice in shown["choices"] if choice["correct"]}
    chosen = set(chosen_ids)
    right = chosen == correct
    if kind == "multiple" and shown.get("partial_credit") and not right and correct:
        # Each right pick earns a share, each wrong pick takes one back; never below zero.
        net = len(chosen & correct) - len(chosen - correct)
        return Grade(False, max(Decimal(0), Decimal(net) / len(correct)).quantize(Decimal("0.001")))
    return Grade(right, Decimal(int(right)))


def score_percent(credits: Collection[Decimal | None]) -> Decimal:
    """The share of the scored questions' credit earned, in per cent, to two places.

    Reflections (credit None) do not count; an attempt with nothing scored scores 100.
    """
    scored = [credit for credit in credits if credit is not None]
    if not scored:
        return Decimal(100)
    return (sum(scored, Decimal(0)) * 100 / len(scored)).quantize(
        SCORE_PLACES, rounding=ROUND_HALF_UP
    )
