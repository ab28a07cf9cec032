"""The HR area's figures that are not page timings: a 5,000-row enrolment file through
preview and confirmation, and the memory an export of 5,000 learners takes.

Both run in this process with the test client, against the benchmark's database.
"""

import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from courses.models import Cohort, CsvImport, Enrolment

IMPORT_ROWS = 5_000
IMPORT_BUDGET_S = 20.0


@dataclass(frozen=True)
class HrFigures:
    upload_s: float
    preview_s: float
    confirm_s: float
    enrolled: int
    export_rows_small: int
    export_peak_small: int
    export_rows_large: int
    export_peak_large: int


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _enrolment_file(rows: int) -> bytes:
    lines = ["email;first_name;last_name;department;manager_email;language"]
    lines += [
        f"new{n:05d}@bench.example.com;New;Manager {n:05d};Store {n % 40:02d};;da"
        for n in range(rows)
    ]
    return "\r\n".join(lines).encode("utf-8-sig")


def _export_peak(client: Client, cohort: Cohort) -> int:
    """Peak bytes allocated while streaming the cohort's CSV export to nowhere."""
    tracemalloc.start()
    try:
        response = client.get(reverse("hr:export", args=[cohort.pk, "csv"]))
        for _chunk in response.streaming_content:  # type: ignore[attr-defined]
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def measure_hr(client: Client, template: Cohort) -> HrFigures:
    """Import 5,000 new people into a fresh cohort through the HR pages, then export it
    and a cohort a tenth of its size, comparing the peak memory of the two exports."""
    cohort = Cohort.objects.create(
        organisation=template.organisation,
        course=template.course,
        name="Bench import",
        starts_on=template.starts_on,
        due_on=template.due_on,
    )
    upload = SimpleUploadedFile("bench.csv", _enrolment_file(IMPORT_ROWS), "text/csv")
    upload_s = _timed(
        lambda: client.post(reverse("hr:import_upload", args=[cohort.pk]), {"file": upload})
    )
    stored = CsvImport.objects.filter(cohort=cohort).latest("pk")
    preview_s = _timed(
        lambda: client.get(reverse("hr:import_preview", args=[cohort.pk, stored.pk]))
    )
    confirm_s = _timed(
        lambda: client.post(reverse("hr:import_confirm", args=[cohort.pk, stored.pk]))
    )
    enrolled = Enrolment.objects.filter(cohort=cohort).count()
    small = Cohort.objects.create(
        organisation=template.organisation,
        course=template.course,
        name="Bench export, small",
        starts_on=template.starts_on,
    )
    Enrolment.objects.bulk_create(
        Enrolment(cohort=small, learner_id=e.learner_id, enrolled_at=e.enrolled_at)
        for e in Enrolment.objects.filter(cohort=cohort).order_by("pk")[: IMPORT_ROWS // 10]
    )
    _export_peak(client, small)  # warm caches and imports before measuring
    return HrFigures(
        upload_s=upload_s,
        preview_s=preview_s,
        confirm_s=confirm_s,
        enrolled=enrolled,
        export_rows_small=IMPORT_ROWS // 10,
        export_peak_small=_export_peak(client, small),
        export_rows_large=enrolled,
        export_peak_large=_export_peak(client, cohort),
    )


def print_hr(figures: HrFigures) -> None:
    total = figures.upload_s + figures.preview_s + figures.confirm_s
    verdict = "PASS" if total < IMPORT_BUDGET_S and figures.enrolled == IMPORT_ROWS else "FAIL"
    print()
    print(
        f"CSV enrolment, {IMPORT_ROWS:,} rows: upload {figures.upload_s:.2f} s, preview "
        f"{figures.preview_s:.2f} s, confirm {figures.confirm_s:.2f} s; total {total:.2f} s, "
        f"{figures.enrolled:,} enrolled (budget < {IMPORT_BUDGET_S:g} s: {verdict})"
    )
    ratio = figures.export_peak_large / figures.export_peak_small
    print(
        f"CSV export, streamed: peak memory {figures.export_peak_small / 1024:,.0f} KiB for "
        f"{figures.export_rows_small:,} learners, {figures.export_peak_large / 1024:,.0f} KiB "
        f"for {figures.export_rows_large:,} learners ({ratio:.2f}x for 10x the rows)"
    )
