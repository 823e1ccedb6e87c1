from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo world (``manage.py load_demo``): built through every app's real services, above them all."""

    name = "netral.demo"
    label = "demo"
