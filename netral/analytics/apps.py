from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "netral.analytics"
    label = "analytics"
