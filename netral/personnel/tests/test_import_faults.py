"""Real faults during a registry import, on a throw-away PostgreSQL cluster this module starts.

- PostgreSQL restarted mid-import (``pg_ctl restart``): the import reconnects and finishes;
- PostgreSQL down for longer than the import waits: one line on stderr, no traceback, and a
  re-run resumes at once;
- the importing process killed with SIGKILL: the run is known dead at once and the timer
  (``resume_registry_imports``) plus a task worker finish it.

Each time the registry must end up with exactly the file's valid rows: none lost, none doubled.
The cluster is started with ``scripts/pg-start.sh`` and only that cluster is ever restarted or
stopped. Its port: NETRAL_FAULT_PG_PORT if set; otherwise, in the SQLite run of
``scripts/test.sh``, the runner's own NETRAL_PG_PORT (default 54329), which is free until the
PostgreSQL run starts its cluster there. In the PostgreSQL run these tests are skipped (they
already ran) unless NETRAL_FAULT_PG_PORT names a port.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from netral.personnel.generate import registry_rows, write_registry_csv
from netral.personnel.names import name_keys, normalize_name

ROOT = Path(settings.BASE_DIR)
ROWS = 30_000
BATCH = 1_000


def fault_port() -> int | None:
    if os.environ.get("NETRAL_FAULT_PG_PORT"):
        return int(os.environ["NETRAL_FAULT_PG_PORT"])
    if connection.vendor == "sqlite":
        return int(os.environ.get("NETRAL_PG_PORT") or "54329")
    return None


pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        fault_port() is None, reason="ran in the SQLite run (its port is the suite's now); set NETRAL_FAULT_PG_PORT"
    ),
    pytest.mark.skipif(not list(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl")), reason="PostgreSQL not installed"),
]


@dataclass
class Cluster:
    port: int
    datadir: str
    url: str

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")}
        env |= {"DATABASE_URL": self.url, "LOG_LEVEL": "WARNING", "PYTHONUNBUFFERED": "1"}
        env.pop("TASKS_BACKEND", None)  # the real database task queue, as in production
        return env

    def manage(self, *args: str, check: bool = True, timeout: float = 600) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603 (our own manage.py)
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env(),
            capture_output=True,
            text=True,
            check=check,
            timeout=timeout,
        )

    def start_import(self, path: Path, *extra: str) -> subprocess.Popen[str]:
        return subprocess.Popen(  # noqa: S603 (our own manage.py)
            [sys.executable, "manage.py", "import_registry", str(path), "--batch-size", str(BATCH), *extra],
            cwd=ROOT,
            env=self.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        import psycopg

        with psycopg.connect(self.url.replace("postgres://", "postgresql://"), connect_timeout=5) as conn:
            cursor = conn.execute(sql)  # type: ignore[arg-type]
            return cursor.fetchall() if cursor.description else []

    def options(self) -> str:
        """The server options pg-start.sh gave (port, socket, fsync…), for a start after a stop."""
        words = shlex.split(Path(self.datadir, "postmaster.opts").read_text())[1:]
        kept = [w for i, w in enumerate(words) if w != "-D" and (i == 0 or words[i - 1] != "-D")]
        return shlex.join(kept)

    def pg_ctl(self, *args: str) -> None:
        binary = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parts[-3]))[-1]
        run_as = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
        # The server started by pg_ctl inherits its output: a log file, never our pipes.
        subprocess.run(  # noqa: S603 (the cluster this module started)
            [*run_as, str(binary), "-D", self.datadir, *args, "-l", f"{self.datadir}/log"],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=120,
        )


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    port = fault_port()
    assert port is not None
    started = subprocess.run(  # noqa: S603 (the project's script)
        ["scripts/pg-start.sh", str(port)],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    datadir = started.stdout.split("NETRAL_PG_DIR=", 1)[1].split()[0]
    found = Cluster(port=port, datadir=datadir, url=f"postgres://netral@127.0.0.1:{port}/netral")
    try:
        found.manage("migrate", "-v0")
        found.manage("load_reference")
        found.query("SELECT 1")
        found.manage(
            "shell",
            "-c",
            "from netral.agencies.models import Agency; from netral.regions.models import Region; "
            "r = Region.objects.get(code='32.79'); "
            "Agency.objects.create(code='fault-banjar', name='Pemkot Banjar (uji)', kind='pemkab', "
            "region=r, region_code=r.code)",
        )
        yield found
    finally:
        subprocess.run(["scripts/pg-stop.sh", str(port)], cwd=ROOT, capture_output=True, timeout=120)  # noqa: S603, S607


@dataclass
class File:
    path: Path
    expected: dict[str, str]  # identifier → name of every row that must be in the registry
    keys: int  # look-up keys those rows must have
    errors: int  # rows that must be reported


def registry_file(tmp_path: Path) -> File:
    rng = random.Random(2026)
    rows = list(registry_rows(rng, dt.date(2026, 11, 22), ROWS, [("fault-banjar", "32.79")], ["Dinas A", "Dinas B"]))
    errors = 0
    for index in range(500, ROWS, 2_500):  # a bad identifier, and a copy of a row 7,000 rows earlier
        rows[index][0] = "bukan-nip"
        copied = index + 7_000
        if copied < ROWS:
            rows[copied][0], rows[copied][2] = rows[index - 1][0], rows[index - 1][2]
            errors += 1
        errors += 1
    path = tmp_path / "siasn.csv"
    write_registry_csv(path, iter(rows))
    expected: dict[str, str] = {}
    for row in rows:
        if row[0] != "bukan-nip":
            expected.setdefault(row[0], row[1])
    keys = sum(len(name_keys(normalize_name(name))) for name in expected.values())
    return File(path=path, expected=expected, keys=keys, errors=errors)


def reset(cluster: Cluster) -> None:
    cluster.query(
        "TRUNCATE personnel_asnnamekey, personnel_asn, personnel_importseen, personnel_importrun, "
        "django_tasks_database_dbtaskresult CASCADE"
    )


def wait_for_rows(cluster: Cluster, proc: subprocess.Popen[str], at_least: int) -> int:
    """Wait until the running import has committed `at_least` rows; the rows committed then."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        found = cluster.query("SELECT last_committed_row FROM personnel_importrun WHERE status = 'running'")
        if found and found[0][0] >= at_least:
            return int(found[0][0])
        time.sleep(0.05)
    raise AssertionError("the import did not get going")


def assert_exact(cluster: Cluster, file: File) -> tuple[Any, ...]:
    """The registry holds exactly the file's valid rows and their keys; the run is done."""
    present = dict(cluster.query("SELECT identifier, name FROM personnel_asn"))  # type: ignore[arg-type]
    assert present == file.expected  # nothing lost, nothing doubled (identifier is unique), right names
    assert cluster.query("SELECT count(*) FROM personnel_asnnamekey")[0][0] == file.keys
    assert cluster.query("SELECT count(*) FROM personnel_asnnamekey k LEFT JOIN personnel_asn a ON a.id = k.asn_id "
                         "WHERE a.id IS NULL")[0][0] == 0  # fmt: skip
    runs = cluster.query(
        "SELECT status, created, updated, error_count, rows_done, interruptions, bulk_restore::text "
        "FROM personnel_importrun"
    )
    assert len(runs) == 1
    status, created, updated, error_count, rows_done, interruptions, bulk_restore = runs[0]
    assert (status, created, updated, error_count, rows_done) == ("done", len(file.expected), 0, file.errors, ROWS)
    assert bulk_restore == "[]"
    assert cluster.query("SELECT count(*) FROM personnel_importseen")[0][0] == 0
    return runs[0]


@pytest.mark.parametrize("mode", ["--no-bulk", "--bulk"])
def test_a_postgresql_restart_mid_import_is_survived(cluster: Cluster, tmp_path: Path, mode: str) -> None:
    file = registry_file(tmp_path)
    reset(cluster)
    indexes = cluster.query("SELECT indexname, indexdef FROM pg_indexes ORDER BY 1")
    proc = cluster.start_import(file.path, "--quiet-progress", "--retry-seconds", "90", mode)
    committed = wait_for_rows(cluster, proc, 6_000)
    cluster.pg_ctl("restart", "-m", "fast", "-w")
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    assert committed < ROWS and f"baru {len(file.expected)}" in out
    assert "Traceback" not in err
    # One warning line per interruption, then it went on.
    assert "interrupted after row" in err and "resuming" in err
    run = assert_exact(cluster, file)
    assert run[5] >= 1  # interruptions recorded on the run
    assert cluster.query("SELECT indexname, indexdef FROM pg_indexes ORDER BY 1") == indexes


def test_a_database_down_too_long_fails_in_one_line_and_resumes_at_once(cluster: Cluster, tmp_path: Path) -> None:
    file = registry_file(tmp_path)
    reset(cluster)
    proc = cluster.start_import(file.path, "--quiet-progress", "--retry-seconds", "3", "--no-bulk")
    wait_for_rows(cluster, proc, 6_000)
    options = cluster.options()
    cluster.pg_ctl("stop", "-m", "fast", "-w")
    try:
        out, err = proc.communicate(timeout=300)
    finally:
        cluster.pg_ctl("start", "-w", "-o", options)
    assert proc.returncode == 1
    assert "Traceback" not in err
    reason = [line for line in err.splitlines() if line.startswith("CommandError:")]
    assert len(reason) == 1 and "koneksi ke basis data terputus" in reason[0] and "dari baris" in reason[0]
    # The database was away, so the run still says "running", but its process is gone: no waiting.
    assert cluster.query("SELECT status FROM personnel_importrun")[0][0] == "running"
    again = cluster.manage("import_registry", str(file.path), "--batch-size", str(BATCH), "--quiet-progress")
    assert "Melanjutkan impor" in again.stdout and "Traceback" not in again.stderr
    assert_exact(cluster, file)


def test_a_killed_worker_is_detected_and_its_import_finished_by_the_timer(cluster: Cluster, tmp_path: Path) -> None:
    file = registry_file(tmp_path)
    reset(cluster)
    proc = cluster.start_import(file.path, "--quiet-progress", "--no-bulk")
    committed = wait_for_rows(cluster, proc, 6_000)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=60)
    assert committed < ROWS
    assert cluster.query("SELECT status FROM personnel_importrun")[0][0] == "running"
    resumed = cluster.manage("resume_registry_imports")
    assert "dilanjutkan" in resumed.stdout
    assert cluster.manage("resume_registry_imports").stdout == ""  # queued once, not twice
    worker = cluster.manage("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay", "-v0")
    assert "Traceback" not in worker.stderr, worker.stderr
    assert_exact(cluster, file)
