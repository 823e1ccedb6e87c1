"""Named persons at issue: stored on the item, shown in the inbox, the item page and the API, the
finding pre-filled with the name instead of "identitas belum diketahui", registry matches
proposed through the person look-up (inside the user's scope only)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from netral.monitoring import engine
from netral.monitoring.forms import finding_initial
from netral.monitoring.models import Item
from netral.monitoring.tests.conftest import items, region
from netral.personnel.models import ASN
from netral.personnel.tests.test_lookup import seed_registry
from netral.reports.models import Report

pytestmark = pytest.mark.django_db

NAMED = (
    "Camat Pataruman, Drs. Edi Hariono, M.Si, diduga menghadiri kampanye pasangan calon wali kota di Kota "
    "Banjar, Sabtu (5/10/2024). Bawaslu Kota Banjar memanggil yang bersangkutan. [named]"
)
INITIALS = "Seorang lurah berinisial AR diduga mengarahkan warga memilih calon wali kota. [initials]"
CASE = {
    "kind": "violation",
    "relevant": True,
    "score": 0.93,
    "acts": ["attend_campaign"],
    "subjects": ["camat"],
    "regions": [region("32.79", "Kota Banjar")],
}


@pytest.fixture
def named(fake_engine: dict[str, dict[str, Any]]) -> None:
    fake_engine["[named]"] = {
        **CASE,
        "people": [
            {"name": "Edi Hariono", "titles": ["Drs.", "M.Si"], "role": "camat", "agency": "Kecamatan Pataruman"},
            {"titles": ["H."], "role": "lurah"},  # no name: dropped by the adapter
        ],
    }
    fake_engine["[initials]"] = {**CASE, "people": [{"name": "AR", "titles": [], "role": "lurah", "agency": None}]}


def test_the_adapter_keeps_named_people_only() -> None:
    res = engine.normalise(
        {"kind": "violation", "people": [{"name": "  Edi   Hariono ", "titles": ["Drs."]}, {"role": "camat"}, "x"]},
        "d1",
        10,
    )
    assert res["people"] == [{"name": "Edi Hariono", "titles": ["Drs."], "role": "", "agency": ""}]
    assert engine.normalise({"kind": "negative"}, "d2", 5)["people"] == []


def test_the_real_engine_fills_people_through_the_adapter() -> None:
    res = engine.analyse("x", NAMED.replace(" [named]", ""))
    assert res["people"][0]["name"] == "Edi Hariono"
    assert res["people"][0]["titles"] == ["Drs.", "M.Si"]


def test_people_are_stored_and_shown_in_the_inbox_and_the_api(client: Any, cast: Any, submit: Any, named: None) -> None:
    batch = submit(cast.analyst_a, items(NAMED, INITIALS))
    item = Item.objects.get(batch=batch, external_id="t0")
    assert item.people[0]["name"] == "Edi Hariono" and item.accused == "Edi Hariono (camat)"
    client.force_login(cast.sup_a)
    html = client.get(reverse("monitoring:inbox")).content.decode()
    assert "Edi Hariono (camat)" in html and "AR (lurah)" in html
    page = client.get(reverse("monitoring:item", args=[item.pk])).content.decode()
    assert "Edi Hariono" in page and "Drs., M.Si" in page and "Kecamatan Pataruman" in page
    api = client.get("/api/v1/monitoring/items/").json()
    rows = {r["external_id"]: r for r in api["results"]}
    assert rows["t0"]["people"][0]["name"] == "Edi Hariono"


def test_the_finding_is_prefilled_with_the_name_not_unknown_identity(cast: Any, submit: Any, named: None) -> None:
    batch = submit(cast.analyst_a, items(NAMED))
    initial = finding_initial(Item.objects.get(batch=batch))
    assert initial["subject_name"] == "Edi Hariono"
    assert initial["subject_position"] == "camat"
    assert initial["subject_agency_name"] == "Kecamatan Pataruman"
    item = Item.objects.get(batch=batch)
    item.people = []
    assert finding_initial(item)["subject_name"] == "Camat (identitas belum diketahui)"


def test_registry_matches_are_proposed_and_can_be_chosen(client: Any, cast: Any, submit: Any, named: None) -> None:
    registry = seed_registry(
        cast,
        [
            ("Drs. Edi Hariono M.Si", cast.agency_a, "Camat Pataruman", "32.79"),
            ("Edi Haryanto", cast.agency_other, "Lurah Sukamaju", "16.07"),  # outside Kota Banjar's scope
        ],
        filler=40,
    )
    batch = submit(cast.analyst_a, items(NAMED, INITIALS))
    item = Item.objects.get(batch=batch, external_id="t0")
    client.force_login(cast.sup_a)
    page = client.get(reverse("monitoring:item", args=[item.pk])).content.decode()
    assert "registry-matches" in page and "Drs. Edi Hariono M.Si" in page
    assert "Edi Haryanto" not in page  # another region's ASN is never proposed
    form_page = client.get(reverse("monitoring:finding", args=[item.pk]))
    choices = dict(form_page.context["form"].fields["registry_asn"].choices)
    asn = registry["Drs. Edi Hariono M.Si"]
    assert asn.pk in choices and registry["Edi Haryanto"].pk not in choices
    resp = client.post(
        reverse("monitoring:finding", args=[item.pk]),
        {
            "subject_kind": "asn",
            "subject_name": "Edi Hariono",
            "subject_position": "camat",
            "registry_asn": str(asn.pk),
            "description": "Camat diduga menghadiri kampanye pasangan calon wali kota.",
            "region": "32.79",
            "known_on": "2024-10-05",
        },
    )
    assert resp.status_code == 302, resp.content.decode()[:1500]
    report = Report.objects.get()
    assert report.subject_name == "Drs. Edi Hariono M.Si" and report.subject_agency == cast.agency_a
    assert report.subject_position == "Camat Pataruman"
    # the chosen person reaches the finding and its case, as a proposal to confirm on the case page
    assert report.asn == asn and report.case.asn == asn and report.case.accused_status == "proposed"


def test_an_out_of_scope_registry_choice_is_refused(client: Any, cast: Any, submit: Any, named: None) -> None:
    registry = seed_registry(cast, [("Edi Haryanto", cast.agency_other, "Lurah Sukamaju", "16.07")], filler=5)
    batch = submit(cast.analyst_a, items(NAMED))
    item = Item.objects.get(batch=batch)
    client.force_login(cast.sup_a)
    resp = client.post(
        reverse("monitoring:finding", args=[item.pk]),
        {
            "subject_kind": "asn",
            "subject_name": "Edi Hariono",
            "registry_asn": str(registry["Edi Haryanto"].pk),
            "description": "x",
            "region": "32.79",
            "known_on": "2024-10-05",
        },
    )
    assert resp.status_code == 200 and not Report.objects.exists()


def test_analysts_and_initials_get_no_lookup(client: Any, cast: Any, submit: Any, named: None) -> None:
    seed_registry(cast, [("Drs. Edi Hariono M.Si", cast.agency_a, "Camat Pataruman", "32.79")], filler=5)
    batch = submit(cast.analyst_a, items(NAMED, INITIALS))
    client.force_login(cast.analyst_a)
    item = Item.objects.get(batch=batch, external_id="t0")
    assert "registry-matches" not in client.get(reverse("monitoring:item", args=[item.pk])).content.decode()
    client.force_login(cast.sup_a)
    initials = Item.objects.get(batch=batch, external_id="t1")
    page = client.get(reverse("monitoring:item", args=[initials.pk])).content.decode()
    assert "Hanya inisial" in page
    assert ASN.objects.exists()
