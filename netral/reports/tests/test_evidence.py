"""Evidence: sniffed from content, capped, hashed, kept byte-for-byte, display copy stripped."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from netral.reports import evidence as ev
from netral.reports.models import Evidence, Report
from netral.reports.services import submit_report
from netral.reports.tests.conftest import jpeg_with_gps, png_bytes, report_data, upload

pytestmark = pytest.mark.django_db

HTML = b"<!doctype html><html><head><title>x</title></head><body><script>alert(1)</script></body></html>"


def all_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_it_refuses_html_named_jpg_and_names_the_detected_type(cast: object, settings: object) -> None:
    with pytest.raises(ValidationError) as err:
        submit_report(report_data(), [upload("foto.jpg", HTML, "image/jpeg")])
    assert "text/html" in str(err.value)
    assert "foto.jpg" in str(err.value)
    assert Report.objects.count() == 0


def test_it_refuses_an_oversize_file(cast: object, settings: object) -> None:
    settings.EVIDENCE_MAX_BYTES = 1000  # type: ignore[attr-defined]
    big = png_bytes((400, 400), (1, 2, 3)) + b"\0" * 2000
    with pytest.raises(ValidationError) as err:
        submit_report(report_data(), [upload("besar.png", big)])
    assert "terlalu besar" in str(err.value)
    assert Report.objects.count() == 0


def test_it_refuses_more_files_than_allowed(cast: object, settings: object) -> None:
    settings.EVIDENCE_MAX_FILES = 2  # type: ignore[attr-defined]
    files = [upload(f"f{i}.png", png_bytes(color=(i, i, i))) for i in range(3)]
    with pytest.raises(ValidationError):
        submit_report(report_data(), files)


def test_it_keeps_a_png_byte_for_byte_with_its_sha256(cast: object, settings: object) -> None:
    data = png_bytes()
    report, _ = submit_report(report_data(links=[]), [upload("bukti.png", data, "application/octet-stream")])
    item = Evidence.objects.get(report=report)
    assert item.content_type == "image/png"
    assert item.kind == "image"
    assert item.sha256 == hashlib.sha256(data).hexdigest()
    assert item.size == len(data)
    original = Path(settings.PRIVATE_STORAGE_ROOT) / item.storage_path  # type: ignore[attr-defined]
    assert original.read_bytes() == data
    assert item.sha256 in item.storage_path
    media = Path(settings.MEDIA_ROOT)  # type: ignore[attr-defined]
    assert not all_files(media)


def test_it_strips_exif_and_gps_from_the_display_copy(cast: object, settings: object) -> None:
    data = jpeg_with_gps()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)  # the fixture really has GPS
    report, _ = submit_report(report_data(links=[]), [upload("hp.jpg", data, "image/jpeg")])
    item = Evidence.objects.get(report=report)
    root = Path(settings.PRIVATE_STORAGE_ROOT)  # type: ignore[attr-defined]
    assert (root / item.storage_path).read_bytes() == data  # the original keeps its metadata (evidence)
    display = (root / item.display_path).read_bytes()
    img = Image.open(io.BytesIO(display))
    assert len(img.getexif()) == 0
    assert "exif" not in img.info and "icc_profile" not in img.info
    assert b"NetralPhone" not in display


def test_it_accepts_pdf_and_refuses_unknown_binary(cast: object) -> None:
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    assert ev.check_file(upload("surat.pdf", pdf, "application/pdf")).kind == "document"
    with pytest.raises(ValidationError):
        ev.check_file(upload("program.png", b"MZ\x90\x00" + b"\x00" * 200, "image/png"))


def test_it_refuses_a_broken_image_with_a_valid_header(cast: object) -> None:
    broken = png_bytes()[:40]
    with pytest.raises(ValidationError) as err:
        ev.check_file(upload("rusak.png", broken))
    assert "rusak.png" in str(err.value)


def test_it_saves_nothing_when_the_second_file_is_bad(cast: object, settings: object) -> None:
    good = upload("baik.png", png_bytes())
    bad = upload("jahat.jpg", HTML, "image/jpeg")
    with pytest.raises(ValidationError):
        submit_report(report_data(), [good, bad])
    assert Report.objects.count() == 0
    assert Evidence.objects.count() == 0
    assert not all_files(Path(settings.PRIVATE_STORAGE_ROOT))  # type: ignore[attr-defined]


def test_a_failed_submission_saves_no_row_and_leaves_its_blob_to_the_pruner(
    cast: object, settings: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Blobs are shared by content, so a failed transaction never deletes one (another submission of
    the same viral video may be about to reference it); the pruner removes it once it is old."""
    from django.core.management import call_command

    def boom(*args: object, **kw: object) -> None:
        raise RuntimeError("the write failed after the evidence was stored")

    monkeypatch.setattr("netral.reports.services._announce", boom)  # runs after the files are written
    with pytest.raises(RuntimeError):
        submit_report(report_data(), [upload("baik.png", png_bytes())])
    assert Report.objects.count() == 0
    assert Evidence.objects.count() == 0
    root = Path(settings.PRIVATE_STORAGE_ROOT)  # type: ignore[attr-defined]
    assert len(all_files(root)) == 2  # original and display copy, unreferenced
    call_command("prune_orphan_evidence", "--min-age", "60", stdout=io.StringIO())
    assert len(all_files(root)) == 2  # young: a transaction may still be about to use them
    call_command("prune_orphan_evidence", "--min-age", "0", stdout=io.StringIO())
    assert not all_files(root)


def test_reusing_a_stored_blob_makes_it_young_again(cast: object, settings: object) -> None:
    import os
    import time

    from django.core.management import call_command

    checked = ev.check_file(upload("lama.png", png_bytes(color=(3, 3, 3))))
    ev.store(checked, [])
    root = Path(settings.PRIVATE_STORAGE_ROOT)  # type: ignore[attr-defined]
    two_hours_ago = time.time() - 7200
    for path in all_files(root):
        os.utime(path, (two_hours_ago, two_hours_ago))
    written: list[Path] = []
    ev.store(checked, written)  # another submission with the same bytes, still in its transaction
    assert written == []  # nothing new was written
    call_command("prune_orphan_evidence", "--min-age", "60", stdout=io.StringIO())
    assert len(all_files(root)) == 2


def test_it_shares_one_stored_file_for_identical_evidence(cast: object, settings: object) -> None:
    data = png_bytes(color=(5, 6, 7))
    r1, _ = submit_report(report_data(links=[]), [upload("a.png", data)])
    r2, _ = submit_report(report_data(links=[]), [upload("b.png", data)])
    e1, e2 = Evidence.objects.get(report=r1), Evidence.objects.get(report=r2)
    assert e1.storage_path == e2.storage_path
    originals = [p for p in all_files(Path(settings.PRIVATE_STORAGE_ROOT)) if "evidence" in p.parts]  # type: ignore[attr-defined]
    assert len(originals) == 1


MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom\x00\x00\x00\x08free" + b"\x00" * 100
MOV = b"\x00\x00\x00\x14ftypqt  \x00\x00\x02\x00qt  \x00\x00\x00\x08wide" + b"\x00" * 100
WEBM = bytes.fromhex("1A45DFA39F4286810142F7810142F2810442F381084282847765626D4287810442858102") + b"\x00" * 100


@pytest.mark.parametrize(
    ("data", "mime", "kind"),
    [(MP4, "video/mp4", "video"), (MOV, "video/quicktime", "video"), (WEBM, "video/webm", "video")],
)
def test_it_recognises_videos_by_content(data: bytes, mime: str, kind: str) -> None:
    checked = ev.check_file(upload("rekaman.bin", data, "application/octet-stream"))
    assert (checked.content_type, checked.kind, checked.display) == (mime, kind, None)


@pytest.mark.parametrize("fmt", ["WEBP", "GIF"])
def test_it_makes_display_copies_of_other_image_types(fmt: str) -> None:
    out = io.BytesIO()
    Image.new("RGB", (20, 10), (1, 200, 3)).save(out, format=fmt)
    checked = ev.check_file(upload(f"gambar.{fmt.lower()}", out.getvalue(), "image/jpeg"))
    assert checked.content_type == f"image/{fmt.lower()}"
    assert checked.display is not None and Image.open(io.BytesIO(checked.display)).size == (20, 10)


def test_it_prunes_only_unreferenced_blobs(cast: object, settings: object) -> None:
    from django.core.management import call_command

    kept, _ = submit_report(report_data(links=[]), [upload("tetap.png", png_bytes(color=(9, 9, 9)))])
    orphan = ev.check_file(upload("yatim.png", png_bytes(color=(8, 8, 8))))
    ev.store(orphan, [])  # as if an outer transaction had rolled back after writing
    root = Path(settings.PRIVATE_STORAGE_ROOT)  # type: ignore[attr-defined]
    assert len(all_files(root)) == 4  # two originals, two display copies
    out = io.StringIO()
    call_command("prune_orphan_evidence", "--min-age", "0", stdout=out)
    assert "removed 2" in out.getvalue()
    left = {p.name.split(".")[0] for p in all_files(root)}
    assert left == {Evidence.objects.get(report=kept).sha256}
