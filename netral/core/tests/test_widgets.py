"""Date inputs render ISO dates whatever the language: the browser shows nothing otherwise."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import translation

from netral.core.widgets import DateInput


class _Form(forms.Form):
    day = forms.DateField(widget=DateInput())


def test_an_initial_date_is_written_as_iso_in_indonesian_and_english() -> None:
    for language in ("id", "en"):
        with translation.override(language):
            html = str(_Form(initial={"day": datetime.date(2024, 10, 1)})["day"])
        assert 'type="date"' in html and 'value="2024-10-01"' in html


def test_the_monitoring_finding_form_prefills_dates_the_date_input_takes() -> None:
    from netral.monitoring.forms import FindingForm

    for name in ("occurred_on", "known_on"):
        with translation.override("id"):
            html = FindingForm.base_fields[name].widget.render(name, datetime.date(2024, 11, 20))
        assert 'value="2024-11-20"' in html
