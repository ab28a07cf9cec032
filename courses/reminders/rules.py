"""Which reminders an enrolment is due, as a pure function of its facts and the rules.

Everything here works on calendar dates in the organisation's time zone, so "7 days
before" is seven days on the recipient's calendar whatever daylight-saving does to the
hours in between. The same function decides twice: when the sweep records reminders, and
again just before one is sent, so a reminder that no longer applies (the learner
finished, was withdrawn, or got a later due date) is skipped rather than sent.
"""

import datetime
import zoneinfo
from dataclasses import dataclass

from courses.models import Reminder, ReminderRules

Kind = Reminder.Kind

# A reminder whose day was missed (the beat was down, say) still goes out this many days
# late; after that it is dropped rather than sent out of date.
GRACE_DAYS = 2
# Check-ins on the action plan, in days after completing the course.
FOLLOW_UP_DAYS = (30, 60, 90)


@dataclass(frozen=True)
class Rules:
    welcome: bool = True
    due_reminders: bool = True
    before_due_days: tuple[int, ...] = (7, 1)
    on_due_date: bool = True
    overdue_every_days: int = 7
    overdue_times: int = 3
    inactivity_days: int = 14
    completion: bool = True
    follow_ups: bool = True

    @classmethod
    def of(cls, rules: ReminderRules | None) -> "Rules":
        if rules is None:
            return cls()
        return cls(
            welcome=rules.welcome,
            due_reminders=rules.due_reminders,
            before_due_days=tuple(sorted({int(days) for days in rules.before_due_days})),
            on_due_date=rules.on_due_date,
            overdue_every_days=max(1, rules.overdue_every_days),
            overdue_times=rules.overdue_times,
            inactivity_days=rules.inactivity_days,
            completion=rules.completion,
            follow_ups=rules.follow_ups,
        )


@dataclass(frozen=True)
class Facts:
    """What the rules need to know about one enrolment, in local calendar dates."""

    enrolled_on: datetime.date
    due_on: datetime.date | None = None
    completed_on: datetime.date | None = None
    withdrawn: bool = False
    last_active_on: datetime.date | None = None
    due_reminders: bool = True  # HR's switch for this learner
    optional_reminders: bool = True  # the learner's own switch
    has_line_manager: bool = False
    has_plan: bool = False  # at least one commitment in the learner's action plan


@dataclass(frozen=True)
class Due:
    kind: str
    scheduled_for: datetime.date
    sequence: int = 1  # days before the due date, or the number of an overdue reminder
    copy_line_manager: bool = False


def local_date(moment: datetime.datetime, zone: zoneinfo.ZoneInfo) -> datetime.date:
    return moment.astimezone(zone).date()


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def due_reminders(facts: Facts, rules: Rules, today: datetime.date) -> list[Due]:
    """The reminders due today (or missed within GRACE_DAYS) for this enrolment."""
    if facts.withdrawn:
        return []

    def recent(day: datetime.date) -> bool:
        return day <= today <= day + _days(GRACE_DAYS)

    if facts.completed_on is not None:
        if rules.completion and recent(facts.completed_on):
            return [Due(Kind.COMPLETION, facts.completed_on)]
        if rules.follow_ups and facts.has_plan:
            for days in FOLLOW_UP_DAYS:
                day = facts.completed_on + _days(days)
                if recent(day):
                    return [Due(Kind.FOLLOW_UP, day, sequence=days)]
        return []

    found: list[Due] = []
    if rules.welcome and recent(facts.enrolled_on):
        found.append(Due(Kind.WELCOME, facts.enrolled_on))

    due = facts.due_on
    dated: list[Due] = []
    if due is not None and rules.due_reminders and facts.due_reminders:
        for days in rules.before_due_days:
            day = due - _days(days)
            if today < due and day > facts.enrolled_on and recent(day):
                dated.append(Due(Kind.BEFORE_DUE, day, sequence=days))
        if rules.on_due_date and recent(due):
            dated.append(Due(Kind.ON_DUE, due))
        for number in range(1, rules.overdue_times + 1):
            day = due + _days(number * rules.overdue_every_days)
            if recent(day):
                dated.append(
                    Due(
                        Kind.OVERDUE,
                        day,
                        sequence=number,
                        copy_line_manager=number >= 2 and facts.has_line_manager,
                    )
                )
    if dated:
        # When missed days make several fall together, only the latest is still news.
        found.append(max(dated, key=lambda item: item.scheduled_for))
    elif rules.inactivity_days and facts.optional_reminders:
        quiet_since = max(facts.last_active_on or facts.enrolled_on, facts.enrolled_on)
        day = quiet_since + _days(rules.inactivity_days)
        if recent(day):
            found.append(Due(Kind.INACTIVITY, day, sequence=rules.inactivity_days))
    return found


def still_due(
    *, kind: str, scheduled_for: datetime.date, facts: Facts, rules: Rules, today: datetime.date
) -> bool:
    """Whether a recorded reminder still applies just before it is sent."""
    if kind == Kind.NUDGE:
        return not facts.withdrawn and facts.completed_on is None
    return any(
        item.kind == kind and item.scheduled_for == scheduled_for
        for item in due_reminders(facts, rules, today)
    )
