"""Rules where rules belong (issue 15), each on the project's own sentences: whose case it is,
one case vs the rules, appeals, permissive and hedged language, word sense, dates and years,
region spellings, chrome, captions and things named after places, mixed-language posts."""

from __future__ import annotations

from netral_nlp import analyze, lexicon
from netral_nlp.context import Sentences
from netral_nlp.dates import find_dates, text_years
from netral_nlp.pipeline import _actors, _acts, _appeal_in_lead, _diy_lurah, _routine_enforcement, _single_case


def hits_of(lower: str) -> dict[str, list[lexicon.Hit]]:
    lex = lexicon.load()
    hits, fired = lexicon.scan(lex, lower)
    lexicon.apply_rules(lex, lower, fired, hits)
    return hits


def codes(text: str) -> list[str]:
    return [str(r["code"]) for r in analyze(text).regions]


# -- whose case it is -----------------------------------------------------------------------


def test_the_actor_is_the_role_named_before_the_act() -> None:
    lower = "camat sukatani mengarahkan para kepala desa memilih calon bupati nomor 2 pada pilkada 2024."
    by_asn, by_non = _actors(hits_of(lower), lower)
    assert by_asn >= 1 and by_non == 0
    lower = "kepala desa sukamaju mengarahkan warganya memilih calon bupati nomor 2, camat hanya diam."
    by_asn, by_non = _actors(hits_of(lower), lower)
    assert by_non >= 1 and by_asn == 0


def test_regional_village_heads_election_staff_and_ranks_are_non_asn() -> None:
    for word, value in (
        ("wali nagari", "kepala desa"),
        ("perbekel", "kepala desa"),
        ("hukum tua", "kepala desa"),
        ("panwaslih", "penyelenggara pemilu"),
        ("bripka", "Polri"),
        ("danramil", "TNI"),
    ):
        hits = hits_of(f"seorang {word} diduga ikut kampanye paslon.")
        assert [h[2] for h in hits["non_asn_role"]] == [value], word


def test_a_lurah_in_a_yogyakarta_village_is_a_village_head() -> None:
    lower = "lurah kalurahan sumberadi di sleman diduga mengajak warga memilih calon bupati."
    hits = hits_of(lower)
    _diy_lurah(hits, lower)
    assert "asn_role" not in hits and any(h[2] == "lurah" for h in hits["non_asn_role"])
    lower = "lurah di kelurahan kotabaru, kota yogyakarta, diduga mengajak warga memilih calon wali kota."
    hits = hits_of(lower)
    _diy_lurah(hits, lower)
    assert any(h[2] == "lurah" for h in hits["asn_role"])  # a city lurah is a civil servant


# -- one case vs the rules, appeals ---------------------------------------------------------


def test_a_reported_act_makes_a_single_case_and_an_appeal_does_not() -> None:
    lower = (
        "netralitas asn diatur dalam uu asn dan skb lima lembaga. dalam kasus terbaru, seorang camat terekam "
        "hadir di kampanye paslon bupati dan berpose dua jari, senin (7/10/2024)."
    )
    assert _single_case(lower, hits_of(lower), Sentences(lower))
    lower = "asn dilarang hadir di kampanye paslon dan dilarang berpose dua jari bersama calon bupati."
    assert not _single_case(lower, hits_of(lower), Sentences(lower))


def test_an_appeal_in_the_lead_names_the_text_a_prevention_text() -> None:
    lower = "bawaslu mengimbau asn menjaga netralitas. " + "sanksi disiplin diatur dalam pp 94 tahun 2021. " * 5
    assert _appeal_in_lead(hits_of(lower), lower)
    lower = "sanksi disiplin diatur dalam pp 94 tahun 2021. " * 12 + "bawaslu mengimbau asn netral."
    assert not _appeal_in_lead(hits_of(lower), lower)


# -- permissive, hedged, word sense -----------------------------------------------------------


def _acts_of(lower: str) -> list[str]:
    return _acts(hits_of(lower), lower, "violation", Sentences(lower))


def test_permissive_and_hedged_language_reports_no_act() -> None:
    assert _acts_of("asn boleh hadir di kampanye paslon bupati untuk mendengarkan visi misi.") == []
    assert _acts_of("kalau benar camat itu hadir di kampanye paslon bupati, bawaslu akan memprosesnya.") == []
    assert _acts_of("camat itu hadir di kampanye paslon bupati pada pilkada 2024.") == ["attend_campaign"]


def test_a_shirt_worn_is_an_attribute_not_goods() -> None:
    worn = _acts_of("guru pns itu memakai kaos paslon bupati saat mengajar di kelas pada masa kampanye pilkada.")
    assert "distribute_goods" not in worn
    handed = _acts_of("camat itu membagikan kaos paslon bupati kepada warga pada masa kampanye pilkada.")
    assert "distribute_goods" in handed


# -- election words in posts and hashtags, mixed language ----------------------------------------


def test_a_hashtag_with_the_year_glued_on_is_an_election_word() -> None:
    hits = hits_of("pak kadis ngumpulke penyuluh, jare nomer 3 wae #pilkada2024")
    assert "election" in hits
    assert "candidate" in hits_of("pegawai bappeda foto bareng cawalkot")


def test_a_mixed_language_post_naming_the_election_is_analysed() -> None:
    post = "Pak Kadis Pertanian ngumpulke penyuluh terus ngendikan sing penting nomer 3 wae yo. #Pilkada2024"
    res = analyze(post)
    assert res.error is None
    javanese = "Aku arep mangan sego pecel ning pasar karo kanca-kancaku sesuk esuk amarga wis suwe ora ketemu."
    assert (analyze(javanese).error or "").startswith("E302")


# -- years -------------------------------------------------------------------------------------


def test_a_simultaneous_election_year_is_not_a_regulation_year() -> None:
    assert text_years("asn wajib netral dalam pilkada serentak tahun 2024.") == [2024]
    assert text_years("sesuai se nomor 2 tahun 2023 tentang netralitas.") == []


def test_a_weekday_points_to_the_year_before_the_election_year() -> None:
    lower = "menjelang pilkada 2024, bawaslu menggelar sosialisasi netralitas asn, senin (11/12)."
    (m,) = find_dates(lower, [])
    assert m.date.isoformat() == "2023-12-11"


# -- regions -------------------------------------------------------------------------------------


def test_region_spelling_variants() -> None:
    text = "Bawaslu {} memanggil seorang camat yang diduga ikut kampanye pasangan calon pada Pilkada 2024."
    assert codes(text.format("Kota Pematang Siantar")) == ["12.72"]
    assert codes(text.format("Kabupaten Waykanan")) == ["18.08"]
    assert codes(text.format("Kabupaten Tolitoli")) == ["72.04"]
    assert codes(text.format("Kabupaten Toli Toli")) == ["72.04"]


def test_a_dish_named_after_a_city_is_not_an_event_there() -> None:
    assert codes("Resep rendang Padang yang empuk. Rendang Padang dimasak dengan santan dan bumbu.") == []
    assert codes("Soto Banjar dan nasi Padang jadi menu favorit warga saat berbuka puasa.") == []


def test_menus_and_photo_captions_are_not_the_event_place() -> None:
    text = (
        "Home | Jateng & DIY | Jatim | Nasional\n"
        "Foto: Bupati Sleman meresmikan pasar baru, Senin (7/10/2024).\n"
        "Bawaslu Kabupaten Purbalingga memanggil seorang camat yang diduga ikut kampanye pasangan calon "
        "bupati pada Pilkada 2024."
    )
    assert codes(text) == ["33.03"]


# -- Satpol PP: routine enforcement vs taking sides --------------------------------------------


def _lower_hits(text: str) -> tuple[str, dict[str, list[lexicon.Hit]]]:
    lower = text.lower()
    return lower, hits_of(lower)


def test_satpol_pp_removing_every_banner_is_routine_and_not_relevant() -> None:
    text = (
        "Satpol PP Kota Cilegon menurunkan 900 baliho dan spanduk milik seluruh peserta pemilu di jalan "
        "protokol, Minggu (11/2/2024). Tidak ada tebang pilih, semua APK diturunkan sesuai perda."
    )
    assert _routine_enforcement(*_lower_hits(text))
    res = analyze(text)
    assert res.kind == "negative" and not res.relevant
    post = "Spanduk caleg di depan pasar udah dicopot Satpol PP, katanya melanggar zona larangan. Rapi deh 👍"
    assert analyze(post).kind == "negative"


def test_satpol_pp_removing_one_pairs_banners_only_is_a_case() -> None:
    text = (
        "Bawaslu memeriksa anggota Satpol PP Kota Cilegon yang diduga hanya mencopot baliho milik paslon "
        "nomor 1 dan membiarkan baliho petahana, Senin (14/10/2024)."
    )
    assert not _routine_enforcement(*_lower_hits(text))
    assert analyze(text).kind == "violation"
    stuck = "Anggota Satpol PP kedapatan menempel stiker paslon 2 setelah mencopot stiker paslon 1 di angkot."
    assert not _routine_enforcement(*_lower_hits(stuck))


def test_a_text_with_no_election_word_is_not_relevant() -> None:
    res = analyze("Seluruh ASN Pemkab Rembang memakai kaos olahraga saat senam pagi di alun-alun.")
    assert res.kind == "negative" and not res.relevant


# -- word sense: sharing a post, wearing a shirt, a number to vote for ---------------------------


def test_sharing_a_post_is_social_media_not_goods() -> None:
    text = (
        "Seorang PNS Dinas Koperasi di Kabupaten Blitar membagikan unggahan kampanye calon bupati di akun "
        "Facebook pribadinya dan diperiksa Bawaslu, Senin (14/10/2024)."
    )
    res = analyze(text)
    assert "social_media" in res.acts and "distribute_goods" not in res.acts
    text = (
        "Seorang guru PNS di Kabupaten Sragen membagikan kalender bergambar calon bupati kepada wali murid, "
        "Selasa (15/10/2024), dan dilaporkan ke Bawaslu."
    )
    assert analyze(text).acts == ["distribute_goods"]


def test_a_candidates_shirt_worn_is_an_attribute() -> None:
    text = (
        "Kepala bidang di Dinas Perikanan Kabupaten Rembang pake kaos paslon 1 pas rapat kantor, kata "
        "pegawai yang melapor ke Bawaslu."
    )
    acts = analyze(text).acts
    assert "other" in acts and "distribute_goods" not in acts


def test_a_number_to_vote_for_in_slang_is_a_partisan_statement() -> None:
    text = (
        "Bu guru PNS di SD negeri kirim pesan ke grup WA wali murid: 'jangan sampai salah ya bu, coblos "
        "nomer 3'. Udah dilaporin ke Bawaslu #Pilkada2024"
    )
    assert "partisan_statement" in analyze(text).acts
