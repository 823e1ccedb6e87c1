"""Rendering a letter: HTML template → PDF with WeasyPrint, and the verification QR as inline SVG.

segno (already a dependency for the TOTP enrolment QR) is pure Python and writes SVG, so the QR
needs no image stack and WeasyPrint draws it as vectors: sharp when printed.
"""

from __future__ import annotations

from typing import Any

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse


def verification_url(code: str) -> str:
    """The public address printed on the letter and encoded in its QR (absolute: it leaves the site)."""
    return settings.SITE_URL.rstrip("/") + reverse("letters:verify", args=[code])


def qr_data_uri(url: str) -> str:
    return str(segno.make(url, error="m").svg_data_uri(scale=4, border=1))


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, context)
    return bytes(HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf())
