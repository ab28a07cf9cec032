"""Timing pages through the running server, and counting their queries in-process."""

import http.client
import math
import statistics
import time
from dataclasses import dataclass
from http import HTTPStatus

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.bench.server import CLOCK_TICKS_PER_S, Server, cpu_ticks

BODY_PREVIEW_CHARS = 500


class RequestFailedError(Exception):
    """A measured page answered something other than 200."""


@dataclass(frozen=True)
class Timing:
    """N sequential requests to one page: client wall times and the worker's CPU."""

    wall_ms: tuple[float, ...]
    cpu_ms_total: float

    @property
    def median_ms(self) -> float:
        return statistics.median(self.wall_ms)

    @property
    def p95_ms(self) -> float:
        ordered = sorted(self.wall_ms)
        return ordered[math.ceil(0.95 * len(ordered)) - 1]

    @property
    def cpu_ms_per_request(self) -> float:
        return self.cpu_ms_total / len(self.wall_ms)


def time_pages(
    server: Server,
    paths: dict[str, str],
    headers: dict[str, str],
    *,
    warmup: int,
    rounds: int,
    per_round: int,
) -> dict[str, Timing]:
    """Time every page in interleaved rounds: ``per_round`` requests to each page in turn,
    ``rounds`` times. Interleaving spreads the machine's drift (other load, frequency
    changes) over all pages alike, so the ratios to the minimal view stay fair."""
    for path in paths.values():
        for _ in range(warmup):
            _get(server.port, path, headers)
    wall_ms: dict[str, list[float]] = {name: [] for name in paths}
    ticks: dict[str, int] = dict.fromkeys(paths, 0)
    for _ in range(rounds):
        for name, path in paths.items():
            before = cpu_ticks(server.worker_pid)
            wall_ms[name].extend(_get(server.port, path, headers) for _ in range(per_round))
            ticks[name] += cpu_ticks(server.worker_pid) - before
    return {
        name: Timing(
            wall_ms=tuple(wall_ms[name]), cpu_ms_total=1000 * ticks[name] / CLOCK_TICKS_PER_S
        )
        for name in paths
    }


def count_queries(client: Client, path: str) -> int:
    """Queries of one request for a warmed-up page, through the same settings and data."""
    _check(path, client.get(path).status_code, b"")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    _check(path, response.status_code, response.content)
    return len(captured.captured_queries)


def _get(port: int, path: str, headers: dict[str, str]) -> float:
    """One GET on a new connection (sync workers close after each response); ms taken."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        body = response.read()
    finally:
        conn.close()
    elapsed_ms = 1000 * (time.perf_counter() - started)
    _check(path, response.status, body)
    return elapsed_ms


def _check(path: str, status: int, body: bytes) -> None:
    if status != HTTPStatus.OK:
        preview = body[:BODY_PREVIEW_CHARS].decode(errors="replace")
        raise RequestFailedError(f"GET {path} answered {status}:\n{preview}")
