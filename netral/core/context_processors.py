"""Navigation entries for the current user's role (the menu shows only what the role can open)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# (url name, label, roles that see it; "*" = every signed-in user, "public" = everyone)
NAV: list[tuple[str, Any, set[str]]] = [
    ("reports:public_create", _("Laporkan"), {"public"}),
    ("reports:receipt_lookup", _("Lacak laporan"), {"public"}),
    ("cases:queue", _("Antrean"), {"supervisor", "bkn", "ppk", "admin"}),
    ("cases:list", _("Perkara"), {"supervisor", "bkn", "ppk", "analyst", "admin"}),
    ("reports:finding_create", _("Catat temuan"), {"supervisor"}),
    ("monitoring:inbox", _("Pemantauan"), {"supervisor", "analyst", "admin"}),
    ("prevention:index", _("Pencegahan"), {"supervisor", "ppk", "admin"}),
    ("personnel:list", _("Registri ASN"), {"supervisor", "ppk", "admin"}),
    ("analytics:dashboard", _("Dasbor"), {"*"}),
    ("analytics:public", _("Statistik publik"), {"public"}),
    ("api:tokens", _("Token API"), {"*"}),
    ("core:jobs", _("Pekerjaan latar"), {"admin"}),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    role = getattr(user, "role", None) if user is not None and user.is_authenticated else None
    items = []
    for name, label, roles in NAV:
        if "public" in roles or (role and ("*" in roles or role in roles)):
            try:
                items.append({"url": reverse(name), "label": label, "active": request.path == reverse(name)})
            except NoReverseMatch:
                continue  # the app that owns this page is not wired yet
    return {"nav_items": items}
