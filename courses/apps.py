from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses and cohorts")

    def ready(self) -> None:
        from users.signals import invitation_accepted

        invitation_accepted.connect(_invitation_accepted, dispatch_uid="courses-report-cache")


def _invitation_accepted(*, user: Any, **_kwargs: Any) -> None:
    """The cohort tables flag invitations not yet accepted: retire the cached ones."""
    from courses.report_cache import touch_learner_cohorts

    touch_learner_cohorts(user.pk)
