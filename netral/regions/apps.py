from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "netral.regions"
    label = "regions"
    verbose_name = _("Wilayah dan pemilihan")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from netral.regions import calendar
        from netral.regions.models import Election, Holiday, Stage

        # The calendar's in-process cache of reference data forgets it when it changes here.
        for model in (Election, Stage, Holiday):
            post_save.connect(calendar.forget_reference, sender=model, dispatch_uid=f"forget-{model.__name__}")
            post_delete.connect(calendar.forget_reference, sender=model, dispatch_uid=f"forget-del-{model.__name__}")
