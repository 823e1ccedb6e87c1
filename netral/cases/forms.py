"""Forms generated from the workflow table: one per allowed move, with the fields that move requires."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netral.cases import workflow
from netral.cases.choices import FollowUpAction, NotRegisteredReason, Route
from netral.cases.models import Case, SanctionLevel, ViolationType


class TransitionForm(forms.Form):
    """The inputs of one transition; the service validates again (the form is a convenience)."""

    reason = forms.CharField(label=_("Alasan / pertimbangan"), widget=forms.Textarea(attrs={"rows": 3}))
    acted_on = forms.DateField(
        label=_("Tanggal tindakan"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Kosongkan untuk hari ini; isi bila mencatat tindakan yang sudah dilakukan."),
    )

    def __init__(self, spec: workflow.Transition, case: Case, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"t-{spec.target}")
        super().__init__(*args, **kwargs)
        self.spec = spec
        self.case = case
        self.fields["reason"].required = spec.reason_required
        for name in spec.requires:
            self.fields[name] = self._field(name)

    def _field(self, name: str) -> forms.Field:
        spec, case = self.spec, self.case
        if name == "registration_number":
            return forms.CharField(label=_("Nomor registrasi"), max_length=60)
        if name == "not_registered_reason":
            return forms.ChoiceField(label=_("Alasan tidak diregistrasi"), choices=NotRegisteredReason.choices)
        if name == "route":
            allowed = workflow.SUBJECT_ROUTES.get(case.subject_kind, ())
            return forms.ChoiceField(label=_("Diteruskan ke"), choices=[(r, Route(r).label) for r in allowed])
        if name == "violation_types":
            return forms.ModelMultipleChoiceField(
                label=_("Jenis pelanggaran"),
                queryset=ViolationType.objects.all(),
                to_field_name="code",
                widget=forms.SelectMultiple(attrs={"size": 8}),
            )
        if name == "sanction_level":
            employment = case.employment_type
            levels = SanctionLevel.objects.select_related("track")
            levels = levels.filter(track__employment__in=["ALL", employment])
            field = forms.ModelChoiceField(
                label=_("Sanksi yang direkomendasikan"), queryset=levels, to_field_name="code"
            )
            field.label_from_instance = lambda lv: f"{lv.track.name}: {lv.name}"  # type: ignore[method-assign,assignment]
            return field
        if name == "decree_number":
            return forms.CharField(label=_("Nomor keputusan PPK"), max_length=120)
        if name == "decree_date":
            return forms.DateField(label=_("Tanggal keputusan PPK"), widget=forms.DateInput(attrs={"type": "date"}))
        if name == "follow_up_action":
            allowed = spec.choices.get("follow_up_action", tuple(FollowUpAction.values))
            return forms.ChoiceField(label=_("Tindak lanjut"), choices=[(a, FollowUpAction(a).label) for a in allowed])
        if name == "court_case_number":
            return forms.CharField(
                label=_("Nomor perkara pengadilan"),
                max_length=60,
                help_text=_("Nomor register perkara di pengadilan negeri, misalnya 12/Pid.S/2024/PN Bjr."),
            )
        raise KeyError(name)

    def clean_acted_on(self) -> Any:
        value = self.cleaned_data.get("acted_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("Tanggal tindakan tidak boleh di masa depan."))
        return value

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        reason = data.pop("reason", "") or ""
        if data.get("violation_types") is not None:
            data["violation_types"] = list(data["violation_types"])
        return {"reason": reason, **{k: v for k, v in data.items() if v not in (None, "")}}

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        for name, messages in errors.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)


class JoinForm(forms.Form):
    others = forms.CharField(
        label=_("Nomor perkara yang digabungkan"),
        help_text=_("Pisahkan dengan koma, misalnya NTR-2024-000012, NTR-2024-000015."),
        max_length=500,
    )
    reason = forms.CharField(label=_("Alasan penggabungan"), widget=forms.Textarea(attrs={"rows": 2}))

    def numbers(self) -> list[str]:
        raw = self.cleaned_data.get("others", "")
        return [n.strip().upper() for n in raw.replace(";", ",").split(",") if n.strip()]
