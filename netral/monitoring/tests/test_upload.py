"""The upload page: files and pasted text, bad input answered at the field, nothing half-saved."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from netral.monitoring.models import Batch, Item
from netral.monitoring.tests.conftest import BANJAR, PURWAKARTA_PREVENTION

pytestmark = pytest.mark.django_db


def test_it_accepts_a_jsonl_file_with_broken_lines(client: Any, cast: Any) -> None:
    body = "\n".join(
        [
            json.dumps({"id": "a", "text": BANJAR, "url": "https://berita.example/a"}),
            '{"id": "b", "text": "tidak ditutup',
            json.dumps({"id": "c", "text": PURWAKARTA_PREVENTION}),
        ]
    ).encode()
    client.force_login(cast.analyst_a)
    resp = client.post(reverse("monitoring:upload"), {"file": SimpleUploadedFile("pantau.jsonl", body)})
    batch = Batch.objects.get()
    assert resp.status_code == 302
    assert (batch.source_kind, batch.file_name, batch.total, batch.errors, batch.status) == (
        "jsonl",
        "pantau.jsonl",
        3,
        1,
        "done",
    )
    page = client.get(resp["Location"]).content.decode()
    assert "pantau.jsonl:2" in page
    assert Item.objects.get(batch=batch, external_id="a").source_url == "https://berita.example/a"


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({}, None, "Unggah berkas atau tempel teks"),
        ({"text": "   "}, None, "Unggah berkas atau tempel teks"),
        ({"file": ("kosong.txt", b"")}, "file", ""),
        ({"file": ("foto.txt", b"\x89PNG\r\n\x1a\n\x00\x00")}, "file", "biner"),
        ({"file": ("rusak.txt", b"abc \xff def")}, "file", "UTF-8"),
        ({"file": ("jahat.xml", b'<!DOCTYPE x [<!ENTITY a "b">]><rss/>')}, "file", "DOCTYPE"),
        ({"file": ("a.txt", BANJAR.encode()), "text": BANJAR}, None, "salah satu"),
        ({"text": "\x00 nol"}, "text", "null"),
        ({"text": "\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10 biner"}, "text", "biner"),
    ],
)
def test_it_answers_bad_input_at_the_field(
    client: Any, cast: Any, data: dict[str, Any], field: str | None, words: str
) -> None:
    post = {k: SimpleUploadedFile(*v) if k == "file" else v for k, v in data.items()}
    client.force_login(cast.analyst_a)
    resp = client.post(reverse("monitoring:upload"), post)
    assert resp.status_code == 200
    form = resp.context["form"]
    errors = form.errors.get(field or "__all__")
    assert errors, form.errors
    assert words in " ".join(errors)
    assert not Batch.objects.exists() and not Item.objects.exists()


def test_it_accepts_pasted_text(client: Any, cast: Any) -> None:
    client.force_login(cast.analyst_a)
    resp = client.post(
        reverse("monitoring:upload"), {"text": BANJAR, "title": "Tempel", "url": "https://www.tiktok.com/@a/video/9"}
    )
    assert resp.status_code == 302
    item = Item.objects.get()
    assert (item.title, item.platform, item.batch.source_kind, item.status) == ("Tempel", "tiktok", "paste", "analysed")


def test_it_refuses_a_file_over_the_cap_at_the_field(client: Any, cast: Any, monkeypatch: Any) -> None:
    from netral.monitoring import ingest

    monkeypatch.setattr(ingest, "MAX_FILE_BYTES", 1000)
    client.force_login(cast.analyst_a)
    resp = client.post(reverse("monitoring:upload"), {"file": SimpleUploadedFile("besar.txt", b"a" * 1001)})
    assert resp.status_code == 200 and "melebihi batas" in " ".join(resp.context["form"].errors["file"])
    assert not Batch.objects.exists()


def test_it_answers_a_huge_paste_without_a_server_error(client: Any, cast: Any, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    client.force_login(cast.analyst_a)
    resp = client.post(reverse("monitoring:upload"), {"text": "kata " * 5000})
    assert resp.status_code == 400
    assert not Batch.objects.exists()
