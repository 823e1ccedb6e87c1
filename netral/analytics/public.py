"""Aggregated, suppressed figures for the public page and the open-data download (no account).

Only counts per province leave this module, after small-count and complementary suppression;
nothing identifies a person, a case or an agency.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from netral.analytics import sources, suppression
from netral.cases.choices import CaseStatus
from netral.cases.models import Case
from netral.regions.models import Region
from netral.reports.models import Report

NATIONAL = "ID"
REC_PARTS = ("carried_out", "refused", "overdue", "pending")
# (column, label, unit, definition) — the data dictionary is generated from this list.
COLUMNS: list[tuple[str, Any, Any, Any]] = [
    (
        "reports",
        _("Laporan dan temuan"),
        _("laporan/temuan"),
        _("Laporan masyarakat dan temuan pengawas yang diterima, menurut wilayah kejadian."),
    ),
    ("cases", _("Perkara"), _("perkara"), _("Perkara yang dibuka (laporan yang digabung dihitung satu kali).")),
    (
        "violations",
        _("Perkara terbukti pelanggaran"),
        _("perkara"),
        _("Perkara yang diputus pelanggaran atau sudah diteruskan/direkomendasikan/ditindaklanjuti."),
    ),
    (
        "received",
        _("Rekomendasi ke PPK"),
        _("rekomendasi"),
        _("Rekomendasi sanksi yang sudah dikirim kepada PPK instansi terlapor."),
    ),
    ("carried_out", _("Dilaksanakan PPK"), _("rekomendasi"), _("Rekomendasi yang sudah diputus PPK.")),
    ("refused", _("Ditolak PPK"), _("rekomendasi"), _("Rekomendasi yang ditolak atau tidak ditindaklanjuti PPK.")),
    ("overdue", _("Lewat tenggat"), _("rekomendasi"), _("Rekomendasi belum diputus setelah tenggat tindak lanjut.")),
    ("pending", _("Dalam tenggat"), _("rekomendasi"), _("Rekomendasi belum diputus, tenggat belum lewat.")),
]


def _by_province(qs: Any, **counts: Any) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for row in qs.order_by().annotate(p=Substr("region_code", 1, 2)).values("p").annotate(**counts):
        out[row.pop("p")] = row
    return out


def raw_table() -> dict[tuple[str, str], int]:
    """Unsuppressed counts per (province code | "ID", column). Never rendered directly."""
    provinces = list(Region.objects.filter(level=1).values_list("code", flat=True))
    cases = Case.objects.exclude(status=CaseStatus.JOINED)
    data: dict[str, dict[str, int]] = {p: {} for p in provinces}
    for p, row in _by_province(Report.objects.all(), reports=Count("pk")).items():
        data.setdefault(p, {}).update(row)
    for p, row in _by_province(cases, cases=Count("pk")).items():
        data.setdefault(p, {}).update(row)
    established = list(sources.ESTABLISHED) + [CaseStatus.CLOSED]
    for p, row in _by_province(cases.filter(status__in=established), violations=Count("pk")).items():
        data.setdefault(p, {}).update(row)
    qmap = sources.compliance_q()
    if qmap:
        agg = {name: Count("pk", filter=q) for name, q in qmap.items()}
        for p, row in _by_province(cases.filter(qmap["received"]), **agg).items():
            data.setdefault(p, {}).update(row)
    cells: dict[tuple[str, str], int] = {}
    for p in provinces:
        for col, *_rest in COLUMNS:
            cells[(p, col)] = int(data.get(p, {}).get(col, 0))
    for col, *_rest in COLUMNS:
        cells[(NATIONAL, col)] = sum(cells[(p, col)] for p in provinces)
    return cells


def lines(provinces: list[str]) -> list[tuple[list[tuple[str, str]], tuple[str, str]]]:
    """The additive relations a reader could use to recover a hidden cell."""
    columns = [([(p, col) for p in provinces], (NATIONAL, col)) for col, *_rest in COLUMNS]
    breakdowns = [([(p, part) for part in REC_PARTS], (p, "received")) for p in [*provinces, NATIONAL]]
    return columns + breakdowns


def data_version() -> str:
    """What the public figures were last recomputed from: the index computation time.

    Every change to cases or reports marks the index dirty and schedules one (debounced)
    recomputation; when it finishes this value moves, so cached public pages are replaced.
    """
    from netral.analytics.models import IndexState

    row = IndexState.objects.filter(pk=1).values_list("computed_at", "rollup_at").first()
    return "|".join(str(v) for v in row) if row else "none"


def cached_table() -> dict[str, Any]:
    """``table()`` for the current data version, computed once per version (and at most every 2 minutes)."""
    import hashlib

    from django.core.cache import cache

    key = "public-table:" + hashlib.sha256(f"{data_version()}:{suppression.threshold()}".encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = table()
        cache.set(key, found, 120)
    return found


def compliance_rate(code: str, cells: dict[tuple[str, str], int], hidden: set[tuple[str, str]]) -> float | None:
    """Share of decided recommendations the PPK carried out, where it may be published.

    A province's rate is published only when none of its parts is hidden by suppression (the
    rate would reveal them). The national row always has its rate once anything was decided: it
    names no region or agency, and leaving it blank hid the one figure everybody asks for.
    """
    decided = cells[(code, "received")] - cells[(code, "pending")]
    if decided <= 0:
        return None
    if code != NATIONAL and any((code, c) in hidden for c in ("received", *REC_PARTS)):
        return None
    return cells[(code, "carried_out")] / decided


def table(k: int | None = None) -> dict[str, Any]:
    """The published table: rows per province plus the national row, suppressed."""
    k = k or suppression.threshold()
    names = dict(Region.objects.filter(level=1).values_list("code", "name"))
    provinces = sorted(names)
    cells = raw_table()
    primary, complementary = suppression.suppress(cells, lines(provinces), k)
    shown = suppression.display(cells, primary, complementary, k)
    rows = []
    for p in [*provinces, NATIONAL]:
        values = {col: shown[(p, col)] for col, *_rest in COLUMNS}
        rate = compliance_rate(p, cells, primary | complementary)
        rows.append({"code": p, "name": names.get(p, _("Nasional")), "values": values, "rate": rate})
    return {
        "columns": [{"key": c, "label": label, "unit": unit, "definition": d} for c, label, unit, d in COLUMNS],
        "rows": rows,
        "k": k,
        "suppressed": len(primary) + len(complementary),
    }
