"""The batch fast path gives exactly what per-row validation gives, row for row."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from netral.personnel import import_fast, importer
from netral.personnel.generate import HEADER, registry_rows
from netral.personnel.import_write import stage_line

TODAY = dt.date(2026, 11, 22)


def _rows(cast: Any, count: int) -> list[list[Any]]:
    rng = random.Random(11)
    agencies = [(cast.agency_a.code, "32.79"), (cast.agency_b.code, "32.14")]
    return [[*r, ""] for r in registry_rows(rng, TODAY, count, agencies, ["Dinas Pendidikan", "Kecamatan Banjar"])]


def _odd_rows(cast: Any) -> list[list[Any]]:
    """Rows the fast path must hand to validate_row, or must get exactly right itself."""
    good = _rows(cast, 40)
    odd = [list(r) for r in good[:32]]
    odd[0][0] = "19860926 201505 1 001"  # valid after cleaning
    odd[1][0] = "198602302015051001"  # 30 February
    odd[2][0] = 198609262015051001  # Excel number
    odd[3][2] = "honorer"
    odd[4][2] = " p3k "  # alias with spaces
    odd[5][1] = "   "  # empty name
    odd[6][1] = "A" * 201  # too long
    odd[7][1] = "  Drs.  H.\tEdi   Hariono,\u00a0M.Si  "  # whitespace of every kind
    odd[8][4] = "Camat-Lurah"
    odd[9][4] = "honorer"
    odd[10][6] = cast.agency_b.name.upper()  # agency by name, other case
    odd[11][6] = "tidak-ada"
    odd[12][7] = "3279"  # region without dots
    odd[13][7] = "99.99"
    odd[14][8] = "3279015505900001"  # NIK
    odd[15][8] = "3279 0155 0590 0001"  # NIK with spaces: valid after cleaning
    odd[16][8] = "32790155059"  # NIK too short
    odd[17][5] = "  Dinas   Kesehatan "
    odd[18] = odd[18][:5]  # a short row
    odd[19][3] = None  # an empty XLSX cell
    odd[20][1] = "Siti Nur'aini \\ Back"  # backslash: escaped in COPY text
    odd[21][0] = "١٩٨٦٠٩٢٦٢٠١٥٠٥١٠٠١"  # Arabic-Indic digits
    odd[22][2] = "PPPK" if odd[22][2] != "PPPK" else "PNS"  # the other kind: NIP vs NI PPPK rules
    odd[23][7] = " 32.79 "
    return odd + good[32:]


@pytest.mark.parametrize("allowed", [None, "agency_a"])
def test_it_gives_the_same_rows_and_reasons_as_validate_row(cast: Any, allowed: str | None) -> None:
    mapping = importer.map_header([*HEADER, "NIK"])
    catalog = importer.Catalog.load(None if allowed is None else {getattr(cast, allowed).pk})
    items = list(enumerate(_odd_rows(cast), start=2))
    fast = import_fast.FastValidator(mapping, catalog, TODAY).validate(items)
    slow = [importer.validate_row(n, cells, mapping, catalog, TODAY) for n, cells in items]
    assert fast == slow
    assert sum(isinstance(r, str) for r in fast) >= 10  # the odd rows really were odd
    assert sum(isinstance(r, importer.Row) for r in fast) >= 10


def test_it_takes_the_fast_path_for_plain_rows(cast: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    mapping = importer.map_header(HEADER)
    catalog = importer.Catalog.load(None)
    calls = {"n": 0}
    real = import_fast.validate_row

    def counting(*args: Any) -> Any:
        calls["n"] += 1
        return real(*args)

    monkeypatch.setattr(import_fast, "validate_row", counting)
    items = [(n, r[:8]) for n, r in enumerate(_rows(cast, 200), start=2)]
    rows = import_fast.FastValidator(mapping, catalog, TODAY).validate(items)
    assert all(isinstance(r, importer.Row) for r in rows)
    assert calls["n"] == 0


def test_copy_text_escapes_and_encrypts(cast: Any) -> None:
    mapping = importer.map_header([*HEADER, "NIK"])
    catalog = importer.Catalog.load(None)
    rows = _odd_rows(cast)
    row = importer.validate_row(22, rows[20], mapping, catalog, TODAY)
    assert isinstance(row, importer.Row)
    line = stage_line(row, None, 3)
    fields = line.rstrip("\n").split("\t")
    assert fields[3] == "Siti Nur'aini \\\\ Back"  # COPY text: backslash doubled
    assert fields[10:12] == ["\\N", "3"]  # unit id unknown yet, unit_ref 3
    nik_row = importer.validate_row(16, rows[14], mapping, catalog, TODAY)
    assert isinstance(nik_row, importer.Row)
    encrypted = stage_line(nik_row, 1).split("\t")[14]
    assert "3279015505900001" not in encrypted and encrypted  # the plain NIK never leaves the process
