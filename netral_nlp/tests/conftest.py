"""Shared fixtures: one loaded pipeline per test session (data files and model load once)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from netral_nlp import Analysis, analyze


@pytest.fixture(scope="session")
def id_pipeline() -> Callable[[str], Analysis]:
    """The analyser with its data already loaded (spaCy-style per-language fixture)."""
    analyze("ASN wajib netral pada Pilkada 2024 di Kabupaten Bandung.")
    return analyze
