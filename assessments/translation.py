"""Which quiz fields exist once per language (English and Danish)."""

from modeltranslation.translator import TranslationOptions, register

from assessments.models import Choice, Question, Quiz


@register(Quiz)
class QuizTranslationOptions(TranslationOptions):
    fields = ("title", "introduction")
    required_languages = ("en",)


@register(Question)
class QuestionTranslationOptions(TranslationOptions):
    fields = ("text", "explanation", "unit")
    required_languages = ("en",)


@register(Choice)
class ChoiceTranslationOptions(TranslationOptions):
    fields = ("text", "feedback")
    required_languages = ("en",)
