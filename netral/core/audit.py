"""Writing the audit trail: services call `snapshot()` before a change and `log_change()` after.

We write change records explicitly from service functions (not signals) so that bulk paths
cannot skip them silently and each record carries the request id and acting user.
Fields listed in a model's ``AUDIT_EXCLUDE`` (encrypted personal data) are masked.
"""

from __future__ import annotations

import contextlib
import datetime
import decimal
import threading
import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django.db import models

from netral.core import context
from netral.core.models import ObjectChange

if TYPE_CHECKING:
    from netral.core.types import User

MASK = "***"

_local = threading.local()


@contextlib.contextmanager
def batch() -> Iterator[None]:
    """Collect the audit rows logged inside and insert them in one statement at the end.

    Use inside the transaction of the change (a submission writes four rows: one INSERT instead
    of four); on an exception nothing is inserted, as the transaction rolls back anyway.
    """
    if getattr(_local, "rows", None) is not None:
        yield
        return
    rows: list[ObjectChange] = []
    _local.rows = rows
    try:
        yield
    finally:
        _local.rows = None
    if rows:
        ObjectChange.objects.bulk_create(rows)


def _write(change: ObjectChange) -> ObjectChange:
    pending: list[ObjectChange] | None = getattr(_local, "rows", None)
    if pending is not None:
        pending.append(change)
    else:
        change.save()
    return change


def _jsonable(value: Any) -> Any:
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, (bytes, memoryview)):
        return MASK
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if hasattr(value, "name") and hasattr(value, "storage"):  # FieldFile
        return value.name or None
    return value


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The object's concrete field values as JSON, personal data masked."""
    exclude = set(getattr(obj, "AUDIT_EXCLUDE", ()))
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        data[field.attname] = MASK if field.name in exclude and value not in (None, "") else _jsonable(value)
    return data


def object_type(obj: models.Model | type[models.Model]) -> str:
    return obj._meta.label_lower


def _actor(user: User | None) -> User | None:
    """The signed-in user who acts: the given one, else the request's; anonymous is None ("publik")."""
    actor = user if user is not None else context.current_user()
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _who(actor: User | None) -> dict[str, Any]:
    """Who and which request, as every audit row records them."""
    return {
        "user": actor,
        "user_name": actor.get_username() if actor is not None else "publik",
        "request_id": context.current_request_id(),
    }


def log_change(
    obj: models.Model,
    action: str,
    before: dict[str, Any] | None = None,
    *,
    after: dict[str, Any] | None = None,
    user: User | None = None,
) -> ObjectChange:
    """Append one ObjectChange for `obj`. Call inside the service's transaction."""
    actor = _actor(user)
    post = after if after is not None else (None if action == ObjectChange.Action.DELETE else snapshot(obj))
    return _write(
        ObjectChange(
            **_who(actor),
            action=action,
            object_type=object_type(obj),
            object_id=str(obj.pk),
            object_repr=str(obj)[:200],
            prechange=before,
            postchange=post,
        )
    )


def log_event(
    object_type: str,
    object_id: str,
    object_repr: str,
    action: str,
    data: dict[str, Any] | None = None,
    *,
    user: User | None = None,
) -> ObjectChange:
    """An entry that is not a field change (a refused link, a lockout, a sign-out of sessions):
    `data` goes in ``postchange``; it must hold no secret and no reporter's personal data."""
    actor = _actor(user)
    return _write(
        ObjectChange(
            **_who(actor),
            action=action,
            object_type=object_type,
            object_id=object_id,
            object_repr=object_repr[:200],
            prechange=None,
            postchange=_jsonable(data) if data is not None else None,
        )
    )


def history(obj: models.Model) -> models.QuerySet[ObjectChange]:
    return ObjectChange.objects.filter(object_type=object_type(obj), object_id=str(obj.pk))
