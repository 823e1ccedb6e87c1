"""Form widgets every app shares."""

from __future__ import annotations

from typing import Any

from django import forms


class DateInput(forms.DateInput):
    """``<input type="date">`` with its value always written as YYYY-MM-DD.

    The browser's date input accepts only ISO dates; Django would otherwise render an initial
    date in the active language's format (04/12/2024), which the browser shows as empty.
    """

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")
