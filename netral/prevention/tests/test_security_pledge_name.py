"""Finding 13 of the security probe: pledge signing disclosed an ASN's full name too early.

The NIP encodes the birth date, so "NIP + birth date" proves nothing; without a signing code
(``PLEDGE_REQUIRE_CODE`` off) step 1 answered any NIP with the holder's full name, and an
already-signed NIP with that person's certificate. The registry's own birth date was never
compared. A name is now shown only once the code and the NIP are both verified and the birth
date confirmed against the registry; the remaining risk (a colleague who has the shared code and
the NIP) is written down in docs/prevention.md.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from netral.prevention.models import PledgeSignature
from netral.prevention.tests.helpers import issue_code, make_asn, national_text, nip

pytestmark = pytest.mark.django_db
NAME = "Dewi Kartikasari"


def identify(client: Any, identifier: str, birth_date: str, code: str = "", kind: str = "ikrar") -> Any:
    return client.post(
        reverse("prevention:sign"),
        {"step": "identify", "identifier": identifier, "birth_date": birth_date, "signing_code": code, "kind": kind},
    )


def agree(client: Any, response: Any) -> Any:
    token = response.context["form"].initial["token"]
    return client.post(reverse("prevention:sign"), {"step": "agree", "token": token, "agree": "on"})


@pytest.fixture
def text(db: None) -> Any:
    return national_text()


@pytest.fixture
def asn(cast: Any, text: Any) -> Any:
    return make_asn(cast.agency_a, name=NAME, identifier=nip("19860926", "201505", "2", 1))


def test_with_code_nip_and_birth_date_verified_the_name_is_shown(cast: Any, client: Any, asn: Any, text: Any) -> None:
    _, plain = issue_code(cast.ppk_a, cast.agency_a, text)
    response = identify(client, asn.identifier, "1986-09-26", plain)
    assert response.status_code == 200
    assert NAME in response.content.decode()


def test_a_birth_date_the_registry_does_not_confirm_discloses_nothing(
    cast: Any, client: Any, asn: Any, text: Any
) -> None:
    _, plain = issue_code(cast.ppk_a, cast.agency_a, text)
    asn.birth_date = datetime.date(1986, 9, 27)  # the registry's own record differs from the NIP's digits
    asn.save(update_fields=["birth_date"])
    response = identify(client, asn.identifier, "1986-09-26", plain)
    html = response.content.decode()
    assert NAME not in html and "Dewi" not in html
    assert "token" not in (getattr(response, "context", None) or {}).get("form", {}).initial  # type: ignore[union-attr]
    assert "tidak cocok" in html


def test_without_a_code_step_one_shows_no_name(cast: Any, client: Any, settings: Any, asn: Any) -> None:
    settings.PLEDGE_REQUIRE_CODE = False
    response = identify(client, asn.identifier, "1986-09-26")
    assert response.status_code == 200
    html = response.content.decode()
    assert NAME not in html and "Kartikasari" not in html
    assert "D*** K**********" in html  # initials only, so a signer still sees it is about them
    done = agree(client, response)
    assert done.status_code == 302
    assert PledgeSignature.objects.filter(asn=asn).exists()


def test_without_a_code_an_already_signed_nip_gets_no_certificate(
    cast: Any, client: Any, settings: Any, asn: Any
) -> None:
    settings.PLEDGE_REQUIRE_CODE = False
    agree(client, identify(client, asn.identifier, "1986-09-26"))
    signature = PledgeSignature.objects.get(asn=asn)
    other = type(client)()
    response = other.post(
        reverse("prevention:sign"),
        {"step": "identify", "identifier": asn.identifier, "birth_date": "1986-09-26", "kind": "ikrar"},
        follow=True,
    )
    html = response.content.decode()
    assert signature.token not in html and signature.signature_hash not in html
    assert NAME not in html
