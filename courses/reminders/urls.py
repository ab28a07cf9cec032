from django.urls import path

from courses.views import reminders

app_name = "reminders"

urlpatterns = [
    path("continue/<slug:course_slug>/", reminders.continue_course, name="continue"),
    path("unsubscribe/<str:token>/", reminders.unsubscribe, name="unsubscribe"),
]
