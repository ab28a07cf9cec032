"""Drafts and revisions of quizzes, as for lessons (modules.authoring.models). The data is
the quiz in its content file's shape (assessments.authoring.content)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from assessments.models import Quiz


class QuizDraft(models.Model):
    """A trainer's unpublished edit of a quiz; ``version`` is the optimistic lock, as on
    modules.authoring.models.LessonDraft."""

    quiz = models.OneToOneField(
        Quiz, verbose_name=_("quiz"), on_delete=models.CASCADE, related_name="draft"
    )
    data = models.JSONField(_("content"))
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last saved by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("last saved"))

    class Meta:
        app_label = "assessments"
        verbose_name = _("quiz draft")
        verbose_name_plural = _("quiz drafts")

    def __str__(self) -> str:
        return f"{self.quiz_id} v{self.version}"


class QuizRevision(models.Model):
    quiz = models.ForeignKey(
        Quiz, verbose_name=_("quiz"), on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField(_("revision"))
    data = models.JSONField(_("content"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published"))

    class Meta:
        app_label = "assessments"
        ordering = ["quiz_id", "-number"]
        verbose_name = _("quiz revision")
        verbose_name_plural = _("quiz revisions")
        constraints = [
            models.UniqueConstraint(fields=["quiz", "number"], name="quiz_revision_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.quiz_id} r{self.number}"
