"""Forms of the inbox: upload (file or pasted text), feedback, and the pre-filled finding."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netral.cases.choices import SubjectKind
from netral.core.scoping import region_prefix_q
from netral.core.widgets import DateInput
from netral.monitoring import ingest
from netral.monitoring.choices import Act, Kind, Verdict
from netral.monitoring.models import Item
from netral.regions.models import Region

if TYPE_CHECKING:
    from netral.core.types import User


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas"),
        required=False,
        help_text=_("Teks (.txt), JSON Lines (.jsonl) atau umpan RSS/Atom (.xml); paling besar 20 MB."),
    )
    text = forms.CharField(
        label=_("Atau tempel teks"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=ingest.MAX_TEXT_BYTES,
    )
    url = forms.URLField(label=_("Tautan sumber (opsional)"), required=False, max_length=1000, assume_scheme="https")
    title = forms.CharField(label=_("Judul (opsional)"), required=False, max_length=300)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        upload = data.get("file")
        text = data.get("text") or ""
        if upload and text.strip():
            raise ValidationError(_("Pilih salah satu: unggah berkas atau tempel teks."))
        if upload:
            if upload.size > ingest.MAX_FILE_BYTES:
                self.add_error(
                    "file",
                    _("Berkas %(size)s bita melebihi batas %(limit)s bita.")
                    % {"size": f"{upload.size:,}", "limit": f"{ingest.MAX_FILE_BYTES:,}"},
                )
                return data
            try:
                data["parsed"] = ingest.parse_file(upload.read(ingest.MAX_FILE_BYTES + 1), upload.name or "")
            except ingest.IngestError as exc:
                self.add_error("file", str(exc))
            data["file_name"] = (upload.name or "")[:255]
        elif text.strip():
            try:
                data["parsed"] = ingest.parse_paste(text, data.get("url") or "", data.get("title") or "")
            except ingest.IngestError as exc:
                self.add_error("text", str(exc))
            data["file_name"] = ""
        elif not self.errors:
            raise ValidationError(_("Unggah berkas atau tempel teks yang akan dianalisis."))
        return data


class FeedbackForm(forms.Form):
    verdict = forms.ChoiceField(label=_("Putusan"), choices=Verdict.choices)
    kind = forms.ChoiceField(label=_("Jenis yang benar"), choices=[("", "—"), *Kind.choices], required=False)
    acts = forms.MultipleChoiceField(
        label=_("Perbuatan yang benar"), choices=Act.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(
        label=_("Catatan"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("verdict") == Verdict.CORRECT and not data.get("kind"):
            self.add_error("kind", _("Koreksi memerlukan jenis yang benar."))
        return data


SUBJECT_KIND_BY_ROLE = {
    "kepala desa": SubjectKind.VILLAGE_HEAD,
    "kades": SubjectKind.VILLAGE_HEAD,
    "perangkat desa": SubjectKind.VILLAGE_STAFF,
    "tni": SubjectKind.TNI,
    "polri": SubjectKind.POLRI,
    "polisi": SubjectKind.POLRI,
}


def first_paragraph(text: str, limit: int = 1500) -> str:
    for para in text.replace("\r", "").split("\n\n"):
        para = " ".join(para.split())
        if para:
            return para[:limit]
    return ""


def finding_initial(item: Item) -> dict[str, Any]:
    """The finding form pre-filled from the item and its analysis (the supervisor edits it).

    The accused is the first named person at issue (``item.people``: name without titles,
    role, office); failing a name, the role with "identitas belum diketahui".
    """
    a = item.analysis or {}
    subjects = [str(s) for s in a.get("subjects") or []]
    person = next((p for p in item.people or [] if isinstance(p, dict) and p.get("name")), None)
    role = next((s for s in subjects if s.upper() not in ("ASN", "PNS")), subjects[0] if subjects else "")
    if person is not None and person.get("role"):
        role = str(person["role"])
    kind = SUBJECT_KIND_BY_ROLE.get(role.lower(), SubjectKind.ASN)
    body = first_paragraph(item.text)
    title = item.title.strip()
    description = body if not title or body.startswith(title) else f"{title}\n\n{body}"
    date = a.get("event_date")
    return {
        "subject_kind": kind,
        "subject_name": str(person["name"])
        if person is not None
        else (_("%(role)s (identitas belum diketahui)") % {"role": role.capitalize()} if role else ""),
        "subject_position": role,
        "subject_agency_name": str(person.get("agency") or "") if person is not None else "",
        "description": description,
        "region": item.region_code,
        "occurred_on": datetime.date.fromisoformat(date) if date else None,
        "known_on": (item.published_at and timezone.localdate(item.published_at)) or timezone.localdate(),
        "link": item.source_url,
    }


class FindingForm(forms.Form):
    subject_kind = forms.ChoiceField(label=_("Jenis terlapor"), choices=SubjectKind.choices)
    subject_name = forms.CharField(label=_("Nama terlapor"), max_length=200)
    subject_position = forms.CharField(label=_("Jabatan terlapor"), max_length=200, required=False)
    subject_agency_name = forms.CharField(label=_("Instansi terlapor"), max_length=200, required=False)
    description = forms.CharField(label=_("Uraian kejadian"), widget=forms.Textarea(attrs={"rows": 6}))
    region = forms.ChoiceField(label=_("Wilayah kejadian"), choices=[])
    place = forms.CharField(label=_("Tempat kejadian"), max_length=250, required=False)
    occurred_on = forms.DateField(label=_("Tanggal kejadian"), required=False, widget=DateInput())
    known_on = forms.DateField(label=_("Tanggal diketahui"), widget=DateInput())
    link = forms.URLField(label=_("Tautan bukti"), required=False, max_length=1000, assume_scheme="https")
    registry_asn = forms.TypedChoiceField(
        label=_("Cocok dengan registri ASN"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
        help_text=_("Jika dipilih, nama, jabatan dan instansi terlapor diambil dari registri."),
    )

    def __init__(self, *args: Any, user: User, item: Item, candidates: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        registry = self.fields["registry_asn"]
        assert isinstance(registry, forms.TypedChoiceField)
        registry.choices = [("", _("Tidak ada yang cocok / belum tahu"))] + [
            (
                c.asn.pk,
                f"{c.asn.name} · {c.asn.position or '—'} · {c.asn.agency.name} ({c.score:.0f}%)",
            )
            for c in candidates or []
        ]
        codes = [*(item.region_codes or []), *([user.region_code] if user.region_code else [])]
        allowed = Region.objects.filter(code__in=codes).filter(region_prefix_q("code", user.region_code))
        region_field = self.fields["region"]
        assert isinstance(region_field, forms.ChoiceField)
        region_field.choices = [(r.code, f"{r.code} · {r.name}") for r in allowed.order_by("code")]

    def clean_region(self) -> Region:
        code = self.cleaned_data["region"]
        region = Region.objects.filter(region_prefix_q("code", self.user.region_code)).filter(code=code).first()
        if region is None:
            raise ValidationError(_("Wilayah kejadian berada di luar wilayah pengawasan Anda."))
        return region

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        occurred, known = data.get("occurred_on"), data.get("known_on")
        today = timezone.localdate()
        if known and known > today:
            self.add_error("known_on", _("Tanggal diketahui tidak boleh di masa depan."))
        if occurred and known and occurred > known:
            self.add_error("occurred_on", _("Tanggal kejadian tidak boleh sesudah tanggal diketahui."))
        data["links"] = [data["link"]] if data.get("link") else []
        chosen = data.get("registry_asn")
        if chosen:
            from netral.personnel.models import ASN

            asn = ASN.objects.restrict(self.user).select_related("agency").filter(pk=chosen).first()
            if asn is None:
                self.add_error("registry_asn", _("ASN ini tidak ada dalam cakupan Anda."))
            else:
                data["subject_name"] = asn.name
                data["subject_position"] = asn.position or data.get("subject_position") or ""
                data["subject_agency"] = asn.agency
                data["subject_agency_name"] = asn.agency.name
                data["asn"] = asn
        return data
