"""Case queue latency with 100,000 cases: the selector alone and the whole page (first page, rendered).

Builds the cases with ``bulk_create`` (spread over every regency, every status, deadlines from
10 days overdue to 20 days ahead), then requests ``/perkara/antrean/`` repeatedly through Django's
test Client as a regency supervisor (Kota Banjar), a province supervisor (Jawa Barat) and BKN, and
prints p50/p95 in milliseconds with the number of SQL queries per page. Also times the case list.

SQLite (a fresh file in a temp dir) by default; PostgreSQL when DATABASE_URL is set (a throw-away
database: the rows stay there and a re-run reuses them). Set SQLITE_PATH to keep the SQLite file.

    .venv/bin/python benchmarks/bench_case_queue.py [--cases 100000] [--repeat 30]
    DATABASE_URL=postgres://netral@127.0.0.1:PORT/netral .venv/bin/python benchmarks/bench_case_queue.py
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from django_setup import setup_django  # noqa: E402


def build_cases(n: int) -> int:
    from django.db import transaction
    from django.utils import timezone

    from netral.agencies.models import Agency
    from netral.cases.choices import CaseStatus
    from netral.cases.models import Case
    from netral.regions.models import Region

    existing = Case.objects.filter(number__startswith="BEN-").count()
    if existing >= n:
        return existing
    rng = random.Random(2024)
    regencies = list(Region.objects.filter(level=2).only("id", "code"))
    agencies: dict[str, Agency] = {}
    for reg in regencies:
        agencies[reg.code], _ = Agency.objects.get_or_create(
            code=f"bench-{reg.code}", defaults={"name": f"Pemda {reg.code}", "kind": "kabupaten", "region": reg}
        )
    statuses = [s for s in CaseStatus.values if s != CaseStatus.JOINED]
    bkn_side = {"forwarded_bkn", "bkn_verification", "recommended", "sanctioned", "refused", "follow_up", "closed"}
    now = timezone.now()
    batch: list[Case] = []
    with transaction.atomic():
        _fill(batch, existing, n, rng, regencies, agencies, statuses, bkn_side, now)
    return Case.objects.filter(number__startswith="BEN-").count()


def _fill(batch, existing, n, rng, regencies, agencies, statuses, bkn_side, now):  # type: ignore[no-untyped-def]
    """Append cases in batches of 5,000 (one transaction around all of them)."""
    import datetime

    from netral.cases.choices import Route
    from netral.cases.models import Case

    for i in range(existing, n):
        reg = rng.choice(regencies)
        status = rng.choice(statuses)
        running = status not in ("not_violation", "stopped", "forwarded_other", "sanctioned", "closed", "withdrawn")
        batch.append(
            Case(
                number=f"BEN-{i:07d}",
                title=f"Perkara uji {i}",
                status=status,
                region_id=reg.id,
                region_code=reg.code,
                agency=agencies[reg.code],
                route=Route.BKN if status in bkn_side else "",
                deadline_rule="bawaslu_decide" if running else "",
                deadline_at=now + datetime.timedelta(hours=rng.randint(-240, 480)) if running else None,
                received_at=now,
            )
        )
        if len(batch) == 5000:
            Case.objects.bulk_create(batch)
            batch.clear()
    if batch:
        Case.objects.bulk_create(batch)


def users() -> dict[str, object]:
    from netral.accounts.models import User
    from netral.regions.models import Region

    def get(username: str, **kw: object) -> User:
        user, _ = User.objects.get_or_create(username=username, defaults=kw)
        return user

    return {
        "regency supervisor (32.79)": get(
            "bench_sup_banjar", role="supervisor", supervisor_level="kabkota", region=Region.objects.get(code="32.79")
        ),
        "province supervisor (32)": get(
            "bench_sup_jabar", role="supervisor", supervisor_level="provinsi", region=Region.objects.get(code="32")
        ),
        "BKN": get("bench_bkn", role="bkn"),
    }


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def measure(repeat: int) -> None:
    from django.db import connection
    from django.test import Client

    from netral.cases.selectors import page_of, queue_for

    for label, user in users().items():
        selector_ms: list[float] = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            page, _cases = page_of(queue_for(user), 1, 50)
            total = page.paginator.count
            selector_ms.append((time.perf_counter() - t0) * 1000)
        client = Client()
        client.force_login(user)
        for url, name in (
            ("/perkara/antrean/", "queue page"),
            ("/perkara/?overdue=true&ordering=deadline", "list page"),
        ):
            page_ms: list[float] = []
            client.get(url)  # warm up (templates, session)
            queries: list[str] = []

            def count(execute, sql, params, many, context, seen=queries):  # type: ignore[no-untyped-def]
                seen.append(sql)
                return execute(sql, params, many, context)

            with connection.execute_wrapper(count):
                client.get(url)
            for _ in range(repeat):
                t0 = time.perf_counter()
                response = client.get(url)
                page_ms.append((time.perf_counter() - t0) * 1000)
                assert response.status_code == 200
            print(
                f"  {label:28s} {name:10s} p50 {pct(page_ms, 50):7.1f} ms  p95 {pct(page_ms, 95):7.1f} ms"
                f"  queries {len(queries)}"
            )
        print(
            f"  {label:28s} selector   p50 {pct(selector_ms, 50):7.1f} ms  p95 {pct(selector_ms, 95):7.1f} ms"
            f"  (count + first 50 of {total})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        vendor = setup_django(Path(tmp), keep_sqlite_path=True, test_environment=True)
        t0 = time.perf_counter()
        count = build_cases(args.cases)
        print(f"database: {vendor}; cases: {count} (built/reused in {time.perf_counter() - t0:.1f} s)")
        from django.db import connection

        if vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("ANALYZE cases_case")
        else:
            with connection.cursor() as cur:
                cur.execute("ANALYZE")
        print(f"repeat: {args.repeat} requests each; first page of 50")
        measure(args.repeat)


if __name__ == "__main__":
    main()
