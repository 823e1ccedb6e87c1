"""The agency (instansi) select follows the chosen place, and the server refuses one from elsewhere."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from netral.regions.models import Region
from netral.reports.forms import FindingForm, PublicReportForm, agency_serves
from netral.reports.models import Report
from netral.reports.services import regions_for
from netral.reports.tests.conftest import png_bytes, post_data, upload
from netral.testing import make_agency

pytestmark = pytest.mark.django_db


@pytest.fixture
def agencies(cast: Any) -> dict[str, Any]:
    return {
        "banjar": cast.agency_a,
        "purwakarta": cast.agency_b,
        "banyuasin": cast.agency_other,
        "jabar": make_agency("pemprov-jabar", "32", "Pemerintah Provinsi Jawa Barat"),
        "kemenag": make_agency("kemenag", None, "Kementerian Agama"),
    }


def option_names(body: str, select_id: str = "id_subject_agency") -> set[str]:
    match = re.search(rf'<select[^>]*id="{select_id}"[^>]*>(.*?)</select>', body, flags=re.S)
    assert match is not None, body[:500]
    return option_labels(match.group(1))


def option_labels(fragment: str) -> set[str]:
    return {html.unescape(m).strip() for m in re.findall(r"<option value=\"\d+\"[^>]*>([^<]*)</option>", fragment)}


def test_it_knows_which_agencies_serve_a_place() -> None:
    assert agency_serves("32.79", "32.79") and agency_serves("32", "32.79") and agency_serves("", "32.79")
    assert agency_serves("32.79", "32.79.01")  # a district finding: its city's government
    assert agency_serves("32.79", "32")  # only a province chosen: its regencies
    assert not agency_serves("32.14", "32.79") and not agency_serves("16.07", "32")
    assert not agency_serves("32.7", "32.79") and not agency_serves("32.79", "32.7")


def test_it_lists_only_the_regions_agencies_for_htmx(client: Client, agencies: dict[str, Any]) -> None:
    jabar, banjar = Region.objects.get(code="32"), Region.objects.get(code="32.79")
    url = reverse("reports:agency_options")
    body = client.get(url, {"province": jabar.pk, "region": banjar.pk}).content.decode()
    assert option_labels(body) == {
        "Pemerintah Kota Banjar",
        "Pemerintah Provinsi Jawa Barat",
        "Kementerian Agama",
    }
    assert 'label="Instansi pusat (kementerian/lembaga)"' in body
    # only the province: all of Jawa Barat's agencies, none of Sumatera Selatan's
    names = option_labels(client.get(url, {"province": jabar.pk}).content.decode())
    assert "Pemerintah Kabupaten Purwakarta" in names and "Pemerintah Kabupaten Banyuasin" not in names
    # a stale regency from another province (the province is being changed) is ignored
    other = Region.objects.get(code="16.07")
    names = option_labels(client.get(url, {"province": jabar.pk, "region": other.pk}).content.decode())
    assert "Pemerintah Kabupaten Banyuasin" not in names and "Pemerintah Kota Banjar" in names
    # the current choice stays selected when it is still offered
    body = client.get(url, {"region": banjar.pk, "subject_agency": agencies["banjar"].pk}).content.decode()
    assert f'<option value="{agencies["banjar"].pk}" selected>' in body
    # an unknown id: the full list; a malformed one: 400 with the reason (the select keeps its options)
    assert client.get(url, {"province": "999999"}).status_code == 200
    refused = client.get(url, {"region": "x", "province": "999999"})
    assert refused.status_code == 400 and "region" in refused.content.decode()


def test_it_narrows_the_list_without_javascript(client: Client, agencies: dict[str, Any]) -> None:
    assert len(option_names(client.get(reverse("reports:public_create")).content.decode())) == 5
    # a submission with an error comes back with the list of the chosen regency
    response = client.post(reverse("reports:public_create"), post_data(reporter_nik="123"))
    assert response.status_code == 200
    assert option_names(response.content.decode()) == {
        "Pemerintah Kota Banjar",
        "Pemerintah Provinsi Jawa Barat",
        "Kementerian Agama",
    }


def test_it_refuses_an_agency_outside_the_chosen_region(client: Client, agencies: dict[str, Any]) -> None:
    data = post_data(subject_agency=str(agencies["banyuasin"].pk))
    data["evidence"] = [upload("foto.png", png_bytes())]
    response = client.post(reverse("reports:public_create"), data)
    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    field = re.search(r'<div class="field has-error" id="field-subject_agency">(.*?)</div>', body, flags=re.S)
    assert field is not None
    assert "Instansi «Pemerintah Kabupaten Banyuasin» tidak berada di Kota Banjar" in field.group(1)
    assert Report.objects.count() == 0


def test_it_accepts_the_regions_own_province_and_central_agencies(agencies: dict[str, Any]) -> None:
    for key in ("banjar", "jabar", "kemenag"):
        form = PublicReportForm(post_data(subject_agency=str(agencies[key].pk)))
        assert form.is_valid(), (key, form.errors)
        assert form.cleaned_data["subject_agency"] == agencies[key]
    form = PublicReportForm(post_data(subject_agency=str(agencies["purwakarta"].pk)))
    assert not form.is_valid() and list(form.errors) == ["subject_agency"]


def test_it_checks_the_agency_of_a_finding_too(cast: Any, agencies: dict[str, Any]) -> None:
    regions = regions_for(cast.sup_a)
    data = {**post_data(subject_agency=str(agencies["purwakarta"].pk)), "supervising_unit": "Bawaslu Kota Banjar"}
    form = FindingForm(data, regions=regions)
    assert not form.is_valid() and "subject_agency" in form.errors
    form = FindingForm({**data, "subject_agency": str(agencies["banjar"].pk)}, regions=regions)
    assert form.is_valid(), form.errors
