"""Reads of letters and case documents, always through the user's scope."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from netral.cases.models import Case
from netral.letters.models import CaseDocument, Letter

if TYPE_CHECKING:
    from netral.core.types import RequestUser


def letters_of(user: RequestUser, case: Case) -> QuerySet[Letter]:
    return Letter.objects.restrict(user).filter(case=case).defer("pdf").select_related("body")


def letter_of(user: RequestUser, case: Case, kind: str) -> Letter | None:
    return Letter.objects.restrict(user).filter(case=case, kind=kind).first()


def documents_of(user: RequestUser, case: Case) -> QuerySet[CaseDocument]:
    return CaseDocument.objects.restrict(user).filter(case=case)


def by_code(code: str) -> Letter | None:
    """The letter a verification code names (public: the code is the bearer secret)."""
    if not code or len(code) > 40:
        return None
    return Letter.objects.select_related("body").filter(verification_code=code).first()
