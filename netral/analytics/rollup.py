"""Pre-aggregated dashboard figures for wide scopes (national, provincial, BKN).

``refresh`` rebuilds the ``Rollup`` table from the live tables (background task, with the index).
``dashboard`` answers the same dict as ``selectors.dashboard`` from it, through
``Rollup.objects.restrict(user)``. It serves unfiltered views and views filtered by one of the
``DIMS`` (status, stage, subject kind, position class), with or without a province; any other
filter or combination, and every narrow scope, is answered live by ``selectors``.

"Overdue" depends on the clock as well as on data, so the rollup is also rebuilt daily
(``manage.py recompute_index`` from cron) and the dashboard shows when it was built.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    Min,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models import (
    Case as When_,
)
from django.db.models.functions import Cast, Substr, TruncMonth
from django.utils import timezone

from netral.agencies.models import Agency
from netral.analytics import selectors, sources
from netral.analytics.forms import Filters
from netral.analytics.models import IndexState, Rollup
from netral.cases.choices import CaseStatus, SubjectKind
from netral.cases.models import Case
from netral.personnel.choices import PositionClass
from netral.regions.models import Stage
from netral.reports.choices import ReportKind
from netral.reports.models import Report

CELL = ("rc", "agency_id", "vis_bkn", "vis_ppk")
MAX_DAYS = 365  # handling-time histogram: longer waits are counted at 365

# Dashboard filters the rollup can answer: every figure is also stored split by the filter's value
# (column ``dim`` = "status:recommended", ...). Per filter: the case field, the report field and
# whether reports are filtered through their case (as ``selectors.reports`` does for case-level
# filters). One filter at a time; combinations, dates, violation type and PPK follow-up are live.
DIMS: dict[str, tuple[str, str, bool]] = {
    "status": ("status", "case__status", True),
    "stage": ("stage_id", "case__stage_id", True),
    "subject": ("subject_kind", "subject_kind", False),
    "position": ("asn__position_class", "asn__position_class", False),
}


def _prefixed(q: Q, prefix: str) -> Q:
    """The same condition seen from a related model (``Q(status=..)`` → ``Q(case__status=..)``)."""
    out = Q()
    out.connector, out.negated = q.connector, q.negated
    out.children = [_prefixed(c, prefix) if isinstance(c, Q) else (f"{prefix}__{c[0]}", c[1]) for c in q.children]
    return out


def _flag(q: Q | None) -> Any:
    if q is None:
        return Value(False, output_field=BooleanField())
    return When_(When(q, then=Value(True)), default=Value(False), output_field=BooleanField())


def _cells(qs: QuerySet[Any], model: Any, *, place: bool, via_case: bool = False) -> QuerySet[Any]:
    """Annotate the cell columns and the model's own BKN/PPK scope.

    place=False: the province layer (code cut to 2, no agency), for every figure;
    place=True: the regency/city × agency layer, for per-region and per-agency figures.
    via_case: reports counted through their case must also be visible as a case (both scopes).
    """
    scope = model.Scope
    bkn, ppk = getattr(scope, "bkn", None), getattr(scope, "ppk", None)
    if via_case:
        bkn = (bkn or Q(pk__in=[])) & _prefixed(Case.Scope.bkn, "case")
        ppk = (ppk or Q(pk__in=[])) & _prefixed(Case.Scope.ppk, "case")
    return qs.order_by().annotate(
        rc=Substr(scope.region, 1, 5 if place else 2),
        agency_id_=F(f"{scope.agency}_id") if place else Value(None, output_field=IntegerField()),
        vis_bkn=_flag(bkn),
        vis_ppk=_flag(ppk),
    )


Dim = tuple[str, str] | None  # (filter name, field path) or None for the unfiltered figures


def _rows(kind: str, qs: QuerySet[Any], key: Any, agg: Any = None, oldest: Any = None, dim: Dim = None) -> list[Rollup]:
    d = F(dim[1]) if dim else Value("", output_field=CharField())
    annotated = qs.annotate(k=key, d=d).values("rc", "agency_id_", "vis_bkn", "vis_ppk", "k", "d")
    aggs: dict[str, Any] = {"n": agg if agg is not None else Count("pk")}
    if oldest is not None:
        aggs["old"] = oldest
    return [
        Rollup(
            kind=kind,
            key="" if r["k"] is None else str(r["k"])[:40],
            dim=f"{dim[0]}:{r['d']}" if dim else "",
            region_code=r["rc"] or "",
            agency_id=r["agency_id_"],
            bkn=r["vis_bkn"],
            ppk=r["vis_ppk"],
            n=r["n"] or 0,
            oldest=r.get("old"),
        )
        for r in annotated.annotate(**aggs)
        if not dim or r["d"] not in (None, "")
    ]


def _figures(cases: QuerySet[Case], places: QuerySet[Case], reports: QuerySet[Report], name: str = "") -> list[Rollup]:
    """Every figure's rows, unfiltered (name "") or split by the values of the filter ``name``."""
    case_dim: Dim = (name, DIMS[name][0]) if name else None
    report_dim: Dim = (name, DIMS[name][1]) if name else None
    rows: list[Rollup] = []
    rows += _rows("place:status", places, F("status"), dim=case_dim)
    rows += _rows("status", cases, F("status"), dim=case_dim)
    rows += _rows("stage", cases, Cast("stage_id", CharField()), dim=case_dim)
    rows += _rows("subject", cases, F("subject_kind"), dim=case_dim)
    rows += _rows("position", cases.filter(asn__isnull=False), F("asn__position_class"), dim=case_dim)
    rows += _rows("persons", cases.filter(asn__isnull=False), Value(""), Count("asn", distinct=True), dim=case_dim)
    rows += _rows("month", cases, TruncMonth("created_at"), dim=case_dim)
    for report_kind in ReportKind.values:
        rows += _rows(
            f"reports:{report_kind}", reports.filter(kind=report_kind), TruncMonth("submitted_at"), dim=report_dim
        )
    path = sources.violation_path()
    if path:
        rows += _rows(
            "violation",
            cases.filter(**{f"{path}__isnull": False}),
            F(path),
            Count("pk", distinct=True),
            dim=case_dim,
        )
    for step in sources.handling_steps():
        diff = ExpressionWrapper(
            selectors._as_date(step["end"]) - selectors._as_date(step["start"]), output_field=DurationField()
        )
        measured = cases.filter(**{f"{step['start']}__isnull": False, f"{step['end']}__isnull": False})
        rows += _rows(f"handling:{step['key']}", measured, diff, dim=case_dim)
    qmap = sources.compliance_q()
    if qmap:
        for status in ("carried_out", "refused", "overdue", "pending"):
            oldest = Min("recommended_at") if status == "overdue" else None
            rows += _rows("compliance", cases.filter(qmap[status]), Value(status), oldest=oldest, dim=case_dim)
            rows += _rows("place:compliance", places.filter(qmap[status]), Value(status), oldest=oldest, dim=case_dim)
    return rows


@transaction.atomic
def refresh() -> int:
    """Rebuild every rollup row; returns the number of rows."""
    live_cases = Case.objects.exclude(status=CaseStatus.JOINED)
    cases = _cells(live_cases, Case, place=False)
    places = _cells(live_cases, Case, place=True)
    rows = _figures(cases, places, _cells(Report.objects.all(), Report, place=False))
    through_case = _cells(
        Report.objects.filter(case__isnull=False).exclude(case__status=CaseStatus.JOINED),
        Report,
        place=False,
        via_case=True,
    )
    for name, (_case_path, _report_path, via_case) in DIMS.items():
        reports = through_case if via_case else _cells(Report.objects.all(), Report, place=False)
        rows += _figures(cases, places, reports, name)
    for r in rows:
        if r.kind == "month" or r.kind.startswith("reports:"):
            r.key = r.key[:7]  # "2024-05-01 00:00:00+07:00" → "2024-05"
    Rollup.objects.all().delete()
    Rollup.objects.bulk_create(rows, batch_size=2000)
    if connection.vendor == "postgresql":
        # Fresh statistics now rather than at autovacuum's pace: the dashboard reads pick a few
        # thousand of ~10^5 rows by ``dim`` and plan badly on the previous table's statistics.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Rollup._meta.db_table}")
    IndexState.objects.update_or_create(pk=1, defaults={"rollup_at": timezone.now()})
    return len(rows)


# --- Read side --------------------------------------------------------------------------------


LIVE_ONLY = ("date_from", "date_to", "election", "violation", "ppk", "step", "late")


def dim_of(f: Filters) -> str | None:
    """The rollup ``dim`` that answers these filters ("" unfiltered), or None if only live can."""
    if any(getattr(f, name, None) for name in LIVE_ONLY):
        return None
    used = [name for name in DIMS if getattr(f, name)]
    if not used:
        return ""
    if len(used) > 1 or f.status == CaseStatus.JOINED:  # joined duplicates are never rolled up
        return None
    return f"{used[0]}:{getattr(f, used[0])}"


def usable(user: Any, f: Filters) -> bool:
    """Whether the rollup can answer: a wide scope, at most one filter from ``DIMS`` besides a province."""
    state = IndexState.objects.filter(pk=1).values_list("rollup_at", flat=True).first()
    if state is None:
        return False
    if dim_of(f) is None:
        return False
    if f.agency or (f.region and len(f.region) > 2):
        return False
    role = getattr(user, "role", "")
    if role == "ppk":
        return False
    code = getattr(user, "region_code", None)
    return (
        role in ("bkn", "admin")
        or user.is_superuser
        or (role in ("supervisor", "analyst") and (not code or len(code) <= 2))
    )


def _base(user: Any, f: Filters) -> QuerySet[Rollup]:
    qs = Rollup.objects.restrict(user).filter(dim=dim_of(f) or "")
    if f.region:
        qs = qs.filter(Q(region_code=f.region) | Q(region_code__startswith=f"{f.region}."))
    if f.agency:
        qs = qs.filter(agency__code=f.agency)
    return qs


def _sum_by(qs: QuerySet[Rollup], field: Any) -> dict[Any, int]:
    return {r["g"]: r["n"] for r in qs.order_by().annotate(g=field).values("g").annotate(n=Sum("n"))}


def _days(key: str) -> int:
    """A stored duration key back to whole days ("3 days, 0:00:00", "3 days", "0:00:00", µs)."""
    key = key.strip()
    if "day" in key:
        return int(key.split()[0])
    if ":" in key:
        return 0
    try:
        return int(int(key) // 86_400_000_000)
    except ValueError:
        return 0


class Sums:
    """The user's rollup rows summed three ways, in three queries: by (kind, key); by (kind, child
    region, key) and by (kind, agency, key) for the kinds that have per-region or per-agency figures."""

    PER_PLACE = ("place:status", "place:compliance")

    def __init__(self, base: QuerySet[Rollup], width: int) -> None:
        self.total: dict[str, dict[str, int]] = defaultdict(dict)
        for r in base.exclude(kind__in=self.PER_PLACE).order_by().values("kind", "key").annotate(n=Sum("n")):
            self.total[r["kind"]][r["key"]] = r["n"]
        per_place = base.filter(kind__in=self.PER_PLACE).annotate(k=Substr("kind", 7)).order_by()
        self.region: dict[str, dict[str, dict[str, Any]]] = defaultdict(lambda: defaultdict(dict))
        self.region_oldest: dict[str, datetime.datetime] = {}
        rows = (
            per_place.annotate(g=Substr("region_code", 1, width))
            .values("k", "g", "key")
            .annotate(n=Sum("n"), old=Min("oldest"))
        )
        for r in rows:
            if r["g"] and len(r["g"]) == width:
                self.region[r["k"]][r["g"]][r["key"]] = r["n"]
                if r["old"]:
                    self.region_oldest[r["g"]] = r["old"]
        self.agency: dict[str, dict[int, dict[str, Any]]] = defaultdict(lambda: defaultdict(dict))
        self.agency_oldest: dict[int, datetime.datetime] = {}
        by_agency = per_place.filter(agency__isnull=False)
        # Cases per agency need no status breakdown: one row per agency instead of one per status.
        for r in by_agency.filter(kind="place:status").values("agency").annotate(n=Sum("n")):
            self.agency["status"][r["agency"]][""] = r["n"]
        rows = by_agency.filter(kind="place:compliance").values("agency", "key").annotate(n=Sum("n"), old=Min("oldest"))
        for r in rows:
            self.agency["compliance"][r["agency"]][r["key"]] = r["n"]
            if r["old"]:
                self.agency_oldest[r["agency"]] = r["old"]
        ids = set(self.agency["status"]) | set(self.agency["compliance"])
        self.agencies = {a["pk"]: a for a in Agency.objects.filter(pk__in=ids).values("pk", "code", "name")}

    def kind(self, kind: str) -> dict[str, int]:
        return {k: v for k, v in self.total.get(kind, {}).items() if v}


def dashboard(user: Any, f: Filters) -> dict[str, Any]:
    """The same figures as ``selectors.dashboard``, summed from the rollup."""
    focus = selectors.focus_code(user, f)
    width = selectors.child_width(focus)
    sums = Sums(_base(user, f), width)
    status_counts = sums.kind("status")

    def rows_of(kind: str, labels: dict[Any, Any], param: str) -> list[dict[str, Any]]:
        return selectors._rows(sums.kind(kind), labels, f, param)

    stage_counts = {int(k) if k else None: v for k, v in sums.kind("stage").items()}
    stage_labels = {
        s.pk: f"{s.election.code}: {s.name}"
        for s in Stage.objects.filter(pk__in=[k for k in stage_counts if k]).select_related("election")
    }
    region_counts = {g: sum(v.values()) for g, v in sums.region["status"].items() if sum(v.values())}
    agency_counts = sorted(
        ((sums.agencies[a], sum(v.values())) for a, v in sums.agency["status"].items() if sum(v.values())),
        key=lambda av: (-av[1], av[0]["name"]),
    )[:25]
    month_counts = sums.kind("month")
    rep_month = {k: sums.kind(f"reports:{k}") for k in ReportKind.values}
    months = sorted(set(month_counts) | {m for counts in rep_month.values() for m in counts})
    total_reports = {kind: sum(m.values()) for kind, m in rep_month.items()}
    received = sum(sums.kind("compliance").values())
    return {
        "focus": focus,
        "source": "rollup",
        "totals": {
            "reports": {"count": total_reports.get(ReportKind.REPORT, 0), "unit": selectors.UNIT_REPORTS},
            "findings": {"count": total_reports.get(ReportKind.FINDING, 0), "unit": selectors.UNIT_REPORTS},
            "cases": {
                "count": sum(status_counts.values()),
                "unit": selectors.UNIT_CASES,
                "url": selectors.drill_url(f),
            },
            "persons": {"count": sum(sums.kind("persons").values()), "unit": selectors.UNIT_PERSONS},
            "recommendations": {
                "count": received,
                "unit": selectors.UNIT_RECOMMENDATIONS,
                "url": selectors.drill_url(f, ppk="received"),
            },
        },
        "by_status": selectors._rows(status_counts, dict(CaseStatus.choices), f, "status"),
        "by_stage": selectors._rows(stage_counts, {**stage_labels, None: "—"}, f, "stage"),
        "by_violation": rows_of("violation", {c: f"{c} {t}" for c, t in sources.violation_types()}, "violation"),
        "by_region": selectors._rows(region_counts, selectors.region_names(region_counts), f, "region"),
        "by_position": rows_of("position", dict(PositionClass.choices), "position"),
        "by_subject": rows_of("subject", dict(SubjectKind.choices), "subject"),
        "by_agency": [
            {"key": a["code"], "label": a["name"], "count": n, "url": selectors.drill_url(f, agency=a["code"])}
            for a, n in agency_counts
        ],
        "trend": {
            "labels": months,
            "series": [
                {
                    "key": "laporan",
                    "label": selectors._("Laporan masyarakat"),
                    "unit": selectors.UNIT_REPORTS,
                    "data": [rep_month[ReportKind.REPORT].get(m, 0) for m in months],
                },
                {
                    "key": "temuan",
                    "label": selectors._("Temuan pengawas"),
                    "unit": selectors.UNIT_REPORTS,
                    "data": [rep_month[ReportKind.FINDING].get(m, 0) for m in months],
                },
                {
                    "key": "perkara",
                    "label": selectors._("Perkara dibuka"),
                    "unit": selectors.UNIT_CASES,
                    "data": [month_counts.get(m, 0) for m in months],
                },
            ],
        },
        "handling": _handling(sums, f),
        "compliance_agency": _compliance(
            {sums.agencies[a]["code"]: v for a, v in sums.agency["compliance"].items()},
            {sums.agencies[a]["code"]: sums.agencies[a]["name"] for a in sums.agency["compliance"]},
            {sums.agencies[a]["code"]: o for a, o in sums.agency_oldest.items()},
            f,
            "agency",
        ),
        "compliance_region": _compliance(
            dict(sums.region["compliance"]),
            selectors.region_names(sums.region["compliance"]),
            sums.region_oldest,
            f,
            "region",
        ),
        "prevention": _prevention(user, f, sums, focus, width),
    }


def _handling(sums: Sums, f: Filters) -> list[dict[str, Any]]:
    out = []
    for step in sources.handling_steps():
        hist: dict[int, int] = {}
        for k, v in sums.kind(f"handling:{step['key']}").items():
            d = _days(k)
            hist[d] = hist.get(d, 0) + v
        n = sum(hist.values())
        in_time = sum(c for d, c in hist.items() if d <= step["limit"])
        out.append(
            {
                "key": step["key"],
                "label": step["label"],
                "limit_days": step["limit"],
                "count": n,
                "in_time": in_time,
                "share": (in_time / n) if n else None,
                "median_days": selectors._median_from_histogram(hist),
                "unit": selectors.UNIT_CASES,
                "urls": selectors.step_urls(f, step["key"]),
            }
        )
    return out


def _compliance(
    parts: dict[str, dict[str, int]],
    labels: dict[str, str],
    oldest: dict[str, datetime.datetime],
    f: Filters,
    group: str,
) -> list[dict[str, Any]]:
    limit = sources.deadline_days("ppk_followup_days", 14)
    now = timezone.now()
    out = []
    for key, counts in parts.items():
        c = {name: counts.get(name, 0) for name in ("carried_out", "refused", "overdue", "pending")}
        received = sum(c.values())
        if not received:
            continue
        decided = received - c["pending"]
        param = {"agency": key} if group == "agency" else {"region": key}
        old = oldest.get(key) if c["overdue"] else None
        out.append(
            {
                "key": key,
                "label": labels.get(key, key),
                "received": received,
                **c,
                "max_overdue_days": (now - old).days - limit if old else None,
                "rate": (c["carried_out"] / decided) if decided else None,
                "unit": selectors.UNIT_RECOMMENDATIONS,
                "urls": {
                    k: selectors.drill_url(f, ppk=k, **param)
                    for k in ("received", "carried_out", "refused", "overdue", "pending")
                },
            }
        )
    out.sort(key=lambda r: (r["rate"] if r["rate"] is not None else 2, -r["received"]))
    return out


def _prevention(user: Any, f: Filters, sums: Sums, focus: str, width: int) -> list[dict[str, Any]]:
    level = 1 if width == 2 else 2
    prev = sources.prevention_by_region(user, width, focus or None, f.election)
    established = {*sources.ESTABLISHED, CaseStatus.CLOSED}
    violations = {
        g: n
        for g, by_key in sums.region["status"].items()
        if (n := sum(v for k, v in by_key.items() if k in established))
    }
    return selectors.prevention_rows(f, level, width, prev, violations)


def built_at() -> datetime.datetime | None:
    return IndexState.objects.filter(pk=1).values_list("rollup_at", flat=True).first()
