"""The two national issuing bodies every install needs: BKN (recommendations, reprimands) and Bawaslu
(forwarding, clarification requests). Administrators set the real signing official in the admin site.

Kept here (not only in the data migration) because a test or demo on a flushed database must be able
to put them back: ``ensure_default_bodies``.
"""

from __future__ import annotations

from typing import Any

BODIES: list[dict[str, Any]] = [
    {
        "code": "bkn",
        "authority": "bkn",
        "name": "Badan Kepegawaian Negara",
        "letterhead": (
            "Badan Kepegawaian Negara\n"
            "Jalan Mayor Jenderal Sutoyo Nomor 12, Cililitan, Jakarta Timur 13640\n"
            "Telepon (021) 8093008 · Laman www.bkn.go.id"
        ),
        "city": "Jakarta",
        "number_code": "BKN",
        "numbering": "{seq:03d}/{kind}/{body}/{roman_month}/{year}",
        "signer_name": "Nama Pejabat Penanda Tangan",
        "signer_title": "Deputi Bidang Pengawasan dan Pengendalian",
    },
    {
        "code": "bawaslu-ri",
        "authority": "bawaslu",
        "name": "Badan Pengawas Pemilihan Umum",
        "letterhead": (
            "Badan Pengawas Pemilihan Umum Republik Indonesia\n"
            "Jalan M.H. Thamrin Nomor 14, Jakarta Pusat 10350\n"
            "Telepon (021) 3905889 · Laman www.bawaslu.go.id"
        ),
        "city": "Jakarta",
        "number_code": "K1",
        "numbering": "{seq:03d}/{kind}/{body}/{month:02d}/{year}",
        "signer_name": "Nama Pejabat Penanda Tangan",
        "signer_title": "Ketua Badan Pengawas Pemilihan Umum",
    },
]


def ensure_default_bodies() -> None:
    """Create the default bodies that are missing (never overwrite what an administrator set)."""
    from netral.letters.models import LetterBody

    for row in BODIES:
        LetterBody.objects.get_or_create(code=row["code"], defaults=row)
