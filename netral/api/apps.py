from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "netral.api"
    label = "api"
    verbose_name = _("API dan webhook")

    def ready(self) -> None:
        from netral.api.signals import case_transition_saved

        post_save.connect(
            case_transition_saved, sender="cases.CaseTransition", dispatch_uid="api_case_transition_webhooks"
        )
