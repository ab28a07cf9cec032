"""Celery tasks of the courses app: thin wrappers that take ids and call one service.

Which tasks acknowledge late, and why: ``send_reminders_task`` and
``plan_reminders_task`` are idempotent (a send claims its row; planning inserts with
ON CONFLICT DO NOTHING), so they acknowledge only after they ran, and a message whose
worker died is delivered again rather than lost. ``sweep_reminders_task`` acknowledges
early: it only fans out, and the next beat runs it anyway.
"""

from celery import shared_task
from django.utils import timezone

from courses.reminders import planning
from courses.reminders.nudges import plan_digests
from courses.reminders.sending import send_batch


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_reminders_task(reminder_ids: list[int]) -> dict[str, int]:
    """Send these recorded reminders, each at most once."""
    return send_batch(reminder_ids)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def plan_reminders_task(first_id: int, last_id: int) -> int:
    """Record the reminders due for one range of enrolment ids, then queue them."""
    now = timezone.now()
    planned = planning.plan_range(first_id=first_id, last_id=last_id, now=now)
    due = planning.due_to_send(now).filter(enrolment_id__gte=first_id, enrolment_id__lt=last_id)
    for ids in planning.take_batches(due, now):
        send_reminders_task.delay(ids)
    return planned


@shared_task
def sweep_reminders_task() -> int:
    """Fan out: hand back rows a dead worker left SENDING, queue one planning task per
    range of enrolment ids, record the week's digests, and queue whatever else is due
    (retries whose time has come, nudges, rows whose message a broker restart lost).
    Returns the number of planning tasks queued."""
    now = timezone.now()
    planning.reclaim_stale(now)
    ranges = planning.id_ranges(now)
    for first_id, last_id in ranges:
        plan_reminders_task.delay(first_id, last_id)
    plan_digests(now=now)
    for ids in planning.take_batches(planning.due_to_send(now), now):
        send_reminders_task.delay(ids)
    return len(ranges)
