"""Imports running at the same time on PostgreSQL: parallel clients, exact rows and keys."""

from __future__ import annotations

import datetime as dt
import random
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from netral.core.context import acting
from netral.personnel import lease
from netral.personnel.generate import registry_rows, write_registry_csv
from netral.personnel.models import ASN, ASNNameKey, ImportRun
from netral.personnel.names import name_keys
from netral.personnel.services import execute_import, import_file, prepare_import
from netral.testing import in_parallel, needs_postgres

pytestmark = [pytest.mark.postgres, needs_postgres]
TODAY = dt.date(2026, 11, 22)


def run_all(*jobs: Callable[[], Any]) -> list[Any]:
    """The jobs in parallel threads (netral.testing.in_parallel), as acting nobody; results in
    job order, an exception in place of a result."""

    def job(i: int) -> tuple[int, Any]:
        try:
            with acting(None):
                return i, jobs[i]()
        except Exception as exc:  # noqa: BLE001 (handed back to the test)
            return i, exc

    results, errors = in_parallel(len(jobs), job)
    assert not errors, errors
    return [r for _i, r in sorted(results, key=lambda pair: pair[0])]


def keys_match_names() -> None:
    """Every person's look-up keys are exactly those of their current name: none stale, none missing."""
    stored: dict[int, set[str]] = {}
    for asn_id, key in ASNNameKey.objects.values_list("asn_id", "key"):
        stored.setdefault(asn_id, set()).add(key)
    for pk, normalized in ASN.objects.values_list("pk", "name_normalized"):
        assert stored.pop(pk, set()) == set(name_keys(normalized)), normalized
    assert stored == {}  # no keys of people who do not exist


@pytest.mark.django_db(transaction=True)
def test_two_imports_of_the_same_people_at_once(cast: Any, tmp_path: Path) -> None:
    rows = list(registry_rows(random.Random(8), TODAY, 3_000, [(cast.agency_a.code, "32.79")], ["Dinas A"]))
    renamed = [[r[0], f"{r[1]} Baru", *r[2:]] if i % 3 == 0 else r for i, r in enumerate(rows)]
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    write_registry_csv(first, iter(rows))
    write_registry_csv(second, iter(renamed))
    results = run_all(
        lambda: import_file(None, first, batch_size=250, bulk=False),
        lambda: import_file(None, second, batch_size=250, bulk=False),
    )
    assert all(isinstance(r, ImportRun) and r.status == "done" for r in results), results
    assert ASN.objects.count() == 3_000 == len({r[0] for r in rows})
    assert sum(r.created for r in results) == 3_000  # each person created once, by one of them
    assert all(r.error_count == 0 for r in results)
    keys_match_names()


@pytest.mark.django_db(transaction=True)
def test_two_workers_given_the_same_run_import_it_once(cast: Any, tmp_path: Path) -> None:
    rows = list(registry_rows(random.Random(9), TODAY, 2_000, [(cast.agency_a.code, "32.79")], ["Dinas A"]))
    path = tmp_path / "c.csv"
    write_registry_csv(path, iter(rows))
    run = prepare_import(None, path)
    results = run_all(
        lambda: execute_import(ImportRun.objects.get(pk=run.pk), batch_size=200),
        lambda: execute_import(ImportRun.objects.get(pk=run.pk), batch_size=200),
    )
    done = [r for r in results if isinstance(r, ImportRun)]
    busy = [r for r in results if isinstance(r, lease.ImportBusy)]
    assert (len(done), len(busy)) == (1, 1), results
    run.refresh_from_db()
    assert (run.status, run.created, run.rows_done) == ("done", 2_000, 2_000)
    assert ASN.objects.count() == 2_000
    keys_match_names()


@pytest.mark.django_db(transaction=True)
def test_a_person_inserted_by_another_import_meanwhile_gets_the_right_keys(cast: Any) -> None:
    """The race itself, made certain: B classifies rows as new while A's insert of them is not yet
    committed, then B's upsert waits for A and updates instead. B's keys must still be exact."""
    from django.db import transaction

    from netral.personnel import importer

    region = cast.agency_a.region_id
    rng = random.Random(10)
    people = list(registry_rows(rng, TODAY, 50, [(cast.agency_a.code, "32.79")], [""]))

    def rows(suffix: str) -> list[importer.Row]:
        return [
            importer.Row(
                number=i + 2,
                identifier=p[0],
                employment_type=p[2],
                name=f"{p[1]} {suffix}",
                name_normalized=f"{importer.normalize_name(p[1])} {suffix}",
                birth_date=dt.date(int(p[0][:4]), int(p[0][4:6]), int(p[0][6:8])),
                gender=p[0][14],
                position=p[3],
                position_class="pelaksana",
                agency_id=cast.agency_a.pk,
                unit_name="",
                region_id=region,
                region_code="32.79",
                nik="",
            )
            for i, p in enumerate(people)
        ]

    first = ImportRun.objects.create(file_name="a", file_sha256="a", file_format="csv")
    second = ImportRun.objects.create(file_name="b", file_sha256="b", file_format="csv")
    a_wrote, b_waits = threading.Event(), threading.Event()

    def import_a() -> Any:
        with transaction.atomic():
            importer.write_batch(first, rows("satu"))
            a_wrote.set()
            assert b_waits.wait(60)
        return "a"

    def import_b() -> Any:
        assert a_wrote.wait(60)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            me = cursor.fetchone()[0]

        def blocked() -> None:  # tell A to commit once B's upsert waits on A's rows
            import time

            from django.db import connections as conns

            for _ in range(600):
                with conns["default"].cursor() as cursor:
                    cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [me])
                    found = cursor.fetchone()
                if found and found[0] == "Lock":
                    break
                time.sleep(0.05)
            conns.close_all()
            b_waits.set()

        watcher = threading.Thread(target=blocked)
        watcher.start()
        result = importer.write_batch(second, rows("dua"))  # not in a transaction: it makes its own
        watcher.join()
        return result

    results = run_all(import_a, import_b)
    assert results[0] == "a", results
    assert (results[1].created, results[1].updated) == (0, 50)  # B found every row inserted by A
    assert set(ASN.objects.values_list("name_normalized", flat=True)) == {
        f"{importer.normalize_name(p[1])} dua" for p in people
    }
    keys_match_names()
