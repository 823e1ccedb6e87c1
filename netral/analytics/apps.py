from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "netral.analytics"
    label = "analytics"
    verbose_name = _("Statistik dan indeks kerawanan")

    def ready(self) -> None:
        from netral.analytics.signals import case_saved

        post_save.connect(case_saved, sender="cases.Case", dispatch_uid="analytics_case_saved")
        post_save.connect(case_saved, sender="reports.Report", dispatch_uid="analytics_report_saved")
