"""Serializer fields with a stable OpenAPI identity."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from netral.core.uri import to_uri


class EnumField(serializers.ChoiceField):
    """A choice field documented as a named enum component (``CaseStatus``, ``ReportKind``…).

    drf-spectacular's automatic enum naming warns whenever one property name (``kind``,
    ``status``) carries different choice sets; naming each set here keeps the schema warning-free.
    """

    def __init__(self, *args: Any, enum_name: str, **kwargs: Any) -> None:
        self.enum_name = enum_name
        super().__init__(*args, **kwargs)


class UriField(serializers.URLField):
    """A stored link written as an RFC 3986 URI, as ``format: uri`` promises (``core.uri.to_uri``).

    Links are stored as received when they are http(s) without spaces; one with "|", "<" or
    non-ASCII letters is percent-encoded on the way out, and one that cannot be a URI is "".
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("allow_blank", True)
        super().__init__(**kwargs)

    def to_representation(self, value: str) -> str:
        return to_uri(value) if value else ""


class EnumModelSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    # A ModelSerializer whose choice fields become ``EnumField`` named after model and field;
    # ``Meta.enum_names`` may name a field's set explicitly (``{"to_status": "CaseStatus"}``).
    # (A comment, not a docstring: the schema would show it as every subclass's description.)

    serializer_choice_field = EnumField

    def build_standard_field(self, field_name: str, model_field: Any) -> tuple[type[Any], dict[str, Any]]:
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if field_class is EnumField:
            names = getattr(self.Meta, "enum_names", {})
            default = model_field.model.__name__ + "".join(p.capitalize() for p in field_name.split("_"))
            kwargs["enum_name"] = names.get(field_name, default)
        return field_class, kwargs
