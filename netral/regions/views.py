"""Election calendars: the list, one election's stages on a time axis, and the admin's edit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from netral.core.http import StaffRequest
from netral.regions import services, timeline
from netral.regions.calendar import stage_at
from netral.regions.forms import ElectionForm, StageFormSet, duplicate_codes
from netral.regions.models import Election


def _is_admin(user: object) -> bool:
    return bool(getattr(user, "is_authenticated", False) and (user.is_superuser or user.role == "admin"))  # type: ignore[attr-defined]


def elections(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = [{"election": e, "stage": stage_at(e, today)} for e in Election.objects.all()]
    return render(request, "regions/elections.html", {"rows": rows, "today": today})


def calendar(request: HttpRequest, code: str) -> HttpResponse:
    election = get_object_or_404(Election, code=code)
    today = timezone.localdate()
    return render(
        request,
        "regions/calendar.html",
        {
            "election": election,
            "today": today,
            "layout": timeline.layout(election, today),
            "current": stage_at(election, today),
            "can_edit": _is_admin(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: StaffRequest, code: str) -> HttpResponse:
    if not _is_admin(request.user):
        raise Http404
    election = get_object_or_404(Election, code=code)
    form = ElectionForm(request.POST or None, instance=election, prefix="e")
    formset = StageFormSet(request.POST or None, queryset=election.stages.order_by("start", "order"), prefix="s")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        dup = duplicate_codes(formset)
        if dup:
            messages.error(request, _("Kode tahapan dipakai dua kali: %(codes)s") % {"codes": ", ".join(sorted(dup))})
        else:
            rows = []
            for f in formset.forms:
                data = f.cleaned_data
                if not data or (not f.instance.pk and not data.get("code")):
                    continue
                rows.append(
                    {
                        "pk": f.instance.pk,
                        "delete": bool(data.get("DELETE")),
                        **{
                            k: data.get(k)
                            for k in ("code", "name_id", "name_en", "start", "end", "vulnerable", "provisional")
                        },
                        "triage_stage": data.get("triage_stage") or "",
                    }
                )
            services.update_calendar(election, form.cleaned_data, rows, user=request.user)
            messages.success(request, _("Kalender disimpan."))
            return redirect("regions:calendar", code=election.code)
    return render(request, "regions/calendar_edit.html", {"election": election, "form": form, "formset": formset})
