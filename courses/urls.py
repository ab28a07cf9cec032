from django.urls import path

from courses.views import certificates, lessons, quizzes

app_name = "courses"

# Quiz, attempt and certificate routes come before the lesson routes, whose module and
# lesson slugs would otherwise match them.
urlpatterns = [
    path("", lessons.dashboard, name="dashboard"),
    path("<slug:course_slug>/", lessons.course_detail, name="detail"),
    path("<slug:course_slug>/certificate/", certificates.download, name="certificate"),
    path("<slug:course_slug>/quizzes/<int:quiz_id>/", quizzes.quiz_detail, name="quiz"),
    path("<slug:course_slug>/quizzes/<int:quiz_id>/start/", quizzes.start, name="start_attempt"),
    path(
        "<slug:course_slug>/attempts/<int:attempt_id>/",
        quizzes.attempt_detail,
        name="attempt",
    ),
    path(
        "<slug:course_slug>/attempts/<int:attempt_id>/save/",
        quizzes.save,
        name="save_attempt",
    ),
    path(
        "<slug:course_slug>/attempts/<int:attempt_id>/submit/",
        quizzes.submit,
        name="submit_attempt",
    ),
    path(
        "<slug:course_slug>/<slug:module_slug>/<slug:lesson_slug>/",
        lessons.lesson_detail,
        name="lesson",
    ),
    path(
        "<slug:course_slug>/<slug:module_slug>/<slug:lesson_slug>/complete/",
        lessons.complete_lesson,
        name="complete_lesson",
    ),
]
