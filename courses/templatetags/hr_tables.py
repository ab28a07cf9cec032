"""Sortable column headers and page links for the HR tables, keeping the filters."""

from django import template
from django.http import QueryDict
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


def _query(request_get: QueryDict, **changes: str) -> str:
    query = request_get.copy()
    for key, value in changes.items():
        if value:
            query[key] = value
        else:
            query.pop(key, None)
    return query.urlencode()


@register.simple_tag(takes_context=True)
def sort_header(context: template.Context, key: str, label: str) -> SafeString:
    """A column header that sorts by ``key``; a second click reverses the order. The
    current sort is announced with aria-sort."""
    request = context["request"]
    current = context.get("sort") == key
    descending = bool(context.get("descending"))
    order = "asc" if current and descending else ("desc" if current else "")
    link = "?" + _query(request.GET, sort=key, order=order, page="")
    if current:
        return format_html(
            '<th scope="col" aria-sort="{}"><a href="{}">{} <span aria-hidden="true">{}</span>'
            "</a></th>",
            "descending" if descending else "ascending",
            link,
            label,
            "▼" if descending else "▲",
        )
    return format_html('<th scope="col"><a href="{}">{}</a></th>', link, label)


@register.simple_tag(takes_context=True)
def page_link(context: template.Context, number: int) -> str:
    return "?" + _query(context["request"].GET, page=str(number))
