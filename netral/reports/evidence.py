"""Evidence files: sniffed, capped, hashed, kept byte-for-byte in private storage.

Steps for each upload (all before anything is written):
1. size against ``EVIDENCE_MAX_BYTES`` (the browser's figure is not trusted: we count bytes);
2. type from the content with libmagic (never the name or the browser's content type),
   against an allow-list;
3. SHA-256 of the exact bytes;
4. for images, the header's dimensions against ``IMAGE_MAX_PIXELS`` (``core.images``) before
   anything is decoded, then a display copy re-encoded by Pillow from raw pixels, so no EXIF,
   GPS, XMP or ICC metadata survives; an image Pillow cannot decode is refused.
Only images are held in memory (they must be decoded); videos and PDFs are counted and hashed
as they stream from Django's upload file.
Only when every file passed does ``store`` write: the original at a content-addressed path
(``<root>/evidence/ab/cd/<sha256>``) under ``PRIVATE_STORAGE_ROOT``, never under MEDIA_ROOT.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from netral.core import images
from netral.core.uploads import SNIFF_BYTES, sniff, write_new
from netral.reports.choices import EvidenceKind

ALLOWED: dict[str, str] = {
    "image/jpeg": EvidenceKind.IMAGE,
    "image/png": EvidenceKind.IMAGE,
    "image/webp": EvidenceKind.IMAGE,
    "image/gif": EvidenceKind.IMAGE,
    "application/pdf": EvidenceKind.DOCUMENT,
    "video/mp4": EvidenceKind.VIDEO,
    "video/webm": EvidenceKind.VIDEO,
    "video/quicktime": EvidenceKind.VIDEO,
}
EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "image/gif": ".gif",
    "application/pdf": ".pdf",
    "video/mp4": ".mp4",
    "video/webm": ".webm",
    "video/quicktime": ".mov",
}
DISPLAY_MAX_SIDE = 1600


@dataclass
class CheckedFile:
    """An upload that passed every check; nothing of it is on disk in our storage yet."""

    upload: Any
    name: str
    content_type: str
    kind: str
    size: int
    sha256: str
    display: bytes | None
    display_ext: str

    @property
    def display_sha256(self) -> str:
        """SHA-256 of the stripped display copy ("" when there is none), listed in the case file."""
        return hashlib.sha256(self.display).hexdigest() if self.display is not None else ""


def max_bytes() -> int:
    return int(getattr(settings, "EVIDENCE_MAX_BYTES", 20 * 1024 * 1024))


def max_files() -> int:
    return int(getattr(settings, "EVIDENCE_MAX_FILES", 10))


def _chunks(upload: Any) -> Iterable[bytes]:
    if hasattr(upload, "seek"):
        upload.seek(0)
    if hasattr(upload, "chunks"):
        yield from upload.chunks()
    else:
        while chunk := upload.read(1024 * 1024):
            yield chunk


def display_copy(data: bytes) -> tuple[bytes, str]:
    """Re-encode an image from its pixels only (orientation applied first), as JPEG or PNG.

    The caller has checked the header's dimensions (``images.check_pixels``). A JPEG is decoded
    at the smallest scale that still covers the display size (``draft``), which costs a fraction
    of the full image's memory.
    """
    with Image.open(io.BytesIO(data)) as img:
        img.seek(0)  # first frame of a GIF/WebP animation
        if img.format == "JPEG":
            img.draft(img.mode, (DISPLAY_MAX_SIDE, DISPLAY_MAX_SIDE))
        oriented = ImageOps.exif_transpose(img) or img
        has_alpha = oriented.mode in ("RGBA", "LA") or (oriented.mode == "P" and "transparency" in oriented.info)
        mode = "RGBA" if has_alpha else "RGB"
        pixels = oriented.convert(mode)
        pixels.thumbnail((DISPLAY_MAX_SIDE, DISPLAY_MAX_SIDE))
        # A fresh image built from raw bytes carries no info dict: no EXIF, GPS, XMP, ICC, comments.
        clean = Image.frombytes(mode, pixels.size, pixels.tobytes())
    out = io.BytesIO()
    if has_alpha:
        clean.save(out, format="PNG", optimize=False)
        return out.getvalue(), ".png"
    clean.save(out, format="JPEG", quality=85)
    return out.getvalue(), ".jpg"


def check_file(upload: Any) -> CheckedFile:
    """Run every check on one upload; raise ValidationError with a reason naming the file."""
    cached = getattr(upload, "_netral_checked", None)
    if isinstance(cached, CheckedFile):
        return cached
    name = os.path.basename(getattr(upload, "name", "") or "berkas")[:255]
    limit = max_bytes()
    declared = getattr(upload, "size", None)
    if declared is not None and declared > limit:
        raise ValidationError(
            _("%(name)s terlalu besar (%(size)s); batas per berkas %(limit)s.")
            % {"name": name, "size": filesizeformat(declared), "limit": filesizeformat(limit)},
            code="too_large",
        )
    hasher = hashlib.sha256()
    head = b""
    size = 0
    mime = ""
    # Only images are kept in memory (to be decoded); the type is known from the first chunk(s).
    keep_bytes: bytearray | None = bytearray()
    for chunk in _chunks(upload):
        size += len(chunk)
        if size > limit:
            raise ValidationError(
                _("%(name)s terlalu besar; batas per berkas %(limit)s.")
                % {"name": name, "limit": filesizeformat(limit)},
                code="too_large",
            )
        hasher.update(chunk)
        if len(head) < SNIFF_BYTES:
            head += chunk[: SNIFF_BYTES - len(head)]
            if len(head) >= SNIFF_BYTES:
                mime = sniff(head)
        if keep_bytes is not None:
            keep_bytes += chunk
            if mime and ALLOWED.get(mime) != EvidenceKind.IMAGE:
                keep_bytes = None
    if size == 0:
        raise ValidationError(_("%(name)s kosong (0 bita).") % {"name": name}, code="empty")
    mime = mime or sniff(head)
    if mime not in ALLOWED:
        raise ValidationError(
            _(
                "%(name)s ditolak: isinya terdeteksi sebagai %(type)s, bukan foto (JPEG, PNG, WebP, GIF), "
                "PDF atau video (MP4, WebM, MOV)."
            )
            % {"name": name, "type": mime},
            code="type_not_allowed",
        )
    display: bytes | None = None
    display_ext = ""
    if ALLOWED[mime] == EvidenceKind.IMAGE and keep_bytes is not None:
        data = bytes(keep_bytes)
        try:
            images.check_pixels(data)
        except images.TooManyPixels as exc:
            raise ValidationError(
                _("%(name)s ditolak: gambar lebih dari %(mp)s megapiksel (batas untuk mencegah bom gambar).")
                % {"name": name, "mp": images.megapixels()},
                code="too_many_pixels",
            ) from exc
        except (UnidentifiedImageError, OSError, ValueError) as exc:
            raise ValidationError(
                _("%(name)s tidak dapat dibaca sebagai gambar (rusak atau terlalu besar).") % {"name": name},
                code="bad_image",
            ) from exc
        try:
            display, display_ext = display_copy(data)
        except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
            raise ValidationError(
                _("%(name)s tidak dapat dibaca sebagai gambar (rusak atau terlalu besar).") % {"name": name},
                code="bad_image",
            ) from exc
    checked = CheckedFile(
        upload=upload,
        name=name,
        content_type=mime,
        kind=ALLOWED[mime],
        size=size,
        sha256=hasher.hexdigest(),
        display=display,
        display_ext=display_ext,
    )
    # A read-only file-like object cannot carry the result: it will simply be checked again.
    with contextlib.suppress(AttributeError):
        upload._netral_checked = checked
    return checked


def check_files(uploads: Iterable[Any]) -> list[CheckedFile]:
    """Check every upload; collect every refusal (one message per bad file) before raising."""
    uploads = [u for u in uploads if u]
    if len(uploads) > max_files():
        raise ValidationError(
            _("Paling banyak %(max)d berkas bukti per kiriman.") % {"max": max_files()}, code="too_many"
        )
    checked: list[CheckedFile] = []
    errors: list[ValidationError] = []
    for upload in uploads:
        try:
            checked.append(check_file(upload))
        except ValidationError as exc:
            errors.append(exc)
    if errors:
        raise ValidationError(errors)
    return checked


def root() -> Path:
    return Path(settings.PRIVATE_STORAGE_ROOT)


def original_relpath(sha256: str) -> str:
    return f"evidence/{sha256[:2]}/{sha256[2:4]}/{sha256}"


def display_relpath(sha256: str, ext: str) -> str:
    return f"display/{sha256[:2]}/{sha256[2:4]}/{sha256}{ext}"


def store(checked: CheckedFile, written: list[Path]) -> tuple[str, str]:
    """Write the original (and display copy); return their paths relative to private storage.

    New files are appended to `written` so the caller can remove them if its transaction fails.
    Content-addressed paths mean a file already present (same bytes) is shared, never rewritten.
    """
    original = original_relpath(checked.sha256)
    write_new(root() / original, _chunks(checked.upload), written)
    display = ""
    if checked.display is not None:
        display = display_relpath(checked.sha256, checked.display_ext)
        write_new(root() / display, [checked.display], written)
    return original, display


def store_original(checked: CheckedFile, written: list[Path], *, folder: str) -> str:
    """Write only the original, content-addressed under `folder` (another app's files: case
    documents), outside ``evidence/`` so the evidence orphan pruner never counts them."""
    relpath = f"{folder}/{checked.sha256[:2]}/{checked.sha256[2:4]}/{checked.sha256}"
    write_new(root() / relpath, _chunks(checked.upload), written)
    return relpath


def open_private(relpath: str) -> Path:
    """Resolve a stored relative path, refusing anything that escapes private storage."""
    base = root().resolve()
    path = (base / relpath).resolve()
    if base not in path.parents:
        raise FileNotFoundError(relpath)
    return path
