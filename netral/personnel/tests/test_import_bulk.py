"""Bulk mode on PostgreSQL: same rows as batch by batch, and the schema comes back exactly."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from netral.personnel import bulk_load
from netral.personnel.generate import registry_rows, write_registry_csv
from netral.personnel.models import ASN, ASNNameKey, ImportRun
from netral.personnel.services import ImportFailed, import_file, resume_dead_imports

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="bulk mode is PostgreSQL only"),
]
TODAY = dt.date(2026, 11, 22)


def schema() -> tuple[list[tuple[str, str]], list[tuple[str, str, bool]]]:
    """The registry tables' indexes and foreign keys, as PostgreSQL describes them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) ORDER BY indexname",
            [list(bulk_load.TABLES)],
        )
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid), convalidated FROM pg_constraint "
            "WHERE conrelid = 'personnel_asn'::regclass AND contype = 'f' ORDER BY conname"
        )
        return indexes, cursor.fetchall()


def csv_file(cast: Any, path: Path, count: int) -> Path:
    rng = random.Random(3)
    agencies = [(cast.agency_a.code, "32.79"), (cast.agency_b.code, "32.14")]
    rows = list(registry_rows(rng, TODAY, count, agencies, ["Dinas Pendidikan", "Kecamatan Banjar", "Unit Baru"]))
    rows[30][0], rows[30][2] = rows[3][0], rows[3][2]  # a duplicate in another batch
    rows[40][0] = "bukan-nip"
    write_registry_csv(path, iter(rows))
    return path


def registry() -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    asn = list(ASN.objects.order_by("identifier").values_list("identifier", "name_normalized", "unit__name"))
    keys = list(ASNNameKey.objects.order_by("asn__identifier", "key").values_list("asn__identifier", "key"))
    return asn, keys


def test_bulk_mode_writes_what_batch_by_batch_writes_and_restores_the_schema(cast: Any, tmp_path: Path) -> None:
    path = csv_file(cast, tmp_path / "a.csv", 60)
    before = schema()
    plain = import_file(cast.admin, path, batch_size=20, bulk=False)
    expected = registry()
    ASN.objects.all().delete()
    ImportRun.objects.all().delete()

    bulk = import_file(cast.admin, path, batch_size=20, bulk=True)
    assert bulk.bulk and bulk.bulk_restore == []
    assert (bulk.created, bulk.error_count, bulk.errors) == (plain.created, plain.error_count, plain.errors)
    assert registry() == expected
    assert schema() == before  # every index and foreign key back, validated, same names and definitions


def test_a_failed_bulk_run_brings_the_indexes_back_and_resumes(
    cast: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = csv_file(cast, tmp_path / "b.csv", 60)
    before = schema()
    dropped: dict[str, Any] = {}
    real = bulk_load.restore

    def spy(run: ImportRun) -> int:
        dropped.setdefault("at_failure", schema())
        return real(run)

    monkeypatch.setattr(bulk_load, "restore", spy)
    with pytest.raises(ImportFailed):
        import_file(cast.admin, path, batch_size=20, bulk=True, fail_after_batches=1)
    assert len(dropped["at_failure"][0]) < len(before[0])  # they really were off
    assert schema() == before
    run = ImportRun.objects.get()
    assert run.bulk and run.bulk_restore == []
    resumed = import_file(cast.admin, path, batch_size=20)  # bulk mode kept on resume
    assert (resumed.pk, resumed.bulk, resumed.status, resumed.created) == (run.pk, True, "done", 58)
    assert schema() == before


def test_the_timer_rebuilds_what_a_dead_bulk_run_left_dropped(cast: Any, tmp_path: Path) -> None:
    path = csv_file(cast, tmp_path / "c.csv", 60)
    before = schema()
    run = ImportRun.objects.create(file_name="c.csv", file_sha256="c", file_format="csv", file_path=str(path))
    assert bulk_load.begin(run) > 0  # as a worker killed mid-import leaves it
    assert schema() != before
    resume_dead_imports()
    assert schema() == before
    run.refresh_from_db()
    assert run.bulk_restore == []


def test_bulk_mode_is_chosen_for_a_big_file_into_a_much_smaller_registry(cast: Any, settings: Any) -> None:
    settings.REGISTRY_IMPORT_BULK_MIN_ROWS = 100
    assert bulk_load.worth_it(150)
    assert not bulk_load.worth_it(99)
    assert not bulk_load.worth_it(None)
    settings.REGISTRY_IMPORT_BULK_MIN_ROWS = 1
    ASN.objects.create(identifier="198609262015051001", name="A", name_normalized="a", agency=cast.agency_a)
    assert bulk_load.worth_it(2)  # twice what the registry holds
    assert not bulk_load.worth_it(1)  # the registry already holds as many rows as the file
