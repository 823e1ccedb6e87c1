"""The staff roles: the vocabulary of the one scoping rule (``core.scoping``).

Defined here, below every app, because scoping is role × region; everyone else imports it as
``netral.accounts.choices.Role`` (the user's field), which is this same class.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SUPERVISOR = "supervisor", _("Pengawas (Bawaslu/Panwascam)")
    BKN = "bkn", _("Petugas BKN")
    PPK = "ppk", _("Petugas PPK/BKPSDM")
    ANALYST = "analyst", _("Analis pemantauan")
    ADMIN = "admin", _("Administrator")
