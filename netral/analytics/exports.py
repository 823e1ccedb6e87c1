"""Generic streaming exports of a scoped queryset: CSV (streamed) and XLSX (constant memory).

A column spec names a ``values_list`` path and an optional formatter, so any app can export any
scoped list without loading it into memory::

    columns = [Column("Nomor", "number"), Column("Status", "status", label_of(CaseStatus))]
    return csv_response(Case.objects.restrict(user), columns, "perkara")
"""

from __future__ import annotations

import datetime
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone

from netral.core import csvexport

CHUNK = 2000


@dataclass(frozen=True)
class Column:
    header: str
    path: str
    fmt: Callable[[Any], Any] | None = None


def label_of(choices: Any) -> Callable[[Any], str]:
    """Formatter turning a stored choice value into its label."""
    labels = dict(choices.choices)
    return lambda v: str(labels.get(v, v or ""))


def plain(value: Any) -> Any:
    """A cell value as a spreadsheet shows it (local date/time, ISO dates, blanks for None)."""
    return _plain(value)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return "" if value is None else value


def safe_text(value: Any) -> Any:
    """Neutralise spreadsheet formulas in text cells (CSV injection; XLSX cells alike)."""
    return csvexport.neutralise(value)


def rows(queryset: QuerySet[Any], columns: list[Column]) -> Iterator[list[Any]]:
    """Formatted rows, fetched in chunks with a server-side cursor where the database has one."""
    for raw in queryset.values_list(*[c.path for c in columns]).iterator(chunk_size=CHUNK):
        yield [safe_text(_plain(c.fmt(v) if c.fmt else v)) for c, v in zip(columns, raw, strict=True)]


def stream_csv(header: list[str], body: Iterable[list[Any]], filename: str) -> StreamingHttpResponse:
    return csvexport.streaming_response(header, body, filename)


def csv_response(queryset: QuerySet[Any], columns: list[Column], filename: str) -> StreamingHttpResponse:
    return stream_csv([c.header for c in columns], rows(queryset, columns), filename)


def write_xlsx(path: str, header: list[str], body: Iterable[list[Any]], sheet: str = "data") -> int:
    """Write rows to an XLSX file in constant memory; returns the number of data rows."""
    import xlsxwriter

    book = xlsxwriter.Workbook(path, {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    ws = book.add_worksheet(sheet[:31])
    bold = book.add_format({"bold": True})
    ws.write_row(0, 0, header, bold)
    n = 0
    for n, row in enumerate(body, start=1):
        ws.write_row(n, 0, row)
    ws.freeze_panes(1, 0)
    book.close()
    return n


def xlsx_response(queryset: QuerySet[Any], columns: list[Column], filename: str) -> FileResponse:
    """XLSX of the queryset, written to a temporary file (deleted when the response closes)."""
    return iter_xlsx([c.header for c in columns], rows(queryset, columns), filename)


def list_response(queryset: QuerySet[Any], columns: list[Column], prefix: str, fmt: str) -> HttpResponseBase:
    """A drill-down list as ``<prefix>-<today>.csv`` (streamed) or ``.xlsx`` (constant memory)."""
    name = f"{prefix}-{timezone.localdate():%Y%m%d}"
    if fmt == "xlsx":
        return xlsx_response(queryset, columns, name)
    return csv_response(queryset, columns, name)


def table_csv(header: list[str], body: list[list[Any]], filename: str) -> StreamingHttpResponse:
    """CSV of an already aggregated table (dashboard figures, open data)."""
    return stream_csv(header, ([safe_text(_plain(v)) for v in r] for r in body), filename)


def iter_xlsx(header: list[str], body: Iterable[list[Any]], filename: str) -> FileResponse:
    """XLSX of already formatted rows from an iterator (constant memory, temporary file)."""
    tmp = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115 - closed by FileResponse
    write_xlsx(tmp.name, header, body, filename)
    tmp.seek(0)
    return FileResponse(
        tmp,
        as_attachment=True,
        filename=f"{filename}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def table_xlsx(header: list[str], body: list[list[Any]], filename: str) -> FileResponse:
    tmp = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115 - closed by FileResponse
    write_xlsx(tmp.name, header, ([safe_text(_plain(v)) for v in r] for r in body), filename)
    tmp.seek(0)
    return FileResponse(
        tmp,
        as_attachment=True,
        filename=f"{filename}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
