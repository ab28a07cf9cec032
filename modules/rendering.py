"""Markdown to safe HTML: the one renderer for lessons, previews and imports.

markdown-it-py turns Markdown (raw HTML allowed, as trainers expect) into HTML, and nh3
then keeps only an allow-list of tags, attributes and URL schemes. Anything else,
``<script>``, ``on*`` handlers, ``style``, ``javascript:`` links, is removed, so the
result is inert whatever the author wrote.
"""

from functools import lru_cache
from urllib.parse import urlsplit

import nh3
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_markdown = MarkdownIt("commonmark", {"html": True, "typographer": True}).enable(
    ["table", "strikethrough", "replacements", "smartquotes"]
)

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "code", "del", "em", "h2", "h3",
        "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "s", "strong", "sub", "sup",
        "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "ol": {"start"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})


def sanitise_html(html: str) -> str:
    """Reduce author HTML to the allow-list; links get rel=noopener noreferrer."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


@lru_cache(maxsize=4096)
def render_markdown(text: str) -> SafeString:
    """Render Markdown to sanitised HTML.

    Cached per process: the same lesson text is shown to every learner, and rendering
    costs more than the rest of the page.
    """
    return mark_safe(sanitise_html(_markdown.render(text)))  # noqa: S308 - sanitised above


def is_allowed_video_url(url: str) -> bool:
    """Only HTTPS players on the configured allow-list may be embedded."""
    parts = urlsplit(url)
    return parts.scheme == "https" and parts.hostname in settings.VIDEO_EMBED_HOSTS
