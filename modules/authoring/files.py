"""A module as learners see it, in the shape of its content files (modules.content_files),
for export; and a lesson from those files as editor content data, for import.

The file format holds a language of a lesson only as a whole file whose title, summary,
text and callout bodies and image descriptions are all given, and it cannot tell two
text blocks in a row from one. So a lesson whose Danish is incomplete is written in
English only, and text blocks in a row are written as one (the import's preview then
lists the lesson as changed). Pure: reads instances already loaded, never queries.
"""

from collections.abc import Iterable

from modules.authoring.content import LessonData
from modules.content_files import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    BlockSpec,
    LessonSpec,
    ModuleSpec,
    translations_of,
)
from modules.models import Block, Lesson, Module


def _complete(lesson: Lesson, blocks: list[Block], language: str) -> bool:
    """Whether every text the file format needs in ``language`` is there."""
    if not getattr(lesson, f"title_{language}") or not getattr(lesson, f"summary_{language}"):
        return False
    for block in blocks:
        if block.kind in (Block.Kind.TEXT, Block.Kind.CALLOUT) and not getattr(
            block, f"body_{language}"
        ):
            return False
        if block.kind == Block.Kind.IMAGE and not getattr(block, f"alt_text_{language}"):
            return False
    return True


def _merged(blocks: Iterable[BlockSpec]) -> tuple[BlockSpec, ...]:
    found: list[BlockSpec] = []
    for block in blocks:
        if found and block.kind == found[-1].kind == Block.Kind.TEXT:
            previous = found.pop()
            block = BlockSpec(
                kind=Block.Kind.TEXT,
                body={
                    language: f"{previous.body[language]}\n\n{block.body[language]}".strip()
                    for language in block.body
                },
                alt_text=block.alt_text,
            )
        found.append(block)
    return tuple(found)


def lesson_spec(lesson: Lesson) -> LessonSpec:
    """The live lesson as its files would give it; expects ``blocks`` prefetched."""
    blocks = sorted(lesson.blocks.all(), key=lambda block: (block.position, block.pk))
    languages = [DEFAULT_LANGUAGE] + [
        language
        for language in LANGUAGES
        if language != DEFAULT_LANGUAGE and _complete(lesson, blocks, language)
    ]

    def texts(obj: object, name: str) -> dict[str, str]:
        values = translations_of(obj, name)
        return {language: values[language].strip() for language in languages}

    return LessonSpec(
        slug=lesson.slug,
        position=lesson.position,
        title=texts(lesson, "title"),
        summary=texts(lesson, "summary"),
        minutes=lesson.minutes,
        published=lesson.is_published,
        blocks=_merged(
            BlockSpec(
                kind=block.kind,
                style=block.style,
                body=texts(block, "body"),
                url=block.url,
                alt_text=texts(block, "alt_text"),
                exercise=block.exercise,
            )
            for block in blocks
        ),
    )


def module_spec(module: Module, *, position: int) -> ModuleSpec:
    """The live module with every lesson (published or not); expects ``lessons`` and
    their ``blocks`` prefetched. ``position`` numbers the module's folder."""
    languages = [DEFAULT_LANGUAGE] + [
        language
        for language in LANGUAGES
        if language != DEFAULT_LANGUAGE
        and getattr(module, f"title_{language}")
        and getattr(module, f"summary_{language}")
    ]

    def texts(name: str) -> dict[str, str]:
        values = translations_of(module, name)
        return {language: values[language].strip() for language in languages}

    lessons = sorted(module.lessons.all(), key=lambda lesson: (lesson.position, lesson.pk))
    return ModuleSpec(
        slug=module.slug,
        position=position,
        title=texts("title"),
        summary=texts("summary"),
        introduction=texts("introduction"),
        published=module.is_published,
        lessons=tuple(lesson_spec(lesson) for lesson in lessons),
    )


def lesson_data_of_spec(spec: LessonSpec) -> LessonData:
    """A lesson read from its files as the editor's content data (a draft's shape)."""
    return {
        "title": dict(spec.title),
        "summary": dict(spec.summary),
        "minutes": spec.minutes,
        "blocks": [
            {
                "kind": block.kind,
                "style": block.style,
                "exercise": block.exercise,
                "url": block.url,
                "body": dict(block.body),
                "alt_text": dict(block.alt_text),
            }
            for block in spec.blocks
        ],
    }
