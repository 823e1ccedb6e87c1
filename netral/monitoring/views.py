"""Pages of the monitoring inbox. Thin: parse, call a selector or service, render."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from netral.core.http import StaffRequest
from netral.core.scoping import can, get_scoped_or_404
from netral.monitoring import selectors, services
from netral.monitoring.choices import ItemStatus
from netral.monitoring.filtersets import ItemFilterSet
from netral.monitoring.forms import FeedbackForm, FindingForm, UploadForm, finding_initial
from netral.monitoring.models import Batch, Feedback, Item

if TYPE_CHECKING:
    from netral.core.types import RequestUser

PAGE_SIZE = 25


def _is_htmx(request: HttpRequest) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not getattr(htmx, "boosted", False)


@login_required
@require_GET
def inbox(request: StaffRequest) -> HttpResponse:
    user = request.user
    filterset = ItemFilterSet(request.GET or None, queryset=selectors.inbox_items(user), user=user)
    qs = filterset.qs if filterset.is_bound and filterset.is_valid() else selectors.inbox_items(user)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "monitoring/inbox.html",
        {
            "filter": filterset,
            "page": page,
            "query": params.urlencode(),
            "pending": selectors.pending_count(user),
        },
    )


@login_required
@require_GET
def copies(request: StaffRequest, pk: int) -> HttpResponse:
    leader = get_scoped_or_404(Item.objects.all(), request.user, "view", pk=pk)
    return render(
        request, "monitoring/_copies.html", {"leader": leader, "copies": selectors.copies_of(request.user, leader)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: StaffRequest) -> HttpResponse:
    if not services.can_upload(request.user):
        raise PermissionDenied
    posted = request.method == "POST"
    form = UploadForm(request.POST if posted else None, request.FILES if posted else None)
    if request.method == "POST" and form.is_valid():
        batch = services.create_batch(
            request.user, form.cleaned_data["parsed"], file_name=form.cleaned_data["file_name"]
        )
        messages.success(request, _("Kiriman diterima: %(n)s butir masuk antrean analisis.") % {"n": batch.total})
        return redirect("monitoring:batch", pk=batch.pk)
    return render(request, "monitoring/upload.html", {"form": form})


@login_required
@require_GET
def batch_list(request: StaffRequest) -> HttpResponse:
    page = Paginator(selectors.batches_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "monitoring/batch_list.html", {"page": page})


@login_required
@require_GET
def batch_detail(request: StaffRequest, pk: int) -> HttpResponse:
    batch = get_scoped_or_404(Batch.objects.select_related("uploaded_by"), request.user, "view", pk=pk)
    visible = selectors.visible_items(request.user).filter(batch=batch)
    # Errors carry no text and no location: the batch's scope is enough to list them.
    errors = Item.objects.filter(batch=batch, status=ItemStatus.ERROR).order_by("position")
    hidden = Item.objects.filter(batch=batch, status=ItemStatus.ANALYSED).exclude(pk__in=visible.values("pk")).count()
    return render(
        request,
        "monitoring/batch_detail.html",
        {
            "batch": batch,
            "items": visible.filter(status=ItemStatus.ANALYSED).order_by("-score", "position")[:200],
            "pending": Item.objects.filter(batch=batch, status=ItemStatus.PENDING).count(),
            "errors": errors.values("position", "external_id", "error")[:500],
            "hidden": hidden,
        },
    )


def _item_context(request: HttpRequest, item: Item, feedback_form: FeedbackForm | None = None) -> dict[str, object]:
    return {
        "item": item,
        "feedback": selectors.feedback_for(request.user, item),
        "feedback_form": feedback_form or FeedbackForm(initial={"kind": item.kind, "acts": item.acts}),
        "can_find": item.finding_id is None
        and item.status == ItemStatus.ANALYSED
        and can(request.user, item, "change"),
        "copies": selectors.copies_of(request.user, item) if item.is_leader else None,
        "leader": item.duplicate_of
        if item.duplicate_of_id and can(request.user, item.duplicate_of, "view")  # type: ignore[arg-type]
        else None,
        "case_url": _case_url(item, request.user),
        # The batch (another uploader's, perhaps another region's) is linked only when it can be opened.
        "batch_visible": can(request.user, item.batch, "view"),
        "matches": selectors.registry_matches(request.user, item),
    }


def _case_url(item: Item, user: RequestUser) -> str:
    case = item.finding.case if item.finding_id is not None and item.finding is not None else None
    if case is None or not can(user, case, "view"):
        return ""
    return reverse("cases:detail", kwargs={"number": case.number})


@login_required
@require_GET
def item_detail(request: StaffRequest, pk: int) -> HttpResponse:
    item = get_scoped_or_404(
        Item.objects.select_related("batch", "finding__case", "duplicate_of"), request.user, "view", pk=pk
    )
    return render(request, "monitoring/item_detail.html", _item_context(request, item))


@login_required
@require_POST
def item_feedback(request: StaffRequest, pk: int) -> HttpResponse:
    item = get_scoped_or_404(Item.objects.all(), request.user, "view", pk=pk)
    form = FeedbackForm(request.POST)
    saved = False
    if form.is_valid():
        try:
            services.record_feedback(
                request.user,
                item,
                form.cleaned_data["verdict"],
                kind=form.cleaned_data.get("kind") or "",
                acts=form.cleaned_data.get("acts") or [],
                note=form.cleaned_data.get("note") or "",
            )
            saved = True
        except ValidationError as exc:
            form.add_error(None, exc)
    item.refresh_from_db()
    if _is_htmx(request):
        ctx = _item_context(request, item, None if saved else form)
        ctx["saved"] = saved
        # 200 even when invalid: htmx does not swap 4xx responses, and the errors must show.
        return render(request, "monitoring/_feedback.html", ctx)
    if saved:
        messages.success(request, _("Umpan balik tersimpan."))
        return redirect("monitoring:item", pk=item.pk)
    return render(request, "monitoring/item_detail.html", _item_context(request, item, form), status=422)


@login_required
@require_http_methods(["GET", "POST"])
def item_finding(request: StaffRequest, pk: int) -> HttpResponse:
    item = get_scoped_or_404(Item.objects.select_related("finding__case"), request.user, "view", pk=pk)
    if not can(request.user, item, "change"):
        raise PermissionDenied  # analysts read the inbox; supervisors turn items into findings
    if item.finding_id is not None:
        messages.info(request, _("Butir ini sudah dijadikan temuan."))
        return redirect("monitoring:item", pk=item.pk)
    matches = selectors.registry_matches(request.user, item)
    form = FindingForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        item=item,
        initial=finding_initial(item),
        candidates=[c for _person, cands in matches for c in cands],
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.create_finding(request.user, item, form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)  # the reports service may name fields this form lacks
        else:
            messages.success(request, _("Temuan tercatat dan perkara dibuka."))
            item.refresh_from_db()
            return redirect(_case_url(item, request.user) or reverse("monitoring:item", args=[item.pk]))
    return render(request, "monitoring/finding_form.html", {"item": item, "form": form, "matches": matches})


@staff_member_required
@require_GET
def export_feedback(request: HttpRequest) -> StreamingHttpResponse:
    """Reviewers' verdicts as training data (JSONL in the eval schema), within the staff user's scope."""
    feedback = Feedback.objects.restrict(request.user, "export")
    lines = (json.dumps(rec, ensure_ascii=False) + "\n" for rec in selectors.training_records(feedback))
    response = StreamingHttpResponse(lines, content_type="application/x-ndjson; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="netral-feedback-{stamp}.jsonl"'
    return response
