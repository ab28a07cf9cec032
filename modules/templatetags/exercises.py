"""Template filters for exercise results: amounts, counts and figures with their units."""

from decimal import Decimal
from typing import Any

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from modules.economics import Figure, Unit
from modules.money import format_money, format_number

register = template.Library()


@register.filter
def money(value: Decimal | str | int, currency: str) -> str:
    return format_money(value, currency, get_language() or "en")


@register.filter
def number(value: Decimal | str | int | float) -> str:
    return format_number(Decimal(str(value)), get_language() or "en")


def figure_text(figure: Figure, currency: str, language: str) -> str:
    """A figure's value with its unit in words, e.g. "DKK 2,500,000 a year"."""
    amount = format_money(figure.value, currency, language)
    count = format_number(figure.value, language)
    texts: dict[Unit, str] = {
        Unit.MONEY: amount,
        Unit.MONEY_PER_YEAR: _("%(amount)s a year") % {"amount": amount},
        Unit.MONEY_PER_CUSTOMER: _("%(amount)s per customer") % {"amount": amount},
        Unit.MONEY_PER_CUSTOMER_YEAR: _("%(amount)s per customer a year") % {"amount": amount},
        Unit.CUSTOMERS: _("%(count)s customers") % {"count": count},
        Unit.CUSTOMERS_PER_YEAR: _("%(count)s customers a year") % {"count": count},
        Unit.REFERRALS_PER_YEAR: _("%(count)s referrals a year") % {"count": count},
    }
    return texts[figure.unit]


@register.filter
def figure_value(figure: Figure, currency: str) -> str:
    return figure_text(figure, currency, get_language() or "en")


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key) if mapping else None


@register.filter
def cell_key(index: int, name: str) -> str:
    """The form name of a row's cell: row-<index>-<name>."""
    return f"row-{index}-{name}"
