from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from config.views import healthz
from courses.views.certificates import verify as verify_certificate
from courses.views.lessons import home
from courses.views.team import team

# The Django admin signs in through allauth, so its rate limits and checks apply there too.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("", home, name="home"),
    path("healthz/", healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("me/", include("users.urls")),
    path("learn/", include("courses.urls")),
    path("hr/", include("courses.hr.urls")),
    path("author/", include("courses.authoring.urls")),
    path("team/", team, name="team"),
    path("reminders/", include("courses.reminders.urls")),
    path("certificates/verify/", verify_certificate, name="verify_certificate"),
    path("admin/", admin.site.urls),
]

# Uploaded images under `make run` (DEBUG only: static() adds nothing otherwise). In
# production the storage backend serves them (or a proxy in front of MEDIA_ROOT).
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
