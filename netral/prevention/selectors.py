"""Scoped reads for the prevention pages."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from netral.agencies.models import Agency
from netral.core.scoping import NOTHING, scope_q
from netral.prevention.models import (
    Circular,
    EventAttendee,
    PledgeEvent,
    PledgeSignature,
    PledgeText,
    PreventionActivity,
    ReminderSent,
    SigningCode,
    VenueDecree,
)
from netral.prevention.services import code_failure_flag, current_election, current_text

if TYPE_CHECKING:
    from netral.core.types import RequestUser


def can_manage(user: RequestUser) -> bool:
    """Whether the user's role may write prevention records at all (PPK officers, admins)."""
    return scope_q(Circular, user, "change") != NOTHING


def reached_q(election: Any) -> Q:
    """Registry ASN (a Q on ``personnel.ASN``) reached by a pledge in `election`: signed it, or
    attended a listed mass signing."""
    return Q(pk__in=PledgeSignature.objects.filter(election=election).values("asn_id")) | Q(
        pk__in=EventAttendee.objects.filter(event__election=election).values("asn_id")
    )


def documents_for(user: RequestUser, kind: str) -> list[tuple[QuerySet[Any], str]]:
    """The scoped prevention records of one kind (circulars; events: mass signings and other
    activities), each with the URL name of its detail page."""
    kinds: dict[str, list[tuple[QuerySet[Any], str]]] = {
        "circulars": [(Circular.objects.restrict(user), "prevention:circular_detail")],
        "events": [
            (PledgeEvent.objects.restrict(user), "prevention:event_detail"),
            (PreventionActivity.objects.restrict(user), "prevention:activity_detail"),
        ],
    }
    return kinds.get(kind, [])


def texts_for(user: RequestUser) -> QuerySet[PledgeText]:
    """National texts (public anyway) plus the agency texts within the user's scope."""
    visible = PledgeText.objects.restrict(user).values("pk")
    return PledgeText.objects.filter(Q(agency__isnull=True) | Q(pk__in=visible)).select_related("agency")


def circulars_for(user: RequestUser) -> QuerySet[Circular]:
    return Circular.objects.restrict(user).select_related("agency", "stage")


def events_for(user: RequestUser) -> QuerySet[PledgeEvent]:
    return (
        PledgeEvent.objects.restrict(user)
        .select_related("agency", "stage")
        .annotate(listed=Count("attendees", distinct=True))
    )


def activities_for(user: RequestUser) -> QuerySet[PreventionActivity]:
    return PreventionActivity.objects.restrict(user).select_related("agency", "stage")


def decrees_for(user: RequestUser) -> QuerySet[VenueDecree]:
    return VenueDecree.objects.restrict(user).select_related("agency", "region").annotate(n=Count("venues"))


def signatures_for(user: RequestUser) -> QuerySet[PledgeSignature]:
    return PledgeSignature.objects.restrict(user).select_related("asn", "agency", "text", "unit")


def reminders_sent_for(user: RequestUser, election: Any) -> QuerySet[ReminderSent]:
    return ReminderSent.objects.restrict(user).filter(election=election).select_related("agency")


def agencies_for(user: RequestUser) -> QuerySet[Agency]:
    return Agency.objects.restrict(user)


def codes_for(user: RequestUser) -> QuerySet[SigningCode]:
    return (
        SigningCode.objects.restrict(user)
        .select_related("agency", "text", "text__agency", "election", "created_by", "revoked_by")
        .prefetch_related("units")
        .annotate(signed=Count("signatures"))
    )


def flagged_codes_for(user: RequestUser) -> QuerySet[SigningCode]:
    """Unrevoked codes with at least PLEDGE_CODE_FAILURE_FLAG refused attempts."""
    return SigningCode.objects.restrict(user).filter(revoked_at__isnull=True, failures__gte=code_failure_flag())


@dataclass
class CodeRow:
    code: SigningCode
    status: str  # active, pending, expired, revoked, superseded
    flagged: bool
    writable: bool


def code_rows(user: RequestUser, limit: int = 200, day: datetime.date | None = None) -> list[CodeRow]:
    """The codes the user may see with their state today; "superseded" when the text or election
    they were issued for is no longer the one in force (the code then authorises nothing)."""
    day = day or timezone.localdate()
    flag = code_failure_flag()
    election = current_election(day)
    in_force: dict[tuple[str, int], Any] = {}
    writable = set(SigningCode.objects.restrict(user, "change").values_list("pk", flat=True)[: limit * 5])
    rows = []
    for code in codes_for(user)[:limit]:
        status = code.status_on(day)
        if status == "active":
            key = (code.text.kind, code.agency_id)
            if key not in in_force:
                in_force[key] = current_text(code.text.kind, code.agency, day)
            if in_force[key] != code.text or election != code.election:
                status = "superseded"
        rows.append(
            CodeRow(
                code=code,
                status=status,
                flagged=code.revoked_at is None and code.failures >= flag,
                writable=code.pk in writable,
            )
        )
    return rows
