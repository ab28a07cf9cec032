"""The progress bar, a tag rather than an included template: it appears once per module
on the course page, and a tag renders it at a fraction of an include's cost."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import ngettext

register = template.Library()


@register.simple_tag
def progress_bar(done: int, total: int, label_id: str) -> SafeString:
    """A labelled <progress> element: "3 of 12 lessons done"."""
    label = ngettext(
        "%(done)s of %(total)s lesson done", "%(done)s of %(total)s lessons done", total
    ) % {"done": done, "total": total}
    return format_html(
        '<div class="progress">'
        '<progress id="{id}" max="{max}" value="{done}">{done}/{max}</progress>'
        '<label for="{id}" class="progress__label">{label}</label></div>',
        id=label_id,
        max=total or 1,
        done=done,
        label=label,
    )
