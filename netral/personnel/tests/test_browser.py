"""A PPK officer uploads a SIASN export, watches the progress page, then finds a person."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import pytest

from conftest import login
from netral.personnel.choices import ImportStatus
from netral.personnel.generate import HEADER, registry_rows, write_registry_csv
from netral.personnel.models import ImportRun


@pytest.mark.browser
def test_it_imports_and_polls_progress_in_a_browser(
    page: Any, live_server: Any, cast: Any, tmp_path: Path, artifacts_dir: Path
) -> None:
    rows = list(
        registry_rows(random.Random(11), dt.date(2026, 11, 1), 6, [(cast.agency_a.code, "32.79")], ["Dinas Pendidikan"])
    )
    rows[0][1] = "Drs. H. Edi Hariono, M.Si"
    rows[5][0] = "198602302015051001"  # 30 February: a row error
    path = tmp_path / "siasn.csv"
    write_registry_csv(path, iter(rows), HEADER)

    login(page, live_server, cast.ppk_a.username)
    page.goto(f"{live_server.url}/registri/impor/")
    page.set_input_files("#id_file", str(path))
    page.click("button:has-text('Unggah dan impor')")
    page.wait_for_url("**/registri/impor/*/")
    assert page.is_visible("text=Impor selesai")
    assert page.locator("#import-progress td.mono").all_inner_texts() == ["7"]
    page.screenshot(path=str(artifacts_dir / "registry-import.png"), full_page=True)

    # A run still in progress is polled every second until the worker finishes it.
    run = ImportRun.objects.create(
        agency=cast.agency_a, file_name="besar.csv", file_sha256="x", file_format="csv", status=ImportStatus.RUNNING
    )
    page.goto(f"{live_server.url}/registri/impor/{run.pk}/")
    assert page.is_visible("text=Berjalan")
    ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.DONE, rows_done=42, created=42, progress=1.0)
    page.wait_for_selector("text=Impor selesai", timeout=10000)
    assert page.is_visible("text=42 baris diproses")

    page.goto(f"{live_server.url}/registri/cari/")
    page.fill("#id_name", "pak edi haryono")
    page.click("button:has-text('Cari')")
    page.wait_for_selector("text=Apakah yang Anda maksud")
    assert page.locator("#candidates tbody tr").first.inner_text().count("Edi Hariono") == 1


@pytest.mark.browser
def test_a_failed_import_says_why_in_one_line_and_resumes_on_a_click(
    page: Any, live_server: Any, cast: Any, tmp_path: Path, artifacts_dir: Path
) -> None:
    from netral.personnel.services import ImportFailed, import_file

    rows = list(
        registry_rows(random.Random(12), dt.date(2026, 11, 1), 25, [(cast.agency_a.code, "32.79")], ["Dinas A"])
    )
    path = tmp_path / "terhenti.csv"
    write_registry_csv(path, iter(rows), HEADER)
    with pytest.raises(ImportFailed):
        import_file(cast.ppk_a, path, batch_size=10, fail_after_batches=1)
    run = ImportRun.objects.get(file_name="terhenti.csv")

    login(page, live_server, cast.ppk_a.username)
    page.goto(f"{live_server.url}/registri/impor/{run.pk}/")
    notice = page.locator("#import-progress .notice.bad")
    assert "Impor terhenti" in notice.inner_text() and "dari baris 12" in notice.inner_text()
    page.screenshot(path=str(artifacts_dir / "registry-import-failed.png"), full_page=True)
    page.click("button:has-text('Lanjutkan impor')")
    page.wait_for_selector("text=Impor selesai")
    run.refresh_from_db()
    assert (run.status, run.created, run.rows_done) == ("done", 25, 25)
