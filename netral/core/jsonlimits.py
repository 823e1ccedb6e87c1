"""JSON read with a size and a nesting limit, before the parser recurses into it.

``json.loads`` recurses once per ``[`` or ``{``: a body of 100,000 ``[`` ends in RecursionError
(a 500 on the public report endpoint, found by the security probe), and whatever walks the
result afterwards recurses as deep. ``check`` counts the nesting with one linear scan (strings
skipped) and refuses above ``max_depth``; ``loads`` checks, then parses.
"""

from __future__ import annotations

import json
import re
from typing import Any

MAX_DEPTH = 32
MAX_BYTES = 1024 * 1024
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


class JSONLimitError(ValueError):
    """The document breaks a limit; the message says which (never echoes the input)."""


class JSONTooDeep(JSONLimitError):
    pass


class JSONTooLarge(JSONLimitError):
    pass


def depth(text: str) -> int:
    """The deepest nesting of arrays and objects (0 for a scalar), strings ignored."""
    level = deepest = 0
    for token in _TOKENS.finditer(text):
        char = token.group()
        if char in "[{":
            level += 1
            deepest = max(deepest, level)
        elif char in "]}":
            level -= 1
    return deepest


def check(text: str | bytes, *, max_depth: int = MAX_DEPTH, max_bytes: int = MAX_BYTES) -> str:
    """`text` as str when within both limits; ``JSONTooLarge`` / ``JSONTooDeep`` otherwise."""
    size = len(text) if isinstance(text, bytes) else len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise JSONTooLarge(f"JSON document of {size} bytes exceeds the limit of {max_bytes} bytes")
    if isinstance(text, bytes):
        text = text.decode("utf-8-sig")
    if depth(text) > max_depth:
        raise JSONTooDeep(f"JSON nested deeper than {max_depth} levels")
    return text


def loads(text: str | bytes, *, max_depth: int = MAX_DEPTH, max_bytes: int = MAX_BYTES) -> Any:
    """``json.loads`` within the limits (``ValueError`` subclasses for every refusal)."""
    return json.loads(check(text, max_depth=max_depth, max_bytes=max_bytes))
