"""Request parameters that cannot raise: ids and integers parsed within bounds.

A query string or form value is text: ``int()`` of it may be negative, huge or not a number at
all, and a number above 2**63 - 1 makes SQLite raise ``OverflowError`` (PostgreSQL: "out of
range") the moment it reaches a query, a 500. ``parse_id`` answers None for anything that is not
a positive id the database can hold (callers then show "not found" or a field error), and
``bounded_int`` raises ``BadParameter``, which Django answers with 400 and the reason.

``OutOfRangeMiddleware`` is the net under every view: a number that still reaches the database
out of range is answered 400 with the reason, never 500.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import BadRequest
from django.db import DataError, connection
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

MAX_DB_INT = 2**63 - 1  # the largest integer SQLite and PostgreSQL (bigint) hold


class BadParameter(BadRequest):
    """A parameter the request cannot be answered with; the message is the reason, shown to the client."""


def parse_id(value: Any) -> int | None:
    """A positive database id from text (or an int), or None: never raises."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 < value <= MAX_DB_INT else None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text.isascii() or not text.isdigit() or len(text) > 19:
        return None
    number = int(text)
    return number if 0 < number <= MAX_DB_INT else None


def bounded_int(value: Any, name: str, *, minimum: int = 0, maximum: int = MAX_DB_INT) -> int:
    """`value` as an integer in [minimum, maximum], or ``BadParameter`` naming `name`."""
    text = str(value).strip() if value is not None else ""
    digits = text[1:] if text.startswith("-") else text
    if not digits.isascii() or not digits.isdigit() or len(digits) > 19:
        raise BadParameter(_("Parameter %(name)s harus berupa bilangan bulat.") % {"name": name})
    number = int(text)
    if not minimum <= number <= maximum:
        raise BadParameter(
            _("Parameter %(name)s harus antara %(min)s dan %(max)s.") % {"name": name, "min": minimum, "max": maximum}
        )
    return number


def _refuse_out_of_range(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
    try:
        return execute(sql, params, many, context)
    except OverflowError as exc:  # SQLite: a Python int beyond 64 bits
        raise BadParameter(_("Sebuah angka dalam permintaan ini di luar jangkauan.")) from exc
    except DataError as exc:
        # PostgreSQL: 22003 numeric_value_out_of_range (22P02, a malformed number, alike).
        if getattr(getattr(exc, "__cause__", None), "sqlstate", "") in ("22003", "22P02"):
            raise BadParameter(_("Sebuah angka dalam permintaan ini di luar jangkauan.")) from exc
        raise


class OutOfRangeMiddleware:
    """Every query of the request runs under a wrapper that turns an out-of-range number into a 400."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with connection.execute_wrapper(_refuse_out_of_range):
            return self.get_response(request)
