"""The one mechanism that restricts every query to the user's role and region or agency.

Every scoped model uses ``ScopedQuerySet`` as its manager and declares, in a ``Scope`` inner
class, *where* its region code and agency live and which rows BKN and PPK officers see::

    class Case(models.Model):
        objects = ScopedQuerySet.as_manager()

        class Scope:
            region = "region_code"            # path to a dotted Kemendagri code
            agency = "agency"                 # path to the agency FK (PPK officers)
            bkn = Q(stage__in=[...])          # rows BKN sees (nationally); None = none
            ppk = Q(stage__in=[...])          # extra filter for PPK officers; None = none
            write_roles = {Role.SUPERVISOR}      # who may change rows (still scoped)
            owner = "batch__uploaded_by"      # optional: the user who supplied a row may view it
            also_region = "reports__region_code"  # optional: regional users also *read* rows
                                              # holding related rows of their region
            write_requires = "is_head"        # optional: a user flag also needed to change rows

Views, exports, forms and the API call ``Model.objects.restrict(user, action)`` or
``get_scoped_or_404``; none invents its own check. Another region's object is simply not in
the queryset, so it answers 404, never 403 (which would confirm it exists).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, TypeGuard, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import connection, models
from django.db.models import Q
from django.http import Http404

from netral.core.roles import Role

if TYPE_CHECKING:
    from netral.core.types import RequestUser, User

Action = Literal["view", "change", "export", "view_pii"]
M = TypeVar("M", bound=models.Model)

NOTHING = Q(pk__in=[])


def region_prefix_q(path: str, code: str | None) -> Q:
    """Rows whose dotted region code equals `code` or lies under it ("32" covers "32.79.01").

    SQLite's LIKE cannot use an index, so there the prefix is written as the range
    ``code. < x < code/`` ("/" sorts right after "."), exact under SQLite's binary collation.
    PostgreSQL keeps ``LIKE 'code.%'``, served by ``varchar_pattern_ops`` indexes and correct
    under any collation (locale collations ignore punctuation, so the range would not be).
    """
    if not code:
        return Q()
    if connection.vendor == "sqlite":
        return Q(**{path: code}) | Q(**{f"{path}__gt": f"{code}.", f"{path}__lt": f"{code}/"})
    return Q(**{path: code}) | Q(**{f"{path}__startswith": f"{code}."})


def scope_q(model: type[models.Model], user: RequestUser | None, action: Action = "view") -> Q:
    """The filter for `user` on `model`: the single place where role × region rules live."""
    q = _role_q(model, user, action)
    owner = getattr(getattr(model, "Scope", None), "owner", None)
    # An empty Q means "every row"; OR-ing it would narrow it to the owner's rows (Q() | X == X).
    if owner and q and action in ("view", "export") and _signed_in(user):
        return q | Q(**{owner: user.pk})
    return q


def _signed_in(user: RequestUser | None) -> TypeGuard[User]:
    return user is not None and getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)


def _role_q(model: type[models.Model], user: RequestUser | None, action: Action) -> Q:
    if not _signed_in(user):
        return NOTHING
    scope = getattr(model, "Scope", None)
    if scope is None:
        raise TypeError(f"{model.__name__} has no Scope declaration")
    role = getattr(user, "role", "")
    if user.is_superuser or role == Role.ADMIN:
        return Q()
    if action == "change" and role not in getattr(scope, "write_roles", {Role.SUPERVISOR}):
        return NOTHING
    if action == "change" and not getattr(user, getattr(scope, "write_requires", "") or "is_active", False):
        return NOTHING
    if action == "view_pii" and role not in getattr(scope, "pii_roles", {Role.SUPERVISOR}):
        return NOTHING
    if role in (Role.SUPERVISOR, Role.ANALYST):
        path = getattr(scope, "region", None)
        if path is None:
            return NOTHING
        q = region_prefix_q(path, user.region_code)
        also = getattr(scope, "also_region", None)
        if also and user.region_code and action in ("view", "export"):
            # A case joined across regions stays readable by every region whose reports it holds
            # (a subquery, so a case with several such reports is still one row).
            q |= Q(pk__in=model._default_manager.filter(region_prefix_q(also, user.region_code)).values("pk"))
        extra = getattr(scope, "supervisor", None)
        return q & extra if extra is not None else q
    if role == Role.BKN:
        bkn = getattr(scope, "bkn", None)
        return bkn if bkn is not None else NOTHING
    if role == Role.PPK:
        path = getattr(scope, "agency", None)
        if path is None or user.agency_id is None:
            return NOTHING
        q = Q(**{path: user.agency_id})
        extra = getattr(scope, "ppk", None)
        return q & extra if extra is not None else q
    return NOTHING


class ScopedQuerySet(models.QuerySet[M]):
    def restrict(self, user: RequestUser | None, action: Action = "view") -> ScopedQuerySet[M]:
        return self.filter(scope_q(self.model, user, action))


def get_scoped_or_404(
    queryset: models.QuerySet[M], user: RequestUser | None, action: Action = "view", **lookup: Any
) -> M:
    """Fetch one object through the user's scope; outside it the object does not exist."""
    qs = queryset.filter(scope_q(queryset.model, user, action))
    try:
        return qs.get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def can(user: RequestUser | None, obj: models.Model, action: Action = "view") -> bool:
    """Whether `user` may do `action` on one already-loaded object (re-selects through the scope)."""
    model = type(obj)
    return model._default_manager.filter(scope_q(model, user, action), pk=obj.pk).exists()
