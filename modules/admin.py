from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from modules.models import Block, ExerciseSettings, Lesson, LessonCompletion, Module
from modules.services import bump_content_version


class BumpsContentVersionAdmin(TranslationAdmin):
    """Content edited in the admin reaches learners at once: every save bumps the
    content version that the pages' content caches are keyed by."""

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        super().save_model(request, obj, form, change)
        bump_content_version()

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        super().delete_model(request, obj)
        bump_content_version()

    def save_related(
        self, request: HttpRequest, form: ModelForm, formsets: Any, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        bump_content_version()


class BlockInline(TranslationStackedInline):
    model = Block
    extra = 0


@admin.register(Module)
class ModuleAdmin(BumpsContentVersionAdmin):
    list_display = ["title", "slug", "is_published", "updated_at"]
    list_filter = ["is_published"]
    search_fields = ["title", "slug"]


@admin.register(Lesson)
class LessonAdmin(BumpsContentVersionAdmin):
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


@admin.register(ExerciseSettings)
class ExerciseSettingsAdmin(admin.ModelAdmin[ExerciseSettings]):
    """Where a superuser sets an organisation's currency for the exercises (DKK without)."""

    list_display = ["organisation", "currency"]
    list_select_related = ["organisation"]
    raw_id_fields = ["organisation"]
