"""The legal intake test of a report or finding, as plain functions (no ORM, no request).

Sources (see docs/reports.md):
- UU 1/2015 as amended by UU 10/2016, Art. 134: who may report, minimum content, 7 days.
- Perbawaslu 8/2020: formal requirements (a) reporter identity, (b) name and address/domicile
  of the reported person, (c) filed within 7 days of when the violation was known or found,
  (d) signature matching the identity card (not checkable online: reviewed at registration);
  material requirements (a) time and place, (b) description, (c) evidence.

A report that fails any of them is still kept, as *informasi awal* (initial information) that
supervisors may turn into a finding. The functions here only say what is missing and why.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Literal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

Kind = Literal["formal", "material"]


@dataclass(frozen=True)
class Missing:
    """One unmet requirement: a stable code (for data and tests) and a plain Indonesian message."""

    code: str
    kind: Kind
    message: str


@dataclass(frozen=True)
class Facts:
    """What the intake test looks at; built from a form's cleaned data or a service call."""

    is_finding: bool = False
    anonymous: bool = False
    reporter_name: str = ""
    reporter_address: str = ""
    subject_name: str = ""
    subject_address: str = ""
    subject_agency: str = ""
    known_on: datetime.date | None = None
    occurred_on: datetime.date | None = None
    place: str = ""
    has_region: bool = False
    description: str = ""
    evidence_count: int = 0


@dataclass(frozen=True)
class Outcome:
    formal: list[Missing] = field(default_factory=list)
    material: list[Missing] = field(default_factory=list)
    is_late: bool = False
    window_end: datetime.date | None = None

    @property
    def complete(self) -> bool:
        return not self.formal and not self.material

    @property
    def initial_information(self) -> bool:
        """Anything missing (including lateness) means it cannot be registered as it stands."""
        return not self.complete

    @property
    def formal_codes(self) -> list[str]:
        return [m.code for m in self.formal]

    @property
    def material_codes(self) -> list[str]:
        return [m.code for m in self.material]


# Names of the stored codes, for staff pages (the full message depends on the day it was checked).
LABELS = {
    "reporter_anonymous": _("Pelapor anonim (identitas pelapor)"),
    "reporter_name": _("Nama pelapor"),
    "reporter_address": _("Alamat pelapor"),
    "subject_name": _("Nama terlapor"),
    "subject_address": _("Alamat/instansi terlapor"),
    "known_on": _("Tanggal diketahui"),
    "late": _("Melewati batas 7 hari"),
    "occurred_on": _("Waktu kejadian"),
    "place": _("Tempat kejadian"),
    "description": _("Uraian kejadian"),
    "evidence": _("Bukti"),
}

# Shortest description that can still say who did what: a dozen words at least.
MIN_DESCRIPTION_CHARS = 30


@dataclass(frozen=True)
class Window:
    """The reporting window: N calendar days (Pilkada) or N working days (Pemilu, UU 7/2017 Art. 454).

    Functions below take either a plain number of calendar days or a Window.
    """

    days: int
    working: bool = False
    holidays: frozenset[datetime.date] = frozenset()

    def end(self, known_on: datetime.date) -> datetime.date:
        from netral.regions.calendar import CALENDAR, WORKING, add_days

        return add_days(known_on, self.days, WORKING if self.working else CALENDAR, self.holidays)


WindowArg = int | Window


def as_window(window: WindowArg) -> Window:
    return window if isinstance(window, Window) else Window(int(window))


def window_end(known_on: datetime.date, window_days: WindowArg) -> datetime.date:
    """The last day on which a report of something known on `known_on` is on time."""
    return as_window(window_days).end(known_on)


def is_late(known_on: datetime.date | None, today: datetime.date, window_days: WindowArg) -> bool:
    """Late when today is after the window's last day (known on the 1st, window 7: the 8th is fine)."""
    if known_on is None:
        return False
    return today > window_end(known_on, window_days)


def days_left(known_on: datetime.date, today: datetime.date, window_days: WindowArg) -> int:
    """Calendar days from today to the window's last day."""
    return (window_end(known_on, window_days) - today).days


def formal_missing(facts: Facts, today: datetime.date, window_days: WindowArg) -> list[Missing]:
    """Perbawaslu 8/2020 formal requirements (a)–(c); (d), the signature, is checked at registration."""
    out: list[Missing] = []
    if not facts.is_finding:
        if facts.anonymous:
            out.append(
                Missing(
                    "reporter_anonymous",
                    "formal",
                    str(_("Pelapor anonim: identitas pelapor adalah syarat formal laporan.")),
                )
            )
        else:
            if not facts.reporter_name.strip():
                out.append(Missing("reporter_name", "formal", str(_("Nama pelapor belum diisi."))))
            if not facts.reporter_address.strip():
                out.append(Missing("reporter_address", "formal", str(_("Alamat pelapor belum diisi."))))
    if not facts.subject_name.strip():
        out.append(Missing("subject_name", "formal", str(_("Nama terlapor belum diisi."))))
    if not (facts.subject_address.strip() or facts.subject_agency.strip()):
        out.append(
            Missing(
                "subject_address",
                "formal",
                str(_("Alamat, domisili atau instansi tempat kerja terlapor belum diisi.")),
            )
        )
    if facts.known_on is None:
        out.append(
            Missing("known_on", "formal", str(_("Tanggal Anda mengetahui kejadian belum diisi (batas waktu 7 hari).")))
        )
    elif is_late(facts.known_on, today, window_days):
        window = as_window(window_days)
        late_by = -days_left(facts.known_on, today, window)
        if window.working:
            message = ngettext(
                "Melewati batas %(window)d hari kerja sejak kejadian diketahui (terlambat %(late)d hari).",
                "Melewati batas %(window)d hari kerja sejak kejadian diketahui (terlambat %(late)d hari).",
                late_by,
            )
        else:
            message = ngettext(
                "Melewati batas %(window)d hari sejak kejadian diketahui (terlambat %(late)d hari).",
                "Melewati batas %(window)d hari sejak kejadian diketahui (terlambat %(late)d hari).",
                late_by,
            )
        out.append(Missing("late", "formal", message % {"window": window.days, "late": late_by}))
    return out


def material_missing(facts: Facts) -> list[Missing]:
    """Perbawaslu 8/2020 material requirements: time and place, description, evidence."""
    out: list[Missing] = []
    if facts.occurred_on is None:
        out.append(Missing("occurred_on", "material", str(_("Waktu (tanggal) kejadian belum diisi."))))
    if not facts.has_region or not facts.place.strip():
        out.append(Missing("place", "material", str(_("Tempat kejadian belum lengkap (wilayah dan nama tempat)."))))
    if len(facts.description.strip()) < MIN_DESCRIPTION_CHARS:
        out.append(
            Missing(
                "description",
                "material",
                str(_("Uraian kejadian terlalu singkat: ceritakan siapa, berbuat apa, kapan dan di mana.")),
            )
        )
    if facts.evidence_count < 1:
        out.append(Missing("evidence", "material", str(_("Belum ada bukti (foto, video, dokumen atau tautan)."))))
    return out


def check(facts: Facts, today: datetime.date, window_days: WindowArg) -> Outcome:
    """The whole intake test, as kept on the report (is_late, formal_missing, material_missing)."""
    return Outcome(
        formal=formal_missing(facts, today, window_days),
        material=material_missing(facts),
        is_late=is_late(facts.known_on, today, window_days),
        window_end=window_end(facts.known_on, window_days) if facts.known_on else None,
    )
