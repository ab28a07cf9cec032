"""The Celery application.

Configuration comes from Django settings under the ``CELERY_`` prefix, so the broker
is Redis in production and a file-system queue on the embedded default.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
