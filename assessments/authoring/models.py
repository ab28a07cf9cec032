"""Drafts and revisions of quizzes, as for lessons (modules.authoring.models). The data is
the quiz in its content file's shape (assessments.authoring.content)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from assessments.models import Quiz
from modules.authoring.models import Draft, Revision


class QuizDraft(Draft):
    """A trainer's unpublished edit of a quiz; ``version`` is the optimistic lock, as on
    modules.authoring.models.Draft."""

    quiz = models.OneToOneField(
        Quiz, verbose_name=_("quiz"), on_delete=models.CASCADE, related_name="draft"
    )

    class Meta:
        app_label = "assessments"
        verbose_name = _("quiz draft")
        verbose_name_plural = _("quiz drafts")

    def __str__(self) -> str:
        return f"{self.quiz_id} v{self.version}"


class QuizRevision(Revision):
    quiz = models.ForeignKey(
        Quiz, verbose_name=_("quiz"), on_delete=models.CASCADE, related_name="revisions"
    )

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
