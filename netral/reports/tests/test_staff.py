"""Staff side: scoped report pages and evidence, reporter identity by role (logged), findings."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from netral.cases.choices import CaseStatus
from netral.core.models import ObjectChange
from netral.regions.models import Region
from netral.reports.models import Report
from netral.reports.services import create_finding_from, record_finding, reveal_reporter, submit_report
from netral.reports.tests.conftest import jpeg_with_gps, png_bytes, post_data, report_data, upload
from netral.testing import PASSWORD

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


@pytest.fixture
def filed(cast: Any) -> Report:
    report, _ = submit_report(report_data(), [upload("foto.jpg", jpeg_with_gps(), "image/jpeg")])
    return report


def test_it_shows_the_report_to_a_supervisor_in_scope(cast: Any, filed: Report) -> None:
    body = client_for(cast.sup_a).get(reverse("reports:detail", args=[filed.pk])).content.decode()
    assert filed.subject_name in body
    assert filed.evidence.filter(kind="image").get().sha256 in body
    assert "Tampilkan identitas pelapor" in body
    assert "Siti Pelapor" not in body  # not until asked


def test_it_answers_404_to_another_region(cast: Any, filed: Report) -> None:
    other = client_for(cast.sup_other)
    assert other.get(reverse("reports:detail", args=[filed.pk])).status_code == 404
    item = filed.evidence.filter(kind="image").get()
    for variant in ("asli", "tampilan"):
        assert other.get(reverse("reports:evidence_file", args=[item.pk, variant])).status_code == 404
    assert other.post(reverse("reports:reveal", args=[filed.pk])).status_code == 404


def test_it_serves_evidence_only_to_staff_in_scope(client: Client, cast: Any, filed: Report) -> None:
    item = filed.evidence.filter(kind="image").get()
    url = reverse("reports:evidence_file", args=[item.pk, "asli"])
    assert client.get(url).status_code == 302  # anonymous: to the login page
    response = client_for(cast.sup_prov).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == jpeg_with_gps()  # type: ignore[attr-defined]
    assert response["Content-Disposition"].startswith("attachment")
    display = client_for(cast.sup_a).get(reverse("reports:evidence_file", args=[item.pk, "tampilan"]))
    assert display.status_code == 200 and display["Content-Type"] == "image/jpeg"
    assert client_for(cast.sup_a).get(reverse("reports:evidence_file", args=[item.pk, "lain"])).status_code == 404


def test_it_reveals_the_reporter_to_a_supervisor_and_logs_it(cast: Any, filed: Report) -> None:
    response = client_for(cast.sup_a).post(reverse("reports:reveal", args=[filed.pk]), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Siti Pelapor" in body and "3279014107900001" in body
    log = ObjectChange.objects.get(action="view_pii", object_id=str(filed.pk))
    assert log.user == cast.sup_a
    text = str(log.prechange) + str(log.postchange) + log.object_repr
    assert "Siti" not in text and "3279014107900001" not in text
    assert log.postchange is not None and "reporter_name" in log.postchange["fields"]


@pytest.mark.parametrize("who", ["analyst_a", "ppk_a", "bkn", "sup_other"])
def test_it_hides_the_reporter_from_other_roles(cast: Any, filed: Report, who: str) -> None:
    user = getattr(cast, who)
    with pytest.raises(PermissionDenied):
        reveal_reporter(user, filed)
    assert client_for(user).post(reverse("reports:reveal", args=[filed.pk])).status_code == 404
    assert not ObjectChange.objects.filter(action="view_pii").exists()


def test_it_lets_an_analyst_in_scope_see_the_report_but_not_the_reporter(cast: Any, filed: Report) -> None:
    body = client_for(cast.analyst_a).get(reverse("reports:detail", args=[filed.pk])).content.decode()
    assert filed.subject_name in body
    assert "Tampilkan identitas pelapor" not in body


def test_it_finds_repeat_reporters_by_blind_index(cast: Any, filed: Report) -> None:
    submit_report(report_data(description="Laporan kedua dari orang yang sama tentang kejadian berbeda di kantor."))
    body = client_for(cast.sup_a).get(reverse("reports:detail", args=[filed.pk])).content.decode()
    assert "Laporan lain dengan NIK sama" in body


def finding_data(region_code: str = "32.79", **kw: Any) -> dict[str, Any]:
    data = report_data(region=Region.objects.get(code=region_code), identity="named")
    for key in ("reporter_name", "reporter_address", "reporter_nik", "reporter_phone", "reporter_email"):
        data.pop(key)
    data.update(kw)
    return data


def test_it_records_a_finding_in_the_supervisors_region(cast: Any) -> None:
    report = record_finding(cast.sup_a, finding_data(), [upload("pantau.png", png_bytes())])
    assert report.kind == "temuan" and report.found_by == cast.sup_a
    assert report.supervising_unit
    assert report.case is not None and report.case.status == CaseStatus.RECEIVED
    assert not report.initial_information


def test_it_refuses_a_finding_outside_the_supervisors_region(cast: Any) -> None:
    with pytest.raises(ValidationError):
        record_finding(cast.sup_a, finding_data("32.14"))
    with pytest.raises(ValidationError):
        record_finding(cast.panwascam_a, finding_data("32.79"))  # the whole city is above a kecamatan
    assert Report.objects.count() == 0


def test_it_refuses_findings_from_non_supervisors(cast: Any) -> None:
    for user in (cast.analyst_a, cast.ppk_a, cast.bkn):
        with pytest.raises(PermissionDenied):
            record_finding(user, finding_data())


def test_it_lets_a_panwascam_record_in_its_district(cast: Any) -> None:
    report = record_finding(cast.panwascam_a, finding_data("32.79.01"))
    assert report.region_code == "32.79.01"


def test_it_records_a_finding_through_the_form(cast: Any) -> None:
    c = client_for(cast.sup_a)
    assert c.get(reverse("reports:finding_create")).status_code == 200
    data = post_data()
    response = c.post(reverse("reports:finding_create"), data)
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.kind == "temuan" and response["Location"] == reverse("reports:detail", args=[report.pk])


def test_it_refuses_an_out_of_region_finding_through_the_form(cast: Any) -> None:
    purwakarta = Region.objects.get(code="32.14")
    response = client_for(cast.sup_a).post(reverse("reports:finding_create"), post_data(region=str(purwakarta.pk)))
    assert response.status_code == 200
    assert Report.objects.count() == 0


def test_it_hides_the_finding_form_from_other_roles(cast: Any) -> None:
    assert client_for(cast.ppk_a).get(reverse("reports:finding_create")).status_code == 404


def test_it_creates_a_finding_for_the_monitoring_app(cast: Any) -> None:
    report = create_finding_from(
        cast.sup_a,
        subject_name="Akun @guru_banjar",
        description="Unggahan seorang guru dengan pose dua jari bersama spanduk pasangan calon nomor 2.",
        region=Region.objects.get(code="32.79"),
        known_on=datetime.date.today(),
        occurred_on=datetime.date.today(),
        links=["https://instagram.example/p/abc"],
        source_text="Teks unggahan: 'Dua jari untuk Banjar maju!'",
    )
    assert report.case is not None
    assert report.source_text.startswith("Teks unggahan")
    assert report.evidence.get().url == "https://instagram.example/p/abc"


def test_it_offers_provinces_by_the_supervisors_reach(cast: Any) -> None:
    from netral.reports.forms import FindingForm
    from netral.reports.services import regions_for

    national = FindingForm(regions=regions_for(cast.sup_ri)).fields["province"]
    assert isinstance(national, forms.ModelChoiceField) and national.queryset is not None
    assert national.queryset.count() >= 38
    district = FindingForm(regions=regions_for(cast.panwascam_a)).fields["province"]
    assert isinstance(district, forms.ModelChoiceField) and district.queryset is not None
    assert list(district.queryset.values_list("code", flat=True)) == ["32"]
    options = Client()
    assert options.login(username=cast.panwascam_a.username, password=PASSWORD)
    jabar = Region.objects.get(code="32")
    body = options.get(
        reverse("reports:region_options"), {"province": str(jabar.pk), "for": "finding"}
    ).content.decode()
    assert str(Region.objects.get(code="32.79.01").pk) in body
    assert f'value="{Region.objects.get(code="32.79").pk}"' not in body
