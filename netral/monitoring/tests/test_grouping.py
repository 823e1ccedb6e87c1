"""Near-duplicates are grouped across the whole inbox, so a viral post is one row with its copies."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from netral.monitoring import dedupe, selectors
from netral.monitoring.models import Item
from netral.monitoring.tests.conftest import BANJAR, PURWAKARTA_PREVENTION, items

VIRAL = (
    "VIRAL! Seorang lurah di Kota Banjar terekam ikut berkampanye untuk pasangan calon nomor 2 di lapangan "
    "kelurahan, lengkap dengan seragam dinas. Warga meminta Bawaslu segera memeriksa ASN tersebut. #PilkadaDamai"
)
REPOST = "RT @wargabanjar: " + VIRAL.replace("segera ", "") + " https://t.co/abc123"
QUOTE = "Ini harus ditindak! " + VIRAL.replace("VIRAL! ", "") + " @bawaslu_ri"


def test_it_estimates_similarity_from_signatures() -> None:
    a, b, c = dedupe.signature(VIRAL), dedupe.signature(REPOST), dedupe.signature(PURWAKARTA_PREVENTION)
    assert dedupe.similarity(a, b) >= dedupe.THRESHOLD
    assert dedupe.similarity(a, c) < 0.2
    assert set(dedupe.band_keys(a)) & set(dedupe.band_keys(b))
    assert dedupe.signature("") == [] and dedupe.band_keys([]) == []


@pytest.mark.django_db
def test_it_groups_copies_across_batches(cast: Any, submit: Any, client: Any) -> None:
    first = submit(cast.analyst_a, items(VIRAL, BANJAR))
    second = submit(cast.sup_a, items(PURWAKARTA_PREVENTION, REPOST, QUOTE))
    leader = Item.objects.get(batch=first, position=0)
    repost = Item.objects.get(batch=second, position=1)
    quote = Item.objects.get(batch=second, position=2)
    assert leader.duplicate_of is None
    assert repost.duplicate_of == leader and quote.duplicate_of == leader
    assert Item.objects.get(batch=first, position=1).duplicate_of is None
    assert Item.objects.get(batch=second, position=0).duplicate_of is None
    second.refresh_from_db()
    assert second.duplicates == 2

    rows = list(selectors.inbox_items(cast.sup_prov))
    assert leader in rows and repost not in rows and quote not in rows
    assert next(r for r in rows if r.pk == leader.pk).copy_count == 2

    client.force_login(cast.sup_prov)
    page = client.get(reverse("monitoring:inbox")).content.decode()
    assert "2 salinan" in page
    part = client.get(reverse("monitoring:copies", args=[leader.pk]), HTTP_HX_REQUEST="true")
    assert part.status_code == 200
    html = part.content.decode()
    assert reverse("monitoring:item", args=[repost.pk]) in html and reverse("monitoring:item", args=[quote.pk]) in html


@pytest.mark.django_db
def test_it_keeps_the_same_template_for_another_region_apart(cast: Any, submit: Any) -> None:
    template = (
        "Pemerintah {place} menggelar apel netralitas ASN pagi ini; seluruh pegawai menandatangani pakta integritas "
        "dan berjanji tidak memihak pasangan calon mana pun dalam Pilkada 2024."
    )
    batch = submit(
        cast.sup_ri,
        items(template.format(place="Kota Banjar"), template.format(place="Kabupaten Banyuasin")),
    )
    banjar, banyuasin = Item.objects.filter(batch=batch).order_by("position")
    assert banjar.region_code == "32.79" and banyuasin.region_code == "16.07"
    assert dedupe.similarity(banjar.fingerprint, banyuasin.fingerprint) >= dedupe.THRESHOLD
    assert banyuasin.duplicate_of is None
