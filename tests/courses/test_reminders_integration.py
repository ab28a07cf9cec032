"""Reminders through the real parts: PostgreSQL, Redis as the broker, a real Celery
worker and a real SMTP server on loopback (aiosmtpd).

- Two sweeps at once, with a worker sending on several threads: every reminder arrives
  exactly once.
- A worker process killed with SIGKILL in the middle of a batch: after a new worker and
  the next sweep, every reminder of the batch has arrived exactly once.
- The broker losing its queue in the middle of a sweep (as a Redis restart without
  persistence does): nothing is lost and nothing is sent twice.
"""

import asyncio
import datetime
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone
from kombu import pools as kombu_pools

from config.celery import app as celery_app
from courses.models import Cohort, Course, Reminder
from courses.reminders import planning
from courses.tasks import sweep_reminders_task
from tests.courses.factories import CohortFactory, EnrolmentFactory
from tests.users.factories import OrganisationFactory

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

BROKER_DB = 15  # a Redis database of the tests' own, flushed before each test
ROOT = Path(__file__).resolve().parents[2]
LEARNERS = 24


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Inbox:
    """An SMTP server's handler that keeps what it accepted. ``hold_after`` makes it stall
    the next message at RCPT, before any data, until ``release`` is set."""

    def __init__(self) -> None:
        self.received: list[str] = []
        self.hold_after: int | None = None
        self.holding = threading.Event()
        self.release = threading.Event()
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.lock:
            hold = self.hold_after is not None and len(self.received) >= self.hold_after
        if hold and envelope.rcpt_tos == []:
            self.holding.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
            return "451 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.received.extend(envelope.rcpt_tos[:1])
        return "250 Message accepted"

    def counts(self) -> Counter:
        with self.lock:
            return Counter(self.received)


@pytest.fixture
def inbox(settings) -> Iterator[Inbox]:
    handler = Inbox()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 10
    handler.port = port  # type: ignore[attr-defined]
    try:
        yield handler
    finally:
        handler.release.set()
        controller.stop()


def broker_url() -> str:
    base = os.environ["REDIS_URL"].rsplit("/", 1)[0]
    return f"{base}/{BROKER_DB}"


def flush_broker() -> None:
    import redis

    redis.Redis.from_url(broker_url()).flushdb()


@pytest.fixture
def real_broker() -> Iterator[None]:
    """Celery talks to the real Redis (not eager) for the length of the test."""
    saved = {key: celery_app.conf[key] for key in ("task_always_eager", "broker_url")}
    flush_broker()
    celery_app.conf.update(task_always_eager=False, broker_url=broker_url())
    _new_connection_pool()
    try:
        yield
    finally:
        celery_app.conf.update(saved)
        _new_connection_pool()
        flush_broker()


def _new_connection_pool() -> None:
    """Forget the producer pools, so the next message goes to the broker now configured."""
    kombu_pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def due_cohort(db: None, course: Course) -> Cohort:
    """A cohort whose learners are each due one reminder today: 7 days before the due
    date, on the organisation's calendar."""
    today = timezone.localdate()
    cohort = CohortFactory(
        organisation=OrganisationFactory(),
        course=course,
        starts_on=today - datetime.timedelta(days=30),
        due_on=today + datetime.timedelta(days=7),
    )
    EnrolmentFactory.create_batch(
        LEARNERS, cohort=cohort, enrolled_at=timezone.now() - datetime.timedelta(days=30)
    )
    return cohort


def wait_for(condition: Callable[[], bool], *, timeout: float, what: str) -> float:
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout:
            pytest.fail(f"Timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.1)
    return time.monotonic() - started


def all_sent() -> bool:
    return (
        Reminder.objects.count() == LEARNERS
        and not Reminder.objects.exclude(status=Reminder.Status.SENT).exists()
    )


def test_two_sweeps_at_once_deliver_each_reminder_exactly_once(
    inbox: Inbox, real_broker: None, due_cohort: Cohort
) -> None:
    from celery.contrib.testing.worker import start_worker

    with start_worker(celery_app, pool="threads", concurrency=4, perform_ping_check=False,
                      shutdown_timeout=30):  # fmt: skip
        sweeps = [threading.Thread(target=sweep_reminders_task.apply) for _ in range(2)]
        for sweep in sweeps:
            sweep.start()
        for sweep in sweeps:
            sweep.join()
        wait_for(all_sent, timeout=60, what="every reminder to be sent")
        wait_for(lambda: len(inbox.received) >= LEARNERS, timeout=10, what="the inbox")
        time.sleep(1)  # anything sent twice would arrive by now
    counts = inbox.counts()
    assert len(counts) == LEARNERS
    assert set(counts.values()) == {1}, counts.most_common(3)


def worker_process(inbox: Inbox, lease_seconds: int, log: Path) -> subprocess.Popen:
    """A real worker in a process of its own, on the test database and the test broker."""
    database = connection.settings_dict
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "CELERY_BROKER_URL": broker_url(),
        "EMAIL_URL": f"smtp://127.0.0.1:{inbox.port}",  # type: ignore[attr-defined]
        "REMINDER_SENDING_LEASE_SECONDS": str(lease_seconds),
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "--app",
            "config",
            "worker",
            "--pool",
            "solo",
            "--concurrency",
            "1",
            "--loglevel",
            "WARNING",
            "--without-mingle",
            "--without-gossip",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=environment,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )


def test_a_worker_killed_mid_batch_still_delivers_each_reminder_exactly_once(
    inbox: Inbox, real_broker: None, due_cohort: Cohort, settings, tmp_path: Path
) -> None:
    lease = 3
    settings.REMINDER_SENDING_LEASE_SECONDS = lease
    inbox.hold_after = 5  # the sixth message stalls, mid-batch
    log = tmp_path / "worker.log"
    worker = worker_process(inbox, lease, log)
    try:
        sweep_reminders_task.delay()
        if not inbox.holding.wait(timeout=60):
            pytest.fail(
                "the worker never reached the sixth message; it logged:\n"
                + log.read_text(errors="replace")[-3000:]
            )
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
        killed_at = time.monotonic()
        assert len(inbox.received) == 5
        inbox.hold_after = None
        inbox.release.set()
        # a new worker; the next beat's sweep hands back the row the dead worker left
        # SENDING once its lease is over, and queues the rest of the batch again
        worker = worker_process(inbox, lease, log)
        time.sleep(lease + 0.5)
        sweep_reminders_task.delay()
        wait_for(all_sent, timeout=60, what="every reminder to be sent after the kill")
        recovery = time.monotonic() - killed_at
        wait_for(lambda: len(inbox.received) >= LEARNERS, timeout=10, what="the inbox")
        time.sleep(1)
    finally:
        worker.kill()
        worker.wait(timeout=10)
    counts = inbox.counts()
    assert len(counts) == LEARNERS
    assert set(counts.values()) == {1}, counts.most_common(3)
    # Recovery is the lease plus one sweep; in production the lease is ten minutes.
    assert recovery < lease + 30
    print(f"\nRecovered from SIGKILL in {recovery:.1f} s with a {lease} s lease")  # noqa: T201


def test_a_broker_that_loses_its_queue_mid_sweep_loses_nothing(
    inbox: Inbox, real_broker: None, due_cohort: Cohort, settings
) -> None:
    from celery.contrib.testing.worker import start_worker

    settings.REMINDER_SENDING_LEASE_SECONDS = 2
    # the sweep records and queues, then the broker restarts empty before any worker ran
    sweep_reminders_task.apply()
    assert Reminder.objects.count() == 0  # planning itself was queued, then lost
    flush_broker()
    sweep_reminders_task.apply()
    now = timezone.now()
    for first, last in planning.id_ranges(now):
        planning.plan_range(first_id=first, last_id=last, now=now)
    list(planning.take_batches(planning.due_to_send(now), now))  # queued...
    flush_broker()  # ...and lost again
    time.sleep(2.5)
    with start_worker(celery_app, pool="threads", concurrency=2, perform_ping_check=False,
                      shutdown_timeout=30):  # fmt: skip
        sweep_reminders_task.apply()
        wait_for(all_sent, timeout=60, what="every reminder to be sent after the restart")
        time.sleep(1)
    counts = inbox.counts()
    assert len(counts) == LEARNERS
    assert set(counts.values()) == {1}


def test_settings_name_a_visibility_timeout_above_the_time_limits() -> None:
    timeout = django_settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout")
    if timeout is None:
        pytest.skip("the file-system broker has no visibility timeout")
    assert timeout > django_settings.CELERY_TASK_TIME_LIMIT
    assert django_settings.REMINDER_SENDING_LEASE_SECONDS > django_settings.CELERY_TASK_TIME_LIMIT
    assert timeout > django_settings.REMINDER_SENDING_LEASE_SECONDS
