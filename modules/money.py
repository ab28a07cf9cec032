"""Amounts shown in the organisation's currency, written the way the learner's language
writes them: "2.500.000 kr." in Danish, "DKK 2,500,000" in English."""

import re
from decimal import Decimal

from babel import Locale
from babel.numbers import format_decimal, parse_pattern

_SYMBOL_THEN_DIGIT = re.compile(r"^(-?)([A-Z]{3})(\d)")


def format_money(value: Decimal | str | int, currency: str, language: str) -> str:
    """A whole amount with the currency, grouped per language."""
    locale = Locale.parse(language or "en")
    pattern = parse_pattern(locale.currency_formats["standard"])
    pattern.frac_prec = (0, 0)
    text = pattern.apply(Decimal(value), locale, currency=currency, currency_digits=False)
    # Babel writes "DKK2,500,000" where a language has no symbol for the currency.
    return _SYMBOL_THEN_DIGIT.sub("\\1\\2\u00a0\\3", text)


def format_number(value: Decimal | str | int, language: str, *, places: int = 1) -> str:
    """A count or a rate: whole numbers without decimals, others with up to ``places``."""
    number = Decimal(value)
    if number == number.to_integral_value():
        return format_decimal(number, format="#,##0", locale=language or "en")
    return format_decimal(number, format="#,##0." + "#" * places, locale=language or "en")
