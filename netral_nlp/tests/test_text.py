"""Boilerplate stripping keeps offsets; language test; trie regex."""

from __future__ import annotations

import re

import pytest

from netral_nlp.text import language, lower_same_length, strip_boilerplate, trie_regex

ARTICLE = (
    "Camat Diduga Ikut Kampanye\n"
    "Seorang camat di Kabupaten Contoh diduga ikut kampanye paslon.\n"
    "Baca Juga: Harga Cabai Turun Drastis di Pasar Induk\n"
    "Bawaslu memanggil camat tersebut untuk klarifikasi. Baca juga: Jalan Rusak Dikeluhkan\n"
    "Share\n"
    "Posting Komentar\n"
    "0 Komentar\n"
    "Banjir Rendam Puluhan Rumah Warga\n"
    "Tim Sepak Bola Daerah Lolos Final\n"
    "Jadwal Vaksinasi Anak Pekan Ini Dimulai\n"
)


@pytest.mark.parametrize(
    "gone",
    ["Harga Cabai", "Jalan Rusak", "Posting Komentar", "0 Komentar", "Share", "Banjir Rendam", "Vaksinasi Anak"],
)
def test_boilerplate_blanked(gone: str) -> None:
    clean, spans = strip_boilerplate(ARTICLE)
    assert gone not in clean
    assert spans


@pytest.mark.parametrize("kept", ["Camat Diduga Ikut Kampanye", "diduga ikut kampanye paslon", "untuk klarifikasi."])
def test_content_kept_at_same_offsets(kept: str) -> None:
    clean, _ = strip_boilerplate(ARTICLE)
    assert len(clean) == len(ARTICLE)
    i = ARTICLE.index(kept)
    assert clean[i : i + len(kept)] == kept


def test_lower_keeps_length() -> None:
    s = "İstanbul ASN"
    assert len(lower_same_length(s)) == len(s)


@pytest.mark.parametrize(
    ("text", "indonesian", "english"),
    [
        ("Para ASN diminta untuk tetap netral dalam pilkada yang akan datang.", True, False),
        (
            "The civil servants were told that they have to stay neutral in the election and this is the rule.",
            False,
            True,
        ),
        (
            "Bupati said the ASN harus netral dan tidak boleh ikut kampanye, which is important for the election.",
            True,
            False,
        ),
    ],
)
def test_language(text: str, indonesian: bool, english: bool) -> None:
    v = language(text.lower())
    assert v.indonesian is indonesian
    assert v.looks_english is english


def test_trie_regex_prefers_longest() -> None:
    rx = re.compile(r"(?<![a-z])(?:" + trie_regex(["kab", "kab.", "kabupaten", "ka"]) + r")(?![a-z])")
    assert rx.findall("kabupaten kab. ka") == ["kabupaten", "kab.", "ka"]


def test_bulleted_related_links_under_the_lead_are_blanked() -> None:
    text = (
        "Camat di Kabupaten Contoh diduga ikut kampanye paslon.\n"
        "- Jembatan Gantung Di Salatiga Kembali Dibuka Untuk Warga\n"
        "- Festival Kuliner Tegal Ramai Dikunjungi Wisatawan Lokal\n"
        "- Lomba Perahu Naga Meriahkan Pesisir Pantai Batang\n"
        "Baca Juga\n"
        "Dugaan kampanye tersebut direkam peserta rapat.\n"
    )
    clean, _ = strip_boilerplate(text)
    assert "Salatiga" not in clean and "Tegal" not in clean and "Batang" not in clean
    assert "Kabupaten Contoh" in clean and "direkam peserta rapat" in clean


def test_markdown_image_and_table_link_lines_are_blanked() -> None:
    text = (
        "Judul\nIsi berita pertama yang cukup panjang.\n"
        "Pasar Malam Baru Di Sampang Dibuka Pekan Depan |\n![]() |\n---|\n"
        "Harga Cabai Di Kota Surabaya Turun Tipis Hari Ini |\n![]() |\n---|\n"
        "Taman Kota Surabaya Dipercantik Jelang Libur Sekolah |\n"
    )
    clean, _ = strip_boilerplate(text)
    assert "Sampang" not in clean and "Surabaya" not in clean
    assert "Isi berita pertama" in clean
