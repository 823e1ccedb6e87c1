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


class CasesConfig(AppConfig):
    name = "netral.cases"
    label = "cases"

    def ready(self) -> None:
        post_migrate.connect(_load_catalogue, sender=self, dispatch_uid="cases.load_sanctions")
