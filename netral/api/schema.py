"""OpenAPI schema: every operation documents the error answers it can give.

DRF answers 400 (bad filter or body), 401 (no or bad token), 403 (role may not write), 404
(outside the user's scope, bad page or cursor) and 429 (throttled). Instead of repeating them on
every view, this AutoSchema adds them to each operation unless the view documents its own.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent, build_choice_field
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny

DETAIL = inline_serializer(
    name="ErrorDetail",
    fields={"detail": serializers.CharField(help_text="Penjelasan galat.")},
)


class FieldErrorsField(serializers.DictField):
    """Field name → list of messages (``non_field_errors`` for the whole request)."""

    child = serializers.ListField(child=serializers.CharField())


VALIDATION = OpenApiResponse(
    response={"type": "object", "additionalProperties": True},
    description="Masukan tidak sah: objek berisi nama isian → daftar pesan, atau `detail`.",
)
UNAUTHENTICATED = OpenApiResponse(response=DETAIL, description="Token tidak ada atau tidak sah.")
FORBIDDEN = OpenApiResponse(response=DETAIL, description="Peran Anda tidak boleh melakukan aksi ini.")
NOT_FOUND = OpenApiResponse(
    response=DETAIL, description="Tidak ditemukan (atau di luar wilayah/instansi Anda), halaman atau kursor tidak sah."
)
THROTTLED = OpenApiResponse(response=DETAIL, description="Terlalu banyak permintaan; lihat header Retry-After.")
CONFLICT = OpenApiResponse(response=DETAIL, description="Alur kerja menolak perubahan status ini.")


class NetralAutoSchema(AutoSchema):
    """AutoSchema that adds the standard error responses to every operation."""

    def _get_response_bodies(self, direction: str = "response") -> dict[str, Any]:  # type: ignore[override]
        responses: dict[str, Any] = super()._get_response_bodies(direction)  # type: ignore[arg-type]
        if direction != "response":
            return responses
        public = any(isinstance(p, AllowAny) for p in self.view.get_permissions())
        extra: dict[str, OpenApiResponse] = {"400": VALIDATION, "404": NOT_FOUND, "429": THROTTLED}
        if not public:
            extra["401"] = UNAUTHENTICATED
            extra["403"] = FORBIDDEN
        for code, response in extra.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(response, code, direction=direction)
        return responses


class EnumFieldExtension(OpenApiSerializerFieldExtension):
    """Document an ``EnumField`` as a ``$ref`` to its own named enum component."""

    target_class = "netral.api.fields.EnumField"

    def map_serializer_field(self, auto_schema: AutoSchema, direction: str) -> dict[str, Any]:
        field = self.target
        schema = build_choice_field(field)
        schema.pop("x-spec-enum-id", None)
        schema.pop("description", None)
        name = field.enum_name
        if field.allow_blank:
            name += "OrBlank"
        if field.allow_null:
            name += "OrNull"
        component = ResolvedComponent(name=name, type=ResolvedComponent.SCHEMA, schema=schema, object=name)
        auto_schema.registry.register_on_missing(component)
        return component.ref  # type: ignore[no-any-return]
