"""Dashboard response time with a million cases on PostgreSQL (a plain script, not a test).

Bulk-generates registry ASN, cases (a third of them about a registry ASN, one report per case,
violation types for the established ones, a second type for a fifth of those) with INSERT …
SELECT generate_series into the database named by DATABASE_URL, recomputes the vulnerability
index and the dashboard cube, then requests the staff dashboard through Django's test Client as
several personas and prints p50/p95/max per persona and filter combination. The target is
p95 < 300 ms.

    eval "$(scripts/pg-start.sh 55441)"
    DATABASE_URL=postgres://netral@127.0.0.1:55441/netral \\
        .venv/bin/python benchmarks/bench_dashboard.py --cases 1000000 --requests 15 --filtered
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netral.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, models  # noqa: E402
from django.test import Client  # noqa: E402

STATUSES = [  # (status, share) roughly like a season's caseload
    ("received", 0.08),
    ("initial_review", 0.05),
    ("registered", 0.05),
    ("not_registered", 0.12),
    ("clarification", 0.05),
    ("violation", 0.08),
    ("not_violation", 0.12),
    ("stopped", 0.04),
    ("forwarded_bkn", 0.05),
    ("forwarded_other", 0.04),
    ("bkn_verification", 0.05),
    ("recommended", 0.07),
    ("sanctioned", 0.08),
    ("refused", 0.03),
    ("follow_up", 0.02),
    ("closed", 0.07),
]
BKN_LIKE = {"forwarded_bkn", "bkn_verification", "recommended", "sanctioned", "refused", "follow_up", "closed"}
RECOMMENDED = {"recommended", "sanctioned", "refused", "follow_up", "closed"}
ESTABLISHED = {"violation", "forwarded_bkn", "forwarded_other", "bkn_verification"} | RECOMMENDED


def field_defaults(model: type[models.Model]) -> dict[str, Any]:
    """A value for every concrete column, so columns another app adds later do not break COPY."""
    out: dict[str, Any] = {}
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        if f.has_default():
            value = f.get_default()
            if isinstance(value, (dict, list)):
                import json

                value = json.dumps(value)
            out[f.column] = value
        elif f.null:
            out[f.column] = None
        elif isinstance(f, models.BooleanField):
            out[f.column] = False
        elif isinstance(f, (models.CharField, models.TextField)):
            out[f.column] = ""
        else:
            out[f.column] = None
    return out


def setup_world() -> dict[str, Any]:
    from netral.accounts.models import User
    from netral.agencies.models import Agency
    from netral.regions.models import Region
    from netral.regions.services import load_reference

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    if not Region.objects.exists():
        load_reference()
    try:
        call_command("load_sanctions", verbosity=0)
    except Exception as exc:  # the catalogue loader belongs to the cases app
        print(f"(no sanction catalogue: {exc})")
    rng = random.Random(7)
    regencies = list(Region.objects.filter(level=2).order_by("code"))
    for reg in regencies:
        kind = "pemkot" if reg.kind == "kota" else "pemkab"
        Agency.objects.get_or_create(
            code=f"bench-{reg.code}",
            defaults={
                "name": f"Pemerintah {reg.name}",
                "kind": kind,
                "region": reg,
                "asn_headcount": rng.randint(3000, 30000),
            },
        )
    jabar = Region.objects.get(code="32")
    banjar = Region.objects.get(code="32.79")
    users = {
        "national": ("bench_ri", {"role": "supervisor", "supervisor_level": "ri", "region": None}),
        "province": ("bench_jabar", {"role": "supervisor", "supervisor_level": "provinsi", "region": jabar}),
        "regency": ("bench_banjar", {"role": "supervisor", "supervisor_level": "kabkota", "region": banjar}),
        "bkn": ("bench_bkn", {"role": "bkn"}),
        "ppk": ("bench_ppk", {"role": "ppk", "agency": Agency.objects.get(code="bench-32.79")}),
    }
    out = {}
    for key, (username, fields) in users.items():
        user, _ = User.objects.get_or_create(username=username, defaults=fields)
        out[key] = user
    return out


def sql_literal(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def status_case(column: str) -> str:
    """SQL CASE turning a uniform random number into a status with the STATUSES shares."""
    parts, acc = [], 0.0
    for status, share in STATUSES[:-1]:
        acc += share
        parts.append(f"WHEN {column} < {acc:.4f} THEN '{status}'")
    return f"(CASE {' '.join(parts)} ELSE '{STATUSES[-1][0]}' END)"


def generate_asn(target: int) -> tuple[int, int]:
    """Registry ASN "B…" spread over the bench agencies; returns (lowest id, count)."""
    from netral.personnel.models import ASN

    have = ASN.objects.filter(identifier__startswith="B").count()
    if have < target:
        defaults = field_defaults(ASN)
        explicit = {
            "identifier": "'B' || lpad(g::text, 17, '0')",
            "employment_type": "(CASE WHEN g % 5 = 0 THEN 'PPPK' ELSE 'PNS' END)",
            "name": "'ASN tolok ukur ' || g",
            "name_normalized": "'asn tolok ukur ' || g",
            "position_class": "(ARRAY['jpt', 'administrator', 'fungsional', 'pelaksana', 'kewilayahan'])[1 + g % 5]",
            "agency_id": "a.id",
            "region_id": "a.region_id",
            "region_code": "a.region_code",
            "active": "TRUE",
            "updated_at": "now()",
        }
        cols = [c for c in defaults if c not in explicit] + list(explicit)
        select = [explicit.get(c) or sql_literal(defaults[c]) for c in cols]
        with connection.cursor() as cur:
            cur.execute(
                f"""
                INSERT INTO {ASN._meta.db_table} ({", ".join(f'"{c}"' for c in cols)})
                SELECT {", ".join(select)}
                FROM generate_series({have + 1}, {target}) g
                JOIN (SELECT row_number() OVER (ORDER BY code) AS rn, id, region_id, region_code
                      FROM agencies_agency WHERE code LIKE 'bench-%') a
                  ON a.rn = 1 + g % (SELECT count(*) FROM agencies_agency WHERE code LIKE 'bench-%')
                """
            )
            cur.execute(f"ANALYZE {ASN._meta.db_table}")
    ids = ASN.objects.filter(identifier__startswith="B").order_by("pk").values_list("pk", flat=True)
    lo, hi = ids.first(), ids.last()
    assert hi - lo + 1 == target, "bench ASN ids are not contiguous; start from an empty database"
    print(f"registry ASN: {target:,}")
    return lo, target


def generate(target: int, batch: int = 250_000, asn: tuple[int, int] = (0, 0)) -> None:
    """INSERT … SELECT generate_series: cases, one report each, violation types for established ones.

    Columns analytics does not set get their model default, so fields other apps add later
    do not break the generator.
    """
    from netral.cases.models import Case
    from netral.regions.models import Election
    from netral.reports.models import Report

    asn_lo, asn_n = asn
    have = Case.objects.count()
    if have >= target:
        print(f"cases already present: {have:,}")
        return
    election = Election.objects.get(code="pilkada2024")
    case_defaults = field_defaults(Case)
    report_defaults = field_defaults(Report)
    in_list = lambda values: ", ".join(f"'{v}'" for v in sorted(values))  # noqa: E731
    explicit_case = {
        "number": "'BENCH-' || lpad(x.g::text, 8, '0')",
        "status": "x.status",
        "title": "'Perkara tolok ukur'",
        "subject_kind": "(CASE WHEN x.d2 % 20 < 17 THEN 'asn' WHEN x.d2 % 20 < 19 THEN 'kepala_desa' "
        "ELSE 'perangkat_desa' END)",
        "asn_id": f"(CASE WHEN x.d2 % 20 < 17 AND x.g % 3 = 0 THEN {asn_lo} + (x.g::bigint * 7919) % {asn_n} END)"
        if asn_n
        else "NULL",
        "region_id": "r.id",
        "region_code": "r.code",
        "agency_id": "a.id",
        "election_id": str(election.pk),
        "stage_id": f"(SELECT s.id FROM regions_stage s WHERE s.election_id = {election.pk} "
        "AND s.start <= x.created::date ORDER BY s.start DESC LIMIT 1)",
        "occurred_on": "(x.created - (x.lag || ' days')::interval)::date",
        "known_on": "(x.created - (x.lag || ' days')::interval)::date",
        "created_at": "x.created",
        "updated_at": "x.created",
        "route": f"(CASE WHEN x.status IN ({in_list(BKN_LIKE)}) THEN 'bkn' ELSE '' END)",
        "registered_at": "(CASE WHEN x.status NOT IN ('received', 'initial_review', 'not_registered') "
        "THEN x.created + (x.d1 % 3 || ' days')::interval END)",
        "decided_at": f"(CASE WHEN x.status IN ({in_list(ESTABLISHED | {'not_violation', 'stopped'})}) "
        "THEN x.created + (2 + x.d2 % 8 || ' days')::interval END)",
        "forwarded_at": f"(CASE WHEN x.status IN ({in_list(BKN_LIKE)}) "
        "THEN x.created + (5 + x.d1 % 8 || ' days')::interval END)",
        "recommended_at": f"(CASE WHEN x.status IN ({in_list(RECOMMENDED)}) "
        "THEN LEAST(now(), x.created + (12 + x.d2 % 19 || ' days')::interval) END)",
        "decree_date": "(CASE WHEN x.status = 'sanctioned' "
        "THEN (x.created + (15 + x.d1 % 40 || ' days')::interval)::date END)",
    }
    cols = [c for c in case_defaults if c not in explicit_case] + list(explicit_case)
    select = [explicit_case.get(c) or sql_literal(case_defaults[c]) for c in cols]
    explicit_report = {
        "kind": "(CASE WHEN x.d1 % 10 < 7 THEN 'laporan' ELSE 'temuan' END)",
        "case_id": "c.id",
        "submitted_at": "c.created_at",
        "subject_kind": "c.subject_kind",
        "asn_id": "c.asn_id",
        "subject_name": "'Terlapor'",
        "description": "'Uraian tolok ukur'",
        "region_id": "c.region_id",
        "region_code": "c.region_code",
        "subject_agency_id": "c.agency_id",
        "election_id": "c.election_id",
        "occurred_on": "c.occurred_on",
        "known_on": "c.known_on",
        "receipt_hash": "NULL",
    }
    rcols = [c for c in report_defaults if c not in explicit_report] + list(explicit_report)
    rselect = [explicit_report.get(c) or sql_literal(report_defaults[c]) for c in rcols]
    t0 = time.monotonic()
    made = have
    with connection.cursor() as cur:
        cur.execute(
            "CREATE TEMP TABLE IF NOT EXISTS bench_regions AS SELECT row_number() OVER (ORDER BY code) AS rn, id, code "
            "FROM regions_region WHERE level = 2"
        )
        cur.execute("SELECT count(*) FROM bench_regions")
        n_regions = cur.fetchone()[0]
        while made < target:
            lo, hi = made + 1, min(made + batch, target)
            cur.execute(
                f"""
                INSERT INTO {Case._meta.db_table} ({", ".join(f'"{c}"' for c in cols)})
                SELECT {", ".join(select)}
                FROM (
                    SELECT g, {status_case("random()")} AS status,
                           1 + floor(random() * {n_regions})::int AS ri,
                           timestamptz '2024-05-01 00:00+07' + (floor(random() * 200 * 86400) || ' seconds')::interval
                               AS created,
                           floor(random() * 7)::int AS lag,
                           floor(random() * 1000)::int AS d1,
                           floor(random() * 1000)::int AS d2
                    FROM generate_series({lo}, {hi}) AS g
                ) x
                JOIN bench_regions r ON r.rn = x.ri
                LEFT JOIN agencies_agency a ON a.code = 'bench-' || r.code
                """
            )
            cur.execute(
                f"""
                INSERT INTO {Report._meta.db_table} ({", ".join(f'"{c}"' for c in rcols)})
                SELECT {", ".join(rselect)}
                FROM {Case._meta.db_table} c
                JOIN (SELECT g, floor(random() * 1000)::int AS d1 FROM generate_series({lo}, {hi}) g) x
                  ON c.number = 'BENCH-' || lpad(x.g::text, 8, '0')
                """
            )
            if hasattr(Case, "violation_types"):
                through = Case.violation_types.through._meta.db_table
                cur.execute(
                    f"""
                    INSERT INTO {through} (case_id, violationtype_id)
                    SELECT c.id, (SELECT id FROM cases_violationtype ORDER BY id
                                  OFFSET (c.id % (SELECT count(*) FROM cases_violationtype)) LIMIT 1)
                    FROM {Case._meta.db_table} c
                    WHERE c.number BETWEEN 'BENCH-{lo:08d}' AND 'BENCH-{hi:08d}'
                      AND c.status IN ({in_list(ESTABLISHED)})
                      AND EXISTS (SELECT 1 FROM cases_violationtype)
                    """
                )
                # a fifth of them has a second type (a case counts under each of its types)
                cur.execute(
                    f"""
                    INSERT INTO {through} (case_id, violationtype_id)
                    SELECT c.id, (SELECT id FROM cases_violationtype ORDER BY id
                                  OFFSET ((c.id + 1) % (SELECT count(*) FROM cases_violationtype)) LIMIT 1)
                    FROM {Case._meta.db_table} c
                    WHERE c.number BETWEEN 'BENCH-{lo:08d}' AND 'BENCH-{hi:08d}'
                      AND c.status IN ({in_list(ESTABLISHED)}) AND c.id % 5 = 0
                      AND (SELECT count(*) FROM cases_violationtype) > 1
                    """
                )
            made = hi
            print(f"  generated {made:,} cases ({time.monotonic() - t0:.0f} s)", flush=True)
        for table in (Case._meta.db_table, Report._meta.db_table):
            cur.execute(f"ANALYZE {table}")


def measure(users: dict[str, Any], requests: int, path: str) -> list[tuple[str, str, float, float, str]]:
    print(f"\n{path}: {requests} requests per persona (first one discarded as warm-up)")
    print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs (other work slows every figure)")
    print(f"{'persona':<10} {'cases':>9} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'cpu p50':>8}  source")
    from netral.cases.models import Case

    out = []
    for key, user in users.items():
        client = Client()
        client.force_login(user)
        times, cpu = [], []
        for i in range(requests + 1):
            t, c = time.perf_counter(), time.process_time()
            response = client.get(path)
            elapsed = (time.perf_counter() - t) * 1000
            assert response.status_code == 200, response.status_code
            if i:
                times.append(elapsed)
                cpu.append((time.process_time() - c) * 1000)
        times.sort()
        p95 = times[max(0, int(round(0.95 * len(times))) - 1)]
        n = Case.objects.restrict(user).count()
        source = response.get("X-Netral-Figures", "?")
        print(
            f"{key:<10} {n:>9,} {statistics.median(times):>8.1f} {p95:>8.1f} {times[-1]:>8.1f} "
            f"{statistics.median(cpu):>8.1f}  {source}",
            flush=True,
        )
        out.append((key, path, statistics.median(times), p95, source))
    return out


def filter_paths(base: str) -> list[str]:
    """Combinations the issue asks for: two filters, dates, a violation type, election + stage."""
    from django.db.models import Count

    from netral.cases.models import Case

    stage = (Case.objects.exclude(stage=None).values("stage").annotate(n=Count("pk")).order_by("-n").first() or {}).get(
        "stage"
    )
    code = (
        Case.violation_types.through.objects.values("violationtype__code")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("violationtype__code", flat=True)
        .first()
    )
    paths = [
        "?status=recommended&subject=asn",
        "?date_from=2024-06-01&date_to=2024-08-31",
        f"?violation={code}",
        f"?election=pilkada2024&stage={stage}",
        f"?status=sanctioned&violation={code}&date_from=2024-07-01",
        "?position=jpt&subject=asn",
        "?region=32&status=recommended&subject=asn",
    ]
    return [base + p for p in paths]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--path", default="/statistik/")
    parser.add_argument("--asn", type=int, default=100_000, help="registry ASN; a third of the cases name one")
    parser.add_argument("--filtered", action="store_true", help="also time filter combinations")
    parser.add_argument(
        "--live-requests",
        type=int,
        default=3,
        help="requests for a date range that cuts a month (answered live, slow at 1M)",
    )
    parser.add_argument("--generate-only", action="store_true", help="generate the data, then stop")
    parser.add_argument("--skip-refresh", action="store_true", help="reuse the stored index and rollup")
    parser.add_argument(
        "--pattern-indexes",
        action="store_true",
        help="add varchar_pattern_ops indexes on region_code (what the scope's prefix LIKE needs on "
        "PostgreSQL; a recommendation for the cases and reports models, not created by any migration)",
    )
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database (see the docstring).")
    users = setup_world()
    t = time.perf_counter()
    generate(args.cases, asn=generate_asn(args.asn) if args.asn else (0, 0))
    print(f"data ready: {(time.perf_counter() - t):.0f} s")
    if args.generate_only:
        return
    if args.pattern_indexes:
        with connection.cursor() as cur:
            for table in ("cases_case", "reports_report"):
                cur.execute(
                    f"CREATE INDEX IF NOT EXISTS bench_{table}_region_like ON {table} (region_code varchar_pattern_ops)"
                )
                cur.execute(f"ANALYZE {table}")
        print("pattern indexes on region_code: present")
    from netral.analytics import rollup, vulnerability

    if not args.skip_refresh:
        t = time.perf_counter()
        vulnerability.recompute()
        print(f"vulnerability index recomputed: {(time.perf_counter() - t):.1f} s")
        t = time.perf_counter()
        cells = rollup.refresh()
        print(f"dashboard rollup rebuilt: {cells:,} rows in {(time.perf_counter() - t):.1f} s")
    measure(users, args.requests, args.path)
    if args.filtered:
        wide = {k: users[k] for k in ("national", "province", "bkn")}
        for path in filter_paths(args.path):
            measure(wide, args.requests, path)
        if args.live_requests:
            measure(wide, args.live_requests, args.path + "?date_from=2024-06-15&date_to=2024-08-20")


if __name__ == "__main__":
    main()
