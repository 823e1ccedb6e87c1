"""Letters: numbered from the body's scheme, rendered once, stored with their hash, verifiable."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from netral.core.models import ObjectChange, Sequence
from netral.letters import numbering, services
from netral.letters.choices import LetterKind
from netral.letters.models import Letter, LetterBody
from netral.letters.tests.helpers import NIP, pdf_text, recommended_case

pytestmark = pytest.mark.django_db
ROMAN = numbering.ROMAN_MONTHS


def test_the_recommendation_is_an_official_letter_naming_the_accused_by_nip(cast):
    case = recommended_case(cast)
    letter = services.issue_letter(case, LetterKind.RECOMMENDATION, user=cast.bkn)
    today = timezone.localdate()
    assert letter.number == f"001/REK/BKN/{ROMAN[today.month - 1]}/{today.year}"
    data = bytes(letter.pdf)
    assert data.startswith(b"%PDF") and letter.size == len(data)
    assert services.stored_intact(letter) and len(letter.verification_code) >= 20
    text = pdf_text(data)
    for expected in (
        "BADAN KEPEGAWAIAN NEGARA",
        f"Nomor : {letter.number}",
        "Sifat : Segera",
        "Lampiran : 1 (satu) berkas",
        "Rekomendasi penjatuhan sanksi",
        NIP,
        "Dr. Dedi Situmorang, M.Si.",
        "Camat Pataruman",
        "Pemerintah Kota Banjar",
        "D-07",
        "PP 94/2021",
        "Nomor 246 Tahun 2022",
        "Tembusan",
        "Deputi Bidang Pengawasan dan Pengendalian",
        letter.verification_code,
        f"Jakarta, {today.day} ",
    ):
        assert expected in text, expected
    assert ObjectChange.objects.filter(object_type="letters.letter", object_id=str(letter.pk), action="create").exists()


def test_the_addressee_is_the_ppk_with_acting_tenure_marked(cast):
    case = recommended_case(cast, agency=cast.agency_other, name="Siti Aminah")
    text = pdf_text(bytes(services.issue_letter(case, LetterKind.RECOMMENDATION, user=cast.bkn).pdf))
    assert "Yth. Pj. Bupati Banyuasin Muhammad Contoh selaku Pejabat Pembina Kepegawaian" in text


def test_without_a_registry_person_the_letter_names_the_accused_as_reported(cast):
    case = recommended_case(cast, asn=False, name="Budi Pelapor-Tulis")
    text = pdf_text(bytes(services.issue_letter(case, LetterKind.RECOMMENDATION, user=cast.bkn).pdf))
    assert "Budi Pelapor-Tulis" in text and NIP not in text


def test_a_proposed_person_not_yet_confirmed_gives_no_nip_to_the_letter(cast):
    case = recommended_case(cast, confirmed=False)
    text = pdf_text(bytes(services.issue_letter(case, LetterKind.RECOMMENDATION, user=cast.bkn).pdf))
    assert NIP not in text and "Camat Pataruman" not in text


def test_asking_again_returns_the_stored_letter_never_a_new_one(cast):
    case = recommended_case(cast)
    first = services.issue_letter(case, LetterKind.RECOMMENDATION, user=cast.bkn)
    again = services.issue_letter(case, LetterKind.RECOMMENDATION, user=cast.bkn)
    assert again.pk == first.pk and bytes(again.pdf) == bytes(first.pdf)
    assert Letter.objects.count() == 1
    assert Sequence.objects.get(name="letter:bkn").value == 1
    with pytest.raises(RuntimeError):
        first.save()


def test_the_sequence_runs_per_body_and_the_scheme_is_the_bodys(cast):
    LetterBody.objects.filter(code="bkn").update(numbering="B-{seq:04d}/{body}/{month:02d}/{year}")
    a = services.issue_letter(recommended_case(cast), LetterKind.RECOMMENDATION, user=cast.bkn)
    b = services.issue_letter(
        recommended_case(cast, agency=cast.agency_b, name="Rudi"), LetterKind.RECOMMENDATION, user=cast.bkn
    )
    today = timezone.localdate()
    assert [a.number, b.number] == [
        f"B-0001/BKN/{today.month:02d}/{today.year}",
        f"B-0002/BKN/{today.month:02d}/{today.year}",
    ]
    assert (a.sequence, b.sequence) == (1, 2)


@pytest.mark.parametrize(
    ("who", "code"),
    [("sup_a", "role"), ("ppk_a", "role"), ("analyst_a", "role")],
)
def test_only_bkn_issues_the_recommendation_and_refusals_are_audited(cast, who, code):
    case = recommended_case(cast)
    with pytest.raises(services.LetterRefused) as exc:
        services.issue_letter(case, LetterKind.RECOMMENDATION, user=getattr(cast, who))
    assert exc.value.code == code and "BKN" in exc.value.message
    assert not Letter.objects.exists()
    entry = ObjectChange.objects.get(object_type="cases.case", object_id=str(case.pk), action="refuse")
    assert entry.postchange["what"] == "letter" and entry.postchange["reason"] == code


def test_a_letter_is_refused_before_its_stage(cast):
    from netral.cases.tests.helpers import make_case

    case = make_case(region_code="32.79", agency=cast.agency_a)
    with pytest.raises(services.LetterRefused) as exc:
        services.issue_letter(case, LetterKind.RECOMMENDATION, user=cast.bkn)
    assert exc.value.code in ("scope", "stage")
    with pytest.raises(services.LetterRefused) as exc:
        services.issue_letter(case, LetterKind.REPRIMAND, user=cast.bkn)
    assert not Letter.objects.exists()


def test_a_number_collision_is_refused_whole_and_audited(cast):
    """A scheme without {seq} (saved around the admin's check) would number two letters alike:
    the second is refused with a clear message, nothing of it stays, its sequence number is given back."""
    LetterBody.objects.filter(code="bkn").update(numbering="{kind}/{body}/{year}")
    first = services.issue_letter(recommended_case(cast), LetterKind.RECOMMENDATION, user=cast.bkn)
    other = recommended_case(cast, agency=cast.agency_b, name="Rudi")
    with pytest.raises(services.LetterRefused) as exc:
        services.issue_letter(other, LetterKind.RECOMMENDATION, user=cast.bkn)
    assert exc.value.code == "number_taken" and "{seq}" in exc.value.message
    assert list(Letter.objects.values_list("pk", flat=True)) == [first.pk]
    assert Sequence.objects.get(name="letter:bkn").value == 1
    assert ObjectChange.objects.filter(
        object_type="cases.case", object_id=str(other.pk), action="refuse", postchange__reason="number_taken"
    ).exists()


def test_the_scheme_is_checked_when_a_body_is_saved():
    body = LetterBody.objects.get(code="bkn")
    for bad in ("{kind}/{year}", "{seq:03d}/{nope}", "{seq:03d/{year}", "{seq:q}"):
        body.numbering = bad
        with pytest.raises(ValidationError):
            body.full_clean()
    body.numbering = "{seq}/{kind}/{body}/{roman_month}/{month:02d}/{year}"
    body.full_clean()
    number = numbering.format_number(body.numbering, 7, "REK", "BKN", datetime.date(2024, 11, 3))
    assert number == "7/REK/BKN/XI/11/2024"


def test_a_regional_body_wins_over_the_national_one(cast):
    LetterBody.objects.create(
        code="bawaslu-banjar",
        authority="bawaslu",
        region_code="32.79",
        name="Badan Pengawas Pemilihan Umum Kota Banjar",
        letterhead="Badan Pengawas Pemilihan Umum Kota Banjar\nJalan Contoh 1, Banjar",
        city="Banjar",
        number_code="K.JB-20",
        signer_name="Rina Contoh",
        signer_title="Ketua Bawaslu Kota Banjar",
    )
    case = recommended_case(cast)
    letter = services.issue_letter(case, LetterKind.FORWARDING, user=cast.sup_a)
    assert letter.body.code == "bawaslu-banjar" and "/K.JB-20/" in letter.number
    text = pdf_text(bytes(letter.pdf))
    assert "Kepala Badan Kepegawaian Negara" in text and "Banjar," in text
    other = recommended_case(cast, agency=cast.agency_b, name="Rudi")
    assert services.issue_letter(other, LetterKind.FORWARDING, user=cast.sup_b).body.code == "bawaslu-ri"


def test_the_reprimand_follows_a_ppk_that_did_not_act(cast):
    from netral.cases.tests.helpers import walk

    case = recommended_case(cast)
    recommendation = services.issue_letter(case, LetterKind.RECOMMENDATION, user=cast.bkn)
    case = walk(case, [("refused", cast.ppk_a, {})])
    letter = services.issue_letter(case, LetterKind.REPRIMAND, user=cast.bkn)
    assert "/TGR/" in letter.number and letter.sequence == 2
    text = pdf_text(bytes(letter.pdf))
    assert recommendation.number in text and "3 hari setelah teguran" in text and NIP in text


def test_the_clarification_request_goes_to_the_accused(cast):
    from netral.cases.tests.helpers import make_case, walk

    case = make_case(region_code="32.79", agency=cast.agency_a, name="Andi Klarifikasi")
    case = walk(case, [("initial_review", cast.sup_a, {}), ("registered", cast.sup_a, {"registration_number": "R-1"})])
    letter = services.issue_letter(case, LetterKind.CLARIFICATION, user=cast.sup_a)
    assert "/KLR/K1/" in letter.number
    assert "Sdr. Andi Klarifikasi" in pdf_text(bytes(letter.pdf))


# --- pages ---------------------------------------------------------------------------------------


def test_the_case_page_links_the_letter_and_the_old_address_redirects(client, cast):
    case = recommended_case(cast)
    client.force_login(cast.bkn)
    page = client.get(reverse("cases:detail", args=[case.number])).content.decode()
    url = reverse("letters:case_letter", args=[case.number, "rekomendasi"])
    assert "rekomendasi" in url and f'action="{url}"' in page  # not issued yet: the button
    r = client.get(url)
    assert r.status_code == 200 and b"Terbitkan" in r.content
    assert client.post(url)["Location"] == url
    page = client.get(reverse("cases:detail", args=[case.number])).content.decode()
    assert f'href="{url}"' in page and Letter.objects.get().number in page
    r = client.get(url)
    assert r["Content-Type"] == "application/pdf" and r.content == bytes(Letter.objects.get().pdf)
    old = client.get(f"/perkara/{case.number}/rekomendasi.pdf")
    assert old.status_code == 301 and old["Location"] == url
    # The PPK of the agency reads it; another regency's supervisor does not even see the case.
    client.force_login(cast.ppk_a)
    assert client.get(url).content == bytes(Letter.objects.get().pdf)
    client.force_login(cast.sup_b)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert Letter.objects.count() == 1


def test_a_refused_issue_on_the_page_says_why_and_saves_nothing(client, cast):
    case = recommended_case(cast)
    client.force_login(cast.sup_a)
    url = reverse("letters:case_letter", args=[case.number, "rekomendasi"])
    assert client.get(url).status_code == 404  # nothing to show, nothing the supervisor may issue
    r = client.post(url, follow=True)
    assert "diterbitkan oleh BKN" in r.content.decode() and not Letter.objects.exists()
    assert client.get(reverse("letters:case_letter", args=[case.number, "tidak-ada"])).status_code == 404


def test_the_public_verification_page_proves_the_letter_without_personal_data(client, cast):
    case = recommended_case(cast)
    letter = services.issue_letter(case, LetterKind.RECOMMENDATION, user=cast.bkn)
    url = reverse("letters:verify", args=[letter.verification_code])
    assert url == f"/surat/verifikasi/{letter.verification_code}/"
    assert url in pdf_text(bytes(letter.pdf)).replace(" ", "")
    page = client.get(url).content.decode()
    for shown in (letter.number, letter.sha256, "Badan Kepegawaian Negara", "Rekomendasi penjatuhan sanksi"):
        assert shown in page
    for hidden in (NIP, "Dedi Situmorang", "Camat", case.number):
        assert hidden not in page
    assert "data-intact" in page and 'data-intact="0"' not in page
    from django.core.files.uploadedfile import SimpleUploadedFile

    same = client.post(url, {"file": SimpleUploadedFile("s.pdf", bytes(letter.pdf), "application/pdf")})
    assert 'data-match="1"' in same.content.decode()
    forged = bytes(letter.pdf).replace(b"%PDF-1.7", b"%PDF-1.6", 1) + b"\n% edited"
    changed = client.post(url, {"file": SimpleUploadedFile("s.pdf", forged, "application/pdf")})
    assert 'data-match="0"' in changed.content.decode()
    assert client.get("/surat/verifikasi/tebakan-kode-salah/").status_code == 404
