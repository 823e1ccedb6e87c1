"""The questions of the public form, one short Bahasa Indonesia message at a time.

Each step has a prompt (with buttons where the answer is a choice) and an ``accept`` that checks
the answer and writes it into the draft, or returns what is wrong so the step is asked again.
At the end the draft is bound to the public form itself (``PublicReportForm``): the same field
checks, the same legal test and the same ``submit_report`` as a report filed on the web.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from lokal.nik import is_valid_nik

from netral.cases.choices import SubjectKind
from netral.chat.adapters.base import Button, Outgoing
from netral.regions.models import Region
from netral.reports import requirements
from netral.reports import services as report_services
from netral.reports.choices import Identity
from netral.reports.forms import PublicReportForm, parse_links

SKIP_WORDS = {"-", "--", "tidak tahu", "tdk tahu", "gak tahu", "tidak", "lewati", "skip", "tidak ada"}
MONTHS = {
    "jan": 1, "januari": 1, "feb": 2, "februari": 2, "mar": 3, "maret": 3, "apr": 4, "april": 4, "mei": 5,
    "jun": 6, "juni": 6, "jul": 7, "juli": 7, "agu": 8, "agt": 8, "ags": 8, "agustus": 8, "sep": 9, "september": 9,
    "okt": 10, "oktober": 10, "nov": 11, "november": 11, "des": 12, "desember": 12,
}  # fmt: skip
NAMED_STEPS = ["reporter_name", "reporter_address", "reporter_nik", "reporter_email"]
STEPS = [
    "kind", "name", "position", "agency", "description", "occurred", "known", "region", "place",
    "evidence", "identity", *NAMED_STEPS, "confirm",
]  # fmt: skip
# Where to go back to when the form refuses a field at the end.
FIELD_STEPS = {
    "subject_kind": "kind", "subject_name": "name", "subject_position": "position",
    "subject_agency_name": "agency", "description": "description", "occurred_on": "occurred",
    "known_on": "known", "province": "region", "region": "region", "place": "place", "links_text": "evidence",
    "identity": "identity", "reporter_name": "reporter_name", "reporter_address": "reporter_address",
    "reporter_nik": "reporter_nik", "reporter_email": "reporter_email",
}  # fmt: skip
MAX_TEXT = 2000


@dataclass(frozen=True)
class Answer:
    text: str
    value: str | None = None  # the value of a tapped button of this step


def skipped(text: str) -> bool:
    return text.strip().lower() in SKIP_WORDS


def parse_date(text: str, today: datetime.date) -> datetime.date | None:
    """ "hari ini", "kemarin", 14-11-2024, 14/11/24, 2024-11-14 or "14 November 2024"; None if unreadable."""
    t = text.strip().lower()
    if t in ("hari ini", "hariini", "sekarang", "today"):
        return today
    if t in ("kemarin", "kmrn", "yesterday"):
        return today - datetime.timedelta(days=1)
    if t in ("kemarin lusa", "2 hari lalu"):
        return today - datetime.timedelta(days=2)
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", t):
            return datetime.date(int(m[1]), int(m[2]), int(m[3]))
        if m := re.fullmatch(r"(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{2}|\d{4})", t):
            year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
            return datetime.date(year, int(m[2]), int(m[1]))
        if m := re.fullmatch(r"(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})", t):
            month = MONTHS.get(m[2]) or MONTHS.get(m[2][:3])
            return datetime.date(int(m[3]), month, int(m[1])) if month else None
    except ValueError:
        return None
    return None


def find_regions(text: str) -> list[Region]:
    """Regencies/cities whose name matches what was typed; an exact name first, at most 11."""
    t = " ".join(text.lower().replace("kab.", "kabupaten ").split())
    kind = ""
    for prefix, k in (("kabupaten ", "kabupaten"), ("kab ", "kabupaten"), ("kota ", "kota")):
        if t.startswith(prefix):
            t, kind = t[len(prefix) :].strip(), k
    if len(t) < 3:
        return []
    qs = Region.objects.filter(level=2, name__icontains=t).select_related("parent")
    if kind:
        qs = qs.filter(kind=kind)
    found = list(qs.order_by("name")[:11])
    exact = [r for r in found if r.name.lower().split(" ", 1)[-1] == t]
    return exact if len(exact) == 1 else sorted(found, key=lambda r: (r not in exact, r.name))


def region_label(region: Region) -> str:
    province = region.parent.name if region.parent is not None else ""
    return f"{region.name}, {province}" if province else region.name


@dataclass(frozen=True)
class Step:
    key: str
    prompt: Callable[[dict[str, Any]], tuple[str, list[tuple[str, str]]]]
    accept: Callable[[dict[str, Any], Answer], str | None]


def _text_step(field: str, *, optional: bool, limit: int = 250) -> Callable[[dict[str, Any], Answer], str | None]:
    def accept(draft: dict[str, Any], answer: Answer) -> str | None:
        value = answer.text.strip()
        if optional and skipped(value):
            draft[field] = ""
            return None
        if not value or skipped(value):
            return _("Jawaban ini diperlukan.")
        if len(value) > limit:
            return _("Terlalu panjang: paling banyak %(n)d karakter.") % {"n": limit}
        draft[field] = value
        return None

    return accept


def _kind_prompt(draft: dict[str, Any]) -> tuple[str, list[tuple[str, str]]]:
    return (
        _("(1/10) Siapa yang Anda laporkan? Pilih salah satu."),
        [(value, str(label)) for value, label in SubjectKind.choices],
    )


def _kind_accept(draft: dict[str, Any], answer: Answer) -> str | None:
    choices = [(value, str(label)) for value, label in SubjectKind.choices]
    picked = answer.value or _pick(answer.text, choices)
    if picked not in SubjectKind.values:
        return _("Pilih salah satu pilihan, atau ketik nomornya.")
    draft["subject_kind"] = picked
    return None


def _pick(text: str, choices: list[tuple[str, str]]) -> str | None:
    """A typed choice: its number (1, 2…) or its title, case-insensitive."""
    t = text.strip().lower().rstrip(".")
    if t.isdigit() and 1 <= int(t) <= len(choices):
        return choices[int(t) - 1][0]
    for value, title in choices:
        if t in (title.lower(), value.lower()):
            return value
    return None


def _date_accept(field: str) -> Callable[[dict[str, Any], Answer], str | None]:
    def accept(draft: dict[str, Any], answer: Answer) -> str | None:
        today = timezone.localdate()
        raw = (answer.value or answer.text).strip()
        if raw in ("unknown",) or skipped(raw):
            draft[field] = ""
            return None
        if raw == "same":
            draft[field] = draft.get("occurred_on", "")
            return None
        day = parse_date(raw, today)
        if day is None:
            return _("Tanggal tidak terbaca. Tulis seperti 14-11-2024, atau ketik HARI INI atau KEMARIN.")
        if day > today:
            return _("Tanggal tidak boleh di masa depan.")
        occurred = draft.get("occurred_on")
        if field == "known_on" and occurred and day < datetime.date.fromisoformat(occurred):
            return _("Tanggal diketahui tidak boleh sebelum tanggal kejadian.")
        draft[field] = day.isoformat()
        return None

    return accept


def _region_prompt(draft: dict[str, Any]) -> tuple[str, list[tuple[str, str]]]:
    options = draft.get("region_options") or []
    if options:
        return _("Pilih kabupaten/kota yang dimaksud:"), [(str(pk), label) for pk, label in options]
    return _("(7/10) Di kabupaten/kota mana kejadiannya? Ketik namanya, misalnya: Kota Banjar."), []


def _region_accept(draft: dict[str, Any], answer: Answer) -> str | None:
    if answer.value:
        region = Region.objects.filter(pk=int(answer.value), level=2).first() if answer.value.isdigit() else None
        if region is None:
            return _("Pilihan tidak dikenal. Ketik nama kabupaten/kota.")
        _set_region(draft, region)
        return None
    options = draft.get("region_options") or []
    if options and (picked := _pick(answer.text, [(str(pk), label) for pk, label in options])):
        return _region_accept(draft, Answer(answer.text, picked))
    found = find_regions(answer.text)
    if not found:
        draft.pop("region_options", None)
        return _("Kabupaten/kota «%(name)s» tidak ditemukan. Periksa ejaannya, misalnya: Kabupaten Purwakarta.") % {
            "name": answer.text.strip()[:60]
        }
    if len(found) == 1:
        _set_region(draft, found[0])
        return None
    if len(found) > 10:
        draft.pop("region_options", None)
        return _("Terlalu banyak yang cocok. Tulis lebih lengkap, misalnya: Kota Banjar.")
    draft["region_options"] = [(r.pk, region_label(r)) for r in found]
    return ""  # not an error: ask again, now with the choices


def _set_region(draft: dict[str, Any], region: Region) -> None:
    draft["region"] = region.pk
    draft["province"] = region.parent_id
    draft["region_name"] = region_label(region)
    draft.pop("region_options", None)


def _evidence_prompt(draft: dict[str, Any]) -> tuple[str, list[tuple[str, str]]]:
    n = len(draft.get("media") or []) + len(draft.get("links") or [])
    text = _(
        "(9/10) Kirim bukti: foto, video atau PDF (boleh beberapa, masing-masing paling besar %(mb)d MB), "
        "atau tautan (https://…). Jika sudah, tekan Selesai."
    ) % {"mb": _max_mb()}
    if n:
        text = _("Bukti diterima: %(n)d. Kirim lagi, atau tekan Selesai.") % {"n": n}
    return text, [("done", _("Selesai"))] if n else [("done", _("Selesai")), ("none", _("Tanpa bukti"))]


def _max_mb() -> int:
    from netral.reports import evidence as ev

    return ev.max_bytes() // (1024 * 1024)


def _evidence_accept(draft: dict[str, Any], answer: Answer) -> str | None:
    word = (answer.value or answer.text).strip().lower()
    if word in ("done", "none", "selesai", "tanpa bukti", "lanjut"):
        return None
    try:
        links = parse_links(answer.text)
    except ValidationError as exc:
        return " ".join(exc.messages)
    if not links:
        return _("Kirim foto, video atau PDF, atau tautan yang diawali https://, lalu tekan Selesai.")
    draft["links"] = list(dict.fromkeys([*(draft.get("links") or []), *links]))[:20]
    return ""  # stay on this step for more


def _identity_prompt(draft: dict[str, Any]) -> tuple[str, list[tuple[str, str]]]:
    text = _(
        "(10/10) Bagaimana identitas Anda dicatat?\n"
        "• Dengan nama: laporan dapat diregistrasi.\n"
        "• Rahasia: nama dan alamat dicatat untuk registrasi, tetapi tidak diungkapkan kepada terlapor.\n"
        "• Anonim: identitas tidak dicatat sama sekali; laporan hanya disimpan sebagai informasi awal dan "
        "tidak dapat diregistrasi."
    )
    return text, [
        (Identity.NAMED, _("Dengan nama")),
        (Identity.CONFIDENTIAL, _("Rahasia")),
        (Identity.ANONYMOUS, _("Anonim")),
    ]


def _identity_accept(draft: dict[str, Any], answer: Answer) -> str | None:
    choices = [
        (Identity.NAMED.value, _("Dengan nama")),
        (Identity.CONFIDENTIAL.value, _("Rahasia")),
        (Identity.ANONYMOUS.value, _("Anonim")),
    ]
    picked = answer.value or _pick(answer.text, choices)
    if picked not in Identity.values:
        return _("Pilih Dengan nama, Rahasia atau Anonim.")
    draft["identity"] = picked
    if picked == Identity.ANONYMOUS:
        for name in ("reporter_name", "reporter_address", "reporter_nik", "reporter_email"):
            draft.pop(name, None)
    return None


def _nik_accept(draft: dict[str, Any], answer: Answer) -> str | None:
    value = "".join(answer.text.split())
    if skipped(answer.text):
        draft["reporter_nik"] = ""
        return None
    if len(value) != 16 or not value.isdigit():
        return _("NIK terdiri atas 16 angka. Ketik - untuk melewati.")
    if not is_valid_nik(value):
        return _("NIK tidak sah (kode wilayah atau tanggal lahir tidak cocok). Ketik - untuk melewati.")
    draft["reporter_nik"] = value
    return None


def _email_accept(draft: dict[str, Any], answer: Answer) -> str | None:
    value = answer.text.strip()
    if skipped(value):
        draft["reporter_email"] = ""
        return None
    try:
        validate_email(value)
    except ValidationError:
        return _("Alamat surel tidak sah. Ketik - jika tidak ada.")
    draft["reporter_email"] = value
    return None


def _confirm_prompt(draft: dict[str, Any]) -> tuple[str, list[tuple[str, str]]]:
    return summary(draft), [("send", _("Kirim")), ("restart", _("Ulangi")), ("cancel", _("Batal"))]


def _confirm_accept(draft: dict[str, Any], answer: Answer) -> str | None:
    picked = answer.value or _pick(answer.text, [("send", "kirim"), ("restart", "ulangi"), ("cancel", "batal")])
    if picked not in ("send", "restart", "cancel"):
        return _("Tekan Kirim untuk mengirim laporan, Ulangi untuk mengisi dari awal, atau Batal.")
    draft["_decision"] = picked
    return None


def _plain(
    text: str, buttons: list[tuple[str, str]] | None = None
) -> Callable[[dict[str, Any]], tuple[str, list[tuple[str, str]]]]:
    return lambda draft: (text, buttons or [])


def build_steps() -> dict[str, Step]:
    """The steps, built per call so their texts follow the active language."""
    return {
        s.key: s
        for s in [
            Step("kind", _kind_prompt, _kind_accept),
            Step(
                "name",
                _plain(_("(2/10) Siapa nama orang yang dilaporkan? Ketik - jika tidak tahu.")),
                _text_step("subject_name", optional=True, limit=200),
            ),
            Step(
                "position",
                _plain(_("Apa jabatannya (misalnya camat, guru, kepala dinas)? Ketik - jika tidak tahu.")),
                _text_step("subject_position", optional=True, limit=200),
            ),
            Step(
                "agency",
                _plain(_("(3/10) Di instansi atau kantor mana ia bekerja? Ketik - jika tidak tahu.")),
                _text_step("subject_agency_name", optional=True, limit=200),
            ),
            Step(
                "description",
                _plain(_("(4/10) Ceritakan apa yang terjadi: siapa berbuat apa, dan untuk pasangan calon mana.")),
                _text_step("description", optional=False, limit=MAX_TEXT),
            ),
            Step(
                "occurred",
                _plain(
                    _("(5/10) Kapan kejadiannya? Tulis tanggalnya, misalnya 14-11-2024."),
                    [("today", _("Hari ini")), ("yesterday", _("Kemarin")), ("unknown", _("Tidak tahu"))],
                ),
                _date_button("occurred_on"),
            ),
            Step(
                "known",
                _plain(
                    _("(6/10) Kapan Anda mengetahuinya? Batas melapor 7 hari sejak tanggal ini."),
                    [("today", _("Hari ini")), ("yesterday", _("Kemarin")), ("same", _("Sama"))],
                ),
                _date_button("known_on"),
            ),
            Step("region", _region_prompt, _region_accept),
            Step(
                "place",
                _plain(
                    _(
                        "(8/10) Di mana tepatnya? Nama tempat, jalan, desa, atau akun media sosial. "
                        "Ketik - jika tidak tahu."
                    )
                ),
                _text_step("place", optional=True, limit=250),
            ),
            Step("evidence", _evidence_prompt, _evidence_accept),
            Step("identity", _identity_prompt, _identity_accept),
            Step(
                "reporter_name", _plain(_("Nama lengkap Anda?")), _text_step("reporter_name", optional=False, limit=150)
            ),
            Step(
                "reporter_address",
                _plain(_("Alamat Anda (jalan, desa/kelurahan, kabupaten/kota)?")),
                _text_step("reporter_address", optional=False, limit=300),
            ),
            Step("reporter_nik", _plain(_("NIK Anda (16 angka, sesuai KTP)? Ketik - untuk melewati.")), _nik_accept),
            Step(
                "reporter_email",
                _plain(_("Alamat surel untuk pemberitahuan? Ketik - jika tidak ada.")),
                _email_accept,
            ),
            Step("confirm", _confirm_prompt, _confirm_accept),
        ]
    }


def _date_button(field: str) -> Callable[[dict[str, Any], Answer], str | None]:
    inner = _date_accept(field)

    def accept(draft: dict[str, Any], answer: Answer) -> str | None:
        words = {"today": "hari ini", "yesterday": "kemarin"}
        if answer.value in words:
            return inner(draft, Answer(words[answer.value]))
        return inner(draft, answer)

    return accept


def next_step(step: str, draft: dict[str, Any]) -> str:
    i = STEPS.index(step) + 1
    while i < len(STEPS) and STEPS[i] in NAMED_STEPS and draft.get("identity") == Identity.ANONYMOUS:
        i += 1
    return STEPS[i] if i < len(STEPS) else "confirm"


def prompt(session_id: int, step: str, draft: dict[str, Any], *, prefix: str = "") -> Outgoing:
    text, options = build_steps()[step].prompt(draft)
    buttons = tuple(Button(f"{session_id}:{step}:{value}", title) for value, title in options)
    if options and len(options) > 3:
        text += "\n" + "\n".join(f"{i}. {title}" for i, (_, title) in enumerate(options, start=1))
    return Outgoing(f"{prefix}\n\n{text}".strip() if prefix else text, buttons)


# --- the end: the public form decides ---------------------------------------------------------


def form_data(draft: dict[str, Any], client_token: str) -> dict[str, Any]:
    data = {
        "subject_kind": draft.get("subject_kind", ""),
        "subject_name": draft.get("subject_name", ""),
        "subject_position": draft.get("subject_position", ""),
        "subject_agency_name": draft.get("subject_agency_name", ""),
        "description": draft.get("description", ""),
        "occurred_on": draft.get("occurred_on", ""),
        "known_on": draft.get("known_on", ""),
        "province": draft.get("province", ""),
        "region": draft.get("region", ""),
        "place": draft.get("place", ""),
        "links_text": "\n".join(draft.get("links") or []),
        "identity": draft.get("identity", Identity.ANONYMOUS),
        "client_token": client_token,
    }
    if data["identity"] != Identity.ANONYMOUS:
        for name in ("reporter_name", "reporter_address", "reporter_nik", "reporter_phone", "reporter_email"):
            data[name] = draft.get(name, "")
    return data


def bound_form(draft: dict[str, Any], client_token: str) -> PublicReportForm:
    form = PublicReportForm(form_data(draft, client_token))
    form.fields["evidence"].required = False
    return form


def outcome(form: PublicReportForm, evidence_count: int) -> requirements.Outcome:
    data = dict(getattr(form, "cleaned_data", {}) or {})
    facts = report_services.facts_from(data, evidence_count=evidence_count, is_finding=False)
    return requirements.check(facts, timezone.localdate(), report_services.window_for(data))


def summary(draft: dict[str, Any]) -> str:
    """What will be filed, and what the law's test says is missing (the form's live check, in words)."""
    kinds = dict(SubjectKind.choices)
    identities = {
        Identity.NAMED: _("dengan nama"),
        Identity.CONFIDENTIAL: _("rahasia"),
        Identity.ANONYMOUS: _("anonim"),
    }
    dash = "—"
    lines = [
        _("Periksa laporan Anda:"),
        _("Terlapor: %(name)s (%(kind)s)")
        % {"name": draft.get("subject_name") or dash, "kind": kinds.get(draft.get("subject_kind", ""), dash)},
        _("Jabatan/instansi: %(pos)s / %(agency)s")
        % {"pos": draft.get("subject_position") or dash, "agency": draft.get("subject_agency_name") or dash},
        _("Tanggal kejadian/diketahui: %(o)s / %(k)s")
        % {"o": _fmt(draft.get("occurred_on")), "k": _fmt(draft.get("known_on"))},
        _("Tempat: %(place)s, %(region)s")
        % {"place": draft.get("place") or dash, "region": draft.get("region_name") or dash},
        _("Bukti: %(n)d") % {"n": len(draft.get("media") or []) + len(draft.get("links") or [])},
        _("Identitas: %(identity)s") % {"identity": identities.get(draft.get("identity", ""), dash)},
    ]
    form = bound_form(draft, "x" * 24)
    form.is_valid()
    result = outcome(form, len(draft.get("media") or []) + len(draft.get("links") or []))
    if result.complete:
        lines.append(_("Syarat laporan lengkap."))
    else:
        lines.append(_("Masih kurang:"))
        lines += [f"• {m.message}" for m in [*result.formal, *result.material]]
        lines.append(_("Laporan tetap dapat dikirim dan disimpan sebagai informasi awal."))
    return "\n".join(str(line) for line in lines)


def _fmt(value: str | None) -> str:
    if not value:
        return "—"
    return datetime.date.fromisoformat(value).strftime("%d-%m-%Y")


def first_error_step(form: PublicReportForm) -> tuple[str, str]:
    """The step to ask again and the form's message, for a draft the form refuses."""
    for name, errors in form.errors.items():
        return FIELD_STEPS.get(name, "kind"), " ".join(str(e) for e in errors)
    return "kind", ""
