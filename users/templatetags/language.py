"""The language switch in the page header: a tag, since every page renders it and an
included template costs several times as much."""

from django import template
from django.conf import settings
from django.middleware.csrf import get_token
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag(takes_context=True)
def language_switch(context: template.Context) -> SafeString:
    """One POST form with a button per language; the current one is marked pressed."""
    request = context["request"]
    current = get_language()
    buttons = format_html_join(
        "",
        '<button type="submit" name="language" value="{}" lang="{}" '
        'class="button button--quiet" aria-pressed="{}">{}</button>',
        (
            (code, code, "true" if code == current else "false", info["name_local"].capitalize())
            for code, info in (
                (code, get_language_info(code)) for code, _name in settings.LANGUAGES
            )
        ),
    )
    return format_html(
        '<form method="post" action="{}" class="language-switch">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
        '<input type="hidden" name="next" value="{}">'
        '<span class="visually-hidden">{}</span>{}</form>',
        context["site_urls"]["set_language"],
        get_token(request),
        request.get_full_path(),
        _("Language"),
        buttons,
    )
