"""API list response times with a million cases on PostgreSQL (a plain script, not a test).

Reuses the bulk generator of ``bench_dashboard.py`` (INSERT … SELECT generate_series: cases,
one report each), then requests API lists through DRF's test client with a token, as several
personas, and prints p50/p95/max per request. Target: p95 < 300 ms for the cases list's first
page with a filter.

The cases, reports and monitoring lists use a cursor (keyset on id): no ``COUNT(*)`` per page.
(Measured on the first run, while the reports list still used page numbers: p50 858 ms vs 273 ms
for the cases list at the same moment; the count of a million rows dominated.) The SQL columns
are the time spent in the database per request, which CPU contention distorts less.

    eval "$(scripts/pg-start.sh 56813)"
    DATABASE_URL=postgres://netral@127.0.0.1:56813/netral \\
        .venv/bin/python benchmarks/bench_api.py --cases 1000000 --requests 30
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_dashboard  # noqa: E402  (sets up Django)
from django.db import connection  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

# (persona, path): first pages with a filter, a second page through the cursor, and contrasts.
REQUESTS = [
    ("national", "/api/v1/cases/?status=clarification"),
    ("national", "/api/v1/cases/?status=recommended&region=32"),
    ("national", "/api/v1/cases/?created_after=2024-09-01&created_before=2024-09-30"),
    ("province", "/api/v1/cases/?status=received"),
    ("regency", "/api/v1/cases/?status=registered"),
    ("regency", "/api/v1/cases/"),
    ("bkn", "/api/v1/cases/?status=bkn_verification"),
    ("ppk", "/api/v1/cases/?status=recommended"),
    ("national", "next:/api/v1/cases/?status=clarification"),
    ("national", "/api/v1/recommendations/?status=sanctioned"),
    ("national", "/api/v1/reports/?kind=temuan"),
    ("regency", "/api/v1/reports/?kind=laporan"),
]


def client_for(user: Any) -> APIClient:
    token, _ = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def timed(client: APIClient, path: str, requests: int) -> tuple[list[float], list[float], int]:
    """Wall time per request and, separately, the time spent in SQL (less sensitive to CPU load)."""
    if path.startswith("next:"):
        first = client.get(path[5:]).json()
        path = first["next"].replace("http://testserver", "")
    times, sql_times = [], []
    rows = 0
    for i in range(requests + 1):
        spent: list[float] = []

        def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any, spent: list[float] = spent) -> Any:
            t0 = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                spent.append(time.perf_counter() - t0)

        with connection.execute_wrapper(wrapper):
            t = time.perf_counter()
            response = client.get(path)
            elapsed = (time.perf_counter() - t) * 1000
        assert response.status_code == 200, (path, response.status_code, response.content[:200])
        rows = len(response.json()["results"])
        if i:  # the first request warms caches and is discarded
            times.append(elapsed)
            sql_times.append(sum(spent) * 1000)
    times.sort()
    sql_times.sort()
    return times, sql_times, rows


def p95(values: list[float]) -> float:
    return values[max(0, int(round(0.95 * len(values))) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database (see the docstring).")
    # Requests go through the real stack, throttle included (a few hundred per user, far
    # below the 5000/hour default): the figures are what a client sees.
    users = bench_dashboard.setup_world()
    bench_dashboard.generate(args.cases)
    from netral.cases.models import Case

    print(f"\ncases in the database: {Case.objects.count():,}; {args.requests} timed requests each")
    print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    print(f"{'persona':<9} {'rows':>4} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'sql p50':>7} {'sql p95':>7}  path")
    clients = {key: client_for(user) for key, user in users.items()}
    worst = 0.0
    for persona, path in REQUESTS:
        times, sql, rows = timed(clients[persona], path, args.requests)
        if "/cases/" in path:
            worst = max(worst, p95(times))
        print(
            f"{persona:<9} {rows:>4} {statistics.median(times):>7.1f} {p95(times):>7.1f} {times[-1]:>7.1f}"
            f" {statistics.median(sql):>7.1f} {p95(sql):>7.1f}  {path}"
        )
    verdict = "met" if worst < 300 else "MISSED"
    print(f"\nworst p95 of the cases list: {worst:.1f} ms (target < 300 ms: {verdict})")
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
