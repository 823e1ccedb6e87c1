from django.apps import AppConfig


class PersonnelConfig(AppConfig):
    name = "netral.personnel"
    label = "personnel"
