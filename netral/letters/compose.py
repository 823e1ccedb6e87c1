"""What each kind of letter says: who issues it, when, to whom, and the facts printed on it.

The rules (``RULES``) are data: issuing role, the body's authority, the stages in which the letter
makes sense, its template, sifat and perihal. ``compose`` gathers the facts of one letter from the
case at the moment of issue; they are rendered once and never read again from the case (the letter
keeps what was true when it was signed).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from netral.agencies.choices import Tenure
from netral.cases import deadlines, workflow
from netral.cases.choices import CaseStatus, Route
from netral.cases.models import Case
from netral.core.roles import Role
from netral.letters.choices import LetterKind

# Keputusan Bersama 2022 on ASN neutrality (domain §1.1): the basis of every neutrality letter.
SKB_2022 = (
    "Keputusan Bersama Menteri PANRB, Menteri Dalam Negeri, Kepala BKN, Ketua KASN dan Ketua Bawaslu "
    "Nomor 2 Tahun 2022, Nomor 800-5474 Tahun 2022, Nomor 246 Tahun 2022, Nomor 30 Tahun 2022, "
    "Nomor 1447.1/PM.01/K.1/09/2022 tentang Pedoman Pembinaan dan Pengawasan Netralitas Pegawai ASN "
    "dalam Penyelenggaraan Pemilihan Umum dan Pemilihan"
)
TABLE_BASIS = {
    "skb-etik": "PP 42/2004 tentang Pembinaan Jiwa Korps dan Kode Etik PNS",
    "skb-disiplin": "PP 94/2021 tentang Disiplin PNS",
    "pp94": "PP 94/2021 tentang Disiplin PNS, Pasal 5 huruf n",
}
ASN_LAW = "UU 20/2023 tentang Aparatur Sipil Negara"
# After the recommendation: statuses in which a recommendation exists (the PPK's part of the chain).
PAST_RECOMMENDATION = {CaseStatus.RECOMMENDED, CaseStatus.SANCTIONED, CaseStatus.REFUSED, CaseStatus.FOLLOW_UP}
FORWARDED = {CaseStatus.FORWARDED_BKN, CaseStatus.FORWARDED_OTHER, CaseStatus.BKN_VERIFICATION}


def _recommended(case: Case) -> bool:
    return case.is_asn and (case.status in PAST_RECOMMENDATION or case.recommended_at is not None)


def _forwarded(case: Case) -> bool:
    return bool(case.route) and case.forwarded_at is not None


def _clarifying(case: Case) -> bool:
    return case.status in (CaseStatus.REGISTERED, CaseStatus.CLARIFICATION)


def _ppk_not_following_up(case: Case) -> bool:
    return case.is_asn and case.status in (CaseStatus.REFUSED, CaseStatus.FOLLOW_UP)


def _recommending_authority(case: Case) -> str:
    return "kasn" if case.recommending_body == "KASN" else "bkn"


@dataclass(frozen=True)
class Rule:
    kind: str
    slug: str
    roles: frozenset[str]
    issuer_label: Any
    authority: Callable[[Case], str]
    applies: Callable[[Case], bool]
    template: str
    nature: Any  # sifat
    subject: Any  # perihal


RULES: dict[str, Rule] = {
    LetterKind.RECOMMENDATION: Rule(
        LetterKind.RECOMMENDATION,
        "rekomendasi",
        frozenset({Role.BKN}),
        gettext_lazy("BKN"),
        _recommending_authority,
        _recommended,
        "letters/pdf/recommendation.html",
        gettext_lazy("Segera"),
        gettext_lazy("Rekomendasi penjatuhan sanksi atas pelanggaran netralitas ASN"),
    ),
    LetterKind.FORWARDING: Rule(
        LetterKind.FORWARDING,
        "penerusan",
        frozenset({Role.SUPERVISOR}),
        gettext_lazy("Bawaslu"),
        lambda case: "bawaslu",
        _forwarded,
        "letters/pdf/forwarding.html",
        gettext_lazy("Segera"),
        gettext_lazy("Penerusan hasil penanganan dugaan pelanggaran"),
    ),
    LetterKind.CLARIFICATION: Rule(
        LetterKind.CLARIFICATION,
        "klarifikasi",
        frozenset({Role.SUPERVISOR}),
        gettext_lazy("Bawaslu"),
        lambda case: "bawaslu",
        _clarifying,
        "letters/pdf/clarification.html",
        gettext_lazy("Penting"),
        gettext_lazy("Permintaan klarifikasi"),
    ),
    LetterKind.REPRIMAND: Rule(
        LetterKind.REPRIMAND,
        "teguran",
        frozenset({Role.BKN}),
        gettext_lazy("BKN"),
        _recommending_authority,
        _ppk_not_following_up,
        "letters/pdf/reprimand.html",
        gettext_lazy("Segera"),
        gettext_lazy("Teguran atas belum dilaksanakannya rekomendasi sanksi netralitas ASN"),
    ),
}
BY_SLUG = {rule.slug: rule for rule in RULES.values()}
TENURE_PREFIX: dict[str, str] = {Tenure.PJ: "Pj. ", Tenure.PJS: "Pjs. ", Tenure.PLT: "Plt. "}
# Where a forwarded case goes, as the addressee of the forwarding letter.
ROUTE_ADDRESSEE: dict[str, tuple[str, str]] = {
    Route.BKN: ("Kepala Badan Kepegawaian Negara", "Jakarta"),
    Route.KASN: ("Kepala Badan Kepegawaian Negara", "Jakarta"),
    Route.KPU: ("Ketua Komisi Pemilihan Umum {place}", "{place}"),
    Route.DKPP: ("Ketua Dewan Kehormatan Penyelenggara Pemilu", "Jakarta"),
    Route.GAKKUMDU: ("Koordinator Sentra Gakkumdu {place}", "{place}"),
    Route.REGENT: ("Bupati/Wali Kota {place}", "{place}"),
    Route.TNI: ("Komandan Satuan Terlapor (Komando TNI)", "{place}"),
    Route.POLRI: ("Kepala Bidang Profesi dan Pengamanan Polda", "{place}"),
}


def short_place(name: str) -> str:
    """ "Kabupaten Purwakarta" → "Purwakarta": how a regent's title names the place."""
    for prefix in ("Kabupaten ", "Kab. ", "Kota Administrasi ", "Kota ", "Provinsi "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def accused(case: Case) -> dict[str, str]:
    """Name, NIP, position, unit and agency of the accused, from ``cases.selectors.accused_identity``.

    The registry person once a supervisor confirmed them; before that what the report wrote, with no
    NIP: a letter never prints a NIP nobody checked against the registry.
    """
    from netral.cases.selectors import accused_identity

    who = accused_identity(case)
    asn = case.asn if who["confirmed"] else None
    return {
        "name": who["name"] or case.title,
        "nip": who["nip"],
        "employment": asn.get_employment_type_display() if asn is not None else "",
        "position": who["position"],
        "unit": asn.unit.name if asn is not None and asn.unit_id and asn.unit else "",
        "agency": who["agency"],
        "from_registry": "1" if who["confirmed"] else "",
    }


def ppk_addressee(case: Case, day: datetime.date) -> dict[str, str]:
    """The PPK of the accused's agency on `day`, with Pj/Pjs/Plt marked (``PPKHolder.tenure``)."""
    agency = case.agency if case.agency_id else None
    if agency is None:
        return {"title": _("Pejabat Pembina Kepegawaian"), "name": "", "agency": "", "place": "", "acting": ""}
    holder = agency.ppk_on(day)
    place = short_place(agency.region.name) if agency.region_id and agency.region else ""
    if holder is None:
        return {
            "title": _("Pejabat Pembina Kepegawaian %(agency)s") % {"agency": agency.name},
            "name": "",
            "agency": agency.name,
            "place": place,
            "acting": "",
        }
    prefix = TENURE_PREFIX.get(holder.tenure, "")
    title = holder.get_title_display()
    return {
        "title": f"{prefix}{title} {place}".strip() if not agency.is_central else f"{prefix}{title} {agency.name}",
        "name": holder.name,
        "agency": agency.name,
        "place": place,
        "acting": holder.get_tenure_display() if prefix else "",
    }


def violations(case: Case) -> list[dict[str, str]]:
    return [
        {"code": v.code, "title": v.title_id, "basis": TABLE_BASIS.get(v.table, "")}
        for v in case.violation_types.all().order_by("order", "code")
    ]


def sanction(case: Case) -> dict[str, str] | None:
    level = case.sanction_level if case.sanction_level_id else None
    if level is None:
        return None
    return {
        "track": level.track.name_id,
        "name": level.name_id,
        "basis": level.legal_basis or level.track.legal_basis,
    }


def legal_basis(case: Case) -> list[str]:
    """The instruments the letter rests on, in the order Indonesian letters cite them (law first)."""
    lines = [ASN_LAW]
    tables = {v["basis"] for v in violations(case) if v["basis"]}
    lines.extend(sorted(tables))
    found = sanction(case)
    if found and found["basis"] and all(found["basis"] not in line for line in lines):
        lines.append(found["basis"])
    lines.append(SKB_2022)
    return lines


def _deadline(rule: str, anchor: datetime.datetime | datetime.date | None) -> datetime.datetime | None:
    if anchor is None:
        return None
    return deadlines.deadline(
        rule,
        anchor,
        tz=timezone.get_current_timezone(),
        holidays=deadlines.load_holidays(),
        values=deadlines.values_from_settings(),
    )


def compose(
    case: Case, kind: str, *, body: Any, number: str, day: datetime.date, now: datetime.datetime
) -> dict[str, Any]:
    """Every fact printed on the letter, gathered at the moment of issue."""
    rule = RULES[kind]
    who = accused(case)
    facts: dict[str, Any] = {
        "kind": kind,
        "case": case,
        "body": body,
        "number": number,
        "day": day,
        "place_and_date": f"{body.city}, {_indonesian_date(day)}",
        "nature": str(rule.nature),
        "subject": str(rule.subject),
        "accused": who,
        "violations": violations(case),
        "sanction": sanction(case),
        "legal_basis": legal_basis(case),
        "region": case.region.name,
        "registration_number": case.registration_number,
        "attachments": [],
        "cc": [],
        "deadline": None,
    }
    ppk = ppk_addressee(case, day)
    if kind == LetterKind.RECOMMENDATION:
        facts["addressee"] = [ppk["title"], ppk["name"], _("selaku Pejabat Pembina Kepegawaian"), ppk["agency"]]
        facts["addressee_city"] = ppk["place"]
        facts["ppk"] = ppk
        facts["deadline"] = _deadline("ppk_followup", case.recommended_at or now)
        facts["attachments"] = [_("Berkas hasil penanganan perkara %(number)s") % {"number": case.number}]
        facts["cc"] = [
            "Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi",
            "Menteri Dalam Negeri",
            "Ketua Badan Pengawas Pemilihan Umum",
            _("Kepala BKPSDM %(agency)s") % {"agency": ppk["agency"]} if ppk["agency"] else "",
        ]
    elif kind == LetterKind.REPRIMAND:
        facts["addressee"] = [ppk["title"], ppk["name"], _("selaku Pejabat Pembina Kepegawaian"), ppk["agency"]]
        facts["addressee_city"] = ppk["place"]
        facts["ppk"] = ppk
        facts["deadline"] = _deadline("ppk_after_reprimand", case.reprimanded_at or now)
        facts["recommended_on"] = timezone.localdate(case.recommended_at) if case.recommended_at else None
        facts["recommendation"] = case.letters.filter(kind=LetterKind.RECOMMENDATION).first()
        facts["cc"] = [
            "Menteri Dalam Negeri",
            "Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi",
            "Ketua Badan Pengawas Pemilihan Umum",
        ]
    elif kind == LetterKind.FORWARDING:
        place = short_place(case.region.name)
        title, city = ROUTE_ADDRESSEE.get(case.route, (_("Instansi yang berwenang"), "{place}"))
        facts["addressee"] = [title.format(place=place)]
        facts["addressee_city"] = city.format(place=place)
        facts["route"] = case.get_route_display()
        facts["attachments"] = [_("Berkas hasil kajian perkara %(number)s") % {"number": case.number}]
        facts["cc"] = ["Ketua Badan Pengawas Pemilihan Umum"]
        facts["deadline"] = case.deadline_at
    else:  # clarification
        facts["addressee"] = [
            _("Sdr. %(name)s") % {"name": who["name"]},
            who["position"],
            who["agency"],
        ]
        facts["addressee_city"] = short_place(case.region.name)
        facts["deadline"] = case.deadline_at
        facts["cc"] = [
            _("Atasan langsung yang bersangkutan"),
            _("Pejabat Pembina Kepegawaian %(agency)s") % {"agency": who["agency"]} if who["agency"] else "",
        ]
    facts["addressee"] = [line for line in facts["addressee"] if line]
    facts["cc"] = [line for line in facts["cc"] + list(body.cc_lines) if line]
    facts["addressee_summary"] = " · ".join(facts["addressee"][:2])
    facts["responsible"] = workflow.responsible_party(case)
    return facts


def _indonesian_date(day: datetime.date) -> str:
    """Dates on an official letter are Indonesian whatever the reader's language: "5 Desember 2026"."""
    from django.utils import dateformat, translation

    with translation.override("id"):  # Django's own Indonesian month names
        return dateformat.format(day, "j F Y")


def indonesian_date(day: datetime.date | datetime.datetime | None) -> str:
    if day is None:
        return ""
    if isinstance(day, datetime.datetime):
        day = timezone.localdate(day)
    return _indonesian_date(day)
