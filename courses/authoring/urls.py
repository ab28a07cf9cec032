from django.urls import path

from courses.authoring.views import lessons, module_files, overview, quizzes

app_name = "authoring"

urlpatterns = [
    path("", overview.overview, name="overview"),
    path("lessons/<int:lesson_id>/", lessons.lesson_edit, name="lesson_edit"),
    path(
        "lessons/<int:lesson_id>/live-preview/",
        lessons.lesson_preview_fragment,
        name="lesson_live_preview",
    ),
    path("lessons/<int:lesson_id>/preview/", lessons.lesson_preview, name="lesson_preview"),
    path("lessons/<int:lesson_id>/publish/", lessons.lesson_publish, name="lesson_publish"),
    path("lessons/<int:lesson_id>/discard/", lessons.lesson_discard, name="lesson_discard"),
    path(
        "lessons/<int:lesson_id>/revisions/<int:number>/",
        lessons.lesson_revision,
        name="lesson_revision",
    ),
    path(
        "lessons/<int:lesson_id>/revisions/<int:number>/restore/",
        lessons.lesson_restore,
        name="lesson_restore",
    ),
    path("modules/<int:module_id>/export/", module_files.module_export, name="module_export"),
    path("modules/<int:module_id>/import/", module_files.module_import, name="module_import"),
    path(
        "modules/<int:module_id>/import/confirm/",
        module_files.module_import_confirm,
        name="module_import_confirm",
    ),
    path("quizzes/<int:quiz_id>/", quizzes.quiz_edit, name="quiz_edit"),
    path("quizzes/<int:quiz_id>/publish/", quizzes.quiz_publish, name="quiz_publish"),
    path("quizzes/<int:quiz_id>/discard/", quizzes.quiz_discard, name="quiz_discard"),
    path("quizzes/<int:quiz_id>/preview/", quizzes.quiz_preview, name="quiz_preview"),
    path("quizzes/<int:quiz_id>/statistics/", quizzes.quiz_statistics, name="quiz_statistics"),
    path(
        "quizzes/<int:quiz_id>/revisions/<int:number>/",
        quizzes.quiz_revision,
        name="quiz_revision",
    ),
    path(
        "quizzes/<int:quiz_id>/revisions/<int:number>/restore/",
        quizzes.quiz_restore,
        name="quiz_restore",
    ),
]
