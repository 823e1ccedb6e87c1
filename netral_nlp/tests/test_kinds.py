"""Kinds, relevance, acts, subjects and ASN counts on hand-written examples."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from netral_nlp import Analysis

CASES = [
    (
        "violation",
        (
            "Camat Sukamulya Diduga Ikut Kampanye Paslon\nBawaslu Kabupaten Garut memanggil Camat Sukamulya setelah video "  # noqa: E501
            "yang memperlihatkan dirinya berpose dua jari bersama calon bupati beredar di media sosial. Camat tersebut diduga "  # noqa: E501
            "melanggar netralitas ASN pada Pilkada 2024 dan akan dimintai klarifikasi."
        ),
    ),
    (
        "violation",
        (
            "Seorang guru PPPK di SD negeri dilaporkan ke Bawaslu karena mengunggah ajakan memilih caleg di akun Facebook "  # noqa: E501
            "miliknya. Bawaslu menyatakan guru tersebut terbukti melanggar netralitas ASN dan merekomendasikan sanksi."
        ),
    ),
    (
        "prevention",
        (
            "Jelang Pilkada Serentak 2024, ratusan ASN Pemkot Contoh mengikuti apel siaga dan membacakan ikrar netralitas. "  # noqa: E501
            "Sekda mengimbau seluruh pegawai tidak terlibat politik praktis dan menandatangani pakta integritas."
        ),
    ),
    (
        "prevention",
        (
            "Pj Bupati menerbitkan surat edaran tentang netralitas ASN. Surat edaran itu meminta seluruh PNS dan PPPK "
            "menjaga netralitas selama tahapan Pemilu 2024 dan tidak memberikan like pada unggahan peserta pemilu."
        ),
    ),
    (
        "sanction_policy",
        (
            "Ini Sanksi bagi ASN yang Tidak Netral\nBerdasarkan PP Nomor 94 Tahun 2021, ASN yang terbukti tidak netral dalam "  # noqa: E501
            "pemilu dapat dijatuhi hukuman disiplin sedang hingga berat. Hukuman disiplin berat meliputi penurunan jabatan "  # noqa: E501
            "dan pemberhentian. SKB lima lembaga mengatur jenis pelanggaran netralitas beserta sanksinya."
        ),
    ),
    (
        "non_asn_neutrality",
        (
            "Kepala Desa Sukamaju diduga mengajak warga memilih salah satu paslon dalam pengajian. Bawaslu memanggil kepala "  # noqa: E501
            "desa tersebut karena kepala desa dilarang terlibat kampanye pilkada."
        ),
    ),
    (
        "negative",
        (
            "Pemerintah memastikan gaji pokok PNS dan PPPK naik tahun depan. Tunjangan kinerja ASN daerah dibayarkan sesuai "  # noqa: E501
            "kemampuan keuangan daerah, kata Kepala BKPSDM."
        ),
    ),
    (
        "negative",
        (
            "KPU menggelar debat publik kedua pasangan calon gubernur. Para kandidat memaparkan visi misi soal pendidikan "  # noqa: E501
            "dan kesehatan di hadapan ratusan pendukung."
        ),
    ),
    ("negative", "Hujan deras disertai angin kencang melanda sejumlah kecamatan, BPBD mengimbau warga waspada banjir."),
]


@pytest.mark.parametrize(("kind", "text"), CASES, ids=[f"{k}-{i}" for i, (k, _) in enumerate(CASES)])
def test_kind(id_pipeline: Callable[[str], Analysis], kind: str, text: str) -> None:
    res = id_pipeline(text)
    assert res.error is None
    assert res.kind == kind
    assert res.relevant is (kind in ("violation", "prevention", "sanction_policy"))
    assert 0.0 <= res.score <= 1.0


def test_violation_acts_and_skb(id_pipeline: Callable[[str], Analysis]) -> None:
    res = id_pipeline(CASES[0][1])
    assert "photo_gesture" in res.acts
    assert "KE-05" in res.skb and "D-07" in res.skb
    assert "camat" in res.subjects


def test_non_asn_subjects(id_pipeline: Callable[[str], Analysis]) -> None:
    res = id_pipeline(CASES[5][1])
    assert res.subjects[0] == "kepala desa"


def test_acts_empty_for_prevention(id_pipeline: Callable[[str], Analysis]) -> None:
    assert id_pipeline(CASES[2][1]).acts == []


@pytest.mark.parametrize(
    ("text", "count", "approx"),
    [
        ("Sebanyak 150 ASN mengikuti ikrar netralitas jelang Pilkada 2024.", 150, False),
        ("Sebanyak 1.250 PNS menandatangani pakta integritas netralitas pemilu.", 1250, False),
        ("Ribuan ASN Pemkab Contoh mengikuti apel netralitas jelang pemilu.", 1000, True),
    ],
)
def test_asn_count(id_pipeline: Callable[[str], Analysis], text: str, count: int, approx: bool) -> None:
    res = id_pipeline(text)
    assert res.asn_count == count
    assert res.asn_count_approximate is approx


def test_evidence_points_into_original(id_pipeline: Callable[[str], Analysis]) -> None:
    text = "Baca juga: Harga cabai naik\n" + CASES[0][1]
    res = id_pipeline(text)
    assert res.evidence
    for ev in res.evidence:
        s, e = ev["start"], ev["end"]
        assert isinstance(s, int) and isinstance(e, int)
        assert text[s:e] == ev["text"]
    assert all("cabai" not in str(ev["text"]).lower() for ev in res.evidence)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "E201"),
        ("   \n\t ", "E201"),
        ("abc\x00\x01\x02def" * 10, "E202"),
        ("abc\x01\x02\x1bdef" * 10, "E202"),  # many control characters, no NUL
        ("The civil servants must remain neutral in the election, and the agency said that this is the rule.", "E301"),
        ("x" * 5_000_001, "E204"),
    ],
)
def test_bad_input(id_pipeline: Callable[[str], Analysis], text: str, code: str) -> None:
    res = id_pipeline(text)
    assert res.error is not None and res.error.startswith(code)
    assert res.acts == [] and res.regions == [] and res.evidence == []


def test_a_few_stray_control_characters_are_not_binary(id_pipeline: Callable[[str], Analysis]) -> None:
    res = id_pipeline("Camat di Kota Banjar\x0c ikut kampanye pasangan calon pada Pilkada 2024.\x01")
    assert res.error is None


def test_mixed_language_is_analysed(id_pipeline: Callable[[str], Analysis]) -> None:
    text = (
        "Breaking news: the regent said ASN harus netral dan dilarang ikut kampanye paslon "
        "pada Pilkada 2024, and violators will be reported to Bawaslu."
    )
    res = id_pipeline(text)
    assert res.error is None


def test_large_document_truncated(id_pipeline: Callable[[str], Analysis]) -> None:
    text = "Para ASN wajib menjaga netralitas dalam pilkada dan tidak boleh ikut kampanye. " * 14000
    res = id_pipeline(text)
    assert res.error is None and res.truncated


def test_act_word_needs_official_and_election_in_its_sentence() -> None:
    from netral_nlp import lexicon
    from netral_nlp.lexicon import scan
    from netral_nlp.pipeline import _acts

    tied = "seorang asn diduga mendukung paslon nomor urut 2 pada pilkada. warga mendukung pembangunan jalan."
    hits, _ = scan(lexicon.load(), tied)
    assert "partisan_statement" in _acts(hits, tied, "violation")
    loose = "asn diminta disiplin. warga mendukung pembangunan jalan. pilkada berjalan lancar. kami mendukung."
    hits, _ = scan(lexicon.load(), loose)
    assert "partisan_statement" not in _acts(hits, loose, "violation")


def test_mobilise_subsumes_a_weak_partisan_statement() -> None:
    from netral_nlp import lexicon
    from netral_nlp.lexicon import scan
    from netral_nlp.pipeline import _acts

    text = "camat itu mengarahkan para asn untuk memilih paslon nomor 1 di pilkada. ia mendukung paslon itu di pilkada."
    hits, _ = scan(lexicon.load(), text)
    assert _acts(hits, text, "violation") == ["mobilise"]


def test_campaign_word_inside_an_act_phrase_counts_as_campaign() -> None:
    from netral_nlp import lexicon
    from netral_nlp.lexicon import scan

    hits, _ = scan(lexicon.load(), "enam asn diduga ikut terlibat dalam kampanye")
    assert "campaign" in hits
    assert [v for _, _, v in hits["act"]] == ["attend_campaign"]


def test_subjects_come_from_sentences_about_the_case() -> None:
    from netral_nlp import lexicon
    from netral_nlp.lexicon import scan
    from netral_nlp.pipeline import _subjects

    text = "seorang camat diduga ikut kampanye paslon pada pilkada. sekda menghadiri rapat anggaran di gedung dewan."
    hits, _ = scan(lexicon.load(), text)
    assert "camat" in _subjects(hits, "violation", text)
    assert "sekda" not in _subjects(hits, "violation", text)


def test_repeated_asn_neutrality_phrases_keep_a_meeting_report_relevant() -> None:
    """A coordination meeting written like ordinary regional news (officials, places, dates)
    is still about ASN neutrality when it keeps saying so."""
    from netral_nlp.pipeline import _asn_neutrality_phrases, _blend

    hits = {
        "asn": [(20, 23, "ASN"), (200, 203, "ASN")],
        "neutrality": [(8, 18, ""), (185, 195, ""), (400, 410, "")],
        "election": [(30, 37, "")],
    }
    assert _asn_neutrality_phrases(hits) == 2  # the third neutrality word has no ASN word near it
    probs = {"violation": 0.05, "prevention": 0.3, "sanction_policy": 0.02, "non_asn_neutrality": 0.03, "negative": 0.6}
    blended = _blend(probs, hits)
    assert blended["prevention"] > blended["negative"]
    far = {**hits, "asn": [(300, 303, "ASN")]}
    assert _asn_neutrality_phrases(far) == 0
    assert _blend(probs, far)["negative"] > _blend(probs, far)["prevention"]
