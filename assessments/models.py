"""Quizzes, their questions, and a learner's attempts at them.

A quiz belongs to a module (its final quiz) or to one of the module's lessons (a short
knowledge check). Questions and choices are translated with django-modeltranslation (see
translation.py).

An attempt keeps what the learner was shown: each AttemptItem holds a snapshot of its
question (texts in every language, choices in the order shown, the correct answers and
tolerances) taken when the attempt started. Grading and the result page read the snapshot,
so an attempt stays readable and keeps its grade after a trainer edits the quiz. The
snapshot never reaches a page before the attempt is submitted; see assessments.attempts.

Item statistics (how often each question is answered correctly, how often each choice is
picked) are one aggregate query each over AttemptItem and AttemptChoice; see
assessments.selectors.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from modules.models import Lesson, Module


class QuizQuerySet(models.QuerySet["Quiz"]):
    def published(self) -> "QuizQuerySet":
        return self.filter(is_published=True)


class Quiz(models.Model):
    class ScorePolicy(models.TextChoices):
        BEST = "best", _("Best attempt")
        LATEST = "latest", _("Latest attempt")

    module = models.ForeignKey(
        Module, verbose_name=_("module"), on_delete=models.PROTECT, related_name="quizzes"
    )
    lesson = models.ForeignKey(
        Lesson,
        verbose_name=_("lesson"),
        on_delete=models.PROTECT,
        related_name="knowledge_checks",
        null=True,
        blank=True,
        help_text=_("Set for a short knowledge check after a lesson; empty for the module quiz."),
    )
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True, help_text=_("Markdown."))
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=80, validators=[MaxValueValidator(100)]
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("maximum attempts"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Empty for unlimited attempts."),
    )
    pool_size = models.PositiveSmallIntegerField(
        _("questions per attempt"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Draw this many of the questions for each attempt; empty to ask them all."),
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=True)
    shuffle_choices = models.BooleanField(_("shuffle choices"), default=True)
    score_policy = models.CharField(
        _("score that counts"), max_length=8, choices=ScorePolicy.choices, default=ScorePolicy.BEST
    )
    # Goes up with every change to the quiz or its questions; attempts record the version
    # they were taken against.
    version = models.PositiveIntegerField(_("version"), default=1)
    is_published = models.BooleanField(_("published"), default=False)
    # See modules.models.Module.source_checksum.
    source_checksum = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = QuizQuerySet.as_manager()

    class Meta:
        ordering = ["module_id", "lesson_id", "pk"]
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        constraints = [
            models.UniqueConstraint(
                fields=["module"],
                condition=models.Q(lesson__isnull=True),
                name="quiz_one_final_quiz_per_module",
            ),
            models.UniqueConstraint(fields=["lesson"], name="quiz_one_check_per_lesson"),
            models.CheckConstraint(condition=models.Q(pass_mark__lte=100), name="quiz_pass_mark"),
            models.CheckConstraint(
                condition=models.Q(max_attempts__isnull=True) | models.Q(max_attempts__gte=1),
                name="quiz_max_attempts_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(pool_size__isnull=True) | models.Q(pool_size__gte=1),
                name="quiz_pool_size_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(time_limit_minutes__isnull=True)
                | models.Q(time_limit_minutes__gte=1),
                name="quiz_time_limit_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_knowledge_check(self) -> bool:
        return self.lesson_id is not None


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice (all that apply)")
        TRUE_FALSE = "true_false", _("True or false")
        NUMERIC = "numeric", _("Numeric answer")
        REFLECTION = "reflection", _("Reflection (not scored)")

    class Tolerance(models.TextChoices):
        ABSOLUTE = "absolute", _("Absolute (in the answer's unit)")
        RELATIVE = "relative", _("Relative (per cent of the answer)")

    quiz = models.ForeignKey(
        Quiz, verbose_name=_("quiz"), on_delete=models.CASCADE, related_name="questions"
    )
    key = models.SlugField(
        _("key"), max_length=80, help_text=_("A stable name for the question within its quiz.")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    text = models.TextField(_("question"), help_text=_("Markdown."))
    explanation = models.TextField(
        _("explanation"), blank=True, help_text=_("Shown after submission. Markdown.")
    )
    partial_credit = models.BooleanField(
        _("partial credit"),
        default=False,
        help_text=_("Multiple choice only: credit for partly right answers."),
    )
    answer = models.DecimalField(
        _("correct value"), max_digits=24, decimal_places=6, null=True, blank=True
    )
    tolerance = models.DecimalField(
        _("tolerance"), max_digits=24, decimal_places=6, default=Decimal(0)
    )
    tolerance_kind = models.CharField(
        _("tolerance type"), max_length=8, choices=Tolerance.choices, default=Tolerance.ABSOLUTE
    )
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    # Retired questions stay for the attempts that asked them but are not drawn again.
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["quiz_id", "position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["quiz", "key"], name="question_key_unique_in_quiz"),
            models.CheckConstraint(
                condition=~models.Q(kind="numeric") | models.Q(answer__isnull=False),
                name="question_numeric_has_answer",
            ),
            models.CheckConstraint(
                condition=models.Q(tolerance__gte=0), name="question_tolerance_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quiz} / {self.key}"

    @property
    def is_scored(self) -> bool:
        return self.kind != self.Kind.REFLECTION


class Choice(models.Model):
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="choices"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.CharField(_("text"), max_length=500)
    is_correct = models.BooleanField(_("correct"), default=False)
    feedback = models.TextField(
        _("feedback"), blank=True, help_text=_("Shown after submission to those who chose it.")
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["question_id", "position", "pk"]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self) -> str:
        return self.text


class Attempt(models.Model):
    quiz = models.ForeignKey(
        Quiz, verbose_name=_("quiz"), on_delete=models.PROTECT, related_name="attempts"
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
    )
    number = models.PositiveSmallIntegerField(_("attempt number"))
    quiz_version = models.PositiveIntegerField(_("quiz version"))
    started_at = models.DateTimeField(_("started"))
    deadline = models.DateTimeField(_("time limit ends"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    score = models.DecimalField(_("score (%)"), max_digits=5, decimal_places=2, null=True)
    passed = models.BooleanField(_("passed"), null=True)

    class Meta:
        ordering = ["quiz_id", "learner_id", "number"]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        constraints = [
            # Two tabs starting at once cannot both take the same attempt number ...
            models.UniqueConstraint(
                fields=["quiz", "learner", "number"], name="attempt_number_unique"
            ),
            # ... nor open two attempts side by side.
            models.UniqueConstraint(
                fields=["quiz", "learner"],
                condition=models.Q(submitted_at__isnull=True),
                name="attempt_one_open_per_quiz",
            ),
        ]
        indexes = [models.Index(fields=["learner", "quiz"], name="attempt_learner_quiz")]

    def __str__(self) -> str:
        return f"{self.learner_id} / {self.quiz_id} #{self.number}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class AttemptItem(models.Model):
    """One question as asked in one attempt, and the learner's answer to it."""

    attempt = models.ForeignKey(
        Attempt, verbose_name=_("attempt"), on_delete=models.CASCADE, related_name="items"
    )
    question = models.ForeignKey(
        Question,
        verbose_name=_("question"),
        on_delete=models.PROTECT,
        related_name="attempt_items",
    )
    position = models.PositiveSmallIntegerField(_("position"))
    # The question as shown: see assessments.attempts.snapshot_question for the shape.
    shown = models.JSONField(_("question as shown"))
    selected_choices: "models.ManyToManyField[Choice, AttemptChoice]" = models.ManyToManyField(
        Choice, through="AttemptChoice", related_name="+", verbose_name=_("chosen")
    )
    # A numeric answer exactly as typed (kept when it is not a number, so the learner can
    # correct it), and its value once it parses.
    number_text = models.CharField(_("answer as typed"), max_length=100, blank=True)
    number_value = models.DecimalField(
        _("numeric answer"), max_digits=24, decimal_places=6, null=True, blank=True
    )
    text_answer = models.TextField(_("reflection"), blank=True)
    is_shared = models.BooleanField(
        _("shared with trainers"),
        default=False,
        help_text=_("Trainers see unshared reflections only in aggregate, without names."),
    )
    answered_at = models.DateTimeField(_("last answered"), null=True, blank=True)
    is_correct = models.BooleanField(_("correct"), null=True)
    credit = models.DecimalField(_("credit"), max_digits=4, decimal_places=3, null=True)

    class Meta:
        ordering = ["attempt_id", "position"]
        verbose_name = _("question in an attempt")
        verbose_name_plural = _("questions in an attempt")
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="item_position_unique"),
            models.UniqueConstraint(fields=["attempt", "question"], name="item_question_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.attempt} / {self.position}"


class AttemptChoice(models.Model):
    """A choice the learner picked. A row per pick, so that "how often is each choice
    picked" is a single aggregate query."""

    item = models.ForeignKey(AttemptItem, on_delete=models.CASCADE, related_name="selections")
    choice = models.ForeignKey(Choice, on_delete=models.PROTECT, related_name="selections")

    class Meta:
        verbose_name = _("chosen answer")
        verbose_name_plural = _("chosen answers")
        constraints = [
            models.UniqueConstraint(fields=["item", "choice"], name="selection_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.item} -> {self.choice_id}"
