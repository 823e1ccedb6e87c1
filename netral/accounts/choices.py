from django.db import models
from django.utils.translation import gettext_lazy as _

# The roles are defined with the scoping rule they serve; this is where every app takes them from.
from netral.core.roles import Role

__all__ = ["LEVEL_DEPTH", "Role", "SupervisorLevel"]


class SupervisorLevel(models.TextChoices):
    RI = "ri", _("Bawaslu RI")
    PROVINCE = "provinsi", _("Bawaslu provinsi")
    REGENCY = "kabkota", _("Bawaslu kabupaten/kota")
    DISTRICT = "panwascam", _("Panwaslu kecamatan")


LEVEL_DEPTH = {
    SupervisorLevel.RI: 0,
    SupervisorLevel.PROVINCE: 1,
    SupervisorLevel.REGENCY: 2,
    SupervisorLevel.DISTRICT: 3,
}
