"""Settings for the test suite: the real services when DATABASE_URL and REDIS_URL are set."""

from config.settings.base import *  # noqa: F403

SECRET_KEY = "test-only-key-not-secret-0b6c1f5e9a3d7c2e8f4a"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# Fast hashing: the suite creates many users and the hasher is not under test.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Each test starts with empty rate limits and sessions; a shared Redis would leak them.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
LANGUAGE_CODE = "en"
