"""What the lesson editor's template shows: each text as an English and Danish pair with
its errors and whether the Danish is missing. Built from content data, no queries."""

from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from modules.authoring.content import LessonData, normalised
from modules.authoring.validation import Errors
from modules.content_files import DEFAULT_LANGUAGE, LANGUAGES, set_translations
from modules.models import Block

LANGUAGE_NAMES = {"en": "English", "da": "Dansk"}


@dataclass(frozen=True)
class Text:
    language: str
    language_name: str
    name: str
    value: str
    errors: list[str]


@dataclass(frozen=True)
class TextPair:
    """One text in both languages, shown side by side."""

    name: str
    label: str | Promise
    texts: list[Text]
    multiline: bool
    missing: bool  # English given, another language empty


@dataclass(frozen=True)
class BlockRow:
    number: int
    kind: str
    kind_label: str
    style: str
    exercise: str
    url: str
    pairs: list[TextPair]
    errors: dict[str, list[str]] = field(default_factory=dict)
    is_first: bool = False
    is_last: bool = False

    @property
    def prefix(self) -> str:
        return f"block-{self.number}-"


def _pair(
    name: str, label: str | Promise, values: dict[str, str], errors: Errors, *, multiline: bool
) -> TextPair:
    return TextPair(
        name=name,
        label=label,
        texts=[
            Text(
                language,
                LANGUAGE_NAMES.get(language, language),
                f"{name}_{language}",
                values.get(language, ""),
                errors.get(f"{name}_{language}", []),
            )
            for language in LANGUAGES
        ],
        multiline=multiline,
        missing=bool(values.get(DEFAULT_LANGUAGE))
        and any(not values.get(language) for language in LANGUAGES),
    )


def editor_rows(data: LessonData, errors: Errors) -> dict[str, Any]:
    content = normalised(data)
    kinds = dict(Block.Kind.choices)
    blocks = []
    total = len(content["blocks"])
    for number, block in enumerate(content["blocks"], start=1):
        prefix = f"block-{number}-"
        pairs = []
        if block["kind"] in (Block.Kind.IMAGE, Block.Kind.VIDEO):
            pairs.append(
                _pair(
                    f"{prefix}body", _("Caption (Markdown)"), block["body"], errors, multiline=True
                )
            )
        elif block["kind"] == Block.Kind.EXERCISE:
            pairs.append(
                _pair(
                    f"{prefix}body",
                    _("Introduction (Markdown)"),
                    block["body"],
                    errors,
                    multiline=True,
                )
            )
        else:
            pairs.append(
                _pair(f"{prefix}body", _("Text (Markdown)"), block["body"], errors, multiline=True)
            )
        if block["kind"] == Block.Kind.IMAGE:
            pairs.append(
                _pair(
                    f"{prefix}alt_text",
                    _("Image description"),
                    block["alt_text"],
                    errors,
                    multiline=False,
                )
            )
        blocks.append(
            BlockRow(
                number=number,
                kind=block["kind"],
                kind_label=str(kinds.get(block["kind"], block["kind"])),
                style=block["style"],
                exercise=block["exercise"],
                url=block["url"],
                pairs=pairs,
                errors={
                    key.removeprefix(prefix): value
                    for key, value in errors.items()
                    if key.startswith(prefix)
                },
                is_first=number == 1,
                is_last=number == total,
            )
        )
    return {
        "title": _pair("title", _("Title"), content["title"], errors, multiline=False),
        "summary": _pair("summary", _("Summary"), content["summary"], errors, multiline=False),
        "minutes": content["minutes"],
        "minutes_errors": errors.get("minutes", []),
        "blocks": blocks,
        "block_errors": errors.get("blocks", []),
        "block_count": total,
        "kinds": Block.Kind.choices,
        "styles": Block.Style.choices,
        "exercises": Block.Exercise.choices,
    }


def preview_blocks(data: LessonData) -> list[Block]:
    """Unsaved Block instances for the learner's block template (modules/block.html)."""
    blocks = []
    for position, spec in enumerate(normalised(data)["blocks"], start=1):
        block = Block(
            position=position,
            kind=spec["kind"],
            style=spec["style"],
            url=spec["url"],
            exercise=spec["exercise"],
        )
        set_translations(block, "body", spec["body"])
        set_translations(block, "alt_text", spec["alt_text"])
        blocks.append(block)
    return blocks


def in_active_language(texts: dict[str, str]) -> str:
    """The text in the page's language, falling back to English like the live fields."""
    return texts.get(get_language() or DEFAULT_LANGUAGE) or texts.get(DEFAULT_LANGUAGE, "")
