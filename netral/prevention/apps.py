from django.apps import AppConfig


class PreventionConfig(AppConfig):
    name = "netral.prevention"
    label = "prevention"
