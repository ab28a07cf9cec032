"""The Celery application.

Configuration comes from Django settings under the ``CELERY_`` prefix, so the broker
is Redis in production and a file-system queue on the embedded default.
"""

import os
from typing import Any

from celery import Celery
from celery.signals import beat_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@beat_init.connect
def sweep_when_beat_starts(sender: Any, **_kwargs: Any) -> None:
    """Beat runs an interval task first one interval after it starts; sweep at once, so a
    restart (or ``make run``) never waits five minutes for due reminders. Sweeping is
    idempotent, so an extra sweep sends nothing twice."""
    sender.app.send_task("courses.tasks.sweep_reminders_task")
