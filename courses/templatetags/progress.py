"""The progress bar and a quiz's status: tags rather than included templates, since they
appear once per module on the course page and a tag renders at a fraction of an
include's cost."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments.selectors import QuizStanding

register = template.Library()


@register.simple_tag
def progress_bar(done: int, total: int, label_id: str) -> SafeString:
    """A labelled <progress> element: "3 of 12 steps done" (lessons and quizzes)."""
    label = ngettext(
        "%(done)s of %(total)s step done", "%(done)s of %(total)s steps done", total
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


@register.simple_tag
def quiz_status(standing: QuizStanding) -> SafeString:
    """Where the learner stands on a quiz, in words: "Not passed yet: 2 attempts left"."""
    counted = standing.counted
    if standing.passed and counted is not None:
        return format_html(
            '<span class="status status--done">{}</span>',
            _("Passed (%(score)s%%)") % {"score": _score(counted.score)},
        )
    if standing.open_attempt is not None:
        return format_html('<span class="status status--active">{}</span>', _("In progress"))
    if standing.is_locked_out:
        return format_html(
            '<span class="status status--warn">{}</span>', _("Not passed: no attempts left")
        )
    if not standing.attempts:
        return format_html('<span class="status">{}</span>', _("Not started"))
    left = standing.attempts_left
    if left is None:
        text = _("Quiz not passed yet")
    else:
        text = ngettext(
            "Quiz not passed yet: %(left)s attempt left",
            "Quiz not passed yet: %(left)s attempts left",
            left,
        ) % {"left": left}
    return format_html('<span class="status status--warn">{}</span>', text)


def _score(value: Decimal | None) -> str:
    return number_format((value or Decimal(0)).normalize(), use_l10n=True)
