"""Page benchmark: ``make bench`` (``python -m tests.bench``).

What is measured, and why:

* The learner's pages (dashboard, course, lesson) for one signed-in manager in a large
  organisation: thousands of managers enrolled in the shipped course across several
  cohorts, each part-way through it. The pages must cost the same whatever the size of
  the organisation, so the data is large on purpose.
* Each page is served by the real WSGI server, gunicorn with a single sync worker, on
  the production middleware stack with persistent database connections. After a
  warm-up, 600 requests per page are sent one at a time, each on a new connection, in
  interleaved rounds (40 to each page in turn, 15 times), so that drift in the
  machine's speed during the run affects every page alike.
* Server cost is the worker process's CPU time (user + system, from /proc) over all
  the requests, divided by their number. The kernel counts it in clock ticks (10 ms),
  so only a total over hundreds of requests is precise enough to divide.
* Client wall time per request (median and 95th percentile) adds the network stack and
  any waiting on the database.
* Queries per request are counted separately, in this process, with the test client on
  the same settings and data.
* Every figure is also given as a ratio to a minimal view (``/bench/minimal/``: no
  query or template of its own; the middleware still loads the signed-in user)
  measured the same way in the same run, so the ratios hold from one machine to
  another even when the absolute times do not.

The database is the benchmark's own (see config.settings.bench), recreated every run.
Exits non-zero if any request fails; budgets that are exceeded are reported, not fatal.
"""

import os
import sys

import django


def main() -> int:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.bench"
    django.setup()
    # Importing models needs the app registry, so the run is imported only now.
    from tests.bench.run import run

    return run()


if __name__ == "__main__":
    sys.exit(main())
