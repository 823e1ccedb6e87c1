"""``{% object_history obj %}``: the "Riwayat perubahan" tab any detail page can include."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from netral.core import history

register = template.Library()


@register.inclusion_tag("core/_history.html", takes_context=True)
def object_history(context: dict[str, Any], obj: Any, limit: int = 20) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    entries = history.history_for(user, obj) if obj is not None else None
    if entries is None:
        return {"shown": False}
    rows = list(entries[: limit + 1])
    model = type(obj)
    return {
        "shown": True,
        "rows": [{"entry": e, "changes": history.changes(e, model)} for e in rows[:limit]],
        "more": len(rows) > limit,
        "full_url": history.object_url(rows[0]) if rows else "",
    }


@register.filter
def changes_of(entry: Any) -> list[history.Change]:
    return history.changes(entry, history.model_for(entry.object_type))


# The name stored for acts without an account (audit.log_change, case timeline): stored once in
# Indonesian, shown in the reader's language.
ANONYMOUS_ACTOR = "publik"


@register.filter
def actor(user_name: str) -> str:
    """The stored actor name, with the public's placeholder translated."""
    return _("publik") if user_name == ANONYMOUS_ACTOR else user_name
