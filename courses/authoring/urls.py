from django.urls import path

from courses.authoring import views

app_name = "authoring"

urlpatterns = [
    path("", views.overview, name="overview"),
]
