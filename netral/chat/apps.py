from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChatConfig(AppConfig):
    name = "netral.chat"
    label = "chat"
    verbose_name = _("Pelaporan lewat chat")

    def ready(self) -> None:
        from netral.chat.notify import ChatChannelNotifier
        from netral.conversations import notify

        for channel in ("whatsapp", "telegram"):
            notify.register(channel, ChatChannelNotifier(channel))
