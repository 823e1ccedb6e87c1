"""The few places where analytics reads other apps' data, always through their selectors.

Every field analytics depends on is named here once, so a renamed field breaks one function, not
every figure. Each function takes a scoped queryset or a user and returns plain data.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from netral.cases import selectors as case_selectors
from netral.cases.choices import CaseStatus
from netral.cases.workflow import GAKKUMDU_STATUSES
from netral.personnel import selectors as personnel_selectors
from netral.prevention import selectors as prevention_selectors

if TYPE_CHECKING:
    from netral.core.types import RequestUser

# How much one case counts as an incident, by where it stands (docs/vulnerability-index.md).
ESTABLISHED = {
    CaseStatus.VIOLATION,
    CaseStatus.FORWARDED_BKN,
    CaseStatus.FORWARDED_OTHER,
    *GAKKUMDU_STATUSES,
    CaseStatus.BKN_VERIFICATION,
    CaseStatus.RECOMMENDED,
    CaseStatus.SANCTIONED,
    CaseStatus.REFUSED,
    CaseStatus.FOLLOW_UP,
}
PENDING = {CaseStatus.RECEIVED, CaseStatus.INITIAL_REVIEW, CaseStatus.REGISTERED, CaseStatus.CLARIFICATION}
# Sanction severity (SanctionLevel.severity) → weight; unknown severity counts as 1.
SEVERITY_WEIGHT = {"moral": 1.0, "moderate": 2.0, "heavy": 3.0, "dismissal": 4.0}
TRACK_WEIGHT = {"ethics": 1.0, "discipline": 2.0}


def deadline_days(name: str, default: int) -> int:
    return int(getattr(settings, "NETRAL_DEADLINES", {}).get(name, default))


# --- Cases ----------------------------------------------------------------------------------


def violation_types() -> list[tuple[str, str]]:
    """(code, title) of the violation-type catalogue."""
    return case_selectors.violation_catalogue()


# ORM path from Case to a violation type code (a many-to-many: one case may count under several).
VIOLATION_PATH = "violation_types__code"


def incident_date_expr() -> Any:
    """Incident day: when it happened, else when it became known, else when the case opened."""
    from django.db.models.functions import Coalesce, TruncDate

    return Coalesce("occurred_on", "known_on", TruncDate("created_at"))


def incident_rows(cases: QuerySet[Any]) -> list[tuple[str, str, str | None, datetime.date | None, bool, bool]]:
    """(region_code, status, sanction severity, incident date, recommended?, discipline-type?) per case."""
    discipline_ids = set(
        case_selectors.violation_links()
        .filter(violationtype__track="discipline", case__in=cases.values("pk"))
        .values_list("case_id", flat=True)
    )
    qs = cases.annotate(day=incident_date_expr())
    fields = ["pk", "region_code", "status", "day", "sanction_level__severity", "recommended_at"]
    return [
        (code, status, severity, day, bool(recommended), pk in discipline_ids)
        for pk, code, status, day, severity, recommended in qs.values_list(*fields).iterator(chunk_size=5000)
    ]


# --- Handling times -------------------------------------------------------------------------


def handling_steps() -> list[dict[str, Any]]:
    """Legal steps measured on the case's own timestamps: (start field, end field, limit in days).

    Limits come from settings.NETRAL_DEADLINES, so a changed regulation is a setting, not code.
    Working-day limits are approximated as calendar days here (docs/analytics.md says so).
    """
    return [
        {
            "key": "report",
            "label": _("Pelaporan sejak diketahui"),
            "start": "known_on",
            "end": "created_at",
            "limit": deadline_days("report_window_days", 7),
        },
        {
            "key": "decide",
            "label": _("Registrasi sampai putusan Bawaslu"),
            "start": "registered_at",
            "end": "decided_at",
            "limit": deadline_days("decide_days", 3) + deadline_days("decide_extension_days", 2),
        },
        {
            "key": "bkn",
            "label": _("Penerusan sampai rekomendasi BKN"),
            "start": "forwarded_at",
            "end": "recommended_at",
            "limit": deadline_days("satgas_verification_days", 7) + deadline_days("bawaslu_sbt_review_working_days", 3),
        },
        {
            "key": "ppk",
            "label": _("Rekomendasi sampai keputusan PPK"),
            "start": "recommended_at",
            "end": "decree_date",
            "limit": deadline_days("ppk_followup_days", 14),
        },
    ]


# --- PPK compliance -------------------------------------------------------------------------


def compliance_q() -> dict[str, Q]:
    """Q objects that classify received recommendations: carried out, refused, overdue, pending.

    A recommendation counts as *received* once the case has ``recommended_at``; *carried out* when
    the PPK's decree is recorded (or the case is sanctioned); *refused* when the PPK refused;
    *overdue* when neither happened within ``ppk_followup_days``; otherwise *pending*.
    """
    limit = deadline_days("ppk_followup_days", 14)
    cutoff = timezone.now() - datetime.timedelta(days=limit)
    received = Q(recommended_at__isnull=False)
    done = Q(status=CaseStatus.SANCTIONED) | Q(decree_date__isnull=False)
    refused = Q(status=CaseStatus.REFUSED) & ~done
    open_ = received & ~done & ~refused
    return {
        "received": received,
        "carried_out": received & done,
        "refused": received & refused,
        "overdue": open_ & Q(recommended_at__lt=cutoff),
        "pending": open_ & Q(recommended_at__gte=cutoff),
    }


# --- ASN headcount --------------------------------------------------------------------------


def headcounts(level: int, registry: dict[str, int] | None = None) -> dict[str, tuple[int, str]]:
    """ASN headcount per region code at `level` (1 province, 2 regency/city) and where it came from.

    Agency.asn_headcount wins (it counts everyone, registry or not); the ASN registry count fills
    regions whose agencies have no headcount. ``registry`` (active registry ASN per region key)
    may be given pre-counted (the dashboard cube does), else it is counted here.
    """
    from netral.agencies.models import Agency

    width = 2 if level == 1 else 5
    out: dict[str, tuple[int, str]] = {}
    rows = (
        Agency.objects.exclude(region_code="")
        .filter(asn_headcount__isnull=False)
        .annotate(key=Substr("region_code", 1, width))
        .values("key")
        .annotate(n=Count("pk"), total=_sum("asn_headcount"))
    )
    for row in rows:
        if len(row["key"]) == width and row["total"]:
            out[row["key"]] = (int(row["total"]), "agency")
    if registry is None:
        registry = registry_counts(width)
    for key, n in registry.items():
        if len(key) == width and key not in out and n:
            out[key] = (int(n), "registry")
    return out


def registry_counts(width: int) -> dict[str, int]:
    """Active registry ASN per region code cut to `width` (every ASN: a headcount, not a list)."""
    reg = (
        personnel_selectors.active_registry()
        .exclude(region_code="")
        .annotate(key=Substr("region_code", 1, width))
        .values("key")
        .annotate(n=Count("pk"))
    )
    return {row["key"]: row["n"] for row in reg}


def _sum(field: str) -> Any:
    from django.db.models import Sum

    return Sum(field)


# --- Prevention -----------------------------------------------------------------------------


def figure_election(election_code: str = "") -> Any:
    """The election the prevention figures are about: the filtered one, else the one running
    today, else the latest that voted, else the latest."""
    from netral.regions.calendar import election_for
    from netral.regions.models import Election

    election = Election.objects.filter(code=election_code).first() if election_code else None
    today = timezone.localdate()
    return (
        election
        or election_for(today)
        or Election.objects.filter(voting_date__lte=today).order_by("-voting_date").first()
        or Election.objects.order_by("-voting_date").first()
    )


def _add_by_region(
    out: dict[str, dict[str, int]], label: str, qs: QuerySet[Any], agg: Any, width: int, prefix: str | None
) -> None:
    if prefix:
        qs = qs.filter(Q(region_code=prefix) | Q(region_code__startswith=f"{prefix}."))
    for row in qs.order_by().annotate(key=Substr("region_code", 1, width)).values("key").annotate(n=agg):
        if len(row["key"]) == width and row["n"]:
            out.setdefault(row["key"], {}).setdefault(label, 0)
            out[row["key"]][label] += row["n"]


def prevention_documents(
    user: RequestUser, width: int, prefix: str | None, election: Any, out: dict[str, dict[str, int]]
) -> dict[str, dict[str, int]]:
    """Circulars and events (mass signings + other activities) per region key, each model scoped."""
    for label in ("circulars", "events"):
        for qs, _url_name in prevention_selectors.documents_for(user, label):
            _add_by_region(out, label, qs.filter(election=election), Count("pk"), width, prefix)
    return out


def prevention_by_region(
    user: RequestUser, width: int, prefix: str | None, election_code: str = ""
) -> dict[str, dict[str, int]]:
    """Per region key (code cut to `width`): registry ASN reached by a pledge (signed it or attended a
    listed mass signing, each person once, as ``prevention.coverage`` counts them), registry ASN,
    circulars and events, for one election — the filtered one, else the one running today, else the
    latest. Every query goes through the prevention and registry models' own scopes.
    """
    election = figure_election(election_code)
    out: dict[str, dict[str, int]] = {}
    registry = personnel_selectors.active_registry(user)
    _add_by_region(out, "registry", registry, Count("pk"), width, prefix)
    reached = registry.filter(prevention_selectors.reached_q(election))
    _add_by_region(out, "signers", reached, Count("pk"), width, prefix)
    return prevention_documents(user, width, prefix, election, out)
