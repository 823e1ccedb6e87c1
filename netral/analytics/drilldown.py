"""The rows behind the report, finding and prevention figures (drill-down lists and exports).

Each queryset here is built from the same scoped querysets as the figure it explains, so the
count on the dashboard equals the number of rows in the list for the same filters. Reporter
personal data never appears: the columns are fixed below and name only non-personal fields.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from netral.analytics import exports, selectors, sources
from netral.analytics.forms import Filters
from netral.cases.choices import CaseStatus
from netral.reports.choices import ReportKind

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


def reports(user: Any, f: Filters, kind: str = "") -> QuerySet[Any]:
    """The reports/findings behind ``selectors.totals`` (same scoped queryset), optionally one kind."""
    qs = selectors.reports(user, f)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.select_related("region", "case").order_by("-submitted_at", "-pk")


def election_for_figures(code: str = "") -> Any:
    """The election the prevention figures are about: as ``sources.prevention_by_region`` picks it."""
    from netral.regions.calendar import election_for
    from netral.regions.models import Election

    today = timezone.localdate()
    return (
        (Election.objects.filter(code=code).first() if code else None)
        or election_for(today)
        or Election.objects.filter(voting_date__lte=today).order_by("-voting_date").first()
        or Election.objects.order_by("-voting_date").first()
    )


def _in_region(qs: QuerySet[Any], region: str) -> QuerySet[Any]:
    if not region:
        return qs
    return qs.filter(Q(region_code=region) | Q(region_code__startswith=f"{region}."))


def _url(name: str, pk: int) -> str:
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return ""


def prevention_rows(user: Any, kind: str, region: str, election_code: str = "") -> list[dict[str, Any]]:
    """The records behind one prevention cell, each query through its model's own scope.

    signers: registry ASN reached by a pledge (signed, or attended a listed mass signing);
    circulars: circulars; events: mass signings and other prevention activities.
    """
    election = election_for_figures(election_code)
    out: list[dict[str, Any]] = []
    if kind == "signers":
        asn = sources.model("personnel.ASN")
        if asn is None:
            return out
        reached = Q(pk__in=[])
        signature, attendee = sources.model("prevention.PledgeSignature"), sources.model("prevention.EventAttendee")
        if signature is not None:
            reached |= Q(pk__in=signature.objects.filter(election=election).values("asn_id"))
        if attendee is not None:
            reached |= Q(pk__in=attendee.objects.filter(event__election=election).values("asn_id"))
        qs = _in_region(asn.objects.restrict(user).filter(active=True), region).filter(reached)
        return [
            {
                "title": a.name,
                "detail": a.position,
                "agency": a.agency.name if a.agency_id else "",
                "region_code": a.region_code,
                "date": None,
                "url": "",
            }
            for a in qs.select_related("agency").order_by("name", "pk")
        ]
    sources_by_kind = {
        "circulars": [("prevention.Circular", "subject", "prevention:circular_detail")],
        "events": [
            ("prevention.PledgeEvent", "title", "prevention:event_detail"),
            ("prevention.PreventionActivity", "title", "prevention:activity_detail"),
        ],
    }
    for label, title_field, url_name in sources_by_kind.get(kind, []):
        m = sources.model(label)
        if m is None or not hasattr(m.objects, "restrict") or not sources.has_field(m, "region_code"):
            continue
        qs = _in_region(m.objects.restrict(user).filter(election=election), region)
        out.extend(
            {
                "title": getattr(obj, title_field),
                "detail": getattr(obj, "number", "") or getattr(obj, "place", ""),
                "agency": obj.agency.name if getattr(obj, "agency_id", None) else "",
                "region_code": obj.region_code,
                "date": obj.date,
                "url": _url(url_name, obj.pk),
            }
            for obj in qs.select_related("agency").order_by("-date", "-pk")
        )
    out.sort(key=lambda r: (-r["date"].toordinal(), r["title"]))
    return out


def persons(user: Any, f: Filters) -> QuerySet[Any]:
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
