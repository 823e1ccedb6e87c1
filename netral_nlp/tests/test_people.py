"""Who, by name: the persons whose neutrality a case is about, titles kept apart.

Every sentence here was written for these tests.
"""

from __future__ import annotations

from collections.abc import Callable

from netral_nlp import Analysis, lexicon
from netral_nlp.context import Sentences
from netral_nlp.people import find_people
from netral_nlp.text import lower_same_length, strip_boilerplate


def people(_: object, text: str) -> list[tuple[object, ...]]:
    """The extractor on its own (the pipeline calls it for case texts only): same cleaning,
    scan and sentences as ``analyze``."""
    clean, _spans = strip_boilerplate(text)
    lower = lower_same_length(clean)
    lex = lexicon.load()
    hits, fired = lexicon.scan(lex, lower)
    lexicon.apply_rules(lex, lower, fired, hits)
    found, _names = find_people(clean, lower, hits, Sentences(lower))
    return [(p["name"], p["titles"], p["role"], p["agency"]) for p in found]


def test_initials_after_a_role_with_its_village_and_district(id_pipeline: Callable[[str], Analysis]) -> None:
    text = (
        "Bawaslu Kabupaten Kebumen memanggil Kepala Desa Karangsari, Kecamatan Buluspesantren, berinisial "
        "WT, setelah videonya mengajak warga memilih calon bupati nomor urut 2 tersebar di grup WhatsApp, "
        "Selasa (15/10/2024)."
    )
    assert people(id_pipeline, text) == [("WT", [], "kepala desa", "Desa Karangsari")]


def test_role_then_full_name_with_titles_before_and_after(id_pipeline: Callable[[str], Analysis]) -> None:
    text = (
        "Camat Cibeber, Drs. H. Maman Suparman, M.Si, diduga hadir dalam kampanye terbuka pasangan calon "
        "bupati di Lapangan Cibeber, Minggu (20/10/2024). Panwascam sudah meminta keterangan yang bersangkutan."
    )
    assert people(id_pipeline, text) == [("Maman Suparman", ["Drs.", "H.", "M.Si"], "camat", "Kecamatan Cibeber")]


def test_name_then_role_apposition(id_pipeline: Callable[[str], Analysis]) -> None:
    text = (
        "Rudi Hermawan, S.STP., M.Si, Camat Pakenjeng, dilaporkan ke Bawaslu karena mengumpulkan kepala desa "
        "dan meminta mereka memenangkan calon bupati petahana pada Pilkada 2024."
    )
    assert people(id_pipeline, text) == [("Rudi Hermawan", ["S.STP.", "M.Si"], "camat", "Kecamatan Pakenjeng")]


def test_named_teacher_and_the_personnel_head_who_only_speaks(id_pipeline: Callable[[str], Analysis]) -> None:
    text = (
        "Seorang guru PNS di Kabupaten Dompu bernama Nurhayati, S.Pd, kedapatan mengunggah foto bersama calon "
        "gubernur sambil berpose dua jari di akun Facebook-nya. Kepala BKPSDM Dompu, Arifuddin, mengatakan "
        "pihaknya menunggu rekomendasi Bawaslu sebelum menjatuhkan sanksi."
    )
    assert people(id_pipeline, text) == [("Nurhayati", ["S.Pd"], "guru", "Kabupaten Dompu")]


def test_the_reporter_and_the_supervisor_are_not_accused(id_pipeline: Callable[[str], Analysis]) -> None:
    text = (
        "Pelapor, warga setempat bernama Yohanes Sinaga, menyerahkan video lurah yang membagikan kalender "
        'bergambar calon wali kota kepada warga. "Kami sedang mengkaji laporan itu," kata Ketua Bawaslu '
        "Kota Pematangsiantar, Dedi Saragih, Kamis (24/10/2024)."
    )
    assert people(id_pipeline, text) == []


def test_an_accused_who_answers_is_at_issue(id_pipeline: Callable[[str], Analysis]) -> None:
    text = (
        "Tim pemenangan pasangan calon nomor urut 1 menuding Satpol PP hanya menurunkan baliho milik calon "
        "mereka dan menyebut penertiban itu tebang pilih. Kepala Satpol PP Tidore, Hasan Albaar, membantah "
        "tudingan itu dan menyebut penertiban sesuai peraturan daerah."
    )
    assert people(id_pipeline, text) == [("Hasan Albaar", [], "Satpol PP", "Satpol PP Tidore")]


def test_the_complainant_names_the_accused_by_initials_only(id_pipeline: Callable[[str], Analysis]) -> None:
    text = (
        "Laporan dugaan pelanggaran netralitas dengan terlapor berinisial RS sudah diregistrasi Bawaslu Kota "
        "Palu. Terlapor diduga menghadiri kampanye tatap muka pasangan calon wali kota, Jumat (11/10/2024)."
    )
    assert people(id_pipeline, text) == [("RS", [], None, None)]


def test_a_place_after_di_is_where_not_the_office(id_pipeline: Callable[[str], Analysis]) -> None:
    text = (
        "Seorang lurah di Kecamatan Tallo berinisial AR terbukti ikut berjoget di panggung kampanye pasangan "
        "calon wali kota dan direkomendasikan Bawaslu Kota Makassar untuk dijatuhi sanksi."
    )
    assert people(id_pipeline, text) == [("AR", [], "lurah", "Kecamatan Tallo")]


def test_headlines_and_forms_of_address_are_not_names(id_pipeline: Callable[[str], Analysis]) -> None:
    text = (
        "Ketahuan Pasang Baliho Petahana, Camat Di Pesisir Selatan Dipanggil Bawaslu\n\n"
        "Warga menyayangkan camat yang memasang baliho calon bupati di depan kantornya. "
        '"Pak Camat harusnya netral, dia digaji negara," kata seorang warga, Senin (7/10/2024).'
    )
    assert people(id_pipeline, text) == []


def test_appeals_and_rules_name_no_one_at_issue(id_pipeline: Callable[[str], Analysis]) -> None:
    """Only case texts have people: an appeal names its speaker, not someone at issue."""
    res = id_pipeline(
        "Seluruh ASN Pemkab Sleman membacakan ikrar netralitas menjelang Pilkada 2024, dipimpin Sekda "
        "Sleman, Susmiarto, di halaman kantor bupati, Senin (2/9/2024)."
    )
    assert res.kind == "prevention" and res.people == []


def test_people_in_the_output_and_evidence(id_pipeline: Callable[[str], Analysis]) -> None:
    text = (
        "Camat Cibeber, Drs. H. Maman Suparman, M.Si, diduga hadir dalam kampanye terbuka pasangan calon "
        "bupati di Lapangan Cibeber, Minggu (20/10/2024)."
    )
    res = id_pipeline(text)
    d = res.as_dict()
    assert d["people"] == [
        {"name": "Maman Suparman", "titles": ["Drs.", "H.", "M.Si"], "role": "camat", "agency": "Kecamatan Cibeber"}
    ]
    spans = [e for e in d["evidence"] if e["signal"] == "person"]
    assert spans and spans[0]["text"].startswith("Drs. H. Maman Suparman")
