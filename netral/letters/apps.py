from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "netral.letters"
    label = "letters"
    verbose_name = _("Surat resmi dan dokumen perkara")
