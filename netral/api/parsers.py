"""The API's JSON parser, with the size and nesting limits of ``core.jsonlimits``.

DRF's own ``JSONParser`` hands the body to ``json.load``: a body of 100,000 ``[`` ended in a
RecursionError (500) on the public report endpoint. This one reads at most the size limit plus
one byte, checks the nesting with a linear scan, and answers 400 with the reason.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from netral.core import jsonlimits


def max_bytes() -> int:
    return int(getattr(settings, "API_JSON_MAX_BYTES", jsonlimits.MAX_BYTES))


def max_depth() -> int:
    return int(getattr(settings, "API_JSON_MAX_DEPTH", jsonlimits.MAX_DEPTH))


class BoundedJSONParser(JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        limit = max_bytes()
        raw = stream.read(limit + 1) if stream is not None else b""
        try:
            return jsonlimits.loads(raw, max_depth=max_depth(), max_bytes=limit)
        except jsonlimits.JSONTooLarge as exc:
            raise ParseError(_("Badan JSON lebih dari %(n)d bita.") % {"n": limit}) from exc
        except jsonlimits.JSONTooDeep as exc:
            raise ParseError(_("JSON bersarang lebih dari %(n)d tingkat.") % {"n": max_depth()}) from exc
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ParseError(_("JSON tidak sah: %(detail)s") % {"detail": str(exc)[:200]}) from exc
