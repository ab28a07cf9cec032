"""Grading rules, as pure functions: every question type, numbers as people type them,
and the tolerance boundaries (property-based)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessments.grading import grade_item, score_percent, within_tolerance
from modules.numbers import NumberError, parse_number


def choices(*correct: bool) -> list[dict]:
    return [
        {"id": 100 + i, "text": {"en": f"c{i}"}, "feedback": {}, "correct": right}
        for i, right in enumerate(correct)
    ]


def shown(kind: str, **extra: object) -> dict:
    return {
        "kind": kind,
        "text": {"en": "?"},
        "explanation": {"en": "!"},
        "unit": {},
        "partial_credit": False,
        "choices": [],
        "answer": None,
        "tolerance": "0",
        "tolerance_kind": "absolute",
        **extra,
    }


class TestParseNumber:
    @pytest.mark.parametrize(
        ("text", "language", "value"),
        [
            ("2500000", "en", "2500000"),
            ("2,500,000", "en", "2500000"),
            ("2.500.000", "da", "2500000"),
            ("2 500 000", "da", "2500000"),
            ("2\u00a0500\u00a0000", "en", "2500000"),
            ("12.5", "en", "12.5"),
            ("12,5", "da", "12.5"),
            ("12.5", "da", "12.5"),  # a plain decimal point is understood in Danish too
            ("DKK 25,000", "en", "25000"),
            ("25.000 kr.", "da", "25000"),
            ("8%", "en", "8"),
            ("\u22123,2", "da", "-3.2"),  # the typographic minus sign
            ("-0.000001", "en", "-0.000001"),
            ("1.2345678", "en", "1.234568"),  # six decimals are kept
        ],
    )
    def test_reads_numbers_as_the_language_writes_them(
        self, text: str, language: str, value: str
    ) -> None:
        assert parse_number(text, language=language) == Decimal(value)

    @pytest.mark.parametrize(
        "text",
        [
            "",
            "   ",
            "abc",
            "12abc",
            "=1+2",
            "<script>alert(1)</script>",
            "NaN",
            "Infinity",
            "1e5",
            "1..2",
            "--5",
            "12,5",  # in English a comma groups thousands; "12,5" is not a valid grouping
        ],
    )
    def test_refuses_what_is_not_a_number(self, text: str) -> None:
        with pytest.raises(NumberError):
            parse_number(text, language="en")

    def test_refuses_absurdly_large_numbers_with_a_message(self) -> None:
        with pytest.raises(NumberError, match="too large"):
            parse_number("9" * 30, language="en")

    def test_refuses_overlong_text(self) -> None:
        with pytest.raises(NumberError, match="too long"):
            parse_number("1" * 101, language="en")


amounts = st.decimals(
    min_value=Decimal("-1000000000"),
    max_value=Decimal("1000000000"),
    places=6,
    allow_nan=False,
    allow_infinity=False,
)
tolerances = st.decimals(
    min_value=Decimal(0), max_value=Decimal(1000000), places=6, allow_nan=False
)
steps = st.decimals(min_value=Decimal("0.000001"), max_value=Decimal(1000), places=6)


class TestTolerance:
    @given(answer=amounts, tolerance=tolerances)
    def test_absolute_boundaries_count_as_right(self, answer: Decimal, tolerance: Decimal) -> None:
        assert within_tolerance(answer + tolerance, answer, tolerance, "absolute")
        assert within_tolerance(answer - tolerance, answer, tolerance, "absolute")
        assert within_tolerance(answer, answer, tolerance, "absolute")

    @given(answer=amounts, tolerance=tolerances, step=steps)
    def test_just_past_an_absolute_boundary_is_wrong(
        self, answer: Decimal, tolerance: Decimal, step: Decimal
    ) -> None:
        assert not within_tolerance(answer + tolerance + step, answer, tolerance, "absolute")
        assert not within_tolerance(answer - tolerance - step, answer, tolerance, "absolute")

    @given(
        answer=amounts.filter(lambda value: value != 0),
        percent=st.decimals(min_value=Decimal(0), max_value=Decimal(100), places=2),
    )
    def test_relative_boundaries_scale_with_the_answer(
        self, answer: Decimal, percent: Decimal
    ) -> None:
        allowed = abs(answer) * percent / 100
        assert within_tolerance(answer + allowed, answer, percent, "relative")
        assert within_tolerance(answer - allowed, answer, percent, "relative")
        assert not within_tolerance(
            answer + allowed + Decimal("0.000001"), answer, percent, "relative"
        )

    def test_zero_tolerance_means_exactly(self) -> None:
        assert within_tolerance(Decimal(16000), Decimal(16000), Decimal(0), "absolute")
        assert not within_tolerance(Decimal("16000.000001"), Decimal(16000), Decimal(0), "absolute")


class TestGradeItem:
    def test_single_choice_right_and_wrong(self) -> None:
        question = shown("single", choices=choices(False, True, False))
        assert grade_item(question, chosen_ids=[101], number=None).is_correct is True
        assert grade_item(question, chosen_ids=[100], number=None).credit == 0
        assert grade_item(question, chosen_ids=[], number=None).is_correct is False

    def test_a_choice_that_was_not_shown_earns_nothing(self) -> None:
        question = shown("single", choices=choices(False, True))
        assert grade_item(question, chosen_ids=[999], number=None).is_correct is False

    def test_true_false(self) -> None:
        question = shown("true_false", choices=choices(True, False))
        assert grade_item(question, chosen_ids=[100], number=None).credit == 1
        assert grade_item(question, chosen_ids=[101], number=None).credit == 0

    def test_multiple_choice_is_all_or_nothing_by_default(self) -> None:
        question = shown("multiple", choices=choices(True, False, True, False))
        assert grade_item(question, chosen_ids=[100, 102], number=None).credit == 1
        assert grade_item(question, chosen_ids=[100], number=None).credit == 0
        assert grade_item(question, chosen_ids=[100, 101, 102], number=None).credit == 0

    def test_multiple_choice_with_partial_credit(self) -> None:
        question = shown("multiple", partial_credit=True, choices=choices(True, False, True, False))
        assert grade_item(question, chosen_ids=[100], number=None).credit == Decimal("0.5")
        # a wrong pick takes a right one back, never below zero
        assert grade_item(question, chosen_ids=[100, 101], number=None).credit == 0
        assert grade_item(question, chosen_ids=[101, 103], number=None).credit == 0
        full = grade_item(question, chosen_ids=[100, 102], number=None)
        assert (full.is_correct, full.credit) == (True, 1)

    def test_numeric_within_and_outside_tolerance(self) -> None:
        question = shown("numeric", answer="2500000", tolerance="1000")
        assert grade_item(question, chosen_ids=[], number=Decimal(2501000)).is_correct
        assert not grade_item(question, chosen_ids=[], number=Decimal(2501001)).is_correct
        assert not grade_item(question, chosen_ids=[], number=None).is_correct

    def test_numeric_relative_tolerance(self) -> None:
        question = shown("numeric", answer="200", tolerance="5", tolerance_kind="relative")
        assert grade_item(question, chosen_ids=[], number=Decimal(210)).is_correct
        assert not grade_item(question, chosen_ids=[], number=Decimal("210.5")).is_correct

    def test_reflection_is_not_scored(self) -> None:
        grade = grade_item(shown("reflection"), chosen_ids=[], number=None)
        assert (grade.is_correct, grade.credit) == (None, None)


class TestScore:
    def test_reflections_do_not_count(self) -> None:
        assert score_percent([Decimal(1), Decimal(0), None]) == Decimal("50.00")

    def test_rounds_to_two_places(self) -> None:
        assert score_percent([Decimal(1), Decimal(0), Decimal(0)]) == Decimal("33.33")
        assert score_percent([Decimal(1), Decimal(1), Decimal(0)]) == Decimal("66.67")

    def test_nothing_scored_scores_full_marks(self) -> None:
        assert score_percent([None]) == Decimal(100)
