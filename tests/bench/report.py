"""The printed result: one row per page, ratios against the baseline, and the budgets."""

from collections.abc import Iterable
from dataclasses import dataclass

from tests.bench.measure import Timing
from tests.bench.seed import SeedResult

QUERY_BUDGET = 15
# The quiz issue's budget for the quiz pages (the page, an attempt, its result).
QUIZ_QUERY_BUDGET = 12
QUIZ_PAGES = frozenset({"quiz", "attempt", "result"})
MEDIAN_RATIO_BUDGET = 3.0
# The pages held to the ratio (the learner's and the HR cohort page); the quiz pages'
# ratios are reported.
RATIO_PAGES = frozenset({"dashboard", "course", "lesson", "cohort"})
COLUMNS = (
    ("page", 10),
    ("median ms", 10),
    ("p95 ms", 8),
    ("CPU ms/req", 11),
    ("queries", 8),
    ("median x min", 13),
    ("CPU x min", 10),
)


@dataclass(frozen=True)
class PageResult:
    name: str
    path: str
    timing: Timing
    queries: int


def print_report(
    results: list[PageResult], *, data: SeedResult, database: str, requests: int
) -> None:
    """Print the table; the first result is the baseline the others are compared with."""
    baseline = results[0]
    print()
    print(
        f"Data: {data.managers:,} managers, {data.cohorts} cohorts, "
        f"{data.enrolments:,} enrolments, {data.completions:,} lesson completions, "
        f"{data.attempts:,} quiz attempts"
    )
    print(f"Database: {database}")
    print(f"Requests: {requests} per page, sequential, one gunicorn sync worker")
    print()
    print(_row(name for name, _width in COLUMNS))
    print(_row("-" * width for _name, width in COLUMNS))
    for result in results:
        print(_row(_cells(result, baseline)))
    print()
    for result in results[1:]:
        _print_budgets(result, baseline)


def _cells(result: PageResult, baseline: PageResult) -> list[str]:
    timing = result.timing
    return [
        result.name,
        f"{timing.median_ms:.2f}",
        f"{timing.p95_ms:.2f}",
        f"{timing.cpu_ms_per_request:.2f}",
        str(result.queries),
        _ratio(timing.median_ms, baseline.timing.median_ms),
        _ratio(timing.cpu_ms_per_request, baseline.timing.cpu_ms_per_request),
    ]


def _print_budgets(result: PageResult, baseline: PageResult) -> None:
    budget = QUIZ_QUERY_BUDGET if result.name in QUIZ_PAGES else QUERY_BUDGET
    queries_ok = result.queries <= budget
    ratio = result.timing.median_ms / baseline.timing.median_ms
    verdict = _verdict(ratio <= MEDIAN_RATIO_BUDGET) if result.name in RATIO_PAGES else "reported"
    print(
        f"{result.name:<10} queries <= {budget}: {_verdict(queries_ok)} ({result.queries})"
        f"   median within {MEDIAN_RATIO_BUDGET:g}x of minimal: {verdict} ({ratio:.2f}x)"
    )


def _row(cells: Iterable[str]) -> str:
    return " | ".join(
        f"{cell:<{width}}" if index == 0 else f"{cell:>{width}}"
        for index, (cell, (_name, width)) in enumerate(zip(cells, COLUMNS, strict=True))
    )


def _ratio(value: float, baseline: float) -> str:
    return f"{value / baseline:.2f}x" if baseline > 0 else "n/a"


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"
