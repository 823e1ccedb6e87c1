"""The blank public form's widgets are rendered once and kept (``forms.CachedWidgetBoundField``);
what is per visitor (CSRF token, ``client_token``) is not, each language has its own copy, and
a change to what the selects list shows on the next page (issue 10 part 3)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from netral.regions import calendar
from netral.regions.models import Region
from netral.reports.forms import PublicReportForm
from netral.reports.tests.conftest import post_data
from netral.testing import make_agency

pytestmark = pytest.mark.django_db

FORM = "/laporan/baru/"


def _value(page: bytes, name: str) -> str:
    found = re.search(rb'name="' + name.encode() + rb'" value="([^"]+)"', page)
    assert found is not None, name
    return found.group(1).decode()


def test_two_visitors_get_their_own_csrf_and_form_tokens_from_the_cached_page() -> None:
    first, second = Client(), Client()
    a, b = first.get(FORM), second.get(FORM)
    assert a.status_code == b.status_code == 200
    assert _value(a.content, "csrfmiddlewaretoken") != _value(b.content, "csrfmiddlewaretoken")
    assert _value(a.content, "client_token") != _value(b.content, "client_token")
    assert _value(first.get(FORM).content, "client_token") != _value(a.content, "client_token")


def test_the_second_blank_form_costs_no_query_for_its_choices(django_assert_max_num_queries: object) -> None:
    client = Client()
    assert client.get(FORM).status_code == 200  # fills the process cache
    with django_assert_max_num_queries(1):  # type: ignore[operator]
        page = client.get(FORM)
    assert page.status_code == 200
    assert b"Jawa Barat" in page.content  # the province list is there, from the cache


def _visitor(language: str) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def test_each_language_keeps_its_own_copy() -> None:
    indonesian = _visitor("id").get(FORM).content.decode()
    english = _visitor("en").get(FORM).content.decode()
    again = _visitor("id").get(FORM).content.decode()
    assert "— pilih provinsi —" in indonesian and "— pilih provinsi —" in again
    assert "— choose a province —" in english and "— pilih provinsi —" not in english


def test_a_new_agency_shows_on_the_next_blank_form() -> None:
    client = Client()
    assert "Badan Uji Cache" not in client.get(FORM).content.decode()
    make_agency("badan-uji-cache", None, "Badan Uji Cache")
    assert "Badan Uji Cache" in client.get(FORM).content.decode()


def test_a_renamed_province_shows_on_the_next_blank_form() -> None:
    client = Client()
    client.get(FORM)
    province = Region.objects.get(code="32")
    province.name = "Jawa Barat Baru"
    province.save()
    assert "Jawa Barat Baru" in client.get(FORM).content.decode()


def test_a_bound_form_is_never_served_from_the_cache() -> None:
    Client().get(FORM)  # the blank widgets are cached
    province = Region.objects.get(code="32")
    form = PublicReportForm({**post_data(), "province": str(province.pk), "subject_name": "Nama Ketik"})
    html = str(form["subject_name"]) + str(form["province"])
    assert 'value="Nama Ketik"' in html
    assert f'<option value="{province.pk}" selected>' in html


def test_places_come_from_the_cache_and_a_wrong_pair_is_still_refused() -> None:
    """The cached lookup answers only what the field's queryset would: a regency of another
    province is refused as before."""
    calendar.forget_reference()
    jabar = Region.objects.get(code="32")
    other = Region.objects.filter(level=2).exclude(parent=jabar).first()
    assert other is not None
    form = PublicReportForm({**post_data(), "province": str(jabar.pk), "region": str(other.pk)})
    assert not form.is_valid()
    assert "region" in form.errors
    good = Region.objects.get(code="32.79")
    form = PublicReportForm({**post_data(), "province": str(jabar.pk), "region": str(good.pk)})
    with CaptureQueriesContext(connection) as queries:
        form.is_valid()
    assert form.cleaned_data["region"] == good and form.cleaned_data["province"] == jabar
    assert not any("regions_region" in q["sql"] for q in queries), [q["sql"] for q in queries]
