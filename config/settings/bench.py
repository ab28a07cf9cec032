"""Settings for the benchmark (``make bench``): production-like, on a database of its own.

The benchmark drops and recreates its database on every run, so it never uses the one
named in DATABASE_URL: on PostgreSQL it takes ``<name>_bench`` on the same server, on
anything else a SQLite file under var/. Everything else, persistent connections
included, stays as in base so the pages are measured the way they are served.
"""

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from config.settings.base import *  # noqa: F403
from config.settings.base import CELERY_BROKER_URL, DATABASES, REDIS_URL, VAR_DIR, env

POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql", "psql"}
BENCH_SUFFIX = "_bench"


def bench_database_url(url: str) -> str:
    """The benchmark's own database for ``url``; unchanged if it already is one."""
    parts = urlsplit(url)
    if parts.scheme not in POSTGRES_SCHEMES:
        return f"sqlite:///{VAR_DIR / 'bench.sqlite3'}"
    name = parts.path.lstrip("/")
    if not name.endswith(BENCH_SUFFIX):
        name += BENCH_SUFFIX
    return urlunsplit(parts._replace(path=f"/{name}"))


def filesystem_broker_options(folder: Path) -> dict[str, object]:
    """kombu's file-system transport with all its folders under ``folder``."""
    return {
        "data_folder_in": str(folder / "queue"),
        "data_folder_out": str(folder / "queue"),
        "processed_folder": str(folder / "processed"),
        "control_folder": str(folder / "control"),
        "store_processed": False,
    }


SECRET_KEY = "bench-only-key-not-secret-7d2a9c4e1b8f3a6d5c0e"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]

# The benchmark starts the web server itself and passes this on in DATABASE_URL; reading
# it again there gives the same database.
BENCH_DATABASE_URL = bench_database_url(env("DATABASE_URL", default=""))
# Merged into base's entry: CONN_MAX_AGE, health checks and the SQLite options stay.
DATABASES = {"default": {**DATABASES["default"], **env.db_url_config(BENCH_DATABASE_URL)}}

if REDIS_URL:
    # Keep the benchmark's sessions and rate limits apart from a real installation's.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "clp-bench",
        }
    }

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Nothing is collected and no static file is requested: without a root, WhiteNoise has
# nothing to index (and no missing directory to warn about); each request costs the same.
STATIC_ROOT = None
ROOT_URLCONF = "config.urls_bench"
# Seeding creates thousands of users; the hasher is not what is measured.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The reminder benchmark's worker sets BENCH_EMAIL_BACKEND to the dummy backend: locmem
# keeps every message sent, which would count in the worker's peak memory.
EMAIL_BACKEND = env("BENCH_EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend")

# The reminder benchmark's Celery worker (tests/bench/reminders.py) gets a file-system
# queue of its own in a temporary folder, never the installation's var/celery, whose
# worker would take its tasks (and it the installation's).
if CELERY_BROKER_URL.startswith("filesystem://") and env("BENCH_CELERY_FOLDER", default=""):
    CELERY_BROKER_TRANSPORT_OPTIONS = filesystem_broker_options(Path(env("BENCH_CELERY_FOLDER")))

# Tasks the benchmark queues (the CSV import's invitations, the reminder sweep) go to a
# queue of their own, so an installation's worker on the same broker never takes them
# (it would run them against its own database).
CELERY_TASK_DEFAULT_QUEUE = "bench"
