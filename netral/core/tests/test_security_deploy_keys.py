"""Finding 11 of the security probe: an invalid ``FIELD_ENCRYPTION_KEYS`` passed ``check --deploy``.

The server then started and failed on every report page (Fernet refuses the key on first use).
``manage.py check --deploy`` now validates the encryption keys and the blind-index key itself.
"""

from __future__ import annotations

from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.core.checks import run_checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError

GOOD_BLIND = "k8Qm2vX9pL4rT7wZ1yB5nC3dF6gH0jS2"  # 32 characters


def _ids(**overrides: Any) -> set[str | None]:
    return {m.id for m in run_checks(include_deployment_checks=True) if (m.id or "").startswith("netral.")}


@pytest.fixture
def good(settings: Any) -> Any:
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), Fernet.generate_key().decode()]
    settings.BLIND_INDEX_KEY = GOOD_BLIND
    return settings


def test_valid_keys_pass(good: Any) -> None:
    assert _ids() == set()


@pytest.mark.parametrize(
    "keys",
    [
        ["not-a-fernet-key"],
        ["ZGV2LW9ubHktZmllbGQta2V5"],  # base64, but 18 bytes instead of 32
        [Fernet.generate_key().decode(), "second key is broken!"],
        [],
    ],
)
def test_an_invalid_encryption_key_fails_check_deploy(good: Any, keys: list[str]) -> None:
    good.FIELD_ENCRYPTION_KEYS = keys
    assert "netral.E001" in _ids()
    with pytest.raises(SystemCheckError, match="FIELD_ENCRYPTION_KEYS"):
        call_command("check", "--deploy", "--fail-level", "ERROR")


def test_the_development_keys_are_refused_for_deployment(good: Any) -> None:
    good.FIELD_ENCRYPTION_KEYS = ["ZGV2LW9ubHktZmllbGQta2V5LW5vdC1mb3ItcHJvZC0="]
    good.BLIND_INDEX_KEY = "dev-only-blind-index-key"
    assert {"netral.E002", "netral.E004"} <= _ids()


@pytest.mark.parametrize("blind", ["", "short", "ci-blind"])
def test_a_missing_or_weak_blind_index_key_fails(good: Any, blind: str) -> None:
    good.BLIND_INDEX_KEY = blind
    assert "netral.E003" in _ids()


def test_the_blind_index_key_must_not_be_an_encryption_key(good: Any) -> None:
    good.BLIND_INDEX_KEY = good.FIELD_ENCRYPTION_KEYS[0]
    assert "netral.E005" in _ids()
