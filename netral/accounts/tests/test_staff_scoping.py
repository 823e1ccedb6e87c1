"""Who manages whom: heads within their region or agency, administrators everywhere; 404 outside."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from netral.accounts import services
from netral.accounts.models import User
from netral.accounts.tests.helpers import client_for, head, invite_data
from netral.core.models import ObjectChange
from netral.regions.models import Region

pytestmark = pytest.mark.django_db


def test_a_bawaslu_head_of_kota_banjar_cannot_invite_into_purwakarta(cast: Any) -> None:
    c = client_for(head(cast.sup_a))
    purwakarta = Region.objects.get(code="32.14")
    response = c.post("/akun/staf/undang/", invite_data(region=purwakarta.pk))
    assert response.status_code == 200
    assert not User.objects.filter(email="baru@bawaslu.example").exists()
    assert not mail.outbox
    # the scoped list does not even offer it
    assert f'value="{purwakarta.pk}"' not in c.get("/akun/staf/undang/").content.decode()
    # and the service refuses it however it is called
    spec = services.check_spec(cast.sup_a, services.StaffSpec(email="x@y.example", region=purwakarta))
    assert "region" in spec.errors


def test_a_bawaslu_head_invites_a_panwascam_officer_of_their_own_city(
    cast: Any, django_capture_on_commit_callbacks: Any
) -> None:
    c = client_for(head(cast.sup_a))
    banjar = Region.objects.get(code="32.79")
    kecamatan = Region.objects.get(code="32.79.01")
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post("/akun/staf/undang/", invite_data(region=banjar.pk, kecamatan=kecamatan.pk))
    assert response.status_code == 302
    user = User.objects.get(email="baru@bawaslu.example")
    assert (user.role, user.region_code, user.supervisor_level) == ("supervisor", "32.79.01", "panwascam")
    assert not user.has_usable_password() and not user.is_head
    assert len(mail.outbox) == 1 and "/akun/undangan/" in mail.outbox[0].body
    entry = ObjectChange.objects.get(object_type="accounts.user", object_id=str(user.pk), action="invite")
    assert entry.user == cast.sup_a


def test_heads_are_appointed_only_below_ones_own_level(cast: Any) -> None:
    banjar, jabar = Region.objects.get(code="32.79"), Region.objects.get(code="32")
    regency_head, province_head = head(cast.sup_a), head(cast.sup_prov)
    same_level = services.StaffSpec(email="a@b.example", region=banjar, is_head=True)
    assert "is_head" in services.check_spec(regency_head, same_level).errors
    assert not services.check_spec(
        province_head, services.StaffSpec(email="c@b.example", region=banjar, is_head=True)
    ).errors
    assert (
        "is_head"
        in services.check_spec(
            province_head, services.StaffSpec(email="d@b.example", region=jabar, is_head=True)
        ).errors
    )


def test_a_head_never_manages_themself_or_a_head_of_their_level(cast: Any) -> None:
    province_head = head(cast.sup_prov)
    other_head = head(cast.sup_a)
    manageable = set(services.manageable(province_head))
    assert province_head not in manageable
    assert other_head in manageable  # a regency head is below the province
    assert cast.panwascam_a in manageable and cast.analyst_a in manageable
    assert cast.sup_other not in manageable  # another province
    assert cast.ppk_a not in manageable and cast.bkn not in manageable and cast.admin not in manageable
    assert set(services.manageable(other_head)) == {cast.panwascam_a, cast.analyst_a}


def test_a_bkpsdm_head_manages_the_ppk_officers_of_their_agency_only(cast: Any) -> None:
    boss = head(cast.ppk_a)
    colleague = User.objects.create_user("ppk_banjar_2", role="ppk", agency=cast.agency_a)
    assert set(services.manageable(boss)) == {colleague}
    spec = services.check_spec(boss, services.StaffSpec(email="p@q.example", role="ppk", agency=cast.agency_b))
    assert "agency" in spec.errors
    spec = services.check_spec(boss, services.StaffSpec(email="p@q.example", role="supervisor"))
    assert "role" in spec.errors


@pytest.mark.parametrize("who", ["sup_b", "ppk_b", "bkn", "analyst_a"])
def test_the_staff_area_is_404_for_non_heads_and_for_other_regions_accounts(cast: Any, who: str) -> None:
    c = client_for(getattr(cast, who))
    assert c.get("/akun/staf/").status_code == 404
    assert c.get("/akun/staf/undang/").status_code == 404
    assert c.get(f"/akun/staf/{cast.panwascam_a.pk}/").status_code == 404


def test_a_head_cannot_act_on_an_account_outside_their_scope(cast: Any) -> None:
    c = client_for(head(cast.sup_a))
    response = c.post(f"/akun/staf/{cast.sup_b.pk}/aksi/", {"action": "deactivate"})
    assert response.status_code == 404
    cast.sup_b.refresh_from_db()
    assert cast.sup_b.is_active


def test_deactivation_signs_the_account_out_everywhere_and_is_audited(cast: Any) -> None:
    officer = client_for(cast.panwascam_a)
    assert officer.get("/akun/saya/").status_code == 200
    manager = client_for(head(cast.sup_a))
    assert manager.post(f"/akun/staf/{cast.panwascam_a.pk}/aksi/", {"action": "deactivate"}).status_code == 302
    cast.panwascam_a.refresh_from_db()
    assert not cast.panwascam_a.is_active
    assert officer.get("/akun/saya/").status_code == 302  # the session is gone
    entry = ObjectChange.objects.get(object_id=str(cast.panwascam_a.pk), action="deactivate")
    assert entry.prechange["is_active"] is True and entry.postchange["is_active"] is False
    assert entry.prechange["password"] == "***"


def test_a_change_of_role_region_is_audited_with_before_and_after(cast: Any) -> None:
    c = client_for(head(cast.sup_a))
    banjar = Region.objects.get(code="32.79")
    data = invite_data(email=cast.analyst_a.email, role="supervisor", region=banjar.pk)
    data.pop("username")
    response = c.post(f"/akun/staf/{cast.analyst_a.pk}/", data)
    assert response.status_code == 302, response.content
    cast.analyst_a.refresh_from_db()
    assert cast.analyst_a.role == "supervisor" and cast.analyst_a.supervisor_level == "kabkota"
    entry = ObjectChange.objects.get(object_id=str(cast.analyst_a.pk), action="update")
    assert entry.prechange["role"] == "analyst" and entry.postchange["role"] == "supervisor"


def test_the_kecamatan_options_follow_the_chosen_regency_within_scope(cast: Any) -> None:
    admin = client_for(cast.admin)
    purwakarta = Region.objects.get(code="32.14")
    html = admin.get("/akun/staf/kecamatan/", {"region": purwakarta.pk}).content.decode()
    assert "32.14.01" in html and "32.79.01" not in html
    banjar_head = client_for(head(cast.sup_a))
    html = banjar_head.get("/akun/staf/kecamatan/", {"region": purwakarta.pk}).content.decode()
    assert "32.14.01" not in html
