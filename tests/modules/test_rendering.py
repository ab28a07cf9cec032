"""Author Markdown and HTML render to inert, well-formed HTML."""

import re

import pytest

from modules.rendering import is_allowed_video_url, render_markdown

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example.com/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "[x](javascript:alert(1))",
    "[x](vbscript:msgbox(1))",
    '<iframe src="https://evil.example.com"></iframe>',
    '<object data="evil.swf"></object>',
    '<embed src="evil.swf">',
    '<form action="https://evil.example.com"><input name=x></form>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    "<style>body{display:none}</style>",
    '<body onload="alert(1)">',
    '<div onclick="alert(1)">x</div>',
    '<details open ontoggle="alert(1)">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<meta http-equiv="refresh" content="0;url=https://evil.example.com">',
    '<link rel="stylesheet" href="https://evil.example.com/x.css">',
    '<base href="https://evil.example.com/">',
    '<a href="#" onmouseover="alert(1)">x</a>',
    "<!--<script>alert(1)</script>-->",
    '<img src="x" srcset="javascript:alert(1)">',
    '<video><source onerror="alert(1)"></video>',
    '"><script>alert(1)</script>',
    "<scr<script>ipt>alert(1)</script>",
]
FORBIDDEN = [
    *[
        "<script",
        "<iframe",
        "<object",
        "<embed",
        "<form",
        "<style",
        "<meta",
        "<link",
        "<base",
        "<svg",
    ],
    *["onerror", "onload", "onclick", "ontoggle", "onmouseover", "style="],
    *["javascript:", "vbscript:", "data:text"],
]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payloads_render_inert(payload: str) -> None:
    html = render_markdown(f"Before\n\n{payload}\n\nAfter").lower()
    # Escaped text ("&lt;script&gt;", a link shown as plain text) is harmless: look only
    # at what the browser would treat as markup.
    markup = " ".join(re.findall(r"<[^>]*>", html))
    for needle in FORBIDDEN:
        assert needle not in markup, f"{needle!r} survived in {html!r}"
    assert "before" in html  # an unclosed <style> may swallow the rest, which is safe


def test_ordinary_markdown_keeps_its_structure() -> None:
    html = render_markdown(
        "## Worth\n\n**Loyal** customers *stay*.\n\n"
        "| Segment | Share |\n|---|---|\n| Ambassadors | 20% |\n\n"
        "[Read more](https://example.com/x)"
    )
    assert "<h2>Worth</h2>" in html
    assert "<strong>Loyal</strong>" in html
    assert "<td>Ambassadors</td>" in html
    assert '<a href="https://example.com/x" rel="noopener noreferrer">Read more</a>' in html


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://www.youtube-nocookie.com/embed/abc", True),
        ("https://player.vimeo.com/video/1", True),
        ("http://player.vimeo.com/video/1", False),
        ("https://evil.example.com/embed", False),
        ("https://player.vimeo.com.evil.example.com/video/1", False),
        ("javascript:alert(1)", False),
        ("", False),
    ],
)
def test_only_allow_listed_https_video_hosts_are_embedded(url: str, allowed: bool) -> None:
    assert is_allowed_video_url(url) is allowed
