"""A member of the public reports on a phone; a supervisor then opens the report and its case."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import pytest

from conftest import login
from netral.regions.models import Region
from netral.reports.models import Report
from netral.reports.tests.conftest import png_bytes


@pytest.mark.browser
def test_it_takes_a_report_from_a_phone_to_the_supervisor(
    page: Any, live_server: Any, cast: Any, artifacts_dir: Path
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    jabar = Region.objects.get(code="32")
    banjar = Region.objects.get(code="32.79")
    today = datetime.date.today()

    page.goto(f"{live_server.url}/laporan/baru/")
    page.select_option("#id_subject_kind", "asn")
    page.fill("#id_subject_name", "Rudi Contoh")
    page.fill("#id_subject_position", "Kepala Dinas Pendidikan")
    page.fill("#id_subject_agency_name", "Pemerintah Kota Banjar")
    # On a phone the form is in steps (who → what/when/where → evidence → about you).
    page.click("[data-step-next]")
    page.fill(
        "#id_description",
        "Kepala dinas berpidato di panggung kampanye pasangan calon nomor 2 dan mengajak guru memilihnya.",
    )
    page.fill("#id_occurred_on", (today - datetime.timedelta(days=1)).isoformat())
    page.fill("#id_known_on", today.isoformat())
    page.select_option("#id_province", str(jabar.pk))
    # htmx fills the regency list for the chosen province.
    page.wait_for_selector(f"#id_region option[value='{banjar.pk}']", state="attached")
    page.select_option("#id_region", str(banjar.pk))
    page.fill("#id_place", "Lapangan Kota Banjar")
    page.click("[data-step-next]")
    page.set_input_files(
        "#id_evidence", files=[{"name": "kampanye.png", "mimeType": "image/png", "buffer": png_bytes((120, 90))}]
    )
    page.click("[data-step-next]")
    # Anonymous first: the legal consequence is explained and the live check says so.
    page.check("input[name=identity][value=anonymous]")
    page.wait_for_selector("li[data-code=reporter_anonymous]")
    assert page.is_visible("[data-identity=anonymous]")
    assert not page.is_visible("#reporter-fields")
    page.check("input[name=identity][value=confidential]")
    page.fill("#id_reporter_name", "Nining Pelapor")
    page.fill("#id_reporter_address", "Jl. Melati 5, Banjar")
    page.fill("#id_reporter_nik", "3279014107900001")
    page.select_option("#id_reporter_category", "pemilih")
    page.wait_for_selector("[data-requirements=complete]")
    page.screenshot(path=str(artifacts_dir / "public-report-form.png"), full_page=True)

    page.click("button:has-text('Kirim laporan')")
    page.wait_for_selector("[data-receipt]")
    code = page.text_content("[data-receipt]").strip()
    assert re.fullmatch(r"NTR(-[0-9A-HJKMNP-TV-Z]{4}){4}", code)

    page.goto(f"{live_server.url}/laporan/lacak/")
    page.fill("#id_code", code.lower())
    page.click("button:has-text('Lacak')")
    page.wait_for_selector("[data-lookup=found]")
    assert "Diterima" in page.text_content("[data-lookup=found]")
    assert "Nining" not in page.content()
    page.screenshot(path=str(artifacts_dir / "public-report-lookup.png"), full_page=True)

    report = Report.objects.get()
    assert report.evidence.filter(kind="image").count() == 1
    assert not report.initial_information

    login(page, live_server, cast.sup_a.username)
    page.goto(f"{live_server.url}/laporan/{report.pk}/")
    assert "Rudi Contoh" in page.content()
    page.click("button:has-text('Tampilkan identitas pelapor')")
    page.wait_for_selector("[data-pii=shown]")
    assert "Nining Pelapor" in page.text_content("[data-pii=shown]")
    page.screenshot(path=str(artifacts_dir / "report-detail-supervisor.png"), full_page=True)
    assert report.case is not None
    page.click(f"a:has-text('{report.case.number}')")
    page.wait_for_load_state()
    assert report.case.number in page.content()


@pytest.mark.browser
def test_it_narrows_the_agency_list_to_the_chosen_region(page: Any, live_server: Any, cast: Any) -> None:
    from netral.testing import make_agency

    make_agency("pemprov-jabar", "32", "Pemerintah Provinsi Jawa Barat")
    make_agency("kemenag", None, "Kementerian Agama")
    jabar = Region.objects.get(code="32")
    banjar = Region.objects.get(code="32.79")
    names = "els => els.map(e => e.textContent.trim())"

    page.goto(f"{live_server.url}/laporan/baru/")
    assert len(page.eval_on_selector_all("#id_subject_agency option[value]:not([value=''])", names)) == 5
    page.select_option("#id_subject_agency", label="Pemerintah Kota Banjar")
    page.select_option("#id_province", str(jabar.pk))
    # the province narrows the list to Jawa Barat's agencies and the central ones
    page.wait_for_selector("#id_subject_agency option:text('Pemerintah Kabupaten Banyuasin')", state="detached")
    page.wait_for_selector(f"#id_region option[value='{banjar.pk}']", state="attached")
    page.select_option("#id_region", str(banjar.pk))
    page.wait_for_selector("#id_subject_agency option:text('Pemerintah Kabupaten Purwakarta')", state="detached")
    shown = page.eval_on_selector_all("#id_subject_agency option[value]:not([value=''])", names)
    assert sorted(shown) == ["Kementerian Agama", "Pemerintah Kota Banjar", "Pemerintah Provinsi Jawa Barat"]
    groups = page.eval_on_selector_all("#id_subject_agency optgroup", "els => els.map(e => e.label)")
    assert groups == ["Instansi daerah", "Instansi pusat (kementerian/lembaga)"]
    # the agency chosen before the place is still chosen
    assert page.eval_on_selector("#id_subject_agency", "e => e.selectedOptions[0].textContent") == (
        "Pemerintah Kota Banjar"
    )
