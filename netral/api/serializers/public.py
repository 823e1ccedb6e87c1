"""The public report endpoint's request and answer, as documented in the schema.

These serializers describe the *shape* only. Every rule (NIP and NIK checks, dates, region in
province, candidate pair in the race, evidence type and size, the legal requirement test) lives
in ``reports.forms.PublicReportForm`` and ``reports.services.submit_report``, which the view calls.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from netral.api.fields import EnumField
from netral.cases.choices import SubjectKind
from netral.reports.choices import Identity, ReporterCategory


class PublicReportRequestSerializer(serializers.Serializer[dict[str, Any]]):
    subject_kind = EnumField(choices=SubjectKind.choices, enum_name="SubjectKind", help_text="Siapa yang dilaporkan")
    subject_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    subject_position = serializers.CharField(required=False, allow_blank=True, max_length=200)
    subject_agency = serializers.CharField(
        required=False, allow_blank=True, max_length=40, help_text="Kode instansi (lihat /api/v1/agencies/)"
    )
    subject_agency_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    subject_address = serializers.CharField(required=False, allow_blank=True, max_length=250)
    subject_nip = serializers.CharField(required=False, allow_blank=True, max_length=24, help_text="18 angka")
    description = serializers.CharField(max_length=10000, help_text="Apa yang terjadi")
    occurred_on = serializers.DateField(required=False, allow_null=True)
    known_on = serializers.DateField(
        required=False, allow_null=True, help_text="Batas melapor 7 hari sejak tanggal ini"
    )
    region = serializers.CharField(max_length=5, help_text="Kode kabupaten/kota Kemendagri, mis. 32.79")
    place = serializers.CharField(required=False, allow_blank=True, max_length=250)
    election = serializers.CharField(required=False, allow_blank=True, max_length=32, help_text="Kode pemilihan")
    candidate_pair = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=2**31 - 1)
    links = serializers.ListField(
        child=serializers.URLField(max_length=1000), required=False, max_length=20, help_text="Tautan bukti"
    )
    identity = EnumField(choices=Identity.choices, enum_name="Identity", required=False)
    reporter_name = serializers.CharField(required=False, allow_blank=True, max_length=150)
    reporter_address = serializers.CharField(required=False, allow_blank=True, max_length=300)
    reporter_nik = serializers.CharField(required=False, allow_blank=True, max_length=24, help_text="16 angka")
    reporter_phone = serializers.CharField(required=False, allow_blank=True, max_length=30)
    reporter_email = serializers.EmailField(required=False, allow_blank=True)
    reporter_category = EnumField(
        choices=ReporterCategory.choices, enum_name="ReporterCategory", required=False, allow_blank=True
    )
    evidence = serializers.ListField(
        child=serializers.FileField(), required=False, help_text="Berkas bukti (multipart): foto, PDF atau video"
    )
    client_token = serializers.RegexField(
        r"^[A-Za-z0-9_-]{16,128}$",
        required=False,
        help_text=(
            "Token acak per laporan (atau header Idempotency-Key): kiriman ulang dengan token dan isi yang sama "
            "menjawab kode tanda terima yang sama, tanpa laporan kedua"
        ),
    )


class PublicReportReceiptSerializer(serializers.Serializer[dict[str, Any]]):
    receipt_code = serializers.CharField(help_text="Kode tanda terima: simpan; hanya ditampilkan sekali")
    initial_information = serializers.BooleanField(
        help_text="Benar jika syarat belum lengkap atau terlambat: diterima sebagai informasi awal"
    )
    formal_missing = serializers.ListField(child=serializers.CharField())
    material_missing = serializers.ListField(child=serializers.CharField())
    is_late = serializers.BooleanField()
