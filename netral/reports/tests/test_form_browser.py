"""The public form on a phone in real headless Chromium: steps, a refusal that loses nothing, a draft
resumed after the tab was closed, and the same form as one page without JavaScript."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from netral.regions.models import Region
from netral.reports.models import Report
from netral.reports.tests.conftest import png_bytes

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
DRAFT_KEY = "netral.report-draft.v1"


@pytest.fixture
def phone(browser: Any, live_server: Any, reference_data: None) -> Iterator[Any]:
    """A phone's browser context (one profile: its pages share localStorage, like tabs)."""
    context = browser.new_context(locale="id-ID", **PHONE)
    yield context
    context.close()


def _new_page(context: Any) -> Any:
    page = context.new_page()
    page.set_default_timeout(15000)
    return page


def _visible_step(page: Any) -> str:
    return str(page.text_content("#report-form > fieldset.step-current legend")).strip()


def _fill_who(page: Any) -> None:
    page.select_option("#id_subject_kind", "asn")
    page.fill("#id_subject_name", "Rudi Contoh")
    page.fill("#id_subject_position", "Kepala Dinas Pendidikan")
    page.fill("#id_subject_agency_name", "Pemerintah Kota Banjar")


def _fill_what(page: Any, *, occurred: datetime.date, known: datetime.date) -> None:
    jabar = Region.objects.get(code="32")
    banjar = Region.objects.get(code="32.79")
    page.fill("#id_description", "Kepala dinas berpidato di panggung kampanye dan mengajak guru memilih paslon 2.")
    page.fill("#id_occurred_on", occurred.isoformat())
    page.fill("#id_known_on", known.isoformat())
    page.select_option("#id_province", str(jabar.pk))
    page.wait_for_selector(f"#id_region option[value='{banjar.pk}']", state="attached")
    page.select_option("#id_region", str(banjar.pk))
    page.fill("#id_place", "Lapangan Kota Banjar")


def _fill_you(page: Any) -> None:
    page.check("input[name=identity][value=confidential]")
    page.fill("#id_reporter_name", "Nining Pelapor")
    page.fill("#id_reporter_address", "Jl. Melati 5, Banjar")
    page.fill("#id_reporter_nik", "3279014107900001")
    page.select_option("#id_reporter_category", "pemilih")


@pytest.mark.browser
def test_a_refused_submission_shows_the_summary_focused_with_values_and_files_kept(
    phone: Any, live_server: Any, artifacts_dir: Path
) -> None:
    page = _new_page(phone)
    today = datetime.date.today()
    page.goto(f"{live_server.url}/laporan/baru/")
    # Four steps on a phone, one fieldset at a time; the live check stays under every step.
    assert page.text_content("[data-step-count]").strip() == "Langkah 1 dari 4"
    assert _visible_step(page).startswith("1.")
    assert not page.is_visible("#id_description") and page.is_visible("#requirements")
    assert not page.is_visible("button:has-text('Kirim laporan')")
    _fill_who(page)
    page.click("[data-step-next]")
    assert _visible_step(page).startswith("2.")
    # "Known" before "occurred": only the server refuses this.
    _fill_what(page, occurred=today - datetime.timedelta(days=1), known=today - datetime.timedelta(days=3))
    page.click("[data-step-next]")
    page.set_input_files(
        "#id_evidence",
        files=[
            {"name": "kampanye.png", "mimeType": "image/png", "buffer": png_bytes((120, 90))},
            {"name": "palsu.png", "mimeType": "image/png", "buffer": b"MZ\x90\x00 this is no image at all" * 20},
        ],
    )
    page.click("[data-step-next]")
    _fill_you(page)
    page.click("button:has-text('Kirim laporan')")

    page.wait_for_selector("[data-error-summary]")
    # The summary is at the top of the page and has the focus.
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert page.evaluate("window.scrollY") < 200
    box = page.locator("#error-summary").bounding_box()
    assert box is not None and box["y"] < 844
    summary = page.text_content("#error-summary")
    assert "Tanggal diketahui tidak boleh sebelum tanggal kejadian" in summary
    assert Report.objects.count() == 0
    page.screenshot(path=str(artifacts_dir / "public-form-refused-phone.png"), full_page=False)
    # Every typed value is kept; the file that passed is staged, the refused one is named.
    assert page.input_value("#id_subject_name") == "Rudi Contoh"
    assert page.input_value("#id_reporter_name") == "Nining Pelapor"
    assert page.input_value("#id_place") == "Lapangan Kota Banjar"
    assert "kampanye.png" in page.text_content("[data-staged-files]")
    assert "palsu.png" in page.text_content("[data-refused-files]")
    # The summary's link opens the field's step and puts the cursor in it.
    page.click("#error-summary a[data-field=known_on]")
    assert _visible_step(page).startswith("2.")
    assert page.evaluate("document.activeElement.id") == "id_known_on"
    page.fill("#id_known_on", today.isoformat())
    for _ in range(2):
        page.click("[data-step-next]")
    page.click("button:has-text('Kirim laporan')")
    page.wait_for_selector("[data-receipt]")
    assert re.fullmatch(r"NTR(-[0-9A-HJKMNP-TV-Z]{4}){4}", page.text_content("[data-receipt]").strip())
    report = Report.objects.get()
    assert list(report.evidence.filter(kind="image").values_list("original_name", flat=True)) == ["kampanye.png"]
    # A successful submission drops the draft.
    assert page.evaluate(f"localStorage.getItem('{DRAFT_KEY}')") is None


@pytest.mark.browser
def test_a_draft_is_resumed_after_the_tab_was_closed(phone: Any, live_server: Any, artifacts_dir: Path) -> None:
    today = datetime.date.today()
    banjar = Region.objects.get(code="32.79")
    first = _new_page(phone)
    first.goto(f"{live_server.url}/laporan/baru/")
    _fill_who(first)
    first.click("[data-step-next]")
    _fill_what(first, occurred=today - datetime.timedelta(days=1), known=today)
    first.click("[data-step-next]")
    first.set_input_files(
        "#id_evidence", files=[{"name": "kampanye.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    first.click("[data-step-next]")
    _fill_you(first)
    first.wait_for_function(
        f"() => (JSON.parse(localStorage.getItem('{DRAFT_KEY}') || '{{}}').values || {{}}).reporter_name"
        " === 'Nining Pelapor'"
    )
    stored = first.evaluate(f"localStorage.getItem('{DRAFT_KEY}')")
    # Never the files, never the NIK, never the request's tokens.
    for secret in ("3279014107900001", "kampanye.png", "csrfmiddlewaretoken", "client_token"):
        assert secret not in stored
    first.close()  # the tab is closed before sending

    again = _new_page(phone)
    again.goto(f"{live_server.url}/laporan/baru/")
    again.wait_for_selector("[data-draft-notice]:not([hidden])")
    assert _visible_step(again).startswith("4.")  # back where the reporter was
    assert again.input_value("#id_reporter_name") == "Nining Pelapor"
    assert again.is_checked("input[name=identity][value=confidential]")
    assert again.input_value("#id_reporter_nik") == ""
    assert again.input_value("#id_subject_name") == "Rudi Contoh"
    assert again.input_value("#id_known_on") == today.isoformat()
    # The regency comes back once htmx has loaded the province's list.
    again.wait_for_function(f"() => document.querySelector('#id_region').value === '{banjar.pk}'")
    # The live check ran on the restored values (the 7-day window is counted from "known").
    again.wait_for_selector("#requirements .notice.ok")
    again.screenshot(path=str(artifacts_dir / "public-form-draft-resumed-phone.png"), full_page=False)
    again.fill("#id_reporter_nik", "3279014107900001")
    again.click("#report-form ol[data-step-list] li:nth-child(3) button")
    again.set_input_files(
        "#id_evidence", files=[{"name": "kampanye.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    again.click("[data-step-next]")
    again.click("button:has-text('Kirim laporan')")
    again.wait_for_selector("[data-receipt]")
    report = Report.objects.get()
    assert report.region_id == banjar.pk and report.evidence.count() == 1
    assert again.evaluate(f"localStorage.getItem('{DRAFT_KEY}')") is None

    # Discarding a draft starts from an empty form.
    third = _new_page(phone)
    third.goto(f"{live_server.url}/laporan/baru/")
    assert third.is_hidden("[data-draft-notice]")
    third.wait_for_timeout(600)  # longer than the save delay: an untouched form leaves no draft
    assert third.evaluate(f"localStorage.getItem('{DRAFT_KEY}')") is None
    third.fill("#id_subject_name", "Orang Lain")
    third.wait_for_function(f"() => localStorage.getItem('{DRAFT_KEY}') !== null")
    third.reload()
    third.click("[data-draft-discard]")
    third.wait_for_load_state()
    assert third.input_value("#id_subject_name") == ""
    assert third.evaluate(f"localStorage.getItem('{DRAFT_KEY}')") is None


@pytest.mark.browser
def test_without_javascript_the_form_is_one_page_and_still_works(
    browser: Any, live_server: Any, reference_data: None
) -> None:
    context = browser.new_context(locale="id-ID", java_script_enabled=False, **PHONE)
    page = _new_page(context)
    today = datetime.date.today()
    banjar = Region.objects.get(code="32.79")
    page.goto(f"{live_server.url}/laporan/baru/")
    assert page.locator("#report-form > fieldset:visible").count() == 4
    assert page.is_hidden("[data-step-progress]") and page.is_hidden("[data-draft-notice]")
    assert "{#" not in page.text_content("body") and "{%" not in page.text_content("body")
    _fill_who(page)
    page.fill("#id_description", "Camat mengunggah ajakan memilih paslon 1 di akun Facebook pribadinya.")
    page.fill("#id_occurred_on", (today - datetime.timedelta(days=1)).isoformat())
    page.fill("#id_known_on", (today - datetime.timedelta(days=2)).isoformat())
    page.select_option("#id_province", str(banjar.parent_id))
    page.fill("#id_place", "Facebook")
    page.check("input[name=identity][value=anonymous]")
    page.click("button:has-text('Kirim laporan')")
    # The server does every check (no browser validation blocks a form it cannot complete): no
    # regency list without htmx, so the refusal offers the province's regencies; the values stay.
    page.wait_for_selector("[data-error-summary]")
    summary = page.text_content("#error-summary")
    assert "Tanggal diketahui" in summary and "Kabupaten/kota" in summary
    assert page.input_value("#id_subject_name") == "Rudi Contoh"
    page.select_option("#id_region", str(banjar.pk))
    page.fill("#id_known_on", today.isoformat())
    page.click("button:has-text('Kirim laporan')")
    page.wait_for_selector("[data-receipt]")
    assert Report.objects.get().initial_information  # anonymous: kept as initial information
    context.close()


@pytest.mark.browser
def test_over_the_quota_the_summary_says_when_and_the_draft_keeps_the_report(
    phone: Any, live_server: Any, settings: Any
) -> None:
    settings.PUBLIC_REPORT_RATE = 0  # this browser may file nothing more this hour
    today = datetime.date.today()
    page = _new_page(phone)
    page.goto(f"{live_server.url}/laporan/baru/")
    _fill_who(page)
    page.click("[data-step-next]")
    _fill_what(page, occurred=today - datetime.timedelta(days=1), known=today)
    for _ in range(2):
        page.click("[data-step-next]")
    _fill_you(page)
    with page.expect_response(lambda r: r.request.method == "POST" and r.url.endswith("/laporan/baru/")) as info:
        page.click("button:has-text('Kirim laporan')")
    assert info.value.status == 429 and int(info.value.headers["retry-after"]) > 0
    page.wait_for_selector("[data-error-summary]")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert "kirim lagi setelah pukul" in page.text_content("#error-summary")
    assert page.input_value("#id_subject_name") == "Rudi Contoh"
    assert Report.objects.count() == 0
    # What came back is the draft now: a tab closed here loses nothing.
    page.wait_for_function(
        f"() => (JSON.parse(localStorage.getItem('{DRAFT_KEY}') || '{{}}').values || {{}}).subject_name"
        " === 'Rudi Contoh'"
    )
