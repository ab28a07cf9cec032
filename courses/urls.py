from django.urls import path

from courses.views import certificates, check_ins, exercises, lessons, quizzes

app_name = "courses"

# Quiz, attempt and certificate routes come before the lesson routes, whose module and
# lesson slugs would otherwise match them.
urlpatterns = [
    path("", lessons.dashboard, name="dashboard"),
    # A plan someone shared with their line manager or HR: read-only, 404 for anyone else.
    path("shared-plans/<int:plan_id>/", exercises.shared_plan, name="shared_plan"),
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
        "<slug:course_slug>/exercises/<int:block_id>/", exercises.exercise_detail, name="exercise"
    ),
    path(
        "<slug:course_slug>/exercises/<int:block_id>/save/",
        exercises.save_exercise,
        name="save_exercise",
    ),
    path(
        "<slug:course_slug>/answers/<int:answer_id>/add-to-plan/<slug:key>/",
        exercises.add_to_plan,
        name="add_to_plan",
    ),
    path("<slug:course_slug>/plan/", exercises.plan, name="plan"),
    path("<slug:course_slug>/plan/add/", exercises.plan_add, name="plan_add"),
    path("<slug:course_slug>/plan/sharing/", exercises.plan_sharing, name="plan_sharing"),
    path("<slug:course_slug>/plan/check-in/<int:day>/", check_ins.check_in, name="check_in"),
    path(
        "<slug:course_slug>/plan/commitments/<int:commitment_id>/",
        exercises.commitment_edit,
        name="commitment",
    ),
    path(
        "<slug:course_slug>/plan/commitments/<int:commitment_id>/delete/",
        exercises.commitment_delete,
        name="commitment_delete",
    ),
    path(
        "<slug:course_slug>/reviews/<int:review_id>/done/",
        lessons.mark_reviewed,
        name="mark_reviewed",
    ),
    path("<slug:course_slug>/summary/", exercises.summary, name="summary"),
    path("<slug:course_slug>/summary/pdf/", exercises.summary_pdf, name="summary_pdf"),
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
