"""Webhook endpoints of the chat channels: verify, store once, answer at once; the work runs in a task.

A request whose signature (WhatsApp) or secret header (Telegram) does not verify is refused with
403 and nothing is stored. A channel without its secrets configured does not exist (404).
"""

from __future__ import annotations

import logging

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from netral.chat import services
from netral.chat.adapters import ADAPTERS
from netral.chat.adapters.base import Adapter
from netral.chat.adapters.whatsapp import WhatsAppAdapter

logger = logging.getLogger(__name__)

# A webhook body is a few kilobytes; media come by reference, never in the body.
MAX_BODY = 1024 * 1024


def _receive(request: HttpRequest, adapter: Adapter) -> HttpResponse:
    if len(request.body) > MAX_BODY:
        return HttpResponse(status=413)
    if not adapter.verify(request):
        logger.warning("%s webhook refused: signature does not verify", adapter.channel)
        return HttpResponse("signature does not verify", status=403, content_type="text/plain")
    try:
        events = adapter.parse(request.body)
    except (ValueError, TypeError, KeyError, AttributeError):
        return HttpResponse("not a webhook body", status=400, content_type="text/plain")
    result = services.receive(events)
    return JsonResponse({"ok": True, "new": result.new, "replayed": result.replayed, "limited": result.limited})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def whatsapp_webhook(request: HttpRequest) -> HttpResponse:
    adapter = ADAPTERS["whatsapp"]
    if not adapter.enabled():
        raise Http404
    if request.method == "GET":
        assert isinstance(adapter, WhatsAppAdapter)
        challenge = adapter.verify_subscription(request.GET)
        if challenge is None:
            return HttpResponse(status=403)
        return HttpResponse(challenge, content_type="text/plain")
    return _receive(request, adapter)


@csrf_exempt
@require_POST
def telegram_webhook(request: HttpRequest) -> HttpResponse:
    adapter = ADAPTERS["telegram"]
    if not adapter.enabled():
        raise Http404
    return _receive(request, adapter)
