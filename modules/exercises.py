"""Reading each exercise's form, and what of its result can go into the action plan.

Pure functions (no database): the view hands in the posted fields and the learner's
language; :func:`parse_answers` returns what to save as typed, the result the server
computed (empty while anything has an error) and a message per field.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from modules import economics
from modules.models import Block

Exercise = Block.Exercise
MAX_TOUCH_POINTS = 30
MAX_CHANNELS = 12
MAX_MOMENTS = 3
MAX_TEXT = 200
BLANK_ROWS = 3  # empty rows offered after the filled ones, for the next entries
# Rows past this index are never read: a crafted form cannot make the server loop.
MAX_ROW_INDEX = 200
RATINGS = (1, 2, 3, 4, 5)


@dataclass
class Parsed:
    data: dict[str, Any]
    result: dict[str, Any]
    errors: dict[str, str] = field(default_factory=dict)


# Experience profile ------------------------------------------------------------------------


@dataclass(frozen=True)
class Driver:
    key: str
    label: Promise
    group: str


PROFILE_GROUPS: dict[str, Promise] = {
    "functional": _("Functional drivers"),
    "emotional": _("Emotional drivers"),
    "senses": _("The five senses"),
}
DRIVERS: tuple[Driver, ...] = (
    Driver("value", _("Price and value for money"), "functional"),
    Driver("speed", _("Speed"), "functional"),
    Driver("reliability", _("Reliability: it works as promised"), "functional"),
    Driver("accuracy", _("Accuracy: no mistakes"), "functional"),
    Driver("ease", _("Ease: little effort for the customer"), "functional"),
    Driver("welcome", _("Feeling welcome"), "emotional"),
    Driver("safe", _("Feeling safe"), "emotional"),
    Driver("understood", _("Feeling understood"), "emotional"),
    Driver("respected", _("Feeling respected"), "emotional"),
    Driver("cared", _("Feeling cared for"), "emotional"),
    Driver("sight", _("Sight"), "senses"),
    Driver("sound", _("Sound"), "senses"),
    Driver("smell", _("Smell"), "senses"),
    Driver("touch", _("Touch"), "senses"),
    Driver("taste", _("Taste"), "senses"),
)
DRIVER_KEYS = tuple(driver.key for driver in DRIVERS)
DRIVERS_BY_KEY = {driver.key: driver for driver in DRIVERS}


def _rating(text: str) -> int | None:
    text = text.strip()
    return int(text) if text in {str(value) for value in RATINGS} else None


def _parse_profile(post: Mapping[str, str], language: str) -> Parsed:
    data = {key: str(post.get(f"rating_{key}", ""))[:2] for key in DRIVER_KEYS}
    errors = {
        f"rating_{key}": str(_("Choose a rating from 1 to 5."))
        for key, text in data.items()
        if _rating(text) is None
    }
    result = {} if errors else {"ratings": {key: _rating(text) for key, text in data.items()}}
    return Parsed(data, result, errors)


# Rows (listening routine, journey map) ---------------------------------------------------------


def _rows(post: Mapping[str, str], columns: tuple[str, ...]) -> list[dict[str, str]]:
    """The posted rows in order, with every empty row left out."""
    rows = []
    for index in range(MAX_ROW_INDEX):
        row = {
            name: str(post.get(f"row-{index}-{name}", ""))[:MAX_TEXT].strip() for name in columns
        }
        if any(row.values()):
            row["index"] = str(index)
            rows.append(row)
    return rows


LISTENING_COLUMNS = ("channel", "frequency", "owner", "reply", "rating")
FREQUENCIES: dict[str, Promise] = {
    "daily": _("Daily"),
    "weekly": _("Weekly"),
    "monthly": _("Monthly"),
    "quarterly": _("Quarterly"),
    "rarely": _("Rarely"),
}


def _parse_listening(post: Mapping[str, str], language: str) -> Parsed:
    rows = _rows(post, LISTENING_COLUMNS)
    errors: dict[str, str] = {}
    if len(rows) > MAX_CHANNELS:
        errors["rows"] = str(
            _("A routine can have at most %(count)s channels. Remove some, then save again.")
            % {"count": MAX_CHANNELS}
        )
    for row in rows:
        prefix = f"row-{row['index']}"
        if not row["channel"]:
            errors[f"{prefix}-channel"] = str(_("Name the channel, or clear the row."))
        if row["frequency"] not in FREQUENCIES:
            errors[f"{prefix}-frequency"] = str(_("Choose how often someone looks at it."))
        if row["rating"] and _rating(row["rating"]) is None:
            errors[f"{prefix}-rating"] = str(_("Choose a rating from 1 to 5."))
    if not rows:
        errors["rows"] = str(_("Add at least one channel."))
    data = {"rows": [{k: v for k, v in row.items() if k != "index"} for row in rows]}
    result: dict[str, Any] = {} if errors else {"channels": data["rows"]}
    return Parsed(data, result, errors)


JOURNEY_COLUMNS = ("name", "importance", "performance", "moment")


def priority(importance: int, performance: int) -> int:
    """How much a touch point needs work: important and poor comes first. The gap
    importance minus performance, weighted by importance, so a gap on an important
    touch point counts more: importance x (importance - performance), never below 0."""
    return max(0, importance * (importance - performance))


def _parse_journey(post: Mapping[str, str], language: str) -> Parsed:
    rows = _rows(post, JOURNEY_COLUMNS)
    errors: dict[str, str] = {}
    if len(rows) > MAX_TOUCH_POINTS:
        errors["rows"] = str(
            _("A journey can have at most %(count)s touch points. Remove some, then save again.")
            % {"count": MAX_TOUCH_POINTS}
        )
    for row in rows:
        prefix = f"row-{row['index']}"
        if not row["name"]:
            errors[f"{prefix}-name"] = str(_("Name the touch point, or clear the row."))
        for column in ("importance", "performance"):
            if _rating(row[column]) is None:
                errors[f"{prefix}-{column}"] = str(_("Choose a rating from 1 to 5."))
    if not rows:
        errors["rows"] = str(_("Add at least one touch point."))
    moments = [row for row in rows if row["moment"]]
    if len(moments) > MAX_MOMENTS:
        errors["moments"] = str(
            _("Pick at most %(count)s moments of truth to improve.") % {"count": MAX_MOMENTS}
        )
    data = {"rows": [{k: v for k, v in row.items() if k != "index"} for row in rows]}
    result: dict[str, Any] = {}
    if not errors:
        points = []
        for row in rows:
            importance = _rating(row["importance"]) or 0
            performance = _rating(row["performance"]) or 0
            points.append(
                {
                    "name": row["name"],
                    "importance": importance,
                    "performance": performance,
                    "moment": bool(row["moment"]),
                    "priority": priority(importance, performance),
                }
            )
        result = {"points": points}
    return Parsed(data, result, errors)


# The calculator ----------------------------------------------------------------------------


def _parse_calculator(post: Mapping[str, str], language: str) -> Parsed:
    data = {
        item.name: str(post.get(item.name, ""))[: economics.MAX_NUMBER_TEXT]
        for item in economics.INPUT_FIELDS
    }
    inputs, errors = economics.parse_inputs(data, language=language)
    result = economics.calculate(inputs).to_json() if inputs else {}
    return Parsed(data, result, errors)


PARSERS: dict[str, Callable[[Mapping[str, str], str], Parsed]] = {
    Exercise.CALCULATOR: _parse_calculator,
    Exercise.EXPERIENCE_PROFILE: _parse_profile,
    Exercise.LISTENING_ROUTINE: _parse_listening,
    Exercise.JOURNEY_MAP: _parse_journey,
}


def parse_answers(exercise: str, post: Mapping[str, str], *, language: str) -> Parsed:
    """Read a posted exercise form. The action plan is not an answer: see services.plans."""
    return PARSERS[exercise](post, language)


# Results that can go into the action plan ----------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    """A commitment proposed from an exercise's result; the learner edits it afterwards."""

    key: str
    action: str
    measure: str


MoneyFormat = Callable[[Any], str]


def _count(value: Any) -> str:
    """A count as plain digits (50, 12.5), never in exponent form."""
    number = Decimal(value)
    if number == number.to_integral_value():
        return str(number.to_integral_value())
    return format(number.normalize(), "f")


def suggestions(exercise: str, result: Mapping[str, Any], money: MoneyFormat) -> list[Suggestion]:
    """What of a result can be added to the action plan, each under a stable key."""
    if not result:
        return []
    if exercise == Exercise.CALCULATOR:
        figures = economics.CalculatorResult.from_json(result)
        found = [
            Suggestion(
                "cost_of_churn",
                str(
                    _("Reduce churn, which costs us %(amount)s a year.")
                    % {"amount": money(figures.value("cost_of_churn"))}
                ),
                str(_("Customers lost a year, measured again in six months.")),
            )
        ]
        if figures.value("moved_to_very_satisfied"):
            found.append(
                Suggestion(
                    "value_to_very_satisfied",
                    str(
                        _(
                            "Move %(count)s satisfied customers up to very satisfied, worth "
                            "%(amount)s in lifetime value."
                        )
                        % {
                            "count": _count(figures.value("moved_to_very_satisfied")),
                            "amount": money(figures.value("value_to_very_satisfied")),
                        }
                    ),
                    str(_("Share of very satisfied customers in the next survey.")),
                )
            )
        if figures.value("moved_to_ambassadors"):
            found.append(
                Suggestion(
                    "value_to_ambassadors",
                    str(
                        _(
                            "Move %(count)s very satisfied customers up to ambassadors, worth "
                            "%(amount)s in lifetime value."
                        )
                        % {
                            "count": _count(figures.value("moved_to_ambassadors")),
                            "amount": money(figures.value("value_to_ambassadors")),
                        }
                    ),
                    str(_("Share of ambassadors and referrals in the next survey.")),
                )
            )
        return found
    if exercise == Exercise.EXPERIENCE_PROFILE:
        ratings = result.get("ratings", {})
        lowest = sorted((ratings[k], k) for k in DRIVER_KEYS if k in ratings)[:2]
        return [
            Suggestion(
                f"driver-{key}",
                str(
                    _('Improve how customers rate us on "%(driver)s" (now %(rating)s of 5).')
                    % {"driver": DRIVERS_BY_KEY[key].label, "rating": rating}
                ),
                str(_("Customers' rating of this line, asked again in three months.")),
            )
            for rating, key in lowest
        ]
    if exercise == Exercise.LISTENING_ROUTINE:
        return [
            Suggestion(
                f"channel-{index}",
                str(
                    _(
                        'Run the "%(channel)s" channel %(frequency)s, and make sure '
                        "every customer hears back."
                    )
                    % {
                        "channel": row["channel"],
                        "frequency": str(FREQUENCIES.get(row["frequency"], "")).lower(),
                    }
                ),
                str(_("Share of customers who hear back within a week.")),
            )
            for index, row in enumerate(result.get("channels", []))
        ]
    if exercise == Exercise.JOURNEY_MAP:
        return [
            Suggestion(
                f"moment-{index}",
                str(
                    _(
                        'Improve the moment of truth "%(name)s" (importance '
                        "%(importance)s, performance %(performance)s)."
                    )
                    % point
                ),
                str(_("Customers' rating of this touch point, from 1 to 5.")),
            )
            for index, point in enumerate(result.get("points", []))
            if point.get("moment")
        ]
    return []
