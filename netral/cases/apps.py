from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _load_catalogue(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """Fresh and test databases get the sanction catalogue as soon as the cases tables exist."""
    from django.db import connections

    if "cases_violationtype" not in connections[using].introspection.table_names():
        return
    from netral.cases.catalogue import load_sanctions

    load_sanctions()


def _overdue_cases() -> dict[tuple[str, ...], float]:
    """Open cases past their legal deadline, per regulation clock (the /metrics gauge)."""
    from django.db.models import Count
    from django.utils import timezone

    from netral.cases.models import Case
    from netral.cases.reminders import STOPPED

    rows = (
        Case.objects.exclude(status__in=STOPPED)
        .filter(deadline_at__lt=timezone.now())
        .values("deadline_rule")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(row["deadline_rule"] or "",): float(row["n"]) for row in rows}


class CasesConfig(AppConfig):
    name = "netral.cases"
    label = "cases"

    def ready(self) -> None:
        post_migrate.connect(_load_catalogue, sender=self, dispatch_uid="cases.load_sanctions")
        from netral.core.metrics import register_gauge

        register_gauge(
            "netral_cases_overdue", "Open cases past their legal deadline, per clock.", _overdue_cases, ("rule",)
        )
