"""Image bombs refused from the header, before any pixel is decoded, on every upload path.

Pillow's own guard (``Image.MAX_IMAGE_PIXELS``) only *warns* until twice its value, so a small
PNG of one colour at 10,900 × 10,900 px (462 KB) would be decoded into gigabytes. Opening an
image with Pillow reads only its header; ``check_pixels`` compares the dimensions it declares
with ``IMAGE_MAX_PIXELS`` (60 megapixels, docs/reports.md) and refuses above it. Every path that
accepts an image (evidence, prevention photos, later chat intake) calls it before decoding.
"""

from __future__ import annotations

import io
from typing import IO

from django.conf import settings
from PIL import Image, UnidentifiedImageError

DEFAULT_MAX_PIXELS = 60_000_000


class TooManyPixels(ValueError):
    """The header declares more pixels than the limit (the image was not decoded)."""

    def __init__(self, width: int, height: int, limit: int) -> None:
        self.width, self.height, self.limit = width, height, limit
        super().__init__(f"{width} x {height} px exceeds {limit} px")


def pixel_limit() -> int:
    return int(getattr(settings, "IMAGE_MAX_PIXELS", DEFAULT_MAX_PIXELS))


def header_size(source: bytes | IO[bytes]) -> tuple[int, int]:
    """Width and height as the file's header declares them; nothing is decoded.

    Raises ``UnidentifiedImageError`` (an ``OSError``) when Pillow does not recognise the data.
    """
    stream = io.BytesIO(source) if isinstance(source, (bytes, bytearray)) else source
    with Image.open(stream) as img:
        return int(img.size[0]), int(img.size[1])


def check_pixels(source: bytes | IO[bytes], limit: int | None = None) -> tuple[int, int]:
    """The declared size, or ``TooManyPixels`` when width × height exceeds the limit."""
    limit = pixel_limit() if limit is None else limit
    try:
        width, height = header_size(source)
    except Image.DecompressionBombError as exc:
        # Far over any sane limit: Pillow's own guard (2x its MAX_IMAGE_PIXELS) refused the header.
        raise TooManyPixels(0, 0, limit) from exc
    if width * height > limit:
        raise TooManyPixels(width, height, limit)
    return width, height


def megapixels(limit: int | None = None) -> str:
    """The limit for messages: "60"."""
    value = (pixel_limit() if limit is None else limit) / 1_000_000
    return f"{value:g}"


__all__ = ["TooManyPixels", "UnidentifiedImageError", "check_pixels", "header_size", "megapixels", "pixel_limit"]
