"""Settings for the benchmark (``make bench``): production-like, on a database of its own.

The benchmark drops and recreates its database on every run, so it never uses the one
named in DATABASE_URL: on PostgreSQL it takes ``<name>_bench`` on the same server, on
anything else a SQLite file under var/. Everything else, persistent connections
included, stays as in base so the pages are measured the way they are served.
"""

from urllib.parse import urlsplit, urlunsplit

from config.settings.base import *  # noqa: F403
from config.settings.base import DATABASES, REDIS_URL, VAR_DIR, env

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
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
