"""Sanction and violation names follow the interface language (they leaked Indonesian into English pages)."""

from __future__ import annotations

import pytest
from django.utils import translation

from netral.cases.models import SanctionLevel, SanctionTrack, ViolationType

pytestmark = pytest.mark.django_db


def test_catalogue_names_follow_the_language() -> None:
    level = SanctionLevel.objects.select_related("track").exclude(name_en="").first()
    vt = ViolationType.objects.exclude(title_en="").first()
    assert level is not None and vt is not None
    with translation.override("en"):
        assert str(level) == level.name_en and str(level.track) == level.track.name_en
        assert str(vt) == f"{vt.code} {vt.title_en}"
    with translation.override("id"):
        assert str(level) == level.name_id and str(level.track) == level.track.name_id
        assert str(vt) == f"{vt.code} {vt.title_id}"


def test_an_untranslated_row_falls_back_to_indonesian() -> None:
    track = SanctionTrack(code="x", kind="moral", employment="ALL", name_id="Sanksi uji", name_en="")
    with translation.override("en"):
        assert str(track) == "Sanksi uji"
