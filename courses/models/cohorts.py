"""Courses as ordered modules, and the cohorts and enrolments that assign them.

This is where learners, organisations and content meet: a cohort belongs to one
organisation and runs one course; an enrolment puts one of its members in the cohort.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

from modules.models import CONTENT_VERSION_ID, ContentVersion, Module
from users.models import Organisation


def content_version_sql() -> RawSQL:
    """The content version as a plain-SQL subquery, to read in the same statement as the
    row a page needs anyway (an enrolment, a cohort)."""
    table = ContentVersion._meta.db_table
    # The table name comes from the model, the id is a parameter.
    return RawSQL(  # noqa: S611
        f"COALESCE((SELECT version FROM {table} WHERE id = %s), 0)",  # noqa: S608
        (CONTENT_VERSION_ID,),
    )


class CourseQuerySet(models.QuerySet["Course"]):
    def published(self) -> "CourseQuerySet":
        return self.filter(is_published=True)


class Course(models.Model):
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=400, blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    modules: "models.ManyToManyField[Module, CourseModule]" = models.ManyToManyField(
        Module, through="CourseModule", related_name="courses", verbose_name=_("modules")
    )
    # See Module.source_checksum: tells the loader whether a trainer edited the course.
    source_checksum = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self) -> str:
        return self.title


class CourseModule(models.Model):
    """A module's place in a course. One module may serve several courses."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="course_modules")
    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="course_modules")
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        ordering = ["course", "position", "pk"]
        verbose_name = _("module in a course")
        verbose_name_plural = _("modules in a course")
        constraints = [
            models.UniqueConstraint(fields=["course", "module"], name="module_once_per_course"),
        ]

    def __str__(self) -> str:
        return f"{self.course} / {self.position}. {self.module}"


class Cohort(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="cohorts",
    )
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="cohorts"
    )
    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("start date"))
    due_on = models.DateField(_("due date"), null=True, blank=True)
    # A copy of the CohortModuleDue rows, {module id: "YYYY-MM-DD"}, written with them by
    # courses.hr.services.save_cohort, so a learner's pages read them with the cohort
    # they load anyway instead of in a query of their own.
    module_due_dates = models.JSONField(default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_on__isnull=True)
                | models.Q(due_on__gte=models.F("starts_on")),
                name="cohort_due_not_before_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def module_due(self, module_id: int) -> datetime.date | None:
        text = self.module_due_dates.get(str(module_id))
        return datetime.date.fromisoformat(text) if text else None


class CohortModuleDue(models.Model):
    """An optional due date for one module of the cohort's course, between the cohort's
    start and its due date; learners see it on their course page."""

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="module_dues"
    )
    module = models.ForeignKey(
        Module, verbose_name=_("module"), on_delete=models.CASCADE, related_name="+"
    )
    due_on = models.DateField(_("due date"))

    class Meta:
        ordering = ["cohort", "due_on"]
        verbose_name = _("module due date")
        verbose_name_plural = _("module due dates")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "module"], name="module_due_once_per_cohort"),
        ]

    def __str__(self) -> str:
        return f"{self.cohort} / {self.module}: {self.due_on}"


class EnrolmentQuerySet(models.QuerySet["Enrolment"]):
    """Enrolments; ``with_content_version`` adds ``content_version`` to each row."""

    def active(self) -> "EnrolmentQuerySet":
        return self.filter(withdrawn_at__isnull=True)

    def with_content_version(self) -> "EnrolmentQuerySet":
        """Annotate ``content_version`` in the same statement, so pages can check their
        cached course outline without a query of its own.

        Plain SQL on purpose: this runs on every learner page, and compiling it costs a
        fraction of an equivalent nested queryset (measured in ``make bench``).
        """
        return self.annotate(content_version=content_version_sql())


class Enrolment(models.Model):
    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="enrolments"
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    enrolled_at = models.DateTimeField(_("enrolled"))
    due_on = models.DateField(
        _("personal due date"),
        null=True,
        blank=True,
        help_text=_("Overrides the cohort's due date."),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    due_reminders = models.BooleanField(
        _("due-date reminders"),
        default=True,
        help_text=_("HR can stop this learner's due-date reminders."),
    )
    # Set once, when every module is complete (lessons done and quizzes passed).
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["-enrolled_at"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "learner"], name="enrolment_once_per_cohort"),
        ]
        indexes = [
            models.Index(fields=["learner", "withdrawn_at"], name="enrolment_learner_active")
        ]

    def __str__(self) -> str:
        return f"{self.learner} in {self.cohort}"

    @property
    def effective_due(self) -> datetime.date | None:
        return self.due_on or self.cohort.due_on


def content_version_of(enrolment: Enrolment) -> int:
    """The content version read with the enrolment by EnrolmentQuerySet.with_content_version()
    (an annotation, so typed here rather than on the model)."""
    return int(vars(enrolment)["content_version"])


class Certificate(models.Model):
    """Proof that a learner completed a course. Anyone holding the code can check it on
    the public verification page, which shows the name, course and date and nothing else.
    """

    enrolment = models.OneToOneField(
        Enrolment,
        verbose_name=_("enrolment"),
        on_delete=models.PROTECT,
        related_name="certificate",
    )
    # Unguessable (60 random bits), without characters that are easy to misread.
    code = models.CharField(_("verification code"), max_length=16, unique=True)
    # The name as it was when the certificate was issued.
    learner_name = models.CharField(_("name"), max_length=300)
    issued_on = models.DateField(_("issued"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return self.display_code

    @property
    def display_code(self) -> str:
        return "-".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))


class CsvImport(models.Model):
    """An uploaded enrolment file between its preview and its confirmation.

    ``rows`` holds the file's parsed rows (see courses.csv_import), so confirming needs no
    second upload; the plan is made again against the database at confirmation, so what
    happened in between is taken into account and a second confirmation changes nothing.
    """

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="imports"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    filename = models.CharField(_("file name"), max_length=255)
    rows = models.JSONField(_("rows"))
    errors = models.JSONField(_("rows with errors"))
    created_at = models.DateTimeField(_("uploaded"))
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("enrolment file")
        verbose_name_plural = _("enrolment files")

    def __str__(self) -> str:
        return self.filename
