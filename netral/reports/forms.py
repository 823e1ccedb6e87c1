"""Forms of the public report, the supervisor's finding, the receipt lookup and later additions.

Only malformed input blocks a submission (bad NIK/NIP/e-mail/URL, impossible dates, refused
files). Missing legal requirements do not: the report is kept as informasi awal and the
requirements panel tells the reporter what is missing (see ``requirements.py``).
"""

from __future__ import annotations

import datetime
import json
import secrets
from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Q
from django.forms.boundfield import BoundField
from django.forms.utils import ErrorList
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from lokal.nik import is_valid_nik

from netral.agencies.models import Agency
from netral.cases.choices import SubjectKind
from netral.core.params import parse_id
from netral.core.widgets import DateInput
from netral.regions import calendar, places
from netral.regions.models import CandidatePair, Election, Region
from netral.reports import evidence as ev
from netral.reports import idempotency
from netral.reports.choices import Identity, ReporterCategory
from netral.reports.services import default_election

MAX_LINKS = 20


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name; each is checked by ``evidence.check_files`` in ``clean``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,application/pdf,video/*"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        items = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        files = [super(MultipleFileField, self).clean(item, initial) for item in items]
        files = [f for f in files if f]
        ev.check_files(files)
        return files


def validate_nip(value: str) -> str:
    """18 digits: birth date (1–8) and gender (15) must make sense (domain §7.1–7.2)."""
    digits = "".join(value.split())
    if not digits:
        return ""
    if len(digits) != 18 or not digits.isdigit():
        raise ValidationError(_("NIP terdiri atas 18 angka."), code="nip_length")
    try:
        datetime.date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError as exc:
        raise ValidationError(_("Delapan angka pertama NIP bukan tanggal lahir yang sah."), code="nip_date") from exc
    if digits[14] not in "12":
        raise ValidationError(_("Angka ke-15 NIP (jenis kelamin) harus 1 atau 2."), code="nip_gender")
    return digits


def parse_links(text: str) -> list[str]:
    validate = URLValidator(schemes=["http", "https"])
    links: list[str] = []
    errors: list[str] = []
    for line in (text or "").splitlines():
        url = line.strip()
        if not url:
            continue
        try:
            validate(url)
        except ValidationError:
            errors.append(str(_("Bukan tautan yang sah: %(url)s") % {"url": url[:80]}))
            continue
        if url not in links:
            links.append(url)
    if errors:
        raise ValidationError(errors)
    if len(links) > MAX_LINKS:
        raise ValidationError(_("Paling banyak %(max)d tautan.") % {"max": MAX_LINKS})
    return links


def date_widget() -> forms.DateInput:
    return DateInput()


class QuietErrorList(ErrorList):
    """An empty error list renders as nothing without a template (two per field on every page)."""

    def render(self, template_name: str | None = None, context: Any = None, renderer: Any = None) -> SafeString:
        if not self.data:
            return SafeString("")
        return super().render(template_name, context, renderer)

    __str__ = render
    __html__ = render


class CachedWidgetBoundField(BoundField):
    """A blank form's widgets, rendered once per language and kept with the reference data.

    The blank public form is the same page for everyone but two values (its CSRF token, outside
    the form's fields, and ``client_token``, in ``NEVER_CACHED``): its selects list the provinces,
    elections and agencies, some hundred options rendered through Django's templates on every GET.
    The HTML of a blank form's widget is kept under (language, form, field, value, id) in the
    reference cache of ``regions.calendar``: within its TTL, and forgotten at once when a region,
    agency, election, contest or candidate pair is saved or deleted in this process
    (``forget_choices``). A bound form (a POST, the live check) always renders afresh.
    """

    def as_widget(self, widget: Any = None, attrs: Any = None, only_initial: bool = False) -> SafeString:
        form = self.form
        if form.is_bound or widget is not None or attrs or only_initial or self.name in NEVER_CACHED:
            return super().as_widget(widget, attrs, only_initial)
        key = "|".join(
            (
                "widget",
                translation.get_language() or "",
                type(form).__qualname__,
                form.prefix or "",
                self.name,
                repr(self.value()),
                str(self.auto_id),
            )
        )
        return calendar.cached(key, lambda: super(CachedWidgetBoundField, self).as_widget())


NEVER_CACHED = frozenset({"client_token"})


def forget_choices(*args: Any, **kwargs: Any) -> None:
    """A signal receiver (``ReportsConfig.ready``): a region, agency, election, contest or pair changed."""
    calendar.forget_reference()


class PlaceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A region choice that asks the process cache (``regions.places``) before the database.

    ``lookup`` answers only what the field's queryset would accept; on a miss (bad input, a
    district, a place loaded elsewhere within the cache's TTL) the queryset decides as before.
    """

    lookup: Callable[[Any], Region | None] | None = None

    def to_python(self, value: Any) -> Any:
        if self.lookup is not None and value not in self.empty_values:
            found = self.lookup(value)
            if found is not None:
                return found
        return super().to_python(value)


class IncidentForm(forms.Form):
    """What both a public report and a finding say about the incident and the reported person."""

    form_name = "public"

    subject_kind = forms.ChoiceField(label=_("Siapa yang dilaporkan"), choices=SubjectKind.choices)
    subject_name = forms.CharField(label=_("Nama terlapor"), max_length=200, required=False)
    subject_position = forms.CharField(
        label=_("Jabatan"), max_length=200, required=False, help_text=_("Misalnya camat, guru, kepala dinas.")
    )
    subject_agency = forms.ModelChoiceField(
        label=_("Instansi"),
        queryset=Agency.objects.order_by("name"),
        required=False,
        empty_label=_("— pilih instansi, atau tulis di bawah —"),
    )
    subject_agency_name = forms.CharField(
        label=_("Instansi atau tempat kerja (tulis sendiri)"), max_length=200, required=False
    )
    subject_address = forms.CharField(label=_("Alamat atau domisili terlapor"), max_length=250, required=False)
    subject_nip = forms.CharField(
        label=_("NIP terlapor (jika tahu)"),
        max_length=24,
        required=False,
        help_text=_("18 angka. Boleh dikosongkan."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    description = forms.CharField(
        label=_("Apa yang terjadi"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        help_text=_("Ceritakan siapa berbuat apa, kapan, di mana, dan untuk pasangan calon mana."),
    )
    occurred_on = forms.DateField(label=_("Tanggal kejadian"), required=False, widget=date_widget())
    known_on = forms.DateField(
        label=_("Tanggal Anda mengetahuinya"),
        required=False,
        widget=date_widget(),
        help_text=_("Batas melapor 7 hari sejak tanggal ini."),
    )
    province = PlaceField(
        label=_("Provinsi"), queryset=Region.objects.filter(level=1), empty_label=_("— pilih provinsi —")
    )
    region = PlaceField(
        label=_("Kabupaten/kota"), queryset=Region.objects.filter(level=2), empty_label=_("— pilih kabupaten/kota —")
    )
    place = forms.CharField(
        label=_("Tempat kejadian"),
        max_length=250,
        required=False,
        help_text=_("Nama tempat, jalan, desa/kelurahan, atau akun media sosial."),
    )
    election = forms.ModelChoiceField(label=_("Pemilihan"), queryset=Election.objects.all(), required=False)
    candidate_pair = forms.ModelChoiceField(
        label=_("Pasangan calon yang terkait (jika ada)"),
        queryset=CandidatePair.objects.select_related("contest__region"),
        required=False,
        empty_label=_("— tidak ada / tidak tahu —"),
    )
    evidence = MultipleFileField(
        label=_("Berkas bukti"),
        help_text=_("Foto, PDF atau video; boleh lebih dari satu."),
    )
    # Set by the page's script when files are chosen, so the live check can count them.
    evidence_count = forms.IntegerField(
        label=_("Jumlah berkas dipilih"), required=False, widget=forms.HiddenInput, min_value=0, max_value=1000
    )
    links_text = forms.CharField(
        label=_("Tautan bukti"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "https://"}),
        help_text=_("Satu tautan per baris (unggahan media sosial, berita, video)."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("error_class", QuietErrorList)
        super().__init__(*args, **kwargs)
        self.fields["evidence"].help_text = _(
            "Foto, PDF atau video; paling banyak %(files)d berkas, masing-masing paling besar %(mb)d MB."
        ) % {"files": ev.max_files(), "mb": ev.max_bytes() // (1024 * 1024)}
        self.choice_field("region").queryset = self.region_choices(self._bound_value("province"))
        if not self.is_bound:
            election = default_election()
            if election is not None:
                self.initial.setdefault("election", election.pk)
        self._narrow_agencies()
        pair_field = self.choice_field("candidate_pair")
        pair_field.queryset = pairs_for(self._bound_value("region"), self._bound_value("election"))
        pair_field.label_from_instance = lambda obj: f"{obj} ({obj.contest})"  # type: ignore[method-assign]
        self._wire_htmx()

    def _narrow_agencies(self) -> None:
        """Show only the agencies of the chosen place (the full list until one is chosen).

        Only the rendered options narrow: the field still accepts any agency, so that one outside
        the region gets ``clean``'s plain message rather than Django's "not one of the choices".
        """
        field = self.choice_field("subject_agency")
        region_id, province_id = self._bound_value("region"), self._bound_value("province")

        def choices() -> list[Any]:  # built when the widget renders: a POST that succeeds never does
            region, province = bound_place(region_id, province_id)
            return agency_choices(agencies_for(region, province), field.empty_label)

        field.widget.choices = choices

    def _wire_htmx(self) -> None:
        """Dependent selects: province → regencies, region/election → candidate pairs,
        province/region → agencies."""
        self.fields["subject_agency"].widget.attrs.update(
            {
                "hx-get": reverse("reports:agency_options"),
                "hx-target": "this",
                "hx-swap": "innerHTML",
                "hx-trigger": "change from:#id_region, change from:#id_province",
                "hx-include": "#id_region, #id_province",
                "hx-sync": "this:replace",
            }
        )
        self.fields["province"].widget.attrs.update(
            {
                "hx-get": reverse("reports:region_options"),
                "hx-target": "#id_region",
                "hx-trigger": "change",
                "hx-include": "this",
                "hx-vals": json.dumps({"for": self.form_name}),
            }
        )
        for name in ("region", "election"):
            self.fields[name].widget.attrs.update(
                {
                    "hx-get": reverse("reports:pair_options"),
                    "hx-target": "#id_candidate_pair",
                    "hx-trigger": "change",
                    "hx-include": "#id_region, #id_election",
                }
            )
        # static/netral/netral.js writes the number of chosen files there (no inline handler: CSP).
        self.fields["evidence"].widget.attrs["data-count-into"] = "id_evidence_count"

    def choice_field(self, name: str) -> forms.ModelChoiceField:  # type: ignore[type-arg]
        return cast(forms.ModelChoiceField, self.fields[name])  # type: ignore[type-arg]

    def region_choices(self, province_id: Any) -> Any:
        """Regencies/cities of the chosen province (none until one is chosen)."""
        province = parse_id(province_id)
        return Region.objects.filter(level=2, parent_id=province) if province else Region.objects.none()

    def _bound_value(self, name: str) -> Any:
        if self.is_bound:
            return self.data.get(self.add_prefix(name)) or None
        return self.initial.get(name)

    def clean_subject_nip(self) -> str:
        return validate_nip(self.cleaned_data.get("subject_nip") or "")

    def clean_links_text(self) -> str:
        self.cleaned_data["links"] = parse_links(self.cleaned_data.get("links_text") or "")
        return self.cleaned_data.get("links_text") or ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = timezone.localdate()
        occurred, known = data.get("occurred_on"), data.get("known_on")
        if occurred and occurred > today:
            self.add_error("occurred_on", _("Tanggal kejadian tidak boleh di masa depan."))
        if known and known > today:
            self.add_error("known_on", _("Tanggal diketahui tidak boleh di masa depan."))
        if occurred and known and known < occurred:
            self.add_error("known_on", _("Tanggal diketahui tidak boleh sebelum tanggal kejadian."))
        province, region = data.get("province"), data.get("region")
        if province and region and region.code.split(".")[0] != province.code:
            self.add_error("region", _("Kabupaten/kota tidak berada di provinsi yang dipilih."))
        agency = data.get("subject_agency")
        place = region or province
        if agency is not None and place is not None and not agency_serves(agency.region_code, place.code):
            self.add_error(
                "subject_agency",
                _(
                    "Instansi «%(agency)s» tidak berada di %(place)s. Pilih instansi dari daftar untuk wilayah "
                    "kejadian, atau tulis nama instansinya di isian berikutnya."
                )
                % {"agency": agency.name, "place": place.name},
            )
        pair = data.get("candidate_pair")
        if pair and region and pair.contest.region.code not in contest_codes(region):
            self.add_error("candidate_pair", _("Pasangan calon ini tidak berkontestasi di wilayah tersebut."))
        data.setdefault("links", [])
        return data


def region_codes_up(code: str) -> list[str]:
    """A region code and the codes above it: "32.79.01" → ["32", "32.79", "32.79.01"]."""
    parts = code.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts) + 1)]


def agency_serves(agency_code: str, place_code: str) -> bool:
    """Whether an agency seated at `agency_code` can employ someone working in `place_code`.

    Its own region and the levels above (a province's government serves its regencies), places
    within it, and central ministries and agencies (no region code: their ASN serve everywhere).
    """
    return not agency_code or agency_code in region_codes_up(place_code) or agency_code.startswith(f"{place_code}.")


def agencies_for(region: Region | None, province: Region | None = None) -> Any:
    """The agencies to offer for a place: see ``agency_serves``; every agency when no place is known."""
    qs = Agency.objects.order_by("name")
    place = region or province
    if place is None:
        return qs
    return qs.filter(
        Q(region_code="") | Q(region_code__in=region_codes_up(place.code)) | Q(region_code__startswith=f"{place.code}.")
    )


def agency_choices(agencies: Any, empty_label: Any) -> list[Any]:
    """Select choices: regional agencies first, then central ones, each in its own group."""
    regional: list[tuple[int, str]] = []
    central: list[tuple[int, str]] = []
    for pk, name, code in agencies.values_list("pk", "name", "region_code"):
        (regional if code else central).append((pk, name))
    choices: list[Any] = [("", empty_label)]
    if regional:
        choices.append((_("Instansi daerah"), regional))
    if central:
        choices.append((_("Instansi pusat (kementerian/lembaga)"), central))
    return choices


def _region(pk: Any, level: int | None = None) -> Region | None:
    """A region by raw id: provinces and regencies from the process cache, others from the database."""
    region_id = parse_id(pk)
    if region_id is None:
        return None
    cached = places.by_pk(region_id)
    if cached is not None:
        return cached if level is None or cached.level == level else None
    filters = {} if level is None else {"level": level}
    return Region.objects.filter(pk=region_id, **filters).first()


def bound_place(region_id: Any, province_id: Any) -> tuple[Region | None, Region | None]:
    """The chosen region and province from raw input; a region outside the province is ignored
    (htmx may send the old regency while the province is being changed)."""
    region, province = _region(region_id), _region(province_id, level=1)
    if region is not None and province is not None and not region.code.startswith(f"{province.code}."):
        region = None
    return region, province


def contest_codes(region: Region) -> list[str]:
    """The races a place votes in: its regency/city and its province."""
    parts = region.code.split(".")
    return [".".join(parts[:2]), parts[0]]


def pairs_for(region_id: Any, election_id: Any) -> Any:
    """Candidate pairs contesting the region (its regent/mayor race and its province's governor race)."""
    qs = CandidatePair.objects.select_related("contest__region").order_by("contest__region__code", "number")
    region = _region(region_id)
    if region is None:
        return qs.none()
    qs = qs.filter(contest__region__code__in=contest_codes(region))
    if election_id:
        election = parse_id(election_id)
        if election is None:
            return qs.none()
        qs = qs.filter(contest__election_id=election)
    return qs


class PublicReportForm(IncidentForm):
    """The public form: the incident plus the reporter (or a choice to stay anonymous)."""

    identity = forms.ChoiceField(
        label=_("Identitas Anda"),
        choices=Identity.choices,
        initial=Identity.NAMED,
        widget=forms.RadioSelect,
    )
    reporter_name = forms.CharField(label=_("Nama lengkap"), max_length=150, required=False)
    reporter_address = forms.CharField(label=_("Alamat"), max_length=300, required=False)
    reporter_nik = forms.CharField(
        label=_("NIK"),
        max_length=24,
        required=False,
        help_text=_("16 angka, sesuai KTP."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    reporter_phone = forms.CharField(
        label=_("Nomor telepon/WhatsApp"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    reporter_email = forms.EmailField(label=_("Surel"), required=False)
    reporter_category = forms.ChoiceField(
        label=_("Anda melapor sebagai"),
        choices=[("", _("— pilih —")), *ReporterCategory.choices],
        required=False,
    )
    # One random token per filled-in form: a double click or a retry after a timeout files once.
    client_token = forms.CharField(widget=forms.HiddenInput, required=False)

    bound_field_class = CachedWidgetBoundField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["client_token"] = secrets.token_urlsafe(18)
        # The public queryset of both places is fixed (every province; the chosen province's
        # regencies/cities): the process cache can answer for it. (Findings keep the database: a
        # supervisor's places depend on the user.)
        province_id = parse_id(self._bound_value("province"))
        cast(PlaceField, self.fields["province"]).lookup = lambda value: places.by_pk(value, level=1)

        def regency(value: Any) -> Region | None:
            found = places.by_pk(value, level=2)
            return found if found is not None and province_id and found.parent_id == province_id else None

        cast(PlaceField, self.fields["region"]).lookup = regency

    def clean_client_token(self) -> str:
        """A missing or mangled token only loses the double-submit guard, never the report."""
        token = self.cleaned_data.get("client_token") or ""
        return token if idempotency.valid_token(token) else ""

    def clean_reporter_nik(self) -> str:
        nik = "".join((self.cleaned_data.get("reporter_nik") or "").split())
        if nik and (len(nik) != 16 or not nik.isdigit()):
            raise ValidationError(_("NIK terdiri atas 16 angka."), code="nik_length")
        if nik and not is_valid_nik(nik):
            raise ValidationError(_("NIK tidak sah (kode wilayah atau tanggal lahir tidak cocok)."), code="nik_invalid")
        return nik

    def clean_reporter_phone(self) -> str:
        phone = (self.cleaned_data.get("reporter_phone") or "").strip()
        digits = "".join(ch for ch in phone if ch.isdigit())
        if phone and not (8 <= len(digits) <= 15):
            raise ValidationError(_("Nomor telepon tidak sah."), code="phone")
        return phone

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("identity") == Identity.ANONYMOUS:
            for name in ("reporter_name", "reporter_address", "reporter_nik", "reporter_phone", "reporter_email"):
                data[name] = ""
            data["reporter_category"] = ""
        return data


class FindingForm(IncidentForm):
    """A supervisor's own finding: no reporter identity; the supervising unit instead.

    `regions` is the user's scope (``services.regions_for``): the province list, the
    regency/district list and the final check all come from it, down to district level so a
    Panwascam can record findings in its own kecamatan.
    """

    form_name = "finding"
    supervising_unit = forms.CharField(label=_("Unit pengawas"), max_length=200, required=False)

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        self.allowed_regions = regions
        super().__init__(*args, **kwargs)
        self.choice_field("province").queryset = Region.objects.filter(
            Q(pk__in=regions.filter(level=1).values("pk"))
            | Q(pk__in=regions.filter(level=2).values("parent_id"))
            | Q(pk__in=regions.filter(level=3).values("parent__parent_id")),
            level=1,
        )
        self.fields["region"].label = _("Kabupaten/kota atau kecamatan")

    def region_choices(self, province_id: Any) -> Any:
        return finding_regions(getattr(self, "allowed_regions", Region.objects.none()), province_id)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        region = data.get("region")
        if region is not None and not self.allowed_regions.filter(pk=region.pk).exists():
            self.add_error("region", _("Wilayah kejadian berada di luar wilayah pengawasan Anda."))
        return data


def finding_regions(allowed: Any, province_id: Any) -> Any:
    """Regencies/cities and districts of a province that lie within a supervisor's scope."""
    province = _region(province_id, level=1)
    if province is None:
        return Region.objects.none()
    return allowed.filter(level__in=[2, 3], code__startswith=f"{province.code}.").order_by("code")


class ReceiptLookupForm(forms.Form):
    """Never invalid: whatever is typed, a code that is not ours gets the one 'not found' answer."""

    code = forms.CharField(
        label=_("Kode tanda terima"),
        required=False,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "placeholder": "NTR-XXXX-XXXX-…",
                "maxlength": "80",
                "required": True,
            }
        ),
    )

    def clean_code(self) -> str:
        return (self.cleaned_data.get("code") or "")[:200]


class AddInformationForm(forms.Form):
    code = forms.CharField(label=_("Kode tanda terima"), max_length=64, widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Keterangan tambahan"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000, required=False
    )
    evidence = MultipleFileField(label=_("Bukti tambahan"))


class JoinForm(forms.Form):
    """Other cases of the same incident to join into this one (their reports move to it)."""

    others = forms.CharField(
        label=_("Nomor perkara yang digabungkan"),
        help_text=_("Pisahkan dengan koma, misalnya NTR-2024-000012, NTR-2024-000015."),
        max_length=500,
    )
    reason = forms.CharField(label=_("Alasan penggabungan"), widget=forms.Textarea(attrs={"rows": 2}))

    def numbers(self) -> list[str]:
        raw = self.cleaned_data.get("others", "")
        return [n.strip().upper() for n in raw.replace(";", ",").split(",") if n.strip()]
