"""Which course fields exist once per language (English and Danish)."""

from modeltranslation.translator import TranslationOptions, register

from courses.models import Course


@register(Course)
class CourseTranslationOptions(TranslationOptions):
    fields = ("title", "summary")
    required_languages = ("en",)
