"""Scoped reads for the prevention pages."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from netral.agencies.models import Agency
from netral.core.scoping import NOTHING, scope_q
from netral.prevention.models import (
    Circular,
    PledgeEvent,
    PledgeSignature,
    PledgeText,
    PreventionActivity,
    ReminderSent,
    VenueDecree,
)


def can_manage(user: Any) -> bool:
    """Whether the user's role may write prevention records at all (PPK officers, admins)."""
    return scope_q(Circular, user, "change") != NOTHING


def texts_for(user: Any) -> QuerySet[PledgeText]:
    """National texts (public anyway) plus the agency texts within the user's scope."""
    visible = PledgeText.objects.restrict(user).values("pk")
    return PledgeText.objects.filter(Q(agency__isnull=True) | Q(pk__in=visible)).select_related("agency")


def circulars_for(user: Any) -> QuerySet[Circular]:
    return Circular.objects.restrict(user).select_related("agency", "stage")


def events_for(user: Any) -> QuerySet[PledgeEvent]:
    return (
        PledgeEvent.objects.restrict(user)
        .select_related("agency", "stage")
        .annotate(listed=Count("attendees", distinct=True))
    )


def activities_for(user: Any) -> QuerySet[PreventionActivity]:
    return PreventionActivity.objects.restrict(user).select_related("agency", "stage")


def decrees_for(user: Any) -> QuerySet[VenueDecree]:
    return VenueDecree.objects.restrict(user).select_related("agency", "region").annotate(n=Count("venues"))


def signatures_for(user: Any) -> QuerySet[PledgeSignature]:
    return PledgeSignature.objects.restrict(user).select_related("asn", "agency", "text", "unit")


def reminders_sent_for(user: Any, election: Any) -> QuerySet[ReminderSent]:
    return ReminderSent.objects.restrict(user).filter(election=election).select_related("agency")


def agencies_for(user: Any) -> QuerySet[Agency]:
    return Agency.objects.restrict(user)
