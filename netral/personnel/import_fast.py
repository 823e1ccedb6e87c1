"""Validation of a whole batch of registry rows at once: the fast path in front of `validate_row`.

A national file has 4.76 million rows and most of them are fine. Per-row validation cost
about 22 µs of Python, so the batch is checked in two cheap passes instead:

- identifiers with numpy (`identifiers.accepted_many`: birth date, TMT, gender, serial);
- every vocabulary cell (employment type, position class, agency, region) through a memo of
  the distinct texts seen, because a file repeats a few hundred values millions of times.

The fast path only ever *accepts*. A row it cannot vouch for (any failed check, an identifier
typed with spaces, a number cell from Excel, an odd NIK) goes through `importer.validate_row`,
which decides and words the error. So every rule and every message has one source, and
`tests/test_import_fast.py` checks that both paths give the same rows for the same input.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from netral.personnel.choices import EmploymentType
from netral.personnel.identifiers import accepted_many
from netral.personnel.importer import (
    EMPLOYMENT_ALIASES,
    NIK_LENGTH,
    Catalog,
    Row,
    _header_key,
    _text,
    normalize_region_code,
    parse_position_class,
    validate_row,
)
from netral.personnel.names import normalize_name

_MEMO_LIMIT = 100_000  # distinct cell texts kept per vocabulary; cleared when exceeded
_NIP_KINDS = (EmploymentType.PNS, EmploymentType.CPNS)
_MISSING = object()


class _Memo:
    """Distinct cell text → parsed value, bounded (a file has few distinct vocabulary values)."""

    def __init__(self, parse: Callable[[str], Any]) -> None:
        self.parse = parse
        self.values: dict[str, Any] = {}

    def __call__(self, text: str) -> Any:
        value = self.values.get(text, _MISSING)
        if value is _MISSING:
            if len(self.values) >= _MEMO_LIMIT:
                self.values.clear()
            value = self.values[text] = self.parse(text)
        return value


class FastValidator:
    """Validates batches for one run: memos live as long as the run (they only hold vocabulary)."""

    def __init__(self, mapping: dict[str, int], catalog: Catalog, today: dt.date) -> None:
        self.mapping = mapping
        self.catalog = catalog
        self.today = today
        self.width = max(mapping.values()) + 1
        self.kind = _Memo(lambda t: EMPLOYMENT_ALIASES.get(_header_key(t)))
        self.position_class = _Memo(lambda t: parse_position_class(_text(t)))
        self.agency = _Memo(self._agency)
        self.region = _Memo(self._region)

    def _agency(self, text: str) -> int | None:
        agency_id = self.catalog.agencies.get(_text(text).lower())
        if agency_id is None or (self.catalog.allowed is not None and agency_id not in self.catalog.allowed):
            return None
        return agency_id

    def _region(self, text: str) -> tuple[str, int] | None:
        code = normalize_region_code(_text(text))
        region_id = self.catalog.regions.get(code)
        return None if region_id is None else (code, region_id)

    def validate(self, items: list[tuple[int, list[Any]]]) -> list[Row | str]:
        """One `Row` or error reason per item, in order; the same answers `validate_row` gives."""
        m = self.mapping
        i_id, i_kind, i_name = m["identifier"], m["employment_type"], m["name"]
        i_pos, i_class, i_unit = m["position"], m["position_class"], m["unit"]
        i_agency, i_region, i_nik = m["agency"], m["region_code"], m.get("nik")
        width = self.width
        ids = [cells[i_id] if len(cells) >= width and type(cells[i_id]) is str else "" for _n, cells in items]
        nip_ok, pppk_ok = accepted_many(ids, today=self.today)
        # Memo look-ups inlined: this loop runs once per row of a file of millions.
        kinds, classes, agencies, regions = self.kind, self.position_class, self.agency, self.region
        kind_get, class_get = kinds.values.get, classes.values.get
        agency_get, region_get = agencies.values.get, regions.values.get
        date, missing, nip_kinds = dt.date, _MISSING, _NIP_KINDS
        out: list[Row | str] = []
        append = out.append
        for index, (number, cells) in enumerate(items):
            ident = ids[index]
            if not (nip_ok[index] or pppk_ok[index]):
                append(validate_row(number, cells, m, self.catalog, self.today))
                continue
            raw_kind, name, position = cells[i_kind], cells[i_name], cells[i_pos]
            raw_class, unit, raw_agency, raw_region = cells[i_class], cells[i_unit], cells[i_agency], cells[i_region]
            nik = "" if i_nik is None else cells[i_nik]
            if not (
                type(raw_kind) is str
                and type(name) is str
                and type(position) is str
                and type(raw_class) is str
                and type(unit) is str
                and type(raw_agency) is str
                and type(raw_region) is str
                and type(nik) is str
            ):
                append(validate_row(number, cells, m, self.catalog, self.today))
                continue
            kind = kind_get(raw_kind, missing)
            if kind is missing:
                kind = kinds(raw_kind)
            position_class = class_get(raw_class, missing)
            if position_class is missing:
                position_class = classes(raw_class)
            agency_id = agency_get(raw_agency, missing)
            if agency_id is missing:
                agency_id = agencies(raw_agency)
            region = region_get(raw_region, missing)
            if region is missing:
                region = regions(raw_region)
            name = " ".join(name.split())
            if (
                kind is None
                or not (nip_ok[index] if kind in nip_kinds else pppk_ok[index])
                or position_class is None
                or agency_id is None
                or region is None
                or not name
                or len(name) > 200
                or (nik and (len(nik) != NIK_LENGTH or not (nik.isascii() and nik.isdigit())))
            ):
                append(validate_row(number, cells, m, self.catalog, self.today))
                continue
            append(
                Row(
                    number,
                    ident,
                    str(kind),
                    name,
                    normalize_name(name)[:200],
                    date(int(ident[0:4]), int(ident[4:6]), int(ident[6:8])),
                    ident[14],
                    " ".join(position.split())[:200],
                    str(position_class),
                    agency_id,
                    " ".join(unit.split())[:200],
                    region[1],
                    region[0],
                    nik,
                )
            )
        return out
