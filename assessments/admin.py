"""The Django admin for quizzes: a superuser's tool. Trainers author in the platform.

Quizzes are part of the cached course outline, so every save bumps the content version
(see modules.admin.BumpsContentVersionAdmin). Attempts are read-only records.
"""

from django.contrib import admin
from django.http import HttpRequest
from modeltranslation.admin import TranslationTabularInline

from assessments.models import Attempt, Choice, Question, Quiz
from modules.admin import BumpsContentVersionAdmin


class QuestionInline(TranslationTabularInline):
    model = Question
    fields = ["position", "key", "kind", "text", "is_active"]
    extra = 0
    show_change_link = True


class ChoiceInline(TranslationTabularInline):
    model = Choice
    fields = ["position", "text", "is_correct", "feedback", "is_active"]
    extra = 0


@admin.register(Quiz)
class QuizAdmin(BumpsContentVersionAdmin):
    list_display = ["title", "module", "lesson", "pass_mark", "max_attempts", "is_published"]
    list_filter = ["is_published", "module"]
    list_select_related = ["module", "lesson"]
    search_fields = ["title"]
    readonly_fields = ["version"]
    inlines = [QuestionInline]


@admin.register(Question)
class QuestionAdmin(BumpsContentVersionAdmin):
    list_display = ["key", "quiz", "kind", "position", "is_active"]
    list_filter = ["kind", "is_active", "quiz"]
    list_select_related = ["quiz"]
    search_fields = ["key", "text"]
    inlines = [ChoiceInline]


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin[Attempt]):
    list_display = ["quiz", "learner", "number", "started_at", "submitted_at", "score", "passed"]
    list_filter = ["passed", "quiz"]
    list_select_related = ["quiz", "learner"]
    raw_id_fields = ["learner"]
    readonly_fields = [
        "quiz",
        "learner",
        "number",
        "quiz_version",
        "started_at",
        "deadline",
        "submitted_at",
        "score",
        "passed",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
