"""Benchmark: national-scale registry import on PostgreSQL, beside a raw COPY of the same file.

    DATABASE_URL=postgres://netral@127.0.0.1:PORT/netral_bench \
        .venv/bin/python benchmarks/bench_registry_import.py --rows 1000000 --reset

Steps: migrate and load reference data if needed; create bench agencies over all regencies;
generate a SIASN-shaped CSV (valid identifiers, titled names; `--nik` adds a NIK column, which
is encrypted per row); then, each in a fresh child process so that peak RSS belongs to that
step alone:
  1. raw ``COPY`` of the file into a plain text table (the floor: no validation, no upsert);
  2. the import (national: every agency allowed) into an empty registry (bulk mode is chosen
     automatically for such a load; `--no-bulk` measures the batch-by-batch path instead);
  3. the same file again (idempotent re-import: every row "unchanged");
  4. raw ``COPY`` again, so the floor is measured before and after under the same load.
Prints rows/second, CPU and peak RSS per step, each import's cost as a multiple of the COPY
(wall time and CPU time, against the faster of the two COPY runs), and the time 4.76 million rows
would take at the measured rate. `--reset` empties the ASN tables first (bench database only).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netral.settings")


def setup() -> None:
    import django

    django.setup()


def peak_rss_mb() -> float:
    """This process's peak RSS (VmHWM). Not ru_maxrss: that survives exec and would report the
    parent's size at fork (the parent holds the generator's set of identifiers)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def client_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def backend_cpu(pid: int) -> float:
    """CPU seconds of the PostgreSQL backend serving us (same host only; 0 when unreadable).

    Reported beside wall time because the bench machine may be shared: rows per CPU-second
    do not depend on what else runs.
    """
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def postmaster_pid() -> int:
    """The bench cluster's postmaster (same host only; 0 when its data directory is unreadable)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW data_directory")
        directory = Path(cursor.fetchone()[0])
    try:
        return int((directory / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0


def cluster_cpu(postmaster: int) -> float:
    """CPU seconds of the bench cluster's processes: every backend, the parallel workers that
    build indexes, autovacuum, the WAL writer and the checkpointer (children of its postmaster,
    living ones read directly, ended ones through the postmaster's children's time). Other
    clusters on the same machine are not counted."""
    total = 0
    if not postmaster:
        return 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if stat.parent.name == str(postmaster):
            total += int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])
        elif int(fields[1]) == postmaster:
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def backend_pid() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return int(cursor.fetchone()[0])


def prepare(reset: bool) -> list[tuple[str, str]]:
    """Migrate, load regions, create one bench agency per regency; returns (agency code, region)."""
    from django.core.management import call_command
    from django.db import connection

    from netral.agencies.choices import AgencyKind
    from netral.agencies.models import Agency
    from netral.regions.models import Region

    call_command("migrate", verbosity=0)
    if not Region.objects.exists():
        from netral.regions.services import load_reference

        load_reference()
    regencies = list(Region.objects.filter(level=2).values_list("pk", "code", "name"))
    existing = set(Agency.objects.filter(code__startswith="bench-").values_list("code", flat=True))
    Agency.objects.bulk_create(
        [
            Agency(
                code=f"bench-{code}", name=f"Bench {name}", kind=AgencyKind.REGENCY_GOV, region_id=pk, region_code=code
            )
            for pk, code, name in regencies
            if f"bench-{code}" not in existing
        ]
    )
    if reset:
        with connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE personnel_asnnamekey, personnel_asn, personnel_importrun, personnel_importseen CASCADE"
            )
    return [(f"bench-{code}", code) for _pk, code, _name in regencies]


def generate(path: Path, rows: int, agencies: list[tuple[str, str]], nik: bool) -> float:
    import datetime as dt

    from netral.personnel.generate import HEADER, registry_rows, write_registry_csv

    start = time.perf_counter()
    units = ["Dinas Pendidikan", "Dinas Kesehatan", "Sekretariat Daerah", "Satuan Polisi Pamong Praja", "Kecamatan A"]
    rng = random.Random(4_760_000)
    data = registry_rows(rng, dt.date(2026, 11, 1), rows, agencies, units)
    if nik:
        data = ([*row, f"{row[7].replace('.', '')[:4]}{rng.randrange(10**11, 10**12):012d}"] for row in data)
    write_registry_csv(path, data, [*HEADER, "NIK"] if nik else None)
    return time.perf_counter() - start


def child_copy(path: Path) -> dict[str, float]:
    """Raw COPY of the CSV into an unlogged text table: what PostgreSQL alone costs."""
    setup()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_raw_registry")
        with path.open(encoding="utf-8") as fh:
            columns = len(next(csv.reader(fh)))
        cursor.execute(f"CREATE UNLOGGED TABLE bench_raw_registry ({', '.join(f'c{i} text' for i in range(columns))})")
        pid, postmaster = backend_pid(), postmaster_pid()
        start, cpu0, srv0, all0 = time.perf_counter(), client_cpu(), backend_cpu(pid), cluster_cpu(postmaster)
        raw = cursor.cursor
        with path.open("rb") as fh, raw.copy("COPY bench_raw_registry FROM STDIN WITH (FORMAT csv, HEADER true)") as cp:
            while chunk := fh.read(1 << 20):
                cp.write(chunk)
        elapsed = time.perf_counter() - start
        cpu, srv, cluster = client_cpu() - cpu0, backend_cpu(pid) - srv0, cluster_cpu(postmaster) - all0
        cursor.execute("SELECT count(*) FROM bench_raw_registry")
        count = cursor.fetchone()[0]
        cursor.execute("DROP TABLE bench_raw_registry")
    return {
        "seconds": elapsed,
        "rows": count,
        "peak_rss_mb": peak_rss_mb(),
        "client_cpu": cpu,
        "server_cpu": srv,
        "cluster_cpu": cluster,
    }


def child_import(path: Path, batch_size: int, bulk: bool | None) -> dict[str, float]:
    setup()
    from netral.core.context import acting
    from netral.personnel.services import import_file

    pid, postmaster = backend_pid(), postmaster_pid()
    start, cpu0, all0 = time.perf_counter(), client_cpu(), cluster_cpu(postmaster)
    srv0 = backend_cpu(pid)
    with acting(None):
        run = import_file(None, path, batch_size=batch_size, bulk=bulk)
    elapsed = time.perf_counter() - start
    cpu, srv = client_cpu() - cpu0, backend_cpu(pid) - srv0
    return {
        "bulk": float(run.bulk),
        "cluster_cpu": cluster_cpu(postmaster) - all0,
        "seconds": elapsed,
        "rows": run.rows_done,
        "created": run.created,
        "updated": run.updated,
        "unchanged": run.unchanged,
        "errors": run.error_count,
        "peak_rss_mb": peak_rss_mb(),
        "client_cpu": cpu,
        "server_cpu": srv,
    }


def run_child(*args: str) -> dict[str, float]:
    out = subprocess.run(  # noqa: S603 (our own script)
        [sys.executable, __file__, *args], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--batch-size", type=int, default=10_000)
    parser.add_argument("--reset", action="store_true", help="empty the ASN tables first (bench database only)")
    parser.add_argument("--file", type=Path, help="reuse this CSV instead of generating one")
    parser.add_argument("--nik", action="store_true", help="add a NIK column (encrypted on import)")
    parser.add_argument("--no-bulk", action="store_true", help="import batch by batch, without bulk mode")
    parser.add_argument("--child", choices=["copy", "import"], help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child == "copy":
        print(json.dumps(child_copy(args.file)))
        return
    if args.child == "import":
        print(json.dumps(child_import(args.file, args.batch_size, False if args.no_bulk else None)))
        return

    if "postgres" not in os.environ.get("DATABASE_URL", ""):
        sys.exit("Set DATABASE_URL to a PostgreSQL bench database (the COPY path is what is measured).")
    setup()
    agencies = prepare(args.reset)
    workdir = Path(tempfile.mkdtemp(prefix="netral-bench-"))
    path = args.file or workdir / "registry.csv"
    if args.file is None:
        seconds = generate(path, args.rows, agencies, args.nik)
        print(f"generated {args.rows:,} rows ({path.stat().st_size / 1e6:,.0f} MB) in {seconds:,.1f} s")
    from django.db import connections

    connections.close_all()

    def show_copy(label: str, copy: dict[str, float]) -> None:
        print(
            f"{label}: {copy['rows']:>10,.0f} rows in {copy['seconds']:7.1f} s = "
            f"{copy['rows'] / copy['seconds']:>9,.0f} rows/s, peak RSS {copy['peak_rss_mb']:,.0f} MB, "
            f"CPU client {copy['client_cpu']:.1f} s + server {copy['server_cpu']:.1f} s"
        )

    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    copies = [run_child("--child", "copy", "--file", str(path))]
    show_copy("raw COPY          ", copies[0])
    extra = ["--no-bulk"] if args.no_bulk else []
    imports = [  # into the empty registry, then the same file again
        run_child("--child", "import", "--file", str(path), "--batch-size", str(args.batch_size), *extra)
        for _step in range(2)
    ]
    copies.append(run_child("--child", "copy", "--file", str(path)))
    floor = min(c["seconds"] for c in copies)
    floor_cpu = min(c["client_cpu"] + max(c["server_cpu"], c["cluster_cpu"]) for c in copies)
    for label, res in zip(("import (empty)   ", "re-import (same) "), imports, strict=True):
        mode = "bulk mode" if res["bulk"] else "batch by batch"
        print(
            f"{label}: {res['rows']:>10,.0f} rows in {res['seconds']:7.1f} s = "
            f"{res['rows'] / res['seconds']:>9,.0f} rows/s = {res['seconds'] / floor:.1f}x the COPY's time "
            f"and {(res['client_cpu'] + res['cluster_cpu']) / max(floor_cpu, 1e-9):.0f}x its CPU ({mode}), "
            f"peak RSS {res['peak_rss_mb']:,.0f} MB, CPU client {res['client_cpu']:.1f} s + server "
            f"{res['server_cpu']:.1f} s (all PostgreSQL processes {res['cluster_cpu']:.1f} s) "
            f"(created {res['created']:,.0f}, updated {res['updated']:,.0f}, unchanged {res['unchanged']:,.0f}, "
            f"errors {res['errors']:,.0f}); 4.76 million rows at this rate: "
            f"{4_760_000 / (res['rows'] / res['seconds']) / 60:,.1f} min (extrapolated)"
        )
    show_copy("raw COPY again    ", copies[1])
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    if args.file is None:
        path.unlink()


if __name__ == "__main__":
    main()
