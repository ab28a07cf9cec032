"""The benchmark's own database, recreated empty at the start of every run.

config.settings.bench already points at it (``<name>_bench`` on PostgreSQL, a SQLite
file otherwise); this module only wipes it. The database named in DATABASE_URL is used
solely as the place to connect to while dropping and creating the benchmark's one.
"""

import os
from pathlib import Path
from typing import Any

import environ
import psycopg
from django.conf import settings
from psycopg import sql

POSTGRESQL = "django.db.backends.postgresql"


def recreate_database() -> None:
    """Drop the benchmark database and start from an empty one."""
    config = settings.DATABASES["default"]
    if config["ENGINE"] == POSTGRESQL:
        _recreate_postgresql(config)
    else:
        _remove_sqlite(Path(config["NAME"]))


def _recreate_postgresql(config: dict[str, Any]) -> None:
    name = config["NAME"]
    if not name.endswith("_bench"):
        raise RuntimeError(f"Refusing to drop {name!r}: not a benchmark database.")
    server = environ.Env.db_url_config(os.environ["DATABASE_URL"])
    maintenance_db = server["NAME"] if server["NAME"] != name else "postgres"
    params = {
        "host": config["HOST"],
        "port": config["PORT"],
        "user": config["USER"],
        "password": config["PASSWORD"],
        "dbname": maintenance_db,
    }
    with psycopg.connect(
        **{key: value for key, value in params.items() if value}, autocommit=True
    ) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _remove_sqlite(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
