"""In real headless Chromium: a supervisor asks from the case page, the reporter answers on a phone
through the receipt lookup page with text and a photo, and the supervisor sees the answer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import login
from netral.conversations.models import Message
from netral.conversations.tests.helpers import file_report
from netral.reports.tests.conftest import png_bytes


@pytest.mark.browser
def test_a_supervisors_question_answered_by_the_reporter_on_a_phone(
    page: Any, browser: Any, live_server: Any, cast: Any, artifacts_dir: Path
) -> None:
    report, code = file_report()
    number = report.case.number

    login(page, live_server, cast.sup_a.username)
    page.goto(f"{live_server.url}/perkara/{number}/")
    page.fill("[data-ask-form] textarea[name=text]", "Apakah Anda punya foto camat di panggung kampanye?")
    page.check("[data-ask-form] input[name=completion_request]")
    page.click("[data-ask-form] button[type=submit]")
    page.wait_for_selector("[data-sent]")
    assert page.is_visible("[data-completion-clock]")
    assert "Apakah Anda punya foto camat" in page.text_content("#percakapan")

    phone = browser.new_context(
        locale="id-ID", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    reporter = phone.new_page()
    reporter.set_default_timeout(15000)
    reporter.goto(f"{live_server.url}/laporan/lacak/")
    reporter.fill("#id_code", code.lower().replace("-", " "))
    reporter.click("button:has-text('Lacak')")
    reporter.wait_for_selector("[data-reporter-thread]")
    thread = reporter.text_content("[data-reporter-thread]")
    assert "Apakah Anda punya foto camat di panggung kampanye?" in thread
    assert "Pengawas pemilu" in thread and cast.sup_a.username not in reporter.content()
    assert reporter.is_visible("[data-open-request]")
    reporter.fill("[data-reply-form] textarea[name=text]", "Ada, ini fotonya dari depan panggung.")
    reporter.set_input_files(
        "[data-reply-form] input[name=evidence]",
        files=[{"name": "panggung.png", "mimeType": "image/png", "buffer": png_bytes((160, 120))}],
    )
    reporter.click("[data-reply-form] button[type=submit]")
    reporter.wait_for_selector("[data-reply-sent]")
    assert "panggung.png" in reporter.text_content("[data-reporter-thread]")
    assert not reporter.is_visible("[data-open-request]")  # answered: the clock stopped
    # Nothing overflows the phone's width.
    width = reporter.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    reporter.screenshot(path=str(artifacts_dir / "conversation-reporter-phone.png"), full_page=True)
    phone.close()

    answer = Message.objects.get(author="reporter")
    assert answer.evidence.count() == 1 and answer.channel == "web"
    page.goto(f"{live_server.url}/perkara/{number}/")
    page.reload()
    panel = page.text_content("#percakapan")
    assert "Ada, ini fotonya dari depan panggung." in panel and "panggung.png" in panel and "dijawab" in panel
    assert not page.is_visible("[data-completion-clock]")
    page.locator("#percakapan").screenshot(path=str(artifacts_dir / "conversation-case-page.png"))
