"""Permissions: who may write is declared on each model's ``Scope`` (write_roles), not here."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from netral.accounts.choices import Role

if TYPE_CHECKING:
    from netral.core.types import RequestUser


def is_admin(user: RequestUser) -> bool:
    return bool(user.is_superuser or getattr(user, "role", "") == Role.ADMIN)


class ScopedWrite(BasePermission):
    """Unsafe methods need a role listed in the model's ``Scope.write_roles`` (403 otherwise).

    Which *rows* a writer may touch is still decided by ``restrict(user, "change")`` in the view,
    so another region's object stays a 404.
    """

    message = _("Peran Anda hanya boleh membaca data ini.")

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in SAFE_METHODS:
            return True
        user = request.user
        if not user or not user.is_authenticated:
            return False
        if is_admin(user):
            return True
        model = getattr(view, "write_model", None) or view.get_queryset().model
        scope = getattr(model, "Scope", None)
        return getattr(user, "role", "") in getattr(scope, "write_roles", {Role.SUPERVISOR})


class RoleAllowed(BasePermission):
    """For data that only some roles may open at all (the view lists them in ``allowed_roles``)."""

    message = _("Peran Anda tidak boleh membuka data ini.")

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        return is_admin(user) or getattr(user, "role", "") in getattr(view, "allowed_roles", set())


class AdminOnly(BasePermission):
    message = _("Hanya administrator.")

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and is_admin(user))
