"""Test helpers: a case past BKN's recommendation with a registry person on it, and PDF text."""

from __future__ import annotations

import subprocess
from typing import Any

from netral.cases.models import Case
from netral.cases.tests.helpers import make_case, to_recommended
from netral.personnel.models import ASN

NIP = "198703152010011002"


def recommended_case(
    cast: Any, *, agency: Any = None, asn: bool = True, name: str = "Dedi Situmorang", confirmed: bool = True
) -> Case:
    agency = agency or cast.agency_a
    case = make_case(region_code=agency.region_code, agency=agency, name=name)
    if asn:
        person = ASN.objects.create(
            identifier=NIP if agency == cast.agency_a else NIP[:-1] + "9",
            employment_type="PNS",
            name=f"Dr. {name}, M.Si.",
            name_normalized=name.lower(),
            position="Camat Pataruman",
            agency=agency,
        )
        # A supervisor confirmed the person (cases.services.confirm_accused); only then is the NIP printed.
        Case.objects.filter(pk=case.pk).update(asn=person, accused_status="confirmed" if confirmed else "proposed")
        case.refresh_from_db()
    return to_recommended(case, cast) if agency == cast.agency_a else _recommend_elsewhere(case, cast)


def _recommend_elsewhere(case: Case, cast: Any) -> Case:
    from netral.cases.tests.helpers import walk

    sup = {"32.14": cast.sup_b, "16.07": cast.sup_other}[case.region_code[:5]]
    return walk(
        case,
        [
            ("initial_review", sup, {}),
            ("registered", sup, {"registration_number": "002/Reg/LP/PB/Kab/XI/2024"}),
            ("violation", sup, {}),
            ("forwarded_bkn", sup, {}),
            ("bkn_verification", cast.bkn, {}),
            ("recommended", cast.bkn, {"violation_types": ["D-07"], "sanction_level": "berat-turun-jabatan"}),
        ],
    )


def ensure_default_bodies() -> None:
    """Transactional tests flush tables, the data migration's bodies with them: seed them again."""
    import importlib

    from django.apps import apps

    importlib.import_module("netral.letters.migrations.0002_default_bodies").seed(apps, None)


def pdf_text(data: bytes) -> str:
    """The text of a PDF as poppler reads it (``pdftotext``), whitespace collapsed."""
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout  # noqa: S603, S607
    return " ".join(out.decode("utf-8").split())
