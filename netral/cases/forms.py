"""Forms generated from the workflow table: one per allowed move, with the fields that move requires."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netral.cases import workflow
from netral.cases.models import Case, SanctionLevel, ViolationType
from netral.core.widgets import DateInput


class TransitionForm(forms.Form):
    """The inputs of one transition, built from the move's ``workflow.FIELDS``; the service cleans them
    with the same table (the form adds the widgets and the choices that fit the case)."""

    reason = forms.CharField(label=_("Alasan / pertimbangan"), widget=forms.Textarea(attrs={"rows": 3}))
    acted_on = forms.DateField(
        label=_("Tanggal tindakan"),
        required=False,
        widget=DateInput(),
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
        """The widget of one ``workflow.FIELDS`` entry, narrowed to what this move and case accept."""
        f, spec, case = workflow.FIELDS[name], self.spec, self.case
        if f.kind == workflow.TEXT:
            return forms.CharField(label=f.label, max_length=f.max_length, help_text=f.help_text)
        if f.kind == workflow.CHOICE:
            field = forms.ChoiceField(
                label=f.label, choices=[(v, f.choices(v).label) for v in spec.options(name, case)]
            )
            if name == "follow_up_action" and case.accused_confirmed and case.asn is not None:
                # The SIASN step names the NIP it blocks or unblocks.
                field.help_text = _("NIP di SIASN: %(nip)s (%(name)s)") % {
                    "nip": case.asn.identifier,
                    "name": case.asn.name,
                }
            return field
        if f.kind == workflow.DATE:
            return forms.DateField(label=f.label, widget=DateInput())
        if f.kind == workflow.MANY:
            return forms.ModelMultipleChoiceField(
                label=f.label,
                queryset=ViolationType.objects.all(),
                to_field_name="code",
                widget=forms.SelectMultiple(attrs={"size": 8}),
            )
        # ONE: the sanction levels of the subject's employment type.
        levels = SanctionLevel.objects.select_related("track").filter(
            track__employment__in=["ALL", case.employment_type]
        )
        field = forms.ModelChoiceField(label=f.label, queryset=levels, to_field_name="code")
        field.label_from_instance = lambda lv: f"{lv.track.name}: {lv.name}"  # type: ignore[method-assign,assignment]
        return field

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
