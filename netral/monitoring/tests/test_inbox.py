"""The inbox page: ranking by score, filters kept in the URL, escaped highlighting."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from netral.monitoring import services
from netral.monitoring.models import Item
from netral.monitoring.tests.conftest import BANJAR, items, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def inbox(cast: Any, submit: Any, fake_engine: dict[str, Any]) -> dict[str, Item]:
    fake_engine["ALFA"] = {
        "relevant": True,
        "score": 0.95,
        "kind": "violation",
        "acts": ["social_media", "attend_campaign"],
        "regions": [region("32.79", "Kota Banjar")],
        "stage": "pilkada2024:kampanye",
        "subjects": ["camat"],
        "status": "sanctioned",
        "sanction": "teguran tertulis",
    }
    fake_engine["BRAVO"] = {
        "relevant": True,
        "score": 0.7,
        "kind": "prevention",
        "regions": [region("32.14", "Kabupaten Purwakarta")],
        "stage": "pilkada2024",
    }
    fake_engine["CHARLIE"] = {
        "relevant": False,
        "score": 0.3,
        "kind": "non_asn_neutrality",
        "acts": ["mobilise"],
        "regions": [region("32.79.01"), region("32")],
        "stage": "pemilu2024",
        "status": "under_review",
    }
    # An unknown status from the engine is dropped, not stored.
    fake_engine["DELTA"] = {
        "relevant": False,
        "score": 0.05,
        "kind": "negative",
        "regions": [region("32")],
        "status": "closed",
    }
    texts = [
        "DELTA gaji pegawai naik.",
        "CHARLIE kepala desa mengajak warga memilih.",
        "ALFA camat ikut kampanye dan mengunggah dukungan.",
        "BRAVO apel netralitas pegawai.",
    ]
    batch = submit(cast.sup_prov, items(*texts))
    return {t.split()[0]: Item.objects.get(batch=batch, text=t) for t in texts}


def rows(client: Any, query: str = "") -> list[str]:
    html = client.get(reverse("monitoring:inbox") + query).content.decode()
    return re.findall(r'id="item-(\d+)"', html)


def test_it_ranks_items_by_score(client: Any, cast: Any, inbox: dict[str, Item]) -> None:
    client.force_login(cast.sup_prov)
    order = [str(inbox[k].pk) for k in ("ALFA", "BRAVO", "CHARLIE", "DELTA")]
    assert rows(client) == order


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?kind=violation", ["ALFA"]),
        ("?act=attend_campaign", ["ALFA"]),
        ("?act=mobilise", ["CHARLIE"]),
        ("?region=32.79", ["ALFA", "CHARLIE"]),
        ("?region=32.14", ["BRAVO"]),
        ("?stage=pilkada2024", ["ALFA", "BRAVO"]),
        ("?stage=pilkada2024:kampanye", ["ALFA"]),
        ("?relevant=no", ["CHARLIE", "DELTA"]),
        ("?relevant=yes&kind=prevention", ["BRAVO"]),
        ("?q=apel", ["BRAVO"]),
        ("?review=none", ["ALFA", "BRAVO", "CHARLIE", "DELTA"]),
        ("?handling=sanctioned", ["ALFA"]),
        ("?handling=under_review", ["CHARLIE"]),
        ("?handling=cleared", []),
    ],
)
def test_it_filters_from_the_url(
    client: Any, cast: Any, inbox: dict[str, Item], query: str, expected: list[str]
) -> None:
    client.force_login(cast.sup_prov)
    assert rows(client, query) == [str(inbox[k].pk) for k in expected]


def test_it_shows_how_far_the_case_was_handled(client: Any, cast: Any, inbox: dict[str, Item]) -> None:
    assert inbox["DELTA"].handling == "" and inbox["DELTA"].analysis["status"] is None
    client.force_login(cast.sup_prov)
    html = client.get(reverse("monitoring:inbox")).content.decode()
    assert "Sudah disanksi" in html and "Sedang ditangani" in html
    detail = client.get(reverse("monitoring:item", args=[inbox["ALFA"].pk])).content.decode()
    assert "Sudah disanksi" in detail and "teguran tertulis" in detail


def test_it_filters_by_review_state(client: Any, cast: Any, inbox: dict[str, Item]) -> None:
    services.record_feedback(cast.sup_prov, inbox["BRAVO"], "confirm")
    services.record_feedback(cast.sup_prov, inbox["DELTA"], "reject")
    client.force_login(cast.sup_prov)
    assert rows(client, "?review=confirm") == [str(inbox["BRAVO"].pk)]
    assert rows(client, "?review=reject") == [str(inbox["DELTA"].pk)]
    assert rows(client, "?review=none") == [str(inbox["ALFA"].pk), str(inbox["CHARLIE"].pk)]


def test_it_keeps_filters_in_the_form_and_ignores_bad_values(client: Any, cast: Any, inbox: dict[str, Item]) -> None:
    client.force_login(cast.sup_prov)
    html = client.get(reverse("monitoring:inbox") + "?kind=violation&region=32.79").content.decode()
    assert '<option value="violation" selected>' in html
    assert re.search(r'<option value="32\.79" selected>', html)
    resp = client.get(reverse("monitoring:inbox") + "?kind=zzz&region=99&page=abc")
    assert resp.status_code == 200


def test_it_shows_the_text_escaped_with_evidence_marked(client: Any, cast: Any, submit: Any) -> None:
    text = "<script>alert('xss')</script>\n" + BANJAR
    submit(cast.analyst_a, items(text))
    client.force_login(cast.analyst_a)
    item = Item.objects.get(text=text)
    for url in (reverse("monitoring:inbox"), reverse("monitoring:item", args=[item.pk])):
        html = client.get(url).content.decode()
        assert "<script>alert(" not in html
        assert "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;" in html
        assert re.search(r'<mark title="[^"]*">[^<]*Banjar', html) or "<mark" in html


def test_it_shows_the_full_analysis_on_the_detail_page(client: Any, cast: Any, inbox: dict[str, Item]) -> None:
    client.force_login(cast.sup_prov)
    html = client.get(reverse("monitoring:item", args=[inbox["ALFA"].pk])).content.decode()
    for fragment in ("Dugaan pelanggaran", "Media sosial", "Kota Banjar", "(32.79)", "pilkada2024:kampanye", "camat"):
        assert fragment in html


def test_it_requires_login(client: Any) -> None:
    resp = client.get(reverse("monitoring:inbox"))
    assert resp.status_code == 302 and "/akun/" in resp["Location"]


def test_it_refuses_upload_to_roles_outside_monitoring(client: Any, cast: Any) -> None:
    client.force_login(cast.ppk_a)
    assert client.get(reverse("monitoring:upload")).status_code == 403
    assert client.post(reverse("monitoring:upload"), {"text": BANJAR}).status_code == 403
