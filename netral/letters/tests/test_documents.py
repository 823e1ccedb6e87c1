"""Case documents: the evidence checks of reports (sniffed type, size cap, SHA-256), a narrower
allow-list, disguised files refused whole and audited, downloads in the custody log, scoped like the case."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from netral.core.models import ObjectChange
from netral.letters import services
from netral.letters.models import CaseDocument
from netral.letters.tests.helpers import recommended_case
from netral.reports import evidence as ev

pytestmark = pytest.mark.django_db

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 10), (200, 10, 10)).save(out, format="PNG")
    return out.getvalue()


def _stored_files() -> list[str]:
    base = ev.root() / services.DOCUMENT_FOLDER
    return sorted(str(p) for p in base.rglob("*") if p.is_file()) if base.exists() else []


def test_a_pdf_of_clarification_minutes_is_kept_hashed_and_audited(cast):
    case = recommended_case(cast)
    doc = services.add_document(
        case, "berita_acara", SimpleUploadedFile("ba.pdf", PDF, "application/pdf"), user=cast.sup_a, title="BA 1"
    )
    assert doc.sha256 == hashlib.sha256(PDF).hexdigest() and doc.size == len(PDF)
    assert doc.content_type == "application/pdf" and doc.storage_path.startswith("case-documents/")
    assert services.document_path(doc).read_bytes() == PDF
    assert ObjectChange.objects.filter(
        object_type="letters.casedocument", object_id=str(doc.pk), action="create"
    ).exists()


@pytest.mark.parametrize(
    ("name", "data", "declared"),
    [
        ("sk-ppk.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200, "application/pdf"),  # a Windows program
        ("sk-ppk.pdf", b"<html><script>alert(1)</script></html>" * 10, "application/pdf"),
        ("sk-ppk.pdf", _png(), "application/pdf"),  # an image is allowed, but not under a PDF's name
        ("berkas.bin", PDF[:0] + b"just some text, not a pdf" * 20, "application/pdf"),  # declared PDF
    ],
)
def test_an_upload_disguised_as_a_pdf_is_refused_whole_and_audited(cast, name, data, declared):
    case = recommended_case(cast)
    with pytest.raises(ValidationError) as exc:
        services.add_document(case, "sk_ppk", SimpleUploadedFile(name, data, declared), user=cast.bkn)
    assert "PDF" in " ".join(exc.value.messages) and "ditolak" in " ".join(exc.value.messages)
    assert not CaseDocument.objects.exists() and _stored_files() == []
    entry = ObjectChange.objects.get(object_type="cases.case", object_id=str(case.pk), action="refuse")
    assert entry.postchange["what"] == "document" and entry.postchange["reason"] == "disguised"


def test_a_scan_is_accepted_and_other_types_are_not(cast):
    case = recommended_case(cast)
    doc = services.add_document(case, "lainnya", SimpleUploadedFile("scan.png", _png(), "image/png"), user=cast.sup_a)
    assert doc.content_type == "image/png"
    with pytest.raises(ValidationError) as exc:
        services.add_document(
            case, "lainnya", SimpleUploadedFile("catatan.txt", b"hanya teks " * 50, "text/plain"), user=cast.sup_a
        )
    assert exc.value.code == "type_not_allowed" or "ditolak" in " ".join(exc.value.messages)
    assert CaseDocument.objects.count() == 1


def test_the_size_cap_of_evidence_applies(cast, settings):
    settings.EVIDENCE_MAX_BYTES = 100
    case = recommended_case(cast)
    with pytest.raises(ValidationError):
        services.add_document(case, "berita_acara", SimpleUploadedFile("ba.pdf", PDF * 5), user=cast.sup_a)
    assert not CaseDocument.objects.exists()


def test_who_uploads_what(cast):
    case = recommended_case(cast)
    assert [k for k, _ in services.document_kinds_for(cast.sup_a, case)] == ["berita_acara", "lainnya"]
    assert [k for k, _ in services.document_kinds_for(cast.ppk_a, case)] == ["sk_ppk", "lainnya"]
    assert services.document_kinds_for(cast.sup_b, case) == []  # another regency
    assert services.document_kinds_for(cast.analyst_a, case) == []  # analysts never write
    with pytest.raises(ValidationError):
        services.add_document(case, "berita_acara", SimpleUploadedFile("ba.pdf", PDF), user=cast.ppk_a)
    assert not CaseDocument.objects.exists()


def test_upload_and_download_through_the_pages_with_custody(client, cast):
    case = recommended_case(cast)
    client.force_login(cast.ppk_a)
    upload = reverse("letters:document_upload", args=[case.number])
    r = client.post(upload, {"kind": "sk_ppk", "title": "SK Bupati", "file": SimpleUploadedFile("sk.pdf", PDF)})
    assert r.status_code == 302
    doc = CaseDocument.objects.get()
    page = client.get(reverse("cases:detail", args=[case.number])).content.decode()
    url = reverse("letters:document", args=[doc.pk])
    assert url in page and "SK Bupati" in page
    r = client.get(url)
    assert r.status_code == 200 and b"".join(r.streaming_content) == PDF
    custody = ObjectChange.objects.get(object_type="letters.casedocument", object_id=str(doc.pk), action="download")
    assert custody.user == cast.ppk_a and custody.postchange["sha256"] == doc.sha256
    # A disguised file on the page: the error at the field, status 400, nothing saved.
    bad = SimpleUploadedFile("sk2.pdf", b"MZ" + b"\x00" * 300, "application/pdf")
    r = client.post(upload, {"kind": "sk_ppk", "file": bad})
    assert r.status_code == 400 and "isinya terdeteksi" in r.content.decode()
    assert CaseDocument.objects.count() == 1
    # Out of scope: 404 for the file and for the upload.
    client.force_login(cast.sup_b)
    assert client.get(url).status_code == 404
    assert client.post(upload, {"kind": "lainnya", "file": SimpleUploadedFile("x.pdf", PDF)}).status_code == 404
    assert not ObjectChange.objects.filter(object_type="letters.casedocument", action="download", user=cast.sup_b)
