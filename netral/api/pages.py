"""HTML pages of the api app: one's own API token, and the webhook delivery log (admins)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from rest_framework.authtoken.models import Token

from netral.api import services
from netral.api.filtersets import WebhookDeliveryFilterSet
from netral.api.models import WebhookDelivery
from netral.api.permissions import is_admin
from netral.core.http import StaffRequest


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: StaffRequest) -> HttpResponse:
    """Create (or replace) and revoke the signed-in official's API token. The key is shown once."""
    new_key = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            if services.revoke_token(request.user):
                messages.success(request, _("Token API dicabut. Aplikasi yang memakainya tidak bisa masuk lagi."))
            return redirect("api:tokens")
        token = services.rotate_token(request.user)
        new_key = token.key
    existing = Token.objects.filter(user=request.user).first()
    return render(request, "api/tokens.html", {"token": existing, "new_key": new_key})


@login_required
def deliveries(request: StaffRequest) -> HttpResponse:
    """The webhook delivery log, filterable, for administrators (404 for everyone else)."""
    if not is_admin(request.user):
        raise Http404
    filterset = WebhookDeliveryFilterSet(request.GET, queryset=WebhookDelivery.objects.select_related("endpoint"))
    qs = filterset.qs if filterset.is_valid() else WebhookDelivery.objects.none()
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "api/deliveries.html", {"filterset": filterset, "page": page})
