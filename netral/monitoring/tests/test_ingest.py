"""Parsing uploads: every format, every kind of bad input, and the caps. Pure functions, no database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from netral.monitoring import ingest
from netral.monitoring.ingest import IngestError, parse_file, parse_paste

DATA = Path(__file__).parent / "data"
TEXT = "Camat di Kota Banjar diduga ikut kampanye pasangan calon pada Pilkada 2024."


def jsonl(*objs: object) -> bytes:
    return "\n".join(o if isinstance(o, str) else json.dumps(o) for o in objs).encode()


def test_it_reads_a_txt_file_as_one_document() -> None:
    parsed = parse_file(("\ufeff" + TEXT + "\r\nBaris kedua.").encode(), "catatan.txt")
    assert parsed.source_kind == "txt"
    [item] = parsed.items
    assert item.external_id == "catatan.txt" and not item.error
    assert item.text == TEXT + "\nBaris kedua."
    assert item.title == TEXT
    assert len(parsed.sha256) == 64 and parsed.size > 0


def test_it_reads_jsonl_with_optional_fields() -> None:
    raw = jsonl(
        {
            "id": "a1",
            "text": TEXT,
            "url": "https://x.com/warga/status/1",
            "title": "Judul",
            "published": "2024-10-02T08:00:00Z",
        },
        {"id": 7, "text": "Teks kedua tentang ASN dan Pilkada."},
    )
    a, b = parse_file(raw, "umpan.jsonl").items
    assert (a.external_id, a.title, a.url, a.platform) == ("a1", "Judul", "https://x.com/warga/status/1", "x")
    assert a.published_at is not None and a.published_at.year == 2024 and a.published_at.tzinfo is not None
    assert b.external_id == "7" and b.title.startswith("Teks kedua")


def test_it_turns_malformed_jsonl_lines_into_error_items_with_file_and_line() -> None:
    raw = b"\n".join(
        [
            json.dumps({"id": "ok1", "text": TEXT}).encode(),
            b'{"id": "rusak", "text": ',
            b"[1, 2, 3]",
            json.dumps({"id": "tanpa-teks", "title": "x"}).encode(),
            b'{"id": "bad-utf8", "text": "\xff\xfe"}',
            json.dumps({"id": "kosong", "text": "   "}).encode(),
            b"",
            json.dumps({"id": "ok2", "text": TEXT}).encode(),
        ]
    )
    parsed = parse_file(raw, "campur.jsonl")
    by_id = {i.external_id: i for i in parsed.items}
    assert not by_id["ok1"].error and not by_id["ok2"].error
    assert by_id["campur.jsonl:2"].error.startswith("campur.jsonl:2:") and "JSON" in by_id["campur.jsonl:2"].error
    assert by_id["campur.jsonl:3"].error.startswith("campur.jsonl:3:")
    assert "text" in by_id["tanpa-teks"].error and "campur.jsonl:4" in by_id["tanpa-teks"].error
    assert "UTF-8" in by_id["campur.jsonl:5"].error
    assert "kosong" in by_id["kosong"].error.lower() and "campur.jsonl:6" in by_id["kosong"].error
    assert len(parsed.items) == 7  # the blank line is skipped, nothing else is lost


@pytest.mark.parametrize(
    ("raw", "name", "words"),
    [
        (b"", "kosong.txt", "kosong"),
        (b"   \n\t", "spasi.txt", "kosong"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "foto.txt", "biner"),
        (b"Teks \xc3\x28 rusak", "rusak.txt", "UTF-8"),
        ("Teks".encode("utf-16"), "u16.txt", "UTF-16"),
        (b"\x01\x02\x03\x04\x05\x06\x07\x08" * 20 + b"abc", "ctrl.txt", "biner"),
    ],
)
def test_it_refuses_unusable_files_with_a_clear_message(raw: bytes, name: str, words: str) -> None:
    with pytest.raises(IngestError) as exc:
        parse_file(raw, name)
    assert words.lower() in str(exc.value).lower()
    assert name in str(exc.value)


def test_it_refuses_a_file_over_the_size_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest, "MAX_FILE_BYTES", 100)
    with pytest.raises(IngestError, match="melebihi batas"):
        parse_file(b"a" * 101, "besar.txt")


def test_it_caps_items_per_batch_with_a_note(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest, "MAX_ITEMS", 3)
    parsed = parse_file(jsonl(*({"id": n, "text": TEXT} for n in range(5))), "banyak.jsonl")
    assert len(parsed.items) == 3 and "3" in parsed.note


def test_it_marks_an_item_over_the_text_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest, "MAX_TEXT_BYTES", 50)
    short, long = parse_file(jsonl({"id": "s", "text": "pendek"}, {"id": "l", "text": "x" * 51}), "f.jsonl").items
    assert not short.error
    assert "melebihi" in long.error and long.text == ""


RSS = (DATA / "berita.xml").read_bytes()


def test_it_reads_rss_and_strips_html() -> None:
    parsed = parse_file(RSS, "berita.xml")
    assert parsed.source_kind == "rss"
    first, second, empty = parsed.items
    assert first.external_id == "g-1" and first.url == "https://berita.example/camat"
    assert first.published_at is not None and first.published_at.utcoffset().total_seconds() == 7 * 3600
    assert (
        first.text
        == "Camat ikut kampanye\nCamat di Kota Banjar diduga ikut kampanye.\nBawaslu memanggilnya & memeriksa."
    )
    assert "<" not in first.text and "alert" not in first.text
    assert second.url == "" and second.text.endswith("ASN PNS di Pilkada")
    assert empty.error.startswith("berita.xml:item[3]:") and "kosong" in empty.error.lower()


ATOM = (DATA / "pantauan.atom").read_bytes()


def test_it_reads_atom_entries() -> None:
    parsed = parse_file(ATOM, "pantauan.atom")
    assert parsed.source_kind == "atom"
    a, b = parsed.items
    assert a.title == "Apel netralitas" and a.url == "https://pemda.example/apel"
    assert a.text == "Apel netralitas\nSeluruh ASN mengikuti apel netralitas."
    assert a.published_at is not None and a.published_at.year == 2024
    assert "PNS diminta netral." in b.text


def test_it_sniffs_a_feed_without_extension() -> None:
    assert parse_file(ATOM, "unduhan").source_kind == "atom"


@pytest.mark.parametrize(
    "raw",
    [
        (
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
            b"<rss><channel><item><title>&lol2;</title></item></channel></rss>"
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss><channel><item>'
            b"<title>&x;</title></item></channel></rss>"
        ),
        b'<?xml version="1.0"?>\n<!doctype rss><rss/>',
    ],
)
def test_it_refuses_doctype_and_entities_in_feeds(raw: bytes) -> None:
    with pytest.raises(IngestError, match="DOCTYPE"):
        parse_file(raw, "jahat.xml")


def test_it_accepts_html_doctype_quoted_in_cdata() -> None:
    raw = (
        b"<rss><channel><item><title>ASN dan Pilkada</title><description><![CDATA[<!DOCTYPE html><p>PNS diminta "
        b"netral.</p>]]></description></item></channel></rss>"
    )
    [item] = parse_file(raw, "cdata.xml").items
    assert item.text == "ASN dan Pilkada\nPNS diminta netral."


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"<rss><channel><item><title>tidak ditutup", "rusak"),
        (b"<html><body>bukan umpan</body></html>", "bukan umpan"),
        (b"<rss><channel><title>kosong</title></channel></rss>", "tidak berisi"),
    ],
)
def test_it_reports_malformed_feeds_without_crashing(raw: bytes, words: str) -> None:
    with pytest.raises(IngestError) as exc:
        parse_file(raw, "umpan.xml")
    assert words in str(exc.value)


def test_it_reads_pasted_text() -> None:
    parsed = parse_paste("  " + TEXT + "  ", url="https://www.tiktok.com/@a/video/1", title="")
    [item] = parsed.items
    assert parsed.source_kind == "paste" and item.platform == "tiktok" and item.title == TEXT
    with pytest.raises(IngestError):
        parse_paste("\x00\x01\x02 biner")


def test_it_strips_html_safely() -> None:
    assert ingest.strip_html("<p>a</p><style>x{}</style><p>b &amp; c</p>") == "a\nb & c"
    assert ingest.strip_html("tanpa tag") == "tanpa tag"


def test_it_survives_absurd_nesting() -> None:
    deep_json = b"[" * 200_000 + b"]" * 200_000
    [item] = parse_file(deep_json + b"\n", "dalam.jsonl").items
    assert item.error and "dalam.jsonl:1" in item.error
    deep_xml = b"<rss><channel><item><description>" + b"<a>" * 50_000 + b"x" + b"</a>" * 50_000
    deep_xml += b"</description></item></channel></rss>"
    try:
        parsed = parse_file(deep_xml, "dalam.xml")
    except IngestError:
        return  # refused cleanly
    assert len(parsed.items) == 1
