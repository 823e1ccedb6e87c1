"""Letter numbers from a body's numbering scheme, e.g. ``{seq:03d}/{kind}/{body}/{roman_month}/{year}``.

The sequence is per body per year and comes from ``core.sequences`` (race-free, gapless); this
module only formats it. A scheme without ``{seq}`` would give every letter of a year one number,
so it is refused when the body is saved.
"""

from __future__ import annotations

import datetime
import string
from typing import Any

from django.utils.translation import gettext as _

ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
FIELDS = {"seq", "kind", "body", "month", "roman_month", "year"}
DEFAULT_KIND_CODES = {"rekomendasi": "REK", "penerusan": "PNR", "klarifikasi": "KLR", "teguran": "TGR"}


def values(seq: int, kind_code: str, body_code: str, day: datetime.date) -> dict[str, Any]:
    return {
        "seq": seq,
        "kind": kind_code,
        "body": body_code,
        "month": day.month,
        "roman_month": ROMAN_MONTHS[day.month - 1],
        "year": day.year,
    }


def check_template(template: str) -> None:
    """Raise ValueError with a readable reason when `template` cannot number letters."""
    try:
        names = {name for _text, name, _spec, _conv in string.Formatter().parse(template) if name is not None}
    except ValueError as exc:
        raise ValueError(_("Pola nomor tidak dapat dibaca: %(error)s") % {"error": exc}) from exc
    unknown = names - FIELDS
    if unknown:
        raise ValueError(
            _("Tempat isian tidak dikenal: %(names)s.") % {"names": ", ".join("{" + n + "}" for n in sorted(unknown))}
        )
    if "seq" not in names:
        raise ValueError(_("Pola nomor harus memuat {seq} agar setiap surat bernomor berbeda."))
    try:
        template.format(**values(1, "X", "Y", datetime.date(2024, 1, 1)))
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        raise ValueError(_("Pola nomor tidak dapat dipakai: %(error)s") % {"error": exc}) from exc


def format_number(template: str, seq: int, kind_code: str, body_code: str, day: datetime.date) -> str:
    return template.format(**values(seq, kind_code, body_code, day))
