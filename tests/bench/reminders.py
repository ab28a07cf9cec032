"""The reminder sweep's figures: deciding and queuing every due reminder for 10,000 and
for 100,000 open enrolments with one real Celery worker, and that worker's peak memory.

What is measured, and why:

* The sweep covers every organisation in the database, so this part starts from a fresh
  benchmark database of its own (the page benchmark's managers, all enrolled today, would
  each be due a welcome and blur the comparison). Each size is a separate organisation,
  seeded with bulk inserts: line managers for most learners, cohorts started over the
  last five months and due two to four months after their start, some personal due
  dates and cohorts with rules of their own, lesson completions and quiz attempts spread
  over six weeks, a few enrolments made in the last two days or completed in the last
  three, so that a realistic share (about a quarter, digests included) is due a reminder
  today: before, on or after the due date, for inactivity, a welcome, congratulations,
  and on Mondays (or the two days after) the line managers' digests. Once measured, an
  organisation's enrolments are withdrawn, so the next sweep sees only the next one's.
* The worker is ``celery worker --pool solo``: one process that runs every task itself,
  so the pid started is the one whose memory is read, with no child and no pipe between
  a parent and a child (prefork with concurrency 1 would add both, and forking copies
  the parent's pages into the measured child). A fresh worker per size, since VmHWM
  (the kernel's peak resident set size, /proc/<pid>/status) only ever goes up.
* The broker is Redis when REDIS_URL is set (database REDIS_DB, flushed before and
  after), else kombu's file-system transport in a temporary folder; both are private to
  the run. Mail goes to Django's dummy backend, so sending costs next to nothing.
* The clock starts when this process publishes one ``sweep_reminders_task`` and stops
  when the sweep is done: the worker has logged the sweep's success with the number of
  planning tasks it queued (its return value), and then that many
  ``plan_reminders_task`` successes (each records its range's due reminders and queues
  their sending before it returns). The worker log is read every POLL_S, and the wait
  is bounded by WAIT_LIMIT_S. The database is checked then: a reminder PENDING without
  ``dispatched_at`` (recorded but never queued), or fewer rows recorded than the
  planning tasks say the rules asked for, is reported as a failure. Tasks run in the
  order queued, so the sends the planning tasks queue run after the last of them and
  are not in the figure.
* Peak memory is the worker's VmHWM when the sweep is done, beside its resident set
  when it was ready (idle). Flat means the same for 10x the enrolments.
"""

import datetime
import io
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import django
from django.apps import apps

if __name__ == "__main__" and not apps.ready:  # run alone: python -m tests.bench.reminders
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.bench"
    django.setup()

# The models can be imported only once Django is set up, just above.
import redis
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone
from kombu import Connection

from assessments.models import Attempt, Quiz
from config.settings.bench import filesystem_broker_options
from courses.models import Cohort, Course, Enrolment, Reminder, ReminderRules
from courses.tasks import sweep_reminders_task
from modules.models import Lesson, LessonCompletion
from tests.bench.database import recreate_database
from tests.bench.seed import COURSE_SLUG
from users.models import Organisation, User

SIZES = (10_000, 100_000)  # enrolments; the first is the baseline for memory
SWEEP_BUDGET_S = 60.0  # for the largest size
MEMORY_RATIO_BUDGET = 2.0  # peak memory, largest over smallest size
WAIT_LIMIT_S = 150.0  # per sweep; a sweep still running then is reported unfinished
POLL_S = 0.05
READY_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 10.0
REDIS_DB = 14
RNG_SEED = 2026
BATCH_SIZE = 2_000
TIME_ZONE = "Europe/Copenhagen"

# The organisation's shape.
COHORT_SIZE = 250
REPORTS_PER_MANAGER = 12  # one learner in this many is someone's line manager
WITH_LINE_MANAGER = 0.7
STARTED_DAYS_AGO = (5, 150)  # cohorts' start dates
COURSE_DAYS = (60, 90, 120)  # from the start to the due date
PERSONAL_DUE_DAYS = (-45, 100)  # personal due dates, from today
COHORTS_WITHOUT_DUE_DATE = 0.05
COHORTS_WITH_OWN_RULES = 0.1
PERSONAL_DUE_DATE = 0.1
ENROLLED_RECENTLY = 0.01  # in the last two days: a welcome
COMPLETED_RECENTLY = 0.03  # in the last three days: congratulations
DUE_REMINDERS_OFF = 0.02
OPTIONAL_REMINDERS_OFF = 0.03
ACTIVE = 0.7  # learners with lesson completions, the last within ACTIVE_WITHIN
ACTIVE_WITHIN = datetime.timedelta(days=42)
WITH_ATTEMPT = 0.3  # of the active, those who also took the first quiz

CELERY_SUCCEEDED = re.compile(
    r"Task courses\.tasks\.(?P<task>\w+)\[[^\]]+\] succeeded in (?P<seconds>[0-9.e-]+)s: "
    r"(?P<result>.*)$"
)
CELERY_ERROR = re.compile(r": (ERROR|CRITICAL)/")
CELERY_READY = re.compile(r"\] \S+@\S+ ready\.$")


class SweepFailedError(Exception):
    """The worker reported an error, or exited, during a sweep."""


# Seeding ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Seeded:
    organisation: Organisation
    enrolments: int
    cohorts: int
    line_managers: int
    completions: int
    attempts: int
    seconds: float


@dataclass(frozen=True)
class _Course:
    course: Course
    lesson_ids: list[int]
    quiz: Quiz


def _shipped_course() -> _Course:
    course = Course.objects.get(slug=COURSE_SLUG)
    lesson_ids = list(
        Lesson.objects.published()
        .filter(module__is_published=True, module__course_modules__course=course)
        .order_by("module__course_modules__position", "position", "pk")
        .values_list("pk", flat=True)
    )
    quiz = Quiz.objects.get(
        module__course_modules__course=course,
        module__course_modules__position=1,
        lesson__isnull=True,
    )
    return _Course(course=course, lesson_ids=lesson_ids, quiz=quiz)


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


@transaction.atomic
def seed_organisation(
    *, enrolments: int, shipped: _Course, rng: random.Random, now: datetime.datetime
) -> Seeded:
    """An organisation with ``enrolments`` learners, each enrolled once, none withdrawn
    and none completed more than three days ago: every one a candidate for the sweep."""
    started = time.perf_counter()
    zone = zoneinfo.ZoneInfo(TIME_ZONE)
    today = now.astimezone(zone).date()
    slug = f"reminders-{enrolments}"
    organisation = Organisation.objects.create(
        name=f"Reminder bench {enrolments:,}", slug=slug, time_zone=TIME_ZONE
    )
    ReminderRules.objects.create(organisation=organisation)
    count = max(1, enrolments // COHORT_SIZE)
    cohorts = _create_cohorts(organisation, shipped.course, count, rng, today)
    learner_ids, managers = _create_learners(organisation, slug, enrolments, rng)
    completions = attempts = 0
    for start in range(0, enrolments, BATCH_SIZE):
        rows = _learner_rows(
            learner_ids[start : start + BATCH_SIZE], start, cohorts, shipped, rng, now, zone
        )
        Enrolment.objects.bulk_create(rows.enrolments, batch_size=BATCH_SIZE)
        LessonCompletion.objects.bulk_create(rows.completions, batch_size=BATCH_SIZE)
        Attempt.objects.bulk_create(rows.attempts, batch_size=BATCH_SIZE)
        completions += len(rows.completions)
        attempts += len(rows.attempts)
    return Seeded(
        organisation=organisation,
        enrolments=enrolments,
        cohorts=len(cohorts),
        line_managers=managers,
        completions=completions,
        attempts=attempts,
        seconds=time.perf_counter() - started,
    )


def _create_cohorts(
    organisation: Organisation,
    course: Course,
    count: int,
    rng: random.Random,
    today: datetime.date,
) -> list[Cohort]:
    """Cohorts started over the last five months, due two to four months after their
    start (so from three months ago to four months ahead); about one in ten has rules of
    its own, which replace the organisation's."""
    cohorts = []
    for number in range(1, count + 1):
        starts_on = today - _days(rng.randint(*STARTED_DAYS_AGO))
        cohorts.append(
            Cohort(
                organisation=organisation,
                course=course,
                name=f"Wave {number}",
                starts_on=starts_on,
                due_on=(
                    None
                    if rng.random() < COHORTS_WITHOUT_DUE_DATE
                    else starts_on + _days(rng.choice(COURSE_DAYS))
                ),
            )
        )
    created = Cohort.objects.bulk_create(cohorts)
    ReminderRules.objects.bulk_create(
        ReminderRules(
            organisation=organisation,
            cohort=cohort,
            before_due_days=[14, 3],
            overdue_every_days=5,
            overdue_times=4,
            inactivity_days=10,
        )
        for cohort in created
        if rng.random() < COHORTS_WITH_OWN_RULES
    )
    return created


def _create_learners(
    organisation: Organisation, slug: str, count: int, rng: random.Random
) -> tuple[list[int], int]:
    """The learners (line managers first, who are learners too); their ids in order and
    the number of line managers."""
    managers = max(1, count // REPORTS_PER_MANAGER)

    def learner(number: int, line_manager_id: int | None) -> User:
        return User(
            email=f"{slug}-{number:06d}@reminders.bench.example.com",
            first_name="Learner",
            last_name=f"{number:06d}",
            organisation=organisation,
            department=f"Store {number % 80:02d}",
            line_manager_id=line_manager_id,
            language=rng.choice(("da", "en", "")),
            optional_reminders=rng.random() >= OPTIONAL_REMINDERS_OFF,
            password="!",  # unusable: nobody signs in
        )

    User.objects.bulk_create((learner(n, None) for n in range(managers)), batch_size=BATCH_SIZE)
    manager_ids = _member_ids(organisation)
    for start in range(managers, count, BATCH_SIZE):
        User.objects.bulk_create(
            learner(n, rng.choice(manager_ids) if rng.random() < WITH_LINE_MANAGER else None)
            for n in range(start, min(start + BATCH_SIZE, count))
        )
    return _member_ids(organisation), managers


def _member_ids(organisation: Organisation) -> list[int]:
    return list(
        User.objects.filter(organisation=organisation).order_by("pk").values_list("pk", flat=True)
    )


@dataclass
class _Rows:
    enrolments: list[Enrolment] = field(default_factory=list)
    completions: list[LessonCompletion] = field(default_factory=list)
    attempts: list[Attempt] = field(default_factory=list)


def _learner_rows(
    learner_ids: list[int],
    first: int,
    cohorts: list[Cohort],
    shipped: _Course,
    rng: random.Random,
    now: datetime.datetime,
    zone: zoneinfo.ZoneInfo,
) -> _Rows:
    """Each learner's enrolment, and for the active ones their lesson completions (and
    perhaps a quiz attempt), the last of them within ACTIVE_WITHIN."""
    today = now.astimezone(zone).date()
    rows = _Rows()
    for offset, learner_id in enumerate(learner_ids):
        cohort = cohorts[(first + offset) % len(cohorts)]
        draw = rng.random()
        if draw < ENROLLED_RECENTLY:
            enrolled_at = now - datetime.timedelta(hours=rng.uniform(1, 40))
        else:
            start = datetime.datetime.combine(cohort.starts_on, datetime.time(8), tzinfo=zone)
            enrolled_at = min(
                start + datetime.timedelta(minutes=rng.randint(0, 2 * 24 * 60)),
                now - datetime.timedelta(hours=1),
            )
        completed = ENROLLED_RECENTLY <= draw < ENROLLED_RECENTLY + COMPLETED_RECENTLY
        rows.enrolments.append(
            Enrolment(
                cohort=cohort,
                learner_id=learner_id,
                enrolled_at=enrolled_at,
                due_on=(
                    today + _days(rng.randint(*PERSONAL_DUE_DAYS))
                    if rng.random() < PERSONAL_DUE_DATE
                    else None
                ),
                due_reminders=rng.random() >= DUE_REMINDERS_OFF,
                completed_at=(
                    now - datetime.timedelta(hours=rng.uniform(1, 70)) if completed else None
                ),
            )
        )
        last_active = now - rng.random() * ACTIVE_WITHIN
        if rng.random() >= ACTIVE or last_active <= enrolled_at:
            continue
        done = shipped.lesson_ids[: rng.randint(1, 6)]
        rows.completions.extend(
            LessonCompletion(
                learner_id=learner_id,
                lesson_id=lesson_id,
                completed_at=last_active - datetime.timedelta(hours=6 * (len(done) - position)),
            )
            for position, lesson_id in enumerate(done, start=1)
        )
        if rng.random() < WITH_ATTEMPT:
            rows.attempts.append(
                Attempt(
                    quiz=shipped.quiz,
                    learner_id=learner_id,
                    number=1,
                    quiz_version=shipped.quiz.version,
                    started_at=last_active - datetime.timedelta(minutes=30),
                    submitted_at=last_active - datetime.timedelta(minutes=10),
                    score=rng.choice([50, 62.5, 75, 87.5, 100]),
                    passed=rng.random() < 0.6,
                )
            )
    return rows


def retire(organisation: Organisation, now: datetime.datetime) -> None:
    """Withdraw the organisation's enrolments: the next sweep no longer looks at them."""
    Enrolment.objects.filter(cohort__organisation=organisation).update(withdrawn_at=now)


# The broker and the worker ------------------------------------------------------------


@dataclass(frozen=True)
class Broker:
    url: str
    transport_options: dict[str, object]
    folder: Path | None  # the file-system transport's; None on Redis

    def worker_environment(self) -> dict[str, str]:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.bench",
            "DATABASE_URL": settings.BENCH_DATABASE_URL,
            "CELERY_BROKER_URL": self.url,
            "BENCH_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        }
        if self.folder is not None:
            env["BENCH_CELERY_FOLDER"] = str(self.folder)
        return env


@contextmanager
def private_broker(work: Path) -> Iterator[Broker]:
    """A broker only this run uses: a flushed Redis database, or a folder under ``work``."""
    if settings.REDIS_URL:
        url = urlunsplit(urlsplit(settings.REDIS_URL)._replace(path=f"/{REDIS_DB}"))
        client = redis.Redis.from_url(url)
        client.flushdb()
        try:
            yield Broker(url=url, transport_options={}, folder=None)
        finally:
            client.flushdb()
            client.close()
        return
    folder = work / "broker"
    options = filesystem_broker_options(folder)
    for key in ("data_folder_in", "processed_folder", "control_folder"):
        Path(str(options[key])).mkdir(parents=True, exist_ok=True)
    yield Broker(url="filesystem://", transport_options=options, folder=folder)


def _broker_description() -> str:
    if settings.REDIS_URL:
        return f"Redis (db {REDIS_DB})"
    return "kombu file-system transport (temporary folder)"


class WorkerLog:
    """What the worker has logged so far, read a little more at a time."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._offset = 0
        self._partial = ""
        self.ready = False
        self.planning_tasks: int | None = None  # the sweep's return value, once it succeeded
        self.sweep_seconds = 0.0  # the sweep task's own run: fan-out and digests
        self.plan_seconds: list[float] = []
        self.planned = 0  # reminders the planning tasks said the rules asked for
        self.errors: list[str] = []

    def tail(self, lines: int = 20) -> str:
        return "\n".join(self.path.read_text(errors="replace").splitlines()[-lines:])

    @property
    def planning_done(self) -> bool:
        return self.planning_tasks is not None and len(self.plan_seconds) >= self.planning_tasks

    def read(self) -> None:
        with self.path.open("rb") as log:
            log.seek(self._offset)
            data = log.read()
        self._offset += len(data)
        *lines, self._partial = (self._partial + data.decode(errors="replace")).split("\n")
        for line in lines:
            self._parse(line)

    def _parse(self, line: str) -> None:
        if CELERY_READY.search(line):
            self.ready = True
        elif CELERY_ERROR.search(line):
            self.errors.append(line)
        elif match := CELERY_SUCCEEDED.search(line):
            if match["task"] == "sweep_reminders_task":
                self.planning_tasks = int(match["result"])
                self.sweep_seconds = float(match["seconds"])
            elif match["task"] == "plan_reminders_task":
                self.plan_seconds.append(float(match["seconds"]))
                self.planned += int(match["result"])


@dataclass(frozen=True)
class Worker:
    process: subprocess.Popen[bytes]
    log: WorkerLog

    def check(self) -> None:
        self.log.read()
        if self.log.errors:
            raise SweepFailedError("The worker logged an error:\n" + "\n".join(self.log.errors))
        if self.process.poll() is not None:
            raise SweepFailedError(
                f"The worker exited with status {self.process.returncode}:\n{self.log.tail()}"
            )


@contextmanager
def running_worker(broker: Broker, work: Path) -> Iterator[Worker]:
    """One solo-pool worker on the broker, stopped on the way out whatever happens."""
    log_path = work / "worker.log"
    command = [
        *_celery_command(),
        "--app=config",
        "worker",
        "--pool=solo",
        "--concurrency=1",
        "--loglevel=INFO",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        f"--hostname=reminders-bench-{os.getpid()}@%h",
    ]
    with log_path.open("wb") as output:
        process = subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            env=broker.worker_environment(),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        worker = Worker(process=process, log=WorkerLog(log_path))
        deadline = time.monotonic() + READY_TIMEOUT_S
        while not worker.log.ready:
            worker.check()
            if time.monotonic() > deadline:
                raise SweepFailedError(
                    f"The worker was not ready within {READY_TIMEOUT_S:g} s:\n{worker.log.tail()}"
                )
            time.sleep(POLL_S)
        yield worker
    finally:
        _stop(process)


def _celery_command() -> list[str]:
    """The virtualenv's celery script, beside the running interpreter."""
    script = Path(sys.executable).with_name("celery")
    return [str(script)] if script.exists() else [sys.executable, "-m", "celery"]


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM (a warm shutdown: the task running finishes), SIGKILL after a timeout."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def memory_kib(pid: int, field_name: str) -> int:
    """A memory figure of a running process from /proc (VmHWM: peak resident set)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name == field_name:
            return int(value.split()[0])
    raise RuntimeError(f"No {field_name} in /proc/{pid}/status.")


# One sweep ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SweepFigures:
    seeded: Seeded
    finished: bool  # within WAIT_LIMIT_S
    elapsed_s: float
    planning_tasks: int
    planning_finished: int
    sweep_task_s: float
    task_median_s: float
    task_max_s: float
    planned: int  # the planning tasks' own count
    recorded: int  # rows this sweep recorded, digests included
    digests: int
    by_kind: dict[str, int]
    not_queued: int  # PENDING without dispatched_at, when the sweep was done
    idle_kib: int  # the worker's resident set when ready
    peak_kib: int  # its VmHWM when the sweep was done

    @property
    def rate(self) -> float:
        return self.seeded.enrolments / self.elapsed_s


def measure_sweep(seeded: Seeded, work: Path) -> SweepFigures:
    """One sweep through a fresh worker on a fresh broker, timed to the last reminder
    queued."""
    with private_broker(work) as broker, running_worker(broker, work) as worker:
        idle_kib = memory_kib(worker.process.pid, "VmRSS")
        started_at = timezone.now()
        started = time.perf_counter()
        with (
            Connection(broker.url, transport_options=broker.transport_options) as conn,
            conn.Producer() as producer,
        ):
            sweep_reminders_task.apply_async(producer=producer)
        deadline = time.monotonic() + WAIT_LIMIT_S
        while True:
            worker.check()
            if worker.log.planning_done or time.monotonic() > deadline:
                break
            time.sleep(POLL_S)
        elapsed = time.perf_counter() - started
        peak_kib = memory_kib(worker.process.pid, "VmHWM")
        not_queued = Reminder.objects.filter(
            status=Reminder.Status.PENDING, dispatched_at__isnull=True
        ).count()
        log = worker.log
    recorded = Reminder.objects.filter(created_at__gte=started_at)
    by_kind = dict(
        recorded.values("kind").annotate(n=Count("pk")).order_by("kind").values_list("kind", "n")
    )
    return SweepFigures(
        seeded=seeded,
        finished=log.planning_done,
        elapsed_s=elapsed,
        planning_tasks=log.planning_tasks or 0,
        planning_finished=len(log.plan_seconds),
        sweep_task_s=log.sweep_seconds,
        task_median_s=statistics.median(log.plan_seconds) if log.plan_seconds else 0.0,
        task_max_s=max(log.plan_seconds, default=0.0),
        planned=log.planned,
        recorded=sum(by_kind.values()),
        digests=by_kind.get(Reminder.Kind.DIGEST, 0),
        by_kind=by_kind,
        not_queued=not_queued,
        idle_kib=idle_kib,
        peak_kib=peak_kib,
    )


# The run ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReminderFigures:
    database: str
    broker: str
    sweeps: list[SweepFigures]


def measure_reminders() -> ReminderFigures:
    """A fresh database, then each size in turn: seed, sweep, withdraw."""
    print(f"\nReminder sweep: fresh database, then {' and '.join(f'{n:,}' for n in SIZES)}")
    _fresh_database()
    shipped = _shipped_course()
    rng = random.Random(RNG_SEED)
    sweeps = []
    with tempfile.TemporaryDirectory(prefix="bench-reminders-") as temporary:
        for size in SIZES:
            work = Path(temporary) / str(size)
            work.mkdir()
            now = timezone.now()
            seeded = seed_organisation(enrolments=size, shipped=shipped, rng=rng, now=now)
            print(
                f"  seeded {size:,} enrolments in {seeded.seconds:.1f} s ({seeded.cohorts:,} "
                f"cohorts, {seeded.line_managers:,} line managers, {seeded.completions:,} "
                f"lesson completions, {seeded.attempts:,} quiz attempts)"
            )
            _refresh_statistics()
            sweeps.append(measure_sweep(seeded, work))
            print(f"  swept {size:,} enrolments in {sweeps[-1].elapsed_s:.1f} s")
            retire(seeded.organisation, timezone.now())
    return ReminderFigures(database=_database_name(), broker=_broker_description(), sweeps=sweeps)


def _refresh_statistics() -> None:
    """A database that has run for a while knows its tables' sizes; one just filled by bulk
    inserts does not until autovacuum gets round to it, and plans as if they were empty.
    Measure the former."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _fresh_database() -> None:
    connection.close()  # the old file or database goes; so must the connection to it
    recreate_database()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_content", stdout=io.StringIO())


def _database_name() -> str:
    version = ".".join(str(part) for part in connection.get_database_version())
    return f"{connection.display_name} {version}"


# The report ---------------------------------------------------------------------------

COLUMNS = (
    ("enrolments", 10),
    ("sweep s", 8),
    ("enrol./s", 8),
    ("sweep task s", 12),
    ("tasks", 6),
    ("task p50 s", 10),
    ("task max s", 10),
    ("reminders", 9),
    ("reminders/s", 11),
    ("peak MiB", 9),
    ("idle MiB", 9),
)


def print_reminders(figures: ReminderFigures) -> None:
    print()
    print(
        f"Reminder sweep: one Celery worker (--pool solo), {figures.broker}, "
        f"{figures.database}, dummy mail backend"
    )
    print(_row(name for name, _width in COLUMNS))
    print(_row("-" * width for _name, width in COLUMNS))
    for sweep in figures.sweeps:
        print(_row(_cells(sweep)))
    for sweep in figures.sweeps:
        kinds = ", ".join(f"{kind} {count:,}" for kind, count in sweep.by_kind.items())
        print(f"{sweep.seeded.enrolments:>10,}: {kinds}")
    print()
    for sweep in figures.sweeps:
        if not sweep.finished:
            print(
                f"{sweep.seeded.enrolments:,} enrolments: NOT FINISHED within {WAIT_LIMIT_S:g} s "
                f"({sweep.planning_finished} of {sweep.planning_tasks or '?'} planning tasks)"
            )
        if sweep.not_queued or sweep.recorded - sweep.digests != sweep.planned:
            print(
                f"{sweep.seeded.enrolments:,} enrolments: FAIL, {sweep.not_queued:,} "
                f"reminders recorded but not queued, {sweep.recorded - sweep.digests:,} "
                f"recorded for enrolments, {sweep.planned:,} asked for by the rules"
            )
    largest, smallest = figures.sweeps[-1], figures.sweeps[0]
    in_time = largest.finished and largest.elapsed_s < SWEEP_BUDGET_S
    print(
        f"Sweep of {largest.seeded.enrolments:,} enrolments decided and queued in "
        f"{largest.elapsed_s:.1f} s (budget < {SWEEP_BUDGET_S:g} s: {_verdict(in_time)})"
    )
    ratio = largest.peak_kib / smallest.peak_kib
    growth = (largest.peak_kib - largest.idle_kib) / 1024
    print(
        f"Worker peak memory: {smallest.peak_kib / 1024:,.1f} MiB for "
        f"{smallest.seeded.enrolments:,} enrolments, {largest.peak_kib / 1024:,.1f} MiB for "
        f"{largest.seeded.enrolments:,} ({ratio:.2f}x for "
        f"{largest.seeded.enrolments // smallest.seeded.enrolments}x the enrolments; "
        f"budget < {MEMORY_RATIO_BUDGET:g}x: {_verdict(ratio < MEMORY_RATIO_BUDGET)}; "
        f"{growth:,.1f} MiB above the idle worker)"
    )


def _cells(sweep: SweepFigures) -> list[str]:
    return [
        f"{sweep.seeded.enrolments:,}",
        f"{sweep.elapsed_s:.1f}" + ("" if sweep.finished else "+"),
        f"{sweep.rate:,.0f}",
        f"{sweep.sweep_task_s:.2f}",
        str(sweep.planning_tasks),
        f"{sweep.task_median_s:.3f}",
        f"{sweep.task_max_s:.3f}",
        f"{sweep.recorded:,}",
        f"{sweep.recorded / sweep.elapsed_s:,.0f}",
        f"{sweep.peak_kib / 1024:,.1f}",
        f"{sweep.idle_kib / 1024:,.1f}",
    ]


def _row(cells: Iterator[str] | list[str]) -> str:
    return " | ".join(
        f"{cell:<{width}}" if index == 0 else f"{cell:>{width}}"
        for index, (cell, (_name, width)) in enumerate(zip(cells, COLUMNS, strict=True))
    )


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main() -> int:
    """Only this part: ``python -m tests.bench.reminders``."""
    started = time.perf_counter()
    try:
        print_reminders(measure_reminders())
    except SweepFailedError as error:
        print(f"FAILED: {error}", file=sys.stderr)
        return 1
    print(f"\nReminder run time: {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
