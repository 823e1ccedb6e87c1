"""Writes of the api app: API tokens (one per user), audited."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from rest_framework.authtoken.models import Token

from netral.core import audit
from netral.core.models import ObjectChange

if TYPE_CHECKING:
    from netral.core.types import User


@transaction.atomic
def rotate_token(user: User) -> Token:
    """Issue a fresh token for `user`, revoking the old one (a token is shown only once)."""
    Token.objects.filter(user=user).delete()
    token = Token.objects.create(user=user)
    audit.log_change(user, ObjectChange.Action.UPDATE, None, after={"api_token": "issued"}, user=user)
    return token


@transaction.atomic
def revoke_token(user: User) -> bool:
    deleted, _ = Token.objects.filter(user=user).delete()
    if deleted:
        audit.log_change(user, ObjectChange.Action.UPDATE, None, after={"api_token": "revoked"}, user=user)
    return bool(deleted)
