from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Quizzes and attempts")

    def import_models(self) -> None:
        super().import_models()
        # Quiz drafts and revisions live beside the authoring code (see modules.apps).
        from assessments.authoring import models  # noqa: F401
