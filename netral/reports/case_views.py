"""The reports' part of the case page: joining the cases of one incident (their reports move).

The case page itself is the cases app's (``cases.views.detail_context``); joining writes ``Report``
rows, which only this app does, so its form posts here and a refusal re-renders the case page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from netral.cases import selectors as case_selectors
from netral.cases.views import detail_context
from netral.cases.workflow import TransitionRefused
from netral.core.http import StaffRequest
from netral.reports import services
from netral.reports.forms import JoinForm


@login_required
@require_POST
def join_cases(request: StaffRequest, number: str) -> HttpResponse:
    case = case_selectors.case_detail(request.user, number)
    form = JoinForm(request.POST)
    if form.is_valid():
        numbers = form.numbers()
        others = list(case_selectors.cases_for(request.user, "change").filter(number__in=numbers))
        missing = sorted(set(numbers) - {c.number for c in others})
        if missing:
            form.add_error(
                "others", _("Tidak ditemukan di wilayah Anda: %(numbers)s.") % {"numbers": ", ".join(missing)}
            )
        else:
            try:
                services.join_cases(case, others, user=request.user, reason=form.cleaned_data["reason"])
            except TransitionRefused as exc:
                for name, msgs in exc.errors.items():
                    for msg in msgs:
                        form.add_error(name if name in form.fields else None, msg)
            else:
                messages.success(request, _("%(n)d perkara digabungkan ke perkara ini.") % {"n": len(others)})
                return redirect("cases:detail", number=case.number)
    context = detail_context(request, case)
    context["join_form"] = form
    return render(request, "cases/detail.html", context, status=200 if getattr(request, "htmx", False) else 400)
