"""Pages of the ASN registry: list, detail, import with live progress, staff look-up, public match.

Thin: parse, call a selector/service, render. Scope comes from `restrict`/`get_scoped_or_404`.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from netral.accounts.choices import Role
from netral.core.http import HtmxRequest, StaffRequest
from netral.core.ratelimit import client_ip, hit
from netral.core.scoping import can, get_scoped_or_404
from netral.personnel import importer, lease, selectors, services
from netral.personnel.filtersets import ASNFilterSet
from netral.personnel.forms import ImportForm, LookupForm
from netral.personnel.identifiers import format_nip
from netral.personnel.lookup import likely_match_exists, match_person
from netral.personnel.models import ASN, ImportRun
from netral.personnel.tasks import run_registry_import

PAGE_SIZE = 50
STAFF_LOOKUP_ROLES = {Role.SUPERVISOR, Role.PPK, Role.BKN, Role.ADMIN}


@login_required
@require_GET
def registry_list(request: StaffRequest) -> HttpResponse:
    base = selectors.registry(request.user)
    filterset = ASNFilterSet(request.GET or None, queryset=base, user=request.user)
    qs = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    page = Paginator(qs.order_by("name", "id"), PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    can_import = request.user.role in (Role.PPK, Role.ADMIN) or request.user.is_superuser
    return render(
        request,
        "personnel/list.html",
        {"filter": filterset, "page": page, "query": params.urlencode(), "can_import": can_import},
    )


@login_required
@require_GET
def detail(request: StaffRequest, pk: int) -> HttpResponse:
    asn = get_scoped_or_404(ASN.objects.select_related("agency", "unit", "region"), request.user, "view", pk=pk)
    return render(
        request,
        "personnel/detail.html",
        {
            "asn": asn,
            "nip": format_nip(asn.identifier),
            "has_nik": bool(asn.nik_index),
            "can_change": can(request.user, asn, "change"),
        },
    )


@login_required
@require_POST
def set_active(request: StaffRequest, pk: int) -> HttpResponse:
    active = request.POST.get("active") == "1"
    services.set_active(request.user, pk, active)
    messages.success(request, _("Status ASN diperbarui."))
    return redirect("personnel:detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: StaffRequest) -> HttpResponse:
    services.import_agency_for(request.user, None)  # PermissionDenied for roles that may not import
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            run = services.prepare_import(
                request.user,
                form.stored_path,
                file_name=upload.name,
                agency=form.cleaned_data.get("agency"),
                restart=form.cleaned_data["restart"],
            )
        except importer.FileError as exc:
            form.add_error("file", str(exc))
        else:
            run_registry_import.enqueue(run.pk)
            return redirect("personnel:import_status", pk=run.pk)
    runs = selectors.import_runs(request.user)[:10]
    return render(request, "personnel/import.html", {"form": form, "runs": runs})


@login_required
@require_GET
def import_status(request: StaffRequest, pk: int) -> HttpResponse:
    run = get_scoped_or_404(selectors.import_runs(request.user), request.user, "view", pk=pk)
    template = "personnel/_import_progress.html" if request.htmx else "personnel/import_status.html"
    context = {"run": run, "dead": lease.is_dead(run), "can_resume": services.can_resume(request.user, run)}
    return render(request, template, context)


@login_required
@require_POST
def import_resume(request: StaffRequest, pk: int) -> HttpResponse:
    """ "Lanjutkan impor": queue a failed run, or one whose worker died, from where it stopped."""
    try:
        services.resume_import(request.user, pk)
    except importer.FileError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Impor dilanjutkan dari baris terakhir yang tersimpan."))
    return redirect("personnel:import_status", pk=pk)


@login_required
@require_GET
def import_errors(request: StaffRequest, pk: int) -> HttpResponse:
    run = get_scoped_or_404(ImportRun.objects.all(), request.user, "view", pk=pk)
    response = HttpResponse(importer.errors_csv(run), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="galat-impor-{run.pk}.csv"'
    return response


@login_required
@require_GET
def lookup(request: StaffRequest) -> HttpResponse:
    if request.user.role not in STAFF_LOOKUP_ROLES and not request.user.is_superuser:
        raise PermissionDenied
    form = LookupForm(request.GET or None, user=request.user)
    candidates = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        candidates = match_person(
            data["name"],
            agency=data.get("agency"),
            position=data.get("position"),
            region_code=data.get("region_code") or None,
            limit=10,
            user=request.user,
        )
    template = "personnel/_candidates.html" if request.htmx else "personnel/lookup.html"
    return render(request, template, {"form": form, "candidates": candidates})


def public_match_rate() -> int:
    return int(getattr(settings, "PERSON_MATCH_RATE", 60))


@require_GET
def public_match(request: HtmxRequest) -> HttpResponse:
    """Public form helper: says only whether a likely ASN match exists — never who.

    Parameters: `nama`, and `instansi` (agency code or id) or `wilayah` (region code). An
    agency or region is required so the endpoint cannot be used to search the whole country.
    """
    name = (request.GET.get("nama") or "").strip()[:200]
    agency = (request.GET.get("instansi") or "").strip()[:40] or None
    region = importer.normalize_region_code((request.GET.get("wilayah") or "").strip()[:13]) or None
    if not hit("person_match", client_ip(request), public_match_rate(), 3600):
        payload: dict[str, object] = {
            "status": "limited",
            "match": None,
            "message": _("Terlalu banyak permintaan; coba lagi nanti."),
        }
        return _public_answer(request, payload, status=429)
    if len(name) < 3 or (agency is None and region is None):
        payload = {
            "status": "incomplete",
            "match": None,
            "message": _("Isi nama (minimal 3 huruf) dan instansi atau wilayah tempat ASN itu bekerja."),
        }
        return _public_answer(request, payload, status=400)
    found = likely_match_exists(name, agency=agency, region_code=region)
    payload = {
        "status": "ok",
        "match": found,
        "message": _("Apakah yang Anda maksud seorang ASN di instansi ini? Ya, ada data yang cocok.")
        if found
        else _("Belum ada data ASN yang cocok. Laporan tetap dapat dikirim."),
    }
    return _public_answer(request, payload)


def _public_answer(request: HtmxRequest, payload: Mapping[str, object], status: int = 200) -> HttpResponse:
    if request.htmx:
        return render(request, "personnel/_public_match.html", payload, status=status)
    response = JsonResponse(payload, status=status)
    response["Cache-Control"] = "no-store"
    return response
