from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "netral.monitoring"
    label = "monitoring"
