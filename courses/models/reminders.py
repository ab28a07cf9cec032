"""Reminder rules and the record of every reminder sent.

A periodic sweep decides which reminders are due and records each one as a
``Reminder`` row under a unique key (enrolment, kind, scheduled day) before anything is
sent; a send claims its row with a conditional update. So a retried task, a second beat
or a worker killed half-way never sends the same reminder twice (courses.reminders).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from courses.models.cohorts import Cohort, Enrolment
from users.models import Organisation

DEFAULT_BEFORE_DUE_DAYS = [7, 1]


def default_before_due_days() -> list[int]:
    return list(DEFAULT_BEFORE_DUE_DAYS)


class ReminderRules(models.Model):
    """When reminders go out: an organisation's rules (``cohort`` empty), or one
    cohort's own rules, which then replace the organisation's for that cohort."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="reminder_rules",
    )
    cohort = models.OneToOneField(
        Cohort,
        verbose_name=_("cohort"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminder_rules",
    )
    welcome = models.BooleanField(_("welcome on enrolment"), default=True)
    due_reminders = models.BooleanField(
        _("due-date reminders"),
        default=True,
        help_text=_("Before, on and after the due date. Only HR can switch these off."),
    )
    before_due_days = models.JSONField(
        _("days before the due date"), default=default_before_due_days
    )
    on_due_date = models.BooleanField(_("on the due date"), default=True)
    overdue_every_days = models.PositiveSmallIntegerField(
        _("when overdue, every (days)"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    overdue_times = models.PositiveSmallIntegerField(
        _("overdue reminders at most"),
        default=3,
        validators=[MaxValueValidator(10)],
        help_text=_("0 sends none. From the second one, the line manager is copied."),
    )
    inactivity_days = models.PositiveSmallIntegerField(
        _("nudge after days without activity"),
        default=14,
        validators=[MaxValueValidator(120)],
        help_text=_("0 sends none."),
    )
    completion = models.BooleanField(_("congratulations on completion"), default=True)
    follow_ups = models.BooleanField(
        _("action plan check-ins"),
        default=True,
        help_text=_("30, 60 and 90 days after completion, for learners with an action plan."),
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("reminder rules")
        verbose_name_plural = _("reminder rules")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(cohort__isnull=True),
                name="reminder_rules_once_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        return str(self.cohort or self.organisation)


class Reminder(models.Model):
    """One reminder, recorded before it is sent. ``scheduled_for`` is the day (in the
    organisation's calendar) the rule falls on; with the enrolment (or, for a digest, the
    recipient) and the kind it is the reminder's identity."""

    class Kind(models.TextChoices):
        WELCOME = "welcome", _("Welcome")
        BEFORE_DUE = "before_due", _("Before the due date")
        ON_DUE = "on_due", _("On the due date")
        OVERDUE = "overdue", _("Overdue")
        INACTIVITY = "inactivity", _("No recent activity")
        COMPLETION = "completion", _("Congratulations")
        NUDGE = "nudge", _("Reminder from HR")
        DIGEST = "digest", _("Weekly digest for a line manager")
        FOLLOW_UP = "follow_up", _("Action plan check-in")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Not needed any more")

    # Kinds a learner may switch off from the email; the others only HR can stop.
    OPTIONAL_KINDS = frozenset({Kind.INACTIVITY, Kind.DIGEST})

    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("enrolment"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    scheduled_for = models.DateField(_("scheduled for"))
    sequence = models.PositiveSmallIntegerField(
        _("number"), default=1, help_text=_("Which overdue reminder this is (1, 2, 3, ...).")
    )
    copy_line_manager = models.BooleanField(_("line manager copied"), default=False)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"))
    dispatched_at = models.DateTimeField(_("queued"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"))

    class Meta:
        ordering = ["-scheduled_for", "-pk"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "kind", "scheduled_for"],
                condition=models.Q(enrolment__isnull=False),
                name="reminder_once_per_enrolment_kind_day",
            ),
            models.UniqueConstraint(
                fields=["recipient", "kind", "scheduled_for"],
                condition=models.Q(enrolment__isnull=True),
                name="reminder_once_per_recipient_kind_day",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="reminder_due_to_send"),
            models.Index(fields=["organisation", "status", "created_at"], name="reminder_health"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id} on {self.scheduled_for}"
