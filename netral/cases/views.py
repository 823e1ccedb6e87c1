"""Case pages: the role's queue, the filtered list and its CSV export, the detail with its actions.

Views only parse and render; every write goes through ``cases.services`` and every read
through ``cases.selectors`` (scoped). Another region's case answers 404.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from netral.cases import selectors, services, workflow
from netral.cases.choices import CaseStatus, SubjectKind
from netral.cases.filtersets import CaseFilterSet
from netral.cases.forms import TransitionForm
from netral.cases.models import Case
from netral.core import csvexport
from netral.core.http import StaffRequest
from netral.core.scoping import can

if TYPE_CHECKING:
    from netral.core.types import User

PAGE_SIZE = 50


def _rows(cases: Any, now: Any, user: User | None = None) -> list[dict[str, Any]]:
    """Rows for the tables, with labels resolved once per page (get_FOO_display re-hashes lazy choices per call)."""
    statuses = {value: str(label) for value, label in CaseStatus.choices}
    kinds = {value: str(label) for value, label in SubjectKind.choices}
    nips = selectors.confirmed_nips(cases) if user is not None and selectors.may_see_accused(user) else {}
    return [
        {
            "case": c,
            "nip": nips.get(c.pk, ""),
            "clock": services.running_clock(c, now),
            "status": statuses.get(c.status, c.status),
            "subject_kind": kinds.get(c.subject_kind, c.subject_kind),
        }
        for c in cases
    ]


@login_required
@require_GET
def queue(request: StaffRequest) -> HttpResponse:
    """What waits for the user's role, overdue first."""
    now = timezone.now()
    page, cases = selectors.page_of(selectors.queue_for(request.user), request.GET.get("page"), PAGE_SIZE)
    return render(
        request,
        "cases/queue.html",
        {"page": page, "rows": _rows(cases, now, request.user), "role": workflow.role_of(request.user)},
    )


@login_required
@require_GET
def case_list(request: StaffRequest) -> HttpResponse:
    now = timezone.now()
    filterset = CaseFilterSet(request.GET or None, queryset=selectors.cases_for(request.user))
    # An invalid filter shows its error at the field and no rows, never a 500 and never everything.
    qs = filterset.qs if not filterset.is_bound or filterset.is_valid() else filterset.queryset.none()
    page, cases = selectors.page_of(qs, request.GET.get("page"), PAGE_SIZE)
    params = request.GET.copy()
    params.pop("page", None)
    htmx = getattr(request, "htmx", None)
    template = "cases/_list_rows.html" if htmx and not htmx.boosted else "cases/list.html"
    return render(
        request,
        template,
        {"filter": filterset, "page": page, "rows": _rows(cases, now, request.user), "params": params.urlencode()},
    )


EXPORT_HEADER = [
    "nomor",
    "status",
    "jenis_terlapor",
    "kode_wilayah",
    "wilayah",
    "instansi",
    "pemilihan",
    "tahapan",
    "jalur",
    "lembaga_rekomendasi",
    "nomor_registrasi",
    "sanksi_rekomendasi",
    "nomor_keputusan",
    "tanggal_keputusan",
    "nomor_perkara_pengadilan",
    "aturan_tenggat",
    "tenggat",
    "lewat_tenggat",
    "dibuat",
]
# Only for the roles that may read the accused's identity (``selectors.may_see_accused``).
ACCUSED_HEADER = ["nama_terlapor", "nip_terlapor", "status_terlapor"]


def _export_rows(qs: Any, with_accused: bool = False) -> Iterator[list[str]]:
    """One row per case; never the reporter's data (the case holds none, and we add none). With
    `with_accused`, the confirmed registry person's name and NIP (empty until confirmed)."""
    now = timezone.now()
    yield EXPORT_HEADER + (ACCUSED_HEADER if with_accused else [])
    if with_accused:
        qs = selectors.with_accused_columns(qs)
    for c in qs.iterator(chunk_size=2000):
        accused = [c.accused_registry_name or "", c.accused_nip or "", c.accused_status] if with_accused else []
        yield [
            c.number,
            c.status,
            c.subject_kind,
            c.region_code,
            c.region.name,
            c.agency.name if c.agency_id else "",
            c.election.code if c.election_id else "",
            c.stage.code if c.stage_id else "",
            c.route,
            c.recommending_body,
            c.registration_number,
            c.sanction_level.code if c.sanction_level_id else "",
            c.decree_number,
            c.decree_date.isoformat() if c.decree_date else "",
            c.court_case_number,
            c.deadline_rule,
            timezone.localtime(c.deadline_at).isoformat() if c.deadline_at else "",
            "ya" if c.deadline_at and c.deadline_at < now else "",
            timezone.localtime(c.created_at).isoformat(),
            *accused,
        ]


@login_required
@require_GET
def export(request: StaffRequest) -> StreamingHttpResponse:
    """The filtered list as CSV, streamed and scoped."""
    filterset = CaseFilterSet(request.GET or None, queryset=selectors.cases_for(request.user, "export"))
    qs = filterset.qs if not filterset.is_bound or filterset.is_valid() else filterset.queryset.none()
    rows = _export_rows(qs, with_accused=selectors.may_see_accused(request.user))
    header = next(rows)
    return csvexport.streaming_response(header, rows, f"perkara-{timezone.localdate():%Y%m%d}", bom=False)


def detail_context(request: HttpRequest, case: Case, bound: TransitionForm | None = None) -> dict[str, Any]:
    may_change = can(request.user, case, "change")
    forms = []
    if may_change:
        for spec in workflow.transitions_for(case, request.user):
            if bound is not None and bound.spec.target == spec.target:
                forms.append(bound)
            else:
                forms.append(TransitionForm(spec, case))
    return {
        "case": case,
        "clock": services.running_clock(case),
        "regulation": services.regulation_of(case),
        "timeline": selectors.timeline(case),
        "gakkumdu_steps": selectors.gakkumdu_steps(case),
        "forms": forms,
        # The attached reports and the join form are the reports app's panels (``case_reports`` tags).
        "may_join": may_change and workflow.may_join(case, request.user),
        "same_person_cases": (
            selectors.same_person_cases(case, request.user)
            if may_change and workflow.may_join(case, request.user)
            else []
        ),
        "violation_types": list(case.violation_types.all()),
        # Cases joined into this one that the user may open (another region's are in the count above).
        "joined_cases": list(Case.objects.restrict(request.user).filter(merged_into=case).only("number")),
    }


@login_required
@require_GET
def detail(request: StaffRequest, number: str) -> HttpResponse:
    case = selectors.case_detail(request.user, number)
    return render(request, "cases/detail.html", detail_context(request, case))


@login_required
@require_POST
def transition(request: StaffRequest, number: str, target: str) -> HttpResponse:
    """Apply one move from the detail page; errors are shown at their fields, nothing half-saved."""
    case = selectors.case_detail(request.user, number)
    spec = workflow.TRANSITIONS.get((case.status, target))
    if spec is None or workflow.role_of(request.user) not in spec.roles:
        messages.error(request, _("Langkah ini tidak tersedia untuk perkara ini atau untuk peran Anda."))
        return redirect("cases:detail", number=case.number)
    form = TransitionForm(spec, case, request.POST)
    if form.is_valid():
        try:
            services.transition_case(case, target, user=request.user, **form.service_kwargs())
        except services.TransitionRefused as exc:
            form.add_service_errors(exc.errors)
        else:
            messages.success(request, _("Status perkara diperbarui: %(label)s.") % {"label": spec.label})
            return redirect("cases:detail", number=case.number)
    status = 200 if getattr(request, "htmx", False) else 400
    return render(request, "cases/detail.html", detail_context(request, case, bound=form), status=status)


def _file_context(request: HttpRequest, number: str) -> dict[str, Any]:
    case = selectors.case_detail(request.user, number)
    return {
        "case": case,
        "transitions": selectors.timeline(case),
        "violation_types": list(case.violation_types.all()),
        "sanction_level": case.sanction_level,
        "generated_at": timezone.now(),
        "generated_by": request.user,
        "ppk": case.agency.ppk_on(timezone.localdate()) if case.agency is not None else None,
        "accused": selectors.accused_identity(case),
        "can_pii": can(request.user, case, "view_pii"),
    }


def _pdf(request: StaffRequest, template: str, context: dict[str, Any], filename: str) -> HttpResponse:
    from weasyprint import HTML

    html = render_to_string(template, context, request=request)
    response = HttpResponse(
        HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="{filename}.pdf"'
    return response


@login_required
@require_GET
def case_pdf(request: StaffRequest, number: str) -> HttpResponse:
    """The case file: details, legal timeline, decisions and evidence hashes (no reporter data)."""
    return _pdf(request, "cases/pdf/case.html", _file_context(request, number), number)


def _accused_refused(request: StaffRequest, case: Case, errors: dict[str, list[str]]) -> HttpResponse:
    """The case page again with the panel's errors (nothing was saved)."""
    ctx = detail_context(request, case)
    ctx["accused_errors"] = errors
    status = 200 if getattr(request, "htmx", False) else 400
    return render(request, "cases/detail.html", ctx, status=status)


@login_required
@require_POST
def accused_confirm(request: StaffRequest, number: str) -> HttpResponse:
    """Confirm a registry person as the accused (a person outside the registry scope answers 404)."""
    case = selectors.case_detail(request.user, number)
    if not request.POST.get("asn"):
        return _accused_refused(request, case, {"asn": [_("Pilih salah satu kandidat dari registri.")]})
    try:
        services.confirm_accused(
            case,
            request.POST.get("asn"),
            user=request.user,
            reason=request.POST.get("reason", "")[:2000],
            expected=request.POST.get("expected"),
        )
    except services.AccusedRefused as exc:
        return _accused_refused(request, case, exc.errors)
    messages.success(request, _("Terlapor dikonfirmasi sebagai orang dalam registri ASN."))
    return redirect("cases:detail", number=case.number)


@login_required
@require_POST
def accused_reject(request: StaffRequest, number: str) -> HttpResponse:
    """Record that the accused is not in the registry (with a reason)."""
    case = selectors.case_detail(request.user, number)
    try:
        services.reject_accused(
            case, user=request.user, reason=request.POST.get("reason", "")[:2000], expected=request.POST.get("expected")
        )
    except services.AccusedRefused as exc:
        return _accused_refused(request, case, exc.errors)
    messages.success(request, _("Dicatat: terlapor tidak ada di registri ASN."))
    return redirect("cases:detail", number=case.number)
