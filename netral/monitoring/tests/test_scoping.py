"""Who sees which items: region scope, region-less items, batch pages for the uploader."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from netral.monitoring import selectors
from netral.monitoring.ingest import RawItem
from netral.monitoring.models import Batch, Item
from netral.monitoring.tests.conftest import BANJAR, BANYUASIN, items

pytestmark = pytest.mark.django_db

NO_REGION = (
    "Seorang guru PNS diduga membagikan stiker pasangan calon kepada orang tua murid saat kampanye Pilkada 2024. "
    "Bawaslu sedang mengklarifikasi ASN tersebut."
)


@pytest.fixture
def spread(cast: Any, submit: Any) -> dict[str, Item]:
    batch = submit(cast.sup_ri, items(BANJAR, BANYUASIN, NO_REGION))
    got = {i.position: i for i in Item.objects.filter(batch=batch)}
    assert got[0].region_code == "32.79" and got[1].region_code == "16.07" and got[2].region_code == ""
    return {"banjar": got[0], "banyuasin": got[1], "none": got[2]}


def test_it_keeps_an_analyst_to_their_region(client: Any, cast: Any, spread: dict[str, Item]) -> None:
    visible = set(selectors.inbox_items(cast.analyst_a))
    assert spread["banjar"] in visible
    assert spread["banyuasin"] not in visible and spread["none"] not in visible
    client.force_login(cast.analyst_a)
    html = client.get(reverse("monitoring:inbox")).content.decode()
    assert f'id="item-{spread["banjar"].pk}"' in html and f'id="item-{spread["banyuasin"].pk}"' not in html
    for name in ("monitoring:item", "monitoring:copies", "monitoring:finding"):
        assert client.get(reverse(name, args=[spread["banyuasin"].pk])).status_code == 404
    resp = client.post(reverse("monitoring:feedback", args=[spread["banyuasin"].pk]), {"verdict": "confirm"})
    assert resp.status_code == 404
    assert not spread["banyuasin"].feedback.exists()


def test_it_shows_region_less_items_only_to_national_users(cast: Any, spread: dict[str, Item]) -> None:
    assert spread["none"] in set(selectors.inbox_items(cast.sup_ri))
    assert spread["none"] not in set(selectors.inbox_items(cast.sup_prov))
    assert set(selectors.inbox_items(cast.sup_other)) == {spread["banyuasin"]}


def test_it_shows_nothing_to_bkn_and_ppk(client: Any, cast: Any, spread: dict[str, Item]) -> None:
    for user in (cast.bkn, cast.ppk_a):
        assert not selectors.inbox_items(user).exists()
        client.force_login(user)
        assert client.get(reverse("monitoring:item", args=[spread["banjar"].pk])).status_code == 404


def test_it_shows_the_uploader_their_batch_with_errors(client: Any, cast: Any, submit: Any) -> None:
    raw = [*items(BANJAR, BANYUASIN), RawItem(external_id="kiriman.jsonl:3", error="kiriman.jsonl:3: Baris JSON rusak")]
    batch = submit(cast.analyst_a, raw)
    assert batch.region_code == "32.79"
    client.force_login(cast.analyst_a)
    html = client.get(reverse("monitoring:batch", args=[batch.pk])).content.decode()
    assert "kiriman.jsonl:3: Baris JSON rusak" in html
    # The uploader supplied every text, so they see all of it, the Banyuasin item included (Scope.owner).
    assert "tidak berlokasi di wilayah Anda" not in html
    assert BANYUASIN[:40] in html
    # Another regency's supervisor does not see the batch at all.
    client.force_login(cast.sup_b)
    assert client.get(reverse("monitoring:batch", args=[batch.pk])).status_code == 404
    assert batch not in set(Batch.objects.restrict(cast.sup_b))
