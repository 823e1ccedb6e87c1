"""What every upload path shares: type sniffed from content, atomic content-addressed writes.

Each app keeps its own allow-list, caps and messages (evidence in reports, documents in
prevention); the two steps here must behave the same everywhere, so they live once.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import magic

SNIFF_BYTES = 64 * 1024
# libmagic spells some types differently across versions.
ALIASES = {"image/x-png": "image/png", "image/pjpeg": "image/jpeg", "video/x-m4v": "video/mp4"}


def sniff(head: bytes) -> str:
    """The MIME type libmagic reads from the first bytes (never the name or the browser's claim)."""
    mime = magic.from_buffer(head[:SNIFF_BYTES], mime=True) or "application/octet-stream"
    return ALIASES.get(mime, mime)


def write_new(path: Path, chunks: Iterable[bytes], written: list[Path] | None = None) -> None:
    """Write atomically (temp file + rename) unless the same content is already there.

    Paths are content-addressed, so an existing file holds the same bytes and is shared, never
    rewritten; its modification time is refreshed, so the orphan pruner (which spares young
    files) never removes a blob an in-flight transaction is about to reference. New paths are
    appended to `written` for the caller's records.
    """
    if path.exists():
        with contextlib.suppress(FileNotFoundError):
            os.utime(path)
        if path.exists():
            return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".part-")
    try:
        with os.fdopen(fd, "wb") as fh:
            for chunk in chunks:
                fh.write(chunk)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if written is not None:
        written.append(path)
