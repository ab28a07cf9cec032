"""Sending recorded reminders, each exactly once.

A send first claims its row with a conditional update (PENDING -> SENDING, only if it is
still PENDING and its time has come). Of two workers holding the same id (a redelivered
message, a second sweep, a retry) one claims and sends; the other updates nothing and
stops. The claim commits at once, so a worker killed after it leaves the row SENDING, and
the sweep hands it back after REMINDER_SENDING_LEASE_SECONDS (courses.reminders.planning.
reclaim_stale). The one window left is between the mail server accepting a message and
the row being marked SENT: a worker killed exactly there sends that one reminder again
after the lease; its Message-ID is the same both times.

Just before sending, the rules are asked again whether the reminder still applies, so
completing, withdrawing or a later due date stops it at once (SKIPPED).

A failure is retried with growing delays (REMINDER_RETRY_DELAYS) and then marked FAILED,
with the error, for HR to see; an address the server refuses is marked FAILED at once.
"""

import datetime
import logging
import smtplib
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import F
from django.utils import timezone, translation

from courses.models import Enrolment, Reminder
from courses.reminders.messages import (
    BehindReport,
    build_email,
    digest_message,
    language_of,
    learner_message,
)
from courses.reminders.planning import enrolment_states, rules_for
from courses.reminders.rules import local_date, still_due
from courses.selectors import get_course_progress, get_outlines
from users.models import User

logger = logging.getLogger(__name__)
Status = Reminder.Status
Kind = Reminder.Kind


class PermanentFailure(Exception):
    """Retrying will not help (the address is refused or malformed)."""


def claim(reminder_id: int, now: datetime.datetime) -> bool:
    return bool(
        Reminder.objects.filter(
            pk=reminder_id, status=Status.PENDING, next_attempt_at__lte=now
        ).update(status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )


def _finish(reminder_id: int, **fields: object) -> None:
    Reminder.objects.filter(pk=reminder_id, status=Status.SENDING).update(**fields)


def send_batch(
    reminder_ids: Sequence[int], *, now: datetime.datetime | None = None
) -> dict[str, int]:
    """Send the reminders with these ids over one SMTP connection; returns how many ended
    in each state ("not_claimed" for ids another worker has, or that are done)."""
    counts: dict[str, int] = {}
    connection = get_connection()
    try:
        for position, reminder_id in enumerate(reminder_ids):
            outcome = send_one(reminder_id, now=now or timezone.now(), connection=connection)
            counts[outcome] = counts.get(outcome, 0) + 1
            if outcome == "retry":
                # The server is failing: leave the rest unclaimed for the next sweep rather
                # than wait out a timeout for each of them within this task's time limit.
                rest = list(reminder_ids[position + 1 :])
                Reminder.objects.filter(pk__in=rest, status=Status.PENDING).update(
                    dispatched_at=None
                )
                counts["postponed"] = len(rest)
                break
    finally:
        try:
            connection.close()
        except (OSError, smtplib.SMTPException):  # the server went away: nothing to close
            logger.info("SMTP connection already closed")
    return counts


def send_one(reminder_id: int, *, now: datetime.datetime, connection: object = None) -> str:
    if not claim(reminder_id, now):
        return "not_claimed"
    reminder = (
        Reminder.objects.select_related(
            "recipient",
            "organisation",
            "enrolment__cohort__course",
            "enrolment__cohort__organisation",
            "enrolment__learner__line_manager",
        )
        .filter(pk=reminder_id)
        .first()
    )
    if reminder is None:  # deleted with its learner between the claim and now
        return "gone"
    try:
        email = _compose(reminder, now)
        if email is None:
            _finish(reminder.pk, status=Status.SKIPPED, last_error="")
            return Status.SKIPPED
        email.connection = connection
        email.send()
    except PermanentFailure as error:
        _finish(reminder.pk, status=Status.FAILED, last_error=str(error)[:500])
        return Status.FAILED
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused) as error:
        _finish(reminder.pk, status=Status.FAILED, last_error=_describe(error))
        return Status.FAILED
    except (OSError, smtplib.SMTPException) as error:
        return _failed_for_now(reminder, now, _describe(error))
    _finish(reminder.pk, status=Status.SENT, sent_at=timezone.now(), last_error="")
    return Status.SENT


def _describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:500]


def _failed_for_now(reminder: Reminder, now: datetime.datetime, error: str) -> str:
    delays = settings.REMINDER_RETRY_DELAYS
    if reminder.attempts >= len(delays) + 1:
        _finish(reminder.pk, status=Status.FAILED, last_error=error)
        logger.warning("Reminder %s failed for good: %s", reminder.pk, error)
        return Status.FAILED
    delay = datetime.timedelta(seconds=delays[reminder.attempts - 1])
    _finish(
        reminder.pk,
        status=Status.PENDING,
        next_attempt_at=now + delay,
        dispatched_at=None,
        last_error=error,
    )
    logger.info("Reminder %s will be retried in %s: %s", reminder.pk, delay, error)
    return "retry"


def _compose(reminder: Reminder, now: datetime.datetime) -> EmailMultiAlternatives | None:
    """The email to send, or None if the reminder no longer applies."""
    recipient = reminder.recipient
    if not recipient.is_active or not recipient.email or "@" not in recipient.email:
        raise PermanentFailure("The recipient has no usable address.")
    if reminder.kind in Reminder.OPTIONAL_KINDS and not recipient.optional_reminders:
        return None
    with translation.override(language_of(recipient)):
        if reminder.kind == Kind.DIGEST:
            reports = reports_behind(recipient, now)
            if not reports:
                return None
            return build_email(reminder, digest_message(reminder, reports))
        enrolment = reminder.enrolment
        if enrolment is None or not _still_applies(reminder, now):
            return None
        progress = get_course_progress(
            Enrolment.objects.with_content_version().select_related("cohort").get(pk=enrolment.pk)
        )
        message = learner_message(reminder, progress)
        return build_email(reminder, message, cc=_copy_to(reminder, now))


def _still_applies(reminder: Reminder, now: datetime.datetime) -> bool:
    enrolment: Enrolment = reminder.enrolment  # type: ignore[assignment]
    state = next(enrolment_states(Enrolment.objects.filter(pk=enrolment.pk)), None)
    if state is None:
        return False
    rules = rules_for([state.cohort_id], [state.organisation_id]).get(
        cohort_id=state.cohort_id, organisation_id=state.organisation_id
    )
    return still_due(
        kind=reminder.kind,
        scheduled_for=reminder.scheduled_for,
        facts=state.facts,
        rules=rules,
        today=local_date(now, state.zone),
    )


def _copy_to(reminder: Reminder, now: datetime.datetime) -> list[str]:
    """The line manager, copied from the second overdue reminder on, unless several of
    their reports are behind: then the weekly digest tells them, in one email."""
    if not reminder.copy_line_manager or reminder.enrolment is None:
        return []
    manager = reminder.enrolment.learner.line_manager
    if manager is None or not manager.is_active:
        return []
    if len(overdue_reports(manager.pk, now)) >= settings.REMINDER_DIGEST_MIN_REPORTS:
        return []
    return [manager.email]


def overdue_reports(manager_id: int, now: datetime.datetime) -> list[Enrolment]:
    """The manager's reports' open enrolments past their due date."""
    enrolments = (
        Enrolment.objects.active()
        .filter(
            learner__line_manager_id=manager_id, completed_at__isnull=True, learner__is_active=True
        )
        .select_related("learner", "cohort__course", "cohort__organisation")
        .order_by("learner__last_name", "learner__first_name", "pk")
    )
    found = []
    for enrolment in enrolments:
        zone = enrolment.cohort.organisation.zone
        due = enrolment.effective_due
        if due is not None and due < local_date(now, zone):
            found.append(enrolment)
    return found


def reports_behind(manager: User, now: datetime.datetime) -> list[BehindReport]:
    """The manager's reports who are past their due date, with their progress."""
    enrolments = overdue_reports(manager.pk, now)
    if not enrolments:
        return []
    annotated = list(
        Enrolment.objects.with_content_version()
        .select_related("cohort__course", "learner")
        .filter(pk__in=[enrolment.pk for enrolment in enrolments])
        .order_by("learner__last_name", "learner__first_name", "pk")
    )
    get_outlines(annotated)
    reports = []
    for enrolment in annotated:
        progress = get_course_progress(enrolment)
        reports.append(
            BehindReport(
                name=enrolment.learner.display_name,
                course=str(enrolment.cohort.course.title),
                done=progress.done,
                total=progress.total,
                due_on=enrolment.effective_due,
            )
        )
    return reports
