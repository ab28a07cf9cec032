"""The real WSGI server, started for the run: gunicorn with one sync worker.

One worker, so every request lands in the same process and that process's CPU time is
the cost of the requests sent to it.
"""

import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path

from django.conf import settings

SETTINGS_MODULE = "config.settings.bench"
READY_PATH = "/bench/minimal/"
READY_TIMEOUT_S = 20.0
STOP_TIMEOUT_S = 10.0
CLOCK_TICKS_PER_S = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Server:
    port: int
    master_pid: int
    worker_pid: int


@contextmanager
def running_server(database_url: str) -> Iterator[Server]:
    """gunicorn on a free loopback port, stopped on the way out whatever happens."""
    port = _free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE, "DATABASE_URL": database_url}
    command = [
        *_gunicorn_command(),
        "config.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        "--workers=1",
        "--worker-class=sync",
        "--log-level=warning",
        "--no-control-socket",
    ]
    process = subprocess.Popen(command, cwd=settings.BASE_DIR, env=env)
    try:
        _wait_until_ready(process, port)
        yield Server(port=port, master_pid=process.pid, worker_pid=_worker_pid(process.pid))
    finally:
        _stop(process)


def cpu_ticks(pid: int) -> int:
    """User plus system CPU time of a process so far, in clock ticks."""
    # The command name, in brackets, may contain spaces; the fields after it are fixed.
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    utime, stime = int(fields[11]), int(fields[12])
    return utime + stime


def _gunicorn_command() -> list[str]:
    """The virtualenv's gunicorn script, beside the running interpreter."""
    script = Path(sys.executable).with_name("gunicorn")
    return [str(script)] if script.exists() else [sys.executable, "-m", "gunicorn"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_ready(process: subprocess.Popen[bytes], port: int) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {process.returncode} while starting.")
        status = _probe(port)
        if status == HTTPStatus.OK:
            return
        if status is not None:
            raise RuntimeError(f"gunicorn answered {READY_PATH} with status {status}.")
        time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not answer {READY_PATH} within {READY_TIMEOUT_S:.0f} s.")


def _probe(port: int) -> int | None:
    """The status of the ready page, or None while nothing listens yet."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        conn.request("GET", READY_PATH)
        return conn.getresponse().status
    except OSError:
        return None
    finally:
        conn.close()


def _worker_pid(master_pid: int) -> int:
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text()
    pids = [int(pid) for pid in children.split()]
    if len(pids) != 1:
        raise RuntimeError(f"Expected one gunicorn worker, found {len(pids)}: {pids}.")
    return pids[0]


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
