"""Which content fields exist once per language (English and Danish)."""

from modeltranslation.translator import TranslationOptions, register

from modules.models import Block, Lesson, Module


@register(Module)
class ModuleTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "introduction")
    required_languages = ("en",)


@register(Lesson)
class LessonTranslationOptions(TranslationOptions):
    fields = ("title", "summary")
    required_languages = ("en",)


@register(Block)
class BlockTranslationOptions(TranslationOptions):
    fields = ("body", "alt_text")
