"""Stage and kind decisions on invented texts: presidential tickets, dates after an election,
non-ASN texts, and the prior for texts that name no civil servant."""

from __future__ import annotations

import datetime as dt

from netral_nlp import analyze, lexicon
from netral_nlp.dates import DateMention
from netral_nlp.pipeline import _blend, _stage


def _hits(text: str) -> dict[str, list[tuple[int, int, str]]]:
    lex = lexicon.load()
    hits, fired = lexicon.scan(lex, text)
    lexicon.apply_rules(lex, text, fired, hits)
    return hits


def test_it_takes_the_election_year_from_a_presidential_ticket() -> None:
    text = "seorang asn diduga berpose dua jari mendukung pasangan prabowo-sandi di kantor dinas saat kampanye."
    assert _stage(_hits(text), text, "violation", None, ["photo_gesture"]) == "pemilu2019:kampanye"
    text24 = "guru pns itu mengunggah dukungan untuk ganjar-mahfud di facebook saat masa kampanye."
    assert _stage(_hits(text24), text24, "violation", None, ["social_media"]) == "pemilu2024:kampanye"


def test_it_gives_only_the_election_for_a_date_after_it() -> None:
    text = "bawaslu merekomendasikan sanksi untuk camat yang mengarahkan warga memilih caleg pada pemilu 2019 lalu."
    later = DateMention(dt.date(2019, 11, 4), 0, 5, 1.0)
    assert _stage(_hits(text), text, "violation", later, ["mobilise"]) == "pemilu2019"


def test_it_does_not_guess_the_stage_of_a_non_asn_text_without_acts() -> None:
    text = "kapolres menegaskan anggota polri wajib netral selama kampanye pemilu 2024 dan tidak memihak calon."
    assert _stage(_hits(text), text, "non_asn_neutrality", None, []) == "pemilu2024"
    assert _stage(_hits(text), text, "violation", None, []) == "pemilu2024:kampanye"


def test_it_damps_relevance_when_only_non_asn_roles_are_named() -> None:
    text = "kepala desa sukatani diduga mengajak warga memilih caleg. bawaslu memanggil kades itu pada pemilu 2024."
    probs = {"violation": 0.9, "prevention": 0.02, "sanction_policy": 0.03, "non_asn_neutrality": 0.03}
    probs["negative"] = 0.02
    blended = _blend(probs, _hits(text))
    assert blended["non_asn_neutrality"] > blended["violation"]


def test_it_keeps_a_case_tied_to_an_asn_relevant() -> None:
    text = (
        "Camat Sukatani diduga mengarahkan para kepala desa untuk memilih calon bupati nomor 2 pada Pilkada 2024. "
        "Bawaslu Kabupaten Garut memanggil camat itu untuk klarifikasi."
    )
    res = analyze(text)
    assert res.relevant and res.kind == "violation"
    # The labels' convention: an official who gathers subordinates and tells them whom to vote
    # for is both mobilise and partisan_statement (the tagger adds the second).
    assert res.acts == ["mobilise", "partisan_statement"]


def test_it_lists_the_addressed_class_for_an_appeal_not_the_speaker() -> None:
    from netral_nlp.pipeline import _subjects

    text = "sekda kabupaten contoh mengimbau seluruh asn dan pppk menjaga netralitas pada pilkada 2024."
    assert _subjects(_hits(text), "prevention", text) == ["ASN", "PPPK"]


def test_it_lists_only_the_named_officials_of_a_case() -> None:
    from netral_nlp.pipeline import _subjects

    text = "seorang asn, camat sukamaju, diduga ikut kampanye paslon nomor 1 pada pilkada 2024."
    assert _subjects(_hits(text), "violation", text) == ["camat"]


def test_it_scores_subjects_in_the_evaluation() -> None:
    from netral_nlp.evaluate import evaluate_records

    rec = {
        "id": "x",
        "text": "Camat Sukamaju diduga ikut kampanye paslon nomor 1 pada Pilkada 2024 di Kabupaten Garut.",
        "relevant": True,
        "kind": "violation",
        "subjects": ["Camat"],
    }
    assert evaluate_records([rec])["subject_micro_f1"] == 1.0


def test_it_calls_a_case_dated_between_early_stages_pre_campaign() -> None:
    text = "camat itu diduga hadir dalam acara paslon pada pilkada 2024 dan berfoto dengan calon bupati."
    march = DateMention(dt.date(2024, 3, 15), 0, 5, 3.0)
    assert _stage(_hits(text), text, "violation", march, ["photo_gesture"]) == "pilkada2024:pra-kampanye"
    october = DateMention(dt.date(2024, 10, 15), 0, 5, 3.0)
    assert _stage(_hits(text), text, "violation", october, ["photo_gesture"]) == "pilkada2024:kampanye"
