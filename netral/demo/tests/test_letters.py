"""The demo issues the recommendation letter of every case past BKN's recommendation, NIP included."""

from __future__ import annotations

import pytest

from netral.cases.models import Case
from netral.letters.models import Letter
from netral.letters.tests.helpers import pdf_text

pytestmark = pytest.mark.django_db


def test_every_recommended_case_has_its_letter_naming_the_nip():
    from netral.demo.world import build_world

    build_world(seed=7)
    recommended = list(Case.objects.filter(recommended_at__isnull=False).select_related("asn"))
    assert recommended
    for case in recommended:
        letter = Letter.objects.get(case=case, kind="rekomendasi")
        if case.asn is not None:
            assert len(case.asn.identifier) == 18 and case.asn.identifier in pdf_text(bytes(letter.pdf))
    assert any(c.asn is not None for c in recommended)
