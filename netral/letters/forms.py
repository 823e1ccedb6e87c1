from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis dokumen"))
    title = forms.CharField(label=_("Judul (boleh kosong)"), max_length=200, required=False)
    file = forms.FileField(label=_("Berkas (PDF, atau pindaian JPEG/PNG)"))

    def __init__(self, *args: Any, kinds: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["kind"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = kinds


class VerifyForm(forms.Form):
    file = forms.FileField(label=_("Berkas PDF yang Anda terima"))
