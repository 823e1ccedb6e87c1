"""Scoping: PPK officers manage their own agency only; supervisors read their region."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from netral.core.context import acting
from netral.prevention import services
from netral.prevention.models import Circular

pytestmark = pytest.mark.django_db

FORM = {
    "number": "800/45/BKPSDM/2024",
    "date": "2024-09-05",
    "subject": "Netralitas ASN pada Pemilihan 2024",
    "signer_name": "Ujang Permana",
    "signer_title": "Penjabat Wali Kota Banjar",
    "addressees": "Kepala perangkat daerah",
}


def _circular(user, agency, number="SE-1"):
    with acting(user):
        return services.create_circular(
            user,
            agency=agency,
            number=number,
            date=datetime.date(2024, 9, 5),
            subject="Netralitas",
            signer_name="Kepala",
            signer_title="Bupati",
        )


def test_it_lets_a_ppk_officer_record_a_circular_for_their_agency(cast, client):
    client.force_login(cast.ppk_a)
    response = client.post(reverse("prevention:circular_create"), {**FORM, "agency": cast.agency_a.pk})
    circular = Circular.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("prevention:circular_detail", args=[circular.pk])
    assert circular.agency == cast.agency_a
    assert circular.region_code == "32.79"
    assert circular.election.code == "pilkada2024"
    assert circular.stage.code == "penelitian-syarat"  # 5 Sep 2024
    from netral.core.models import ObjectChange

    assert ObjectChange.objects.filter(object_type="prevention.circular", user=cast.ppk_a).exists()


def test_it_refuses_another_agency(cast, client):
    client.force_login(cast.ppk_a)
    response = client.post(reverse("prevention:circular_create"), {**FORM, "agency": cast.agency_b.pk})
    assert response.status_code == 200
    assert "agency" in response.context["form"].errors
    assert not Circular.objects.exists()


def test_it_refuses_the_service_call_for_another_agency(cast):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        _circular(cast.ppk_a, cast.agency_b)
    assert not Circular.objects.exists()  # rolled back


def test_it_refuses_duplicate_numbers_at_the_field(cast, client):
    _circular(cast.ppk_a, cast.agency_a, number=FORM["number"])
    client.force_login(cast.ppk_a)
    response = client.post(reverse("prevention:circular_create"), {**FORM, "agency": cast.agency_a.pk})
    assert "sudah tercatat" in response.context["form"].errors["number"][0]


def test_it_hides_another_agencys_record(cast, client):
    circular = _circular(cast.ppk_a, cast.agency_a)
    url = reverse("prevention:circular_detail", args=[circular.pk])
    client.force_login(cast.ppk_b)
    assert client.get(url).status_code == 404
    assert client.post(url, {"form": "file"}).status_code == 404
    assert "SE-1" not in client.get(reverse("prevention:index")).content.decode()
    client.force_login(cast.ppk_a)
    assert client.get(url).status_code == 200
    assert "SE-1" in client.get(reverse("prevention:index")).content.decode()


def test_it_gives_supervisors_read_only_access_in_their_region(cast, client):
    circular = _circular(cast.ppk_a, cast.agency_a)
    url = reverse("prevention:circular_detail", args=[circular.pk])
    for user in (cast.sup_a, cast.sup_prov, cast.sup_ri, cast.bkn):
        client.force_login(user)
        page = client.get(url)
        assert page.status_code == 200, user
        assert page.context["writable"] is False
        assert client.post(url, {"form": "file"}).status_code == 404
        assert client.get(reverse("prevention:circular_create")).status_code == 403
    client.force_login(cast.sup_other)
    assert client.get(url).status_code == 404


def test_it_sends_anonymous_officers_to_login(client):
    assert client.get(reverse("prevention:index")).status_code == 302
    assert client.get(reverse("prevention:coverage")).status_code == 302


def test_it_lets_only_admins_publish_national_texts(cast, client):
    client.force_login(cast.ppk_a)
    body = {"kind": "ikrar", "title": "Ikrar", "body": "Isi naskah.", "effective_from": "2024-09-01"}
    response = client.post(reverse("prevention:text_create"), body)
    assert "agency" in response.context["form"].errors
    response = client.post(reverse("prevention:text_create"), {**body, "agency": cast.agency_a.pk})
    assert response.status_code == 302
    client.force_login(cast.admin)
    assert client.post(reverse("prevention:text_create"), body).status_code == 302
    from netral.prevention.models import PledgeText

    assert {(t.agency_id, t.version) for t in PledgeText.objects.all()} == {(cast.agency_a.pk, 1), (None, 1)}


def test_it_renders_every_page_for_every_role(cast, client):
    """No role meets a 500: index, coverage, details, venues, forms."""
    from netral.prevention.tests.helpers import make_asn, national_text

    national_text()
    make_asn(cast.agency_a)
    circular = _circular(cast.ppk_a, cast.agency_a)
    with acting(cast.ppk_a):
        event = services.create_event(
            cast.ppk_a,
            agency=cast.agency_a,
            kind="ikrar",
            title="Apel",
            date=datetime.date(2024, 9, 24),
            place="Aula",
            participants_count=10,
        )
        activity = services.create_activity(
            cast.ppk_a, agency=cast.agency_a, kind="deklarasi", title="Deklarasi", date=datetime.date(2024, 9, 2)
        )
        decree = services.create_decree(
            cast.ppk_a,
            agency=cast.agency_a,
            number="K-1",
            date=datetime.date(2024, 9, 1),
            title="Keputusan",
            period_start=datetime.date(2024, 9, 25),
            period_end=datetime.date(2024, 11, 23),
        )
    assert event.text is not None and event.text.version == 1
    urls = [
        reverse("prevention:index"),
        reverse("prevention:coverage"),
        reverse("prevention:coverage") + "?level=provinsi&election=pilkada2020",
        reverse("prevention:coverage") + f"?instansi={cast.agency_a.code}",
        reverse("prevention:circular_detail", args=[circular.pk]),
        reverse("prevention:event_detail", args=[event.pk]),
        reverse("prevention:activity_detail", args=[activity.pk]),
        reverse("prevention:decree_detail", args=[decree.pk]),
        reverse("prevention:venues", args=["32.79"]) + "?place=Alun-alun&date=2024-10-01",
    ]
    for user in (
        cast.admin,
        cast.sup_ri,
        cast.sup_prov,
        cast.sup_a,
        cast.panwascam_a,
        cast.bkn,
        cast.ppk_a,
        cast.analyst_a,
    ):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code in (200, 404), (user, url)
        assert client.get(urls[0]).status_code == 200
    client.force_login(cast.ppk_a)
    for name in ("circular_create", "event_create", "activity_create", "decree_create", "text_create"):
        assert client.get(reverse(f"prevention:{name}")).status_code == 200
    for url in (reverse("prevention:sign"), reverse("prevention:verify")):
        client.logout()
        assert client.get(url).status_code == 200
