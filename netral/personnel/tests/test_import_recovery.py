"""Faults during an import: one-line reasons, reconnect-and-continue, dead workers, resuming at once.

The real thing (a PostgreSQL restart, a SIGKILLed worker) is in test_import_faults.py; here
the same code paths run in-process on SQLite and PostgreSQL, with the fault injected.
"""

from __future__ import annotations

import datetime as dt
import random
import socket
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from netral.personnel import import_run, lease
from netral.personnel.choices import ImportStatus
from netral.personnel.generate import registry_rows, write_registry_csv
from netral.personnel.models import ASN, ImportRun
from netral.personnel.services import ImportFailed, import_file, prepare_import, resume_dead_imports

TODAY = dt.date(2026, 11, 22)


def csv_file(cast: Any, path: Path, count: int, seed: int = 5) -> Path:
    rng = random.Random(seed)
    rows = list(registry_rows(rng, TODAY, count, [(cast.agency_a.code, "32.79")], ["Dinas Pendidikan"]))
    rows[count - 3][0], rows[count - 3][2] = rows[1][0], rows[1][2]  # a duplicate near the end
    write_registry_csv(path, iter(rows))
    return path


def fail_in_batch(monkeypatch: pytest.MonkeyPatch, batches: set[int], exc: BaseException) -> dict[str, int]:
    """Make `_write` raise `exc` after writing (inside the transaction) in the given batch numbers."""
    real = import_run._write
    calls = {"n": 0}

    def failing(run: ImportRun, batch: import_run.Batch, catalog: Any) -> Any:
        calls["n"] += 1
        result = real(run, batch, catalog)
        if calls["n"] in batches:
            raise exc
        return result

    monkeypatch.setattr(import_run, "_write", failing)
    return calls


def test_it_reconnects_and_continues_after_a_lost_connection(
    cast: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = csv_file(cast, tmp_path / "a.csv", 40)
    fail_in_batch(monkeypatch, {2, 4}, OperationalError("server closed the connection unexpectedly"))
    run = import_file(cast.ppk_a, path, batch_size=10)
    # Batches 2 and 4 were rolled back and written again: every row exactly once.
    assert (run.status, run.interruptions, run.created, run.error_count, run.rows_done) == ("done", 2, 39, 1, 40)
    assert ASN.objects.count() == 39
    assert run.errors[0]["row"] == 39 and "ganda" in run.errors[0]["reason"]


def test_a_failure_is_one_line_on_the_run_and_resumable_at_once(
    cast: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = csv_file(cast, tmp_path / "b.csv", 30)
    fail_in_batch(monkeypatch, {2}, ValueError("nilai aneh\nbaris kedua\nbaris ketiga"))
    with pytest.raises(ImportFailed) as failed:
        import_file(cast.ppk_a, path, batch_size=10)
    run = ImportRun.objects.get()
    assert run.status == ImportStatus.FAILED
    assert run.file_error == str(failed.value)
    assert "\n" not in run.file_error and "ValueError: nilai aneh" in run.file_error
    assert "dari baris 12" in run.file_error
    monkeypatch.undo()
    again = import_file(cast.ppk_a, path, batch_size=10)  # no waiting: a failed run resumes at once
    assert again.pk == run.pk
    assert (again.status, again.created, ASN.objects.count()) == ("done", 29, 29)


def test_a_database_that_stays_away_fails_the_run_in_one_line(
    cast: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = csv_file(cast, tmp_path / "c.csv", 30)
    calls = fail_in_batch(monkeypatch, set(range(1, 100)), OperationalError("connection refused"))
    with pytest.raises(ImportFailed) as failed:
        import_file(cast.ppk_a, path, batch_size=10)
    run = ImportRun.objects.get()
    assert calls["n"] == 21  # the first try and 20 reconnections, then it gives up
    assert run.status == ImportStatus.FAILED and run.last_committed_row == 0
    assert "koneksi ke basis data terputus (connection refused)" in str(failed.value)
    assert "\n" not in str(failed.value)


def test_the_command_prints_one_line_and_no_traceback(
    cast: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = csv_file(cast, tmp_path / "d.csv", 30)
    fail_in_batch(monkeypatch, {2}, RuntimeError("disk penuh"))
    with pytest.raises(CommandError) as exc:
        call_command("import_registry", str(path), "--agency", cast.agency_a.code, "--batch-size", "10")
    message = str(exc.value)
    assert "\n" not in message and "RuntimeError: disk penuh" in message
    assert exc.value.__cause__ is None and exc.value.__suppress_context__  # nothing chained
    assert ImportRun.objects.get().status == ImportStatus.FAILED


def _running(cast: Any, path: Path, owner: str, beat_age: float = 0) -> ImportRun:
    run = prepare_import(cast.ppk_a, path)
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportStatus.RUNNING,
        owner=owner,
        heartbeat_at=timezone.now() - dt.timedelta(seconds=beat_age),
    )
    run.refresh_from_db()
    return run


def test_a_run_held_by_a_live_process_is_not_taken(cast: Any, tmp_path: Path) -> None:
    path = csv_file(cast, tmp_path / "e.csv", 12)
    tag = lease.begin_execution()  # an import running in this very process
    try:
        run = _running(cast, path, tag)
        assert lease.is_alive(run) and not lease.is_dead(run)
        with pytest.raises(lease.ImportBusy):
            prepare_import(cast.ppk_a, path)
    finally:
        lease.end_execution(tag)
    run.refresh_from_db()
    assert lease.is_dead(run)  # that execution ended without a word: dead, though the process lives
    other_host = _running(cast, csv_file(cast, tmp_path / "e2.csv", 12, seed=6), "another-host:1234:5", beat_age=10)
    assert lease.is_alive(other_host)  # elsewhere: alive while the heartbeat is fresh


def test_a_dead_worker_is_known_at_once_and_its_run_resumes(cast: Any, tmp_path: Path) -> None:
    path = csv_file(cast, tmp_path / "f.csv", 25)
    with pytest.raises(ImportFailed):
        import_file(cast.ppk_a, path, batch_size=10, fail_after_batches=1)
    # As a SIGKILL leaves it: "running", owned by a process that no longer exists, fresh heartbeat.
    run = ImportRun.objects.get()
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportStatus.RUNNING, owner=f"{socket.gethostname()}:999999999:1", heartbeat_at=timezone.now()
    )
    run.refresh_from_db()
    assert lease.is_dead(run)
    queued = resume_dead_imports()  # what the timer runs; the test task backend runs it at once
    assert [r.pk for r in queued] == [run.pk]
    run.refresh_from_db()
    assert run.status == ImportStatus.PENDING
    resumed = import_file(cast.ppk_a, path, batch_size=10)
    assert (resumed.pk, resumed.status, resumed.created, ASN.objects.count()) == (run.pk, "done", 24, 24)
    other = csv_file(cast, tmp_path / "f2.csv", 12, seed=6)
    stale_elsewhere = _running(cast, other, "another-host:1234:5", beat_age=lease.DEFAULT_LEASE_SECONDS + 5)
    assert lease.is_dead(stale_elsewhere)


def test_a_process_that_lost_its_run_stops(cast: Any, tmp_path: Path) -> None:
    path = csv_file(cast, tmp_path / "g.csv", 30)
    calls = {"n": 0}

    def taken_over(run: ImportRun) -> None:
        calls["n"] += 1
        if calls["n"] == 2:  # between batches, another worker judged this one dead and took the run
            ImportRun.objects.filter(pk=run.pk).update(owner="another-host:1:1")

    with pytest.raises(lease.ImportBusy):
        import_file(cast.ppk_a, path, batch_size=10, on_progress=taken_over)
    assert ASN.objects.count() == 20  # batch 3 was not written by the process that lost the run
    assert ImportRun.objects.get().owner == "another-host:1:1"


def test_the_status_page_offers_to_resume(client: Any, cast: Any, tmp_path: Path) -> None:
    path = csv_file(cast, tmp_path / "h.csv", 25)
    with pytest.raises(ImportFailed):
        import_file(cast.ppk_a, path, batch_size=10, fail_after_batches=1)
    run = ImportRun.objects.get()
    url = reverse("personnel:import_status", args=[run.pk])
    client.force_login(cast.ppk_a)
    assert "Lanjutkan impor" in client.get(url).content.decode()
    response = client.post(reverse("personnel:import_resume", args=[run.pk]))
    assert response.status_code == 302
    run.refresh_from_db()
    # Queued once the request's transaction commits, then run by the worker (here: at once).
    assert run.status in (ImportStatus.PENDING, ImportStatus.DONE)
    client.force_login(cast.ppk_b)  # another agency's officer
    assert client.post(reverse("personnel:import_resume", args=[run.pk])).status_code == 404
