"""Reads of the ASN registry, always through the caller's scope."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from netral.accounts.choices import Role
from netral.agencies.models import Agency
from netral.personnel.models import ASN, ImportRun

if TYPE_CHECKING:
    from netral.core.types import RequestUser


def registry(user: RequestUser) -> QuerySet[ASN]:
    """ASN the user may see, with only the columns lists show (never the NIK)."""
    return (
        ASN.objects.restrict(user)
        .select_related("agency", "unit")
        .only(
            "id",
            "identifier",
            "employment_type",
            "name",
            "position",
            "position_class",
            "region_code",
            "active",
            "agency__name",
            "agency__code",
            "unit__name",
        )
    )


def active_registry(user: RequestUser | None = None) -> QuerySet[ASN]:
    """Active registry ASN in the user's scope (every one with no user: for headcounts, never rows)."""
    qs = ASN.objects.all() if user is None else ASN.objects.restrict(user)
    return qs.filter(active=True)


def visible_agencies(user: Any) -> QuerySet[Agency]:
    """Agencies whose ASN the user can see: their own (PPK), those in their region, or all."""
    if getattr(user, "role", "") == Role.PPK:
        return Agency.objects.filter(pk=user.agency_id)
    return Agency.objects.restrict(user)


def import_runs(user: RequestUser) -> QuerySet[ImportRun]:
    return ImportRun.objects.restrict(user).select_related("agency", "user")
