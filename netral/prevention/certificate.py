"""The printable pledge certificate: HTML rendered to PDF with WeasyPrint."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse

from netral.personnel.identifiers import format_nip
from netral.prevention.models import PledgeSignature
from netral.prevention.services import timestamp_text


def mask_identifier(identifier: str) -> str:
    """Keep the birth year and the gender/serial digits; hide the birth day and the TMT."""
    shown = format_nip(identifier)
    if len(identifier) != 18:
        return "*" * len(identifier)
    return f"{identifier[:4]}**** ****** {shown[-5:]}"


def certificate_context(signature: PledgeSignature, request: HttpRequest | None) -> dict[str, Any]:
    verify_path = reverse("prevention:verify_hash", args=[signature.signature_hash])
    return {
        "signature": signature,
        "asn": signature.asn,
        "agency": signature.agency,
        "text": signature.text,
        "masked_identifier": mask_identifier(signature.asn.identifier),
        "timestamp_utc": timestamp_text(signature.signed_at),
        "verify_url": request.build_absolute_uri(verify_path)
        if request is not None
        else f"{getattr(settings, 'SITE_URL', '').rstrip('/')}{verify_path}",
    }


def render_certificate_pdf(signature: PledgeSignature, request: HttpRequest | None = None) -> bytes:
    from weasyprint import HTML

    html = render_to_string("prevention/certificate_pdf.html", certificate_context(signature, request))
    base_url = request.build_absolute_uri("/") if request is not None else None
    return HTML(string=html, base_url=base_url).write_pdf()  # type: ignore[no-any-return]
