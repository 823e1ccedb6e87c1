from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "netral.api"
    label = "api"
