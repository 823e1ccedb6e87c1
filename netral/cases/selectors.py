"""Reads of cases: every queryset goes through ``Case.objects.restrict`` (the one scoping rule)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.paginator import Page, Paginator
from django.db.models import F, QuerySet
from django.utils.translation import gettext as _

from netral.accounts.choices import Role
from netral.cases import deadlines, workflow
from netral.cases.choices import CaseStatus as S
from netral.cases.choices import Route
from netral.cases.models import Case, CaseTransition, ViolationType
from netral.core.scoping import Action

if TYPE_CHECKING:
    from netral.core.types import RequestUser

LIST_FIELDS = ("region", "agency", "election", "stage", "sanction_level")


def cases_for(user: RequestUser, action: Action = "view") -> QuerySet[Case]:
    """The user's cases (the scope writes the region prefix in an index-friendly form per backend)."""
    return Case.objects.restrict(user, action).select_related(*LIST_FIELDS)


def all_cases() -> QuerySet[Case]:
    """Every case, unscoped: for figures that apply a scope of their own (the analytics cube carries
    each row's visibility) or are public aggregates. Never for lists of rows."""
    return Case.objects.all()


def violation_catalogue() -> list[tuple[str, str]]:
    """(code, Indonesian title) of every violation type, in catalogue order."""
    return list(ViolationType.objects.order_by("order", "code").values_list("code", "title_id"))


def violation_links() -> QuerySet[Any]:
    """The rows linking cases to violation types (one case may count under several types)."""
    return Case.violation_types.through.objects.all()


def queue_for(user: RequestUser) -> QuerySet[Case]:
    """The cases waiting for `user`'s role (``workflow.queue_q``), most urgent first (overdue first,
    then by deadline). Cases that wait only while a clock runs (a not-registered report that cannot
    be completed) leave the queue without one; they remain in the list.
    """
    waiting = workflow.queue_q(workflow.role_of(user))
    if waiting is None:
        return Case.objects.none()
    qs = cases_for(user).filter(waiting)
    return qs.order_by(F("deadline_at").asc(nulls_last=True), "number")


def page_of(qs: QuerySet[Case], number: Any, per_page: int = 50) -> tuple[Page[Any], list[Case]]:
    """One page of `qs` in two steps: the ordered ids of the page, then those rows with their joins.

    Sorting only ids lets the database skip joining every matching row before the sort (on 100k
    cases this halves BKN's national queue on SQLite).
    """
    page = Paginator(qs.values_list("pk", flat=True), per_page).get_page(number)
    ids = list(page.object_list)
    rows = Case.objects.select_related(*LIST_FIELDS).in_bulk(ids)
    return page, [rows[pk] for pk in ids if pk in rows]


def case_detail(user: RequestUser, number: str) -> Case:
    from netral.core.scoping import get_scoped_or_404

    return get_scoped_or_404(cases_for(user), user, "view", number=number)


def timeline(case: Case) -> QuerySet[CaseTransition]:
    return case.transitions.select_related("user").order_by("at", "id")


# The criminal file's steps on the case page. Each step's date and clock are those of the clock
# table (``deadlines.STATUS_CLOCKS``: the clock's anchor is the date the step was reached); the
# court runs no clock of ours, so its date is named here.
GAKKUMDU_STEPS = (S.FORWARDED_OTHER, *workflow.GAKKUMDU_STATUSES)
COURT_DATE = "gakkumdu_court_at"


def gakkumdu_steps(case: Case) -> list[dict[str, Any]]:
    """Where a case forwarded to Sentra Gakkumdu stands: each step, its latest date, its legal clock.

    Empty for every other route. Dates are the latest of each step (a re-submission replaces the
    first submission's date here; the timeline keeps both).
    """
    if case.route != Route.GAKKUMDU:
        return []
    rows = []
    for status in GAKKUMDU_STEPS:
        label = _("Diteruskan ke Sentra Gakkumdu (penyidikan)") if status == S.FORWARDED_OTHER else S(status).label
        clock = deadlines.STATUS_CLOCKS.get(status)
        rows.append(
            {
                "status": str(status),
                "label": str(label),
                "at": getattr(case, clock.anchor if clock else COURT_DATE),
                "rule": str(deadlines.RULES[clock.rule].label) if clock else "",
                "current": case.status == status,
            }
        )
    if case.status == S.CLOSED:
        rows.append(
            {"status": str(S.CLOSED), "label": str(S.CLOSED.label), "at": case.closed_at, "rule": "", "current": True}
        )
    return rows


# --- the accused as a registry person ----------------------------------------------------------

# Who may read the accused's NIP on lists and exports: the staff who act on the person (analysts
# work on figures and do not need identities; the public never sees them).
ACCUSED_READERS = frozenset({Role.SUPERVISOR, Role.BKN, Role.PPK, Role.ADMIN})


def may_see_accused(user: RequestUser) -> bool:
    return bool(getattr(user, "is_superuser", False)) or getattr(user, "role", "") in ACCUSED_READERS


def may_confirm_accused(user: RequestUser, case: Case) -> bool:
    """Supervisors (and administrators) who may change the case match its accused to the registry."""
    from netral.cases.services import ACCUSED_ROLES
    from netral.core.scoping import can

    return workflow.role_of(user) in ACCUSED_ROLES and case.status != S.JOINED and can(user, case, "change")


def accused_written(case: Case) -> str:
    """The accused's name as the report wrote it (older cases: the title's first part)."""
    return case.accused_name or case.title.split(" – ", 1)[0].strip()


def accused_identity(case: Case) -> dict[str, Any]:
    """Name, NIP, position and agency of the accused, for letters and lists.

    The registry's values once a supervisor confirmed the person (`confirmed` True); otherwise
    what the report wrote, with an empty NIP: a letter must never print an unconfirmed NIP.
    """
    from netral.personnel.identifiers import format_nip

    if case.accused_confirmed and case.asn is not None:
        asn = case.asn
        return {
            "name": asn.name,
            "nip": asn.identifier,
            "nip_display": format_nip(asn.identifier),
            "position": asn.position,
            "agency": asn.agency.name if asn.agency_id else "",
            "employment_type": asn.employment_type,
            "confirmed": True,
        }
    return {
        "name": accused_written(case),
        "nip": "",
        "nip_display": "",
        "position": case.accused_position,
        "agency": case.agency.name if case.agency is not None else "",
        "employment_type": "",
        "confirmed": False,
    }


def same_person_cases(case: Case, user: RequestUser) -> list[Case]:
    """Other cases the user may join into `case` that name the same confirmed registry person.

    What the join form offers: the same camat reported three times is one person with three files,
    and the supervisor should see that before deciding whether they are one incident.
    """
    if not case.accused_confirmed or case.asn_id is None:
        return []
    return list(
        Case.objects.restrict(user, "change")
        .filter(asn_id=case.asn_id, accused_status=case.accused_status, status__in=workflow.JOINABLE)
        .exclude(pk=case.pk)
        .order_by("received_at", "pk")
        .only("number", "title", "status", "received_at")[:20]
    )


def accused_candidates(case: Case, user: RequestUser, name: str = "", limit: int = 5) -> list[Any]:
    """Registry candidates for the accused, in the user's registry scope (never shown to the public).

    Searched from `name` when the supervisor typed one, else from the name as written; hinted by
    the case's agency, then, with nobody there, by the case's region.
    """
    from netral.personnel.lookup import match_person

    query = (name or accused_written(case)).strip()[:200]
    if not query:
        return []
    found = []
    if case.agency_id:
        found = match_person(query, agency=case.agency_id, position=case.accused_position, limit=limit, user=user)
    if not found:
        found = match_person(
            query, region_code=case.region_code, position=case.accused_position, limit=limit, user=user
        )
    return found


def cases_of_person(user: RequestUser, asn: Any) -> QuerySet[Case]:
    """Every case of one registry person the user may see, newest first."""
    return cases_for(user).filter(asn=asn).order_by("-created_at")


def confirmed_nips(cases: list[Case]) -> dict[int, str]:
    """Case id → NIP of its confirmed accused, for one page of a list (one query, identifiers only)."""
    from netral.cases.choices import AccusedStatus
    from netral.personnel.models import ASN

    wanted = {c.pk: c.asn_id for c in cases if c.asn_id and c.accused_status == AccusedStatus.CONFIRMED}
    if not wanted:
        return {}
    nips = dict(ASN.objects.filter(pk__in=set(wanted.values())).values_list("pk", "identifier"))
    return {case_pk: nips.get(asn_pk, "") for case_pk, asn_pk in wanted.items()}


def with_accused_columns(qs: QuerySet[Case]) -> QuerySet[Case]:
    """`qs` with the confirmed accused's registry name and NIP as columns (empty until confirmed)."""
    from django.db.models import Case as CaseWhen
    from django.db.models import CharField, Value, When

    from netral.cases.choices import AccusedStatus

    confirmed = {"accused_status": AccusedStatus.CONFIRMED}
    return qs.annotate(
        accused_registry_name=CaseWhen(
            When(**confirmed, then=F("asn__name")), default=Value(""), output_field=CharField()
        ),
        accused_nip=CaseWhen(When(**confirmed, then=F("asn__identifier")), default=Value(""), output_field=CharField()),
    )
