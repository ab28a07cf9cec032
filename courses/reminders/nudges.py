"""Reminders someone asks for: HR's "remind everyone behind schedule" on a cohort, and the
weekly digest that tells a line manager which of their reports are behind.

"Behind schedule" means an open enrolment that is past its due date, or whose share of
steps done trails the share of its time (the cohort's start to the due date) already gone
by more than PACE_SLACK: a learner a few days into a long course with nothing done yet is
not behind.
"""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q

from courses.hr.selectors import cohort_enrolments
from courses.models import Cohort, Enrolment, Reminder
from courses.reminders.rules import local_date
from courses.selectors import Outline
from users.models import User

Kind = Reminder.Kind
NUDGE_INTERVAL = datetime.timedelta(hours=24)
DIGEST_CHUNK = 500
PACE_SLACK = 0.25


@dataclass(frozen=True)
class NudgePlan:
    """Who a nudge would reach, and who is left out because HR nudged them recently."""

    to_remind: list[Enrolment]
    recently_nudged: list[Enrolment]


def _behind(enrolment: Enrolment, cohort: Cohort, today: datetime.date, steps: int) -> bool:
    due = vars(enrolment).get("due_date")
    if due is None:
        return False
    if due < today:
        return True
    window = (due - cohort.starts_on).days
    if window <= 0 or today <= cohort.starts_on:
        return False
    elapsed = (today - cohort.starts_on).days / window
    done = int(vars(enrolment).get("steps_done") or 0)
    return steps > 0 and done / steps < elapsed - PACE_SLACK


def plan_nudge(cohort: Cohort, outline: Outline, *, now: datetime.datetime) -> NudgePlan:
    """The cohort's open enrolments that are behind schedule, split by whether HR nudged
    them in the last 24 hours. Three queries whatever the cohort's size."""
    today = local_date(now, cohort.organisation.zone)
    steps = sum(len(item.lessons) + (1 if item.quiz else 0) for item in outline.modules)
    enrolments = list(
        cohort_enrolments(cohort, outline, today=today)
        .filter(withdrawn_at__isnull=True, completed_at__isnull=True, learner__is_active=True)
        .order_by("learner__last_name", "learner__first_name", "pk")
    )
    behind = [enrolment for enrolment in enrolments if _behind(enrolment, cohort, today, steps)]
    recent = set(
        Reminder.objects.filter(
            enrolment__in=[enrolment.pk for enrolment in behind],
            kind=Kind.NUDGE,
            created_at__gt=now - NUDGE_INTERVAL,
        ).values_list("enrolment_id", flat=True)
    )
    return NudgePlan(
        to_remind=[enrolment for enrolment in behind if enrolment.pk not in recent],
        recently_nudged=[enrolment for enrolment in behind if enrolment.pk in recent],
    )


@transaction.atomic
def nudge_behind(
    *, cohort: Cohort, outline: Outline, requested_by: User, now: datetime.datetime
) -> list[int]:
    """Record a nudge for everyone behind schedule who has not had one in 24 hours, and
    return the new reminders' ids, queued for sending once the transaction commits.
    Clicking twice, or two HR admins at once, nudges nobody twice: the second plan finds
    the first's rows, and the unique key stops a same-day repeat."""
    plan = plan_nudge(cohort, outline, now=now)
    today = local_date(now, cohort.organisation.zone)
    Reminder.objects.bulk_create(
        [
            Reminder(
                enrolment_id=enrolment.pk,
                recipient_id=enrolment.learner_id,
                organisation_id=cohort.organisation_id,
                kind=Kind.NUDGE,
                scheduled_for=today,
                next_attempt_at=now,
                created_at=now,
                created_by=requested_by,
            )
            for enrolment in plan.to_remind
        ],
        ignore_conflicts=True,
    )
    ids = list(
        Reminder.objects.filter(
            enrolment__in=[enrolment.pk for enrolment in plan.to_remind],
            kind=Kind.NUDGE,
            scheduled_for=today,
            status=Reminder.Status.PENDING,
        ).values_list("pk", flat=True)
    )
    if ids:
        transaction.on_commit(lambda: _queue(ids, now))
    return ids


def _queue(ids: list[int], now: datetime.datetime) -> None:
    # Imported here: the tasks module imports this one for the digests.
    from courses.reminders.planning import due_to_send, take_batches
    from courses.tasks import send_reminders_task

    for batch in take_batches(due_to_send(now).filter(pk__in=ids), now):
        send_reminders_task.delay(batch)


def plan_digests(*, now: datetime.datetime) -> int:
    """On Mondays (in each organisation's calendar, or within two days after, to catch a
    missed sweep), record a digest for each line manager with at least
    REMINDER_DIGEST_MIN_REPORTS reports past their due date. Idempotent: one digest per
    manager per week. Holds only the managers' ids and reads and writes the rest in
    chunks. Returns how many were asked for.

    The managers are found with the UTC date; the send checks each report again in the
    organisation's calendar and skips a digest with nobody left in it."""
    today_utc = now.date()
    behind = (
        Enrolment.objects.filter(
            Q(due_on__lt=today_utc) | Q(due_on__isnull=True, cohort__due_on__lt=today_utc),
            withdrawn_at__isnull=True,
            completed_at__isnull=True,
            learner__is_active=True,
            learner__line_manager__isnull=False,
        )
        .order_by()
        .values("learner__line_manager_id")
        .annotate(behind=Count("pk"))
        .filter(behind__gte=settings.REMINDER_DIGEST_MIN_REPORTS)
        .values("learner__line_manager_id")
    )
    # Only the ids are held (an int a manager); the rest is read a chunk at a time. A
    # server-side cursor over the join would be planned for its first rows, several times
    # slower on PostgreSQL.
    manager_ids = list(behind.values_list("learner__line_manager_id", flat=True))
    asked = 0
    zones: dict[str, zoneinfo.ZoneInfo] = {}
    for start in range(0, len(manager_ids), DIGEST_CHUNK):
        managers = (
            User.objects.filter(
                pk__in=manager_ids[start : start + DIGEST_CHUNK],
                is_active=True,
                optional_reminders=True,
                organisation__isnull=False,
            )
            .order_by()
            .values_list("pk", "organisation_id", "organisation__time_zone")
        )
        chunk: list[Reminder] = []
        for manager_id, organisation_id, zone_name in managers:
            zone = zones.get(zone_name) or zones.setdefault(zone_name, zoneinfo.ZoneInfo(zone_name))
            today = local_date(now, zone)
            monday = today - datetime.timedelta(days=today.weekday())
            if (today - monday).days > 2:
                continue
            chunk.append(
                Reminder(
                    recipient_id=manager_id,
                    organisation_id=organisation_id,
                    kind=Kind.DIGEST,
                    scheduled_for=monday,
                    next_attempt_at=now,
                    created_at=now,
                )
            )
        Reminder.objects.bulk_create(chunk, ignore_conflicts=True)
        asked += len(chunk)
    return asked
