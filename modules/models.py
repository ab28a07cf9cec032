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
        EXERCISE = "exercise", _("Exercise")

    class Exercise(models.TextChoices):
        """Exercises on the learner's own business; each saves the learner's answers."""

        CALCULATOR = "calculator", _("Customer economics calculator")
        EXPERIENCE_PROFILE = "experience-profile", _("Experience profile")
        LISTENING_ROUTINE = "listening-routine", _("Listening routine")
        JOURNEY_MAP = "journey-map", _("Journey map")
        ACTION_PLAN = "action-plan", _("Action plan")

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
    exercise = models.CharField(
        _("exercise"),
        max_length=32,
        choices=Exercise.choices,
        blank=True,
        help_text=_("Which exercise an exercise block shows; its text is the introduction."),
    )

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
                condition=models.Q(kind__in=["text", "callout", "exercise"]) | ~models.Q(url=""),
                name="block_media_has_url",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    kind="exercise",
                    exercise__in=[
                        "calculator",
                        "experience-profile",
                        "listening-routine",
                        "journey-map",
                        "action-plan",
                    ],
                )
                | (~models.Q(kind="exercise") & models.Q(exercise="")),
                name="block_exercise_only_on_exercises",
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


# Exercises and the action plan ------------------------------------------------------------
# A learner's answers are private to them. Only the action plan can be shared (opt in,
# revocable) with their line manager and with HR; see courses.permissions.


class Currency(models.TextChoices):
    DKK = "DKK", "DKK"
    EUR = "EUR", "EUR"
    SEK = "SEK", "SEK"
    NOK = "NOK", "NOK"
    GBP = "GBP", "GBP"
    USD = "USD", "USD"


DEFAULT_CURRENCY = Currency.DKK


class ExerciseSettings(models.Model):
    """An organisation's choices for the exercises: for now, the currency of amounts.
    Without a row the organisation uses DKK."""

    organisation = models.OneToOneField(
        "users.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="exercise_settings",
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=DEFAULT_CURRENCY
    )

    class Meta:
        verbose_name = _("exercise settings")
        verbose_name_plural = _("exercise settings")

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.currency}"


class ExerciseAnswer(models.Model):
    """A learner's answers to one exercise block, as typed, and what the server computed
    from them. One row per learner and block: saving again changes it."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="exercise_answers",
    )
    # SET_NULL: a trainer removing the block from a lesson must not lose the learner's
    # work; the answer keeps its exercise kind and still appears in their summary.
    block = models.ForeignKey(
        Block,
        verbose_name=_("block"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="answers",
    )
    exercise = models.CharField(_("exercise"), max_length=32, choices=Block.Exercise.choices)
    data = models.JSONField(_("answers as typed"), default=dict, blank=True)
    # Empty while the answers have errors; otherwise the figures the server computed.
    result = models.JSONField(_("result"), default=dict, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        verbose_name = _("exercise answer")
        verbose_name_plural = _("exercise answers")
        constraints = [
            models.UniqueConstraint(fields=["learner", "block"], name="answer_once_per_block"),
        ]

    def __str__(self) -> str:
        return f"{self.learner_id}: {self.exercise}"

    @property
    def is_complete(self) -> bool:
        return bool(self.result)


MAX_COMMITMENTS = 50


class ActionPlan(models.Model):
    """The learner's personal action plan: one per learner, across courses."""

    learner = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="action_plan",
    )
    shared_with_line_manager = models.BooleanField(_("shared with my line manager"), default=False)
    shared_with_hr = models.BooleanField(_("shared with HR"), default=False)
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")

    def __str__(self) -> str:
        return f"{self.learner_id}"


class Commitment(models.Model):
    """One thing the learner commits to do: who does it, by when, and how they will know
    it worked. Follow-up check-ins attach to it (CheckIn)."""

    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("action plan"),
        on_delete=models.CASCADE,
        related_name="commitments",
    )
    action = models.CharField(_("what I will do"), max_length=500)
    owner = models.CharField(_("owner"), max_length=200)
    due_on = models.DateField(_("due date"))
    measure = models.CharField(_("measure of success"), max_length=500)
    # Added from an exercise's result: which answer and which figure. Unique, so a second
    # click on "Add to my action plan" finds the first commitment instead of a copy.
    source_answer = models.ForeignKey(
        ExerciseAnswer,
        verbose_name=_("from exercise"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commitments",
    )
    source_key = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "source_answer", "source_key"],
                condition=models.Q(source_answer__isnull=False),
                name="commitment_once_per_result",
            ),
        ]

    def __str__(self) -> str:
        return self.action


class CheckIn(models.Model):
    """The learner's answer at a follow-up 30, 60 or 90 days after completing the course,
    one per commitment and check-in. Written by the reminder machinery (to come)."""

    class Day(models.IntegerChoices):
        DAY_30 = 30, _("30 days")
        DAY_60 = 60, _("60 days")
        DAY_90 = 90, _("90 days")

    class Status(models.TextChoices):
        DONE = "done", _("Done")
        IN_PROGRESS = "in-progress", _("In progress")
        DROPPED = "dropped", _("Dropped")

    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("commitment"),
        on_delete=models.CASCADE,
        related_name="check_ins",
    )
    day = models.PositiveSmallIntegerField(_("check-in"), choices=Day.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    note = models.TextField(_("note"), blank=True)
    answered_at = models.DateTimeField(_("answered"))

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        constraints = [
            models.UniqueConstraint(fields=["commitment", "day"], name="check_in_once_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.commitment_id} day {self.day}: {self.status}"
