"""Dashboards, drill-down lists, exports, region pages, map and the public statistics page.

Views parse filters (400 with reasons on nonsense) and hand them to ``selectors``; every figure
comes from querysets restricted to the user.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from netral.accounts.choices import Role
from netral.analytics import exports, public, rollup, selectors, vulnerability
from netral.analytics.forms import FilterForm, Filters, parse_filters
from netral.analytics.models import Category, IndexState
from netral.cases.choices import CaseStatus, SubjectKind
from netral.core import pagecache
from netral.core.http import StaffRequest
from netral.personnel.choices import PositionClass
from netral.regions.models import Region

PAGE_ROWS = 30  # rows of long tables shown on the dashboard; exports carry all of them
TILEGRID = Path(settings.BASE_DIR) / "static" / "analytics" / "tilegrid.json"
CASE_COLUMNS = [
    exports.Column(_("Nomor perkara"), "number"),
    exports.Column(_("Status"), "status", exports.label_of(CaseStatus)),
    exports.Column(_("Kode wilayah"), "region_code"),
    exports.Column(_("Wilayah"), "region__name"),
    exports.Column(_("Instansi"), "agency__name"),
    exports.Column(_("Jenis terlapor"), "subject_kind", exports.label_of(SubjectKind)),
    exports.Column(_("Kelas jabatan"), "asn__position_class", exports.label_of(PositionClass)),
    exports.Column(_("Pemilihan"), "election__code"),
    exports.Column(_("Tahapan"), "stage__name_id"),
    exports.Column(_("Tanggal kejadian"), "occurred_on"),
    exports.Column(_("Tanggal diketahui"), "known_on"),
    exports.Column(_("Dibuka"), "created_at"),
    exports.Column(_("Tenggat berjalan"), "deadline_at"),
]


def bad_request(request: HttpRequest, form: FilterForm) -> HttpResponse:
    """400 page that lists each problem with the filters."""
    problems: list[str] = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else _("Filter")
        problems.extend(f"{label}: {e}" for e in errors)
    return render(request, "analytics/bad_request.html", {"problems": problems}, status=400)


def _query(params: Mapping[str, str]) -> str:
    """The filters as a query string for the page's links (values are validated codes and dates)."""
    return "&".join(f"{k}={v}" for k, v in params.items())


def _filters_or_400(request: HttpRequest) -> tuple[Filters | None, FilterForm, HttpResponse | None]:
    filters, form = parse_filters(request.GET)
    if filters is None:
        return None, form, bad_request(request, form)
    return filters, form, None


def _filtered(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Hand the view the parsed figure filters and their form; a bad value answers 400 with the reasons,
    the same for every list, export and figure (one place instead of a preamble in each view)."""

    @functools.wraps(view)
    def wrapper(request: StaffRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        filters, form, error = _filters_or_400(request)
        if error:
            return error
        assert filters is not None
        return view(request, filters, form, *args, **kwargs)

    return wrapper


def _case_list_url(filters: Filters) -> str | None:
    """The cases app's own list with the same filters, when it exists and supports all of them."""
    from urllib.parse import urlencode

    from netral.regions.models import Election

    if any(
        getattr(filters, name)
        for name in ("date_from", "date_to", "agency", "violation", "position", "ppk", "step", "late")
    ):
        return None  # the cases list cannot express these; our drill-down list can
    base = reverse("cases:list")
    params: dict[str, Any] = {}
    if filters.status:
        params["status"] = filters.status
    if filters.region:
        params["region"] = filters.region
    if filters.stage:
        params["stage"] = filters.stage
    if filters.subject:
        params["subject_kind"] = filters.subject
    if filters.election:
        params["election"] = Election.objects.filter(code=filters.election).values_list("pk", flat=True).first()
    return base + ("?" + urlencode(params) if params else "")


@login_required
@require_GET
@_filtered
def dashboard(request: StaffRequest, filters: Filters, form: FilterForm) -> HttpResponse:
    data = selectors.dashboard(request.user, filters)
    focus = data["focus"]
    charts = {
        key: {"labels": [r["label"] for r in data[key]], "data": [r["count"] for r in data[key]]}
        for key in ("by_status", "by_stage", "by_violation", "by_region", "by_position", "by_agency", "by_subject")
    }
    charts["trend"] = data["trend"]
    charts["handling"] = {
        "labels": [h["label"] for h in data["handling"]],
        "data": [round(h["share"] * 100, 1) if h["share"] is not None else None for h in data["handling"]],
    }
    # The page shows the agencies that comply least (the full table is one click away as CSV/XLSX).
    worst = data["compliance_agency"][:PAGE_ROWS]
    charts["compliance"] = {
        "labels": [r["label"] for r in worst],
        "data": [round(r["rate"] * 100, 1) if r["rate"] is not None else None for r in worst],
    }
    params = filters.as_params()
    response = render(
        request,
        "analytics/dashboard.html",
        {
            "form": form,
            "data": data,
            "charts": charts,
            "compliance_rows": worst,
            "page_rows": PAGE_ROWS,
            "focus_name": Region.objects.filter(code=focus).values_list("name", flat=True).first() if focus else "",
            "query": _query(params),
            "drill_all": selectors.drill_url(filters),
            "cases_list_url": _case_list_url(filters),
            "rollup_at": rollup.built_at() if data.get("source") == "rollup" else None,
        },
    )
    response["X-Netral-Figures"] = data["source"]  # rollup or live: what the benchmark reports
    return response


@login_required
@require_GET
@_filtered
def case_list(request: StaffRequest, filters: Filters, form: FilterForm) -> HttpResponse:
    """The rows behind any figure: the user's cases matching the filters in the URL."""
    qs = (
        selectors.cases(request.user, filters)
        .select_related("region", "agency", "stage")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = _query(filters.as_params())
    return render(
        request,
        "analytics/case_list.html",
        {"form": form, "page": page, "query": query, "cases_list_url": _case_list_url(filters)},
    )


@login_required
@require_GET
@_filtered
def case_export(request: StaffRequest, filters: Filters, form: FilterForm, fmt: str) -> HttpResponseBase:
    """CSV (streamed) or XLSX (constant memory) of the filtered, scoped case list."""
    qs = selectors.cases(request.user, filters).order_by("-created_at", "-pk")
    return exports.list_response(qs, CASE_COLUMNS, "perkara", fmt)


@login_required
@require_GET
@_filtered
def figure_export(request: StaffRequest, filters: Filters, form: FilterForm, figure: str, fmt: str) -> HttpResponseBase:
    """One dashboard figure as a table (CSV/XLSX), with its unit in the header."""
    breakdowns = {
        "status": selectors.by_status,
        "stage": selectors.by_stage,
        "violation": selectors.by_violation,
        "region": selectors.by_region,
        "position": selectors.by_position,
        "agency": selectors.by_agency,
        "subject": selectors.by_subject,
    }
    if figure in breakdowns:
        header = [_("Kode"), _("Kategori"), _("Jumlah (perkara)")]
        body = [[r["key"], r["label"], r["count"]] for r in breakdowns[figure](request.user, filters)]
    elif figure == "compliance":
        header = [
            _("Kode"),
            _("Instansi"),
            _("Rekomendasi diterima"),
            _("Dilaksanakan"),
            _("Ditolak"),
            _("Lewat tenggat"),
            _("Dalam tenggat"),
            _("Keterlambatan terlama (hari)"),
            _("Tingkat kepatuhan"),
        ]
        body = [
            [
                r["key"],
                r["label"],
                r["received"],
                r["carried_out"],
                r["refused"],
                r["overdue"],
                r["pending"],
                r["max_overdue_days"],
                round(r["rate"], 4) if r["rate"] is not None else "",
            ]
            for r in selectors.compliance(request.user, filters, "agency")
        ]
    elif figure == "handling":
        header = [_("Langkah"), _("Batas (hari)"), _("Perkara diukur"), _("Tepat waktu"), _("Median (hari)")]
        body = [
            [h["label"], h["limit_days"], h["count"], h["in_time"], h["median_days"]]
            for h in selectors.handling_times(request.user, filters)
        ]
    else:
        raise Http404
    name = f"statistik-{figure}-{timezone.localdate():%Y%m%d}"
    return exports.table_xlsx(header, body, name) if fmt == "xlsx" else exports.table_csv(header, body, name)


def _tiles(index_by_code: dict[str, dict[str, Any]]) -> dict[str, Any]:
    grid = json.loads(TILEGRID.read_text(encoding="utf-8"))
    names = dict(Region.objects.filter(level=1).values_list("code", "name"))
    cell = 46
    tiles = []
    for t in grid["tiles"]:
        idx = index_by_code.get(t["code"], {})
        tiles.append(
            {
                **t,
                "x": t["col"] * cell,
                "y": t["row"] * cell,
                "name": names.get(t["code"], t["code"]),
                "category": idx.get("category", ""),
                "score": idx.get("score"),
                "url": reverse("analytics:region", args=[t["code"]]),
            }
        )
    return {"tiles": tiles, "width": grid["cols"] * cell, "height": grid["rows"] * cell, "cell": cell - 4}


@login_required
@require_GET
def region_map(request: StaffRequest) -> HttpResponse:
    provinces = vulnerability.index_rows(1)
    by_code = {r["code"]: r for r in provinces}
    regencies = vulnerability.index_rows(2)
    map_data = {
        "index": {
            r["code"]: {
                "name": r["name"],
                "score": r["score"],
                "category": r["category"],
                "label": r["category_label"],
                "url": reverse("analytics:region", args=[r["code"]]),
            }
            for r in provinces
        },
        "labels": {c.value: str(c.label) for c in Category},
    }
    return render(
        request,
        "analytics/map.html",
        {
            "grid": _tiles(by_code),
            "map_data": map_data,
            "provinces": provinces,
            "regencies": regencies[:50],
            "state": IndexState.objects.filter(pk=1).first(),
        },
    )


@login_required
@require_GET
def region(request: StaffRequest, code: str) -> HttpResponse:
    """A province or regency/city: its index with the inputs, cases, compliance and prevention."""
    reg = Region.objects.filter(code=code, level__in=(1, 2)).first()
    if reg is None:
        raise Http404
    filters = Filters(region=code)
    idx = vulnerability.region_index(code)
    user_code = getattr(request.user, "region_code", None) or ""
    # The index's working figures count every case of the region, so they are shown only to users
    # who may open every one of them: the region's supervisors and analysts, the levels above, the
    # administrator. BKN sees only forwarded cases, PPK officers their agency's: the score alone.
    in_scope = (
        request.user.role == Role.ADMIN
        or request.user.is_superuser
        or (
            request.user.role in (Role.SUPERVISOR, Role.ANALYST)
            and (not user_code or code == user_code or code.startswith(user_code + "."))
        )
    )
    children = []
    if reg.level == 1:
        children = [r for r in vulnerability.index_rows(2) if r["code"].startswith(code + ".")]
    return render(
        request,
        "analytics/region.html",
        {
            "region": reg,
            "index": idx,
            "in_scope": in_scope,
            "children": children,
            "totals": selectors.totals(request.user, filters),
            "by_status": selectors.by_status(request.user, filters),
            "compliance": selectors.compliance(request.user, filters, "agency"),
            "prevention": selectors.prevention(request.user, filters),
            "handling": selectors.handling_times(request.user, filters),
            "drill": selectors.drill_url(filters),
            "papua_note": code in ("91", "93", "94", "95", "92", "96"),
        },
    )


@require_GET
@pagecache.public_page(version=public.data_version)
def public_page(request: HttpRequest) -> HttpResponse:
    """Aggregated, suppressed statistics per province and the PPK compliance scoreboard."""
    return render(
        request,
        "analytics/public.html",
        {
            "table": public.cached_table(),
            "provinces": vulnerability.index_rows(1),
            "public_cacheable": True,
        },
    )


@require_GET
def open_data(request: HttpRequest) -> HttpResponseBase:
    table = public.cached_table()
    header = ["kode_provinsi", "nama_provinsi"] + [c["key"] for c in table["columns"]] + ["tingkat_kepatuhan"]
    body = [
        [r["code"], str(r["name"])]
        + [r["values"][c["key"]] for c in table["columns"]]
        + [round(r["rate"], 4) if r["rate"] is not None else ""]
        for r in table["rows"]
    ]
    response = exports.table_csv(header, body, f"netral-data-terbuka-{timezone.localdate():%Y%m%d}")
    response["Cache-Control"] = "public, max-age=120"
    return response


@require_GET
@pagecache.public_page(version=public.data_version)
def data_dictionary(request: HttpRequest) -> HttpResponse:
    return render(request, "analytics/data_dictionary.html", {"table": public.cached_table(), "public_cacheable": True})


# --- Drill-downs of the report, finding and prevention figures ----------------------------------


def _report_filters_or_400(request: HttpRequest) -> tuple[Filters | None, str, Any, HttpResponse | None]:
    """Dashboard filters plus the report kind (laporan/temuan), all validated by one form."""
    from netral.analytics.forms import parse_report_filters

    filters, kind, form = parse_report_filters(request.GET)
    if filters is None:
        return None, "", form, bad_request(request, form)
    return filters, kind, form, None


@login_required
@require_GET
def report_list(request: StaffRequest) -> HttpResponse:
    """The reports and findings behind the dashboard's report figures (no reporter data shown)."""
    from netral.analytics import drilldown

    filters, kind, form, error = _report_filters_or_400(request)
    if error:
        return error
    assert filters is not None
    page = Paginator(drilldown.reports(request.user, filters, kind), 50).get_page(request.GET.get("page"))
    params = filters.as_params(kind=kind or None)
    return render(
        request,
        "analytics/report_list.html",
        {
            "form": form,
            "page": page,
            "kind": kind,
            "query": _query(params),
            "dashboard_query": _query(filters.as_params()),
        },
    )


@login_required
@require_GET
def report_export(request: StaffRequest, fmt: str) -> HttpResponseBase:
    """CSV or XLSX of the report drill-down: the same rows, the same non-personal columns."""
    from netral.analytics import drilldown

    filters, kind, form, error = _report_filters_or_400(request)
    if error:
        return error
    assert filters is not None
    qs = drilldown.reports(request.user, filters, kind)
    return exports.list_response(qs, drilldown.report_columns(), "laporan", fmt)


PREVENTION_TITLES = {
    "signers": gettext_lazy("ASN terjangkau ikrar"),
    "circulars": gettext_lazy("Surat edaran"),
    "events": gettext_lazy("Kegiatan pencegahan"),
}


@login_required
@require_GET
def prevention_rows(request: StaffRequest, kind: str) -> HttpResponse:
    """The pledge signers, circulars or events behind one prevention cell (region, election)."""
    from netral.analytics import drilldown

    if kind not in drilldown.PREVENTION_KINDS:
        raise Http404
    filters, form, error = _filters_or_400(request)
    if error:
        return error
    assert filters is not None
    rows = drilldown.prevention_rows(request.user, kind, filters.region, filters.election)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    params = {k: v for k, v in filters.as_params().items() if k in ("region", "election")}
    return render(
        request,
        "analytics/drill_prevention.html",
        {
            "page": page,
            "kind": kind,
            "title": PREVENTION_TITLES[kind],
            "election": drilldown.election_for_figures(filters.election),
            "region_name": Region.objects.filter(code=filters.region).values_list("name", flat=True).first(),
            "query": _query(params),
        },
    )


@login_required
@require_GET
def prevention_export(request: StaffRequest, kind: str, fmt: str) -> HttpResponseBase:
    """CSV (streamed) or XLSX (constant memory) of one prevention list: same rows, same scopes."""
    from netral.analytics import drilldown

    if kind not in drilldown.PREVENTION_KINDS:
        raise Http404
    filters, form, error = _filters_or_400(request)
    if error:
        return error
    assert filters is not None
    header = drilldown.prevention_header(kind)
    body = drilldown.prevention_export_rows(request.user, kind, filters.region, filters.election)
    name = f"pencegahan-{kind}-{timezone.localdate():%Y%m%d}"
    if fmt == "xlsx":
        return exports.iter_xlsx(header, body, name)
    return exports.stream_csv(header, body, name)


@login_required
@require_GET
@_filtered
def person_list(request: StaffRequest, filters: Filters, form: FilterForm) -> HttpResponse:
    """The identified ASN behind the dashboard's persons figure, with their case counts."""
    from netral.analytics import drilldown

    page = Paginator(drilldown.persons(request.user, filters), 50).get_page(request.GET.get("page"))
    query = _query(filters.as_params())
    return render(request, "analytics/drill_persons.html", {"form": form, "page": page, "query": query})


@login_required
@require_GET
@_filtered
def person_export(request: StaffRequest, filters: Filters, form: FilterForm, fmt: str) -> HttpResponseBase:
    """CSV (streamed) or XLSX (constant memory) of the persons list: the same scoped rows."""
    from netral.analytics import drilldown

    qs = drilldown.persons(request.user, filters)
    return exports.list_response(qs, drilldown.person_columns(), "asn-terlapor", fmt)
