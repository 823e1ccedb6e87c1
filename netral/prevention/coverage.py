"""How far prevention reached, per agency, unit and region, set against violations.

Every figure keeps its unit, and units are never mixed:

- **persons** (identified ASN from the registry): `asn_total`, `signed` (individual signature in
  the election), `attended` (listed by NIP as an attendee of a mass event), `covered` (either,
  each person once). `share` = covered / asn_total.
- **reported participants** (persons, but only a headcount): the `participants_count` of
  events *without* an attendee list. Shown beside `covered`, never added to it.
- **events**: mass signing events and other activities, per stage of the election.
- **circulars**: whether and when a circular was issued, in days before candidate
  determination ("penetapan") and before the campaign ("kampanye") starts.
- **cases**: cases about ASN (`cases.Case`, subject kind ASN, same election, joined cases
  excluded), and cases per 1,000 ASN in the registry.

Read-only. Every figure counts the rows it summarises through the same scoping as the lists those
rows appear in: pass ``user`` and each model is read with ``restrict(user)`` (cases as the case
list shows them, events and circulars as the prevention lists do, ASN as the registry does), so a
PPK officer never counts cases still in Bawaslu's hands nor another agency's events, and BKN counts
the cases forwarded to it. ``user=None`` is the system's view (reminders, tests): every row.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet, Sum

from netral.agencies.models import Agency, Unit
from netral.cases.choices import CaseStatus, SubjectKind
from netral.cases.models import Case
from netral.personnel.models import ASN
from netral.prevention.models import Circular, EventAttendee, PledgeEvent, PledgeSignature, PreventionActivity
from netral.regions.models import Election, Region, Stage

if TYPE_CHECKING:
    from netral.core.types import RequestUser


@dataclass
class CoverageRow:
    """One line of the coverage table; see the module docstring for the unit of each field."""

    key: str
    label: str
    asn_total: int = 0  # persons
    signed: int = 0  # persons
    attended: int = 0  # persons
    covered: int = 0  # persons
    reported_participants: int = 0  # persons reported by headcount only
    events: int = 0  # events (mass signings + other activities)
    circulars: int = 0  # circulars
    first_circular: datetime.date | None = None
    days_before_determination: int | None = None  # days
    days_before_campaign: int | None = None  # days
    cases: int = 0  # cases
    agencies: int = 0  # agencies (region rows)
    agencies_with_circular: int = 0  # agencies (region rows)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def share(self) -> float | None:
        """Covered persons / ASN in the registry (0–1), None when the registry is empty."""
        return self.covered / self.asn_total if self.asn_total else None

    @property
    def share_percent(self) -> float | None:
        return round(self.share * 100, 1) if self.share is not None else None

    @property
    def cases_per_1000(self) -> float | None:
        return round(self.cases * 1000 / self.asn_total, 2) if self.asn_total else None


def stage_date(election: Election, code: str) -> datetime.date | None:
    stage = Stage.objects.filter(election=election, code=code).only("start").first()
    return stage.start if stage else None


def _person_counts(asn_qs: QuerySet[ASN], election: Election, *group: str) -> dict[Any, dict[str, int]]:
    """Persons per `group` value(s): total, signed, attended, covered.

    Four grouped queries, each a plain semi-join (`pk IN (…)`), rather than correlated EXISTS
    per row: PostgreSQL turns them into hash semi-joins that scale to a national registry
    (docs/prevention.md). covered = signed + attended − both.
    """
    signed_ids = PledgeSignature.objects.filter(election=election).values("asn_id")
    attended_ids = EventAttendee.objects.filter(event__election=election).values("asn_id")
    base = asn_qs.filter(active=True)
    queries = {
        "total": base,
        "signed": base.filter(pk__in=signed_ids),
        "attended": base.filter(pk__in=attended_ids),
        "both": base.filter(pk__in=signed_ids).filter(pk__in=attended_ids),
    }
    out: dict[Any, dict[str, int]] = defaultdict(lambda: {"total": 0, "signed": 0, "attended": 0, "both": 0})
    for name, qs in queries.items():
        for row in qs.values(*group).annotate(n=Count("pk")).order_by():
            key = row[group[0]] if len(group) == 1 else tuple(row[g] for g in group)
            out[key][name] = row["n"]
    for counts in out.values():
        counts["covered"] = counts["signed"] + counts["attended"] - counts["both"]
    return dict(out)


def _rows(model: Any, user: RequestUser | None) -> QuerySet[Any]:
    """The model's rows as `user` may see them (``user=None``: every row, the system's view)."""
    manager = model.objects
    return manager.all() if user is None else manager.restrict(user)


def _unlisted_events(election: Election, user: RequestUser | None = None) -> QuerySet[PledgeEvent]:
    listed = EventAttendee.objects.filter(event=OuterRef("pk"))
    return _rows(PledgeEvent, user).filter(election=election).exclude(Exists(listed))


def _cases(election: Election, user: RequestUser | None = None) -> QuerySet[Case]:
    return _rows(Case, user).filter(election=election, subject_kind=SubjectKind.ASN).exclude(status=CaseStatus.JOINED)


def _circular_timing(row: CoverageRow, election: Election, first: datetime.date | None) -> None:
    row.first_circular = first
    if first is None:
        return
    determination = stage_date(election, "penetapan")
    campaign = stage_date(election, "kampanye")
    row.days_before_determination = (determination - first).days if determination else None
    row.days_before_campaign = (campaign - first).days if campaign else None


def coverage_by_agency(
    election: Election,
    agencies: QuerySet[Agency],
    asn_qs: QuerySet[ASN] | None = None,
    *,
    user: RequestUser | None = None,
) -> list[CoverageRow]:
    """One row per agency in `agencies` (already scoped); every count through `user`'s scope."""
    agency_list = list(agencies.order_by("name"))
    ids = [a.pk for a in agency_list]
    base = (asn_qs if asn_qs is not None else _rows(ASN, user)).filter(agency_id__in=ids)
    persons = _person_counts(base, election, "agency_id")
    reported = dict(
        _unlisted_events(election, user)
        .filter(agency_id__in=ids)
        .values("agency_id")
        .annotate(n=Sum("participants_count"))
        .order_by()
        .values_list("agency_id", "n")
    )
    events: dict[int, int] = defaultdict(int)
    for model in (PledgeEvent, PreventionActivity):
        for agency_id, n in (
            _rows(model, user)
            .filter(election=election, agency_id__in=ids)
            .values("agency_id")
            .annotate(n=Count("pk"))
            .order_by()
            .values_list("agency_id", "n")
        ):
            events[agency_id] += n
    circulars: dict[int, dict[str, Any]] = {
        r["agency_id"]: dict(r)
        for r in _rows(Circular, user)
        .filter(election=election, agency_id__in=ids)
        .values("agency_id")
        .annotate(n=Count("pk"), first=Min("date"))
        .order_by()
    }
    cases = dict(
        _cases(election, user)
        .filter(agency_id__in=ids)
        .values("agency_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("agency_id", "n")
    )
    out = []
    for agency in agency_list:
        p = persons.get(agency.pk, {})
        row = CoverageRow(
            key=agency.code,
            label=agency.name,
            asn_total=p.get("total", 0),
            signed=p.get("signed", 0),
            attended=p.get("attended", 0),
            covered=p.get("covered", 0),
            reported_participants=reported.get(agency.pk) or 0,
            events=events.get(agency.pk, 0),
            circulars=circulars.get(agency.pk, {}).get("n", 0),
            cases=cases.get(agency.pk, 0),
            extra={"agency": agency},
        )
        _circular_timing(row, election, circulars.get(agency.pk, {}).get("first"))
        out.append(row)
    return out


def agency_coverage(election: Election, agency: Agency, *, user: RequestUser | None = None) -> CoverageRow:
    return coverage_by_agency(election, Agency.objects.filter(pk=agency.pk), user=user)[0]


def coverage_by_unit(election: Election, agency: Agency, *, user: RequestUser | None = None) -> list[CoverageRow]:
    """Persons per unit of one agency (ASN without a unit form their own row). Headcounts of
    events cannot be split over units, so unit rows carry persons and events only."""
    persons = _person_counts(_rows(ASN, user).filter(agency=agency), election, "unit_id")
    event_counts = dict(
        _rows(PledgeEvent, user)
        .filter(election=election, agency=agency)
        .values("units")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
        .values_list("units", "n")
    )
    units = {u.pk: u for u in Unit.objects.filter(agency=agency)}
    out = []
    for unit_id in sorted(units, key=lambda k: units[k].name):
        p = persons.get(unit_id, {})
        out.append(
            CoverageRow(
                key=str(unit_id),
                label=units[unit_id].name,
                asn_total=p.get("total", 0),
                signed=p.get("signed", 0),
                attended=p.get("attended", 0),
                covered=p.get("covered", 0),
                events=event_counts.get(unit_id, 0),
            )
        )
    if None in persons:
        p = persons[None]
        out.append(
            CoverageRow(
                key="-",
                label=str(_no_unit_label()),
                asn_total=p["total"],
                signed=p["signed"],
                attended=p["attended"],
                covered=p["covered"],
            )
        )
    return out


def _no_unit_label() -> str:
    from django.utils.translation import gettext

    return gettext("(tanpa unit kerja)")


def _truncate(code: str | None, depth: int) -> str:
    return ".".join((code or "").split(".")[:depth]) if code else ""


def coverage_by_region(
    election: Election,
    *,
    depth: int = 2,
    asn_qs: QuerySet[ASN] | None = None,
    agencies: QuerySet[Agency] | None = None,
    within: str | None = None,
    user: RequestUser | None = None,
) -> list[CoverageRow]:
    """One row per region at `depth` (1 = province, 2 = regency/city), rolled up from the region
    code of each ASN (or of their agency when the ASN has none). `within` limits to a prefix;
    `user` counts every row through their scope (a region row appears only when something in it is)."""
    base = asn_qs if asn_qs is not None else _rows(ASN, user)
    agency_qs = agencies if agencies is not None else _rows(Agency, user)
    if within:
        base = base.filter(Q(region_code=within) | Q(region_code__startswith=f"{within}."))
        agency_qs = agency_qs.filter(Q(region_code=within) | Q(region_code__startswith=f"{within}."))
    rows: dict[str, CoverageRow] = {}

    def row(code: str) -> CoverageRow:
        if code not in rows:
            rows[code] = CoverageRow(key=code, label=code)
        return rows[code]

    for (own_code, agency_code), r in _person_counts(base, election, "region_code", "agency__region_code").items():
        code = _truncate(own_code or agency_code, depth)
        if not code:
            continue
        target = row(code)
        target.asn_total += r["total"]
        target.signed += r["signed"]
        target.attended += r["attended"]
        target.covered += r["covered"]
    prefix_q = Q()
    if within:
        prefix_q = Q(region_code=within) | Q(region_code__startswith=f"{within}.")
    for code, n in (
        _unlisted_events(election, user)
        .filter(prefix_q)
        .values("region_code")
        .annotate(n=Sum("participants_count"))
        .order_by()
        .values_list("region_code", "n")
    ):
        row(_truncate(code, depth)).reported_participants += n or 0
    for model in (PledgeEvent, PreventionActivity):
        for code, n in (
            _rows(model, user)
            .filter(prefix_q, election=election)
            .values("region_code")
            .annotate(n=Count("pk"))
            .order_by()
            .values_list("region_code", "n")
        ):
            row(_truncate(code, depth)).events += n
    circulars = _rows(Circular, user).filter(election=election)
    with_circular = set(circulars.values_list("agency_id", flat=True))
    firsts = dict(
        circulars.values("agency_id").annotate(first=Min("date")).order_by().values_list("agency_id", "first")
    )
    for agency in agency_qs.exclude(region_code=""):
        # A provincial government keeps its own row ("32") beside the regencies of its province.
        target = row(_truncate(agency.region_code, depth))
        target.agencies += 1
        if agency.pk in with_circular:
            target.agencies_with_circular += 1
            target.circulars += 1
            first = firsts.get(agency.pk)
            if first and (target.first_circular is None or first < target.first_circular):
                _circular_timing(target, election, first)
    for code, n in (
        _cases(election, user)
        .filter(prefix_q)
        .values("region_code")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("region_code", "n")
    ):
        row(_truncate(code, depth)).cases += n
    names = dict(Region.objects.filter(code__in=list(rows)).values_list("code", "name"))
    for code, region_row in rows.items():
        region_row.label = names.get(code, code)
    return sorted(rows.values(), key=lambda r: r.key)


def events_by_stage(
    election: Election, *, agencies: QuerySet[Agency] | None = None, user: RequestUser | None = None
) -> list[dict[str, Any]]:
    """Events (mass signings and other activities) held per stage, in calendar order."""
    counts: dict[int | None, dict[str, int]] = defaultdict(lambda: {"pledge_events": 0, "activities": 0})
    for model, key in ((PledgeEvent, "pledge_events"), (PreventionActivity, "activities")):
        qs = _rows(model, user).filter(election=election)
        if agencies is not None:
            qs = qs.filter(agency__in=agencies)
        for stage_id, n in qs.values("stage_id").annotate(n=Count("pk")).order_by().values_list("stage_id", "n"):
            counts[stage_id][key] += n
    stages = Stage.objects.filter(election=election, pk__in=[k for k in counts if k]).order_by("start", "order")
    out: list[dict[str, Any]] = [{"stage": stage, **counts[stage.pk]} for stage in stages]
    if None in counts:
        out.append({"stage": None, **counts[None]})
    return out
