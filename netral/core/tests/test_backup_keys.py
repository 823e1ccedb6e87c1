"""Backups restore readable with the same keys; keys rotate without losing a reporter's identity."""

from __future__ import annotations

import io
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.management import call_command

from netral.core import crypto
from netral.reports.models import Report
from netral.reports.services import submit_report
from netral.reports.tests.conftest import png_bytes, report_data, upload

ROOT = Path(settings.BASE_DIR)
ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")


@pytest.mark.django_db
def test_rotation_moves_every_value_to_the_new_key(settings: Any) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    report, _ = submit_report(report_data())
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    out = io.StringIO()
    call_command("rotate_encryption_keys", stdout=out)
    assert "reports.Report: 1 row(s) re-encrypted" in out.getvalue()
    settings.FIELD_ENCRYPTION_KEYS = [new]  # the old key is gone
    again = Report.objects.get(pk=report.pk)
    assert (again.reporter_name, again.reporter_nik) == ("Siti Pelapor", "3279014107900001")
    from django.db import connection

    with connection.cursor() as cur:  # the column as stored: ciphertext under the new key only
        cur.execute("SELECT reporter_email FROM reports_report WHERE id = %s", [report.pk])
        token = cur.fetchone()[0]
    assert Fernet(new.encode()).decrypt(token.encode()) == b"siti@example.test"


@pytest.mark.django_db
def test_without_rotation_removing_the_old_key_makes_values_unreadable(settings: Any) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    report, _ = submit_report(report_data())
    settings.FIELD_ENCRYPTION_KEYS = [new]
    with pytest.raises(ValueError, match="cannot decrypt"):
        Report.objects.get(pk=report.pk)


@pytest.mark.django_db
def test_a_new_blind_index_key_finds_equal_niks_again_after_the_rebuild(settings: Any) -> None:
    report, _ = submit_report(report_data())
    settings.BLIND_INDEX_KEY = "kunci-indeks-baru"
    assert Report.objects.get(pk=report.pk).reporter_nik_index != crypto.blind_index("3279014107900001")
    call_command("rotate_encryption_keys", "--blind-indexes", stdout=io.StringIO())
    assert Report.objects.get(pk=report.pk).reporter_nik_index == crypto.blind_index("3279014107900001")


@pytest.mark.skipif(not ON_POSTGRES, reason="pg_dump/pg_restore against the test PostgreSQL server")
@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_a_new_database_readable_with_the_same_keys(
    reference_data: None, tmp_path: Path, settings: Any
) -> None:
    import psycopg
    from django.db import connection

    report, _ = submit_report(report_data(), [upload("bukti.png", png_bytes(color=(4, 5, 6)))])
    evidence = report.evidence.get(kind="image")
    db = connection.settings_dict
    base = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}"
    env = {
        **os.environ,
        "DATABASE_URL": f"{base}/{db['NAME']}",
        "PRIVATE_STORAGE_ROOT": str(settings.PRIVATE_STORAGE_ROOT),
    }
    backups = tmp_path / "backups"
    subprocess.run([str(ROOT / "deploy/backup.sh"), str(backups)], cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: S603, S607
    dump = next(backups.glob("netral-db-*.dump"))
    archive = next(backups.glob("netral-private-*.tar.gz"))

    target = f"restore_{os.getpid()}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{target}"')
        admin.execute(f'CREATE DATABASE "{target}"')
    try:
        restored_private = tmp_path / "restored-private"
        env_restore = {**env, "DATABASE_URL": f"{base}/{target}", "PRIVATE_STORAGE_ROOT": str(restored_private)}
        subprocess.run(  # noqa: S603
            [str(ROOT / "deploy/restore.sh"), str(dump), str(archive)],
            cwd=ROOT,
            env=env_restore,
            check=True,
            capture_output=True,
        )
        with psycopg.connect(f"{base}/{target}") as restored:
            row = restored.execute(
                "SELECT reporter_name, reporter_nik, reporter_nik_index FROM reports_report WHERE id = %s",
                [report.pk],
            ).fetchone()
        assert row is not None
        name, nik, index = row
        assert "Siti" not in name  # still encrypted at rest in the dump
        assert crypto.decrypt(name) == "Siti Pelapor" and crypto.decrypt(nik) == "3279014107900001"
        assert index == crypto.blind_index("3279014107900001")
        assert (restored_private / evidence.storage_path).read_bytes() == png_bytes(color=(4, 5, 6))
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
