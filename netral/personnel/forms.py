"""Forms of the registry: file upload for import, staff person look-up."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from netral.accounts.choices import Role
from netral.agencies.models import Agency
from netral.personnel import importer
from netral.personnel.selectors import visible_agencies
from netral.personnel.services import store_upload

if TYPE_CHECKING:
    from netral.core.types import User

DEFAULT_MAX_BYTES = 1024 * 1024 * 1024  # 1 GiB: a national CSV of 4.76 million rows is ~600 MB


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Berkas registri (CSV atau XLSX)"),
        help_text=gettext_lazy(
            "Ekspor SIASN dengan kolom NIP/NI PPPK, nama, jenis kepegawaian, jabatan, kelas jabatan, "
            "unit kerja, instansi, kode wilayah; NIK opsional."
        ),
    )
    agency = forms.ModelChoiceField(
        label=gettext_lazy("Instansi"),
        queryset=Agency.objects.all(),
        required=False,
        empty_label=gettext_lazy("Semua instansi (impor nasional)"),
    )
    restart = forms.BooleanField(
        label=gettext_lazy("Mulai ulang dari awal"),
        required=False,
        help_text=gettext_lazy("Tanpa centang, impor berkas yang sama yang terhenti akan dilanjutkan."),
    )

    def __init__(self, *args: Any, user: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if getattr(user, "role", "") != Role.ADMIN and not getattr(user, "is_superuser", False):
            del self.fields["agency"]  # a PPK officer imports for their own agency only

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = int(getattr(settings, "REGISTRY_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))
        if upload.size > limit:
            raise forms.ValidationError(
                _("Berkas terlalu besar (maksimal %(mb)d MB).") % {"mb": limit // (1024 * 1024)}
            )
        try:
            path, fmt = store_upload(upload)
        except importer.FileError as exc:
            raise forms.ValidationError(str(exc)) from exc
        try:
            importer.read_header(path, fmt)
        except importer.FileError as exc:
            path.unlink(missing_ok=True)
            raise forms.ValidationError(str(exc)) from exc
        self.stored_path: Path = path
        return upload


class LookupForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Nama yang ditulis pelapor"), max_length=200)
    agency = forms.ModelChoiceField(
        label=gettext_lazy("Instansi"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=gettext_lazy("Semua"),
    )
    position = forms.CharField(label=gettext_lazy("Jabatan (jika disebut)"), max_length=200, required=False)
    region_code = forms.CharField(
        label=gettext_lazy("Kode wilayah"), max_length=13, required=False, help_text=gettext_lazy("mis. 32.79")
    )

    def __init__(self, *args: Any, user: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = visible_agencies(user)  # type: ignore[attr-defined]

    def clean_region_code(self) -> str:
        return importer.normalize_region_code(self.cleaned_data.get("region_code", ""))
