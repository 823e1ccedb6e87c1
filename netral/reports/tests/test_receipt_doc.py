"""The receipt beyond the page: a PDF and an e-mail with the code and the lookup link only, the typed
address never stored, the e-mail rate-limited, every bad input a clear answer and never a 500."""

from __future__ import annotations

import re
import subprocess
from typing import Any
from unittest import mock

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from netral.reports import receipt_doc
from netral.reports.services import submit_report
from netral.reports.tests.conftest import png_bytes, post_data, report_data, upload

pytestmark = pytest.mark.django_db
SECRET_WORDS = ("Siti Pelapor", "3279014107900001", "Bambang", "Facebook", "Mawar", "siti@example.test")


def pdf_text(data: bytes) -> str:
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout  # noqa: S603, S607
    return " ".join(out.decode().split())


def test_the_receipt_page_offers_copy_print_pdf_and_email(client: Client, cast: Any) -> None:
    data = post_data()
    data["evidence"] = [upload("foto.png", png_bytes())]
    response = client.post(reverse("reports:public_create"), data)
    page = client.get(response["Location"]).content.decode()
    code = re.search(r"NTR(-[0-9A-Z]{4}){4}", page)
    assert code is not None
    assert 'data-copy-from="receipt-code"' in page and "data-print" in page
    # The code travels in a POST body to the PDF and e-mail endpoints, never in a URL.
    assert page.count(f'name="code" value="{code.group(0)}"') == 2
    assert not re.search(r'(href|action)="[^"]*NTR', page)


def test_the_pdf_holds_the_code_the_time_and_the_link_and_nothing_of_the_report(client: Client) -> None:
    report, code = submit_report(report_data(), [])
    typed = code.lower().replace("-", " ")  # as a reporter may type it back
    response = client.post(reverse("reports:receipt_pdf"), {"code": typed})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == f'attachment; filename="tanda-terima-{code[:8]}.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    text = pdf_text(response.content)
    assert code in text
    assert "http://testserver/laporan/lacak/" in text
    report.refresh_from_db()
    local = timezone.localtime(report.submitted_at)
    assert f"{local:%H:%M}" in text and str(local.year) in text
    for word in SECRET_WORDS:
        assert word not in text


def test_an_unknown_or_malformed_code_gets_the_lookups_not_found(client: Client, cast: Any) -> None:
    for code in ("NTR-0000-0000-0000-0000", "", "x" * 500, "NTR-'; DROP TABLE--"):
        response = client.post(reverse("reports:receipt_pdf"), {"code": code})
        assert response.status_code == 404
        assert 'data-lookup="not-found"' in response.content.decode()
        response = client.post(reverse("reports:receipt_email"), {"code": code, "email": "a@example.test"})
        assert response.status_code == 404
    assert client.get(reverse("reports:receipt_pdf")).status_code == 405


def test_the_email_holds_the_code_and_link_only_and_the_address_is_not_stored(
    client: Client, mailoutbox: list[Any]
) -> None:
    report, code = submit_report(report_data(), [])
    response = client.post(reverse("reports:receipt_email"), {"code": code, "email": "kiosk.user@example.test"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "data-receipt-sent" in page and "kiosk.user@example.test" in page
    assert code in page  # the reporter still sees the code after sending it
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["kiosk.user@example.test"]
    assert code in mail.body and "http://testserver/laporan/lacak/" in mail.body
    for word in SECRET_WORDS:
        assert word not in mail.body and word not in mail.subject
    # Nowhere in the database: every text column of every model is searched for the address.
    for model in apps.get_models():
        fields = [f.name for f in model._meta.get_fields() if isinstance(f, (models.CharField, models.TextField))]
        for name in fields:
            assert not model._default_manager.filter(**{f"{name}__icontains": "kiosk.user"}).exists(), (model, name)


def test_a_bad_address_is_refused_with_a_message_and_no_mail(client: Client, mailoutbox: list[Any]) -> None:
    _report, code = submit_report(report_data(), [])
    for address in ("", "bukan-surel", "a@b", "x" * 300 + "@example.test", "a@example.test\r\nBcc: b@example.test"):
        response = client.post(reverse("reports:receipt_email"), {"code": code, "email": address})
        assert response.status_code == 400, address
        assert 'aria-invalid="true"' in response.content.decode()
    assert mailoutbox == []


def test_the_email_is_rate_limited_per_receipt_and_per_browser(
    client: Client, mailoutbox: list[Any], settings: Any
) -> None:
    settings.RECEIPT_EMAIL_PER_RECEIPT_RATE = 2
    settings.RECEIPT_EMAIL_RATE = 3
    _r1, first = submit_report(report_data(), [])
    _r2, second = submit_report(report_data(description="Lurah membagikan kaos paslon di balai desa."), [])
    url = reverse("reports:receipt_email")
    for _ in range(2):
        assert client.post(url, {"code": first, "email": "a@example.test"}).status_code == 200
    refused = client.post(url, {"code": first, "email": "a@example.test"})
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert "data-receipt-limited" in refused.content.decode() and first in refused.content.decode()
    assert len(mailoutbox) == 2
    # The refused try counted for the browser too (three): another receipt from it is refused as well,
    # while another browser behind the same address is not.
    assert client.post(url, {"code": second, "email": "a@example.test"}).status_code == 429
    other = Client()
    assert other.post(url, {"code": second, "email": "b@example.test"}).status_code == 200
    assert len(mailoutbox) == 3


def test_a_mail_server_that_is_down_gives_a_clear_answer_not_a_500(client: Client, mailoutbox: list[Any]) -> None:
    _report, code = submit_report(report_data(), [])
    with mock.patch.object(receipt_doc, "send_mail", side_effect=ConnectionRefusedError("smtp down")):
        response = client.post(reverse("reports:receipt_email"), {"code": code, "email": "a@example.test"})
    assert response.status_code == 503
    page = response.content.decode()
    assert "Surel belum dapat dikirim" in page and code in page
    assert mailoutbox == []
