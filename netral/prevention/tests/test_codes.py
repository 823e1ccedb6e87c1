"""Signing codes: the second factor of public signing (the NIP encodes the birth date).

Generation and hashing, officers' scoping, every refusal (wrong, foreign, revoked, expired, not
yet valid, other unit) with nothing saved, the happy path, and the setting that turns them off.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from netral.agencies.models import Unit
from netral.core.context import acting
from netral.core.models import ObjectChange
from netral.prevention import services
from netral.prevention.models import PledgeSignature, SigningCode
from netral.prevention.tests.helpers import issue_code, make_asn, national_text, nip, pilkada

pytestmark = pytest.mark.django_db

GENERIC = "tidak cocok"


def identify(client, identifier: str, birth_date: str, code: str):
    return client.post(
        reverse("prevention:sign"),
        {"step": "identify", "identifier": identifier, "birth_date": birth_date, "signing_code": code},
    )


def code_error(response) -> str:
    errors = response.context["form"].errors
    assert list(errors) == ["signing_code"], errors
    return errors["signing_code"][0]


def test_it_generates_short_unambiguous_codes():
    codes = {services.generate_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) == 8
        assert not set(code) & set("IL01O")
        assert services.is_wellformed_code(code)
    assert services.format_code("ABCDEFGH") == "ABCD-EFGH"
    assert services.normalize_code(" abcd-efgh ") == "ABCDEFGH"
    assert not services.is_wellformed_code("ABCDEFG0")


def test_it_stores_only_a_peppered_hmac(cast, settings):
    settings.PLEDGE_HASH_PEPPER = "pepper-for-test"
    code, plain = issue_code(cast.ppk_a, cast.agency_a, national_text(), label="Apel Senin")
    expected = hmac.new(
        b"pepper-for-test", f"netral.prevention.signing-code|{plain}".encode(), hashlib.sha256
    ).hexdigest()
    assert code.code_hash == expected == services.code_hash(services.format_code(plain).lower())
    assert code.code_hash != hashlib.sha256(plain.encode()).hexdigest()
    row = SigningCode.objects.filter(pk=code.pk).values().get()
    assert plain not in json.dumps(row, default=str)
    change = ObjectChange.objects.get(object_type="prevention.signingcode", object_id=str(code.pk))
    assert change.user == cast.ppk_a and change.action == ObjectChange.Action.CREATE
    assert plain not in json.dumps(change.postchange) and code.code_hash not in json.dumps(change.postchange)


def test_it_issues_a_code_on_the_officers_page_and_shows_it_once(cast, client):
    text = national_text()
    unit = Unit.objects.get(agency=cast.agency_a, name="Dinas Pendidikan")
    client.force_login(cast.ppk_a)
    response = client.post(
        reverse("prevention:codes"),
        {
            "agency": cast.agency_a.pk,
            "text": text.pk,
            "election": pilkada().pk,
            "units": [unit.pk],
            "valid_from": "2024-09-01",
            "valid_until": "2099-12-31",
            "label": "Apel Dinas Pendidikan",
        },
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    plain = response.context["new_code"]["plain"]
    code = SigningCode.objects.get()
    assert code.code_hash == services.code_hash(plain)
    assert list(code.units.all()) == [unit]
    assert code.created_by == cast.ppk_a and code.region_code == "32.79"
    assert plain in response.content.decode()
    again = client.get(reverse("prevention:codes")).content.decode()
    assert "Apel Dinas Pendidikan" in again
    assert plain not in again and plain.replace("-", "") not in again


def test_it_refuses_bad_code_forms_at_their_fields(cast, client):
    text = national_text()
    foreign_text = national_text(version=1, agency=cast.agency_b, title="Ikrar Purwakarta", body="Naskah B.")
    client.force_login(cast.ppk_a)
    base = {"agency": cast.agency_a.pk, "election": pilkada().pk, "valid_from": "2024-09-10"}
    response = client.post(reverse("prevention:codes"), {**base, "text": text.pk, "valid_until": "2024-09-01"})
    assert "valid_until" in response.context["form"].errors
    response = client.post(reverse("prevention:codes"), {**base, "text": foreign_text.pk})
    assert "text" in response.context["form"].errors  # another agency's text is not even a choice
    assert not SigningCode.objects.exists()


def test_it_refuses_a_code_for_a_superseded_text(cast):
    old = national_text()
    own = national_text(version=1, agency=cast.agency_a, title="Ikrar Banjar", body="Naskah Banjar.")
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as info:
        issue_code(cast.ppk_a, cast.agency_a, old)
    assert "text" in info.value.error_dict
    assert issue_code(cast.ppk_a, cast.agency_a, own)[0].text == own


def test_it_keeps_codes_within_the_officers_agency(cast, client):
    code, plain = issue_code(cast.ppk_a, cast.agency_a, national_text(), label="Kode Banjar")
    client.force_login(cast.ppk_b)
    page = client.get(reverse("prevention:codes")).content.decode()
    assert "Kode Banjar" not in page
    assert client.post(reverse("prevention:code_revoke", args=[code.pk])).status_code == 404
    code.refresh_from_db()
    assert code.revoked_at is None
    # Nor can the other officer issue one in agency A's name (form choice, then the service).
    response = client.post(
        reverse("prevention:codes"),
        {"agency": cast.agency_a.pk, "text": code.text.pk, "election": pilkada().pk, "valid_from": "2024-09-01"},
    )
    assert "agency" in response.context["form"].errors
    with pytest.raises(PermissionDenied):
        issue_code(cast.ppk_b, cast.agency_a, code.text)
    assert SigningCode.objects.count() == 1
    # A supervisor of the region reads the list but issues and revokes nothing.
    client.force_login(cast.sup_a)
    assert "Kode Banjar" in client.get(reverse("prevention:codes")).content.decode()
    assert client.post(reverse("prevention:code_revoke", args=[code.pk])).status_code == 404
    assert client.post(reverse("prevention:codes"), {}).status_code == 403
    client.force_login(cast.sup_b)
    assert "Kode Banjar" not in client.get(reverse("prevention:codes")).content.decode()


def test_it_revokes_a_code_with_an_audit_record(cast, client):
    code, plain = issue_code(cast.ppk_a, cast.agency_a, national_text())
    client.force_login(cast.ppk_a)
    response = client.post(reverse("prevention:code_revoke", args=[code.pk]))
    assert response.status_code == 302
    code.refresh_from_db()
    assert code.revoked_at is not None and code.revoked_by == cast.ppk_a
    change = ObjectChange.objects.get(object_type="prevention.signingcode", action=ObjectChange.Action.UPDATE)
    assert change.user == cast.ppk_a
    assert change.prechange["revoked_at"] is None and change.postchange["revoked_at"]
    assert "dicabut" in client.get(reverse("prevention:codes")).content.decode()


def test_it_signs_with_the_agency_code(cast, client):
    code, plain = issue_code(cast.ppk_a, cast.agency_a, national_text())
    asn = make_asn(cast.agency_a, name="Yanti Kurniasih", identifier=nip("19880412", "201203", "2", 21))
    step1 = identify(client, asn.identifier, "1988-04-12", services.format_code(plain).lower())
    assert "Yanti Kurniasih" in step1.content.decode()
    token = step1.context["form"].initial["token"]
    response = client.post(reverse("prevention:sign"), {"step": "agree", "token": token, "agree": "on"})
    signature = PledgeSignature.objects.get(asn=asn)
    assert response.status_code == 302
    assert signature.signing_code == code
    assert signature.signature_hash == services.signature_hash(asn.identifier, code.text.sha256, signature.signed_at)


def _refused(client, asn, birth: str, plain: str) -> str:
    response = identify(client, asn.identifier, birth, plain)
    assert response.status_code == 200
    assert "token" not in response.context["form"].initial
    assert not PledgeSignature.objects.exists()
    return code_error(response)


def test_it_refuses_a_wrong_code(cast, client):
    code, plain = issue_code(cast.ppk_a, cast.agency_a, national_text())
    asn = make_asn(cast.agency_a, identifier=nip("19880412", "201203", "2", 22))
    wrong = "ABCDEFGH" if plain != "ABCDEFGH" else "HGFEDCBA"
    assert GENERIC in _refused(client, asn, "1988-04-12", wrong)
    assert "8 huruf" in _refused(client, asn, "1988-04-12", "ABC")
    assert "8 huruf" in _refused(client, asn, "1988-04-12", "ABCDEFG0")  # 0 is not in the alphabet


def test_it_requires_a_code(cast, client):
    national_text()
    asn = make_asn(cast.agency_a, identifier=nip("19880412", "201203", "2", 23))
    assert "Masukkan kode" in _refused(client, asn, "1988-04-12", "")


def test_it_refuses_a_code_of_another_agency_like_an_unknown_nip(cast, client):
    text = national_text()
    foreign, foreign_plain = issue_code(cast.ppk_b, cast.agency_b, text)
    asn = make_asn(cast.agency_a, identifier=nip("19880412", "201203", "2", 24))
    message = _refused(client, asn, "1988-04-12", foreign_plain)
    # Same words for a NIP that does not exist: the page says nothing about the registry.
    unknown = identify(client, "198804122012032099", "1988-04-12", foreign_plain)
    assert code_error(unknown) == message
    assert GENERIC in message
    foreign.refresh_from_db()
    assert foreign.failures == 2 and foreign.last_failure_at is not None


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ("revoke", "sudah dicabut"),
        ("expire", "sudah habis"),
        ("future", "belum berlaku"),
    ],
)
def test_it_refuses_revoked_expired_and_future_codes(cast, client, change, fragment):
    today = timezone.localdate()
    code, plain = issue_code(cast.ppk_a, cast.agency_a, national_text())
    if change == "revoke":
        with acting(cast.ppk_a):
            services.revoke_signing_code(cast.ppk_a, code)
    elif change == "expire":
        SigningCode.objects.filter(pk=code.pk).update(
            valid_from=today - datetime.timedelta(days=10), valid_until=today - datetime.timedelta(days=1)
        )
    else:
        SigningCode.objects.filter(pk=code.pk).update(valid_from=today + datetime.timedelta(days=1))
    asn = make_asn(cast.agency_a, identifier=nip("19880412", "201203", "2", 25))
    assert fragment in _refused(client, asn, "1988-04-12", plain)
    code.refresh_from_db()
    assert code.failures == 1


def test_it_honours_the_units_of_a_code(cast, client):
    unit = Unit.objects.get(agency=cast.agency_a, name="Dinas Pendidikan")
    other = Unit.objects.create(agency=cast.agency_a, name="Dinas Kesehatan")
    code, plain = issue_code(cast.ppk_a, cast.agency_a, national_text(), units=[unit])
    outside = make_asn(cast.agency_a, identifier=nip("19880412", "201203", "2", 26), unit=other)
    assert GENERIC in _refused(client, outside, "1988-04-12", plain)
    inside = make_asn(cast.agency_a, identifier=nip("19880412", "201203", "2", 27), unit=unit)
    assert identify(client, inside.identifier, "1988-04-12", plain).context["form"].initial["token"]


def test_it_refuses_a_code_revoked_while_the_signer_reads(cast, client):
    code, plain = issue_code(cast.ppk_a, cast.agency_a, national_text())
    asn = make_asn(cast.agency_a, identifier=nip("19880412", "201203", "2", 28))
    token = identify(client, asn.identifier, "1988-04-12", plain).context["form"].initial["token"]
    with acting(cast.ppk_a):
        services.revoke_signing_code(cast.ppk_a, code)
    response = client.post(reverse("prevention:sign"), {"step": "agree", "token": token, "agree": "on"})
    assert response.status_code == 302 and response["Location"] == reverse("prevention:sign")
    assert not PledgeSignature.objects.exists()


def test_it_signs_without_a_code_when_the_setting_is_off(cast, client, settings):
    settings.PLEDGE_REQUIRE_CODE = False
    national_text()
    asn = make_asn(cast.agency_a, identifier=nip("19880412", "201203", "2", 29))
    page = client.get(reverse("prevention:sign"))
    assert "kind" in page.context["form"].fields
    step1 = identify(client, asn.identifier, "1988-04-12", "")
    token = step1.context["form"].initial["token"]
    client.post(reverse("prevention:sign"), {"step": "agree", "token": token, "agree": "on"})
    assert PledgeSignature.objects.get(asn=asn).signing_code is None
    # A code typed anyway is still checked.
    other = make_asn(cast.agency_a, identifier=nip("19880412", "201203", "2", 30))
    assert GENERIC in code_error(identify(client, other.identifier, "1988-04-12", "ABCDEFGH"))


def test_it_flags_a_code_with_many_failures(cast, client, settings):
    settings.PLEDGE_CODE_FAILURE_FLAG = 2
    code, plain = issue_code(cast.ppk_a, cast.agency_a, national_text(), label="Kode bocor")
    for serial in (31, 32):
        stranger = make_asn(cast.agency_b, identifier=nip("19880412", "201203", "2", serial))
        identify(client, stranger.identifier, "1988-04-12", plain)
    client.force_login(cast.ppk_a)
    page = client.get(reverse("prevention:codes")).content.decode()
    assert 'class="badge overdue flagged"' in page
    index = client.get(reverse("prevention:index")).content.decode()
    assert 'id="flagged-codes"' in index


def test_it_refuses_a_code_the_service_was_not_given_for(cast):
    text = national_text()
    code, _ = issue_code(cast.ppk_b, cast.agency_b, text)
    asn = make_asn(cast.agency_a, identifier=nip("19880412", "201203", "2", 33))
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.sign_pledge(asn, text, election=pilkada(), code=code)
    assert not PledgeSignature.objects.exists()
