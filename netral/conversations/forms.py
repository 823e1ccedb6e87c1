"""Forms of the conversation: the supervisor's question on the case page, the reporter's answer."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from netral.conversations import clock
from netral.conversations.choices import MessageKind
from netral.conversations.services import MAX_TEXT
from netral.reports.forms import MultipleFileField


class AskForm(forms.Form):
    report = forms.TypedChoiceField(label=_("Kepada pelapor laporan"), coerce=int)
    kind = forms.ChoiceField(
        label=_("Jenis pesan"),
        choices=[
            (MessageKind.QUESTION, MessageKind.QUESTION.label),
            (MessageKind.DOCUMENTS, MessageKind.DOCUMENTS.label),
        ],
        initial=MessageKind.QUESTION,
    )
    text = forms.CharField(
        label=_("Pesan"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Pelapor membacanya di halaman lacak laporan (dan di chat, jika melapor lewat chat)."),
    )
    completion_request = forms.BooleanField(label=_("Permintaan kelengkapan resmi"), required=False)

    def __init__(self, *args: Any, reports: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["report"]
        field.choices = [(r.pk, f"#{r.pk} · {r.submitted_at:%d/%m/%Y}") for r in reports]  # type: ignore[attr-defined]
        if len(reports) == 1:
            field.initial = reports[0].pk
            field.widget = forms.HiddenInput()
        self.fields["completion_request"].help_text = _(
            "Menjalankan tenggat %(days)s hari bagi pelapor untuk melengkapi laporan (Perbawaslu 8/2020)."
        ) % {"days": clock.days()}


class ReplyForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput, max_length=80)
    text = forms.CharField(
        label=_("Jawaban Anda"), max_length=MAX_TEXT, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    evidence = MultipleFileField(label=_("Lampiran (foto, PDF atau video)"))
