from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from modules.models import Block, Lesson, LessonCompletion, Module


class BlockInline(TranslationStackedInline):
    model = Block
    extra = 0


@admin.register(Module)
class ModuleAdmin(TranslationAdmin):
    list_display = ["title", "slug", "is_published", "updated_at"]
    list_filter = ["is_published"]
    search_fields = ["title", "slug"]


@admin.register(Lesson)
class LessonAdmin(TranslationAdmin):
    list_display = ["title", "module", "position", "is_published", "updated_at"]
    list_filter = ["module", "is_published"]
    list_select_related = ["module"]
    search_fields = ["title", "slug"]
    inlines = [BlockInline]


@admin.register(LessonCompletion)
class LessonCompletionAdmin(admin.ModelAdmin[LessonCompletion]):
    list_display = ["learner", "lesson", "completed_at"]
    list_select_related = ["learner", "lesson"]
    raw_id_fields = ["learner", "lesson"]
