"""Settings for running on a developer's machine (``make run``)."""

from config.settings.base import *  # noqa: F403
from config.settings.base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# A fixed key is fine here: local sessions and tokens protect nothing of value.
SECRET_KEY = env("DJANGO_SECRET_KEY", default="local-only-insecure-key-4e1f0b9c2d7a8e6f3b5c1d9a")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
