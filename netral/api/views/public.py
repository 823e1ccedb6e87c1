"""The public report endpoint for partner apps and chat bots (no account needed).

It translates the API's natural keys (region, agency and election codes, a list of links) into
the public form's fields, then runs the very same ``PublicReportForm`` and ``submit_report``
as the web page: one set of rules, two doors.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from netral.agencies.models import Agency
from netral.api.parsers import BoundedJSONParser
from netral.api.schema import NetralAutoSchema
from netral.api.serializers.public import PublicReportReceiptSerializer, PublicReportRequestSerializer
from netral.api.throttling import PublicReportThrottle
from netral.core import context, db
from netral.regions import places
from netral.regions.models import Election, Region
from netral.reports import idempotency, services
from netral.reports.forms import PublicReportForm

# API field → the form fields whose errors it answers for.
ERROR_FIELDS = {
    "province": "region",
    "links_text": "links",
    "__all__": "non_field_errors",
    "evidence_count": "evidence",
}
TEXT_FIELDS = (
    "subject_kind",
    "subject_name",
    "subject_position",
    "subject_agency_name",
    "subject_address",
    "subject_nip",
    "description",
    "occurred_on",
    "known_on",
    "place",
    "identity",
    "reporter_name",
    "reporter_address",
    "reporter_nik",
    "reporter_phone",
    "reporter_email",
    "reporter_category",
    "client_token",
)


class BadInput(Exception):
    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors
        super().__init__(str(errors))


def scalar(data: Any, name: str) -> str:
    """One value as text; lists, objects and NUL characters are refused as a field error."""
    value = data.get(name)
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise BadInput({name: [_("Harus berupa teks.")]})
    text = str(value)
    if "\x00" in text:
        raise BadInput({name: [_("Karakter nol (NUL) tidak diperbolehkan.")]})
    return text


def region_by_code(code: str) -> Region | None:
    """A regency/city the process cache does not know (yet): the database decides."""
    return Region.objects.filter(code=code, level=2).select_related("parent").first()


def form_data(data: Any) -> dict[str, Any]:
    """Natural keys → the form's ids: region code → province and regency, codes → agency/election."""
    out: dict[str, Any] = {name: scalar(data, name) for name in TEXT_FIELDS}
    errors: dict[str, list[str]] = {}
    code = scalar(data, "region").strip()
    region = (places.by_code(code, level=2) or region_by_code(code)) if code else None
    if code and region is None:
        errors["region"] = [_("Kode kabupaten/kota tidak dikenal.")]
    if region is not None:
        out["region"], out["province"] = str(region.pk), str(region.parent_id or "")
    agency_code = scalar(data, "subject_agency").strip()
    if agency_code:
        agency = Agency.objects.filter(code=agency_code).first()
        if agency is None:
            errors["subject_agency"] = [_("Kode instansi tidak dikenal.")]
        else:
            out["subject_agency"] = str(agency.pk)
    election_code = scalar(data, "election").strip()
    if election_code:
        election = Election.objects.filter(code=election_code).first()
        if election is None:
            errors["election"] = [_("Kode pemilihan tidak dikenal.")]
        else:
            out["election"] = str(election.pk)
    out["candidate_pair"] = scalar(data, "candidate_pair")
    links = data.getlist("links") if hasattr(data, "getlist") else data.get("links") or []
    if isinstance(links, str):
        links = [links]
    if not isinstance(links, list) or not all(isinstance(u, str) and "\x00" not in u for u in links):
        errors["links"] = [_("Harus berupa daftar tautan.")]
    else:
        out["links_text"] = "\n".join(links)
    if errors:
        raise BadInput(errors)
    return out


def form_errors(form: PublicReportForm) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for name, messages in form.errors.items():
        errors.setdefault(ERROR_FIELDS.get(name, name), []).extend(str(m) for m in messages)
    return errors


class PublicReportView(APIView):
    """``POST /api/v1/public/reports/``: file a report as the public form does; returns the receipt code."""

    schema = NetralAutoSchema()
    authentication_classes: ClassVar[list[Any]] = []
    permission_classes: ClassVar[list[Any]] = [AllowAny]
    throttle_classes: ClassVar[list[Any]] = [PublicReportThrottle]
    throttle_scope = "public_report"
    parser_classes: ClassVar[list[Any]] = [MultiPartParser, FormParser, BoundedJSONParser]

    @extend_schema(
        summary="Kirim laporan masyarakat (tanpa akun)",
        description=(
            "Pemeriksaan sama dengan formulir publik. Berkas bukti dikirim sebagai multipart/form-data "
            "(isian `evidence`, boleh berulang). Kode tanda terima hanya dikembalikan sekali."
        ),
        tags=["publik"],
        auth=[],
        request={
            "multipart/form-data": PublicReportRequestSerializer,
            "application/json": PublicReportRequestSerializer,
        },
        responses={
            201: PublicReportReceiptSerializer,
            400: OpenApiResponse(
                response={"type": "object", "additionalProperties": True},
                description="Isian tidak sah: nama isian → daftar pesan.",
            ),
            409: OpenApiResponse(
                response={"type": "object", "additionalProperties": True},
                description="Token idempotensi sudah dipakai untuk laporan dengan isi lain.",
            ),
            503: OpenApiResponse(
                response={"type": "object", "additionalProperties": True},
                description="Basis data sibuk; tidak ada yang tersimpan. Kirim ulang (header Retry-After).",
            ),
        },
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                required=False,
                description="Token acak per laporan (16–128 karakter); sama dengan isian client_token.",
            )
        ],
    )
    def post(self, request: Request) -> Response:
        data = request.data
        if not hasattr(data, "get"):
            return Response({"non_field_errors": [_("Badan permintaan harus berupa objek.")]}, status=400)
        try:
            fields = form_data(data)
        except BadInput as exc:
            return Response(exc.errors, status=status.HTTP_400_BAD_REQUEST)
        token = request.headers.get("Idempotency-Key", "").strip() or fields.pop("client_token", "")
        fields.pop("client_token", None)
        if token and not idempotency.valid_token(token):
            return Response(
                {"client_token": [_("Token idempotensi: 16–128 huruf, angka, '-' atau '_'.")]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        form = PublicReportForm(fields, request.FILES)
        if not form.is_valid():
            return Response(form_errors(form), status=status.HTTP_400_BAD_REQUEST)
        try:
            with context.acting(None, request_id=getattr(request._request, "request_id", None)):
                report, code = services.submit_report(
                    form.cleaned_data, form.cleaned_data.get("evidence") or [], request_meta={}, client_token=token
                )
        except DjangoValidationError as exc:
            return Response({"evidence": [str(m) for m in exc.messages]}, status=status.HTTP_400_BAD_REQUEST)
        except DataError:  # a value the database cannot store (should have been caught by the form)
            return Response({"non_field_errors": [_("Nilai tidak dapat disimpan.")]}, status=400)
        except idempotency.TokenReused:
            return Response(
                {"client_token": [_("Token ini sudah dipakai untuk laporan dengan isi lain; buat token baru.")]},
                status=status.HTTP_409_CONFLICT,
            )
        except db.Busy:
            return Response(
                {"non_field_errors": [_("Server sedang sibuk; laporan belum tersimpan. Kirim ulang sebentar lagi.")]},
                status=status.HTTP_503_SERVICE_UNAVAILABLE,
                headers={"Retry-After": "5"},
            )
        body = PublicReportReceiptSerializer(
            {
                "receipt_code": code,
                "initial_information": report.initial_information,
                "formal_missing": report.formal_missing,
                "material_missing": report.material_missing,
                "is_late": report.is_late,
            }
        ).data
        return Response(body, status=status.HTTP_201_CREATED)
