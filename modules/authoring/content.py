"""A lesson's authored content as plain data: the shape drafts and revisions store.

::

    {"title": {"en": ..., "da": ...}, "summary": {...}, "minutes": 8,
     "blocks": [{"kind": "text", "style": "", "exercise": "", "url": "",
                 "body": {"en": ..., "da": ...}, "alt_text": {"en": ..., "da": ...}}]}

Pure functions: they read model instances already loaded (blocks prefetched) and never
query.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _

from modules.content_files import DEFAULT_LANGUAGE, LANGUAGES, translations_of
from modules.models import Block, Lesson

LessonData = dict[str, Any]
BLOCK_TEXT_FIELDS = ("body", "alt_text")
SECOND_LANGUAGES = tuple(language for language in LANGUAGES if language != DEFAULT_LANGUAGE)


def block_data(block: Block) -> dict[str, Any]:
    return {
        "kind": block.kind,
        "style": block.style,
        "exercise": getattr(block, "exercise", "") or "",
        "url": block.url,
        "body": translations_of(block, "body"),
        "alt_text": translations_of(block, "alt_text"),
    }


def lesson_data(lesson: Lesson, blocks: Iterable[Block]) -> LessonData:
    """The live lesson as data; ``blocks`` in any order (sorted here by position)."""
    ordered = sorted(blocks, key=lambda block: (block.position, block.pk))
    return {
        "title": translations_of(lesson, "title"),
        "summary": translations_of(lesson, "summary"),
        "minutes": lesson.minutes,
        "blocks": [block_data(block) for block in ordered],
    }


def live_lesson_data(lesson: Lesson) -> LessonData:
    """Expects ``blocks`` prefetched, or costs one query."""
    return lesson_data(lesson, lesson.blocks.all())


def _texts(value: Mapping[str, Any] | None) -> dict[str, str]:
    value = value or {}
    return {language: str(value.get(language) or "").strip() for language in LANGUAGES}


def normalised(data: Mapping[str, Any]) -> LessonData:
    """The same content with every language present and whitespace trimmed, so that two
    copies compare equal exactly when a learner would see the same lesson."""
    return {
        "title": _texts(data.get("title")),
        "summary": _texts(data.get("summary")),
        "minutes": int(data.get("minutes") or 0),
        "blocks": [
            {
                "kind": block.get("kind", "text"),
                "style": block.get("style", "") or "",
                "exercise": block.get("exercise", "") or "",
                "url": (block.get("url", "") or "").strip(),
                "body": _texts(block.get("body")),
                "alt_text": _texts(block.get("alt_text")),
            }
            for block in data.get("blocks", [])
        ],
    }


def same_content(first: Mapping[str, Any], second: Mapping[str, Any]) -> bool:
    return normalised(first) == normalised(second)


def missing_translations(data: Mapping[str, Any]) -> list[str]:
    """Which texts have English but no Danish: "title", "block 2: text", ..."""
    data = normalised(data)
    missing: list[str] = []

    def check(label: str, values: Mapping[str, str]) -> None:
        if values[DEFAULT_LANGUAGE] and any(not values[lang] for lang in SECOND_LANGUAGES):
            missing.append(label)

    check(_("title"), data["title"])
    check(_("summary"), data["summary"])
    for number, block in enumerate(data["blocks"], start=1):
        check(_("block %(number)s: text") % {"number": number}, block["body"])
        if block["kind"] == Block.Kind.IMAGE:
            check(_("block %(number)s: image description") % {"number": number}, block["alt_text"])
    return missing
