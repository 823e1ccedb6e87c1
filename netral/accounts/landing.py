"""Where each role lands after signing in: its own workspace, not the public home page."""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch, reverse

WORKSPACE = {
    "supervisor": "cases:queue",
    "bkn": "cases:queue",
    "ppk": "cases:queue",
    "analyst": "monitoring:inbox",
    "admin": "analytics:dashboard",
}


def workspace_url(user: Any) -> str:
    role = "admin" if getattr(user, "is_superuser", False) else getattr(user, "role", "")
    try:
        return reverse(WORKSPACE.get(role, "core:home"))
    except NoReverseMatch:
        return reverse("core:home")
