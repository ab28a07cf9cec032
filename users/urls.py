from django.urls import path

from users import views

app_name = "users"

urlpatterns = [
    path("language/", views.set_language, name="set_language"),
]
