"""Administrators edit an election's calendar: the election's dates and its stage rows."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from netral.core.widgets import DateInput
from netral.regions.models import Election, Stage

TRIAGE_STAGES = ["", "pra-kampanye", "pencalonan", "kampanye", "masa-tenang", "pemungutan", "rekapitulasi"]


class ElectionForm(forms.ModelForm):
    class Meta:
        model = Election
        fields = ["name_id", "name_en", "voting_date", "regulation", "provisional"]
        widgets = {"voting_date": DateInput()}


class StageForm(forms.ModelForm):
    triage_stage = forms.ChoiceField(
        label=_("Tahap triase"), choices=[(t, t or "—") for t in TRIAGE_STAGES], required=False
    )

    class Meta:
        model = Stage
        fields = ["code", "name_id", "name_en", "start", "end", "vulnerable", "provisional", "triage_stage"]
        widgets = {
            "start": DateInput(),
            "end": DateInput(),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("Tanggal selesai sebelum tanggal mulai."))
        return data

    def validate_unique(self) -> None:
        """Codes are checked across the whole formset (rows may swap codes), not row by row."""


StageFormSet = forms.modelformset_factory(Stage, form=StageForm, extra=1, can_delete=True)


def duplicate_codes(formset: Any) -> set[str]:
    seen: set[str] = set()
    dup: set[str] = set()
    for form in formset.forms:
        data = getattr(form, "cleaned_data", {}) or {}
        if not data or data.get("DELETE") or not data.get("code"):
            continue
        code = data["code"]
        (dup if code in seen else seen).add(code)
    return dup
