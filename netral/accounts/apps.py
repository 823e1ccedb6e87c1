from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "netral.accounts"
    label = "accounts"
    verbose_name = _("Akun")

    def ready(self) -> None:
        from netral.accounts import lockout, signals  # noqa: F401 - connect receivers
