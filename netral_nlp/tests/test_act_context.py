"""Acts read in context: rules and conditions, spread media, purposes, and who is asked to vote.

Every sentence here is written for this project (invented places and people).
"""

from __future__ import annotations

from netral_nlp import lexicon
from netral_nlp.pipeline import _acts


def _acts_of(text: str, kind: str = "violation") -> list[str]:
    lex = lexicon.load()
    hits, fired = lexicon.scan(lex, text)
    lexicon.apply_rules(lex, text, fired, hits)
    return _acts(hits, text, kind)


def test_it_ignores_acts_named_in_a_prohibition() -> None:
    text = (
        "camat mekarjaya diduga mengarahkan para guru untuk memilih paslon nomor 2 pada pilkada. "
        "padahal asn dilarang berfoto dengan pose jari bersama calon dan memakai mobil dinas untuk kampanye."
    )
    assert _acts_of(text) == ["mobilise"]


def test_it_ignores_acts_named_in_a_condition() -> None:
    text = (
        "seorang guru pns diduga mengunggah dukungan untuk caleg di akun facebook miliknya pada pemilu. "
        "kalau ada pegawai yang mengajak warga memilih calon, kami akan memberikan sanksi kepada asn itu."
    )
    assert _acts_of(text) == ["social_media"]


def test_it_keeps_an_act_reported_before_a_prohibition() -> None:
    text = "lurah sukadana terekam berpose dua jari bersama calon wali kota, padahal asn dilarang melakukannya."
    assert _acts_of(text) == ["photo_gesture"]


def test_it_does_not_take_the_spreading_medium_for_an_act() -> None:
    text = (
        "video kepala dinas yang menghadiri kampanye paslon bupati beredar di media sosial. "
        "video itu juga viral di tiktok dan ramai di grup whatsapp warga saat pilkada."
    )
    assert _acts_of(text) == ["attend_campaign"]


def test_it_keeps_social_media_posted_by_the_official() -> None:
    text = "seorang asn memposting dukungan untuk capres di akun instagram miliknya selama kampanye pemilu."
    assert "social_media" in _acts_of(text)


def test_it_reads_asking_the_public_to_vote_as_a_partisan_statement() -> None:
    text = "dalam sambutannya, camat itu mengajak masyarakat memilih caleg nomor 3 pada pemilu mendatang."
    assert _acts_of(text) == ["partisan_statement"]


def test_it_reads_asking_subordinates_to_vote_as_mobilising() -> None:
    text = "kepala sekolah itu meminta para guru honorer mendukung calon bupati nomor 1 pada pilkada."
    assert _acts_of(text) == ["mobilise"]


def test_it_reads_directing_vote_collection_as_mobilising() -> None:
    text = "pada pemilu, kepala puskesmas diduga mengarahkan pegawai kontrak agar mengumpulkan suara untuk caleg."
    assert _acts_of(text) == ["mobilise"]


def test_it_does_not_add_a_statement_for_the_purpose_of_another_act() -> None:
    text = (
        "camat diduga menyediakan aula kantor kecamatan untuk mendukung paslon nomor 1 pada pilkada. "
        "pertemuan itu digelar dengan fasilitas negara untuk mendukung calon bupati."
    )
    assert _acts_of(text) == ["state_facilities"]


def test_it_follows_the_official_into_the_next_sentence() -> None:
    text = (
        "seorang guru pppk di kabupaten contoh diduga aktif mendukung paslon bupati.\n"
        "ia sering ikut blusukan bersama paslon ke desa-desa dan berfoto bersama mereka."
    )
    acts = _acts_of(text)
    assert "attend_campaign" in acts and "photo_gesture" in acts


def test_it_does_not_follow_the_official_two_sentences_on() -> None:
    text = (
        "seorang guru pppk di kabupaten contoh dipanggil bawaslu. hujan turun sejak pagi. "
        "rombongan warga blusukan ke desa-desa bersama paslon."
    )
    assert "attend_campaign" not in _acts_of(text)


def test_it_reads_campaigning_by_the_official_as_a_statement() -> None:
    text = "camat itu diduga melakukan kampanye untuk caleg nomor 2 di kantor kecamatan saat pemilu."
    assert "partisan_statement" in _acts_of(text)


def test_it_does_not_take_a_relatives_candidacy_for_the_officials() -> None:
    text = (
        "kades itu diduga meminta warga desanya mencoblos suaminya yang mencalonkan diri "
        "menjadi caleg dprd pada pemilu."
    )
    assert _acts_of(text, "non_asn_neutrality") == ["partisan_statement"]


def test_it_ignores_a_hedged_source_of_money() -> None:
    text = (
        "kepala sekolah negeri itu disebut membuat baliho paslon, entah dibiayai dana sekolah atau uang pribadi, "
        "menurut sumber di pilkada."
    )
    assert "state_facilities" not in _acts_of(text)


def test_it_reads_a_pose_photo_that_circulated_online_as_a_post() -> None:
    text = (
        "foto lima asn berpose dua jari bersama calon bupati beredar di media sosial. "
        "bawaslu menelusuri foto itu pada pilkada."
    )
    assert _acts_of(text) == ["photo_gesture", "social_media"]


def test_it_keeps_a_pose_photo_without_online_trace_as_a_photo_only() -> None:
    text = "dalam acara itu seorang asn berpose dua jari bersama calon bupati pada pilkada."
    assert _acts_of(text) == ["photo_gesture"]


def test_it_ignores_an_act_that_a_sentence_calls_not_allowed() -> None:
    text = (
        "bawaslu mengingatkan asn pada pilkada. memberi like pada unggahan paslon di facebook tidak dibenarkan "
        "bagi asn dan bisa menjadi pelanggaran."
    )
    assert _acts_of(text) == []


def test_it_does_not_read_handing_out_goods_as_sharing_a_post() -> None:
    text = "seorang pns membagikan kaos dan bingkisan bergambar calon bupati kepada warga saat pilkada."
    assert _acts_of(text) == ["distribute_goods"]


def test_it_needs_a_verb_of_putting_up_for_a_banner() -> None:
    assert _acts_of("camat itu berfoto di depan baliho calon bupati pada pilkada.") == ["photo_gesture"]
    text = "guru pns itu diduga memasang spanduk calon bupati di pagar sekolah pada pilkada."
    assert _acts_of(text) == ["other"]


def test_it_tells_joining_a_campaign_team_from_meeting_it() -> None:
    met = "seorang asn mengikuti kampanye dialogis calon bupati bersama tim pemenangan pada pilkada."
    assert _acts_of(met) == ["attend_campaign"]
    joined = "kepala sekolah negeri itu diduga terlibat dalam tim sukses pasangan calon gubernur."
    assert _acts_of(joined) == ["campaign_team"]


def test_it_finds_party_membership_without_a_candidate_word() -> None:
    text = "seorang pns diketahui tercatat sebagai anggota partai harapan desa sejak tahun lalu."
    assert _acts_of(text) == ["party_membership"]


def test_it_keeps_an_act_reported_against_what_should_be() -> None:
    text = "camat yang seharusnya netral justru terlihat menghadiri kampanye calon bupati nomor 2 pada pilkada."
    assert _acts_of(text) == ["attend_campaign"]
    text = "seorang pns diduga termasuk dalam tim sukses calon bupati pada pilkada."
    assert _acts_of(text) == ["campaign_team"]
