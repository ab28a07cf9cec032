"""The lesson editor's form: one HTML form holding the lesson's fields and its blocks,
each text once per language, read into content data (modules.authoring.content).

Adding, moving and removing blocks are buttons of the same form (``action``): they
change the form's content and show it again without saving, so the trainer saves once
with "Save draft" when the lesson looks right.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.http import QueryDict

from modules.authoring.content import LessonData
from modules.content_files import LANGUAGES
from modules.models import Block

MAX_FORM_BLOCKS = 200


@dataclass(frozen=True)
class EditorAction:
    name: str  # save, add, up, down, delete, publish
    index: int = 0  # 1-based block number for up, down and delete


def _texts(post: Mapping[str, Any], name: str) -> dict[str, str]:
    return {language: str(post.get(f"{name}_{language}", "")).strip() for language in LANGUAGES}


def lesson_data_from_post(post: QueryDict) -> LessonData:
    try:
        count = min(int(post.get("block-count", "0")), MAX_FORM_BLOCKS)
    except ValueError:
        count = 0
    try:
        minutes = int(post.get("minutes", "0"))
    except ValueError:
        minutes = 0
    blocks = []
    for number in range(1, count + 1):
        prefix = f"block-{number}-"
        blocks.append(
            {
                "kind": post.get(f"{prefix}kind", Block.Kind.TEXT),
                "style": post.get(f"{prefix}style", ""),
                "exercise": post.get(f"{prefix}exercise", ""),
                "url": post.get(f"{prefix}url", "").strip(),
                "body": _texts(post, f"{prefix}body"),
                "alt_text": _texts(post, f"{prefix}alt_text"),
            }
        )
    return {
        "title": _texts(post, "title"),
        "summary": _texts(post, "summary"),
        "minutes": minutes,
        "blocks": blocks,
    }


def parse_action(post: QueryDict) -> EditorAction:
    name, _sep, index = str(post.get("action", "save")).partition(":")
    if name not in {"save", "add", "up", "down", "delete"}:
        return EditorAction("save")
    try:
        return EditorAction(name, int(index or 0))
    except ValueError:
        return EditorAction("save")


def apply_action(data: LessonData, action: EditorAction, *, new_kind: str) -> LessonData:
    """The content after an add, move or remove (a copy; ``data`` is left alone)."""
    blocks = list(data["blocks"])
    index = action.index - 1
    if action.name == "add" and new_kind in Block.Kind.values:
        blocks.append(
            {
                "kind": new_kind,
                "style": "info" if new_kind == Block.Kind.CALLOUT else "",
                "exercise": "",
                "url": "",
                "body": dict.fromkeys(LANGUAGES, ""),
                "alt_text": dict.fromkeys(LANGUAGES, ""),
            }
        )
    elif action.name == "up" and 0 < index < len(blocks):
        blocks[index - 1], blocks[index] = blocks[index], blocks[index - 1]
    elif action.name == "down" and 0 <= index < len(blocks) - 1:
        blocks[index + 1], blocks[index] = blocks[index], blocks[index + 1]
    elif action.name == "delete" and 0 <= index < len(blocks):
        del blocks[index]
    return {**data, "blocks": blocks}
