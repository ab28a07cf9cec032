"""Grading, as pure functions of what the learner was shown and what they answered.

Nothing here touches the database, so every rule can be tested on its own (including the
numeric tolerance boundaries, with property-based tests). Numbers as learners type them
are read by modules.numbers, which the exercises share.
"""

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

SCORE_PLACES = Decimal("0.01")


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
