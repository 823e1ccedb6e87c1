"""The conversation's panels on pages of other apps, so those apps need no import of this one.

``{% include "conversations/_case_panel.html" %}`` on the case page and
``{% include "conversations/_lookup_thread.html" %}`` on the receipt lookup page.
"""

from __future__ import annotations

from typing import Any

from django import template

from netral.conversations import selectors, services
from netral.conversations.forms import ReplyForm
from netral.reports import services as report_services

register = template.Library()


@register.inclusion_tag("conversations/_case_threads.html", takes_context=True)
def case_conversation(context: template.Context, case: Any) -> dict[str, Any]:
    from netral.conversations.views import panel_context

    request = context["request"]
    data = panel_context(request, case, form=context.get("ask_form"))
    data["csrf_token"] = context.get("csrf_token")
    return data


@register.inclusion_tag("conversations/_reporter_thread.html", takes_context=True)
def receipt_conversation(context: template.Context, code: str) -> dict[str, Any]:
    try:
        report = report_services.find_by_receipt(code)
    except report_services.ReceiptNotFound:
        return {"report": None}
    form = context.get("reply_form") or ReplyForm(initial={"code": code})
    return {
        "report": report,
        "entries": selectors.reporter_thread(report),
        "open_request": selectors.open_request(report),
        "closed": services.is_closed(report),
        "reply_form": form,
        "reply_sent": context.get("reply_sent", False),
        "csrf_token": context.get("csrf_token"),
    }
