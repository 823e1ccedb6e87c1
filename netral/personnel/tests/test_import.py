"""Registry import: idempotence, per-row errors, file errors, resume after a crash, XLSX, scope."""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection

from netral.agencies.models import Unit
from netral.core import crypto
from netral.personnel import import_run, import_write, importer
from netral.personnel.choices import ImportStatus
from netral.personnel.generate import HEADER, registry_rows, write_registry_csv
from netral.personnel.models import ASN, ASNNameKey, ImportRun, ImportSeen
from netral.personnel.services import ImportFailed, can_resume, import_file, prepare_import

TODAY = dt.date(2026, 11, 22)


def rows_for(cast: Any, count: int, seed: int = 1) -> list[list[str]]:
    rng = random.Random(seed)
    return list(
        registry_rows(rng, TODAY, count, [(cast.agency_a.code, "32.79")], ["Dinas Pendidikan", "Kecamatan Banjar"])
    )


def write(path: Path, rows: list[list[Any]], header: list[str] | None = None) -> Path:
    write_registry_csv(path, iter(rows), header)
    return path


def test_it_imports_a_csv_and_reimport_is_idempotent(cast: Any, tmp_path: Path) -> None:
    path = write(tmp_path / "siasn.csv", rows_for(cast, 30))
    run = import_file(cast.ppk_a, path, batch_size=7)
    assert (run.status, run.created, run.updated, run.unchanged, run.error_count) == ("done", 30, 0, 0, 0)
    assert run.rows_done == 30
    assert ASN.objects.filter(agency=cast.agency_a).count() == 30
    stamps = dict(ASN.objects.values_list("identifier", "updated_at"))

    again = import_file(cast.ppk_a, path, batch_size=7)
    assert again.pk != run.pk  # a finished run is not resumed: a new run, all rows unchanged
    assert (again.created, again.updated, again.unchanged, again.error_count) == (0, 0, 30, 0)
    assert ASN.objects.count() == 30
    assert dict(ASN.objects.values_list("identifier", "updated_at")) == stamps


def test_it_counts_updates_and_fills_derived_fields(cast: Any, tmp_path: Path) -> None:
    rows = rows_for(cast, 5)
    rows[0][1] = "Drs. H. Edi Hariono, M.Si"
    rows[0][4] = "Camat-Lurah"
    rows[0][5] = "Kecamatan Baru"
    import_file(cast.ppk_a, write(tmp_path / "a.csv", rows))
    asn = ASN.objects.get(identifier=rows[0][0])
    assert asn.name_normalized == "edi hariono"
    assert asn.position_class == "kewilayahan"
    assert asn.unit is not None and asn.unit.name == "Kecamatan Baru"
    assert asn.birth_date is not None and asn.birth_date.strftime("%Y%m%d") == rows[0][0][:8]
    assert asn.region_code == "32.79" and asn.region is not None
    assert set(ASNNameKey.objects.filter(asn=asn).values_list("key", flat=True)) == {"ad", "hrn"}

    rows[0][1] = "Drs. H. Edy Haryono, M.Si"
    rows[1][3] = "Kepala Bidang Lain"
    run = import_file(cast.ppk_a, write(tmp_path / "b.csv", rows))
    assert (run.created, run.updated, run.unchanged) == (0, 2, 3)
    assert ASN.objects.get(identifier=rows[0][0]).name == "Drs. H. Edy Haryono, M.Si"
    assert Unit.objects.filter(agency=cast.agency_a, name="Kecamatan Baru").count() == 1


def test_it_reports_row_errors_with_row_numbers_and_keeps_valid_rows(cast: Any, tmp_path: Path) -> None:
    rows = rows_for(cast, 10)
    rows[1][0] = "198602302015051001"  # row 3: 30 February
    rows[2][0] = rows[0][0]  # row 4: duplicate of row 2
    rows[2][2] = rows[0][2]
    rows[3][6] = "pemkab-tidak-ada"  # row 5: unknown agency
    rows[4][6] = cast.agency_b.code  # row 6: another agency
    rows[5][7] = "99.99"  # row 7: unknown region
    rows[6][0] = "1986092620150510"  # row 8: too short
    rows[7][4] = "honorer"  # row 9: unknown position class
    rows[8][0] = rows[8][0][:14] + "5" + rows[8][0][15:]  # row 10: bad gender digit
    run = import_file(cast.ppk_a, write(tmp_path / "errors.csv", rows), batch_size=4)
    errors = {e["row"]: e["reason"] for e in run.errors}
    assert sorted(errors) == [3, 4, 5, 6, 7, 8, 9, 10]
    assert "bukan tanggal yang ada" in errors[3]
    assert "ganda" in errors[4] and "baris 2" in errors[4]
    assert "tidak dikenal" in errors[5]
    assert "di luar kewenangan" in errors[6]
    assert "Kode wilayah" in errors[7]
    assert "18 digit" in errors[8]
    assert "Kelas jabatan" in errors[9]
    assert "jenis kelamin" in errors[10]
    assert (run.created, run.error_count, run.rows_done) == (2, 8, 10)
    assert set(ASN.objects.values_list("identifier", flat=True)) == {rows[0][0], rows[9][0]}
    assert "baris" in importer.errors_csv(run) and ",3," not in importer.errors_csv(run)


def test_it_detects_duplicates_across_batches(cast: Any, tmp_path: Path) -> None:
    rows = rows_for(cast, 6)
    rows[5][0] = rows[0][0]
    rows[5][2] = rows[0][2]
    run = import_file(cast.ppk_a, write(tmp_path / "dup.csv", rows), batch_size=2)
    assert run.errors == [{"row": 7, "reason": f"NIP/NI PPPK {rows[0][0]} ganda: sudah ada di baris 2 berkas ini."}]
    assert run.created == 5


def test_it_rejects_wrong_columns_before_writing_anything(cast: Any, tmp_path: Path) -> None:
    header = ["NIP", "Nama", "Jenis Kepegawaian", "Jabatan", "Unit Kerja", "Instansi", "Wilayahnya"]
    path = write(tmp_path / "bad.csv", [r[:4] + r[5:] for r in rows_for(cast, 3)], header)
    with pytest.raises(importer.FileError) as exc:
        import_file(cast.ppk_a, path)
    assert "kelas jabatan" in str(exc.value) and "kode wilayah" in str(exc.value)
    assert ASN.objects.count() == 0
    assert ImportRun.objects.count() == 0


def test_it_accepts_header_aliases_and_semicolons(cast: Any, tmp_path: Path) -> None:
    header = [" nip / ni pppk ", "NAMA LENGKAP", "Status Kepegawaian", "Nama Jabatan", "Jenis Jabatan", "UNOR"]
    header += ["Kode Instansi", "kode_wilayah", "NIK", "Golongan"]
    rows = [r + ["3279015505900001", "III/a"] for r in rows_for(cast, 2)]
    rows[1][7] = "3279"  # region code without dots
    path = tmp_path / "semi.csv"
    with path.open("w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)
    run = import_file(cast.ppk_a, path)
    assert (run.created, run.error_count) == (2, 0), run.errors
    asn = ASN.objects.get(identifier=rows[0][0])
    assert asn.nik_encrypted == "3279015505900001"
    assert asn.nik_index == crypto.blind_index("3279015505900001")
    raw = ASN.objects.filter(pk=asn.pk).values_list("nik_encrypted", flat=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT nik_encrypted FROM personnel_asn WHERE id = %s", [asn.pk])
        stored = cursor.fetchone()[0]
    assert "3279015505900001" not in stored and raw
    again = import_file(cast.ppk_a, path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_it_resumes_after_a_crash_in_batch_two(cast: Any, tmp_path: Path) -> None:
    rows = rows_for(cast, 25)
    rows[3][0] = "bukan-nip"
    rows[20][0], rows[20][2] = rows[0][0], rows[0][2]  # row 22 repeats row 2, across the crash
    path = write(tmp_path / "crash.csv", rows)
    with pytest.raises(RuntimeError):
        import_file(cast.ppk_a, path, batch_size=10, fail_after_batches=1)
    run = ImportRun.objects.get()
    assert (run.status, run.last_committed_row, run.created, run.error_count) == ("failed", 11, 9, 1)
    assert ASN.objects.count() == 9  # batch 1 is in, nothing half-written

    resumed = import_file(cast.ppk_a, path, batch_size=10)
    assert resumed.pk == run.pk
    assert (resumed.status, resumed.created, resumed.updated, resumed.unchanged) == ("done", 23, 0, 0)
    assert (resumed.error_count, resumed.rows_done, resumed.last_committed_row) == (2, 25, 26)
    assert resumed.errors[1] == {
        "row": 22,
        "reason": f"NIP/NI PPPK {rows[0][0]} ganda: sudah ada di baris 2 berkas ini.",
    }
    assert ASN.objects.count() == 23
    assert not ImportSeen.objects.exists()  # emptied when the run ends


def test_it_rolls_back_the_batch_in_flight(cast: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = rows_for(cast, 25)
    path = write(tmp_path / "boom.csv", rows)
    real = import_run._write
    calls = {"n": 0}

    def exploding(run: ImportRun, batch: import_run.Batch, catalog: importer.Catalog) -> Any:
        calls["n"] += 1
        result = real(run, batch, catalog)
        if calls["n"] == 2:
            raise RuntimeError("disk full")  # after the rows were written, inside the transaction
        return result

    monkeypatch.setattr(import_run, "_write", exploding)
    with pytest.raises(ImportFailed) as failed:
        import_file(cast.ppk_a, path, batch_size=10)
    assert ASN.objects.count() == 10
    run = ImportRun.objects.get()
    assert (run.status, run.created, run.last_committed_row) == ("failed", 10, 11)
    # One readable line, saved on the run and raised: the cause, what is saved, where to continue.
    assert run.file_error == str(failed.value)
    assert "\n" not in run.file_error
    assert "RuntimeError: disk full" in run.file_error and "dari baris 12" in run.file_error
    monkeypatch.setattr(import_run, "_write", real)
    run = import_file(cast.ppk_a, path, batch_size=10)
    assert (run.created, run.rows_done, ASN.objects.count()) == (25, 25, 25)


def test_it_restarts_clean_on_request(cast: Any, tmp_path: Path) -> None:
    path = write(tmp_path / "r.csv", rows_for(cast, 12))
    with pytest.raises(RuntimeError):
        import_file(cast.ppk_a, path, batch_size=5, fail_after_batches=1)
    run = import_file(cast.ppk_a, path, batch_size=5, restart=True)
    assert (run.created, run.unchanged, run.rows_done) == (7, 5, 12)
    assert ImportRun.objects.count() == 2
    abandoned = ImportRun.objects.exclude(pk=run.pk).get()
    assert abandoned.status == "failed" and not can_resume(cast.ppk_a, abandoned)


def test_it_imports_xlsx(cast: Any, tmp_path: Path) -> None:
    from openpyxl import Workbook

    rows = rows_for(cast, 4)
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    ws.append([int(rows[0][0]) + 1000, "Angka Excel", "PNS", "Staf", "pelaksana", "Dinas", cast.agency_a.code, 3279])
    path = tmp_path / "siasn.xlsx"
    wb.save(path)
    run = import_file(cast.ppk_a, path)
    assert (run.created, run.error_count) == (4, 1)
    assert run.errors[0]["row"] == 6 and "sebagai angka" in run.errors[0]["reason"]
    assert ASN.objects.count() == 4


def test_it_limits_imports_to_the_officers_agency(cast: Any, tmp_path: Path) -> None:
    path = write(tmp_path / "x.csv", rows_for(cast, 2))
    with pytest.raises(PermissionDenied):
        prepare_import(cast.ppk_a, path, agency=cast.agency_b)
    with pytest.raises(PermissionDenied):
        prepare_import(cast.sup_a, path)
    run = import_file(cast.ppk_b, path)  # rows name Kota Banjar: all outside Purwakarta's scope
    assert (run.created, run.error_count) == (0, 2)
    assert ASN.objects.count() == 0


def test_it_runs_the_management_command(cast: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "cmd.csv", rows_for(cast, 3))
    call_command("import_registry", str(path), "--agency", cast.agency_a.code)
    out = capsys.readouterr()
    assert "baru 3" in out.out
    assert "baris/dtk" in out.err
    assert ImportRun.objects.get().status == ImportStatus.DONE


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY path needs PostgreSQL")
def test_it_uses_copy_on_postgresql(cast: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    used = {"copy": 0}
    real = import_write.write_staged

    def spy(run: ImportRun, lines: list[str], units: list[int]) -> import_write.BatchResult:
        used["copy"] += 1
        return real(run, lines, units)

    monkeypatch.setattr(import_write, "write_staged", spy)
    rows = [r + ["3279015505900001"] for r in rows_for(cast, 12)]
    path = write(tmp_path / "pg.csv", rows, [*HEADER, "NIK"])
    run = import_file(cast.ppk_a, path, batch_size=5)
    assert used["copy"] == 3
    assert (run.created, run.updated, run.unchanged) == (12, 0, 0)
    stamps = dict(ASN.objects.values_list("identifier", "updated_at"))
    again = import_file(cast.ppk_a, path, batch_size=5)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 12)
    assert dict(ASN.objects.values_list("identifier", "updated_at")) == stamps
    rows[0][1] = "Nama Baru Sekali"
    run3 = import_file(cast.ppk_a, write(tmp_path / "pg2.csv", rows, [*HEADER, "NIK"]), batch_size=5)
    assert (run3.created, run3.updated, run3.unchanged) == (0, 1, 11)
    asn = ASN.objects.get(identifier=rows[0][0])
    assert set(ASNNameKey.objects.filter(asn=asn).values_list("key", flat=True)) == {"nm", "br", "skl"}
    assert asn.nik_encrypted == "3279015505900001"
