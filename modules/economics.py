"""The customer economics calculator (module 1's exercise), as pure Decimal arithmetic.

Nothing here touches the database: the view parses what the learner typed
(:func:`parse_inputs`), :func:`calculate` turns the inputs into figures, and the figures
are saved as the server computed them. Every figure carries its value, its unit and the
formula in plain words, so the page can show how each was reached.

The formulas
------------

With N customers, yearly revenue R per customer, gross margin g, acquisition cost A,
segment shares s and yearly retention r per segment (ambassadors, very satisfied,
satisfied, dissatisfied), f referrals per ambassador per year and a discount rate d:

- yearly margin per customer: m = R x g
- customers lost a year: L = sum over the segments of N x s x (1 - r)
- revenue lost a year: L x R; margin lost a year: L x m
- cost of replacing them: L x A
- referrals lost a year: the ambassadors who leave, N x s(amb) x (1 - r(amb)), times f;
  each valued at the acquisition cost it would have saved, A
- cost of churn a year: margin lost + cost of replacing + value of the lost referrals
- lifetime value per segment: the yearly margin m in the first year, then each later
  year's margin kept with probability r and discounted by (1 + d):
  m x (1 + q + q^2 + ...) = m / (1 - q) with q = r / (1 + d).
  With d = 0 this is module 1's simple formula m / (1 - r).
  The expected (discounted) lifetime 1 / (1 - q) is capped at MAX_LIFETIME_YEARS: at
  r = 100% and d = 0 the sum never ends, and near it the figure means nothing. The cap
  keeps the value finite and never lowers it as retention rises; a figure that reached
  the cap says so.
- moving p percentage points of all customers from satisfied to very satisfied:
  N x p customers, each gaining LTV(very satisfied) - LTV(satisfied); likewise from very
  satisfied to ambassadors, who in addition bring f referrals a year each.

Percentages are entered as per cent (12.5 means 12.5%).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from enum import StrEnum
from typing import Any

from babel.numbers import format_decimal
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from modules.numbers import MAX_NUMBER_TEXT, NumberError, parse_number

SEGMENTS = ("ambassadors", "very_satisfied", "satisfied", "dissatisfied")
MAX_LIFETIME_YEARS = Decimal(50)
MAX_CUSTOMERS = Decimal(10_000_000)
MAX_AMOUNT = Decimal(1_000_000_000)
MAX_REFERRALS = Decimal(50)
HUNDRED = Decimal(100)
# Shares typed with one decimal each may miss 100 by a rounding hair.
SHARE_TOLERANCE = Decimal("0.05")
VALUE_PLACES = Decimal("0.01")

SEGMENT_LABELS: dict[str, Promise] = {
    "ambassadors": _("Ambassadors"),
    "very_satisfied": _("Very satisfied"),
    "satisfied": _("Satisfied"),
    "dissatisfied": _("Dissatisfied"),
}


class Unit(StrEnum):
    CUSTOMERS = "customers"
    CUSTOMERS_PER_YEAR = "customers_per_year"
    REFERRALS_PER_YEAR = "referrals_per_year"
    MONEY = "money"
    MONEY_PER_YEAR = "money_per_year"
    MONEY_PER_CUSTOMER_YEAR = "money_per_customer_year"
    MONEY_PER_CUSTOMER = "money_per_customer"


# Inputs ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class InputField:
    name: str
    label: Promise
    unit: str  # "currency", "%", "pp" (percentage points), "" (a count)
    minimum: Decimal
    maximum: Decimal
    # Is the minimum itself allowed? A margin of 0% is not, a discount rate of 0% is.
    minimum_allowed: bool = True
    whole: bool = False
    help_text: Promise | str = ""


def _share(segment: str) -> str:
    return f"share_{segment}"


def _retention(segment: str) -> str:
    return f"retention_{segment}"


INPUT_FIELDS: tuple[InputField, ...] = (
    InputField(
        "customers",
        _("Number of customers"),
        "",
        Decimal(1),
        MAX_CUSTOMERS,
        whole=True,
    ),
    InputField(
        "revenue",
        _("Average yearly revenue per customer"),
        "currency",
        Decimal(0),
        MAX_AMOUNT,
        minimum_allowed=False,
    ),
    InputField(
        "gross_margin",
        _("Gross margin"),
        "%",
        Decimal(0),
        HUNDRED,
        minimum_allowed=False,
        help_text=_("The share of revenue left after the variable costs of what is sold."),
    ),
    InputField(
        "acquisition_cost",
        _("Cost of winning a new customer"),
        "currency",
        Decimal(0),
        MAX_AMOUNT,
        help_text=_("Sales and marketing costs divided by the number of new customers."),
    ),
    *(
        InputField(_share(segment), SEGMENT_LABELS[segment], "%", Decimal(0), HUNDRED)
        for segment in SEGMENTS
    ),
    *(
        InputField(_retention(segment), SEGMENT_LABELS[segment], "%", Decimal(0), HUNDRED)
        for segment in SEGMENTS
    ),
    InputField(
        "referrals",
        _("Referrals per ambassador per year"),
        "",
        Decimal(0),
        MAX_REFERRALS,
        help_text=_("New customers each ambassador brings in a year; 0.25 is one in four."),
    ),
    InputField(
        "discount_rate",
        _("Discount rate"),
        "%",
        Decimal(0),
        HUNDRED,
        help_text=_("What money a year from now is worth less than money today; 0 ignores it."),
    ),
    InputField(
        "move_to_very_satisfied",
        _("Move from satisfied to very satisfied"),
        "pp",
        Decimal(0),
        HUNDRED,
        help_text=_("Percentage points of all customers."),
    ),
    InputField(
        "move_to_ambassadors",
        _("Move from very satisfied to ambassadors"),
        "pp",
        Decimal(0),
        HUNDRED,
        help_text=_("Percentage points of all customers."),
    ),
)
FIELDS_BY_NAME = {field.name: field for field in INPUT_FIELDS}
SHARE_FIELDS = tuple(_share(segment) for segment in SEGMENTS)
RETENTION_FIELDS = tuple(_retention(segment) for segment in SEGMENTS)


@dataclass(frozen=True)
class CalculatorInputs:
    customers: Decimal
    revenue: Decimal
    gross_margin: Decimal  # per cent
    acquisition_cost: Decimal
    shares: Mapping[str, Decimal]  # per cent, by segment
    retention: Mapping[str, Decimal]  # per cent, by segment
    referrals: Decimal
    discount_rate: Decimal  # per cent
    move_to_very_satisfied: Decimal = Decimal(0)  # percentage points of all customers
    move_to_ambassadors: Decimal = Decimal(0)


def _check_range(field: InputField, value: Decimal, language: str) -> str | None:
    if field.whole and value != value.to_integral_value():
        return str(_("Enter a whole number."))
    too_low = value < field.minimum or (not field.minimum_allowed and value == field.minimum)
    if too_low or value > field.maximum:
        low = _plain(field.minimum, language)
        high = _plain(field.maximum, language)
        if field.minimum_allowed:
            return str(_("Enter a number from %(low)s to %(high)s.") % {"low": low, "high": high})
        return str(
            _("Enter a number above %(low)s and at most %(high)s.") % {"low": low, "high": high}
        )
    return None


def _plain(value: Decimal, language: str = "en") -> str:
    return format_decimal(value.normalize(), locale=language)


def parse_inputs(
    raw: Mapping[str, str], *, language: str
) -> tuple[CalculatorInputs | None, dict[str, str]]:
    """Read the calculator's form as typed, in the learner's language.

    Returns the inputs, or None with a message per field name that explains the rule
    broken. Checks across fields (the shares sum to 100%, a move takes no more customers
    than the segment holds) report on the field that has to change.
    """
    values: dict[str, Decimal] = {}
    errors: dict[str, str] = {}
    for field in INPUT_FIELDS:
        text = str(raw.get(field.name, ""))[:MAX_NUMBER_TEXT].strip()
        if not text:
            if field.name.startswith("move_"):
                values[field.name] = Decimal(0)
                continue
            errors[field.name] = str(_("This figure is needed for the calculation."))
            continue
        try:
            value = parse_number(text, language=language)
        except NumberError as error:
            errors[field.name] = str(error)
            continue
        problem = _check_range(field, value, language)
        if problem:
            errors[field.name] = problem
        else:
            values[field.name] = value
    if all(name in values for name in SHARE_FIELDS):
        total = sum((values[name] for name in SHARE_FIELDS), Decimal(0))
        if abs(total - HUNDRED) > SHARE_TOLERANCE:
            errors[SHARE_FIELDS[0]] = str(
                _(
                    "The four shares must add up to 100%%; now they add up to %(total)s%%."
                    " Change one of them."
                )
                % {"total": _plain(total, language)}
            )
    moves = (
        ("move_to_very_satisfied", "share_satisfied"),
        ("move_to_ambassadors", "share_very_satisfied"),
    )
    for move, source in moves:
        if move in values and source in values and values[move] > values[source]:
            errors[move] = str(
                _("You can move at most the %(share)s percentage points the segment holds.")
                % {"share": _plain(values[source], language)}
            )
    if errors:
        return None, errors
    return (
        CalculatorInputs(
            customers=values["customers"],
            revenue=values["revenue"],
            gross_margin=values["gross_margin"],
            acquisition_cost=values["acquisition_cost"],
            shares={segment: values[_share(segment)] for segment in SEGMENTS},
            retention={segment: values[_retention(segment)] for segment in SEGMENTS},
            referrals=values["referrals"],
            discount_rate=values["discount_rate"],
            move_to_very_satisfied=values["move_to_very_satisfied"],
            move_to_ambassadors=values["move_to_ambassadors"],
        ),
        {},
    )


# Outputs ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FigureText:
    label: Promise
    unit: Unit
    formula: Promise


FIGURE_TEXTS: dict[str, FigureText] = {
    "yearly_margin": FigureText(
        _("Yearly margin per customer"),
        Unit.MONEY_PER_CUSTOMER_YEAR,
        _("Average yearly revenue per customer times gross margin."),
    ),
    "customers_lost": FigureText(
        _("Customers lost a year"),
        Unit.CUSTOMERS_PER_YEAR,
        _(
            "For each segment: number of customers times the segment's share times (100% minus its "
            "retention rate), added up."
        ),
    ),
    "revenue_lost": FigureText(
        _("Revenue lost a year"),
        Unit.MONEY_PER_YEAR,
        _("Customers lost a year times average yearly revenue per customer."),
    ),
    "margin_lost": FigureText(
        _("Margin lost a year"),
        Unit.MONEY_PER_YEAR,
        _("Customers lost a year times yearly margin per customer."),
    ),
    "replacement_cost": FigureText(
        _("Cost of replacing them"),
        Unit.MONEY_PER_YEAR,
        _("Customers lost a year times the cost of winning a new customer."),
    ),
    "referrals_lost": FigureText(
        _("Referrals lost a year"),
        Unit.REFERRALS_PER_YEAR,
        _("Ambassadors lost a year times referrals per ambassador per year."),
    ),
    "cost_of_churn": FigureText(
        _("Cost of churn a year"),
        Unit.MONEY_PER_YEAR,
        _(
            "Margin lost + cost of replacing the customers + the lost referrals, each "
            "valued at the cost of winning a new customer that it would have saved."
        ),
    ),
    **{
        f"lifetime_value_{segment}": FigureText(
            SEGMENT_LABELS[segment],
            Unit.MONEY_PER_CUSTOMER,
            _(
                "The margin of every year the customer is expected to stay, later years "
                "discounted: "
                "yearly margin divided by (100% minus retention rate divided by (100% plus "
                "discount rate)). With a discount rate of 0 this is yearly margin divided by "
                "(100% minus retention rate)."
            ),
        )
        for segment in SEGMENTS
    },
    "moved_to_very_satisfied": FigureText(
        _("Customers moved from satisfied to very satisfied"),
        Unit.CUSTOMERS,
        _("Number of customers times the percentage points moved."),
    ),
    "value_to_very_satisfied": FigureText(
        _("Lifetime value gained by that move"),
        Unit.MONEY,
        _(
            "Customers moved times (lifetime value of a very satisfied customer minus lifetime "
            "value of a satisfied one)."
        ),
    ),
    "moved_to_ambassadors": FigureText(
        _("Customers moved from very satisfied to ambassadors"),
        Unit.CUSTOMERS,
        _("Number of customers times the percentage points moved."),
    ),
    "value_to_ambassadors": FigureText(
        _("Lifetime value gained by that move"),
        Unit.MONEY,
        _(
            "Customers moved times (lifetime value of an ambassador minus lifetime value of a very "
            "satisfied customer)."
        ),
    ),
    "referrals_gained_value": FigureText(
        _("Value of the new ambassadors' referrals a year"),
        Unit.MONEY_PER_YEAR,
        _(
            "Customers moved to ambassadors times referrals per ambassador per year times the cost "
            "of winning a new customer (what each referral saves)."
        ),
    ),
}

LIFETIME_CAPPED = _(
    "At this retention rate customers would on average stay more than %(years)s years; "
    "the calculation counts at most %(years)s years of margin."
)


@dataclass(frozen=True)
class Figure:
    key: str
    value: Decimal
    capped: bool = False  # a lifetime value that reached MAX_LIFETIME_YEARS

    @property
    def text(self) -> FigureText:
        return FIGURE_TEXTS[self.key]

    @property
    def label(self) -> Promise:
        return self.text.label

    @property
    def unit(self) -> Unit:
        return self.text.unit

    @property
    def formula(self) -> Promise:
        return self.text.formula

    @property
    def assumption(self) -> str:
        if not self.capped:
            return ""
        return str(LIFETIME_CAPPED % {"years": MAX_LIFETIME_YEARS})


@dataclass(frozen=True)
class CalculatorResult:
    figures: tuple[Figure, ...]

    def __getitem__(self, key: str) -> Figure:
        for figure in self.figures:
            if figure.key == key:
                return figure
        raise KeyError(key)  # templates then try attributes (churn, moves, ...)

    def value(self, key: str) -> Decimal:
        return self[key].value

    @property
    def churn(self) -> tuple[Figure, ...]:
        return self.figures[:7]

    @property
    def lifetime_values(self) -> tuple[Figure, ...]:
        return self.figures[7:11]

    @property
    def moves(self) -> tuple[Figure, ...]:
        return self.figures[11:]

    def to_json(self) -> dict[str, Any]:
        return {
            "figures": [
                {"key": figure.key, "value": str(figure.value), "capped": figure.capped}
                for figure in self.figures
            ]
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "CalculatorResult":
        return cls(
            tuple(
                Figure(item["key"], Decimal(item["value"]), bool(item.get("capped")))
                for item in data.get("figures", [])
                if item.get("key") in FIGURE_TEXTS
            )
        )


def lifetime_value(
    yearly_margin: Decimal, retention: Decimal, discount_rate: Decimal
) -> tuple[Decimal, bool]:
    """The discounted lifetime value of a customer and whether the lifetime cap applied.

    ``retention`` and ``discount_rate`` are fractions (0.8 for 80%). Never divides by zero:
    when q = r / (1 + d) reaches 1 the cap applies before the division.
    """
    kept = retention / (1 + discount_rate)
    if 1 - kept <= 1 / MAX_LIFETIME_YEARS:
        return yearly_margin * MAX_LIFETIME_YEARS, True
    return yearly_margin / (1 - kept), False


def calculate(inputs: CalculatorInputs) -> CalculatorResult:
    """Every figure of the calculator from valid inputs (see the module's docstring)."""
    with localcontext() as context:
        context.prec = 34
        n = inputs.customers
        margin = inputs.revenue * inputs.gross_margin / HUNDRED
        discount = inputs.discount_rate / HUNDRED
        shares = {segment: inputs.shares[segment] / HUNDRED for segment in SEGMENTS}
        retention = {segment: inputs.retention[segment] / HUNDRED for segment in SEGMENTS}
        lost = sum((n * shares[s] * (1 - retention[s]) for s in SEGMENTS), Decimal(0))
        referrals_lost = n * shares["ambassadors"] * (1 - retention["ambassadors"])
        referrals_lost *= inputs.referrals
        lifetimes = {s: lifetime_value(margin, retention[s], discount) for s in SEGMENTS}
        ltv = {s: value for s, (value, _capped) in lifetimes.items()}
        moved_up = n * inputs.move_to_very_satisfied / HUNDRED
        moved_top = n * inputs.move_to_ambassadors / HUNDRED
        raw: list[tuple[str, Decimal, bool]] = [
            ("yearly_margin", margin, False),
            ("customers_lost", lost, False),
            ("revenue_lost", lost * inputs.revenue, False),
            ("margin_lost", lost * margin, False),
            ("replacement_cost", lost * inputs.acquisition_cost, False),
            ("referrals_lost", referrals_lost, False),
            (
                "cost_of_churn",
                lost * margin
                + lost * inputs.acquisition_cost
                + referrals_lost * inputs.acquisition_cost,
                False,
            ),
            *((f"lifetime_value_{s}", value, capped) for s, (value, capped) in lifetimes.items()),
            ("moved_to_very_satisfied", moved_up, False),
            (
                "value_to_very_satisfied",
                moved_up * (ltv["very_satisfied"] - ltv["satisfied"]),
                False,
            ),
            ("moved_to_ambassadors", moved_top, False),
            (
                "value_to_ambassadors",
                moved_top * (ltv["ambassadors"] - ltv["very_satisfied"]),
                False,
            ),
            (
                "referrals_gained_value",
                moved_top * inputs.referrals * inputs.acquisition_cost,
                False,
            ),
        ]
        return CalculatorResult(
            tuple(
                Figure(key, value.quantize(VALUE_PLACES, rounding=ROUND_HALF_UP), capped)
                for key, value, capped in raw
            )
        )
