"""The platform's own plumbing: health check, security headers, settings from the environment."""

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_health_check_answers_ok_when_database_and_cache_answer(client: Client) -> None:
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_the_health_check_says_unavailable_when_the_cache_fails(client: Client, settings) -> None:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}


def test_pages_carry_a_content_security_policy_without_inline_script(client: Client) -> None:
    response = client.get(reverse("account_login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "<script" not in response.content.decode()
    assert response["X-Frame-Options"] == "DENY"


def test_no_page_runs_inline_script(client: Client) -> None:
    """allauth's email page brings its scripts as files and its data as JSON; the
    policy above would block anything inline, so nothing may rely on it."""
    from tests.users.factories import UserFactory

    client.force_login(UserFactory())
    html = client.get(reverse("account_email")).content.decode()
    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts, "the email page's scripts must be rendered (base.html extra_body block)"
    for attributes in scripts:
        assert "src=" in attributes or 'type="application/json"' in attributes, attributes


def _settings_in_subprocess(
    module: str, env: dict[str, str], expression: str, *, before: str = ""
) -> subprocess.CompletedProcess[str]:
    """Print ``expression`` from a fresh process with the given settings and environment
    (settings are read once, at start-up, so each case needs its own process)."""
    code = (
        "import django\nfrom django.conf import settings\ndjango.setup()\n"
        f"{before}\nprint({expression})"
    )
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_"))
    }
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        env={**clean, "DJANGO_SETTINGS_MODULE": module, **env},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key() -> None:
    result = _settings_in_subprocess(
        "config.settings.production",
        {"DJANGO_ALLOWED_HOSTS": "x.example.com", "DATABASE_URL": "sqlite:///:memory:",
         "REDIS_URL": "redis://127.0.0.1:6379/0", "EMAIL_URL": "smtp://mail.example.com"},
        "settings.SECRET_KEY",
    )  # fmt: skip
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_the_embedded_default_is_sqlite_and_postgresql_comes_from_database_url() -> None:
    default = _settings_in_subprocess(
        "config.settings.local", {}, "settings.DATABASES['default']['ENGINE']"
    )
    assert default.stdout.strip() == "django.db.backends.sqlite3"
    postgres = _settings_in_subprocess(
        "config.settings.local",
        {"DATABASE_URL": "postgres://app@db.example.com:5432/app"},
        "settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['CONN_MAX_AGE']",
    )
    assert postgres.stdout.strip() == "django.db.backends.postgresql 60"


@pytest.mark.redis
def test_redis_url_gives_the_cache_and_the_broker_and_the_cache_answers() -> None:
    # The cache round trip goes through the configured backend, against the real Redis.
    result = _settings_in_subprocess(
        "config.settings.local",
        {"REDIS_URL": os.environ["REDIS_URL"]},
        "settings.CACHES['default']['BACKEND'], settings.CELERY_BROKER_URL == settings.REDIS_URL, "
        "cache.get('clp-probe')",
        before="from django.core.cache import cache\ncache.set('clp-probe', 'ok', 10)",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.core.cache.backends.redis.RedisCache", "True", "ok"]


def test_without_redis_url_the_cache_is_in_process_and_the_broker_is_files() -> None:
    result = _settings_in_subprocess(
        "config.settings.local",
        {},
        "settings.CACHES['default']['BACKEND'], settings.CELERY_BROKER_URL",
    )
    assert result.stdout.split() == [
        "django.core.cache.backends.locmem.LocMemCache",
        "filesystem://",
    ]


def test_uploads_go_to_an_s3_compatible_store_when_a_bucket_is_named(monkeypatch) -> None:
    from storages.backends.s3 import S3Storage

    from config.settings.base import media_storage

    assert media_storage()["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    monkeypatch.setenv("MEDIA_S3_BUCKET", "lesson-images")
    monkeypatch.setenv("MEDIA_S3_ENDPOINT_URL", "http://127.0.0.1:9000")
    monkeypatch.setenv("MEDIA_S3_ACCESS_KEY_ID", "test-key")
    monkeypatch.setenv("MEDIA_S3_SECRET_ACCESS_KEY", "test-secret")
    config = media_storage()
    assert config["BACKEND"] == "storages.backends.s3.S3Storage"
    storage = S3Storage(**config["OPTIONS"])  # type: ignore[arg-type]
    # Signing a link needs no connection: the address names the bucket and is signed.
    url = storage.url("authoring/photo.png")
    assert url.startswith("http://127.0.0.1:9000/lesson-images/authoring/photo.png?")
    assert "Signature" in url or "X-Amz-Signature" in url
