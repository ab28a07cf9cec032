from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModulesConfig(AppConfig):
    name = "modules"
    verbose_name = _("Modules and lessons")

    def import_models(self) -> None:
        super().import_models()
        # The authoring models (drafts, revisions) live beside the authoring code; importing
        # them here, while the app's models load, registers them like those of models.py.
        from modules.authoring import models  # noqa: F401
