from django.urls import path

from courses.hr import reminder_views, views

app_name = "hr"

urlpatterns = [
    path("", views.cohort_list, name="cohorts"),
    path("cohorts/new/", views.cohort_create, name="cohort_create"),
    path("cohorts/<int:cohort_id>/", views.cohort_detail, name="cohort"),
    path("cohorts/<int:cohort_id>/edit/", views.cohort_edit, name="cohort_edit"),
    path("cohorts/<int:cohort_id>/charts.json", views.cohort_charts, name="cohort_charts"),
    path("cohorts/<int:cohort_id>/learners/add/", views.add_learner, name="add_learner"),
    path("cohorts/<int:cohort_id>/import/", views.import_upload, name="import_upload"),
    path(
        "cohorts/<int:cohort_id>/import/<int:import_id>/",
        views.import_preview,
        name="import_preview",
    ),
    path(
        "cohorts/<int:cohort_id>/import/<int:import_id>/confirm/",
        views.import_confirm,
        name="import_confirm",
    ),
    path("enrolment-template.csv", views.import_template, name="import_template"),
    path("reminders/", reminder_views.reminder_settings, name="reminders"),
    path(
        "cohorts/<int:cohort_id>/reminders/",
        reminder_views.cohort_reminders,
        name="cohort_reminders",
    ),
    path("cohorts/<int:cohort_id>/nudge/", reminder_views.nudge, name="nudge"),
    path(
        "cohorts/<int:cohort_id>/export.<str:file_format>",
        views.export,
        name="export",
    ),
    path(
        "cohorts/<int:cohort_id>/learners/<int:enrolment_id>/",
        views.learner_detail,
        name="learner",
    ),
    path(
        "cohorts/<int:cohort_id>/learners/<int:enrolment_id>/<slug:action>/",
        views.learner_change,
        name="learner_change",
    ),
]
