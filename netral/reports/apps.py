from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "netral.reports"
    label = "reports"
