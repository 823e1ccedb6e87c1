"""Letter and document pages: the case page's panel, issuing and serving letters, the public
verification page, uploading and downloading case documents.

Views parse and render; writes go through ``letters.services``; every read is scoped (a case or
document outside the user's scope answers 404). The verification page is public and shows only
what proves a letter genuine: number, date, issuing body, kind, subject, signer and the hash.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from netral.cases import selectors as case_selectors
from netral.cases.models import Case
from netral.core import ratelimit
from netral.core.db import Busy
from netral.core.http import StaffRequest
from netral.core.scoping import get_scoped_or_404
from netral.letters import compose, selectors, services
from netral.letters.choices import LetterKind
from netral.letters.forms import DocumentForm, VerifyForm
from netral.letters.models import CaseDocument, Letter
from netral.reports import evidence as ev

VERIFY_MAX_BYTES = 20 * 1024 * 1024
VERIFY_RATE = 60  # uploads compared per address per hour


def letter_url(case: Case, kind: str) -> str:
    return reverse("letters:case_letter", args=[case.number, compose.RULES[kind].slug])


def panel_context(request: HttpRequest, case: Case, form: DocumentForm | None = None) -> dict[str, Any]:
    """The case page's panel: issued letters, letters the user may issue now, documents, upload form."""
    user = request.user
    issued = {letter.kind: letter for letter in selectors.letters_of(user, case)}
    labels = dict(LetterKind.choices)
    letters = [
        {"letter": letter, "label": labels.get(kind, kind), "url": letter_url(case, kind)}
        for kind, letter in issued.items()
    ]
    # Every kind already issued, including letters the user may not read: one query, not one per kind.
    taken = set(Letter.objects.filter(case=case).values_list("kind", flat=True))
    issuable = [
        {"kind": kind, "label": labels[kind], "url": letter_url(case, kind)}
        for kind in compose.RULES
        if kind not in issued and kind not in taken and services.refusal(user, case, kind) is None
    ]
    kinds = services.document_kinds_for(user, case)
    if kinds and form is None:
        form = DocumentForm(kinds=kinds)
    return {
        "case": case,
        "letters": letters,
        "issuable": issuable,
        "documents": list(selectors.documents_of(user, case)),
        "document_form": form if kinds else None,
    }


def _pdf_response(letter: Letter) -> HttpResponse:
    response = HttpResponse(bytes(letter.pdf), content_type="application/pdf")
    safe = "".join(ch if ch.isalnum() or ch in "-." else "-" for ch in letter.number)
    response["Content-Disposition"] = f'inline; filename="surat-{safe}.pdf"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def case_letter(request: StaffRequest, number: str, slug: str) -> HttpResponse:
    """GET: the stored letter (its exact bytes), or the page to issue it; POST: issue it once."""
    rule = compose.BY_SLUG.get(slug)
    if rule is None:
        raise Http404
    case = case_selectors.case_detail(request.user, number)
    if request.method == "POST":
        try:
            letter = services.issue_letter(case, rule.kind, user=request.user)
        except services.LetterRefused as exc:
            messages.error(request, exc.message)
            return redirect("cases:detail", number=case.number)
        except Busy:
            messages.error(request, _("Server sedang sibuk; tidak ada yang disimpan. Coba lagi sebentar lagi."))
            return redirect("cases:detail", number=case.number)
        messages.success(request, _("Surat %(number)s diterbitkan.") % {"number": letter.number})
        return redirect(letter_url(case, rule.kind))
    stored = selectors.letter_of(request.user, case, rule.kind)
    if stored is not None:
        return _pdf_response(stored)
    refused = services.refusal(request.user, case, rule.kind)
    if refused is not None or Letter.objects.filter(case=case, kind=rule.kind).exists():
        raise Http404
    return render(
        request,
        "letters/issue.html",
        {
            "case": case,
            "rule": rule,
            "label": dict(LetterKind.choices)[rule.kind],
            "body": services.body_for(case, rule.kind),
        },
    )


@login_required
@require_POST
def document_upload(request: StaffRequest, number: str) -> HttpResponse:
    case = case_selectors.case_detail(request.user, number)
    kinds = services.document_kinds_for(request.user, case)
    if not kinds:
        raise Http404
    form = DocumentForm(request.POST, request.FILES, kinds=kinds)
    if form.is_valid():
        try:
            doc = services.add_document(
                case,
                form.cleaned_data["kind"],
                form.cleaned_data["file"],
                user=request.user,
                title=form.cleaned_data["title"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("file", message)
        except Busy:
            form.add_error(None, _("Server sedang sibuk; tidak ada yang disimpan. Coba lagi sebentar lagi."))
        else:
            messages.success(request, _("Dokumen %(name)s ditambahkan.") % {"name": doc.original_name})
            return redirect("cases:detail", number=case.number)
    from netral.cases.views import detail_context

    context = detail_context(request, case)
    context["document_form"] = form
    return render(request, "cases/detail.html", context, status=400)


@login_required
def document_file(request: StaffRequest, pk: int) -> HttpResponseBase:
    """The document's exact bytes to whoever sees its case; each download in the custody log."""
    doc = get_scoped_or_404(CaseDocument.objects.all(), request.user, pk=pk)
    try:
        handle = services.document_path(doc).open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    services.record_document_download(request.user, doc)
    ext = ev.EXTENSIONS.get(doc.content_type, "")
    response = FileResponse(
        handle, as_attachment=True, filename=f"dokumen-{doc.pk}-{doc.sha256[:12]}{ext}", content_type=doc.content_type
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: is this letter genuine? The stored hash against the stored bytes, and optionally
    against a file the visitor holds (compared in memory, never kept)."""
    letter = selectors.by_code(code)
    if letter is None:
        raise Http404
    outcome: bool | None = None
    form = VerifyForm()
    status = 200
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
        if not ratelimit.hit("letter-verify", _client_ip(request), VERIFY_RATE):
            form.add_error(None, _("Terlalu banyak pemeriksaan dari alamat ini; coba lagi nanti."))
            status = 429
        elif form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > VERIFY_MAX_BYTES:
                form.add_error("file", _("Berkas terlalu besar untuk sebuah surat."))
                status = 400
            else:
                hasher = hashlib.sha256()
                for chunk in upload.chunks():
                    hasher.update(chunk)
                outcome = hasher.hexdigest() == letter.sha256
        else:
            status = 400
    return render(
        request,
        "letters/verify.html",
        {
            "letter": letter,
            "kind_label": dict(LetterKind.choices).get(letter.kind, letter.kind),
            "intact": services.stored_intact(letter),
            "outcome": outcome,
            "form": form,
        },
        status=status,
    )
