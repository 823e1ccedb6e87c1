"""Read-only figures for dashboards, drill-downs, exports and the API.

Every function takes the user (whose scope bounds every query via ``restrict``) and validated
``Filters``, and returns plain data (dicts, lists, numbers). Counts carry their unit: reports,
cases, persons (ASN) and recommendations are never added together.
"""

from __future__ import annotations

import datetime
import functools
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import quote_plus

from django.db.models import Count, DurationField, ExpressionWrapper, F, Min, QuerySet
from django.db.models.functions import Substr, TruncDate, TruncMonth
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from netral.analytics import sources
from netral.analytics.forms import Filters
from netral.cases import selectors as case_selectors
from netral.cases.choices import CaseStatus, SubjectKind
from netral.core.scoping import region_prefix_q
from netral.personnel.choices import PositionClass
from netral.regions.models import Region, Stage
from netral.reports.choices import ReportKind

if TYPE_CHECKING:
    from netral.cases.models import Case
    from netral.core.types import RequestUser
    from netral.reports.models import Report
from netral.reports import selectors as report_selectors

UNIT_REPORTS = "laporan/temuan"
UNIT_CASES = "perkara"
UNIT_PERSONS = "orang (ASN)"
UNIT_RECOMMENDATIONS = "rekomendasi"


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


# --- Querysets --------------------------------------------------------------------------------


def cases(user: RequestUser, f: Filters) -> QuerySet[Case]:
    """The user's cases narrowed by the filters (joined duplicates left out unless asked for)."""
    return _case_filters(case_selectors.cases_for(user), f)


def _case_filters(qs: QuerySet[Case], f: Filters) -> QuerySet[Case]:
    qs = qs.filter(status=f.status) if f.status else qs.exclude(status=CaseStatus.JOINED)
    if f.date_from:
        qs = qs.filter(created_at__gte=_day_start(f.date_from))
    if f.date_to:
        qs = qs.filter(created_at__lt=_day_start(f.date_to + datetime.timedelta(days=1)))
    if f.election:
        qs = qs.filter(election__code=f.election)
    if f.stage:
        qs = qs.filter(stage_id=f.stage)
    if f.region:
        qs = qs.filter(region_prefix_q("region_code", f.region))
    if f.agency:
        qs = qs.filter(agency__code=f.agency)
    if f.position:
        qs = qs.filter(asn__position_class=f.position)
    if f.subject:
        qs = qs.filter(subject_kind=f.subject)
    if f.violation:
        path = sources.VIOLATION_PATH
        qs = qs.filter(pk__in=case_selectors.all_cases().filter(**{path: f.violation}).values("pk"))
    if f.ppk:
        qs = qs.filter(sources.compliance_q()[f.ppk])
    if f.step:
        step = {s["key"]: s for s in sources.handling_steps()}.get(f.step)
        if step is None:
            return qs.none()
        qs = qs.filter(**{f"{step['start']}__isnull": False, f"{step['end']}__isnull": False})
        if f.late:
            diff = ExpressionWrapper(_as_date(step["end"]) - _as_date(step["start"]), output_field=DurationField())
            limit = datetime.timedelta(days=step["limit"])
            qs = qs.annotate(step_days=diff)
            qs = qs.filter(step_days__gt=limit) if f.late == "1" else qs.filter(step_days__lte=limit)
    return qs


def reports(user: RequestUser, f: Filters) -> QuerySet[Report]:
    """The user's reports and findings narrowed by the same filters (case-level ones via the case)."""
    qs = report_selectors.reports_for(user)
    if f.date_from:
        qs = qs.filter(submitted_at__gte=_day_start(f.date_from))
    if f.date_to:
        qs = qs.filter(submitted_at__lt=_day_start(f.date_to + datetime.timedelta(days=1)))
    if f.election:
        qs = qs.filter(election__code=f.election)
    if f.region:
        qs = qs.filter(region_prefix_q("region_code", f.region))
    if f.agency:
        qs = qs.filter(subject_agency__code=f.agency)
    if f.position:
        qs = qs.filter(asn__position_class=f.position)
    if f.subject:
        qs = qs.filter(subject_kind=f.subject)
    if f.stage or f.status or f.violation or f.ppk:
        # Case-level filters narrow the reports to those whose case matches them; dates, region,
        # agency, subject, position and election always apply to the report's own fields. The
        # case query only narrows reports already restricted to the user, so it needs no scope.
        case_f = Filters(status=f.status, stage=f.stage, violation=f.violation, ppk=f.ppk)
        qs = qs.filter(case__in=_case_filters(case_selectors.all_cases(), case_f).values("pk"))
    return qs


# --- Helpers ----------------------------------------------------------------------------------


_SAFE = re.compile(r"[A-Za-z0-9._-]*")


@functools.lru_cache(maxsize=8)
def _cases_path(script_prefix: str) -> str:
    return reverse("analytics:cases")


def drill_url(f: Filters, **override: Any) -> str:
    """The drill-down list of the cases behind a figure: current filters plus the figure's key."""
    params = f.as_params(**override)
    # reverse() and quoting are costly and a national dashboard builds thousands of links
    base = _cases_path(get_script_prefix())
    if not params:
        return base
    return base + "?" + "&".join(f"{k}={v if _SAFE.fullmatch(v) else quote_plus(v)}" for k, v in params.items())


def focus_code(user: RequestUser, f: Filters) -> str:
    """The region the figures are about: the filter, else the user's own region, else national ("")."""
    if f.region:
        return f.region
    return getattr(user, "region_code", None) or ""


def child_width(code: str) -> int:
    """Length of the codes one level below `code` ("" → province "32", "32" → "32.79", ...)."""
    return {0: 2, 2: 5, 5: 8}.get(len(code), 13)


def region_names(codes: Any) -> dict[str, str]:
    return dict(Region.objects.filter(code__in=list(codes)).values_list("code", "name"))


def _group(qs: QuerySet[Any], field: str) -> dict[Any, int]:
    return {row[field]: row["n"] for row in qs.order_by().values(field).annotate(n=Count("pk", distinct=True))}


def _rows(counts: dict[Any, int], labels: dict[Any, Any], f: Filters, param: str | None) -> list[dict[str, Any]]:
    rows = []
    for key, n in sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0]))):
        label = labels.get(key, key) if key not in (None, "") else "—"
        url = drill_url(f, **{param: key}) if param and key not in (None, "") else ""
        rows.append({"key": key if key is not None else "", "label": str(label), "count": n, "url": url})
    return rows


# --- Figures ----------------------------------------------------------------------------------


def totals(user: RequestUser, f: Filters) -> dict[str, dict[str, Any]]:
    """Headline counts, each with its own unit."""
    case_qs = cases(user, f)
    report_counts = _group(reports(user, f), "kind")
    qmap = sources.compliance_q()
    return {
        "reports": {"count": report_counts.get(ReportKind.REPORT, 0), "unit": UNIT_REPORTS},
        "findings": {"count": report_counts.get(ReportKind.FINDING, 0), "unit": UNIT_REPORTS},
        "cases": {"count": case_qs.count(), "unit": UNIT_CASES, "url": drill_url(f)},
        "persons": {
            "count": case_qs.filter(asn__isnull=False).values("asn").distinct().count(),
            "unit": UNIT_PERSONS,
        },
        "recommendations": {
            "count": case_qs.filter(qmap["received"]).count() if qmap else 0,
            "unit": UNIT_RECOMMENDATIONS,
            "url": drill_url(f, ppk="received"),
        },
    }


def by_status(user: RequestUser, f: Filters) -> list[dict[str, Any]]:
    return _rows(_group(cases(user, f), "status"), dict(CaseStatus.choices), f, "status")


def by_stage(user: RequestUser, f: Filters) -> list[dict[str, Any]]:
    counts = _group(cases(user, f), "stage")
    labels: dict[int | None, str] = {
        s.pk: f"{s.election.code}: {s.name}"
        for s in Stage.objects.filter(pk__in=[k for k in counts if k]).select_related("election")
    }
    labels[None] = "—"
    return _rows(counts, labels, f, "stage")


def by_violation(user: RequestUser, f: Filters) -> list[dict[str, Any]]:
    """Cases per violation type; a case with two types counts under both, so rows do not add up."""
    path = sources.VIOLATION_PATH
    counts = _group(cases(user, f).filter(**{f"{path}__isnull": False}), path)
    return _rows(counts, {c: f"{c} {t}" for c, t in sources.violation_types()}, f, "violation")


def by_position(user: RequestUser, f: Filters) -> list[dict[str, Any]]:
    counts = _group(cases(user, f).filter(asn__isnull=False), "asn__position_class")
    return _rows(counts, dict(PositionClass.choices), f, "position")


def by_subject(user: RequestUser, f: Filters) -> list[dict[str, Any]]:
    return _rows(_group(cases(user, f), "subject_kind"), dict(SubjectKind.choices), f, "subject")


def by_agency(user: RequestUser, f: Filters, limit: int = 25) -> list[dict[str, Any]]:
    qs = cases(user, f).filter(agency__isnull=False).order_by()
    rows = qs.values("agency__code", "agency__name").annotate(n=Count("pk")).order_by("-n", "agency__name")[:limit]
    return [
        {
            "key": r["agency__code"],
            "label": r["agency__name"],
            "count": r["n"],
            "url": drill_url(f, agency=r["agency__code"]),
        }
        for r in rows
    ]


def by_region(user: RequestUser, f: Filters) -> list[dict[str, Any]]:
    """Cases per region one level below the focus (provinces nationally, regencies in a province)."""
    focus = focus_code(user, f)
    width = child_width(focus)
    qs = cases(user, f).order_by().annotate(key=Substr("region_code", 1, width))
    counts = {r["key"]: r["n"] for r in qs.values("key").annotate(n=Count("pk")) if len(r["key"]) == width}
    return _rows(counts, region_names(counts), f, "region")


def trend(user: RequestUser, f: Filters) -> dict[str, Any]:
    """Monthly counts: reports and findings (by date received) and cases opened; separate units."""
    rep = reports(user, f).order_by().annotate(m=TruncMonth("submitted_at")).values("m", "kind").annotate(n=Count("pk"))
    cas = cases(user, f).order_by().annotate(m=TruncMonth("created_at")).values("m").annotate(n=Count("pk"))
    months: set[str] = set()
    series: dict[str, dict[str, int]] = {"laporan": {}, "temuan": {}, "perkara": {}}
    for r in rep:
        key = r["m"].strftime("%Y-%m")
        months.add(key)
        series["laporan" if r["kind"] == ReportKind.REPORT else "temuan"][key] = r["n"]
    for c in cas:
        key = c["m"].strftime("%Y-%m")
        months.add(key)
        series["perkara"][key] = c["n"]
    labels = sorted(months)
    return {
        "labels": labels,
        "series": [
            {
                "key": "laporan",
                "label": _("Laporan masyarakat"),
                "unit": UNIT_REPORTS,
                "data": [series["laporan"].get(m, 0) for m in labels],
            },
            {
                "key": "temuan",
                "label": _("Temuan pengawas"),
                "unit": UNIT_REPORTS,
                "data": [series["temuan"].get(m, 0) for m in labels],
            },
            {
                "key": "perkara",
                "label": _("Perkara dibuka"),
                "unit": UNIT_CASES,
                "data": [series["perkara"].get(m, 0) for m in labels],
            },
        ],
    }


def _median_from_histogram(hist: dict[int, int]) -> float | None:
    total = sum(hist.values())
    if not total:
        return None
    values = sorted(hist.items())

    # statistics.median on the expanded list, without expanding it
    def nth(i: int) -> int:
        seen = 0
        for v, n in values:
            seen += n
            if i < seen:
                return v
        return values[-1][0]

    if total % 2:
        return float(nth(total // 2))
    return (nth(total // 2 - 1) + nth(total // 2)) / 2


def handling_row(step: dict[str, Any], hist: dict[int, int], f: Filters) -> dict[str, Any]:
    """One handling step's figures from its histogram (days taken -> cases); live and cube share it."""
    n = sum(hist.values())
    in_time = sum(c for d, c in hist.items() if d <= step["limit"])
    return {
        "key": step["key"],
        "label": step["label"],
        "limit_days": step["limit"],
        "count": n,
        "in_time": in_time,
        "share": (in_time / n) if n else None,
        "median_days": _median_from_histogram(hist),
        "unit": UNIT_CASES,
        "urls": step_urls(f, step["key"]),
    }


def step_urls(f: Filters, key: str) -> dict[str, str]:
    """Drill-down links of one handling step: all measured, in time, late."""
    return {
        "count": drill_url(f, step=key, late=None),
        "in_time": drill_url(f, step=key, late="0"),
        "late": drill_url(f, step=key, late="1"),
    }


def _as_date(name: str) -> Any:
    """A date expression for a Case date or datetime field (datetimes cut to the local day)."""
    internal = case_selectors.all_cases().model._meta.get_field(name).get_internal_type()
    return F(name) if internal == "DateField" else TruncDate(name)


def handling_times(user: RequestUser, f: Filters) -> list[dict[str, Any]]:
    """Per legal step: cases measured, share within the limit, median days (days between dates)."""
    qs = cases(user, f).order_by()
    out = []
    for step in sources.handling_steps():
        start, end = step["start"], step["end"]
        diff = ExpressionWrapper(_as_date(end) - _as_date(start), output_field=DurationField())
        hist: dict[int, int] = {}
        rows = (
            qs.filter(**{f"{start}__isnull": False, f"{end}__isnull": False})
            .annotate(d=diff)
            .values("d")
            .annotate(n=Count("pk"))
        )
        for r in rows:
            days = r["d"].days if isinstance(r["d"], datetime.timedelta) else int(r["d"] or 0)
            hist[days] = hist.get(days, 0) + r["n"]
        out.append(handling_row(step, hist, f))
    return out


def compliance(user: RequestUser, f: Filters, group: str = "agency") -> list[dict[str, Any]]:
    """PPK follow-up of BKN recommendations per agency (or per region): the compliance scoreboard.

    rate = carried out / (received − still within the deadline); refused and overdue count against.
    """
    qmap = sources.compliance_q()
    if qmap is None:
        return []
    qs = cases(user, f).filter(qmap["received"]).order_by()
    keyed: QuerySet[Any]  # the two branches annotate different columns
    if group == "agency":
        keyed = qs.filter(agency__isnull=False).annotate(key=F("agency__code"), name=F("agency__name"))
        values = ["key", "name"]
    else:
        width = child_width(focus_code(user, f))
        keyed = qs.annotate(key=Substr("region_code", 1, width))
        values = ["key"]
    rows = keyed.values(*values).annotate(
        received=Count("pk"),
        carried_out=Count("pk", filter=qmap["carried_out"]),
        refused=Count("pk", filter=qmap["refused"]),
        overdue=Count("pk", filter=qmap["overdue"]),
        pending=Count("pk", filter=qmap["pending"]),
        oldest=Min("recommended_at", filter=qmap["overdue"]),
    )
    limit = sources.deadline_days("ppk_followup_days", 14)
    now = timezone.now()
    rows = list(rows)
    names = region_names([r["key"] for r in rows]) if group != "agency" else {}
    out = []
    for r in rows:
        decided = r["received"] - r["pending"]
        param = {"agency": r["key"]} if group == "agency" else {"region": r["key"]}
        out.append(
            {
                "key": r["key"],
                "label": r.get("name") or names.get(r["key"], r["key"]),
                "received": r["received"],
                "carried_out": r["carried_out"],
                "refused": r["refused"],
                "overdue": r["overdue"],
                "pending": r["pending"],
                "max_overdue_days": (now - r["oldest"]).days - limit if r["oldest"] else None,
                "rate": (r["carried_out"] / decided) if decided else None,
                "unit": UNIT_RECOMMENDATIONS,
                "urls": {
                    k: drill_url(f, ppk=k, **param)
                    for k in ("received", "carried_out", "refused", "overdue", "pending")
                },
            }
        )
    out.sort(key=lambda r: (r["rate"] if r["rate"] is not None else 2, -r["received"], str(r["label"]), str(r["key"])))
    return out


def prevention(user: RequestUser, f: Filters) -> list[dict[str, Any]]:
    """Per region below the focus: pledge signers, circulars and events beside the violation rate."""
    focus = focus_code(user, f)
    width = child_width(focus)
    level = 1 if width == 2 else 2
    prev = sources.prevention_by_region(user, width, focus or None, f.election)
    qs = cases(user, f).filter(status__in=list(sources.ESTABLISHED) + [CaseStatus.CLOSED]).order_by()
    violations = {
        r["key"]: r["n"]
        for r in qs.annotate(key=Substr("region_code", 1, width)).values("key").annotate(n=Count("pk"))
        if len(r["key"]) == width
    }
    return prevention_rows(f, level, width, prev, violations)


def prevention_rows(
    f: Filters,
    level: int,
    width: int,
    prev: dict[str, dict[str, Any]],
    violations: dict[str, int],
    registry: dict[str, int] | None = None,
) -> list[dict[str, Any]]:
    """One row per region: prevention figures beside violations per 10,000 ASN (live and cube share it)."""
    heads = sources.headcounts(level, registry) if width in (2, 5) else {}
    keys = sorted(set(prev) | set(violations))
    names = region_names(keys)
    out = []
    for key in keys:
        head = heads.get(key, (None, ""))[0]
        p = prev.get(key, {})
        signers = p.get("signers", 0)
        out.append(
            {
                "key": key,
                "label": names.get(key, key),
                "signers": signers,
                "headcount": head,
                "registry": p.get("registry"),
                "coverage": (signers / p["registry"]) if p.get("registry") else None,
                "circulars": p.get("circulars", 0),
                "events": p.get("events", 0),
                "violations": violations.get(key, 0),
                "violation_rate": (violations.get(key, 0) / head * 10000) if head else None,
                "url": drill_url(f, region=key),
            }
        )
    return out


def dashboard(user: RequestUser, f: Filters, *, live: bool = False) -> dict[str, Any]:
    """Everything the staff dashboard shows, as plain data (the API serialises the same dict).

    Wide scopes are summed from the pre-aggregated cube for any combination of the filters it keeps
    (``rollup.usable``, ``rollup.DIMS``); ``live=True`` forces the live queries.
    """
    from netral.analytics import rollup

    if not live and rollup.usable(user, f):
        return rollup.dashboard(user, f)
    return {
        "focus": focus_code(user, f),
        "source": "live",
        "totals": totals(user, f),
        "by_status": by_status(user, f),
        "by_stage": by_stage(user, f),
        "by_violation": by_violation(user, f),
        "by_region": by_region(user, f),
        "by_position": by_position(user, f),
        "by_subject": by_subject(user, f),
        "by_agency": by_agency(user, f),
        "trend": trend(user, f),
        "handling": handling_times(user, f),
        "compliance_agency": compliance(user, f, "agency"),
        "compliance_region": compliance(user, f, "region"),
        "prevention": prevention(user, f),
    }
