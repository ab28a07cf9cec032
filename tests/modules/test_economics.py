"""The customer economics calculator: hand-worked examples, bad input, and properties."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from modules.economics import (
    MAX_LIFETIME_YEARS,
    SEGMENTS,
    CalculatorInputs,
    CalculatorResult,
    calculate,
    lifetime_value,
    parse_inputs,
)

D = Decimal


def inputs(**changes: object) -> CalculatorInputs:
    """The wholesaler of module 1, lesson 2, spread over the four segments."""
    values: dict[str, object] = {
        "customers": D(1000),
        "revenue": D(50000),
        "gross_margin": D(50),
        "acquisition_cost": D(15000),
        "shares": {
            "ambassadors": D(10),
            "very_satisfied": D(30),
            "satisfied": D(40),
            "dissatisfied": D(20),
        },
        "retention": dict.fromkeys(SEGMENTS, D(90)),
        "referrals": D("0.5"),
        "discount_rate": D(0),
    }
    values.update(changes)
    return CalculatorInputs(**values)  # type: ignore[arg-type]


def form(**changes: str) -> dict[str, str]:
    data = {
        "customers": "1000",
        "revenue": "50000",
        "gross_margin": "50",
        "acquisition_cost": "15000",
        "share_ambassadors": "10",
        "share_very_satisfied": "30",
        "share_satisfied": "40",
        "share_dissatisfied": "20",
        "retention_ambassadors": "90",
        "retention_very_satisfied": "90",
        "retention_satisfied": "90",
        "retention_dissatisfied": "90",
        "referrals": "0.5",
        "discount_rate": "0",
    }
    data.update(changes)
    return data


class TestHandWorkedExamples:
    def test_the_wholesaler_churn(self) -> None:
        result = calculate(inputs())
        # yearly margin per customer: 50,000 x 50% = 25,000
        assert result.value("yearly_margin") == D(25000)
        # every segment keeps 90%: 1,000 x (10% + 30% + 40% + 20%) x 10% = 100 lost
        assert result.value("customers_lost") == D(100)
        # revenue lost: 100 x 50,000 = 5,000,000; margin lost: 100 x 25,000 = 2,500,000
        assert result.value("revenue_lost") == D(5_000_000)
        assert result.value("margin_lost") == D(2_500_000)
        # replacing them: 100 x 15,000 = 1,500,000
        assert result.value("replacement_cost") == D(1_500_000)
        # ambassadors lost: 1,000 x 10% x 10% = 10; x 0.5 referrals = 5 referrals lost
        assert result.value("referrals_lost") == D(5)
        # cost of churn: 2,500,000 + 1,500,000 + 5 x 15,000 = 4,075,000
        assert result.value("cost_of_churn") == D(4_075_000)
        # lifetime value with d = 0: 25,000 / (1 - 0.9) = 250,000, as in the lessons
        assert result.value("lifetime_value_satisfied") == D(250_000)

    def test_the_bank_branch_segments_and_the_value_of_moving_customers(self) -> None:
        result = calculate(
            inputs(
                customers=D(4000),
                revenue=D(12000),
                gross_margin=D(50),
                shares={
                    "ambassadors": D(10),
                    "very_satisfied": D(30),
                    "satisfied": D(45),
                    "dissatisfied": D(15),
                },
                retention={
                    "ambassadors": D(90),
                    "very_satisfied": D(85),
                    "satisfied": D(75),
                    "dissatisfied": D(50),
                },
                referrals=D(0),
                move_to_very_satisfied=D(5),
                move_to_ambassadors=D(2),
            )
        )
        # margin 12,000 x 50% = 6,000; lifetime values with d = 0 (lesson 1's formula):
        # 6,000 / 0.10 = 60,000; 6,000 / 0.15 = 40,000; 6,000 / 0.25 = 24,000;
        # 6,000 / 0.50 = 12,000
        assert [figure.value for figure in result.lifetime_values] == [
            D(60000),
            D(40000),
            D(24000),
            D(12000),
        ]
        # lost: 400 x 10% + 1,200 x 15% + 1,800 x 25% + 600 x 50% = 40 + 180 + 450 + 300
        assert result.value("customers_lost") == D(970)
        # 5 points of 4,000 = 200 customers, each gaining 40,000 - 24,000 = 16,000
        assert result.value("moved_to_very_satisfied") == D(200)
        assert result.value("value_to_very_satisfied") == D(3_200_000)
        # 2 points = 80 customers, each gaining 60,000 - 40,000 = 20,000
        assert result.value("moved_to_ambassadors") == D(80)
        assert result.value("value_to_ambassadors") == D(1_600_000)
        assert result.value("referrals_gained_value") == D(0)

    def test_discounting_and_the_capped_lifetime(self) -> None:
        # margin 1,000, retention 80%, discount 10%: q = 0.8 / 1.1;
        # 1,000 / (1 - 0.8/1.1) = 1,000 x 1.1 / 0.3 = 3,666.67
        value, capped = lifetime_value(D(1000), D("0.8"), D("0.1"))
        assert value.quantize(D("0.01")) == D("3666.67")
        assert not capped
        # retention 100% with discount 10%: 1,000 x 1.1 / 0.1 = 11,000, finite
        assert lifetime_value(D(1000), D(1), D("0.1"))[0] == D(11000)
        # retention 100% and no discount: unbounded, so 50 years of margin, flagged
        assert lifetime_value(D(1000), D(1), D(0)) == (D(50000), True)

    def test_a_retention_of_100_percent_gives_a_stated_assumption_not_inf(self) -> None:
        result = calculate(inputs(retention=dict.fromkeys(SEGMENTS, D(100))))
        figure = result["lifetime_value_ambassadors"]
        assert figure.value == D(25000) * MAX_LIFETIME_YEARS
        assert "at most 50 years" in figure.assumption
        assert result.value("customers_lost") == D(0)
        assert "inf" not in str(result.to_json()).lower()

    def test_saved_figures_read_back_the_same(self) -> None:
        result = calculate(inputs())
        assert CalculatorResult.from_json(result.to_json()) == result


class TestParsing:
    def test_danish_and_english_numbers(self) -> None:
        danish, errors = parse_inputs(
            form(revenue="2.500.000", gross_margin="12,5", referrals="0,25"), language="da"
        )
        assert errors == {}
        assert danish is not None
        assert (danish.revenue, danish.gross_margin, danish.referrals) == (
            D(2_500_000),
            D("12.5"),
            D("0.25"),
        )
        english, errors = parse_inputs(
            form(revenue="2,500,000", gross_margin="12.5"), language="en"
        )
        assert english is not None
        assert english.revenue == D(2_500_000)

    @pytest.mark.parametrize(
        ("field", "text", "message"),
        [
            ("customers", "-5", "from 1 to"),
            ("customers", "0", "from 1 to"),
            ("customers", "10.5", "whole number"),
            ("customers", "99999999999", "from 1 to"),
            ("revenue", "0", "above 0"),
            ("revenue", "lots", "digits only"),
            ("gross_margin", "120", "above 0 and at most 100"),
            ("retention_satisfied", "101", "from 0 to 100"),
            ("referrals", "1000", "from 0 to 50"),
            ("discount_rate", "-1", "from 0 to 100"),
            ("acquisition_cost", "", "needed"),
        ],
    )
    def test_bad_figures_are_field_errors_that_explain_the_rule(
        self, field: str, text: str, message: str
    ) -> None:
        parsed, errors = parse_inputs(form(**{field: text}), language="en")
        assert parsed is None
        assert message in errors[field]

    def test_shares_must_add_up_to_100(self) -> None:
        parsed, errors = parse_inputs(form(share_dissatisfied="25"), language="en")
        assert parsed is None
        assert "add up to 100%; now they add up to 105%" in errors["share_ambassadors"]

    def test_a_move_cannot_take_more_than_the_segment_holds(self) -> None:
        _parsed, errors = parse_inputs(form(move_to_ambassadors="31"), language="en")
        assert "at most the 30 percentage points" in errors["move_to_ambassadors"]

    def test_a_discount_rate_of_0_and_retention_of_100_are_defined(self) -> None:
        parsed, errors = parse_inputs(
            form(discount_rate="0", retention_ambassadors="100"), language="en"
        )
        assert errors == {}
        assert parsed is not None
        assert calculate(parsed)["lifetime_value_ambassadors"].capped


percent = st.decimals(min_value=0, max_value=100, places=1)


@st.composite
def valid_inputs(draw: st.DrawFn) -> CalculatorInputs:
    first = draw(st.integers(0, 100))
    second = draw(st.integers(0, 100 - first))
    third = draw(st.integers(0, 100 - first - second))
    shares = dict(
        zip(SEGMENTS, map(D, (first, second, third, 100 - first - second - third)), strict=True)
    )
    return CalculatorInputs(
        customers=D(draw(st.integers(1, 10_000_000))),
        revenue=draw(st.decimals(min_value="0.01", max_value=10**9, places=2)),
        gross_margin=draw(st.decimals(min_value="0.1", max_value=100, places=1)),
        acquisition_cost=draw(st.decimals(min_value=0, max_value=10**9, places=2)),
        shares=shares,
        retention={segment: draw(percent) for segment in SEGMENTS},
        referrals=draw(st.decimals(min_value=0, max_value=50, places=2)),
        discount_rate=draw(percent),
    )


class TestProperties:
    @given(valid_inputs(), st.sampled_from(SEGMENTS), percent)
    def test_more_churn_never_lowers_the_cost_of_churn(
        self, base: CalculatorInputs, segment: str, lower: Decimal
    ) -> None:
        # more churn in a segment is lower retention there
        retention = {**base.retention, segment: min(lower, base.retention[segment])}
        worse = CalculatorInputs(**{**base.__dict__, "retention": retention})
        assert calculate(worse).value("cost_of_churn") >= calculate(base).value("cost_of_churn")
        assert calculate(worse).value("customers_lost") >= calculate(base).value("customers_lost")

    @given(
        st.decimals(min_value="0.01", max_value=10**9, places=2),
        percent,
        percent,
        percent,
    )
    def test_higher_retention_never_lowers_lifetime_value(
        self, margin: Decimal, first: Decimal, second: Decimal, discount: Decimal
    ) -> None:
        low, high = sorted((first / 100, second / 100))
        assert (
            lifetime_value(margin, high, discount / 100)[0]
            >= lifetime_value(margin, low, discount / 100)[0]
        )

    @given(valid_inputs())
    def test_every_figure_is_finite_and_the_lifetime_is_bounded(
        self, base: CalculatorInputs
    ) -> None:
        result = calculate(base)
        assert all(figure.value.is_finite() for figure in result.figures)
        margin = base.revenue * base.gross_margin / 100
        for figure in result.lifetime_values:
            assert figure.value <= margin * MAX_LIFETIME_YEARS + D("0.01")

    @given(st.decimals(min_value="0.01", max_value=10**6, places=2), percent)
    def test_with_no_discount_it_agrees_with_the_lessons_formula(
        self, margin: Decimal, retention: Decimal
    ) -> None:
        r = retention / 100
        value, capped = lifetime_value(margin, r, D(0))
        if not capped:
            assert value == margin / (1 - r)
