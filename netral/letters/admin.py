from django.contrib import admin

from netral.letters.models import CaseDocument, Letter, LetterBody


@admin.register(LetterBody)
class LetterBodyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "authority", "region_code", "numbering", "signer_name", "active"]
    list_filter = ["authority", "active"]
    search_fields = ["code", "name", "signer_name"]


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    """Read-only: an issued letter is never changed (its hash is public)."""

    list_display = ["number", "kind", "case", "body", "issued_at", "issued_by_name"]
    list_filter = ["kind", "body"]
    search_fields = ["number", "case__number"]
    exclude = ["pdf"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(CaseDocument)
class CaseDocumentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "kind", "case", "content_type", "size", "uploaded_at", "uploaded_by_name"]
    list_filter = ["kind"]
    search_fields = ["original_name", "case__number", "sha256"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
