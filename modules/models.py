"""Teaching content (modules, lessons, blocks) and a learner's completions of it.

Texts are translated with django-modeltranslation (see translation.py): each translated
field has an ``_en`` and a ``_da`` column, and reading the plain name gives the active
language with a fall-back to English.
"""

from typing import TypeVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

_M = TypeVar("_M", bound=models.Model)


class PublishedQuerySet(models.QuerySet[_M]):
    def published(self) -> "PublishedQuerySet[_M]":
        return self.filter(is_published=True)


CONTENT_VERSION_ID = 1  # the one row of ContentVersion


class ContentVersion(models.Model):
    """One row whose number goes up whenever content changes.

    Pages cache the course outline and lesson bodies per process under this number
    (see courses.selectors); every content write goes through a service that bumps it,
    so a cache is never used past a change, in any process.
    """

    version = models.PositiveBigIntegerField(default=1)

    class Meta:
        verbose_name = _("content version")
        verbose_name_plural = _("content versions")

    def __str__(self) -> str:
        return str(self.version)


class Module(models.Model):
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=400, blank=True)
    introduction = models.TextField(_("introduction"), blank=True, help_text=_("Markdown."))
    is_published = models.BooleanField(_("published"), default=False)
    # Fingerprint of the content as last loaded from the repository's files. When the
    # database no longer matches it, a trainer has edited the module in the platform and
    # the loader leaves it alone. Empty for content created in the platform.
    source_checksum = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PublishedQuerySet["Module"].as_manager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def __str__(self) -> str:
        return self.title


class Lesson(models.Model):
    module = models.ForeignKey(
        Module, verbose_name=_("module"), on_delete=models.CASCADE, related_name="lessons"
    )
    slug = models.SlugField(_("short name"), max_length=80)
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=400, blank=True)
    minutes = models.PositiveSmallIntegerField(_("reading time (minutes)"), default=10)
    is_published = models.BooleanField(_("published"), default=False)
    source_checksum = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PublishedQuerySet["Lesson"].as_manager()

    class Meta:
        ordering = ["module", "position", "pk"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        constraints = [
            models.UniqueConstraint(fields=["module", "slug"], name="lesson_slug_unique_in_module"),
        ]

    def __str__(self) -> str:
        return self.title


class Block(models.Model):
    """One piece of a lesson's body, shown in order."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        CALLOUT = "callout", _("Callout")
        IMAGE = "image", _("Image")
        VIDEO = "video", _("Video")

    class Style(models.TextChoices):
        INFO = "info", _("Information")
        TIP = "tip", _("Tip")
        WARNING = "warning", _("Warning")
        EXAMPLE = "example", _("Example")

    lesson = models.ForeignKey(
        Lesson, verbose_name=_("lesson"), on_delete=models.CASCADE, related_name="blocks"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.TEXT)
    style = models.CharField(_("callout style"), max_length=16, choices=Style.choices, blank=True)
    body = models.TextField(
        _("text"), blank=True, help_text=_("Markdown; for images and videos, the caption.")
    )
    url = models.CharField(
        _("address"),
        max_length=500,
        blank=True,
        help_text=_("Image file or video player address."),
    )
    alt_text = models.CharField(_("image description"), max_length=300, blank=True)

    class Meta:
        ordering = ["lesson", "position", "pk"]
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="callout", style__in=["info", "tip", "warning", "example"])
                | (~models.Q(kind="callout") & models.Q(style="")),
                name="block_style_only_on_callouts",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["text", "callout"]) | ~models.Q(url=""),
                name="block_media_has_url",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lesson} #{self.position} ({self.kind})"


class LessonCompletion(models.Model):
    """A learner has read a lesson to the end and marked it done. One row per pair."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="lesson_completions",
    )
    # PROTECT: progress is never lost by deleting content; unpublish a lesson instead.
    lesson = models.ForeignKey(
        Lesson, verbose_name=_("lesson"), on_delete=models.PROTECT, related_name="completions"
    )
    completed_at = models.DateTimeField(_("completed"))

    class Meta:
        verbose_name = _("lesson completion")
        verbose_name_plural = _("lesson completions")
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "lesson"], name="completion_once_per_lesson"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.learner_id} completed {self.lesson_id}"
