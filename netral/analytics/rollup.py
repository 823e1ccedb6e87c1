"""Pre-aggregated dashboard figures for wide scopes (national, provincial, BKN): the cube.

``refresh`` rebuilds the ``Cube`` table from the live tables (background task, with the index).
``dashboard`` answers the same dict as ``selectors.dashboard`` from it, through
``Cube.objects.restrict(user)``, for ANY combination of the filters status, stage, subject kind,
position class, election, violation type and a date range of whole months, with or without a
province. Narrow scopes (regency, district, PPK), a regency or agency filter, date ranges that
cut a month, status "joined" and the PPK follow-up and handling-step drill filters are live.

How: every figure is stored per (kind, key) and per combination of the filter dimensions
(``GRAINS["all"]``), once per province (layer ``p``), once nationally (``n``) and, for the
per-place figures, per regency/city × agency (``r``). Coarser grains (no dimension, or one) are
the same rows summed in SQL, so an unfiltered or one-filter view reads a few thousand rows and a
combination reads the rows of its filter values in the full grain. Counts are additive; persons
are stored per (cell, person) and counted DISTINCT, so a person in several cells counts once.

"Overdue" depends on the clock as well as on data, so the cube is also rebuilt daily
(``manage.py recompute_index`` from cron) and the dashboard shows when it was built.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    DateTimeField,
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
from django.db.models.functions import Cast, Concat, ExtractMonth, ExtractYear, LPad, Substr, TruncDate
from django.utils import timezone

from netral.accounts.choices import Role
from netral.agencies.models import Agency
from netral.analytics import selectors, sources
from netral.analytics.forms import Filters, is_month_edge
from netral.analytics.models import Cube, IndexState
from netral.cases import selectors as case_selectors
from netral.cases.choices import CaseStatus, SubjectKind
from netral.personnel import selectors as personnel_selectors
from netral.personnel.choices import PositionClass
from netral.prevention import selectors as prevention_selectors
from netral.regions.models import Election, Stage
from netral.reports import selectors as report_selectors
from netral.reports.choices import ReportKind

if TYPE_CHECKING:
    from netral.core.types import RequestUser

Rollup = Cube  # the name the rest of the app (and its history) knows

# Filter dimension → cube column. ``month`` answers date ranges of whole months.
DIMS: dict[str, str] = {
    "status": "status",
    "stage": "stage_pk",
    "subject": "subject",
    "position": "position",
    "election": "election_pk",
    "month": "month",
    "violation": "violation",
}
# Grains: which dimensions a row keeps. "all" is built from the live tables, the others are its
# rows summed. A view uses the smallest grain that keeps every dimension it filters on. The sums
# (layers n, p, r) keep the election everywhere: cases split by election rather than multiply,
# so "election + X" reads grain X. Person rows (layers N, P) keep as few dimensions as possible:
# when a view pins every dimension of its grain, each person has one row and a plain count is
# exact (a DISTINCT count otherwise).
GRAINS: dict[str, frozenset[str]] = {
    "0": frozenset({"election"}),
    **{name: frozenset({name, "election"}) for name in DIMS if name != "election"},
    "all": frozenset(DIMS),
}
PERSON_GRAINS: dict[str, frozenset[str]] = {
    "0": frozenset(),
    **{name: frozenset({name}) for name in DIMS},
    **{f"{name}+e": frozenset({name, "election"}) for name in DIMS if name != "election"},
    "all": frozenset(DIMS),
}
PERSON_LAYERS = ("P", "N")
PLACE_KINDS = ("place:status", "place:compliance")
COLUMNS = (
    "grain",
    "layer",
    "kind",
    "key",
    "region_code",
    "agency_id",
    "bkn",
    "ppk",
    "status",
    "stage_pk",
    "subject",
    "position",
    "election_pk",
    "month",
    "violation",
    "n",
    "oldest",
)


def _prefixed(q: Q, prefix: str) -> Q:
    """The same condition seen from a related model (``Q(status=..)`` → ``Q(case__status=..)``)."""
    out = Q()
    out.connector, out.negated = q.connector, q.negated
    children: list[Any] = q.children  # Q objects or (lookup, value) pairs
    out.children = [_prefixed(c, prefix) if isinstance(c, Q) else (f"{prefix}__{c[0]}", c[1]) for c in children]
    return out


def _flag(q: Q | None) -> Any:
    if q is None:
        return Value(False, output_field=BooleanField())
    if not q:  # Q(): every row
        return Value(True, output_field=BooleanField())
    return When_(When(q, then=Value(True)), default=Value(False), output_field=BooleanField())


def _text(expr: Any) -> Any:
    return Cast(expr, CharField())


def _month(path: str) -> Any:
    """ "YYYY-MM" of a datetime in the current time zone (as the live TruncMonth and date filters see it)."""
    return Concat(
        _text(ExtractYear(path)),
        Value("-"),
        LPad(_text(ExtractMonth(path)), 2, Value("0")),
        output_field=CharField(),
    )


class Source:
    """Where one family of rows comes from, with the ORM paths of every cube column.

    ``p`` is the path prefix from the queried model to the case ("" for Case itself, "case__"
    for the violation-type link table); ``slice_`` the expression of the violation slice ("" for
    the rows of every case).
    """

    def __init__(self, qs: QuerySet[Any], *, p: str, slice_: Any, region: str, agency: str, bkn: Any, ppk: Any) -> None:
        self.qs, self.p, self.slice_ = qs, p, slice_
        self.region, self.agency, self.bkn, self.ppk = region, agency, bkn, ppk

    def dims(self, layer: str) -> dict[str, Any]:
        p = self.p
        return {
            "c_rc": Substr(self.region, 1, 5 if layer == "r" else 2),
            "c_ag": F(f"{self.agency}_id") if layer == "r" else Cast(Value(None), IntegerField()),
            "c_vb": _flag(self.bkn),
            "c_vp": _flag(self.ppk),
            "c_st": F(f"{p}status"),
            "c_sg": F(f"{p}stage_id"),
            "c_sj": F(f"{p}subject_kind"),
            "c_ps": F(f"{p}asn__position_class"),
            "c_el": F(f"{p}election_id"),
            "c_mo": _month(f"{p}created_at"),
            "c_vi": self.slice_,
        }


def _case_sources() -> list[Source]:
    """Every (non-joined) case once, and once more per violation type it has (the slices)."""
    live = case_selectors.all_cases().exclude(status=CaseStatus.JOINED)
    Case = live.model  # noqa: N806 (the model class, for its Scope)
    out = [
        Source(
            live,
            p="",
            slice_=Value("", output_field=CharField()),
            region=Case.Scope.region,
            agency=Case.Scope.agency,
            bkn=Case.Scope.bkn,
            ppk=Case.Scope.ppk,
        )
    ]
    link = case_selectors.violation_links().exclude(case__status=CaseStatus.JOINED)
    out.append(
        Source(
            link,
            p="case__",
            slice_=F("violationtype__code"),
            region=f"case__{Case.Scope.region}",
            agency=f"case__{Case.Scope.agency}",
            bkn=_prefixed(Case.Scope.bkn, "case"),
            ppk=_prefixed(Case.Scope.ppk, "case"),
        )
    )
    return out


def _date(p: str, name: str) -> Any:
    internal = case_selectors.all_cases().model._meta.get_field(name).get_internal_type()
    return F(f"{p}{name}") if internal == "DateField" else TruncDate(f"{p}{name}")


Kind = tuple[str, str, Callable[[str], Any], Callable[[str], Q], Any, Any]


def _case_kinds() -> list[Kind]:
    """(kind, layer, key(p), filter(p), aggregate, oldest) of every case figure."""

    def always(p: str) -> Q:
        return Q()

    def has_asn(p: str) -> Q:
        return Q(**{f"{p}asn__isnull": False})

    kinds: list[Kind] = [
        ("status", "p", lambda p: F(f"{p}status"), always, None, None),
        ("place:status", "r", lambda p: F(f"{p}status"), always, None, None),
        ("stage", "p", lambda p: _text(F(f"{p}stage_id")), always, None, None),
        ("subject", "p", lambda p: F(f"{p}subject_kind"), always, None, None),
        ("position", "p", lambda p: F(f"{p}asn__position_class"), has_asn, None, None),
        # Persons have their own layers (P, N): counted DISTINCT, never read with the sums.
        ("person", "P", lambda p: _text(F(f"{p}asn_id")), has_asn, None, None),
        ("month", "p", lambda p: _month(f"{p}created_at"), always, None, None),
    ]
    kinds.append(
        (
            "violation",
            "p",
            lambda p: F(f"{p}violation_types__code"),
            lambda p: Q(**{f"{p}violation_types__isnull": False}),
            None,
            None,
        )
    )
    for step in sources.handling_steps():

        def key(p: str, step: dict[str, Any] = step) -> Any:
            diff = _date(p, step["end"]) - _date(p, step["start"])
            return _text(ExpressionWrapper(diff, output_field=DurationField()))

        def measured(p: str, step: dict[str, Any] = step) -> Q:
            return Q(**{f"{p}{step['start']}__isnull": False, f"{p}{step['end']}__isnull": False})

        kinds.append((f"handling:{step['key']}", "p", key, measured, None, None))
    qmap = sources.compliance_q()
    if qmap:
        for status in ("carried_out", "refused", "overdue", "pending"):
            oldest: Callable[[str], Min] | None = (lambda p: Min(f"{p}recommended_at")) if status == "overdue" else None

            def cls(p: str, q: Q = qmap[status]) -> Q:
                return _prefixed(q, p.rstrip("_")) if p else q

            def status_key(p: str, s: str = status) -> Value:
                return Value(s, output_field=CharField())

            for kind, layer in (("compliance", "p"), ("place:compliance", "r")):
                kinds.append((kind, layer, status_key, cls, None, oldest))
    return kinds


def _insert(qs: QuerySet[Any], grain: str, layer: str, kind: str) -> None:
    """INSERT … SELECT the grouped queryset into the cube (no rows travel through Python)."""
    sql, params = qs.query.sql_with_params()
    table = connection.ops.quote_name(Cube._meta.db_table)
    cols = ", ".join(connection.ops.quote_name(c) for c in COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            # compiled ORM SQL and quoted model names only; every value is a parameter
            f"INSERT INTO {table} ({cols}) SELECT %s, %s, %s, SUBSTR(COALESCE(s.k, ''), 1, 40), "  # noqa: S608
            "COALESCE(s.c_rc, ''), s.c_ag, s.c_vb, s.c_vp, COALESCE(s.c_st, ''), s.c_sg, COALESCE(s.c_sj, ''), "
            "COALESCE(s.c_ps, ''), s.c_el, COALESCE(s.c_mo, ''), COALESCE(s.c_vi, ''), s.n, s.old "
            f"FROM ({sql}) s",
            (grain, layer, kind, *params),
        )


def _grouped(qs: QuerySet[Any], dims: dict[str, Any], key: Any, agg: Any, oldest: Any) -> QuerySet[Any]:
    return (
        qs.order_by()
        .annotate(**dims, k=key)
        .values(*dims, "k")
        .annotate(
            n=agg if agg is not None else Count("pk"),
            old=oldest if oldest is not None else Cast(Value(None), DateTimeField()),
        )
    )


def _build_all() -> None:
    """The full grain from the live tables: every figure per combination of every dimension."""
    for src in _case_sources():
        for kind, layer, key, where, agg, oldest in _case_kinds():
            # Inside a violation slice the breakdown by type counts the slice's cases under each
            # of their types: the case's types are reached through a second join.
            key_expr = F("case__violation_types__code") if kind == "violation" and src.p else key(src.p)
            qs = src.qs.filter(where(src.p))
            grain = "tmp" if layer in PERSON_LAYERS else "all"  # person rows: visibility merged below
            _insert(_grouped(qs, src.dims(layer), key_expr, agg, oldest(src.p) if oldest else None), grain, layer, kind)
    # Reports: their own region, agency, subject, position, election and month; status, stage and
    # violation type come from their case (a report of a merged case has none of the latter two).
    joined = Q(case__status=CaseStatus.JOINED)
    reports = report_selectors.all_reports()
    scope = reports.model.Scope
    report_sources = [
        Source(
            reports,
            p="",
            slice_=Value("", output_field=CharField()),
            region=scope.region,
            agency=scope.agency,
            bkn=scope.bkn,
            ppk=scope.ppk,
        )
    ]
    report_sources.append(
        Source(
            reports.filter(case__violation_types__isnull=False).exclude(joined),
            p="",
            slice_=F("case__violation_types__code"),
            region=scope.region,
            agency=scope.agency,
            bkn=scope.bkn,
            ppk=scope.ppk,
        )
    )
    for src in report_sources:
        dims = src.dims("p")
        dims.update(
            c_st=F("case__status"),
            c_sg=When_(
                When(joined, then=Cast(Value(None), IntegerField())),
                default=F("case__stage_id"),
                output_field=IntegerField(),
            ),
            c_mo=_month("submitted_at"),
        )
        for report_kind in ReportKind.values:
            qs = src.qs.filter(kind=report_kind)
            _insert(_grouped(qs, dims, _month("submitted_at"), None, None), "all", "p", f"reports:{report_kind}")


def _build_prevention() -> None:
    """Registry ASN per regency/city × agency, and those reached by a pledge per election.

    Grain "prev": the dashboard's prevention columns and the headcount fallback read these
    instead of counting the registry (millions of rows nationally) on every request.
    """
    registry = personnel_selectors.active_registry()
    scope = registry.model.Scope
    dims = {
        "c_rc": Substr("region_code", 1, 5),
        "c_ag": F("agency_id"),
        "c_vb": _flag(getattr(scope, "bkn", None)),
        "c_vp": _flag(getattr(scope, "ppk", None)),
        "c_st": Value(""),
        "c_sg": Cast(Value(None), IntegerField()),
        "c_sj": Value(""),
        "c_ps": Value(""),
        "c_el": Cast(Value(None), IntegerField()),
        "c_mo": Value(""),
        "c_vi": Value(""),
    }
    _insert(_grouped(registry, dims, Value(""), None, None), "prev", "r", "registry")
    for election in Election.objects.all():
        dims["c_el"] = Value(election.pk, output_field=IntegerField())
        reached = registry.filter(prevention_selectors.reached_q(election))
        _insert(_grouped(reached, dims, Value(""), None, None), "prev", "r", "signers")


def _roll_up(grain: str, layer: str, source_layer: str, source_grain: str = "all") -> None:
    """Rows of ``grain`` in ``layer``: the full grain's rows summed over the dimensions it drops.

    Person rows merge their visibility (a person is visible to BKN when one of their cases in the
    cell is), so each (cell, person) is one row.
    """
    persons = layer in PERSON_LAYERS
    keep = (PERSON_GRAINS if persons else GRAINS)[grain]
    table = connection.ops.quote_name(Cube._meta.db_table)
    q = connection.ops.quote_name
    select, group = [], []
    blank = {"stage_pk": "NULL", "election_pk": "NULL"}
    for dim, col in DIMS.items():
        if dim in keep:
            select.append(q(col))
            group.append(q(col))
        else:
            select.append(blank.get(col, "''"))
    if layer in ("n", "N"):
        place = ["''", "NULL"]
    else:
        place = [q("region_code"), q("agency_id")]
        group += place
    where = f"{q('grain')} = %s AND {q('layer')} = %s"
    if "violation" not in keep:
        where += f" AND {q('violation')} = ''"
    cols = ", ".join(q(c) for c in COLUMNS)
    keys = [q("kind"), q("key")]
    if persons:
        flags = [f"MAX(CASE WHEN {q(c)} THEN 1 ELSE 0 END) = 1" for c in ("bkn", "ppk")]
    else:
        flags = [q("bkn"), q("ppk")]
        keys += flags
    with connection.cursor() as cursor:
        cursor.execute(
            # quoted model names only; every value is a parameter
            f"INSERT INTO {table} ({cols}) SELECT %s, %s, {q('kind')}, {q('key')}, {', '.join(place)}, "  # noqa: S608
            f"{', '.join(flags)}, {', '.join(select)}, "
            f"SUM({q('n')}), MIN({q('oldest')}) FROM {table} WHERE {where} GROUP BY {', '.join(keys + group)}",
            (grain, layer, source_grain, source_layer),
        )


@transaction.atomic
def refresh() -> int:
    """Rebuild the cube; returns the number of rows."""
    Cube.objects.all().delete()
    _build_all()
    _build_prevention()
    _roll_up("all", "P", "P", source_grain="tmp")
    Cube.objects.filter(grain="tmp").delete()
    for grain in GRAINS:
        if grain != "all":
            _roll_up(grain, "p", "p")
            _roll_up(grain, "r", "r")
        _roll_up(grain, "n", "p")
    for grain in PERSON_GRAINS:
        if grain != "all":
            _roll_up(grain, "P", "P")
        _roll_up(grain, "N", "P")
    if connection.vendor == "postgresql":
        # Fresh statistics now rather than at autovacuum's pace: the reads pick a few thousand rows.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Cube._meta.db_table}")
    IndexState.objects.update_or_create(pk=1, defaults={"rollup_at": timezone.now()})
    return Cube.objects.count()


# --- Read side --------------------------------------------------------------------------------


LIVE_ONLY = ("agency", "ppk", "step", "late")


def _whole_months(f: Filters) -> tuple[str, str] | None:
    """("YYYY-MM" first, "YYYY-MM" last, "" = open) when the date range is made of whole months."""
    start, end = f.date_from, f.date_to
    if (start and not is_month_edge(start, end=False)) or (end and not is_month_edge(end, end=True)):
        return None
    return (f"{start:%Y-%m}" if start else "", f"{end:%Y-%m}" if end else "")


def used_dims(f: Filters) -> set[str] | None:
    """The cube dimensions these filters use, or None when only the live tables can answer."""
    if any(getattr(f, name, None) for name in LIVE_ONLY):
        return None
    if f.status == CaseStatus.JOINED:  # merged duplicates are never in the cube
        return None
    if f.region and len(f.region) > 2:
        return None
    used = {name for name in ("status", "stage", "subject", "position", "election", "violation") if getattr(f, name)}
    if f.date_from or f.date_to:
        if _whole_months(f) is None:
            return None
        used.add("month")
    return used


def grain_of(f: Filters, persons: bool = False) -> str | None:
    """The smallest grain that keeps every dimension the filters use (None: only live can answer)."""
    used = used_dims(f)
    if used is None:
        return None
    if not persons:
        used.discard("election")  # every grain of the sums keeps it
    if not used:
        return "0"
    if len(used) == 1:
        return next(iter(used))
    if persons and len(used) == 2 and "election" in used:
        return f"{next(iter(used - {'election'}))}+e"
    return "all"


def _pinned(f: Filters) -> set[str]:
    """Dimensions the filters fix to one value (the violation slice always is)."""
    out = {name for name in ("status", "stage", "subject", "position", "election") if getattr(f, name)}
    months = _whole_months(f) if (f.date_from or f.date_to) else None
    if months and months[0] and months[0] == months[1]:
        out.add("month")
    return out | {"violation"}


def usable(user: RequestUser, f: Filters) -> bool:
    """Whether the cube can answer: a wide scope and filters the cube keeps (see ``used_dims``)."""
    if grain_of(f) is None:
        return False
    if IndexState.objects.filter(pk=1).values_list("rollup_at", flat=True).first() is None:
        return False
    role = getattr(user, "role", "")
    if role == Role.PPK:
        return False
    code = getattr(user, "region_code", None)
    return (
        role in (Role.BKN, Role.ADMIN)
        or user.is_superuser
        or (role in (Role.SUPERVISOR, Role.ANALYST) and (not code or len(code) <= 2))
    )


def _dim_q(f: Filters) -> Q:
    q = Q(violation=f.violation or "")
    if f.status:
        q &= Q(status=f.status)
    if f.stage:
        q &= Q(stage_pk=f.stage)
    if f.subject:
        q &= Q(subject=f.subject)
    if f.position:
        q &= Q(position=f.position)
    if f.election:
        q &= Q(election_pk=Election.objects.filter(code=f.election).values_list("pk", flat=True).first())
    months = _whole_months(f) if (f.date_from or f.date_to) else None
    if months:
        first, last = months
        if first:
            q &= Q(month__gte=first)
        if last:
            q &= Q(month__lte=last)
    return q


def _base(user: RequestUser, f: Filters) -> tuple[QuerySet[Cube], QuerySet[Cube], QuerySet[Cube]]:
    """(totals rows, per-place rows, person rows) of the user's cube for these filters."""
    focus = selectors.focus_code(user, f)
    scoped = Cube.objects.restrict(user).filter(_dim_q(f))
    qs = scoped.filter(grain=grain_of(f))
    totals = qs.filter(layer="p", region_code=focus) if focus else qs.filter(layer="n")
    people = scoped.filter(grain=grain_of(f, persons=True))
    persons = people.filter(layer="P", region_code=focus) if focus else people.filter(layer="N")
    place = qs.filter(layer="r")
    if focus:
        place = place.filter(Q(region_code=focus) | Q(region_code__startswith=f"{focus}."))
    return totals, place, persons


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
    """The user's cube rows summed: by (kind, key) for the totals and breakdowns, DISTINCT persons,
    and by child region and by agency for the per-place figures (three queries)."""

    PER_PLACE = ("place:status", "place:compliance")

    def __init__(self, base: tuple[QuerySet[Cube], QuerySet[Cube], QuerySet[Cube]], width: int, f: Filters) -> None:
        totals, per_place, persons = base
        self.total: dict[str, dict[str, int]] = defaultdict(dict)
        for r in totals.order_by().values("kind", "key").annotate(n=Sum("n")):
            self.total[r["kind"]][r["key"]] = r["n"]
        # A person may sit in several cells (two regions, two statuses...): count each once.
        if PERSON_GRAINS[grain_of(f, persons=True) or "all"] <= _pinned(f):
            self.persons = persons.count()  # one cell: one row per person
        else:
            self.persons = persons.order_by().values("key").distinct().count()
        self.region: dict[str, dict[str, dict[str, Any]]] = defaultdict(lambda: defaultdict(dict))
        self.region_oldest: dict[str, datetime.datetime] = {}
        self.agency: dict[str, dict[int, dict[str, Any]]] = defaultdict(lambda: defaultdict(dict))
        self.agency_oldest: dict[int, datetime.datetime] = {}
        # One read of the per-place rows, summed per (kind, child region, agency, key); the
        # per-region and per-agency figures are then added up here (a few thousand rows).
        rows = (
            per_place.filter(kind__in=self.PER_PLACE)
            .order_by()
            .annotate(g=Substr("region_code", 1, width))
            .values_list("kind", "g", "agency", "key")
            .annotate(n=Sum("n"), old=Min("oldest"))
        )
        for kind, g, agency, key, n, old in rows:
            k = kind[6:]
            if g and len(g) == width:
                by_key = self.region[k][g]
                by_key[key] = by_key.get(key, 0) + n
                if old and (g not in self.region_oldest or old < self.region_oldest[g]):
                    self.region_oldest[g] = old
            if agency is None:
                continue
            # Cases per agency need no status breakdown.
            by_key = self.agency[k][agency]
            akey = "" if k == "status" else key
            by_key[akey] = by_key.get(akey, 0) + n
            if old and k == "compliance" and (agency not in self.agency_oldest or old < self.agency_oldest[agency]):
                self.agency_oldest[agency] = old
        ids = set(self.agency["status"]) | set(self.agency["compliance"])
        self.agencies = {a["pk"]: a for a in Agency.objects.filter(pk__in=ids).values("pk", "code", "name")}

    def kind(self, kind: str) -> dict[str, int]:
        return {k: v for k, v in self.total.get(kind, {}).items() if v}


def dashboard(user: RequestUser, f: Filters) -> dict[str, Any]:
    """The same figures as ``selectors.dashboard``, summed from the cube."""
    focus = selectors.focus_code(user, f)
    width = selectors.child_width(focus)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # These reads are a few short aggregates: compiling them (JIT) costs more than it saves,
            # and the DISTINCT persons hash fits in memory with a little more than the default.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
                cursor.execute("SET LOCAL work_mem = '32MB'")
        sums = Sums(_base(user, f), width, f)
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
            "persons": {"count": sums.persons, "unit": selectors.UNIT_PERSONS},
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
        out.append(selectors.handling_row(step, hist, f))
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
    out: list[dict[str, Any]] = []
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
    out.sort(key=lambda r: (r["rate"] if r["rate"] is not None else 2, -r["received"], str(r["label"]), str(r["key"])))
    return out


def _prevention(user: RequestUser, f: Filters, sums: Sums, focus: str, width: int) -> list[dict[str, Any]]:
    """Prevention beside violations: registry counts from the cube, documents live (small tables)."""
    level = 1 if width == 2 else 2
    election = sources.figure_election(f.election)
    prev: dict[str, dict[str, int]] = {}
    rows = Cube.objects.restrict(user).filter(grain="prev", layer="r")
    if focus:
        rows = rows.filter(Q(region_code=focus) | Q(region_code__startswith=f"{focus}."))
    wanted = Q(kind="registry") | Q(kind="signers", election_pk=election.pk if election else None)
    for r in rows.filter(wanted).annotate(g=Substr("region_code", 1, width)).values("kind", "g").annotate(n=Sum("n")):
        if len(r["g"]) == width and r["n"]:
            prev.setdefault(r["g"], {})[r["kind"]] = r["n"]
    sources.prevention_documents(user, width, focus or None, election, prev)
    # The headcount fallback counts every registry ASN, whoever asks (as ``sources.headcounts`` does).
    head_width = 2 if level == 1 else 5
    registry = {
        r["g"]: r["n"]
        for r in Cube.objects.filter(grain="prev", kind="registry")
        .exclude(region_code="")
        .annotate(g=Substr("region_code", 1, head_width))
        .values("g")
        .annotate(n=Sum("n"))
    }
    established = {*sources.ESTABLISHED, CaseStatus.CLOSED}
    violations = {
        g: n
        for g, by_key in sums.region["status"].items()
        if (n := sum(v for k, v in by_key.items() if k in established))
    }
    return selectors.prevention_rows(f, level, width, prev, violations, registry)


def built_at() -> datetime.datetime | None:
    return IndexState.objects.filter(pk=1).values_list("rollup_at", flat=True).first()
