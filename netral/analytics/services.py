"""Writes of analytics: importing the IKP baseline (the index itself is written by ``vulnerability``)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from netral.analytics.models import IKPBaseline
from netral.regions.models import Region

REQUIRED = ("region_code",)
DIMENSIONS = IKPBaseline.DIMENSIONS


class IKPImportError(Exception):
    """The CSV had errors; nothing was saved. ``errors`` lists them per row."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


def _score(raw: str, column: str, line: int, errors: list[str]) -> Decimal | None:
    raw = (raw or "").strip().replace(",", ".")
    if raw == "":
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        errors.append(f"baris {line}: {column} bukan angka ({raw!r})")
        return None
    if not Decimal(0) <= value <= Decimal(100):
        errors.append(f"baris {line}: {column} harus 0–100 ({raw})")
        return None
    return value.quantize(Decimal("0.01"))


@transaction.atomic
def import_ikp(text: str, edition: str, *, source: str = "", demo: bool = False) -> int:
    """Import IKP dimension scores from CSV text; all rows or none. Returns rows saved.

    Columns: region_code, social_political, administration, contestation, participation,
    and optionally total (Bawaslu's composite; otherwise the mean of the dimensions present).
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise IKPImportError([f"kolom wajib tidak ada: {', '.join(missing)}"])
    regions = dict(Region.objects.filter(level__in=(1, 2)).values_list("code", "pk"))
    errors: list[str] = []
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for line, row in enumerate(reader, start=2):
        code = (row.get("region_code") or "").strip()
        if code not in regions:
            errors.append(f"baris {line}: kode wilayah {code!r} tidak dikenal (provinsi atau kabupaten/kota)")
            continue
        if code in seen:
            errors.append(f"baris {line}: kode wilayah {code} muncul dua kali")
            continue
        seen.add(code)
        before = len(errors)
        dims = {d: _score(row.get(d, ""), d, line, errors) for d in DIMENSIONS}
        total = _score(row.get("total", ""), "total", line, errors)
        present = [v for v in dims.values() if v is not None]
        if len(errors) > before:
            continue
        if total is None:
            if not present:
                errors.append(f"baris {line}: tidak ada skor dimensi maupun total")
                continue
            total = (sum(present, Decimal(0)) / len(present)).quantize(Decimal("0.01"))
        rows.append({"region_id": regions[code], "total": total, **dims})
    if errors:
        raise IKPImportError(errors)
    for row in rows:
        IKPBaseline.objects.update_or_create(
            edition=edition,
            region_id=row.pop("region_id"),
            defaults={**row, "source": source, "is_demo": demo},
        )
    return len(rows)
