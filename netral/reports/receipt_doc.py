"""The receipt outside the page: a PDF to print or keep, and an e-mail with the code.

Both carry the receipt code, the moment the report was received and the lookup address, and nothing
else: no word of the report, no name, no NIK, since a receipt gets printed at a kiosk or forwarded.
The typed e-mail address is used for this one message and never stored (a reporter who wants
notifications gives an address in the form itself). Sending is rate-limited per receipt, per browser
and per client address, so the page cannot be turned into a mailer to strangers.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.core.mail import send_mail
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from netral.core.ratelimit import client_ip, hit
from netral.reports import quota, receipt
from netral.reports.models import Report


def per_receipt_rate() -> int:
    return int(getattr(settings, "RECEIPT_EMAIL_PER_RECEIPT_RATE", 3))


def browser_rate() -> int:
    return int(getattr(settings, "RECEIPT_EMAIL_RATE", 10))


def address_rate() -> int:
    return int(getattr(settings, "RECEIPT_EMAIL_ADDRESS_RATE", 300))


class ReceiptEmailForm(forms.Form):
    """The code the page already shows and one address to send it to (not stored)."""

    code = forms.CharField(widget=forms.HiddenInput, max_length=80)
    email = forms.EmailField(
        label=_("Kirim tanda terima ke surel"),
        max_length=254,
        help_text=_("Alamat ini hanya dipakai untuk mengirim tanda terima dan tidak disimpan."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )


@dataclass(frozen=True)
class ReceiptDoc:
    """What a receipt says: nothing the report itself says."""

    code: str
    submitted_at: datetime.datetime
    lookup_url: str


def formatted(code: str) -> str:
    """The code as issued (``NTR-XXXX-XXXX-XXXX-XXXX``) from however it was typed; "" when malformed."""
    body = receipt.normalise(code)
    if not body:
        return ""
    groups = [body[i : i + receipt.GROUP] for i in range(0, len(body), receipt.GROUP)]
    return "-".join([receipt.PREFIX, *groups])


def lookup_url(request: HttpRequest | None) -> str:
    path = reverse("reports:receipt_lookup")
    if request is not None:
        return request.build_absolute_uri(path)
    return f"{getattr(settings, 'SITE_URL', '').rstrip('/')}{path}"


def document(report: Report, code: str, request: HttpRequest | None) -> ReceiptDoc:
    return ReceiptDoc(
        code=formatted(code),
        submitted_at=timezone.localtime(report.submitted_at),
        lookup_url=lookup_url(request),
    )


def filename(doc: ReceiptDoc) -> str:
    # Only the first group: a file name ends up in download lists and synced folders.
    return f"tanda-terima-{receipt.hint(doc.code)}.pdf"


def render_pdf(doc: ReceiptDoc) -> bytes:
    """A one-page A5 receipt, printable from a phone or a kiosk."""
    from weasyprint import HTML

    html = render_to_string("reports/receipt_pdf.html", {"doc": doc, "now": timezone.localtime()})
    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]


def sending_allowed(request: HttpRequest, code: str) -> bool:
    """One more e-mail for this receipt, browser and address (each counted in its own window)."""
    checks: list[tuple[str, str, int]] = [
        ("receipt_email_receipt", receipt.digest(code), per_receipt_rate()),
        ("receipt_email_browser", quota.browser_id(request), browser_rate()),
        ("receipt_email_address", client_ip(request), address_rate()),
    ]
    return all([hit(scope, ident, limit) for scope, ident, limit in checks])


def send(doc: ReceiptDoc, address: str) -> None:
    """The code and the lookup link, in Bahasa Indonesia, to the typed address."""
    context: dict[str, Any] = {"doc": doc}
    with translation.override("id"):
        subject = render_to_string("reports/receipt_email_subject.txt", context).strip()
        body = render_to_string("reports/receipt_email.txt", context)
    send_mail(subject, body, None, [address], fail_silently=False)
