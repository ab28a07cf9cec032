"""The sweep: find the reminders that are due, record them, and queue them for sending.

The sweep never holds all enrolments at once. It splits the open enrolments into id
ranges of PLAN_BATCH (one cheap aggregate query finds the bounds) and queues a task per
range; each range's task reads its enrolments with the facts the rules need in one
statement, records the due reminders with ``INSERT ... ON CONFLICT DO NOTHING`` (so two
sweeps, or a retried task, record each reminder once), and queues their sending in
messages of SEND_BATCH ids. Sending claims each row, so queuing a row twice is harmless.
"""

import datetime
import zoneinfo
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import (
    DateTimeField,
    Exists,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest

from assessments.models import Attempt
from courses.models import Enrolment, Reminder, ReminderRules
from courses.reminders.rules import (
    FOLLOW_UP_DAYS,
    GRACE_DAYS,
    Facts,
    Rules,
    due_reminders,
    local_date,
)
from modules.models import Commitment, LessonCompletion

PLAN_BATCH = 1_000
SEND_BATCH = 100
# Completed enrolments are looked at for this long: the congratulations, then the action
# plan's check-ins (the last 90 days after completion, plus the grace days).
COMPLETED_LOOKBACK = datetime.timedelta(days=max(FOLLOW_UP_DAYS) + GRACE_DAYS + 1)
NEVER = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class EnrolmentState:
    enrolment_id: int
    learner_id: int
    organisation_id: int
    cohort_id: int
    zone: zoneinfo.ZoneInfo
    facts: Facts


def with_last_activity(queryset: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    """Annotate ``last_activity`` (the learner's latest lesson completion or quiz start)
    and ``has_plan``."""
    last_lesson = Subquery(
        LessonCompletion.objects.filter(learner_id=OuterRef("learner_id"))
        .order_by("-completed_at")
        .values("completed_at")[:1],
        output_field=DateTimeField(),
    )
    last_attempt = Subquery(
        Attempt.objects.filter(learner_id=OuterRef("learner_id"))
        .order_by("-started_at")
        .values("started_at")[:1],
        output_field=DateTimeField(),
    )
    return queryset.annotate(
        last_activity=Greatest(
            Coalesce(last_lesson, Value(NEVER)), Coalesce(last_attempt, Value(NEVER))
        ),
        # Whether the check-ins have anything to ask about; never what the plan says.
        has_plan=Exists(Commitment.objects.filter(plan__learner_id=OuterRef("learner_id"))),
    )


def candidates(now: datetime.datetime) -> QuerySet[Enrolment]:
    """Enrolments that may be due a reminder: not withdrawn, an active learner, and
    either open or completed within COMPLETED_LOOKBACK."""
    return Enrolment.objects.filter(
        Q(completed_at__isnull=True) | Q(completed_at__gte=now - COMPLETED_LOOKBACK),
        withdrawn_at__isnull=True,
        learner__is_active=True,
    )


def enrolment_states(queryset: QuerySet[Enrolment]) -> Iterator[EnrolmentState]:
    """The enrolments with the facts the rules need, in one statement."""
    # order_by(): the rows' order does not matter, and Enrolment's default one costs a sort.
    rows = with_last_activity(queryset.order_by()).values_list(  # type: ignore[misc]
        "pk",
        "learner_id",
        "cohort__organisation_id",
        "cohort_id",
        "cohort__organisation__time_zone",
        "enrolled_at",
        "due_on",
        "cohort__due_on",
        "completed_at",
        "withdrawn_at",
        "last_activity",
        "due_reminders",
        "learner__optional_reminders",
        "learner__line_manager_id",
        "has_plan",
    )
    zones: dict[str, zoneinfo.ZoneInfo] = {}
    for (pk, learner_id, organisation_id, cohort_id, zone_name, enrolled_at, due_on,
         cohort_due_on, completed_at, withdrawn_at, last_activity, due_switch, optional,
         line_manager_id, has_plan) in rows:  # fmt: skip
        zone = zones.get(zone_name) or zones.setdefault(zone_name, zoneinfo.ZoneInfo(zone_name))
        yield EnrolmentState(
            enrolment_id=pk,
            learner_id=learner_id,
            organisation_id=organisation_id,
            cohort_id=cohort_id,
            zone=zone,
            facts=Facts(
                enrolled_on=local_date(enrolled_at, zone),
                due_on=due_on or cohort_due_on,
                completed_on=local_date(completed_at, zone) if completed_at else None,
                withdrawn=withdrawn_at is not None,
                last_active_on=(
                    local_date(last_activity, zone)
                    if last_activity is not None and last_activity > NEVER
                    else None
                ),
                due_reminders=due_switch,
                optional_reminders=optional,
                has_line_manager=line_manager_id is not None,
                has_plan=has_plan,
            ),
        )


def rules_for(cohort_ids: Iterable[int], organisation_ids: Iterable[int]) -> "RuleBook":
    """The rules of these cohorts and organisations: one query."""
    found = ReminderRules.objects.filter(
        Q(cohort_id__in=set(cohort_ids))
        | Q(cohort__isnull=True, organisation_id__in=set(organisation_ids))
    )
    book = RuleBook()
    for rules in found:
        if rules.cohort_id is None:
            book.by_organisation[rules.organisation_id] = Rules.of(rules)
        else:
            book.by_cohort[rules.cohort_id] = Rules.of(rules)
    return book


@dataclass
class RuleBook:
    """A cohort's own rules, else its organisation's, else the defaults."""

    by_cohort: dict[int, Rules] = field(default_factory=dict)
    by_organisation: dict[int, Rules] = field(default_factory=dict)

    def get(self, *, cohort_id: int, organisation_id: int) -> Rules:
        return self.by_cohort.get(cohort_id) or self.by_organisation.get(organisation_id) or Rules()


def id_ranges(now: datetime.datetime, *, size: int = PLAN_BATCH) -> list[tuple[int, int]]:
    """[first, last) id ranges covering the candidate enrolments; one aggregate query."""
    bounds = candidates(now).aggregate(low=Min("pk"), high=Max("pk"))
    if bounds["low"] is None:
        return []
    return [(start, start + size) for start in range(bounds["low"], bounds["high"] + 1, size)]


def plan_range(*, first_id: int, last_id: int, now: datetime.datetime) -> int:
    """Record the reminders due for enrolments with ids in [first_id, last_id).
    Idempotent: a reminder already recorded is left as it is. Returns how many rows the
    rules asked for (recorded now or before)."""
    states = list(enrolment_states(candidates(now).filter(pk__gte=first_id, pk__lt=last_id)))
    book = rules_for(
        (state.cohort_id for state in states), (state.organisation_id for state in states)
    )
    wanted: list[Reminder] = []
    for state in states:
        today = local_date(now, state.zone)
        rules = book.get(cohort_id=state.cohort_id, organisation_id=state.organisation_id)
        wanted.extend(
            Reminder(
                enrolment_id=state.enrolment_id,
                recipient_id=state.learner_id,
                organisation_id=state.organisation_id,
                kind=due.kind,
                scheduled_for=due.scheduled_for,
                sequence=due.sequence,
                copy_line_manager=due.copy_line_manager,
                next_attempt_at=now,
                created_at=now,
            )
            for due in due_reminders(state.facts, rules, today)
        )
    Reminder.objects.bulk_create(wanted, ignore_conflicts=True, batch_size=500)
    return len(wanted)


def reclaim_stale(now: datetime.datetime) -> int:
    """Rows left SENDING by a worker that died (killed, or the machine lost) go back to
    PENDING once their lease is over, to be sent again; the attempt is counted. A row
    whose every attempt ended that way (a message that kills its worker, say) is FAILED
    rather than tried forever. Returns how many went back."""
    lease = datetime.timedelta(seconds=settings.REMINDER_SENDING_LEASE_SECONDS)
    stale = Reminder.objects.filter(status=Reminder.Status.SENDING, claimed_at__lt=now - lease)
    stale.filter(attempts__gt=len(settings.REMINDER_RETRY_DELAYS)).update(
        status=Reminder.Status.FAILED,
        last_error="The worker sending it stopped before it finished, on every attempt.",
    )
    return stale.update(status=Reminder.Status.PENDING, next_attempt_at=now, dispatched_at=None)


def due_to_send(now: datetime.datetime) -> QuerySet[Reminder]:
    """PENDING rows whose time has come and that are not already queued (a row queued
    longer than the lease ago is queued again: its message may have been lost, e.g. in a
    broker restart)."""
    lease = datetime.timedelta(seconds=settings.REMINDER_SENDING_LEASE_SECONDS)
    return Reminder.objects.filter(
        Q(dispatched_at__isnull=True) | Q(dispatched_at__lt=now - lease),
        status=Reminder.Status.PENDING,
        next_attempt_at__lte=now,
    )


def take_batches(queryset: QuerySet[Reminder], now: datetime.datetime) -> Iterator[list[int]]:
    """Mark the rows queued and yield their ids in batches of SEND_BATCH, reading ids a
    batch at a time so memory stays flat."""
    last = 0
    while True:
        ids = list(
            queryset.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:SEND_BATCH]
        )
        if not ids:
            return
        Reminder.objects.filter(pk__in=ids).update(dispatched_at=now)
        last = ids[-1]
        yield ids
