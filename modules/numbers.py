"""Reading numbers the way a learner types them in their language.

Shared by the quiz's numeric answers (assessments) and the exercises (modules), which is
why it lives here, below both: a lower app never imports a higher one.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel.numbers import NumberFormatError, parse_decimal
from django.utils.translation import gettext as _

# Larger than any sensible answer in this course (amounts, counts, percentages), small
# enough to fit the database column with its six decimals.
MAX_ABS_NUMBER = Decimal(10) ** 15
NUMBER_PLACES = Decimal("0.000001")
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
