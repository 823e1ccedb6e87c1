"""Forms of the staff area and the sign-in steps. Choices come from the manager's scope."""

from __future__ import annotations

import csv
import io
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from netral.accounts import services
from netral.accounts.choices import Role
from netral.accounts.models import User
from netral.agencies.models import Agency
from netral.regions.models import Region


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Kode"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        help_text=gettext_lazy("6 angka dari aplikasi autentikator, atau satu kode pemulihan."),
    )


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Region) -> str:
        return f"{obj.code} · {obj.name}"


class StaffForm(forms.Form):
    """Invite (no ``target``) or change (``target``) one account, within the manager's scope."""

    email = forms.EmailField(label=gettext_lazy("E-mail"), max_length=254)
    first_name = forms.CharField(label=gettext_lazy("Nama depan"), max_length=150)
    last_name = forms.CharField(label=gettext_lazy("Nama belakang"), max_length=150, required=False)
    username = forms.CharField(
        label=gettext_lazy("Nama pengguna"),
        max_length=150,
        required=False,
        help_text=gettext_lazy("Kosongkan untuk memakai bagian depan alamat e-mail."),
    )
    role = forms.ChoiceField(label=gettext_lazy("Peran"))
    region = RegionChoiceField(
        label=gettext_lazy("Wilayah"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=gettext_lazy("Nasional (RI)"),
    )
    kecamatan = RegionChoiceField(
        label=gettext_lazy("Kecamatan (Panwaslu kecamatan)"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=gettext_lazy("— tidak —"),
    )
    agency = forms.ModelChoiceField(label=gettext_lazy("Instansi"), queryset=Agency.objects.none(), required=False)
    is_head = forms.BooleanField(
        label=gettext_lazy("Kepala kantor (mengelola akun petugas di wilayah atau instansinya)"), required=False
    )

    def __init__(self, *args: Any, actor: User, target: User | None = None, **kwargs: Any) -> None:
        if target is not None and "initial" not in kwargs:
            region = target.region if target.region_id else None
            kwargs["initial"] = {
                "email": target.email,
                "first_name": target.first_name,
                "last_name": target.last_name,
                "role": target.role,
                "region": region.parent_id if region is not None and region.level == 3 else getattr(region, "pk", None),
                "kecamatan": region.pk if region is not None and region.level == 3 else None,
                "agency": target.agency_id,
                "is_head": target.is_head,
            }
        super().__init__(*args, **kwargs)
        self.actor, self.target = actor, target
        if target is not None:
            del self.fields["username"]
        labels = dict(Role.choices)
        role_field = cast(forms.ChoiceField, self.fields["role"])
        role_field.choices = [(r, labels[r]) for r in services.assignable_roles(actor)]
        region_field = cast(forms.ModelChoiceField, self.fields["region"])
        kec_field = cast(forms.ModelChoiceField, self.fields["kecamatan"])
        regions = services.assignable_regions(actor)
        region_field.queryset = regions.filter(level__lte=2)
        if not (actor.is_admin or actor.depth == 0):
            region_field.empty_label = None
        parent = self.data.get(self.add_prefix("region")) if self.is_bound else self.initial.get("region")
        if not parent and actor.depth == 2 and actor.region_id:
            parent = actor.region_id
        kec = regions.filter(level=3)
        try:
            kec_field.queryset = kec.filter(parent_id=int(parent)) if parent else kec.none()
        except (TypeError, ValueError):
            kec_field.queryset = kec.none()
        if actor.depth == 3 and actor.region_id:  # a Panwascam head: their own kecamatan only
            region_field.queryset = regions.filter(pk=actor.region_id)
            kec_field.queryset = regions.none()
        agencies = services.assignable_agencies(actor)
        if agencies.exists():
            cast(forms.ModelChoiceField, self.fields["agency"]).queryset = agencies
        else:
            del self.fields["agency"]

    def spec(self) -> services.StaffSpec:
        data = self.cleaned_data
        region = data.get("kecamatan") or data.get("region")
        return services.StaffSpec(
            email=data.get("email", ""),
            first_name=data.get("first_name", ""),
            last_name=data.get("last_name", ""),
            role=data.get("role", ""),
            region=region,
            agency=data.get("agency"),
            is_head=bool(data.get("is_head")),
            username=(data.get("username") or "").strip(),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        spec = services.check_spec(self.actor, self.spec(), target=self.target)
        for name, messages in spec.errors.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
        self.checked = spec
        return data


ROLE_ALIASES = {
    "supervisor": Role.SUPERVISOR,
    "pengawas": Role.SUPERVISOR,
    "analyst": Role.ANALYST,
    "analis": Role.ANALYST,
    "ppk": Role.PPK,
    "bkpsdm": Role.PPK,
    "bkn": Role.BKN,
    "admin": Role.ADMIN,
    "administrator": Role.ADMIN,
}
CSV_COLUMNS = [
    "email",
    "nama_depan",
    "nama_belakang",
    "peran",
    "kode_wilayah",
    "kode_instansi",
    "kepala",
    "nama_pengguna",
]
CSV_MAX_BYTES = 1024 * 1024
CSV_MAX_ROWS = 2000
TRUE = {"1", "ya", "y", "yes", "true", "kepala"}


class StaffCsvForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Berkas CSV"),
        help_text=gettext_lazy(
            "Baris pertama: email, nama_depan, nama_belakang, peran, kode_wilayah, kode_instansi, kepala, "
            "nama_pengguna. Peran: pengawas, analis, ppk, bkn, admin. Semua baris diperiksa dulu; bila satu "
            "baris salah, tidak ada yang disimpan."
        ),
    )

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.rows: list[tuple[int, services.StaffSpec]] = []
        self.row_errors: list[tuple[int, str, str]] = []

    def clean_file(self) -> Any:
        f = self.cleaned_data["file"]
        if f.size > CSV_MAX_BYTES:
            raise ValidationError(_("Berkas terlalu besar (maksimum 1 MB)."))
        try:
            text = f.read().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError(_("Berkas harus teks CSV berkode UTF-8.")) from exc
        sample = text[:2048]
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
        reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
        if "email" not in header or "peran" not in header:
            raise ValidationError(_("Baris pertama harus memuat kolom email dan peran."))
        reader.fieldnames = header
        seen_email: dict[str, int] = {}
        seen_user: dict[str, int] = {}
        for number, raw in enumerate(reader, start=2):
            if number - 1 > CSV_MAX_ROWS:
                raise ValidationError(_("Paling banyak %(n)s baris per berkas.") % {"n": CSV_MAX_ROWS})
            row = {k: (v or "").strip() for k, v in raw.items() if isinstance(k, str)}
            if not any(row.values()):
                continue
            self._row(number, row, seen_email, seen_user)
        if not self.rows and not self.row_errors:
            raise ValidationError(_("Berkas tidak berisi baris akun."))
        return f

    def _row(self, number: int, row: dict[str, str], seen_email: dict[str, int], seen_user: dict[str, int]) -> None:
        role = ROLE_ALIASES.get(row.get("peran", "").lower())
        if role is None:
            self.row_errors.append((number, "peran", _("Peran tidak dikenal: «%(v)s».") % {"v": row.get("peran", "")}))
            return
        region = None
        if row.get("kode_wilayah"):
            region = Region.objects.filter(code=row["kode_wilayah"]).first()
            if region is None:
                self.row_errors.append((number, "kode_wilayah", _("Kode wilayah tidak dikenal.")))
                return
        agency = None
        if row.get("kode_instansi"):
            agency = Agency.objects.filter(code=row["kode_instansi"]).first()
            if agency is None:
                self.row_errors.append((number, "kode_instansi", _("Kode instansi tidak dikenal.")))
                return
        spec = services.check_spec(
            self.actor,
            services.StaffSpec(
                email=row.get("email", ""),
                first_name=row.get("nama_depan", ""),
                last_name=row.get("nama_belakang", ""),
                role=role,
                region=region,
                agency=agency,
                is_head=row.get("kepala", "").lower() in TRUE,
                username=row.get("nama_pengguna", ""),
            ),
        )
        for name, messages in spec.errors.items():
            for message in messages:
                self.row_errors.append((number, name, message))
        if spec.errors:
            return
        if not row.get("nama_pengguna"):  # generated: keep it unique within the file too
            base, n = spec.username, 1
            while spec.username.lower() in seen_user or User.objects.filter(username__iexact=spec.username).exists():
                n += 1
                spec.username = f"{base}{n}"
        for key, seen, column in (
            (spec.email, seen_email, "email"),
            (spec.username.lower(), seen_user, "nama_pengguna"),
        ):
            if key in seen:
                self.row_errors.append((number, column, _("Sama dengan baris %(n)s.") % {"n": seen[key]}))
                return
            seen[key] = number
        self.rows.append((number, spec))
