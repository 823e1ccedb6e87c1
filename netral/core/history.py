"""Reading the audit trail: per object (the "Riwayat perubahan" tab) and for administrators.

A user sees the history of an object only when they can see the object itself (its model's
scope, or its ``history_queryset(user)`` when the model defines one, as accounts do). Field
changes are shown as "field: before → after", personal data stays masked as it was written.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse

from netral.core.audit import object_type
from netral.core.models import ObjectChange
from netral.core.scoping import scope_q

if TYPE_CHECKING:
    from netral.core.types import RequestUser

# Bookkeeping columns that change with every write and say nothing to a reader.
QUIET_FIELDS = {"updated_at", "modified", "last_seen", "search_vector"}


def is_admin(user: RequestUser | None) -> bool:
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and (user.is_superuser or getattr(user, "role", "") == "admin")
    )


def visible_objects(model: type[models.Model], user: RequestUser | None) -> QuerySet[Any]:
    """The rows of `model` whose history `user` may read."""
    hook = getattr(model, "history_queryset", None)
    if hook is not None:
        return hook(user)  # type: ignore[no-any-return]
    if getattr(model, "Scope", None) is None:
        return model._default_manager.all() if is_admin(user) else model._default_manager.none()
    return model._default_manager.filter(scope_q(model, user, "view"))


def can_read(user: RequestUser | None, obj: models.Model) -> bool:
    return visible_objects(type(obj), user).filter(pk=obj.pk).exists()


def model_for(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


@dataclass
class Change:
    field: str
    before: Any
    after: Any


def _label(model: type[models.Model] | None, attname: str) -> str:
    if model is not None:
        for field in model._meta.concrete_fields:
            if field.attname == attname:
                return str(field.verbose_name)
        try:
            return str(model._meta.get_field(attname).verbose_name)  # type: ignore[union-attr]
        except FieldDoesNotExist:
            pass
    return attname


def _related(model: type[models.Model] | None, attname: str, value: Any) -> Any:
    """A foreign key's value as its object's name ("Kota Banjar", not 3186), when it still exists."""
    if model is None or value in (None, "", "***"):
        return value
    for field in model._meta.concrete_fields:
        if field.attname == attname and field.is_relation and attname != field.name:
            target = field.related_model
            found = target._default_manager.filter(pk=value).first() if target is not None else None
            return f"{found} (#{value})" if found is not None else value
    return value


def changes(entry: ObjectChange, model: type[models.Model] | None = None) -> list[Change]:
    """What changed in one entry: updated fields, or the facts of an event (no before)."""
    before = entry.prechange if isinstance(entry.prechange, dict) else {}
    after = entry.postchange if isinstance(entry.postchange, dict) else {}
    if entry.action == ObjectChange.Action.CREATE or (not before and entry.action == ObjectChange.Action.UPDATE):
        return []
    out = []
    for key in sorted(set(before) | set(after)):
        if key in QUIET_FIELDS:
            continue
        old, new = before.get(key), after.get(key)
        if before and old == new:
            continue
        if not before and (new in (None, "", False, [], {}) or key == "id"):
            continue  # an event's facts, or a new row: only what it holds
        out.append(Change(_label(model, key), _related(model, key, old) if before else None, _related(model, key, new)))
    return out


def object_url(entry: ObjectChange) -> str:
    try:
        return reverse("core:object_history", args=[entry.object_type, entry.object_id]) if entry.object_id else ""
    except NoReverseMatch:
        return ""


def history_for(user: RequestUser | None, obj: models.Model) -> QuerySet[ObjectChange] | None:
    """The object's entries, newest first, or None when `user` may not read them."""
    if not can_read(user, obj):
        return None
    return ObjectChange.objects.filter(object_type=object_type(obj), object_id=str(obj.pk)).select_related("user")


def object_types() -> list[tuple[str, str]]:
    """(label, readable name) of every type in the trail, for the filter."""
    out = []
    for label in ObjectChange.objects.order_by().values_list("object_type", flat=True).distinct():
        model = model_for(label)
        out.append((label, f"{model._meta.verbose_name} ({label})" if model is not None else label))
    return sorted(out, key=lambda x: x[1])


def filtered(params: Any) -> tuple[QuerySet[ObjectChange], dict[str, str]]:
    """The administrator's trail narrowed by user, object type, id, action, dates, request id."""
    qs = ObjectChange.objects.select_related("user")
    chosen: dict[str, str] = {}
    user = (params.get("user") or "").strip()[:150]
    if user:
        qs = qs.filter(Q(user_name__iexact=user) | Q(user__username__iexact=user))
        chosen["user"] = user
    kind = (params.get("object_type") or "").strip()[:100]
    if kind:
        qs = qs.filter(object_type=kind)
        chosen["object_type"] = kind
    object_id = (params.get("object_id") or "").strip()[:64]
    if object_id:
        qs = qs.filter(object_id=object_id)
        chosen["object_id"] = object_id
    action = (params.get("action") or "").strip()
    if action in ObjectChange.Action.values:
        qs = qs.filter(action=action)
        chosen["action"] = action
    rid = (params.get("request_id") or "").strip()[:64]
    if rid:
        qs = qs.filter(request_id=rid)
        chosen["request_id"] = rid
    for name, lookup in (("date_from", "time__date__gte"), ("date_to", "time__date__lte")):
        raw = (params.get(name) or "").strip()[:10]
        if raw:
            try:
                day = datetime.date.fromisoformat(raw)
            except ValueError:
                continue
            qs = qs.filter(**{lookup: day})
            chosen[name] = raw
    return qs, chosen
