"""Template filters for showing lesson content."""

from django import template
from django.utils.safestring import SafeString

from modules.rendering import is_allowed_video_url, render_markdown

register = template.Library()


@register.filter
def markdown(text: str | None) -> SafeString:
    """Markdown to sanitised HTML (see modules.rendering)."""
    return render_markdown(text or "")


@register.filter
def is_allowed_video(url: str) -> bool:
    return is_allowed_video_url(url)
