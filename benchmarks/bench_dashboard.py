"""Dashboard response time with a million cases on PostgreSQL (a plain script, not a test).

Bulk-generates cases (and one report per case, and violation types for the established ones)
with COPY into the database named by DATABASE_URL, recomputes the vulnerability index, then
requests the staff dashboard through Django's test Client as several personas and prints
p50/p95/max per persona. The target is p95 < 300 ms.

    eval "$(scripts/pg-start.sh 54341)"
    DATABASE_URL=postgres://netral@127.0.0.1:54341/netral \\
        .venv/bin/python benchmarks/bench_dashboard.py --cases 1000000 --requests 30
"""

from __future__ import annotations

import argparse
import datetime
import io
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
from django.utils import timezone  # noqa: E402

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


def copy_rows(table: str, columns: list[str], rows: list[list[Any]]) -> None:
    """COPY rows into `table` (text format; None → \\N)."""
    buf = io.StringIO()
    for row in rows:
        buf.write("\t".join("\\N" if v is None else str(v).replace("\t", " ") for v in row))
        buf.write("\n")
    buf.seek(0)
    cols = ", ".join(f'"{c}"' for c in columns)
    with connection.cursor() as cur:
        with cur.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
            copy.write(buf.read())


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
            defaults={"name": f"Pemerintah {reg.name}", "kind": kind, "region": reg,
                      "asn_headcount": rng.randint(3000, 30000)},
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


def generate(target: int, batch: int = 50_000) -> None:
    from netral.agencies.models import Agency
    from netral.cases.models import Case
    from netral.regions.models import Election, Region, Stage
    from netral.reports.models import Report

    have = Case.objects.count()
    if have >= target:
        print(f"cases already present: {have}")
        return
    rng = random.Random(2024)
    regencies = list(Region.objects.filter(level=2).values_list("pk", "code"))
    agencies = dict(Agency.objects.filter(code__startswith="bench-").values_list("region_code", "pk"))
    election = Election.objects.get(code="pilkada2024")
    stages = list(Stage.objects.filter(election=election).values_list("pk", flat=True))
    vt_model = getattr(Case, "violation_types", None)
    vtypes: list[int] = []
    if vt_model is not None:
        from django.apps import apps

        vtypes = list(apps.get_model("cases", "ViolationType").objects.values_list("pk", flat=True))
    statuses = [s for s, _ in STATUSES]
    weights = [w for _, w in STATUSES]
    case_defaults = field_defaults(Case)
    report_defaults = field_defaults(Report)
    case_cols = list(case_defaults)
    report_cols = list(report_defaults)
    start = datetime.datetime(2024, 5, 1, tzinfo=datetime.UTC)
    now = timezone.now()
    next_id = (Case.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1
    made = have
    t0 = time.monotonic()
    while made < target:
        n = min(batch, target - made)
        case_rows, report_rows, vt_rows = [], [], []
        for i in range(n):
            pk = next_id + i
            reg_pk, reg_code = rng.choice(regencies)
            status = rng.choices(statuses, weights)[0]
            created = start + datetime.timedelta(seconds=rng.randint(0, 200 * 86400))
            occurred = (created - datetime.timedelta(days=rng.randint(0, 6))).date()
            row = dict(case_defaults)
            row.update(
                {
                    "id": pk,
                    "number": f"BENCH-{pk:08d}",
                    "status": status,
                    "title": "Perkara tolok ukur",
                    "subject_kind": "asn",
                    "region_id": reg_pk,
                    "region_code": reg_code,
                    "agency_id": agencies.get(reg_code),
                    "election_id": election.pk,
                    "stage_id": rng.choice(stages) if stages else None,
                    "occurred_on": occurred,
                    "known_on": occurred,
                    "created_at": created.isoformat(),
                    "updated_at": created.isoformat(),
                    "route": "bkn" if status in BKN_LIKE else "",
                }
            )
            if status not in ("received", "initial_review", "not_registered"):
                row["registered_at"] = (created + datetime.timedelta(days=rng.randint(0, 2))).isoformat()
            if status in ESTABLISHED | {"not_violation", "stopped"}:
                row["decided_at"] = (created + datetime.timedelta(days=rng.randint(2, 9))).isoformat()
            if status in BKN_LIKE:
                row["forwarded_at"] = (created + datetime.timedelta(days=rng.randint(5, 12))).isoformat()
            if status in RECOMMENDED:
                rec = created + datetime.timedelta(days=rng.randint(12, 30))
                row["recommended_at"] = min(rec, now).isoformat()
                if status == "sanctioned":
                    row["decree_date"] = (rec + datetime.timedelta(days=rng.randint(3, 30))).date().isoformat()
            case_rows.append([row.get(c) for c in ["id", *case_cols]])
            rep = dict(report_defaults)
            rep.update(
                {
                    "kind": "laporan" if rng.random() < 0.7 else "temuan",
                    "case_id": pk,
                    "submitted_at": created.isoformat(),
                    "subject_kind": "asn",
                    "subject_name": "Terlapor",
                    "description": "Uraian tolok ukur",
                    "region_id": reg_pk,
                    "region_code": reg_code,
                    "subject_agency_id": agencies.get(reg_code),
                    "election_id": election.pk,
                    "occurred_on": occurred,
                    "known_on": occurred,
                    "receipt_hash": None,
                }
            )
            report_rows.append([rep.get(c) for c in report_cols])
            if vtypes and status in ESTABLISHED:
                vt_rows.append([pk, rng.choice(vtypes)])
        copy_rows(Case._meta.db_table, ["id", *case_cols], case_rows)
        copy_rows(Report._meta.db_table, report_cols, report_rows)
        if vt_rows:
            through = Case.violation_types.through
            copy_rows(through._meta.db_table, ["case_id", "violationtype_id"], vt_rows)
        made += n
        next_id += n
        print(f"  generated {made:,} cases ({time.monotonic() - t0:.0f} s)", flush=True)
    with connection.cursor() as cur:
        for table in (Case._meta.db_table, Report._meta.db_table):
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")
            cur.execute(f"ANALYZE {table}")


def measure(users: dict[str, Any], requests: int, path: str) -> None:
    print(f"\n{path}: {requests} requests per persona (first one discarded as warm-up)")
    print(f"{'persona':<10} {'cases':>9} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    from netral.cases.models import Case

    for key, user in users.items():
        client = Client()
        client.force_login(user)
        times = []
        for i in range(requests + 1):
            t = time.perf_counter()
            response = client.get(path)
            elapsed = (time.perf_counter() - t) * 1000
            assert response.status_code == 200, response.status_code
            if i:
                times.append(elapsed)
        times.sort()
        p95 = times[max(0, int(round(0.95 * len(times))) - 1)]
        n = Case.objects.restrict(user).count()
        print(f"{key:<10} {n:>9,} {statistics.median(times):>8.1f} {p95:>8.1f} {times[-1]:>8.1f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--path", default="/statistik/")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database (see the docstring).")
    users = setup_world()
    generate(args.cases)
    from netral.analytics import vulnerability

    t = time.perf_counter()
    vulnerability.recompute()
    print(f"recompute_index: {(time.perf_counter() - t):.1f} s")
    measure(users, args.requests, args.path)


if __name__ == "__main__":
    main()
