"""The rows behind the report, finding and prevention figures (drill-down lists and exports).

Each queryset here is built from the same scoped querysets as the figure it explains, so the
count on the dashboard equals the number of rows in the list for the same filters. Reporter
personal data never appears: the columns are fixed below and name only non-personal fields.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from netral.analytics import exports, selectors, sources
from netral.analytics.forms import Filters
from netral.cases.choices import CaseStatus
from netral.personnel import selectors as personnel_selectors
from netral.prevention import selectors as prevention_selectors
from netral.reports.choices import ReportKind

if TYPE_CHECKING:
    from netral.core.types import RequestUser

REPORT_KINDS = {c.value for c in ReportKind}
PREVENTION_KINDS = ("signers", "circulars", "events")


def report_columns() -> list[exports.Column]:
    """Export columns in the request's language; only non-personal ones (never reporter_* or identity)."""
    return [
        exports.Column(_("Jenis"), "kind", exports.label_of(ReportKind)),
        exports.Column(_("Diterima"), "submitted_at"),
        exports.Column(_("Nama terlapor"), "subject_name"),
        exports.Column(_("Jabatan terlapor"), "subject_position"),
        exports.Column(_("Kode wilayah"), "region_code"),
        exports.Column(_("Wilayah"), "region__name"),
        exports.Column(_("Nomor perkara"), "case__number"),
        exports.Column(_("Status perkara"), "case__status", exports.label_of(CaseStatus)),
    ]


def reports(user: RequestUser, f: Filters, kind: str = "") -> QuerySet[Any]:
    """The reports/findings behind ``selectors.totals`` (same scoped queryset), optionally one kind."""
    qs = selectors.reports(user, f)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.select_related("region", "case").order_by("-submitted_at", "-pk")


def election_for_figures(code: str = "") -> Any:
    """The election the prevention figures are about: as ``sources.prevention_by_region`` picks it."""
    return sources.figure_election(code)


def _in_region(qs: QuerySet[Any], region: str) -> QuerySet[Any]:
    if not region:
        return qs
    return qs.filter(Q(region_code=region) | Q(region_code__startswith=f"{region}."))


def prevention_sources(
    user: RequestUser, kind: str, region: str, election_code: str = ""
) -> list[tuple[QuerySet[Any], str]]:
    """The scoped querysets behind one prevention cell, each through its model's own scope, with
    the URL name of its detail page ("" when it has none).

    signers: registry ASN reached by a pledge (signed, or attended a listed mass signing);
    circulars: circulars; events: mass signings and other prevention activities.
    """
    election = election_for_figures(election_code)
    if kind == "signers":
        registry = _in_region(personnel_selectors.active_registry(user), region)
        return [(registry.filter(prevention_selectors.reached_q(election)).order_by("name", "pk"), "")]
    return [
        (_in_region(qs.filter(election=election), region).order_by("-date", "-pk"), url_name)
        for qs, url_name in prevention_selectors.documents_for(user, kind)
    ]


def _prevention_dicts(user: RequestUser, kind: str, region: str, election_code: str) -> Iterator[dict[str, Any]]:
    """One dict per record, fetched in chunks (a server-side cursor on PostgreSQL)."""
    for qs, url_name in prevention_sources(user, kind, region, election_code):
        for obj in qs.select_related("agency").iterator(chunk_size=exports.CHUNK):
            if kind == "signers":
                title, detail, date = obj.name, obj.position, None
            else:
                title = obj.subject if kind == "circulars" else obj.title
                detail, date = getattr(obj, "number", "") or getattr(obj, "place", ""), obj.date
            yield {
                "title": title,
                "detail": detail,
                "agency": obj.agency.name if getattr(obj, "agency_id", None) else "",
                "region_code": obj.region_code,
                "date": date,
                "url": reverse(url_name, args=[obj.pk]) if url_name else "",
            }


def prevention_rows(user: RequestUser, kind: str, region: str, election_code: str = "") -> list[dict[str, Any]]:
    """The records behind one prevention cell, for the list page (newest first; signers by name)."""
    out = list(_prevention_dicts(user, kind, region, election_code))
    if kind != "signers":
        out.sort(key=lambda r: (-r["date"].toordinal(), r["title"]))
    return out


def prevention_header(kind: str) -> list[str]:
    """Export header of a prevention list: the list page's columns."""
    if kind == "signers":
        return [_("Nama ASN"), _("Jabatan"), _("Instansi"), _("Kode wilayah")]
    detail = _("Nomor") if kind == "circulars" else _("Tempat")
    return [_("Judul"), detail, _("Instansi"), _("Kode wilayah"), _("Tanggal")]


def prevention_export_rows(user: RequestUser, kind: str, region: str, election_code: str = "") -> Iterator[list[Any]]:
    """The export rows of a prevention list, streamed model by model (same rows as the list)."""
    for r in _prevention_dicts(user, kind, region, election_code):
        row = [r["title"], r["detail"], r["agency"], r["region_code"]]
        if kind != "signers":
            row.append(r["date"])
        yield [exports.safe_text(exports.plain(v)) for v in row]


def person_columns() -> list[exports.Column]:
    """Export columns of the persons list: the identified ASN (registry data, no reporter data)."""
    return [
        exports.Column(_("Nama"), "asn__name"),
        exports.Column(_("Jabatan"), "asn__position"),
        exports.Column(_("Instansi"), "asn__agency__name"),
        exports.Column(_("Kode wilayah"), "asn__region_code"),
        exports.Column(_("Jumlah perkara"), "n"),
    ]


def persons(user: RequestUser, f: Filters) -> QuerySet[Any]:
    """The identified ASN behind the persons figure: one row per ASN of the filtered cases.

    Built from the same ``selectors.cases`` as the figure (so rows equal the count), with the
    number of cases each person has in it.
    """
    from django.db.models import Count

    return (
        selectors.cases(user, f)
        .filter(asn__isnull=False)
        .order_by()
        .values("asn", "asn__name", "asn__position", "asn__agency__name", "asn__region_code")
        .annotate(n=Count("pk"))
        .order_by("asn__name", "asn")
    )
