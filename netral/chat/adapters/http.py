"""HTTP to the channels' official APIs with the standard library: JSON calls and capped downloads.

Downloads stream into a spooled temporary file and stop as soon as the count passes the cap, so a
200 MB video never sits in memory or on disk beyond the cap; a declared ``Content-Length`` over
the cap is refused before a byte is read.
"""

from __future__ import annotations

import json
import tempfile
import urllib.error
import urllib.request
from typing import Any

from django.conf import settings
from django.core.files import File

CHUNK = 256 * 1024
USER_AGENT = "netral-chat/1"


class TooLarge(Exception):
    """The file is larger than the cap (``size`` in bytes when known)."""

    def __init__(self, size: int | None) -> None:
        super().__init__(size)
        self.size = size


class HttpFailure(Exception):
    def __init__(self, status: int | None, body: Any = None, message: str = "") -> None:
        super().__init__(message or f"HTTP {status}")
        self.status = status
        self.body = body


def timeout() -> float:
    return float(getattr(settings, "CHAT_HTTP_TIMEOUT", 15.0))


def call(method: str, url: str, *, payload: Any = None, headers: dict[str, str] | None = None) -> Any:
    """One JSON request; the decoded JSON answer, or HttpFailure with the status and decoded body."""
    data = json.dumps(payload).encode("utf-8") if payload is not None else None
    head = {"User-Agent": USER_AGENT, "Accept": "application/json", **(headers or {})}
    if data is not None:
        head["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=data, headers=head, method=method)  # noqa: S310 (configured base URL)
    try:
        with urllib.request.urlopen(request, timeout=timeout()) as response:  # noqa: S310
            raw = response.read(2 * 1024 * 1024)
    except urllib.error.HTTPError as exc:
        try:
            body = json.loads(exc.read(64 * 1024) or b"null")
        except ValueError:
            body = None
        raise HttpFailure(exc.code, body) from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise HttpFailure(None, message=f"{type(exc).__name__}: {exc}") from exc
    try:
        return json.loads(raw or b"null")
    except ValueError as exc:
        raise HttpFailure(200, message="not JSON") from exc


def download(url: str, limit: int, *, headers: dict[str, str] | None = None, name: str = "berkas") -> File:
    """Stream `url` into a temporary file, refusing more than `limit` bytes; the open file, named."""
    head = {"User-Agent": USER_AGENT, **(headers or {})}
    request = urllib.request.Request(url, headers=head, method="GET")  # noqa: S310
    try:
        response = urllib.request.urlopen(request, timeout=timeout())  # noqa: S310
    except urllib.error.HTTPError as exc:
        raise HttpFailure(exc.code) from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise HttpFailure(None, message=f"{type(exc).__name__}: {exc}") from exc
    with response:
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise TooLarge(int(declared))
        out = tempfile.SpooledTemporaryFile(max_size=1024 * 1024)  # noqa: SIM115 (returned to the caller)
        size = 0
        try:
            while chunk := response.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise TooLarge(int(declared) if declared and declared.isdigit() else None)
                out.write(chunk)
        except BaseException:
            out.close()
            raise
    out.seek(0)
    return File(out, name=name)
