"""The dashboard filter form: every filter lives in the URL and nonsense answers 400 with reasons."""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass, field
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from netral.agencies.models import Agency
from netral.analytics import sources
from netral.cases.choices import CaseStatus, SubjectKind
from netral.personnel.choices import PositionClass
from netral.regions.models import Election, Region, Stage

COMPLIANCE_CHOICES = [
    ("received", _("Rekomendasi diterima PPK")),
    ("carried_out", _("Dilaksanakan")),
    ("refused", _("Ditolak")),
    ("overdue", _("Lewat tenggat")),
    ("pending", _("Masih dalam tenggat")),
]
FILTER_NAMES = (
    "date_from",
    "date_to",
    "election",
    "stage",
    "region",
    "agency",
    "status",
    "violation",
    "position",
    "subject",
    "ppk",
    "step",
    "late",
)
ORDER = {name: i for i, name in enumerate(FILTER_NAMES)}
STEP_CHOICES = [
    ("report", _("Pelaporan sejak diketahui")),
    ("decide", _("Registrasi sampai putusan Bawaslu")),
    ("bkn", _("Penerusan sampai rekomendasi BKN")),
    ("ppk", _("Rekomendasi sampai keputusan PPK")),
]
LATE_CHOICES = [("0", _("Tepat waktu")), ("1", _("Melewati batas"))]


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """The named field as the ChoiceField it is declared as (``form.fields`` is typed as plain ``Field``)."""
    return cast(forms.ChoiceField, form.fields[name])


@dataclass
class Filters:
    """Validated filters as plain values (what selectors take; the API can build one too)."""

    date_from: Any = None
    date_to: Any = None
    election: str = ""
    stage: int | None = None
    region: str = ""
    agency: str = ""
    status: str = ""
    violation: str = ""
    position: str = ""
    subject: str = ""
    ppk: str = ""
    step: str = ""
    late: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def own_params(self) -> dict[str, str]:
        """URL parameters of these filters alone (computed once: the filters do not change)."""
        cached: dict[str, str] | None = self.extra.get("_params")
        if cached is None:
            cached = {}
            for name in FILTER_NAMES:
                value = getattr(self, name)
                if value not in (None, ""):
                    cached[name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
            self.extra["_params"] = cached
        return cached

    def as_params(self, **override: Any) -> dict[str, str]:
        """URL parameters of these filters, with `override` applied (None removes a key), in a fixed order."""
        params = dict(self.own_params())
        for key, value in override.items():
            if value in (None, ""):
                params.pop(key, None)
            else:
                params[key] = str(value)
        return dict(sorted(params.items(), key=lambda kv: ORDER.get(kv[0], len(ORDER))))


_MONTH = re.compile(r"(\d{4})-(\d{2})")


def _edge(year: int, month: int, *, end: bool) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1] if end else 1)


def month_edge(value: str, *, end: bool) -> datetime.date | None:
    """The first (or, for an end bound, last) day of a ``YYYY-MM`` month; None if not one."""
    m = _MONTH.fullmatch(value.strip())
    if m is None:
        return None
    year, month = int(m.group(1)), int(m.group(2))
    if not (1 <= month <= 12 and year >= datetime.MINYEAR):
        return None
    return _edge(year, month, end=end)


def is_month_edge(day: datetime.date, *, end: bool) -> bool:
    """``day`` is its month's first day (or, for an end bound, its last): a whole-month bound."""
    return day == _edge(day.year, day.month, end=end)


def _parse_date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None


class MonthOrDateInput(forms.DateInput):
    """A month picker, unless the bound value is an exact date inside a month.

    Whole months are what the dashboard answers from its cube in a few hundred milliseconds;
    a range that cuts a month is counted live (seconds at national scale). So the form asks
    for months, and a link or bookmark carrying an exact date still shows that date.
    """

    input_type = "month"

    def __init__(self, *, end: bool = False) -> None:
        super().__init__()
        self.end = end

    def format_value(self, value: Any) -> str | None:
        if value in (None, ""):
            return None
        if isinstance(value, str) and _MONTH.fullmatch(value.strip()):
            return value.strip()
        day = _parse_date(value)
        if day is None:
            return str(value)  # invalid input is shown back as typed, next to its error
        if is_month_edge(day, end=self.end):
            return day.strftime("%Y-%m")
        return day.isoformat()

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        shown = context["widget"]["value"]
        if shown and not _MONTH.fullmatch(str(shown)):
            context["widget"]["type"] = "date"
        return context


class MonthOrDateField(forms.DateField):
    """A whole month ``YYYY-MM`` (its first day, or its last for ``end``) or an exact date."""

    def __init__(self, *, end: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MonthOrDateInput(end=end))
        super().__init__(**kwargs)
        self.end = end

    def to_python(self, value: Any) -> datetime.date | None:
        if isinstance(value, str):
            day = month_edge(value, end=self.end)
            if day is not None:
                return day
        return super().to_python(value)


class FilterForm(forms.Form):
    date_from = MonthOrDateField(label=_("Sejak bulan"), required=False)
    date_to = MonthOrDateField(label=_("Sampai bulan"), required=False, end=True)
    election = forms.ChoiceField(label=_("Pemilihan"), required=False)
    stage = forms.IntegerField(label=_("Tahapan"), required=False, widget=forms.Select)
    region = forms.CharField(label=_("Kode wilayah"), required=False, max_length=13)
    agency = forms.CharField(label=_("Instansi (kode)"), required=False, max_length=40)
    status = forms.ChoiceField(label=_("Status"), required=False)
    violation = forms.ChoiceField(label=_("Jenis pelanggaran"), required=False)
    position = forms.ChoiceField(label=_("Kelas jabatan"), required=False)
    subject = forms.ChoiceField(label=_("Jenis terlapor"), required=False)
    ppk = forms.ChoiceField(label=_("Tindak lanjut PPK"), required=False)
    step = forms.ChoiceField(label=_("Langkah penanganan"), required=False)
    late = forms.ChoiceField(label=_("Ketepatan waktu"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        blank = [("", _("Semua"))]
        choice_field(self, "election").choices = blank + [(e.code, e.name) for e in Election.objects.all()]
        choice_field(self, "status").choices = blank + list(CaseStatus.choices)
        choice_field(self, "violation").choices = blank + [(c, f"{c} {t[:60]}") for c, t in sources.violation_types()]
        choice_field(self, "position").choices = blank + list(PositionClass.choices)
        choice_field(self, "subject").choices = blank + list(SubjectKind.choices)
        choice_field(self, "ppk").choices = blank + COMPLIANCE_CHOICES
        choice_field(self, "step").choices = blank + STEP_CHOICES
        choice_field(self, "late").choices = blank + LATE_CHOICES
        stages = Stage.objects.select_related("election").order_by("-election__voting_date", "start")
        self.fields["stage"].widget.choices = blank + [(s.pk, f"{s.election.code}: {s.name}") for s in stages]

    def clean_region(self) -> str:
        code = self.cleaned_data["region"].strip()
        if code and not Region.objects.filter(code=code).exists():
            raise forms.ValidationError(_("Kode wilayah %(code)s tidak dikenal."), params={"code": code})
        return code

    def clean_agency(self) -> str:
        code = self.cleaned_data["agency"].strip()
        if code and not Agency.objects.filter(code=code).exists():
            raise forms.ValidationError(_("Instansi %(code)s tidak dikenal."), params={"code": code})
        return code

    def clean_stage(self) -> int | None:
        pk = self.cleaned_data["stage"]
        if pk is not None and not Stage.objects.filter(pk=pk).exists():
            raise forms.ValidationError(_("Tahapan %(pk)s tidak dikenal."), params={"pk": pk})
        return pk

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("Tanggal awal harus sebelum tanggal akhir."))
        if data.get("late") and not data.get("step"):
            raise forms.ValidationError(_("Ketepatan waktu hanya berlaku bersama langkah penanganan."))
        return data

    def filters(self) -> Filters:
        data = {k: v for k, v in self.cleaned_data.items() if k in FILTER_NAMES}
        return Filters(**data)


class ReportFilterForm(FilterForm):
    """The dashboard filters plus report vs finding, for the report drill-down (kind stays in the URL)."""

    kind = forms.ChoiceField(label=_("Jenis laporan"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from netral.reports.choices import ReportKind

        super().__init__(*args, **kwargs)
        choice_field(self, "kind").choices = [("", _("Laporan dan temuan"))] + list(ReportKind.choices)


def parse_report_filters(params: Any) -> tuple[Filters | None, str, ReportFilterForm]:
    """Like ``parse_filters`` with the report kind (``laporan``/``temuan``): (filters, kind, form)."""
    names = (*FILTER_NAMES, "kind")
    form = ReportFilterForm({k: params.get(k) for k in names if params.get(k) not in (None, "")})
    if not form.is_valid():
        return None, "", form
    return form.filters(), form.cleaned_data.get("kind") or "", form


def parse_filters(params: Any) -> tuple[Filters | None, FilterForm]:
    """Validate URL parameters; (filters, form) on success, (None, form with errors) otherwise."""
    form = FilterForm({k: params.get(k) for k in FILTER_NAMES if params.get(k) not in (None, "")})
    if not form.is_valid():
        return None, form
    return form.filters(), form
