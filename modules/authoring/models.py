"""Drafts and revisions of lessons, and the review a major change asks of learners.

These are models of the modules app (``app_label``), kept beside the authoring code and
registered when the app is ready (modules.apps).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from modules.models import Lesson


class Draft(models.Model):
    """A trainer's unpublished edit of one piece of content (a lesson here, a quiz in
    assessments.authoring.models): its content as data, shared by its trainers.

    ``version`` goes up with every save. The editor form carries the version it was
    opened at, and a save is the conditional update ``WHERE version = <that>``, so a
    second trainer saving over a change they have not seen is told instead of silently
    overwriting it (optimistic locking).
    """

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
        abstract = True


class Revision(models.Model):
    """What a publish made live: the content, who published it and when. Numbered per
    piece of content; the subclass adds the piece and the unique constraint."""

    number = models.PositiveIntegerField(_("revision"))
    data = models.JSONField(_("content"))
    # Empty for the content as it was before the first publish in the platform.
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published"))

    class Meta:
        abstract = True


class LessonDraft(Draft):
    """A lesson's draft: its translated fields and blocks as data (see
    modules.authoring.content). One per lesson."""

    lesson = models.OneToOneField(
        Lesson, verbose_name=_("lesson"), on_delete=models.CASCADE, related_name="draft"
    )

    class Meta:
        app_label = "modules"
        verbose_name = _("lesson draft")
        verbose_name_plural = _("lesson drafts")

    def __str__(self) -> str:
        return f"{self.lesson_id} v{self.version}"


class LessonRevision(Revision):
    lesson = models.ForeignKey(
        Lesson, verbose_name=_("lesson"), on_delete=models.CASCADE, related_name="revisions"
    )
    is_major = models.BooleanField(_("major change"), default=False)

    class Meta:
        app_label = "modules"
        ordering = ["lesson_id", "-number"]
        verbose_name = _("lesson revision")
        verbose_name_plural = _("lesson revisions")
        constraints = [
            models.UniqueConstraint(
                fields=["lesson", "number"], name="lesson_revision_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lesson_id} r{self.number}"


class LessonReview(models.Model):
    """A major change asks a learner who had completed the lesson to read it again.
    Their completion is kept; this only flags the lesson until they have reviewed it."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="lesson_reviews",
    )
    lesson = models.ForeignKey(
        Lesson, verbose_name=_("lesson"), on_delete=models.CASCADE, related_name="reviews"
    )
    revision = models.ForeignKey(
        LessonRevision, verbose_name=_("revision"), on_delete=models.CASCADE, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"))
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)

    class Meta:
        app_label = "modules"
        verbose_name = _("lesson review")
        verbose_name_plural = _("lesson reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "revision"], name="lesson_review_once_per_revision"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.learner_id} reviews {self.lesson_id}"
