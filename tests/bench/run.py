"""One benchmark run, start to finish: fresh database, seed, serve, measure, report."""

import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.bench.database import recreate_database
from tests.bench.hr import measure_hr, print_hr
from tests.bench.measure import RequestFailedError, count_queries, time_pages
from tests.bench.reminders import SweepFailedError, measure_reminders, print_reminders
from tests.bench.report import PageResult, print_report
from tests.bench.seed import COURSE_SLUG, SeedResult, seed
from tests.bench.server import running_server
from users.models import User

MANAGERS = 6_000
COHORTS = 3
RNG_SEED = 2026
WARMUP_REQUESTS = 30
MEASURED_REQUESTS = 600  # per page, in ROUNDS interleaved rounds
ROUNDS = 15


def run() -> int:
    """Run the benchmark; 0 when every request succeeded, 1 otherwise."""
    started = time.perf_counter()
    data = _prepare_data()
    # The trainer area's pages are measured with the same session.
    User.objects.filter(pk=data.measured_user.pk).update(is_trainer=True)
    client = _signed_in_client(data.measured_user)
    try:
        results = _measure(_pages(data), client, _request_headers(client))
    except RequestFailedError as error:
        print(f"FAILED: {error}", file=sys.stderr)
        return 1
    print_report(results, data=data, database=_database_name(), requests=MEASURED_REQUESTS)
    print_hr(measure_hr(client, data.cohort))
    try:
        print_reminders(measure_reminders())
    except SweepFailedError as error:
        print(f"FAILED: {error}", file=sys.stderr)
        return 1
    print(f"\nTotal run time: {time.perf_counter() - started:.1f} s")
    return 0


def _prepare_data() -> SeedResult:
    recreate_database()
    call_command("migrate", interactive=False, verbosity=0)
    print(f"Database: {_database_name()}, {settings.DATABASES['default']['NAME']}, recreated")
    call_command("load_content")
    started = time.perf_counter()
    data = seed(managers=MANAGERS, cohorts=COHORTS, rng_seed=RNG_SEED)
    print(
        f"Seeded in {time.perf_counter() - started:.1f} s: {data.managers:,} managers, "
        f"{data.cohorts} cohorts, {data.enrolments:,} enrolments, "
        f"{data.completions:,} lesson completions, {data.attempts:,} quiz attempts"
    )
    return data


def _signed_in_client(user: User) -> Client:
    """A signed-in session, stored where the server finds it (cached_db: the database)."""
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def _request_headers(client: Client) -> dict[str, str]:
    """What a browser with the client's session sends on a GET (no CSRF token needed)."""
    cookie = settings.SESSION_COOKIE_NAME
    return {"Cookie": f"{cookie}={client.cookies[cookie].value}", "Accept-Language": "en"}


def _pages(data: SeedResult) -> list[tuple[str, str]]:
    """(name, path) of each measured page; the baseline comes first."""
    course = {"course_slug": COURSE_SLUG}
    lesson = {
        **course,
        "module_slug": "customer-economics",
        "lesson_slug": "what-a-customer-is-worth",
    }
    return [
        ("minimal", "/bench/minimal/"),
        ("dashboard", reverse("courses:dashboard")),
        ("course", reverse("courses:detail", kwargs=course)),
        ("lesson", reverse("courses:lesson", kwargs=lesson)),
        ("quiz", reverse("courses:quiz", kwargs={**course, "quiz_id": data.quiz.pk})),
        (
            "attempt",
            reverse("courses:attempt", kwargs={**course, "attempt_id": data.open_attempt.pk}),
        ),
        ("exercise", reverse("courses:exercise", kwargs={**course, "block_id": _calculator_id()})),
        ("plan", reverse("courses:plan", kwargs=course)),
        ("summary", reverse("courses:summary", kwargs=course)),
        ("cohort", reverse("hr:cohort", kwargs={"cohort_id": data.cohort.pk})),
        (
            "result",
            reverse("courses:attempt", kwargs={**course, "attempt_id": data.submitted_attempt.pk}),
        ),
        # The trainer area (the measured manager is a trainer too; see run()).
        ("author", reverse("authoring:overview")),
        ("lesson editor", reverse("authoring:lesson_edit", args=[_lesson_id(lesson)])),
        ("lesson preview", reverse("authoring:lesson_preview", args=[_lesson_id(lesson)])),
        ("quiz editor", reverse("authoring:quiz_edit", args=[data.quiz.pk])),
        ("quiz preview", reverse("authoring:quiz_preview", args=[data.quiz.pk])),
    ]


def _lesson_id(lesson: dict[str, str]) -> int:
    from modules.models import Lesson

    return Lesson.objects.get(module__slug=lesson["module_slug"], slug=lesson["lesson_slug"]).pk


def _calculator_id() -> int:
    """The calculator block placed in module 1's shipped lessons."""
    from modules.models import Block

    return Block.objects.filter(exercise=Block.Exercise.CALCULATOR).values_list("pk", flat=True)[0]


def _measure(
    pages: list[tuple[str, str]], client: Client, headers: dict[str, str]
) -> list[PageResult]:
    with running_server(settings.BENCH_DATABASE_URL) as server:
        print(f"gunicorn on port {server.port}, worker pid {server.worker_pid}")
        timings = time_pages(
            server,
            dict(pages),
            headers,
            warmup=WARMUP_REQUESTS,
            rounds=ROUNDS,
            per_round=MEASURED_REQUESTS // ROUNDS,
        )
    return [
        PageResult(name=name, path=path, timing=timings[name], queries=count_queries(client, path))
        for name, path in pages
    ]


def _database_name() -> str:
    version = ".".join(str(part) for part in connection.get_database_version())
    return f"{connection.display_name} {version}"
