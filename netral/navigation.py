"""Navigation entries for the current user's role (the menu shows only what the role can open).

A project module (like ``urls``): it names every app's pages, so it sits above all of them.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from netral.accounts.choices import Role

SUP, BKN, PPK, ANALYST, ADMIN = Role.SUPERVISOR, Role.BKN, Role.PPK, Role.ANALYST, Role.ADMIN

# (url name, label, roles that see it; "*" = every signed-in user, "public" = everyone,
#  "manager" = administrators and heads of a Bawaslu or BKPSDM)
NAV: list[tuple[str, Any, set[str]]] = [
    ("reports:public_create", _("Laporkan"), {"public"}),
    ("reports:receipt_lookup", _("Lacak laporan"), {"public"}),
    ("cases:queue", _("Antrean"), {SUP, BKN, PPK, ADMIN}),
    ("cases:list", _("Perkara"), {SUP, BKN, PPK, ANALYST, ADMIN}),
    ("reports:finding_create", _("Catat temuan"), {SUP}),
    ("monitoring:inbox", _("Pemantauan"), {SUP, ANALYST, ADMIN}),
    ("prevention:index", _("Pencegahan"), {SUP, PPK, ADMIN}),
    ("personnel:list", _("Registri ASN"), {SUP, PPK, ADMIN}),
    ("analytics:dashboard", _("Dasbor"), {"*"}),
    ("analytics:public", _("Statistik publik"), {"public"}),
    ("api:tokens", _("Token API"), {"*"}),
    ("regions:elections", _("Kalender pemilihan"), {"*"}),
    ("accounts:staff_list", _("Petugas"), {"manager"}),
    ("core:audit_log", _("Jejak audit"), {ADMIN}),
    ("core:jobs", _("Pekerjaan latar"), {ADMIN}),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    role = getattr(user, "role", None) if user is not None and user.is_authenticated else None
    items = []
    for name, label, roles in NAV:
        manager = "manager" in roles and bool(getattr(user, "manages_staff", False))
        if "public" in roles or manager or (role and ("*" in roles or role in roles)):
            url = reverse(name)
            items.append({"url": url, "label": label, "active": request.path == url})
    return {"nav_items": items}
