"""Checks on a lesson's content as data, shared by the editor, imports and publishing.

Returns problems as {field: [messages]}, with fields named like the editor's inputs
(``title_en``, ``block-2-url``), so the editor shows each message at its field.
"""

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from modules.authoring.content import normalised
from modules.content_files import CALLOUT_STYLES, DEFAULT_LANGUAGE, MAX_SUMMARY, MAX_TITLE
from modules.models import Block
from modules.rendering import is_allowed_video_url

Errors = dict[str, list[str]]
IMAGE_PREFIXES = ("/static/", "/media/", "https://")
MAX_BLOCKS = 200


def validate_lesson_data(data: Mapping[str, Any]) -> Errors:
    content = normalised(data)
    errors: Errors = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not content["title"][DEFAULT_LANGUAGE]:
        add(f"title_{DEFAULT_LANGUAGE}", _("A lesson needs a title in English."))
    for language, text in content["title"].items():
        if len(text) > MAX_TITLE:
            add(f"title_{language}", _("At most %(count)s characters.") % {"count": MAX_TITLE})
    for language, text in content["summary"].items():
        if len(text) > MAX_SUMMARY:
            add(f"summary_{language}", _("At most %(count)s characters.") % {"count": MAX_SUMMARY})
    if not 1 <= content["minutes"] <= 240:
        add("minutes", _("A whole number of minutes from 1 to 240."))
    if not content["blocks"]:
        add("blocks", _("A lesson needs at least one block."))
    if len(content["blocks"]) > MAX_BLOCKS:
        add("blocks", _("At most %(count)s blocks.") % {"count": MAX_BLOCKS})
    for number, block in enumerate(content["blocks"], start=1):
        prefix = f"block-{number}-"
        kind = block["kind"]
        if kind not in Block.Kind.values:
            add(f"{prefix}kind", _("Choose a kind of block."))
            continue
        if kind in (Block.Kind.TEXT, Block.Kind.CALLOUT) and not block["body"][DEFAULT_LANGUAGE]:
            add(f"{prefix}body_{DEFAULT_LANGUAGE}", _("Write the text in English."))
        if kind == Block.Kind.CALLOUT and block["style"] not in CALLOUT_STYLES:
            add(f"{prefix}style", _("Choose the callout's style."))
        if kind == Block.Kind.IMAGE:
            if not block["url"].startswith(IMAGE_PREFIXES):
                add(
                    f"{prefix}url", _("Upload an image, or give an address starting with https://.")
                )
            if not block["alt_text"][DEFAULT_LANGUAGE]:
                add(
                    f"{prefix}alt_text_{DEFAULT_LANGUAGE}",
                    _("Describe the image for people who cannot see it."),
                )
        if kind == Block.Kind.VIDEO and not is_allowed_video_url(block["url"]):
            add(
                f"{prefix}url",
                _("Only https players from these hosts can be embedded: %(hosts)s.")
                % {"hosts": ", ".join(allowed_video_hosts())},
            )
        if kind == Block.Kind.EXERCISE and block["exercise"] not in Block.Exercise.values:
            add(f"{prefix}exercise", _("Choose the exercise."))
    return errors


def allowed_video_hosts() -> list[str]:
    return list(settings.VIDEO_EMBED_HOSTS)


def clean_lesson_data(data: Mapping[str, Any]) -> dict[str, Any]:
    """The content with fields that do not apply to a block's kind emptied, so the data
    meets the database's constraints (a style only on callouts, and so on)."""
    content = normalised(data)
    for block in content["blocks"]:
        kind = block["kind"]
        if kind != Block.Kind.CALLOUT:
            block["style"] = ""
        if kind != Block.Kind.EXERCISE:
            block["exercise"] = ""
        if kind not in (Block.Kind.IMAGE, Block.Kind.VIDEO):
            block["url"] = ""
        if kind != Block.Kind.IMAGE:
            block["alt_text"] = dict.fromkeys(block["alt_text"], "")
    return content
