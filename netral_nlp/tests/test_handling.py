"""How far a case has been handled: cues count only as reported facts, next to an authority
where the cue is ambiguous, and the furthest step wins. Texts are the project's own."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from netral_nlp import Analysis, handling
from netral_nlp.context import Sentences
from netral_nlp.errors import Code, DataFileError
from netral_nlp.text import start_literals


def status_of(text: str) -> tuple[str, str | None, str | None]:
    status, cue, sanction = handling.handling(Sentences(text.lower()))
    return (
        status,
        text[cue[0] : cue[1]] if cue else None,
        text[sanction[0] : sanction[1]] if sanction else None,
    )


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Seorang lurah diduga ikut kampanye paslon nomor urut 2 di lapangan desa.", "alleged"),
        ("Panwascam Cibeber tengah menelusuri video lurah yang ikut kampanye itu.", "under_review"),
        ("Lurah itu sudah dipanggil untuk dimintai keterangan oleh Bawaslu kabupaten.", "under_review"),
        # A hedge on the act does not make the handling step hypothetical.
        ("Panwascam menilai unggahan guru itu berpotensi melanggar dan meminta klarifikasi.", "under_review"),
        ("Laporan warga soal camat yang berkampanye sudah diterima Bawaslu dan kini ditangani.", "under_review"),
        ("Bawaslu menyatakan camat terbukti melanggar netralitas dan meneruskan kasusnya ke BKN.", "recommended"),
        ("Hasil kajian itu telah direkomendasikan kepada Komisi ASN pekan lalu.", "recommended"),
        ("Setelah diperiksa, laporan terhadap kepala dinas itu dinyatakan tidak terbukti.", "cleared"),
        ("Bupati telah menjatuhkan sanksi teguran tertulis kepada kepala sekolah tersebut.", "sanctioned"),
        ("Dua guru PPPK itu akhirnya dicopot dari jabatan wali kelas.", "sanctioned"),
    ],
)
def test_status_cues(text: str, status: str) -> None:
    assert status_of(text)[0] == status


@pytest.mark.parametrize(
    "text",
    [
        # Modal, negation, condition: the step has not happened.
        "Jika terbukti, pegawai itu akan dijatuhi sanksi disiplin berat.",
        "Pihak dinas menegaskan akan memberikan sanksi tegas kepada guru yang berpihak.",
        "Sampai sekarang belum ada rekomendasi KASN untuk kasus ini.",
        "Hingga kini Bawaslu belum memanggil kepala puskesmas tersebut.",
        # A rule, not an event.
        "ASN dilarang ikut kampanye; yang melanggar dapat dikenai sanksi.",
        "Menurut UU Desa, perangkat desa yang berkampanye dikenai sanksi administratif.",
        # The accused's or a reporter's own "klarifikasi" is not a review.
        "Dalam klarifikasinya, camat itu membantah pernah mengarahkan warga.",
        "Saat diklarifikasi wartawan, guru tersebut mengaku hanya mampir.",
    ],
)
def test_not_a_handling_step(text: str) -> None:
    assert status_of(text)[0] == "alleged"


def test_the_furthest_step_wins() -> None:
    text = (
        "Bawaslu kota sempat menelusuri unggahan sekretaris kecamatan itu. "
        "Hasilnya diteruskan ke BKN. "
        "Pekan ini BKPSDM sudah menjatuhkan hukuman disiplin berupa penundaan kenaikan pangkat."
    )
    status, cue, sanction = status_of(text)
    assert status == "sanctioned"
    assert cue is not None and cue.startswith("sudah menjatuhkan")
    # The named penalty is preferred to the generic "hukuman disiplin" of the same sentence.
    assert sanction == "penundaan kenaikan pangkat"


def test_sanction_named_in_the_next_sentence() -> None:
    text = "Kepala sekolah itu telah diberi sanksi oleh dinas. Sanksinya berupa teguran lisan dari kepala dinas."
    assert status_of(text) == ("sanctioned", "telah diberi sanksi", "teguran lisan")


def test_pipeline_sets_status_for_cases_only(id_pipeline: Callable[[str], Analysis]) -> None:
    case = id_pipeline(
        "Seorang camat di Kabupaten Garut terekam ikut kampanye pasangan calon bupati pada Pilkada 2024. "
        "Bawaslu Kabupaten Garut telah merekomendasikan kasus netralitas ASN itu ke BKN untuk diberi sanksi."
    )
    assert case.kind == "violation"
    assert case.status == "recommended"
    assert case.sanction is None
    assert any(e["signal"] == "status:recommended" for e in case.evidence)
    appeal = id_pipeline(
        "Pj Bupati mengimbau seluruh ASN menjaga netralitas pada Pilkada 2024. ASN yang terbukti melanggar "
        "akan dijatuhi sanksi disiplin sesuai PP 94 Tahun 2021."
    )
    assert appeal.kind in ("prevention", "sanction_policy")
    assert appeal.status is None


def test_pipeline_reports_the_imposed_sanction(id_pipeline: Callable[[str], Analysis]) -> None:
    res = id_pipeline(
        "Seorang guru PNS di Kota Bogor terbukti mengunggah dukungan untuk calon wali kota di Facebook "
        "saat masa kampanye Pilkada 2024. BKPSDM Kota Bogor telah menjatuhkan sanksi moral berupa "
        "pernyataan secara terbuka kepada guru tersebut."
    )
    assert res.kind == "violation"
    assert res.status == "sanctioned"
    assert res.sanction == "sanksi moral berupa pernyataan secara terbuka"
    span = next(e for e in res.evidence if e["signal"] == "sanction")
    assert str(span["text"]).lower() == res.sanction


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ('{"id": "x", "status": "closed", "authority": false, "pattern": "ditutup"}', Code.E105),
        ('{"id": "x", "status": "cleared", "authority": "no", "pattern": "ditutup"}', Code.E102),
        ('{"id": "x", "status": "cleared", "authority": false, "pattern": "(ditutup"}', Code.E106),
        ('{"id": "x", "status": "cleared", "authority": false}', Code.E102),
    ],
)
def test_cue_file_validation(tmp_path: Path, line: str, code: Code) -> None:
    p = tmp_path / "handling.jsonl"
    p.write_text('{"_meta": {"name": "handling", "version": 1}}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(DataFileError) as exc:
        handling.read_cues(p)
    assert exc.value.code is code


def test_duplicate_cue_ids_rejected(tmp_path: Path) -> None:
    line = '{"id": "x", "status": "cleared", "authority": false, "pattern": "ditutup"}\n'
    p = tmp_path / "handling.jsonl"
    p.write_text('{"_meta": {"name": "handling", "version": 1}}\n' + line + line, encoding="utf-8")
    with pytest.raises(DataFileError) as exc:
        handling.read_cues(p)
    assert exc.value.code is Code.E103


def test_cue_matches_like_finditer() -> None:
    h = handling.load()
    assert h.cue_starts is not None  # every shipped cue begins with known literals
    texts = [
        "telah dijatuhi sanksi teguran. tidak terbukti melanggar, laporan dihentikan",
        "bukan pelanggaran; bawaslu menelusuri kasus itu dan merekomendasikan ke kasn",
        "xtelah dijatuhi sanksi, sudahnya diproses.diproses ditangani-ditangani",
        "",
    ]
    for lower in texts:
        expected = [(m.span(), m.lastgroup) for m in h.cue_regex.finditer(lower)]
        assert [(m.span(), m.lastgroup) for m in handling.cue_matches(h, lower)] == expected


@pytest.mark.parametrize(
    ("pattern", "starts"),
    [
        ("(?:telah|sudah)\\s+dijatuhi", {"telah", "sudah"}),
        ("tidak\\s+terbukti|bukan (?:sebuah )?pelanggaran", {"tidak", "bukan "}),
        ("(?:di)?proses", None),
        ("\\bproses", None),
        ("(?i:proses)", None),
        ("(?:ab)+c", {"ab"}),
    ],
)
def test_start_literals(pattern: str, starts: set[str] | None) -> None:
    assert start_literals(pattern) == (frozenset(starts) if starts is not None else None)
