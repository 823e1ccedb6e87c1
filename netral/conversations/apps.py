from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class ConversationsConfig(AppConfig):
    name = "netral.conversations"
    label = "conversations"
    verbose_name = _("Percakapan dengan pelapor")

    def ready(self) -> None:
        from netral.conversations.events import case_transition_saved

        # Each public step of a case becomes notices to its reporters (outbox rows in the same transaction).
        post_save.connect(case_transition_saved, sender="cases.CaseTransition", dispatch_uid="conversations_case_steps")
