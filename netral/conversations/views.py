"""Pages of the conversation: a supervisor's message from the case page, the reporter's answer on the
lookup page, and the opt-out link of a notice. Views parse and render; writes go through ``services``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from netral.cases.selectors import case_detail
from netral.conversations import notify, selectors, services
from netral.conversations.choices import Channel
from netral.conversations.forms import AskForm, ReplyForm
from netral.core import db
from netral.core.http import StaffRequest
from netral.core.ratelimit import limited
from netral.reports import selectors as report_selectors
from netral.reports import services as report_services
from netral.reports.forms import AddInformationForm, ReceiptLookupForm
from netral.reports.models import Report
from netral.reports.views import lookup_rate, too_many


def _form_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def panel_context(request: HttpRequest, case: Any, form: AskForm | None = None, sent: bool = False) -> dict[str, Any]:
    """What the case page's conversation panel shows to this user (empty for roles that see no thread)."""
    threads = selectors.staff_threads(request.user, case)
    writable = selectors.writable_reports(request.user, case) if threads else []
    closed = bool(threads) and services.is_closed(threads[0].report)
    if form is None and writable and not closed:
        form = AskForm(reports=writable)
    return {
        "case": case,
        "threads": threads,
        "ask_form": form if writable and not closed else None,
        "closed": closed,
        "sent": sent,
        "request": request,
    }


@login_required
@require_POST
def ask(request: StaffRequest, number: str) -> HttpResponse:
    """A supervisor sends a question or a request for documents from the case page."""
    case = case_detail(request.user, number)
    reports = selectors.writable_reports(request.user, case)
    if not reports:
        raise Http404
    form = AskForm(request.POST, reports=reports)
    if form.is_valid():
        report = next(r for r in reports if r.pk == form.cleaned_data["report"])
        try:
            services.ask(
                request.user,
                report,
                form.cleaned_data["text"],
                kind=form.cleaned_data["kind"],
                completion_request=form.cleaned_data["completion_request"],
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        except services.ThreadClosed:
            form.add_error(None, _("Perkara ini sudah selesai; percakapan tidak dapat dilanjutkan."))
        except PermissionDenied as exc:
            raise Http404 from exc
        else:
            if getattr(request, "htmx", False):
                return render(request, "conversations/_case_threads.html", panel_context(request, case, sent=True))
            messages.success(request, _("Pesan terkirim kepada pelapor."))
            return redirect(reverse("cases:detail", args=[case.number]) + "#percakapan")
    context = panel_context(request, case, form=form)
    if getattr(request, "htmx", False):
        return render(request, "conversations/_case_threads.html", context)
    return render(request, "conversations/ask.html", context, status=400)


def _lookup_page(
    request: HttpRequest, report: Report, code: str, reply_form: ReplyForm, **extra: Any
) -> dict[str, Any]:
    return {
        "form": ReceiptLookupForm(initial={"code": code}),
        "status": report_selectors.receipt_status(report),
        "not_found": False,
        "add_form": AddInformationForm(initial={"code": code}),
        "receipt_code": code,
        "reply_form": reply_form,
        **extra,
    }


@require_POST
@limited("receipt_lookup", lookup_rate, response=too_many)
def reply(request: HttpRequest) -> HttpResponse:
    """The reporter answers on the lookup page with text and files; the receipt code is the key."""
    code = (request.POST.get("code") or "")[:80]
    try:
        report = report_services.find_by_receipt(code)
    except report_services.ReceiptNotFound:
        context = {"form": ReceiptLookupForm(), "status": None, "not_found": True, "add_form": None}
        return render(request, "reports/lookup.html", context)
    form = ReplyForm(request.POST, request.FILES)
    status, sent, retry_after = 200, False, None
    if form.is_valid():
        try:
            services.answer(report, form.cleaned_data["text"], form.cleaned_data.get("evidence") or [])
        except ValidationError as exc:
            _form_errors(form, exc)
            status = 400
        except services.ThreadClosed:
            form.add_error(None, _("Penanganan laporan ini sudah selesai; pesan tidak dapat dikirim lagi."))
            status = 409
        except services.ThreadFlood as exc:
            form.add_error(
                None,
                _(
                    "Terlalu banyak pesan untuk laporan ini dalam satu jam. Pesan Anda belum terkirim; "
                    "coba lagi dalam %(m)d menit."
                )
                % {"m": max(1, exc.retry_after // 60)},
            )
            status, retry_after = 429, exc.retry_after
        except db.Busy:
            form.add_error(None, _("Server sedang sibuk dan pesan Anda belum terkirim. Coba lagi sebentar lagi."))
            status, retry_after = 503, 5
        else:
            sent = True
            form = ReplyForm(initial={"code": code})
    else:
        status = 400
    response = render(
        request, "reports/lookup.html", _lookup_page(request, report, code, form, reply_sent=sent), status=status
    )
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


@require_http_methods(["GET", "POST"])
def opt_out(request: HttpRequest, token: str) -> HttpResponse:
    """The link in every notice: confirm, then no more notices on that channel for that report.

    A GET only asks (mail scanners follow links); the POST records the choice.
    """
    parsed = notify.read_opt_out_token(token)
    report = Report.objects.filter(pk=parsed[0]).first() if parsed else None
    if parsed is None or report is None or parsed[1] not in Channel.values:
        return render(request, "conversations/opt_out.html", {"invalid": True}, status=404)
    channel = parsed[1]
    done = False
    if request.method == "POST":
        services.opt_out(report, channel)
        done = True
    context = {"hint": report.receipt_hint, "channel": Channel(channel).label, "done": done, "token": token}
    return render(request, "conversations/opt_out.html", context)
