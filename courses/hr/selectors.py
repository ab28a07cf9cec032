"""Read use cases for the HR area. Reports aggregate in the database: a page of a cohort
of thousands runs the same few queries as one of ten.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.db.models import (
    Avg,
    Count,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest, TruncDate
from django.utils.translation import gettext_lazy as _

from assessments.models import Attempt
from assessments.selectors import QuizStanding, attempt_summaries_of_learners
from courses.models import Cohort, Enrolment, Reminder
from courses.selectors import Outline, get_course_outline
from modules.models import LessonCompletion
from users.models import Organisation, User

# Stands in for "never" where the database compares dates, so NULLs sort last everywhere.
NEVER = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
PAGE_SIZE = 50


class Status:
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    OVERDUE = "overdue"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"

    LABELS = {
        NOT_STARTED: _("Not started"),
        IN_PROGRESS: _("In progress"),
        OVERDUE: _("Overdue"),
        COMPLETED: _("Completed"),
        WITHDRAWN: _("Withdrawn"),
    }
    # A filter, not a row status: invited people who have not chosen a password yet, in
    # whatever state their enrolment is.
    INVITATION_PENDING = "invitation_pending"
    FILTERS = {**LABELS, INVITATION_PENDING: _("Invitation not accepted")}


# The cohort list ------------------------------------------------------------------------


def list_cohorts(organisation: Organisation, *, today: datetime.date) -> QuerySet[Cohort]:
    """The organisation's cohorts with ``size`` (active learners), ``completed`` and
    ``overdue`` counted in the same query."""
    active = Q(enrolments__withdrawn_at__isnull=True)
    open_ = active & Q(enrolments__completed_at__isnull=True)
    past_due = Q(enrolments__due_on__lt=today) | Q(
        enrolments__due_on__isnull=True, due_on__lt=today
    )
    return (
        Cohort.objects.filter(organisation=organisation)
        .select_related("course")
        .annotate(
            size=Count("enrolments", filter=active),
            completed=Count(
                "enrolments", filter=active & Q(enrolments__completed_at__isnull=False)
            ),
            overdue=Count("enrolments", filter=open_ & past_due),
        )
        .order_by("-starts_on", "name")
    )


def cohort_outline(cohort: Cohort) -> Outline:
    """The outline of the cohort's course; no query when the cohort came from
    get_cohort_for_hr_or_404, which reads the content version with it."""
    version = vars(cohort).get("content_version")
    return get_course_outline(cohort.course_id, version=None if version is None else int(version))


def completion_percent(completed: int, size: int) -> int:
    return round(100 * completed / size) if size else 0


# The cohort's learners -------------------------------------------------------------------

SORTS = {
    "name": ("learner__last_name", "learner__first_name", "learner__email"),
    "department": ("learner__department", "learner__last_name", "learner__first_name"),
    "progress": ("steps_done", "learner__last_name"),
    "activity": ("last_activity", "learner__last_name"),
    "due": ("due_date", "learner__last_name"),
}


def with_progress(queryset: QuerySet[Enrolment], outline: Outline) -> QuerySet[Enrolment]:
    """Annotate enrolments of the outline's course with their learners' progress, each
    a subquery in the same statement: ``lessons_done``, ``quizzes_passed``,
    ``steps_done``, ``has_attempts``, ``last_activity`` and ``due_date``."""
    lesson_ids = [entry.lesson.pk for item in outline.modules for entry in item.lessons]
    quiz_ids = [item.quiz.quiz.pk for item in outline.modules if item.quiz]
    completions = LessonCompletion.objects.filter(
        learner_id=OuterRef("learner_id"), lesson_id__in=lesson_ids
    ).order_by()
    attempts = Attempt.objects.filter(learner_id=OuterRef("learner_id"), quiz_id__in=quiz_ids)
    lessons_done = Subquery(
        completions.values("learner_id").annotate(n=Count("pk")).values("n")[:1],
        output_field=IntegerField(),
    )
    quizzes_passed = Subquery(
        attempts.filter(passed=True)
        .order_by()
        .values("learner_id")
        .annotate(n=Count("quiz_id", distinct=True))
        .values("n")[:1],
        output_field=IntegerField(),
    )
    last_lesson = Subquery(
        completions.order_by("-completed_at").values("completed_at")[:1],
        output_field=DateTimeField(),
    )
    last_attempt = Subquery(
        attempts.order_by("-started_at").values("started_at")[:1], output_field=DateTimeField()
    )
    return queryset.select_related("learner").annotate(
        lessons_done=Coalesce(lessons_done, 0),
        quizzes_passed=Coalesce(quizzes_passed, 0),
        steps_done=F("lessons_done") + F("quizzes_passed"),
        has_attempts=Exists(attempts),
        last_activity=Greatest(
            Coalesce(last_lesson, Value(NEVER)), Coalesce(last_attempt, Value(NEVER))
        ),
        due_date=Coalesce("due_on", "cohort__due_on"),
    )


def cohort_enrolments(
    cohort: Cohort,
    outline: Outline,
    *,
    today: datetime.date,
    department: str = "",
    status: str = "",
    sort: str = "name",
    descending: bool = False,
) -> QuerySet[Enrolment]:
    """The cohort's enrolments with, computed in the database: ``lessons_done`` (of the
    course's lessons), ``quizzes_passed``, ``steps_done``, ``has_attempts``,
    ``last_activity`` and ``due_date`` (the personal or else the cohort's); filtered and
    sorted as asked."""
    queryset = with_progress(Enrolment.objects.filter(cohort=cohort), outline)
    if department:
        queryset = queryset.filter(learner__department=department)
    queryset = _filter_status(queryset, status, today)
    order = SORTS.get(sort, SORTS["name"])
    if descending:
        order = tuple(f"-{field}" for field in order)
    return queryset.order_by(*order, "pk")


def page_of_enrolments(ids: Sequence[int], outline: Outline) -> list[Enrolment]:
    """These enrolments, in this order, with their progress: one query."""
    found = {
        enrolment.pk: enrolment
        for enrolment in with_progress(
            Enrolment.objects.filter(pk__in=ids), outline
        ).select_related("learner__invitation")
    }
    return [found[pk] for pk in ids if pk in found]


def _filter_status(queryset: "QuerySet[Any]", status: str, today: datetime.date) -> "QuerySet[Any]":
    """Narrow to one status; the queryset carries cohort_enrolments' annotations."""
    open_ = Q(withdrawn_at__isnull=True, completed_at__isnull=True)
    overdue = open_ & Q(due_date__lt=today)
    if status == Status.INVITATION_PENDING:
        return queryset.filter(
            learner__invitation__isnull=False, learner__invitation__accepted_at__isnull=True
        )
    if status == Status.WITHDRAWN:
        return queryset.filter(withdrawn_at__isnull=False)
    if status == Status.COMPLETED:
        return queryset.filter(withdrawn_at__isnull=True, completed_at__isnull=False)
    if status == Status.OVERDUE:
        return queryset.filter(overdue)
    if status == Status.NOT_STARTED:
        return queryset.filter(open_ & ~overdue, lessons_done=0, has_attempts=False)
    if status == Status.IN_PROGRESS:
        return queryset.filter(open_ & ~overdue).exclude(lessons_done=0, has_attempts=False)
    return queryset


def status_of(enrolment: Enrolment, today: datetime.date) -> str:
    """The enrolment's status, by the same rules as the filter above."""
    values = vars(enrolment)
    if enrolment.withdrawn_at is not None:
        return Status.WITHDRAWN
    if enrolment.completed_at is not None:
        return Status.COMPLETED
    due = values.get("due_date")
    if due is not None and due < today:
        return Status.OVERDUE
    if not values.get("lessons_done") and not values.get("has_attempts"):
        return Status.NOT_STARTED
    return Status.IN_PROGRESS


def cohort_departments(cohort: Cohort) -> list[str]:
    return list(
        Enrolment.objects.filter(cohort=cohort)
        .exclude(learner__department="")
        .order_by("learner__department")
        .values_list("learner__department", flat=True)
        .distinct()
    )


@dataclass(frozen=True)
class ModuleCell:
    """One learner's standing in one module, for the cohort table."""

    lessons_done: int
    lessons_total: int
    quiz: QuizStanding | None

    @cached_property
    def is_complete(self) -> bool:
        return self.lessons_done == self.lessons_total and (self.quiz is None or self.quiz.passed)

    @cached_property
    def score(self) -> Decimal | None:
        counted = self.quiz.counted if self.quiz else None
        return counted.score if counted else None


@dataclass(frozen=True)
class LearnerRow:
    enrolment: Enrolment
    status: str
    modules: tuple[ModuleCell, ...]
    steps_total: int

    @property
    def status_label(self) -> str:
        return str(Status.LABELS[self.status])

    @property
    def progress_percent(self) -> int:
        done = int(vars(self.enrolment).get("steps_done") or 0)
        return completion_percent(done, self.steps_total)

    @property
    def invitation_pending(self) -> bool:
        """Invited, and has not chosen a password yet (needs learner__invitation read)."""
        learner = self.enrolment.learner
        invitation = getattr(learner, "invitation", None)
        return invitation is not None and invitation.accepted_at is None

    @property
    def last_activity(self) -> datetime.datetime | None:
        value = vars(self.enrolment).get("last_activity")
        return None if value is None or value <= NEVER else value


def learner_rows(
    enrolments: Sequence[Enrolment], outline: Outline, *, today: datetime.date
) -> list[LearnerRow]:
    """Per-module cells for a page of enrolments: two queries, whatever the page size."""
    learner_ids = [enrolment.learner_id for enrolment in enrolments]
    module_of_lesson = {
        entry.lesson.pk: item.module.pk for item in outline.modules for entry in item.lessons
    }
    done: dict[tuple[int, int], int] = defaultdict(int)
    for learner_id, lesson_id in LessonCompletion.objects.filter(
        learner_id__in=learner_ids, lesson_id__in=list(module_of_lesson)
    ).values_list("learner_id", "lesson_id"):
        done[learner_id, module_of_lesson[lesson_id]] += 1
    quizzes = {item.module.pk: item.quiz.quiz for item in outline.modules if item.quiz}
    attempts = attempt_summaries_of_learners(
        learner_ids=learner_ids, quiz_ids=[quiz.pk for quiz in quizzes.values()]
    )
    steps_total = sum(len(item.lessons) + (1 if item.quiz else 0) for item in outline.modules)
    rows = []
    for enrolment in enrolments:
        cells = []
        for item in outline.modules:
            quiz = quizzes.get(item.module.pk)
            cells.append(
                ModuleCell(
                    lessons_done=done[enrolment.learner_id, item.module.pk],
                    lessons_total=len(item.lessons),
                    quiz=QuizStanding(
                        quiz=quiz, attempts=tuple(attempts.get((enrolment.learner_id, quiz.pk), ()))
                    )
                    if quiz
                    else None,
                )
            )
        rows.append(
            LearnerRow(
                enrolment=enrolment,
                status=status_of(enrolment, today),
                modules=tuple(cells),
                steps_total=steps_total,
            )
        )
    return rows


# Exports ---------------------------------------------------------------------------------

EXPORT_BATCH = 500


def export_header(outline: Outline) -> list[str]:
    modules = [
        str(
            _("Module %(number)s: %(title)s")
            % {"number": item.position, "title": item.module.title}
        )
        for item in outline.modules
    ]
    scores = [
        str(_("Quiz score, module %(number)s (%%)") % {"number": item.position})
        for item in outline.modules
        if item.quiz
    ]
    return [
        str(_("First name")),
        str(_("Last name")),
        str(_("Email")),
        str(_("Department")),
        str(_("Status")),
        str(_("Progress (per cent)")),
        *modules,
        *scores,
        str(_("Last activity")),
        str(_("Due")),
        str(_("Enrolled")),
        str(_("Completed")),
    ]


def export_rows(cohort: Cohort, outline: Outline, *, today: datetime.date) -> Iterator[list[Any]]:
    """Every learner of the cohort as a row of plain values, read in batches so memory
    stays flat however large the cohort: three queries per batch."""
    enrolments = cohort_enrolments(cohort, outline, today=today)
    batch: list[Enrolment] = []
    for enrolment in enrolments.iterator(chunk_size=EXPORT_BATCH):
        batch.append(enrolment)
        if len(batch) == EXPORT_BATCH:
            yield from _export_batch(batch, outline, today)
            batch = []
    if batch:
        yield from _export_batch(batch, outline, today)


def _export_batch(
    batch: list[Enrolment], outline: Outline, today: datetime.date
) -> Iterator[list[Any]]:
    for row in learner_rows(batch, outline, today=today):
        learner = row.enrolment.learner
        cells = [
            (
                str(_("Complete"))
                if cell.is_complete
                else f"{cell.lessons_done}/{cell.lessons_total}"
            )
            for cell in row.modules
        ]
        scores = [cell.score for cell in row.modules if cell.quiz is not None]
        yield [
            learner.first_name,
            learner.last_name,
            learner.email,
            learner.department,
            row.status_label,
            row.progress_percent,
            *cells,
            *scores,
            row.last_activity,
            vars(row.enrolment).get("due_date"),
            row.enrolment.enrolled_at,
            row.enrolment.completed_at,
        ]


# Charts ----------------------------------------------------------------------------------


def cohort_chart_data(cohort: Cohort, outline: Outline) -> dict[str, Any]:
    """The cohort page's three charts, each one aggregate query: completions over time
    (cumulative), the module funnel (learners who completed each module), and average
    progress by department. Withdrawn learners are left out."""
    active = Enrolment.objects.filter(cohort=cohort, withdrawn_at__isnull=True)
    by_day = (
        active.filter(completed_at__isnull=False)
        .annotate(day=TruncDate("completed_at"))
        .values("day")
        .annotate(n=Count("pk"))
        .order_by("day")
    )
    days, cumulative, total = [], [], 0
    for row in by_day:
        total += row["n"]
        days.append(row["day"].isoformat())
        cumulative.append(total)

    counts: dict[str, Any] = {}
    annotations: dict[str, Any] = {}
    for item in outline.modules:
        key = f"m{item.position}"
        lesson_ids = [entry.lesson.pk for entry in item.lessons]
        done = Subquery(
            LessonCompletion.objects.filter(
                learner_id=OuterRef("learner_id"), lesson_id__in=lesson_ids
            )
            .order_by()
            .values("learner_id")
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        )
        annotations[f"{key}_done"] = Coalesce(done, 0)
        condition = Q(**{f"{key}_done__gte": len(lesson_ids)})
        if item.quiz:
            annotations[f"{key}_passed"] = Exists(
                Attempt.objects.filter(
                    learner_id=OuterRef("learner_id"), quiz_id=item.quiz.quiz.pk, passed=True
                )
            )
            condition &= Q(**{f"{key}_passed": True})
        counts[key] = Count("pk", filter=condition)
    funnel = active.annotate(**annotations).aggregate(**counts) if counts else {}

    steps_total = sum(len(item.lessons) + (1 if item.quiz else 0) for item in outline.modules)
    departments = (
        cohort_enrolments(cohort, outline, today=datetime.date.min)
        .filter(withdrawn_at__isnull=True)
        .order_by()
        .values("learner__department")
        .annotate(average=Avg("steps_done"), learners=Count("pk"))
        .order_by("learner__department")
    )
    return {
        "completion": {"labels": days, "values": cumulative},
        "funnel": {
            "labels": [str(item.module.title) for item in outline.modules],
            "values": [funnel.get(f"m{item.position}", 0) for item in outline.modules],
        },
        "departments": {
            "labels": [
                row["learner__department"] or str(_("No department")) for row in departments
            ],
            "values": [
                round(100 * float(row["average"] or 0) / steps_total) if steps_total else 0
                for row in departments
            ],
        },
    }


# A line manager's team ---------------------------------------------------------------------


@dataclass(frozen=True)
class TeamCourse:
    outline: Outline
    rows: list[LearnerRow]


def team_progress(
    manager: User, *, today: datetime.date, outline_of: Callable[[int], Outline]
) -> list[TeamCourse]:
    """The progress of the manager's direct reports in each course they take (active
    enrolments only), read-only, for the line manager's page."""
    course_ids = sorted(
        set(
            Enrolment.objects.active()
            .filter(learner__line_manager=manager)
            .values_list("cohort__course_id", flat=True)
        )
    )
    found = []
    for course_id in course_ids:
        outline = outline_of(course_id)
        enrolments = list(
            with_progress(
                Enrolment.objects.active().filter(
                    learner__line_manager=manager, cohort__course_id=course_id
                ),
                outline,
            ).order_by("learner__last_name", "learner__first_name", "pk")
        )
        found.append(TeamCourse(outline, learner_rows(enrolments, outline, today=today)))
    return found


# Reminders -----------------------------------------------------------------------------------


def reminders_of_enrolment(enrolment: Enrolment, *, limit: int = 100) -> QuerySet[Reminder]:
    """What was sent to the learner about this enrolment (or is waiting), newest first."""
    return Reminder.objects.filter(enrolment=enrolment).order_by("-created_at", "-pk")[:limit]


@dataclass(frozen=True)
class SendingHealth:
    sent: int
    failed: int
    waiting: int


def sending_health(organisation: Organisation, *, now: datetime.datetime) -> SendingHealth:
    """The last 24 hours of the organisation's reminders, counted in one query."""
    since = now - datetime.timedelta(hours=24)
    counts = Reminder.objects.filter(organisation=organisation).aggregate(
        sent=Count("pk", filter=Q(status=Reminder.Status.SENT, sent_at__gte=since)),
        failed=Count("pk", filter=Q(status=Reminder.Status.FAILED, created_at__gte=since)),
        waiting=Count(
            "pk", filter=Q(status__in=[Reminder.Status.PENDING, Reminder.Status.SENDING])
        ),
    )
    return SendingHealth(**counts)


def recent_failures(
    organisation: Organisation, *, now: datetime.datetime, limit: int = 50
) -> QuerySet[Reminder]:
    since = now - datetime.timedelta(hours=24)
    return (
        Reminder.objects.filter(
            organisation=organisation, status=Reminder.Status.FAILED, created_at__gte=since
        )
        .select_related("recipient", "enrolment__cohort")
        .order_by("-created_at", "-pk")[:limit]
    )


# Action plans, in aggregate only -------------------------------------------------------------


@dataclass(frozen=True)
class PlanAdoption:
    learners: int
    with_plan: int
    checked_in: int

    @property
    def percent(self) -> int:
        return completion_percent(self.with_plan, self.learners)


def cohort_plan_adoption(cohort: Cohort) -> PlanAdoption:
    """How many of the cohort's active learners have an action plan with a commitment, and
    how many answered a follow-up check-in: one aggregate query, and never a word of what
    the plans say (they are private to each learner)."""
    plans = "learner__action_plan__commitments"
    row = Enrolment.objects.filter(cohort=cohort, withdrawn_at__isnull=True).aggregate(
        learners=Count("learner", distinct=True),
        with_plan=Count("learner", distinct=True, filter=Q(**{f"{plans}__isnull": False})),
        checked_in=Count(
            "learner", distinct=True, filter=Q(**{f"{plans}__check_ins__isnull": False})
        ),
    )
    return PlanAdoption(**row)
