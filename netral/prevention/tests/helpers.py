"""Builders for prevention tests: valid NIPs, registry rows, the national pledge text."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from netral.agencies.models import Agency, Unit
from netral.core.context import acting
from netral.personnel.models import ASN
from netral.prevention import services
from netral.prevention.models import PledgeText, SigningCode
from netral.regions.models import Election

_serial = itertools.count(1)

PLEDGE_BODY = (
    "Kami, Aparatur Sipil Negara, dengan ini berikrar:\n"
    "1. Menjaga netralitas dalam setiap tahapan pemilihan.\n"
    "2. Tidak memihak dan tidak memberikan dukungan kepada pasangan calon mana pun.\n"
    "3. Menggunakan fasilitas negara hanya untuk pelayanan publik."
)


def nip(birth: str = "19860926", tmt: str = "201505", gender: str = "1", serial: int | None = None) -> str:
    """An 18-digit NIP that passes `parse_nip`: birth date, TMT year+month, gender, serial."""
    return f"{birth}{tmt}{gender}{(serial or next(_serial)) % 1000 or 1:03d}"


def make_asn(
    agency: Agency,
    *,
    name: str = "Sari Rahayu",
    identifier: str | None = None,
    unit: Unit | None = None,
    employment_type: str = "PNS",
    active: bool = True,
) -> ASN:
    identifier = identifier or nip()
    birth = datetime.date(int(identifier[:4]), int(identifier[4:6]), int(identifier[6:8]))
    return ASN.objects.create(
        identifier=identifier,
        employment_type=employment_type,
        name=name,
        name_normalized=name.lower(),
        birth_date=birth,
        gender=identifier[14],
        agency=agency,
        unit=unit,
        region=agency.region,
        region_code=agency.region_code,
        active=active,
    )


def national_text(kind: str = "ikrar", version: int = 1, **kw: Any) -> PledgeText:
    text = PledgeText(
        kind=kind,
        version=version,
        title=kw.pop("title", "Ikrar Netralitas ASN"),
        body=kw.pop("body", PLEDGE_BODY),
        effective_from=kw.pop("effective_from", datetime.date(2024, 1, 1)),
        **kw,
    )
    text.save()
    return text


def pilkada() -> Election:
    return Election.objects.get(code="pilkada2024")


def issue_code(
    user: Any, agency: Agency, text: PledgeText, election: Election | None = None, **kw: Any
) -> tuple[SigningCode, str]:
    """A signing code of `agency` for `text` issued by `user` (a PPK officer): (row, plain code)."""
    with acting(user):
        return services.create_signing_code(user, agency=agency, text=text, election=election or pilkada(), **kw)
