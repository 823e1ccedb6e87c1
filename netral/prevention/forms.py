"""Forms of the prevention pages; every field has an Indonesian label."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from netral.agencies.models import Agency, Unit
from netral.core.widgets import DateInput
from netral.prevention.choices import ActivityKind, FileKind, PledgeKind
from netral.prevention.models import PledgeText
from netral.regions.models import Election, Region

DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]


def date_field(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, input_formats=DATE_FORMATS, widget=DateInput(), **kwargs)


class IdentifyForm(forms.Form):
    """Step 1 of public signing: who signs (NIP + the birth date it encodes) and what."""

    identifier = forms.CharField(
        label=_("NIP / NI PPPK"),
        max_length=40,
        help_text=_("18 digit, boleh dengan spasi: 19860926 201505 1 001"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    birth_date = date_field(_("Tanggal lahir"))
    signing_code = forms.CharField(
        label=_("Kode penandatanganan"),
        max_length=20,
        required=False,
        help_text=_("8 huruf/angka dari PPK/BKPSDM instansi Anda (apel, surat resmi, atau grup internal)."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )
    kind = forms.ChoiceField(label=_("Naskah"), choices=PledgeKind.choices, initial=PledgeKind.PLEDGE, required=False)

    def __init__(self, *args: Any, require_code: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if require_code:
            # The code decides the text, so the signer does not choose it.
            self.fields["signing_code"].required = True
            self.fields["signing_code"].error_messages["required"] = _(
                "Masukkan kode penandatanganan dari PPK/BKPSDM instansi Anda."
            )
            del self.fields["kind"]


class AgreeForm(forms.Form):
    """Step 2: the signer read the text and agrees; `token` carries step 1, signed by the server."""

    token = forms.CharField(widget=forms.HiddenInput)
    agree = forms.BooleanField(
        label=_("Saya telah membaca naskah di atas dan menyatakan setuju serta akan mematuhinya."),
        error_messages={"required": _("Centang pernyataan persetujuan untuk menandatangani.")},
    )


class SigningCodeForm(forms.Form):
    """An officer issues a signing code for a campaign of their agency."""

    agency = forms.ModelChoiceField(label=_("Instansi"), queryset=Agency.objects.none())
    text = forms.ModelChoiceField(
        label=_("Naskah yang ditandatangani"),
        queryset=PledgeText.objects.none(),
        help_text=_("Naskah nasional atau naskah instansi Anda yang sedang berlaku."),
    )
    election = forms.ModelChoiceField(label=_("Pemilihan"), queryset=Election.objects.all())
    units = forms.ModelMultipleChoiceField(
        label=_("Unit kerja"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Kosongkan agar berlaku untuk seluruh ASN instansi."),
    )
    valid_from = date_field(_("Berlaku mulai"))
    valid_until = date_field(_("Berlaku sampai"), required=False, help_text=_("Kosongkan bila tanpa batas."))
    label = forms.CharField(
        label=_("Keterangan"),
        max_length=200,
        required=False,
        help_text=_("Mis. Apel Senin 23 September, Dinas Pendidikan"),
    )

    def __init__(self, *args: Any, agencies: Any = None, texts: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if agencies is not None:
            self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
            if agencies.count() == 1:
                self.fields["agency"].initial = agencies.first()
            self.fields["units"].queryset = Unit.objects.filter(agency__in=agencies).select_related("agency")  # type: ignore[attr-defined]
        if texts is not None:
            self.fields["text"].queryset = texts  # type: ignore[attr-defined]


class VerifyForm(forms.Form):
    hash = forms.CharField(label=_("Hash tanda tangan"), max_length=80, min_length=64)


class _AgencyForm(forms.Form):
    """Base: the agency is one the user may see; the region defaults to the agency's."""

    agency = forms.ModelChoiceField(label=_("Instansi"), queryset=Agency.objects.none())
    region_code = forms.CharField(
        label=_("Kode wilayah"),
        max_length=13,
        required=False,
        help_text=_("Kosongkan untuk memakai wilayah instansi (mis. 32.79)."),
    )

    def __init__(self, *args: Any, agencies: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if agencies is not None:
            self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
            if agencies.count() == 1:
                self.fields["agency"].initial = agencies.first()

    def clean_region_code(self) -> Region | None:
        code = (self.cleaned_data.get("region_code") or "").strip()
        if not code:
            return None
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise forms.ValidationError(_("Kode wilayah %(code)s tidak dikenal.") % {"code": code})
        return region


class CircularForm(_AgencyForm):
    number = forms.CharField(label=_("Nomor surat edaran"), max_length=120)
    date = date_field(_("Tanggal"))
    subject = forms.CharField(label=_("Perihal"), max_length=250)
    signer_name = forms.CharField(label=_("Nama penandatangan"), max_length=150)
    signer_title = forms.CharField(label=_("Jabatan penandatangan"), max_length=150)
    addressees = forms.CharField(label=_("Ditujukan kepada"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ActivityForm(_AgencyForm):
    kind = forms.ChoiceField(label=_("Jenis kegiatan"), choices=ActivityKind.choices)
    title = forms.CharField(label=_("Nama kegiatan"), max_length=200)
    date = date_field(_("Tanggal"))
    place = forms.CharField(label=_("Tempat"), max_length=200, required=False)
    participants_count = forms.IntegerField(label=_("Jumlah peserta (dilaporkan)"), min_value=0, initial=0)
    description = forms.CharField(label=_("Uraian"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class EventForm(_AgencyForm):
    kind = forms.ChoiceField(label=_("Jenis naskah"), choices=PledgeKind.choices)
    title = forms.CharField(label=_("Nama kegiatan"), max_length=200)
    date = date_field(_("Tanggal"))
    place = forms.CharField(label=_("Tempat"), max_length=200, help_text=_("Mis. Aula Setda lantai 2"))
    participants_count = forms.IntegerField(label=_("Jumlah peserta (dilaporkan)"), min_value=0, initial=0)
    units = forms.ModelMultipleChoiceField(label=_("Unit kerja peserta"), queryset=Unit.objects.none(), required=False)
    notes = forms.CharField(label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, agencies: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, agencies=agencies, **kwargs)
        if agencies is not None:
            self.fields["units"].queryset = Unit.objects.filter(agency__in=agencies).select_related("agency")  # type: ignore[attr-defined]


class DecreeForm(_AgencyForm):
    number = forms.CharField(label=_("Nomor keputusan"), max_length=120)
    date = date_field(_("Tanggal keputusan"))
    title = forms.CharField(label=_("Judul"), max_length=250)
    period_start = date_field(_("Berlaku mulai"))
    period_end = date_field(_("Berlaku sampai"))


class VenueForm(forms.Form):
    name = forms.CharField(label=_("Nama tempat"), max_length=200)
    address = forms.CharField(label=_("Alamat"), max_length=250, required=False)
    notes = forms.CharField(label=_("Keterangan"), max_length=250, required=False)


class VenueCheckForm(forms.Form):
    place = forms.CharField(label=_("Nama tempat kampanye"), max_length=200)
    date = date_field(_("Tanggal kampanye"))


class TextForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis naskah"), choices=PledgeKind.choices)
    agency = forms.ModelChoiceField(
        label=_("Instansi"), queryset=Agency.objects.none(), required=False, help_text=_("Kosong = naskah nasional")
    )
    title = forms.CharField(label=_("Judul"), max_length=200)
    body = forms.CharField(label=_("Isi naskah"), widget=forms.Textarea(attrs={"rows": 12}))
    effective_from = date_field(_("Berlaku mulai"))

    def __init__(self, *args: Any, agencies: Any = None, national: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if agencies is not None:
            self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["agency"].required = not national


class FileForm(forms.Form):
    file = forms.FileField(label=_("Berkas (foto/dokumen)"))
    kind = forms.ChoiceField(label=_("Jenis"), choices=[("", _("Deteksi otomatis")), *FileKind.choices], required=False)


class AttendeeImportForm(forms.Form):
    file = forms.FileField(
        label=_("Daftar hadir (CSV)"),
        help_text=_('Satu NIP per baris; kolom berjudul "nip" bila ada baris judul.'),
    )
