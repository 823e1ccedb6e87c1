"""On a phone in real headless Chromium: the receipt (copy, PDF, e-mail), then a supervisor's question
answered by the reporter through the lookup page with nothing but the receipt code."""

from __future__ import annotations

import datetime
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core import mail

from conftest import login
from netral.conversations.models import Message
from netral.reports.models import Report
from netral.reports.tests.conftest import png_bytes
from netral.reports.tests.test_form_browser import PHONE, _fill_what, _fill_who, _fill_you


@pytest.mark.browser
def test_a_receipt_kept_and_a_question_answered_from_a_phone(
    page: Any, browser: Any, live_server: Any, cast: Any, artifacts_dir: Path
) -> None:
    today = datetime.date.today()
    phone = browser.new_context(locale="id-ID", **PHONE)
    phone.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    reporter = phone.new_page()
    reporter.set_default_timeout(15000)
    reporter.goto(f"{live_server.url}/laporan/baru/")
    _fill_who(reporter)
    reporter.click("[data-step-next]")
    _fill_what(reporter, occurred=today - datetime.timedelta(days=1), known=today)
    reporter.click("[data-step-next]")
    reporter.set_input_files(
        "#id_evidence", files=[{"name": "kampanye.png", "mimeType": "image/png", "buffer": png_bytes((120, 90))}]
    )
    reporter.click("[data-step-next]")
    _fill_you(reporter)
    reporter.click("button:has-text('Kirim laporan')")
    reporter.wait_for_selector("[data-receipt]")
    code = reporter.text_content("[data-receipt]").strip()
    reporter.screenshot(path=str(artifacts_dir / "receipt-phone.png"), full_page=True)
    # The code on one line, readable at a glance (it used to break inside a group on a phone).
    line = reporter.evaluate("parseFloat(getComputedStyle(document.querySelector('[data-receipt]')).lineHeight)")
    text_height = reporter.evaluate(
        "(() => { const r = document.createRange(); r.selectNodeContents(document.querySelector('[data-receipt]'));"
        " return r.getBoundingClientRect().height; })()"
    )
    assert text_height < 1.5 * line, (text_height, line)

    # Copy: the clipboard holds the code, the button says so.
    reporter.click("button:has-text('Salin kode')")
    reporter.wait_for_selector("button:has-text('Tersalin')")
    assert reporter.evaluate("navigator.clipboard.readText()") == code

    # Download: a PDF with the code and the lookup address, nothing of the report.
    with reporter.expect_download() as info:
        reporter.click("[data-receipt-pdf]")
    download = info.value
    assert download.suggested_filename == f"tanda-terima-{code[:8]}.pdf"
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()  # noqa: S603, S607
    # (a long address may wrap in the PDF's narrow column)
    assert code in text and f"{live_server.url}/laporan/lacak/" in "".join(text.split())
    assert "Nining" not in text and "Rudi" not in text

    # E-mail to a typed address: code and link only; the page still shows the code.
    reporter.fill("#id_receipt_email", "nining.lain@example.test")
    reporter.click("[data-receipt-email] button[type=submit]")
    reporter.wait_for_selector("[data-receipt-sent]")
    assert reporter.text_content("[data-receipt]").strip() == code
    sent = [m for m in mail.outbox if m.to == ["nining.lain@example.test"]]
    assert len(sent) == 1 and code in sent[0].body and "kampanye" not in sent[0].body
    assert reporter.evaluate("document.documentElement.scrollWidth") <= 390

    # The supervisor in scope asks from the case page.
    report = Report.objects.get()
    assert report.case is not None
    login(page, live_server, cast.sup_a.username)
    page.goto(f"{live_server.url}/perkara/{report.case.number}/")
    page.fill("[data-ask-form] textarea[name=text]", "Jam berapa pidato itu berlangsung?")
    page.click("[data-ask-form] button[type=submit]")
    page.wait_for_selector("[data-sent]")

    # The reporter follows the receipt page's link, types the code and answers.
    reporter.click("a:has-text('Lacak laporan')")
    reporter.fill("#id_code", code)
    reporter.click("button:has-text('Lacak')")
    reporter.wait_for_selector("[data-reporter-thread]")
    assert "Jam berapa pidato itu berlangsung?" in reporter.text_content("[data-reporter-thread]")
    assert cast.sup_a.username not in reporter.content()
    reporter.fill("[data-reply-form] textarea[name=text]", "Sekitar pukul sepuluh pagi.")
    reporter.click("[data-reply-form] button[type=submit]")
    reporter.wait_for_selector("[data-reply-sent]")
    assert "Sekitar pukul sepuluh pagi." in reporter.text_content("[data-reporter-thread]")
    reporter.screenshot(path=str(artifacts_dir / "receipt-question-answered-phone.png"), full_page=True)
    phone.close()

    answer = Message.objects.get(author="reporter")
    assert answer.text == "Sekitar pukul sepuluh pagi." and answer.channel == "web"
    page.reload()
    assert "Sekitar pukul sepuluh pagi." in page.text_content("#percakapan")
