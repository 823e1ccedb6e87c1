"""The one CSV writer of every export: streamed, and safe to open in a spreadsheet.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a line break is read as a formula
by Excel, LibreOffice and Google Sheets (CSV injection: ``=HYPERLINK(...)`` in a registration
number would run when an officer opens the export). Such text cells get a leading apostrophe,
which spreadsheets show as plain text; numbers are written as numbers. The full-width forms
(``＝`` …) are treated alike, since some spreadsheet locales read them as the ASCII ones.
Every CSV the project serves is written here, so no export can forget it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.http import StreamingHttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
BOM = "\ufeff"  # spreadsheet programs detect UTF-8 by it


def neutralise(value: Any) -> Any:
    """A text cell that a spreadsheet would read as a formula, made plain text; anything else as is."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def lines(header: Sequence[Any], rows: Iterable[Sequence[Any]], *, bom: bool = True) -> Iterator[str]:
    """The CSV text, one line at a time (for streaming), every cell neutralised."""
    writer = csv.writer(_Echo())
    if bom:
        yield BOM
    yield writer.writerow([neutralise(v) for v in header])
    for row in rows:
        yield writer.writerow([neutralise(v) for v in row])


def text(header: Sequence[Any], rows: Iterable[Sequence[Any]], *, bom: bool = False) -> str:
    """The whole CSV as one string (small reports)."""
    out = io.StringIO()
    for line in lines(header, rows, bom=bom):
        out.write(line)
    return out.getvalue()


def streaming_response(
    header: Sequence[Any], rows: Iterable[Sequence[Any]], filename: str, *, bom: bool = True
) -> StreamingHttpResponse:
    """A streamed ``text/csv`` attachment named ``<filename>.csv``."""
    response = StreamingHttpResponse(lines(header, rows, bom=bom), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response
