"""DATABASE_URL parsing: PostgreSQL gets the SSD planner cost unless the URL or env says otherwise."""

from __future__ import annotations

import pytest

from netral.settings import database_from_url


def test_it_sends_a_random_page_cost_for_postgresql(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PG_RANDOM_PAGE_COST", raising=False)
    db = database_from_url("postgres://u:p@db.example:5433/netral")
    assert db["OPTIONS"] == {"options": "-c random_page_cost=1.1"}
    assert (db["HOST"], db["PORT"], db["NAME"]) == ("db.example", "5433", "netral")


def test_it_keeps_options_given_in_the_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PG_RANDOM_PAGE_COST", raising=False)
    db = database_from_url("postgres://u@h/n?options=-c%20work_mem%3D64MB&sslmode=require")
    assert db["OPTIONS"] == {"options": "-c work_mem=64MB", "sslmode": "require"}


def test_it_can_leave_the_server_value(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PG_RANDOM_PAGE_COST", "")
    assert database_from_url("postgres://u@h/n")["OPTIONS"] == {}
    monkeypatch.setenv("PG_RANDOM_PAGE_COST", "2")
    assert database_from_url("postgres://u@h/n")["OPTIONS"] == {"options": "-c random_page_cost=2.0"}


def test_it_refuses_a_cost_that_is_not_a_number(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setenv("PG_RANDOM_PAGE_COST", "fast")
    with pytest.raises(ImproperlyConfigured, match="PG_RANDOM_PAGE_COST"):
        database_from_url("postgres://u@h/n")


def test_sqlite_urls_keep_the_busy_timeout_and_immediate_transactions() -> None:
    db = database_from_url("sqlite:///srv/netral/db.sqlite3")
    assert db["NAME"] == "/srv/netral/db.sqlite3"
    assert db["OPTIONS"] == {"timeout": 20, "transaction_mode": "IMMEDIATE"}
