"""Public intake (no account), receipt lookup, supervisors' findings, staff report pages.

Views parse and render; writes go through ``services``; staff reads through ``selectors``
(scoped: another region's report or evidence answers 404).
"""

from __future__ import annotations

import mimetypes
import secrets
import smtplib
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from netral.core import db
from netral.core.http import StaffRequest
from netral.core.params import BadParameter, parse_id
from netral.core.ratelimit import limited
from netral.regions.models import Region
from netral.reports import (
    custody,
    idempotency,
    quota,
    receipt_doc,
    requirements,
    selectors,
    services,
    shown_once,
    staging,
)
from netral.reports import evidence as ev
from netral.reports.forms import (
    AddInformationForm,
    FindingForm,
    IncidentForm,
    PublicReportForm,
    ReceiptLookupForm,
    agencies_for,
    agency_choices,
    bound_place,
    finding_regions,
    pairs_for,
)
from netral.reports.models import Report

if TYPE_CHECKING:
    from netral.core.types import User

_BUSY = gettext_lazy(
    "Server sedang sangat sibuk dan laporan Anda belum tersimpan. Isian Anda masih di bawah: kirim ulang "
    "dalam beberapa saat (berkas bukti perlu dipilih lagi)."
)
_TOKEN_REUSED = gettext_lazy(
    "Formulir ini sudah pernah dikirim dengan isi yang lain. Isian Anda masih di bawah; kirim sekali lagi "
    "untuk membuat laporan baru (berkas bukti perlu dipilih lagi)."
)


def _refused(request: HttpRequest, form: PublicReportForm, message: Any, *, status: int) -> HttpResponse:
    """Re-render the form with everything typed and a message on top; a fresh token for the next try."""
    form.add_error(None, message)
    if status == 409:
        data = dict(form.data.items())
        data["client_token"] = secrets.token_urlsafe(18)
        form.data = data
    response = _form_page(request, form, status=status)
    if status == 503:
        response["Retry-After"] = "5"
    return response


def _form_page(request: HttpRequest, form: PublicReportForm, *, status: int = 200) -> HttpResponse:
    """The public form; after a refusal the files that passed the checks stay staged (``staging``)."""
    context: dict[str, Any] = {"form": form, **_panel_context(form, is_finding=False), "staging_on": True}
    if form.is_bound:
        context["refused_files"] = staging.keep(
            request, request.FILES.getlist("evidence"), request.POST.getlist(staging.FIELD)
        )
        context["staged"] = staging.staged(request)
    return quota.remember(request, render(request, "reports/public_form.html", context, status=status))


def _over_quota(request: HttpRequest, form: PublicReportForm) -> HttpResponse:
    """429 that keeps every typed value and staged file and says when to try again."""
    seconds, at = quota.retry_at()
    message = gettext(
        "Batas kiriman dari peramban atau jaringan ini sudah tercapai (%(limit)d laporan per jam). Isian dan "
        "berkas Anda tetap di bawah: kirim lagi setelah pukul %(time)s (sekitar %(minutes)d menit lagi)."
    ) % {"limit": quota.browser_rate(), "time": at.strftime("%H:%M"), "minutes": max(1, seconds // 60)}
    response = _refused(request, form, message, status=429)
    response["Retry-After"] = str(seconds)
    return response


def too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/ratelimited.html", status=429)


def submit_rate() -> int:
    return int(getattr(settings, "PUBLIC_REPORT_RATE", 10))


def lookup_rate() -> int:
    return int(getattr(settings, "RECEIPT_LOOKUP_RATE", 30))


def _outcome(form: Any, *, is_finding: bool) -> requirements.Outcome:
    """Run the legal test on whatever the form holds so far (valid or not)."""
    data = dict(getattr(form, "cleaned_data", {}) or {})
    count = data.get("evidence_count") or 0
    files = data.get("evidence") or []
    count = max(int(count), len(files)) + len(data.get("links") or [])
    facts = services.facts_from(data, evidence_count=count, is_finding=is_finding)
    return requirements.check(facts, timezone.localdate(), services.window_for(data))


def _panel_context(form: Any, *, is_finding: bool) -> dict[str, Any]:
    outcome = _outcome(form, is_finding=is_finding)
    data = getattr(form, "cleaned_data", {}) or {}
    known_on = data.get("known_on")
    window = services.window_for(data)
    return {
        "outcome": outcome,
        "form": form,
        "is_finding": is_finding,
        "window_days": window.days,
        "window_working": window.working,
        "days_left": requirements.days_left(known_on, timezone.localdate(), window) if known_on else None,
    }


@require_http_methods(["GET", "POST"])
def public_create(request: HttpRequest) -> HttpResponse:
    """The public report form; on success the receipt code is shown once on the next page.

    Only accepted submissions count against the quota (``quota``); a refusal keeps the typed values
    and the files that passed the checks (``staging``)."""
    if request.method == "POST":
        form = PublicReportForm(request.POST, staging.files_with_staged(request))
        if not quota.attempt_allowed(request):
            return _over_quota(request, form)
        if form.is_valid():
            reservation = quota.reserve(request)
            if reservation is None:
                return _over_quota(request, form)
            try:
                try:
                    report, code = services.submit_report(
                        form.cleaned_data,
                        form.cleaned_data.get("evidence") or [],
                        request_meta={},
                        client_token=form.cleaned_data.get("client_token") or "",
                    )
                except BaseException:
                    reservation.release()
                    raise
            except ValidationError as exc:
                form.add_error("evidence", exc)
            except idempotency.TokenReused:
                return _refused(request, form, _TOKEN_REUSED, status=409)
            except db.Busy:
                return _refused(request, form, _BUSY, status=503)
            else:
                staging.clear(request)
                receipt = {
                    "code": code,
                    "initial_information": report.initial_information,
                    "formal": report.formal_missing,
                    "material": report.material_missing,
                    "anonymous": report.identity == "anonymous",
                }
                return quota.remember(request, shown_once.keep(redirect("reports:submitted"), receipt))
    else:
        form = PublicReportForm()
    return _form_page(request, form)


@require_POST
def check(request: HttpRequest) -> HttpResponse:
    """htmx: re-run the form's checks and the legal requirements as the reporter types."""
    is_finding = request.POST.get("_form") == "finding" and request.user.is_authenticated
    if is_finding:
        # is_finding holds only for a signed-in user: an accounts.User.
        form: Any = FindingForm(request.POST, regions=services.regions_for(cast("User", request.user)))
    else:
        form = PublicReportForm(request.POST)
    form.fields["evidence"].required = False
    form.is_valid()  # fills cleaned_data for what is valid; errors shown in the panel
    context = _panel_context(form, is_finding=is_finding)
    context["live"] = True
    return render(request, "reports/_requirements.html", context)


@require_GET
def submitted(request: HttpRequest) -> HttpResponse:
    """Confirmation: the receipt code, shown this once (its cookie is dropped, ``shown_once``)."""
    data = shown_once.take(request)
    if data is None:
        return redirect("reports:receipt_lookup")
    return shown_once.forget(render(request, "reports/submitted.html", {"receipt": data}))


@require_GET
def region_options(request: HttpRequest) -> HttpResponse:
    """htmx: the regency/city options of a province (for findings, only those in the user's scope)."""
    province = _id_param(request, "province")
    if request.GET.get("for") == "finding" and request.user.is_authenticated:
        regions = finding_regions(services.regions_for(request.user), province)
    else:
        regions = Region.objects.filter(level=2, parent_id=province) if province else Region.objects.none()
    return render(request, "reports/_region_options.html", {"regions": regions})


def _id_param(request: HttpRequest, name: str) -> int | None:
    """An id from the query string: None when absent or empty, 400 with the reason when malformed."""
    raw = request.GET.get(name) or ""
    if not raw:
        return None
    value = parse_id(raw)
    if value is None:
        raise BadParameter(gettext("Parameter %(name)s harus berupa id (bilangan bulat positif).") % {"name": name})
    return value


@require_GET
def pair_options(request: HttpRequest) -> HttpResponse:
    """htmx: the candidate pairs contesting a region in the chosen election."""
    pairs = pairs_for(_id_param(request, "region"), _id_param(request, "election"))
    return render(request, "reports/_pair_options.html", {"pairs": pairs})


@require_GET
def agency_options(request: HttpRequest) -> HttpResponse:
    """htmx: the agency options for the chosen province/regency (agencies are public data)."""
    region, province = bound_place(_id_param(request, "region"), _id_param(request, "province"))
    empty_label = IncidentForm.base_fields["subject_agency"].empty_label  # type: ignore[attr-defined]
    choices = agency_choices(agencies_for(region, province), empty_label)
    selected = request.GET.get("subject_agency", "")
    return render(request, "reports/_agency_options.html", {"choices": choices, "selected": selected})


@require_http_methods(["GET", "POST"])
@limited("receipt_lookup", lookup_rate, response=too_many)
def receipt_lookup(request: HttpRequest) -> HttpResponse:
    """Status by receipt code. Unknown and malformed codes get the very same answer."""
    status = None
    not_found = False
    add_form = None
    if request.method == "POST":
        form = ReceiptLookupForm(request.POST)
        if form.is_valid():
            try:
                report = services.find_by_receipt(form.cleaned_data["code"])
            except services.ReceiptNotFound:
                not_found = True
            else:
                status = selectors.receipt_status(report)
                add_form = AddInformationForm(initial={"code": form.cleaned_data["code"]})
        else:
            not_found = True
    else:
        form = ReceiptLookupForm()
    return render(
        request,
        "reports/lookup.html",
        {
            "form": form,
            "status": status,
            "not_found": not_found,
            "add_form": add_form,
            # The conversation panel under the status finds its thread by the code (conversations app).
            "receipt_code": form.cleaned_data["code"] if status is not None else "",
        },
    )


@require_POST
@limited("receipt_lookup", lookup_rate, response=too_many)
def add_information(request: HttpRequest) -> HttpResponse:
    """The reporter adds text and evidence later, with the receipt code."""
    form = AddInformationForm(request.POST, request.FILES)
    status = None
    added = False
    if form.is_valid():
        try:
            report = services.add_information(
                form.cleaned_data["code"], form.cleaned_data["text"], form.cleaned_data.get("evidence") or []
            )
        except services.ReceiptNotFound:
            return render(
                request,
                "reports/lookup.html",
                {"form": ReceiptLookupForm(), "status": None, "not_found": True, "add_form": None},
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            added = True
            form = AddInformationForm(initial={"code": form.cleaned_data["code"]})
            status = selectors.receipt_status(report)
    if status is None:
        try:
            status = selectors.receipt_status(services.find_by_receipt(request.POST.get("code", "")))
        except services.ReceiptNotFound:
            return render(
                request,
                "reports/lookup.html",
                {"form": ReceiptLookupForm(), "status": None, "not_found": True, "add_form": None},
            )
    return render(
        request,
        "reports/lookup.html",
        {
            "form": ReceiptLookupForm(initial={"code": request.POST.get("code", "")}),
            "status": status,
            "not_found": False,
            "add_form": form,
            "added": added,
            "receipt_code": request.POST.get("code", "")[:80],
        },
    )


def _receipt_not_found(request: HttpRequest) -> HttpResponse:
    """The lookup page's own answer for an unknown or malformed code (404: nothing to download)."""
    context = {"form": ReceiptLookupForm(), "status": None, "not_found": True, "add_form": None}
    return render(request, "reports/lookup.html", context, status=404)


@require_POST
@limited("receipt_lookup", lookup_rate, response=too_many)
def receipt_pdf(request: HttpRequest) -> HttpResponse:
    """The receipt as a PDF: code, time received, lookup address; nothing of the report itself.
    The code is posted (never in a URL, so never in a log or the history)."""
    code = request.POST.get("code", "")[:80]
    try:
        report = services.find_by_receipt(code)
    except services.ReceiptNotFound:
        return _receipt_not_found(request)
    doc = receipt_doc.document(report, code, request)
    response = HttpResponse(receipt_doc.render_pdf(doc), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{receipt_doc.filename(doc)}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@limited("receipt_lookup", lookup_rate, response=too_many)
def receipt_email(request: HttpRequest) -> HttpResponse:
    """E-mail the receipt (code and link only) to a typed address that is not stored; rate-limited."""
    form = receipt_doc.ReceiptEmailForm(request.POST)
    code = request.POST.get("code", "")[:80]
    try:
        report = services.find_by_receipt(code)
    except services.ReceiptNotFound:
        return _receipt_not_found(request)
    doc = receipt_doc.document(report, code, request)
    context: dict[str, Any] = {"code": doc.code, "email_form": form, "sent": "", "limited": 0}
    status = 200
    if not form.is_valid():
        status = 400
    elif not receipt_doc.sending_allowed(request, code):
        seconds, _at = quota.retry_at()
        context["limited"] = max(1, seconds // 60)
        response = render(request, "reports/receipt_email.html", context, status=429)
        response["Retry-After"] = str(seconds)
        return quota.remember(request, response)
    else:
        try:
            receipt_doc.send(doc, form.cleaned_data["email"])
        except (OSError, smtplib.SMTPException):
            # The mail server is away: say so (the code is still on this page), never a 500.
            form.add_error("email", gettext("Surel belum dapat dikirim saat ini. Coba lagi nanti."))
            status = 503
        else:
            context["sent"] = form.cleaned_data["email"]
            context["email_form"] = receipt_doc.ReceiptEmailForm()
    response = render(request, "reports/receipt_email.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    return quota.remember(request, response)


@login_required
@require_http_methods(["GET", "POST"])
def finding_create(request: StaffRequest) -> HttpResponse:
    """A supervisor records a finding (temuan) from their own monitoring, inside their region."""
    if not services.can_record_finding(request.user):
        raise Http404
    regions = services.regions_for(request.user)
    if request.method == "POST":
        form = FindingForm(request.POST, request.FILES, regions=regions)
        if form.is_valid():
            try:
                report = services.record_finding(
                    request.user, form.cleaned_data, form.cleaned_data.get("evidence") or []
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error("evidence", exc)
            except PermissionDenied as exc:
                raise Http404 from exc
            else:
                return redirect("reports:detail", pk=report.pk)
    else:
        form = FindingForm(regions=regions, initial={"supervising_unit": getattr(request.user, "role_label", "")})
    return render(request, "reports/finding_form.html", {"form": form, **_panel_context(form, is_finding=True)})


@login_required
@require_GET
def detail(request: StaffRequest, pk: int) -> HttpResponse:
    report = selectors.report_for(request.user, pk)
    return render(request, "reports/detail.html", _detail_context(request, report))


def _detail_context(request: StaffRequest, report: Report) -> dict[str, Any]:
    can_reveal = Report.objects.restrict(request.user, "view_pii").filter(pk=report.pk).exists()
    evidence = list(report.evidence.all())
    originals = custody.originals_visible(request.user, [e.pk for e in evidence])
    return {
        "report": report,
        # Who may not have the original sees neither its link nor its file name (docs/reports.md §4).
        "evidence": [{"item": e, "original": e.pk in originals} for e in evidence],
        "additions": report.additions.all(),
        "can_reveal": can_reveal and report.kind == "laporan" and report.identity != "anonymous",
        "repeat_count": services.repeat_reporter_count(request.user, report) if can_reveal else 0,
        "formal_messages": _messages_for(report.formal_missing),
        "material_messages": _messages_for(report.material_missing),
    }


def _messages_for(codes: list[str]) -> list[str]:
    """Stored codes back to readable requirement names."""
    return [str(requirements.LABELS.get(code, code)) for code in codes]


@login_required
@require_POST
def reveal(request: StaffRequest, pk: int) -> HttpResponse:
    """Show the reporter's identity to a supervisor in scope; the viewing is logged."""
    report = selectors.report_for(request.user, pk)
    try:
        identity = services.reveal_reporter(request.user, report)
    except PermissionDenied as exc:
        raise Http404 from exc
    if getattr(request, "htmx", False):
        return render(request, "reports/_reporter.html", {"report": report, "identity": identity})
    context = _detail_context(request, report)
    context["identity"] = identity
    return render(request, "reports/detail.html", context)


@login_required
@require_GET
def evidence_file(request: StaffRequest, pk: int, variant: str) -> HttpResponseBase:
    """Serve evidence: the stripped display copy to staff in scope, the original byte-for-byte only
    to supervisors in scope and the administrator (``view_pii``), each download in the custody log."""
    if variant not in ("asli", "tampilan"):
        raise Http404
    item = selectors.evidence_for(request.user, pk, "view_pii" if variant == "asli" else "view")
    relpath = item.storage_path if variant == "asli" else item.display_path
    if not relpath:
        raise Http404
    try:
        path = ev.open_private(relpath)
        handle = path.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    if variant == "asli":
        custody.record_download(request.user, item)
        ext = ev.EXTENSIONS.get(item.content_type, "")
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=f"bukti-{item.pk}-{item.sha256[:12]}{ext}",
            content_type=item.content_type or "application/octet-stream",
        )
    else:
        response = FileResponse(handle, content_type=mimetypes.guess_type(path.name)[0] or "image/jpeg")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
