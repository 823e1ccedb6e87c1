"""Finding 2 of the security probe: image bombs between 60 and 120 megapixels passed.

Pillow's ``MAX_IMAGE_PIXELS`` only *warns* up to twice its value, so a 462 KB single-colour
10,900 × 10,900 PNG was decoded (1.9 GB of worker memory). Every upload path must read the
header dimensions and refuse above the documented limit before decoding anything; videos and
PDFs are hashed as they stream and never held whole in memory.
"""

from __future__ import annotations

import io
import struct
import tracemalloc
import zlib
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from PIL import Image

from netral.reports import evidence as ev
from netral.reports.models import Report
from netral.reports.services import submit_report
from netral.reports.tests.conftest import png_bytes, report_data, upload

pytestmark = pytest.mark.django_db


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_bomb(width: int, height: int) -> bytes:
    """A valid, fully decodable one-colour PNG of width × height (1-bit grey, compressed row by row)."""
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    packer = zlib.compressobj(9)
    body = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", body) + _chunk(b"IEND", b"")


def jpeg_claiming(width: int, height: int) -> bytes:
    """A small real JPEG whose frame header (SOF0) claims width × height."""
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (120, 10, 10)).save(out, format="JPEG")
    data = bytearray(out.getvalue())
    sof = data.index(b"\xff\xc0")
    struct.pack_into(">HH", data, sof + 5, height, width)
    return bytes(data)


def test_the_probes_10900_square_png_is_refused_by_its_header(cast: Any) -> None:
    bomb = png_bomb(10_900, 10_900)
    assert len(bomb) < 600_000  # the probe's file was 462 KB
    with pytest.raises(ValidationError) as err:
        ev.check_file(upload("bendera.png", bomb))
    assert err.value.code == "too_many_pixels"
    assert "bendera.png" in str(err.value) and "60" in str(err.value)


def test_a_jpeg_header_over_the_limit_is_refused_before_any_decoding(cast: Any) -> None:
    # 9,000 × 9,000 = 81 Mpx: between Pillow's warning and its error, and the data is far too short
    # to decode, so only a header check can give this answer.
    with pytest.raises(ValidationError) as err:
        ev.check_file(upload("foto.jpg", jpeg_claiming(9_000, 9_000), "image/jpeg"))
    assert err.value.code == "too_many_pixels"


def test_nothing_is_saved_when_one_file_is_a_bomb(cast: Any, settings: Any) -> None:
    files = [upload("ok.png", png_bytes()), upload("bom.png", png_bomb(8_000, 8_000))]
    with pytest.raises(ValidationError):
        submit_report(report_data(), files)
    assert Report.objects.count() == 0
    root = Path(settings.PRIVATE_STORAGE_ROOT)
    assert not root.exists() or not [p for p in root.rglob("*") if p.is_file()]


def test_an_image_at_the_limit_still_passes(cast: Any, settings: Any) -> None:
    settings.IMAGE_MAX_PIXELS = 400 * 300
    checked = ev.check_file(upload("pas.png", png_bytes((400, 300))))
    assert checked.display is not None
    with pytest.raises(ValidationError) as err:
        ev.check_file(upload("lebih.png", png_bytes((401, 300))))
    assert err.value.code == "too_many_pixels"


def test_the_limit_is_the_header_check_of_core_images() -> None:
    from netral.core import images

    assert images.pixel_limit() == 60_000_000
    assert images.header_size(io.BytesIO(png_bomb(10_900, 10_900))) == (10_900, 10_900)
    with pytest.raises(images.TooManyPixels):
        images.check_pixels(io.BytesIO(png_bomb(10_900, 10_900)))


def test_prevention_photos_are_refused_by_the_same_check(cast: Any) -> None:
    import datetime

    from netral.core.context import acting
    from netral.prevention import services as prevention
    from netral.prevention.models import PreventionFile

    with acting(cast.ppk_a):
        event = prevention.create_event(
            cast.ppk_a,
            agency=cast.agency_a,
            kind="ikrar",
            title="Apel siaga netralitas",
            date=datetime.date(2024, 9, 30),
            place="Halaman Balai Kota",
            participants_count=300,
        )
        with pytest.raises(ValidationError) as err:
            prevention.attach_file(cast.ppk_a, event, SimpleUploadedFile("apel.png", png_bomb(10_900, 10_900)))
    assert "60" in str(err.value)
    assert PreventionFile.objects.count() == 0


def test_a_large_pdf_is_hashed_without_being_held_in_memory(cast: Any, settings: Any) -> None:
    settings.EVIDENCE_MAX_BYTES = 40 * 1024 * 1024
    size = 24 * 1024 * 1024
    upload_file = TemporaryUploadedFile("dokumen.pdf", "application/pdf", size, None)
    upload_file.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    block = b"0" * (1024 * 1024)
    while upload_file.tell() < size:
        upload_file.write(block)
    upload_file.flush()
    tracemalloc.start()
    try:
        checked = ev.check_file(upload_file)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        upload_file.close()
    assert checked.kind == "document"
    assert checked.size >= size
    assert peak < 8 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB while checking a {size / 1e6:.0f} MB PDF"


def test_a_video_over_the_cap_is_refused_from_its_declared_size_without_reading(cast: Any, settings: Any) -> None:
    settings.EVIDENCE_MAX_BYTES = 1000

    class Unreadable(SimpleUploadedFile):
        def chunks(self, chunk_size: int | None = None) -> Any:
            raise AssertionError("the file was read although its size is known to be over the cap")

    video = Unreadable("rekaman.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\0" * 5000, content_type="video/mp4")
    with pytest.raises(ValidationError) as err:
        ev.check_file(video)
    assert err.value.code == "too_large"
