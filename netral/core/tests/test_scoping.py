"""The one scoping mechanism: role × region × agency, on a real scoped model (Agency)."""

from typing import Any

import pytest
from django.http import Http404

from netral.agencies.models import Agency
from netral.core.scoping import can, get_scoped_or_404, region_prefix_q

pytestmark = pytest.mark.django_db


def visible(user: Any) -> set[str]:
    return set(Agency.objects.restrict(user).values_list("code", flat=True))


def test_it_scopes_regency_supervisor_to_their_regency(cast: Any) -> None:
    assert visible(cast.sup_a) == {"pemkot-banjar"}


def test_it_lets_province_supervisor_see_every_regency_below(cast: Any) -> None:
    assert visible(cast.sup_prov) == {"pemkot-banjar", "pemkab-purwakarta"}


def test_it_lets_bawaslu_ri_and_admin_see_everything(cast: Any) -> None:
    everything = set(Agency.objects.values_list("code", flat=True))
    assert visible(cast.sup_ri) == everything
    assert visible(cast.admin) == everything


def test_it_bounds_ppk_officer_to_their_agency(cast: Any) -> None:
    assert visible(cast.ppk_a) == {"pemkot-banjar"}


def test_it_shows_nothing_to_inactive_or_anonymous_users(cast: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert visible(cast.outsider) == set()
    assert visible(AnonymousUser()) == set()
    assert visible(None) == set()


def test_it_answers_404_for_another_regions_object(cast: Any) -> None:
    with pytest.raises(Http404):
        get_scoped_or_404(Agency.objects.all(), cast.sup_a, code="pemkab-banyuasin")
    assert get_scoped_or_404(Agency.objects.all(), cast.sup_other, code="pemkab-banyuasin").code == "pemkab-banyuasin"


def test_it_refuses_changes_by_read_only_analyst(cast: Any) -> None:
    assert can(cast.analyst_a, cast.agency_a, "view")
    assert not can(cast.analyst_a, cast.agency_a, "change")


def test_region_prefix_does_not_confuse_sibling_codes(cast: Any) -> None:
    # "32.7" must not match "32.79" (prefixes end at a dot), whatever form the backend uses.
    from netral.regions.models import Region

    codes = set(Region.objects.filter(region_prefix_q("code", "32.79")).values_list("code", flat=True))
    assert "32.79" in codes and "32.79.01" in codes
    assert all(c == "32.79" or c.startswith("32.79.") for c in codes)
    assert not Region.objects.filter(region_prefix_q("code", "32.7")).exists()
    assert (
        Region.objects.filter(region_prefix_q("code", "32")).count()
        == Region.objects.filter(code__startswith="32").count()
    )


def test_owner_rule_lets_the_uploader_see_their_own_rows_but_not_change_them(cast: Any) -> None:
    from netral.monitoring.models import Batch, Item

    batch = Batch.objects.create(uploaded_by=cast.analyst_a, source_kind="paste")
    item = Item.objects.create(batch=batch, text="teks tanpa wilayah", region_code="")
    assert Item.objects.restrict(cast.analyst_a).filter(pk=item.pk).exists()
    assert not Item.objects.restrict(cast.analyst_a, "change").filter(pk=item.pk).exists()
    # Another regional user does not see it; a national user does.
    assert not Item.objects.restrict(cast.sup_a).filter(pk=item.pk).exists()
    assert Item.objects.restrict(cast.sup_ri).filter(pk=item.pk).exists()
