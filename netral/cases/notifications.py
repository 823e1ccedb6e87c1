"""Who is responsible for a case in each status, who is one level up, and the mails they get.

Reminders (before a deadline) and transition notices go to the responsible party; escalations
(after a deadline) go to the responsible party and to the next level up.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from netral.accounts.choices import Role
from netral.accounts.models import User
from netral.cases import workflow
from netral.cases.models import Case


def responsible_party(case: Case) -> str:
    """supervisor / bkn / ppk / "" : whose move it is (``workflow.STATUSES``)."""
    return workflow.responsible_party(case)


def _supervisor_tiers(case: Case) -> list[list[User]]:
    """Supervisors covering the case's region, deepest level first (regency before province before RI)."""
    parts = case.region_code.split(".")
    codes = [".".join(parts[: i + 1]) for i in range(len(parts))]
    users = list(
        User.objects.filter(role=Role.SUPERVISOR, is_active=True, region__code__in=codes).select_related("region")
    ) + list(User.objects.filter(role=Role.SUPERVISOR, is_active=True, region__isnull=True))
    by_depth: dict[int, list[User]] = {}
    for u in users:
        depth = u.region.code.count(".") + 1 if u.region is not None else 0
        by_depth.setdefault(depth, []).append(u)
    return [by_depth[d] for d in sorted(by_depth, reverse=True)]


def _active(qs: QuerySet[User]) -> list[User]:
    return list(qs.filter(is_active=True).exclude(email=""))


def recipients(case: Case, *, escalate: bool = False) -> list[User]:
    """The responsible users, plus (when escalating) the next level up."""
    party = responsible_party(case)
    out: list[User] = []
    if party == Role.SUPERVISOR:
        tiers = _supervisor_tiers(case)
        out += tiers[0] if tiers else []
        if escalate and len(tiers) > 1:
            out += tiers[1]
    elif party == Role.BKN:
        out += _active(User.objects.filter(role=Role.BKN))
        if escalate:
            out += _active(User.objects.filter(role=Role.ADMIN))
    elif party == Role.PPK:
        if case.agency_id:
            out += _active(User.objects.filter(role=Role.PPK, agency_id=case.agency_id))
        if escalate:
            out += _active(User.objects.filter(role=Role.BKN))
    return [u for u in dict.fromkeys(out) if u.email]


def case_url(case: Case) -> str:
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    return f"{base}{reverse('cases:detail', args=[case.number])}"


def send(case: Case, users: list[User], subject: str, body: str) -> list[str]:
    """One mail per recipient (no addresses disclosed to each other). Returns the addresses."""
    addresses = [u.email for u in users]
    for address in addresses:
        send_mail(subject, body, None, [address], fail_silently=False)
    return addresses


def transition_mail(case: Case, reason: str) -> tuple[str, str]:
    subject = _("[netral] %(number)s: %(status)s") % {"number": case.number, "status": case.get_status_display()}
    lines: list[Any] = [
        _("Perkara %(number)s kini berstatus «%(status)s».")
        % {"number": case.number, "status": case.get_status_display()},
    ]
    if case.deadline_at:
        lines.append(_("Tenggat berikutnya: %(at)s.") % {"at": case.deadline_at.strftime("%d/%m/%Y %H:%M")})
    lines.append(_("Buka perkara: %(url)s") % {"url": case_url(case)})
    return subject, "\n".join(str(line) for line in lines)
