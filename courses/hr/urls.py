from django.urls import path

from courses.hr import views

app_name = "hr"

urlpatterns = [
    path("", views.cohort_list, name="cohorts"),
    path("cohorts/new/", views.cohort_create, name="cohort_create"),
    path("cohorts/<int:cohort_id>/", views.cohort_detail, name="cohort"),
    path("cohorts/<int:cohort_id>/edit/", views.cohort_edit, name="cohort_edit"),
    path("cohorts/<int:cohort_id>/learners/add/", views.add_learner, name="add_learner"),
]
